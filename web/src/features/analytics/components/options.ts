/** ECharts options of the dashboard charts, built from the API's rows (pure functions). */
import type { BreakdownRow, TrendRow } from '../types.ts';
import type { EChartsOption } from './echarts.ts';
import type { ChartTable } from './export.ts';

export const PALETTE = [
  '#1677ff',
  '#13c2c2',
  '#52c41a',
  '#faad14',
  '#f5222d',
  '#722ed1',
  '#eb2f96',
  '#fa8c16',
];

/** Rows as a chart table: label, code, value. */
export function breakdownTable(
  rows: BreakdownRow[],
  labelOf: (r: BreakdownRow) => string,
  titles: string[],
): ChartTable {
  return { columns: titles, rows: rows.map((r) => [labelOf(r), r.key, r.value]) };
}

/** Horizontal bars, largest on top; each bar's data carries its key for the drill-down. */
export function hbarOption(
  rows: BreakdownRow[],
  labelOf: (r: BreakdownRow) => string,
  seriesName: string,
): EChartsOption {
  const shown = [...rows].reverse();
  return {
    color: PALETTE,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: {
      type: 'category',
      data: shown.map(labelOf),
      axisLabel: { width: 200, overflow: 'truncate', interval: 0, fontSize: 11 },
    },
    series: [
      {
        name: seriesName,
        type: 'bar',
        data: shown.map((r) => ({ value: r.value, key: r.key })),
        label: { show: true, position: 'right' },
        barMaxWidth: 22,
      },
    ],
  };
}

/** Vertical bars (streets, industries) with their values on top. */
export function vbarOption(
  rows: BreakdownRow[],
  labelOf: (r: BreakdownRow) => string,
  seriesName: string,
): EChartsOption {
  return {
    color: PALETTE,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 8, top: 24, bottom: 8, containLabel: true },
    xAxis: {
      type: 'category',
      data: rows.map(labelOf),
      axisLabel: { interval: 0, rotate: rows.length > 6 ? 35 : 0 },
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        name: seriesName,
        type: 'bar',
        data: rows.map((r) => ({ value: r.value, key: r.key })),
        label: { show: true, position: 'top' },
        barMaxWidth: 36,
      },
    ],
  };
}

/** Stacked bars per year by sub-type, with the total as a line. */
export function trendOption(
  rows: TrendRow[],
  subTypeLabel: (s: string | null) => string,
  totalName: string,
): EChartsOption {
  const years = [...new Set(rows.map((r) => r.year))].sort((a, b) => a - b);
  const subTypes = [...new Set(rows.map((r) => r.subType))];
  const value = (y: number, s: string | null) =>
    rows.find((r) => r.year === y && r.subType === s)?.value ?? 0;
  return {
    color: PALETTE,
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: years.map(String) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      ...subTypes.map((s) => ({
        name: subTypeLabel(s),
        type: 'bar' as const,
        stack: 'n',
        data: years.map((y) => ({ value: value(y, s), subType: s, year: y })),
        barMaxWidth: 36,
      })),
      {
        name: totalName,
        type: 'line' as const,
        data: years.map((y) => ({ value: subTypes.reduce((n, s) => n + value(y, s), 0), year: y })),
        symbolSize: 6,
      },
    ],
  };
}

export function trendTable(
  rows: TrendRow[],
  subTypeLabel: (s: string | null) => string,
  titles: string[],
): ChartTable {
  return { columns: titles, rows: rows.map((r) => [r.year, subTypeLabel(r.subType), r.subType, r.value]) };
}

/** IPC treemap: sections holding their subclasses. */
export function treemapOption(
  sections: BreakdownRow[],
  subclasses: BreakdownRow[],
  seriesName: string,
): EChartsOption {
  const data = sections.map((s) => ({
    name: `${s.key} ${s.label ?? ''}`.trim(),
    value: s.value,
    key: s.key,
    level: 'ipc_section',
    children: subclasses
      .filter((c) => c.key?.startsWith(s.key ?? '~'))
      .map((c) => ({ name: c.key ?? '', value: c.value, key: c.key, level: 'ipc_subclass', title: c.label })),
  }));
  return {
    color: PALETTE,
    tooltip: {
      formatter: (p: unknown) => {
        const d = (p as { data: { name: string; value: number; title?: string } }).data;
        return `${d.name}${d.title ? `<br/><span style="font-size:11px">${d.title}</span>` : ''}<br/>${d.value}`;
      },
    },
    series: [
      {
        name: seriesName,
        type: 'treemap',
        data,
        leafDepth: 2,
        roam: false,
        nodeClick: false,
        breadcrumb: { show: false },
        label: { show: true, formatter: '{b}\n{c}' },
        upperLabel: { show: true, height: 22 },
        levels: [
          { itemStyle: { borderColor: '#fff', borderWidth: 3, gapWidth: 3 } },
          { colorSaturation: [0.35, 0.6], itemStyle: { gapWidth: 1, borderColorSaturation: 0.7 } },
        ],
      },
    ],
  };
}

/** Choropleth of a measure over the features of a registered map (by feature name). */
export function choroplethOption(
  mapName: string,
  data: { name: string; value: number; key: string | null }[],
  seriesName: string,
): EChartsOption {
  const max = Math.max(1, ...data.map((d) => d.value));
  return {
    tooltip: { trigger: 'item', formatter: '{b}: {c}' },
    visualMap: {
      min: 0,
      max,
      left: 8,
      bottom: 8,
      calculable: true,
      inRange: { color: ['#e6f4ff', '#69b1ff', '#0958d9'] },
    },
    series: [
      {
        name: seriesName,
        type: 'map',
        map: mapName,
        roam: true,
        data,
        label: { show: true, fontSize: 10, color: '#1f1f1f', textBorderColor: '#fff', textBorderWidth: 2 },
        emphasis: { label: { show: true } },
      },
    ],
  };
}

/** The district outline alone (no street outlines loaded): a neutral fill with the district's name and total. */
export function outlineOption(
  mapName: string,
  data: { name: string; value: number }[],
  seriesName: string,
): EChartsOption {
  return {
    tooltip: { trigger: 'item', formatter: '{b}: {c}' },
    series: [
      {
        name: seriesName,
        type: 'map',
        map: mapName,
        roam: false,
        data,
        itemStyle: { areaColor: '#e6f4ff', borderColor: '#1677ff', borderWidth: 1.5 },
        emphasis: { itemStyle: { areaColor: '#bae0ff' }, label: { show: true } },
        label: { show: true, formatter: '{b}\n{c}', fontSize: 13 },
      },
    ],
  };
}
