import { AutoComplete, Input, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useI18n } from '../../../lib/i18n.ts';
import { suggest } from '../api/saved-searches.ts';
import type { Suggestion } from '../types.ts';

/** The word being typed at the end of the query, and the field it is for. */
export function suggestTarget(
  text: string,
): { field: 'applicant' | 'ipc'; prefix: string; head: string; explicit: boolean } | null {
  const m = /(^|\s)(?:(applicant|申请人|权利人|owner|ipc|分类号):)?("?)([^\s"():]*)$/i.exec(text);
  if (!m) return null;
  const name = (m[2] ?? '').toLowerCase();
  const word = m[4] ?? '';
  const head = text.slice(0, m.index + (m[1] ?? '').length);
  if (name === 'ipc' || name === '分类号')
    return word ? { field: 'ipc', prefix: word, head, explicit: true } : null;
  if (name) return word ? { field: 'applicant', prefix: word, head, explicit: true } : null;
  // a bare word: applicant names once it is two characters long (Chinese names) or three (Latin)
  if (/^\p{Script=Han}{2,}$/u.test(word) || /^[A-Za-z]{3,}$/.test(word))
    return { field: 'applicant', prefix: word, head, explicit: false };
  return null;
}

const DELAY_MS = 200;

/**
 * The search box with suggestions: after `applicant:` (or a bare Chinese word) the applicant names starting with
 * it, most rights first; after `ipc:` the IPC codes with their titles. Picking one puts the field term in the box.
 */
export function QueryBox({
  value,
  onChange,
  onSearch,
  loading,
  error,
}: {
  value: string;
  onChange: (v: string) => void;
  onSearch: (v: string) => void;
  loading: boolean;
  error: boolean;
}) {
  const { t } = useI18n();
  const [items, setItems] = useState<{ field: 'applicant' | 'ipc'; head: string; list: Suggestion[] } | null>(
    null,
  );

  useEffect(() => {
    const target = suggestTarget(value);
    if (!target) {
      setItems(null);
      return;
    }
    const ac = new AbortController();
    const timer = setTimeout(() => {
      suggest(target.field, target.prefix, ac.signal).then(
        (list) => setItems({ field: target.field, head: target.head, list }),
        () => setItems(null),
      );
    }, DELAY_MS);
    return () => {
      clearTimeout(timer);
      ac.abort();
    };
  }, [value]);

  const termOf = (field: 'applicant' | 'ipc', v: string) =>
    field === 'ipc' ? `ipc:${v}` : /[\s"()]/.test(v) ? `applicant:"${v}"` : `applicant:${v}`;
  const options =
    items && items.list.length
      ? [
          {
            label: (
              <span>
                {t(items.field === 'ipc' ? 'savedSearch.suggest.ipc' : 'savedSearch.suggest.applicant')}
                {items.field === 'ipc' ? (
                  <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 8 }}>
                    {t('savedSearch.suggest.ipcNote')}
                  </Typography.Text>
                ) : null}
              </span>
            ),
            options: items.list.map((s) => ({
              value: `${items.head}${termOf(items.field, s.value)} `,
              label: (
                <div style={{ display: 'flex', justifyContent: 'space-between', gap: 12 }}>
                  <span>
                    <b>{s.value}</b>
                    {s.label ? (
                      <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                        {s.label}
                      </Typography.Text>
                    ) : null}
                  </span>
                  {s.count !== undefined ? (
                    <Typography.Text type="secondary">
                      {t('savedSearch.suggest.assets', { n: s.count })}
                    </Typography.Text>
                  ) : null}
                </div>
              ),
            })),
          },
        ]
      : [];

  return (
    <AutoComplete
      value={value}
      options={options}
      onChange={(v: string) => onChange(v)}
      onSelect={(v: string) => onChange(v)}
      style={{ width: '100%' }}
      // Enter runs the search; a suggestion is taken by arrow keys + Enter or a click
      defaultActiveFirstOption={false}
      popupMatchSelectWidth
    >
      <Input.Search
        size="large"
        allowClear
        enterButton={t('common.search')}
        placeholder={t('search.placeholder')}
        onSearch={onSearch}
        loading={loading}
        status={error ? 'error' : undefined}
        data-testid="search-input"
      />
    </AutoComplete>
  );
}
