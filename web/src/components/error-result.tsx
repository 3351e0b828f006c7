import { Button, Result } from 'antd';
import { ApiError } from '../lib/api.ts';
import { useI18n } from '../lib/i18n.ts';

/** The designed error state of a page or panel: what failed, and a retry. */
export function ErrorResult({
  error,
  onRetry,
  compact,
}: {
  error: unknown;
  onRetry?: () => void;
  compact?: boolean;
}) {
  const { t } = useI18n();
  const api = error instanceof ApiError ? error : undefined;
  const status = api?.status === 404 ? '404' : api?.status === 403 ? '403' : 'error';
  const title =
    api?.status === 404
      ? t('common.notFound')
      : api?.status === 403
        ? t('common.forbidden')
        : api?.status === 0
          ? t('error.network')
          : api?.status === 401
            ? t('error.unauthenticated')
            : t('common.error');
  const detail = error instanceof Error ? error.message : String(error);
  return (
    <Result
      status={compact ? 'warning' : status}
      title={title}
      subTitle={detail}
      style={compact ? { padding: 16 } : undefined}
      extra={
        onRetry && api?.status !== 404 && api?.status !== 403 ? (
          <Button type="primary" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}
