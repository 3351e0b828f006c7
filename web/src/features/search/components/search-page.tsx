import { DownloadOutlined, FileSearchOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Empty, Input, List, Row, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { STATUS_LABELS } from '../../../../../src/domain/lifecycle/status.ts';
import { ErrorResult } from '../../../components/error-result.tsx';
import { ListFooter } from '../../../components/list-footer.tsx';
import { PageTitle } from '../../../components/page-title.tsx';
import { ApiError } from '../../../lib/api.ts';
import { downloadText, stamp, toCsv } from '../../../lib/csv.ts';
import { fmtDate } from '../../../lib/format.ts';
import { useI18n, type MessageKey } from '../../../lib/i18n.ts';
import { ASSET_KIND_LABELS, SUB_TYPE_LABELS } from '../../../lib/labels.ts';
import { useCursorList, type PageFetcher } from '../../../lib/use-cursor-list.ts';
import { mainNumber } from '../../assets/components/asset-number.ts';
import type { Asset } from '../../assets/types.ts';
import { searchAssets } from '../api/search-assets.ts';
import { SEARCH_FACETS, SEARCH_SORTS, type SearchResponse } from '../types.ts';
import { FacetPanel } from './facet-panel.tsx';
import { ExampleChips, QueryErrorView, QueryHelp } from './query-help.tsx';
import { activeTerms, addTerm, errorPosition, positiveWords, removeTerm } from './query-text.ts';
import { HitDrawer, SearchHit } from './search-hits.tsx';

const PAGE_SIZE = 20;
const EXPORT_PAGE = 200;
const EXPORT_MAX = 10_000;

/** The parse error of the query, when the server refused it as one. */
function queryProblem(e: unknown): { reason: string; position: number | null } | null {
  if (!(e instanceof ApiError) || e.status !== 400) return null;
  const onQ = e.errors.find((f) => f.field === 'q');
  if (!onQ && e.code !== 'BAD_QUERY') return null;
  return { reason: e.message, position: errorPosition(onQ?.reason, e.message) };
}

export function SearchPage() {
  const { t, code, lang } = useI18n();
  const { message } = App.useApp();
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
  const [exporting, setExporting] = useState(false);

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

  const exportCsv = async () => {
    setExporting(true);
    const key = 'search-export';
    try {
      const rows: Asset[] = [];
      let cursor: string | undefined;
      let total = 0;
      for (;;) {
        const p = await searchAssets({ q, sort, cursor, limit: EXPORT_PAGE, facets: ['kind'] });
        total = Math.min(p.total, EXPORT_MAX);
        rows.push(...p.items.slice(0, EXPORT_MAX - rows.length));
        void message.loading({ key, content: t('common.exporting', { n: rows.length, total }), duration: 0 });
        if (!p.nextCursor || p.items.length === 0 || rows.length >= EXPORT_MAX) break;
        cursor = p.nextCursor;
      }
      const csv = toCsv(rows, [
        { title: t('common.id'), value: (a) => a.id },
        { title: t('asset.field.kind'), value: (a) => code(ASSET_KIND_LABELS, a.kind) },
        { title: t('asset.field.subType'), value: (a) => code(SUB_TYPE_LABELS, a.subType) },
        { title: t('asset.field.title'), value: (a) => a.title },
        { title: t('asset.field.number'), value: (a) => mainNumber(a) },
        { title: t('asset.field.applicationNumber'), value: (a) => a.applicationNumber },
        { title: t('asset.field.publicationNumber'), value: (a) => a.publicationNumber },
        { title: t('asset.field.registrationNumber'), value: (a) => a.registrationNumber },
        { title: t('asset.field.filingDate'), value: (a) => a.filingDate },
        { title: t('asset.field.publicationDate'), value: (a) => a.publicationDate },
        { title: t('asset.field.status'), value: (a) => code(STATUS_LABELS, a.status) },
        { title: t('asset.field.owners'), value: (a) => a.owners.map((o) => o.name).join('；') },
        { title: t('asset.field.ipc'), value: (a) => a.ipc.join(' ') },
        { title: t('asset.field.niceClasses'), value: (a) => a.niceClasses.join(' ') },
        { title: t('common.updatedAt'), value: (a) => fmtDate(a.updatedAt) },
      ]);
      downloadText(`ip-search-${stamp()}.csv`, csv);
      void message.success({ key, content: t('common.exported', { n: rows.length }) });
    } catch (e) {
      void message.error({ key, content: e instanceof Error ? e.message : String(e) });
    } finally {
      setExporting(false);
    }
  };

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
        title={t('search.title')}
        sub={t('search.sub')}
        extra={
          <Button
            icon={<DownloadOutlined />}
            onClick={() => void exportCsv()}
            loading={exporting}
            disabled={!ready || list.loading || list.total === 0}
            title={t('search.exportLimit', { n: EXPORT_MAX.toLocaleString(lang) })}
          >
            {t('common.export')}
          </Button>
        }
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Input.Search
          size="large"
          allowClear
          enterButton={t('common.search')}
          placeholder={t('search.placeholder')}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onSearch={run}
          loading={hasQuery && list.loading}
          status={problem ? 'error' : undefined}
          data-testid="search-input"
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
      <HitDrawer asset={open} words={words} onClose={() => setOpen(null)} />
    </>
  );
}
