import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import { Card, Col, Empty, Row, Skeleton, Statistic, Tooltip, Typography } from 'antd';
import { ErrorResult } from '../../../components/error-result.tsx';
import { useI18n } from '../../../lib/i18n.ts';
import { useAsync } from '../../../lib/use-async.ts';
import { fetchIndicators } from '../api/dashboard.ts';
import type { IndicatorValue } from '../types.ts';
import { echarts, ReactECharts } from './echarts.ts';

const iso = (d: Date) => d.toISOString().slice(0, 10);

/** Today, the same day a year ago, and the last four year ends: the points of each card's trend. */
function cardDates(): { today: string; yearAgo: string; yearEnds: string[] } {
  const now = new Date();
  const y = now.getUTCFullYear();
  const ago = new Date(now);
  ago.setUTCFullYear(y - 1);
  return {
    today: iso(now),
    yearAgo: iso(ago),
    yearEnds: [y - 4, y - 3, y - 2, y - 1].map((v) => `${v}-12-31`),
  };
}

interface CardData {
  current: IndicatorValue;
  yearAgo: IndicatorValue | undefined;
  points: { at: string; value: number | null }[];
}

async function loadCards(
  region: string,
  street: string | undefined,
  signal: AbortSignal,
): Promise<CardData[]> {
  const d = cardDates();
  const dates = [...d.yearEnds, d.yearAgo, d.today];
  const all = await Promise.all(dates.map((at) => fetchIndicators(region, at, street, signal)));
  const current = all[all.length - 1]!.items;
  const byId = (i: number, id: string) => all[i]!.items.find((x) => x.id === id);
  return current.map((c) => ({
    current: c,
    yearAgo: byId(dates.length - 2, c.id),
    points: [
      ...d.yearEnds.map((at, i) => ({ at, value: byId(i, c.id)?.value ?? null })),
      { at: d.today, value: c.value },
    ],
  }));
}

function Sparkline({ points }: { points: CardData['points'] }) {
  return (
    <ReactECharts
      echarts={echarts}
      style={{ height: 48 }}
      option={{
        grid: { left: 2, right: 2, top: 4, bottom: 2 },
        xAxis: { type: 'category', show: false, data: points.map((p) => p.at) },
        yAxis: { type: 'value', show: false, scale: true },
        tooltip: { trigger: 'axis' },
        series: [
          {
            type: 'line',
            data: points.map((p) => p.value),
            smooth: true,
            symbolSize: 4,
            areaStyle: { opacity: 0.15 },
          },
        ],
      }}
    />
  );
}

/** Part A's indicators for the region (or the chosen street) with year-on-year change and a four-year trend. */
export function IndicatorCards({ region, street }: { region: string; street: string | undefined }) {
  const { t, lang } = useI18n();
  const s = useAsync((signal) => loadCards(region, street, signal), [region, street]);
  if (s.error) return <ErrorResult error={s.error} onRetry={s.reload} compact />;
  if (s.loading && !s.data)
    return (
      <Card size="small">
        <Skeleton active paragraph={{ rows: 3 }} />
      </Card>
    );
  if (!s.data?.length) return <Empty description={t('dash.empty')} />;
  return (
    <Row gutter={[12, 12]} data-testid="indicator-cards">
      {s.data.map(({ current: c, yearAgo, points }) => {
        const prev = yearAgo?.value ?? null;
        const yoy = c.value !== null && prev !== null && prev !== 0 ? ((c.value - prev) / prev) * 100 : null;
        return (
          <Col key={c.id} xs={24} sm={12} lg={8} xl={8} xxl={4}>
            <Card size="small" style={{ height: '100%' }} data-testid={`indicator-${c.id}`}>
              <Tooltip title={c.reason ?? c.denominatorSource ?? c.ruleVersion}>
                <Statistic
                  title={<Typography.Text ellipsis>{lang === 'zh-CN' ? c.nameZh : c.nameEn}</Typography.Text>}
                  value={c.value ?? '—'}
                  precision={c.value !== null && !Number.isInteger(c.value) ? 2 : 0}
                  suffix={<span style={{ fontSize: 12 }}>{c.unit}</span>}
                />
              </Tooltip>
              <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.55)' }}>
                {yoy === null ? (
                  t('dash.ind.noYoy')
                ) : (
                  <span style={{ color: yoy >= 0 ? '#389e0d' : '#cf1322' }}>
                    {yoy >= 0 ? <ArrowUpOutlined /> : <ArrowDownOutlined />} {t('dash.ind.yoy')}{' '}
                    {yoy.toFixed(1)}%
                  </span>
                )}
                {' · '}
                {c.numerator.toLocaleString(lang)}
                {c.denominator !== null ? ` / ${c.denominator.toLocaleString(lang)}` : ''}
              </div>
              <Sparkline points={points} />
            </Card>
          </Col>
        );
      })}
    </Row>
  );
}
