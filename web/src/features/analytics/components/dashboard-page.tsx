import { Col, Radio, Row, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { PageTitle } from '../../../components/page-title.tsx';
import { useSession } from '../../auth/session.tsx';
import { useI18n } from '../../../lib/i18n.ts';
import { SUB_TYPE_LABELS } from '../../../lib/labels.ts';
import { useAsync } from '../../../lib/use-async.ts';
import { fetchBreakdown, fetchStreets, fetchTrend } from '../api/dashboard.ts';
import {
  MEASURES,
  type BreakdownRow,
  type DashFilters,
  type Dim,
  type DrillTarget,
  type Measure,
} from '../types.ts';
import { ChartCard } from './chart-card.tsx';
import { FilterBar } from './filter-bar.tsx';
import { IndicatorCards } from './indicator-cards.tsx';
import { MapCard } from './map-card.tsx';
import { breakdownTable, hbarOption, treemapOption, trendOption, trendTable, vbarOption } from './options.ts';
import { RecordsDrawer } from './records-drawer.tsx';

const FILTER_KEYS = ['from', 'to', 'street', 'industry', 'kind'] as const;
const REGION = '310104';

/** Filters and measure live in the URL, so a view can be shared and the back button works. */
function useDashState() {
  const [params, setParams] = useSearchParams();
  const filters: DashFilters = {};
  for (const k of FILTER_KEYS) {
    const v = params.get(k);
    if (v) filters[k] = v;
  }
  const m = params.get('measure');
  const measure: Measure = (MEASURES as readonly string[]).includes(m ?? '') ? (m as Measure) : 'filings';
  const update = (f: DashFilters, nextMeasure: Measure) => {
    const next = new URLSearchParams();
    for (const k of FILTER_KEYS) if (f[k]) next.set(k, f[k]!);
    if (nextMeasure !== 'filings') next.set('measure', nextMeasure);
    setParams(next, { replace: true });
  };
  return {
    filters,
    measure,
    setFilters: (f: DashFilters) => update(f, measure),
    setMeasure: (x: Measure) => update(filters, x),
  };
}

function useBreakdown(filters: DashFilters, dim: Dim, measure: Measure, limit?: number) {
  const key = JSON.stringify(filters);
  return useAsync(
    (signal) => fetchBreakdown(filters, dim, measure, signal, limit),
    [key, dim, measure, limit],
  );
}

/** 数据分析看板: region overview, map, rankings, IPC / WIPO / industry breakdowns and the yearly trend. */
export function DashboardPage() {
  const { t, code } = useI18n();
  const { can } = useSession();
  const { filters, measure, setFilters, setMeasure } = useDashState();
  const [trendMeasure, setTrendMeasure] = useState<'filings' | 'grants'>('filings');
  const [target, setTarget] = useState<DrillTarget | null>(null);
  const key = JSON.stringify(filters);

  const streets = useAsync((signal) => fetchStreets(signal), []);
  const byStreet = useBreakdown(filters, 'street', measure);
  const byEntity = useBreakdown(filters, 'entity', measure, 20);
  const bySection = useBreakdown(filters, 'ipc_section', measure);
  const bySubclass = useBreakdown(filters, 'ipc_subclass', measure);
  const byWipo = useBreakdown(filters, 'wipo_field', measure);
  const byIndustry = useBreakdown(filters, 'industry', measure);
  const trend = useAsync((signal) => fetchTrend(filters, trendMeasure, signal), [key, trendMeasure]);

  const measureName = t(`dash.measure.${measure}`);
  const none = t('dash.none');
  const labels = useMemo(
    () => ({
      plain: (r: BreakdownRow) => r.label ?? r.key ?? none,
      coded: (r: BreakdownRow) => (r.key ? `${r.key} ${r.label ?? ''}`.trim() : none),
      wipo: (r: BreakdownRow) => (r.key ? `${r.key}. ${r.label ?? ''}` : none),
      subType: (s: string | null) => (s ? code(SUB_TYPE_LABELS, s) : none),
    }),
    [code, none],
  );
  const drill = (chart: string, dim: Dim, row: BreakdownRow, label: string) =>
    setTarget({ measure, dim, key: row.key, caption: `${chart} · ${label} · ${measureName} ${row.value}` });
  const clickRow =
    (
      chart: string,
      dim: Dim,
      rows: BreakdownRow[] | undefined,
      reversed: boolean,
      labelOf: (r: BreakdownRow) => string,
    ) =>
    (e: { dataIndex: number }) => {
      if (!rows) return;
      const row = rows[reversed ? rows.length - 1 - e.dataIndex : e.dataIndex];
      if (row) drill(chart, dim, row, labelOf(row));
    };
  const valueTitles = (first: string) => [first, t('dash.col.code'), measureName];
  /** A ranking as bars (horizontal, largest on top; or vertical), its table, and the drill-down of a bar. */
  const barCard = (c: {
    id: string;
    title: string;
    breakdown: ReturnType<typeof useBreakdown>;
    dim: Dim;
    horizontal: boolean;
    labelOf: (r: BreakdownRow) => string;
    column: string;
    height: number;
    note?: string;
  }) => {
    const rows = c.breakdown.data?.rows;
    return (
      <ChartCard
        id={c.id}
        title={c.title}
        option={rows ? (c.horizontal ? hbarOption : vbarOption)(rows, c.labelOf, measureName) : undefined}
        table={rows ? breakdownTable(rows, c.labelOf, valueTitles(c.column)) : undefined}
        loading={c.breakdown.loading}
        error={c.breakdown.error}
        onRetry={c.breakdown.reload}
        onClick={clickRow(c.title, c.dim, rows, c.horizontal, c.labelOf)}
        height={c.height}
        note={c.note}
      />
    );
  };
  const streetOfFilter = streets.data?.find((s) => s.code === filters.street)?.name;

  return (
    <div data-testid="dashboard">
      <PageTitle
        title={t('dash.title')}
        sub={
          <>
            {t('dash.subtitle')}
            {byStreet.data ? ` · ${t('dash.asOf', { at: byStreet.data.asOf })}` : ''}
          </>
        }
      />
      <Space direction="vertical" size={12} style={{ width: '100%' }}>
        <FilterBar
          filters={filters}
          measure={measure}
          streets={streets.data ?? []}
          onChange={setFilters}
          onMeasure={setMeasure}
        />
        <Typography.Text type="secondary" data-testid="dash-total">
          {t('dash.total', {
            scope: streetOfFilter ?? t('dash.region'),
            measure: measureName,
            n: byStreet.data ? byStreet.data.total.toLocaleString() : '…',
          })}
          {byStreet.data?.period === null ? ` ${t('dash.stockNote')}` : ''}
        </Typography.Text>
        {can('analytics:read') ? <IndicatorCards region={REGION} street={filters.street} /> : null}
        <MapCard
          streets={byStreet}
          measureName={measureName}
          labelOf={labels.plain}
          onDrill={(row) => drill(t('dash.chart.streets'), 'street', row, labels.plain(row))}
        />
        <Row gutter={[12, 12]}>
          <Col xs={24} xl={12}>
            <ChartCard
              id="trend"
              title={t('dash.chart.trend')}
              extra={
                <Radio.Group
                  size="small"
                  value={trendMeasure}
                  onChange={(e) => setTrendMeasure(e.target.value as 'filings' | 'grants')}
                  optionType="button"
                  options={[
                    { value: 'filings', label: t('dash.measure.filings') },
                    { value: 'grants', label: t('dash.measure.grants') },
                  ]}
                />
              }
              option={
                trend.data ? trendOption(trend.data.rows, labels.subType, t('dash.col.total')) : undefined
              }
              table={
                trend.data
                  ? trendTable(trend.data.rows, labels.subType, [
                      t('dash.col.year'),
                      t('dash.col.subType'),
                      t('dash.col.code'),
                      t(`dash.measure.${trendMeasure}`),
                    ])
                  : undefined
              }
              loading={trend.loading}
              error={trend.error}
              onRetry={trend.reload}
              onClick={(e) => {
                const d = e.data as { year?: number; subType?: string | null } | undefined;
                if (!d?.year) return;
                const sub = 'subType' in d ? d.subType : undefined;
                setTarget({
                  measure: trendMeasure,
                  dim: trendMeasure === 'filings' ? 'filing_year' : 'grant_year',
                  key: String(d.year),
                  ...(sub !== undefined ? { subType: sub } : {}),
                  caption: `${t('dash.chart.trend')} · ${d.year}${sub !== undefined ? ` · ${labels.subType(sub)}` : ''} · ${t(`dash.measure.${trendMeasure}`)}`,
                });
              }}
              height={440}
            />
          </Col>
          <Col xs={24} xl={12}>
            {barCard({
              id: 'entities',
              title: t('dash.chart.entities'),
              breakdown: byEntity,
              dim: 'entity',
              horizontal: true,
              labelOf: labels.plain,
              column: t('dash.col.entity'),
              height: 440,
            })}
          </Col>
          <Col xs={24} xl={12}>
            <ChartCard
              id="ipc"
              title={t('dash.chart.ipc')}
              option={
                bySection.data && bySubclass.data
                  ? treemapOption(bySection.data.rows, bySubclass.data.rows, measureName)
                  : undefined
              }
              table={
                bySubclass.data
                  ? breakdownTable(bySubclass.data.rows, labels.coded, valueTitles(t('dash.col.ipc')))
                  : undefined
              }
              loading={bySection.loading || bySubclass.loading}
              error={bySection.error ?? bySubclass.error}
              onRetry={() => {
                bySection.reload();
                bySubclass.reload();
              }}
              onClick={(e) => {
                const d = e.data as { key?: string; level?: Dim; value?: number } | undefined;
                if (!d?.key || !d.level) return;
                drill(t('dash.chart.ipc'), d.level, { key: d.key, label: null, value: d.value ?? 0 }, d.key);
              }}
              height={560}
              note={t('dash.ipcNote')}
            />
          </Col>
          <Col xs={24} xl={12}>
            {barCard({
              id: 'wipo',
              title: t('dash.chart.wipo'),
              breakdown: byWipo,
              dim: 'wipo_field',
              horizontal: true,
              labelOf: labels.wipo,
              column: t('dash.col.wipo'),
              height: 560,
              note: t('dash.wipoNote'),
            })}
          </Col>
          <Col xs={24}>
            {barCard({
              id: 'industries',
              title: t('dash.chart.industries'),
              breakdown: byIndustry,
              dim: 'industry',
              horizontal: false,
              labelOf: labels.coded,
              column: t('dash.col.industry'),
              height: 280,
            })}
          </Col>
        </Row>
      </Space>
      <RecordsDrawer filters={filters} target={target} onClose={() => setTarget(null)} />
    </div>
  );
}
