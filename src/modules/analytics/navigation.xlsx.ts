import ExcelJS from 'exceljs';
import { HIGH_VALUE_ZH, STAGE_ZH } from './navigation.pdf.ts';
import type { NavigationResult } from './navigation.service.ts';

/** Sheet names in order (one per section); the tests read them back. */
export const NAVIGATION_SHEETS = [
  '概要',
  '申请趋势',
  '技术构成-小类',
  '技术构成-大组',
  '主要申请人',
  '本区主要申请人',
  '技术生命周期',
  '高价值专利',
  '区域短板',
  '来源与规则',
] as const;

type Sheet = (typeof NAVIGATION_SHEETS)[number];

function rowsOf(r: NavigationResult): Record<Sheet, (string | number | null)[][]> {
  const s = r.sections;
  const hv = r.highValue;
  return {
    概要: [
      ['项目', '值'],
      ['标题', r.title],
      ['IPC', r.params.ipc.join(', ')],
      ['战略性新兴产业', r.params.sei ? `${r.params.sei.code} ${r.params.sei.name}` : null],
      ['行业（GB/T 4754）', r.params.industry],
      ['申请年起', r.params.from],
      ['申请年止', r.params.to],
      ['区域', `${r.regionName}（${r.params.region}）`],
      ['全部申请人专利', s.totals.all],
      ['本区专利', s.totals.region],
      ['本区占比', s.totals.regionShare],
      ['无申请日（全部）', s.totals.undatedAll],
      ['无申请日（本区）', s.totals.undatedRegion],
      ['生命周期阶段', STAGE_ZH[s.lifecycle.stage]],
      ['生成时间', r.generatedAt],
    ],
    申请趋势: [['申请年', '全部申请人', '本区'], ...s.trend.map((x) => [x.year, x.all, x.region])],
    '技术构成-小类': [
      ['小类', '标题', '全部申请人', '本区'],
      ...s.subclasses.map((x) => [x.code, x.title, x.all, x.region]),
    ],
    '技术构成-大组': [
      ['大组', '标题', '全部申请人', '本区'],
      ...s.mainGroups.map((x) => [x.code, x.title, x.all, x.region]),
    ],
    主要申请人: [['申请人', '专利'], ...s.topApplicants.map((x) => [x.name, x.patents])],
    本区主要申请人: [['申请人', '专利'], ...s.topRegionApplicants.map((x) => [x.name, x.patents])],
    技术生命周期: [
      ['申请年', '申请量', '申请人数'],
      ...s.lifecycle.points.map((x) => [x.year, x.filings, x.applicants]),
    ],
    高价值专利: hv.available
      ? [
          ['公开/申请号', '名称', '类别'],
          ...hv.items.map((x) => [
            x.number,
            x.title,
            x.categories.map((c) => HIGH_VALUE_ZH[c] ?? c).join('、'),
          ]),
        ]
      : [['状态'], [`不可用：${hv.reason}`]],
    区域短板: [
      ['小类', '标题', '全部申请人', '本区', '全部占比', '本区占比', 'RTA', '类型'],
      ...s.gaps.map((x) => [
        x.code,
        x.title,
        x.all,
        x.region,
        x.allShare,
        x.regionShare,
        x.rta,
        x.kind === 'absent' ? '空白' : '薄弱',
      ]),
    ],
    来源与规则: [
      ['类别', '内容'],
      ...r.sources.map((x) => ['来源', x]),
      ...Object.entries(r.rules).map(([k, v]) => [`规则 ${k}`, v]),
    ],
  };
}

/** The report as a workbook: one sheet per section, a header row, then the rows. */
export async function renderNavigationXlsx(r: NavigationResult): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '知汇 Zhihui';
  wb.created = new Date(r.generatedAt);
  const rows = rowsOf(r);
  for (const name of NAVIGATION_SHEETS) {
    const ws = wb.addWorksheet(name);
    ws.addRows(rows[name]);
    ws.getRow(1).font = { bold: true };
    ws.columns.forEach((c, i) => (c.width = i === 1 ? 48 : 16));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
