import * as echarts from 'echarts';
import type { NavigationResult } from './navigation.service.ts';

/** The font family the SVG asks for; the PDF maps every SVG font to its embedded CJK font. */
export const CHART_FONT = 'WenQuanYi Micro Hei';
export const CHART_SIZE = { width: 495, height: 230 } as const;

const ALL = '全部申请人';
const REGION = '本区';

/**
 * ECharts draws label halos as a white stroke under the text (paint-order="stroke"); svg-to-pdfkit ignores
 * paint-order and would paint the halo over the glyphs, so the halo is dropped.
 */
export function withoutTextHalo(svg: string): string {
  return svg.replace(/<text\b[^>]*>/g, (tag) =>
    tag.includes('paint-order="stroke"')
      ? tag.replace(/ (stroke|stroke-width|paint-order|stroke-miterlimit)="[^"]*"/g, '')
      : tag,
  );
}

/** Render an ECharts option server-side to an SVG string (no DOM, no animation). */
export function renderChartSvg(option: echarts.EChartsCoreOption): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, ...CHART_SIZE });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: CHART_FONT, fontSize: 10 }, ...option });
    return withoutTextHalo(chart.renderToSVGString());
  } finally {
    chart.dispose();
  }
}

const grid = { left: 50, right: 20, top: 36, bottom: 30, containLabel: true };
const empty = (rows: unknown[]) =>
  rows.length === 0
    ? { title: { text: '无数据', left: 'center', top: 'middle', textStyle: { fontSize: 14 } } }
    : {};

export function trendChart(r: NavigationResult): string {
  const t = r.sections.trend;
  return renderChartSvg({
    ...empty(t),
    legend: { top: 0 },
    grid,
    xAxis: { type: 'category', data: t.map((x) => String(x.year)) },
    yAxis: { type: 'value', name: '件' },
    series: [
      { name: ALL, type: 'bar', data: t.map((x) => x.all) },
      { name: REGION, type: 'line', data: t.map((x) => x.region) },
    ],
  });
}

export function shareChart(r: NavigationResult): string {
  const { all, region } = r.sections.totals;
  return renderChartSvg({
    ...empty(all ? [1] : []),
    legend: { top: 0 },
    series: [
      {
        type: 'pie',
        radius: ['35%', '65%'],
        label: { formatter: '{b}: {c} ({d}%)' },
        data: all
          ? [
              { name: `${r.regionName}（第一申请人）`, value: region },
              { name: '其他申请人', value: all - region },
            ]
          : [],
      },
    ],
  });
}

function horizontalBars(labels: string[], all: number[], region: number[] | undefined): string {
  return renderChartSvg({
    ...empty(labels),
    legend: { top: 0 },
    grid: { ...grid, left: 10 },
    yAxis: {
      type: 'category',
      data: [...labels].reverse(),
      axisLabel: { width: 150, overflow: 'truncate', interval: 0 },
    },
    xAxis: { type: 'value', name: '件' },
    series: [
      { name: ALL, type: 'bar', data: [...all].reverse() },
      ...(region ? [{ name: REGION, type: 'bar', data: [...region].reverse() }] : []),
    ],
  });
}

export function compositionChart(r: NavigationResult): string {
  const top = r.sections.subclasses.slice(0, 10);
  return horizontalBars(
    top.map((x) => x.code),
    top.map((x) => x.all),
    top.map((x) => x.region),
  );
}

export function applicantsChart(r: NavigationResult): string {
  const top = r.sections.topApplicants.slice(0, 10);
  return horizontalBars(
    top.map((x) => x.name),
    top.map((x) => x.patents),
    undefined,
  );
}

/** The classic life-cycle curve: filings on x, distinct applicants on y, one point per year in order. */
export function lifecycleChart(r: NavigationResult): string {
  const p = r.sections.lifecycle.points;
  return renderChartSvg({
    ...empty(p),
    grid,
    xAxis: { type: 'value', name: '申请量（件）', nameLocation: 'middle', nameGap: 22 },
    yAxis: { type: 'value', name: '申请人数' },
    series: [
      {
        type: 'line',
        data: p.map((x) => [x.filings, x.applicants, x.year]),
        label: { show: true, formatter: (v: { data: number[] }) => String(v.data[2]), fontSize: 8 },
      },
    ],
  });
}

export function highValueChart(r: NavigationResult, names: Record<string, string>): string {
  const hv = r.highValue;
  const cats = hv.available ? Object.entries(hv.byCategory) : [];
  return renderChartSvg({
    ...empty(cats),
    grid,
    xAxis: {
      type: 'category',
      data: cats.map(([c]) => names[c] ?? c),
      axisLabel: { interval: 0, fontSize: 8 },
    },
    yAxis: { type: 'value', name: '件' },
    series: [{ type: 'bar', data: cats.map(([, n]) => n) }],
  });
}

export function gapChart(r: NavigationResult): string {
  const g = r.sections.gaps.slice(0, 10);
  return renderChartSvg({
    ...empty(g),
    legend: { top: 0 },
    grid,
    xAxis: { type: 'category', data: g.map((x) => x.code), axisLabel: { interval: 0 } },
    yAxis: { type: 'value', name: '占比 %' },
    series: [
      { name: '全部申请人占比', type: 'bar', data: g.map((x) => +(x.allShare * 100).toFixed(1)) },
      { name: '本区占比', type: 'bar', data: g.map((x) => +(x.regionShare * 100).toFixed(1)) },
    ],
  });
}
