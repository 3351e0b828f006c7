import { Badge, Breadcrumb, Button, Card, Empty, List, Skeleton, Space, Typography, theme } from 'antd';
import { useState } from 'react';
import { STATUS_LABELS } from '../../../../../src/domain/lifecycle/status.ts';
import { useI18n, type MessageKey } from '../../../lib/i18n.ts';
import { ASSET_KIND_LABELS, SUB_TYPE_LABELS } from '../../../lib/labels.ts';
import type { FacetBucket, SearchFacet, SearchResponse } from '../types.ts';

const SHOWN = 8;

/** Quote a value that has a space or a special character, so that it stays one term. */
function quoted(v: string): string {
  return /[\s():："“”]/.test(v) ? `"${v.replace(/"/g, '')}"` : v;
}

/** The query term a facet value stands for (the same the query language reads). */
export function facetTerm(facet: SearchFacet, b: FacetBucket): string {
  switch (facet) {
    case 'kind':
      return `kind:${b.value}`;
    case 'subType':
      return `type:${b.value}`;
    case 'status':
      return `status:${b.value}`;
    case 'ipcSection':
    case 'ipcClass':
    case 'ipcSubclass':
      return `ipc:${b.value}*`;
    case 'year':
      return `year:${b.value}`;
    case 'nice':
      return `nice:${b.value}`;
    case 'street':
      return `street:${b.value}`;
    case 'entity':
      return `applicant:${quoted(b.label ?? b.value)}`;
  }
}

/** The IPC level to offer: sections, then the classes and subclasses under the deepest `ipc:` term. */
function ipcLevel(terms: readonly string[]): { facet: SearchFacet; path: string[] } {
  let deepest = '';
  for (const t of terms) {
    const m = /^ipc[:：]([A-H](?:\d{1,2}[A-Z]?)?)\*?$/i.exec(t);
    if (m && m[1]!.length > deepest.length) deepest = m[1]!.toUpperCase();
  }
  const path = [deepest.slice(0, 1), deepest.slice(0, 3), deepest.slice(0, 4)].filter(
    (p, i, all) => p && all.indexOf(p) === i,
  );
  if (deepest.length >= 3) return { facet: 'ipcSubclass', path };
  if (deepest.length === 1) return { facet: 'ipcClass', path };
  return { facet: 'ipcSection', path };
}

function FacetList({
  facet,
  buckets,
  render,
  onPick,
  sortByValue,
}: {
  facet: SearchFacet;
  buckets: FacetBucket[];
  render: (b: FacetBucket) => string;
  onPick: (term: string) => void;
  sortByValue?: boolean;
}) {
  const { t, lang } = useI18n();
  const { token } = theme.useToken();
  const [all, setAll] = useState(false);
  const sorted = sortByValue ? [...buckets].sort((a, b) => b.value.localeCompare(a.value)) : buckets;
  const shown = all ? sorted : sorted.slice(0, SHOWN);
  if (buckets.length === 0)
    return <Typography.Text type="secondary">{t('search.facet.none')}</Typography.Text>;
  return (
    <>
      <List
        size="small"
        split={false}
        dataSource={shown}
        renderItem={(b) => {
          const term = facetTerm(facet, b);
          return (
            <List.Item
              style={{ padding: '3px 4px', cursor: 'pointer', borderRadius: 4 }}
              className="facet-value"
              data-testid={`facet-${facet}-${b.value}`}
              title={t('search.facet.addHint', { term })}
              role="button"
              tabIndex={0}
              onClick={() => onPick(term)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') onPick(term);
              }}
            >
              <Typography.Text ellipsis style={{ color: token.colorLink, flex: 1, minWidth: 0 }}>
                {render(b)}
              </Typography.Text>
              <Badge
                count={b.count.toLocaleString(lang)}
                color={token.colorFillSecondary}
                style={{ color: token.colorTextSecondary, boxShadow: 'none' }}
                overflowCount={Number.MAX_SAFE_INTEGER}
              />
            </List.Item>
          );
        }}
      />
      {buckets.length > SHOWN ? (
        <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setAll((v) => !v)}>
          {all ? t('search.facet.less') : `${t('search.facet.more')} (${buckets.length - SHOWN})`}
        </Button>
      ) : null}
    </>
  );
}

/** The facet cards on the left of the results: clicking a value narrows the query by its term. */
export function FacetPanel({
  data,
  loading,
  terms,
  onPick,
}: {
  data: SearchResponse['facets'] | undefined;
  loading: boolean;
  terms: readonly string[];
  onPick: (term: string) => void;
}) {
  const { t, code } = useI18n();
  if (!data)
    return (
      <Card size="small" title={t('search.facets')}>
        {loading ? (
          <Skeleton active paragraph={{ rows: 8 }} />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
        )}
      </Card>
    );
  const ipc = ipcLevel(terms);
  const card = (
    title: MessageKey,
    facet: SearchFacet,
    render: (b: FacetBucket) => string,
    sortByValue = false,
  ) => {
    const buckets = data[facet];
    if (!buckets || buckets.length === 0) return null;
    return (
      <Card key={facet} size="small" title={t(title)} data-testid={`facet-card-${facet}`}>
        <FacetList
          facet={facet}
          buckets={buckets}
          render={render}
          onPick={onPick}
          sortByValue={sortByValue}
        />
      </Card>
    );
  };
  const ipcBuckets = data[ipc.facet] ?? [];
  return (
    <Space
      direction="vertical"
      size={12}
      style={{ width: '100%', opacity: loading ? 0.6 : 1 }}
      data-testid="facet-panel"
    >
      {card('search.facet.kind', 'kind', (b) => code(ASSET_KIND_LABELS, b.value))}
      {card('search.facet.subType', 'subType', (b) => code(SUB_TYPE_LABELS, b.value))}
      {card('search.facet.status', 'status', (b) => code(STATUS_LABELS, b.value))}
      {ipcBuckets.length > 0 || ipc.path.length > 0 ? (
        <Card
          size="small"
          title={`${t('search.facet.ipc')} · ${t(`search.facet.${ipc.facet}` as MessageKey)}`}
          data-testid="facet-card-ipc"
        >
          {ipc.path.length > 0 ? (
            <Breadcrumb
              style={{ marginBottom: 6 }}
              items={ipc.path.map((p) => ({ title: <Typography.Text code>{p}</Typography.Text> }))}
            />
          ) : null}
          <FacetList facet={ipc.facet} buckets={ipcBuckets} render={(b) => b.value} onPick={onPick} />
        </Card>
      ) : null}
      {card('search.facet.year', 'year', (b) => b.value, true)}
      {card('search.facet.street', 'street', (b) => b.label ?? b.value)}
      {card('search.facet.entity', 'entity', (b) => b.label ?? b.value)}
      {card('search.facet.nice', 'nice', (b) => t('search.nice', { n: b.value }))}
    </Space>
  );
}
