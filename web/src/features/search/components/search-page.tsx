import { DownloadOutlined, FileExcelOutlined, FileSearchOutlined, StarOutlined } from '@ant-design/icons';
import { Button, Card, Col, Empty, List, Row, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { ErrorResult } from '../../../components/error-result.tsx';
import { ListFooter } from '../../../components/list-footer.tsx';
import { PageTitle } from '../../../components/page-title.tsx';
import { ApiError } from '../../../lib/api.ts';
import { useI18n, type MessageKey } from '../../../lib/i18n.ts';
import { useCursorList, type PageFetcher } from '../../../lib/use-cursor-list.ts';
import type { Asset } from '../../assets/types.ts';
import { exportUrl } from '../api/saved-searches.ts';
import { searchAssets } from '../api/search-assets.ts';
import { EXPORT_CAP, SEARCH_FACETS, SEARCH_SORTS, type SearchResponse } from '../types.ts';
import { FacetPanel } from './facet-panel.tsx';
import { QueryBox } from './query-box.tsx';
import { ExampleChips, QueryErrorView, QueryHelp } from './query-help.tsx';
import { SaveSearchModal } from './save-search-modal.tsx';
import { activeTerms, addTerm, errorPosition, positiveWords, removeTerm } from './query-text.ts';
import { HitDrawer, SearchHit } from './search-hits.tsx';

const PAGE_SIZE = 20;

/** The parse error of the query, when the server refused it as one. */
function queryProblem(e: unknown): { reason: string; position: number | null } | null {
  if (!(e instanceof ApiError) || e.status !== 400) return null;
  const onQ = e.errors.find((f) => f.field === 'q');
  if (!onQ && e.code !== 'BAD_QUERY') return null;
  return { reason: e.message, position: errorPosition(onQ?.reason, e.message) };
}

/** The search page; `publicView`: the page of the public (no login): no saving, no links to registry pages. */
export function SearchPage({ publicView = false }: { publicView?: boolean }) {
  const { t, lang } = useI18n();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const sort = params.get('sort') ?? 'relevance';
  const [draft, setDraft] = useState(q);
  const [shownQ, setShownQ] = useState(q);
  // the URL is the truth: a facet click or back/forward puts its query in the box
  if (shownQ !== q) {
    setShownQ(q);
    setDraft(q);
  }
  const [facets, setFacets] = useState<SearchResponse['facets']>();
  const [open, setOpen] = useState<Asset | null>(null);
  const [saving, setSaving] = useState<{ query: string } | null>(null);

  const fetchPage: PageFetcher<Asset> = async (cursor, limit, signal) => {
    if (!q.trim()) {
      setFacets(undefined);
      return { items: [], total: 0, nextCursor: null };
    }
    const r = await searchAssets(
      { q, sort, cursor, limit, facets: cursor ? ['kind'] : SEARCH_FACETS },
      signal,
    );
    if (!cursor) setFacets(r.facets);
    return r;
  };
  const list = useCursorList(fetchPage, JSON.stringify({ q, sort }), PAGE_SIZE);
  const problem = queryProblem(list.error);
  const terms = activeTerms(q);
  const words = positiveWords(q);

  const set = (changes: { q?: string; sort?: string }) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v && !(k === 'sort' && v === 'relevance')) next.set(k, v);
      else next.delete(k);
    }
    setParams(next);
  };
  const run = (text: string) => set({ q: text.trim() });

  const hasQuery = q.trim() !== '';
  const ready = hasQuery && !list.error;

  let results;
  if (!hasQuery)
    results = (
      <Empty
        image={<FileSearchOutlined style={{ fontSize: 56, color: '#bfbfbf' }} />}
        description={t('search.start')}
        style={{ padding: '48px 0' }}
        data-testid="search-start"
      >
        <ExampleChips onPick={run} />
      </Empty>
    );
  else if (problem) results = null;
  else if (list.error && list.items.length === 0)
    results = <ErrorResult error={list.error} onRetry={list.reload} />;
  else if (!list.loading && list.items.length === 0)
    results = (
      <Empty
        description={
          <>
            <div>{t('search.noHits', { q })}</div>
            <Typography.Text type="secondary">{t('search.noHitsHint')}</Typography.Text>
          </>
        }
        style={{ padding: '48px 0' }}
        data-testid="search-empty"
      />
    );
  else
    results = (
      <>
        <List
          loading={list.loading}
          dataSource={list.items}
          rowKey="id"
          renderItem={(a) => <SearchHit asset={a} words={words} onOpen={() => setOpen(a)} />}
        />
        <ListFooter
          loaded={list.items.length}
          total={list.total}
          hasMore={list.hasMore}
          loading={list.loadingMore}
          onMore={list.loadMore}
        />
      </>
    );

  return (
    <>
      <PageTitle
        title={publicView ? t('savedSearch.public.title') : t('search.title')}
        sub={publicView ? t('savedSearch.public.sub') : t('search.sub')}
        extra={
          <>
            {publicView ? null : (
              <Button
                icon={<StarOutlined />}
                onClick={() => setSaving({ query: q })}
                disabled={!ready}
                data-testid="save-search"
              >
                {t('savedSearch.save')}
              </Button>
            )}
            {(['csv', 'xlsx'] as const).map((format) => (
              <Button
                key={format}
                icon={format === 'csv' ? <DownloadOutlined /> : <FileExcelOutlined />}
                href={exportUrl(q, sort, format)}
                disabled={!ready || list.loading || list.total === 0}
                title={t('savedSearch.export.limit', { n: EXPORT_CAP.toLocaleString(lang) })}
                data-testid={`export-${format}`}
              >
                {t(format === 'csv' ? 'savedSearch.export.csv' : 'savedSearch.export.xlsx')}
              </Button>
            ))}
          </>
        }
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <QueryBox
          value={draft}
          onChange={setDraft}
          onSearch={run}
          loading={hasQuery && list.loading}
          error={!!problem}
        />
        {problem ? (
          <div style={{ marginTop: 8 }}>
            <QueryErrorView query={q} reason={problem.reason} position={problem.position} />
          </div>
        ) : null}
        {hasQuery ? (
          <div style={{ marginTop: 8 }}>
            <ExampleChips onPick={run} />
          </div>
        ) : null}
        <QueryHelp />
        {terms.length > 0 ? (
          <Space size={[4, 4]} wrap data-testid="active-terms">
            <Typography.Text type="secondary">{t('search.activeTerms')}</Typography.Text>
            {terms.map((term) => (
              <Tag
                key={term}
                color="geekblue"
                closable
                onClose={(e) => {
                  e.preventDefault();
                  run(removeTerm(q, term));
                }}
              >
                {term}
              </Tag>
            ))}
            <Button
              type="link"
              size="small"
              onClick={() => run(terms.reduce((acc, term) => removeTerm(acc, term), q))}
            >
              {t('search.clearTerms')}
            </Button>
          </Space>
        ) : null}
      </Card>
      {problem ? null : (
        <Row gutter={16}>
          <Col xs={24} lg={7} xl={6} style={{ marginBottom: 16 }}>
            <FacetPanel
              data={hasQuery && !problem ? facets : undefined}
              loading={hasQuery && list.loading}
              terms={terms}
              onPick={(term) => run(addTerm(q, term))}
            />
          </Col>
          <Col xs={24} lg={17} xl={18}>
            <Card
              size="small"
              styles={{ body: { padding: 0 } }}
              title={
                ready && !list.loading ? (
                  <span data-testid="search-total">
                    {t('search.total', { total: list.total.toLocaleString(lang) })}
                  </span>
                ) : hasQuery && list.loading ? (
                  t('common.loading')
                ) : (
                  t('search.title')
                )
              }
              extra={
                <Space>
                  <Typography.Text type="secondary">{t('search.sort')}</Typography.Text>
                  <Select
                    size="small"
                    style={{ width: 170 }}
                    value={sort}
                    onChange={(v: string) => set({ sort: v })}
                    options={SEARCH_SORTS.map((s) => ({
                      value: s,
                      label: t(`search.sort.${s}` as MessageKey),
                    }))}
                    data-testid="search-sort"
                  />
                </Space>
              }
            >
              {results}
            </Card>
          </Col>
        </Row>
      )}
      <HitDrawer asset={open} words={words} onClose={() => setOpen(null)} publicView={publicView} />
      <SaveSearchModal target={saving} onClose={() => setSaving(null)} onSaved={() => setSaving(null)} />
    </>
  );
}
