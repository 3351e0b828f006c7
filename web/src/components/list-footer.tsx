import { Button, Typography } from 'antd';
import { useI18n } from '../lib/i18n.ts';

/** Below a cursor-paged table: how many of how many are loaded, and "load more". */
export function ListFooter(p: {
  loaded: number;
  total: number;
  hasMore: boolean;
  loading: boolean;
  onMore: () => void;
}) {
  const { t, lang } = useI18n();
  if (p.total === 0 || (p.total < 0 && p.loaded === 0)) return null;
  return (
    <div
      style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', padding: '12px 16px' }}
    >
      <Typography.Text type="secondary" data-testid="list-count">
        {p.total < 0
          ? t('common.loaded', { loaded: p.loaded.toLocaleString(lang) })
          : t('common.loadedOf', {
              loaded: p.loaded.toLocaleString(lang),
              total: p.total.toLocaleString(lang),
            })}
      </Typography.Text>
      {p.hasMore ? (
        <Button onClick={p.onMore} loading={p.loading}>
          {t('common.loadMore')}
        </Button>
      ) : null}
    </div>
  );
}
