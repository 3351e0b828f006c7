import fs from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { HIGH_VALUE_CATEGORIES } from '../../domain/analytics/high-value.ts';
import type { LifecycleStage } from '../../domain/analytics/navigation.ts';
import {
  applicantsChart,
  CHART_SIZE,
  compositionChart,
  gapChart,
  highValueChart,
  lifecycleChart,
  shareChart,
  trendChart,
} from './navigation.charts.ts';
import type { NavigationResult } from './navigation.service.ts';

/** Debian fonts-wqy-microhei (.ci/run installs it), or ZHIHUI_CJK_FONT; face 0 of the collection is WenQuanYi Micro Hei. */
export function cjkFontPath(): string {
  return process.env.ZHIHUI_CJK_FONT ?? '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';
}
export const CJK_FONT_NAME = 'WenQuanYiMicroHei';

type SvgToPdf = (
  doc: PDFKit.PDFDocument,
  svg: string,
  x: number,
  y: number,
  o: { width: number; height: number; fontCallback: () => string },
) => void;
const svgToPdf = createRequire(import.meta.url)('svg-to-pdfkit') as SvgToPdf;

const FONT = 'cjk';
const MARGIN = 50;
const WIDTH = 595.28 - 2 * MARGIN;
const ROW = 15;

export const STAGE_ZH: Record<LifecycleStage, string> = {
  growth: '成长期',
  maturity: '成熟期',
  decline: '衰退期',
  transition: '调整期',
  stable: '平稳期',
  insufficient: '数据不足',
};

export const HIGH_VALUE_ZH: Record<string, string> = Object.fromEntries(
  HIGH_VALUE_CATEGORIES.map((c) => [c.id, c.zh]),
);

/** Short category names for the chart axis (the tables use the full names). */
const HIGH_VALUE_SHORT: Record<string, string> = {
  sei: '战略性新兴产业',
  foreign_family: '海外同族',
  maintained_10y: '维持超10年',
  pledge: '质押融资',
  award: '获奖',
};

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

interface Column {
  head: string;
  width: number;
  align?: 'left' | 'right';
}

interface Table {
  caption?: string;
  columns: Column[];
  rows: string[][];
}

interface Section {
  title: string;
  chart: (r: NavigationResult) => string;
  reading: (r: NavigationResult) => string;
  tables: (r: NavigationResult) => Table[];
}

/** The first rows of an IPC code count (小类 or 大组): code, WIPO title, all patents, the region's. */
function ipcTable(
  caption: string,
  head: { code: string; codeWidth: number; titleWidth: number },
  rows: { code: string; title: string | null; all: number; region: number }[],
): Table {
  return {
    caption,
    columns: [
      { head: head.code, width: head.codeWidth },
      { head: '标题（WIPO，英文）', width: head.titleWidth },
      { head: '全部', width: 70, align: 'right' },
      { head: '本区', width: 70, align: 'right' },
    ],
    rows: rows.map((x) => [x.code, x.title ?? '', String(x.all), String(x.region)]),
  };
}

function period(r: NavigationResult): string {
  const { from, to } = r.params;
  if (from === null && to === null) return '全部年份（含无申请日的记录）';
  return `申请年 ${from ?? '最早'}–${to ?? '最近'}（无申请日的记录不在期内）`;
}

function trendReading(r: NavigationResult): string {
  const t = r.sections.trend;
  const { totals } = r.sections;
  const undated = totals.undatedAll
    ? `另有 ${totals.undatedAll} 件（本区 ${totals.undatedRegion} 件）记录无申请日，未计入年度趋势。`
    : '';
  if (t.length === 0) return `范围内没有带申请日的专利。${undated}`;
  const peak = t.reduce((a, b) => (b.all > a.all ? b : a));
  const first = t[0]!;
  const last = t[t.length - 1]!;
  return `${first.year}–${last.year} 年共 ${t.reduce((a, x) => a + x.all, 0)} 件带申请日的专利，${peak.year} 年最多（${peak.all} 件）；${last.year} 年全部申请人 ${last.all} 件、本区 ${last.region} 件。${undated}`;
}

const SECTIONS: Section[] = [
  {
    title: '一、申请趋势',
    chart: trendChart,
    reading: trendReading,
    tables: (r) => [
      {
        columns: [
          { head: '申请年', width: 100 },
          { head: '全部申请人（件）', width: 130, align: 'right' },
          { head: '本区（件）', width: 130, align: 'right' },
          { head: '本区占比', width: 135, align: 'right' },
        ],
        rows: r.sections.trend
          .slice(-20)
          .map((x) => [
            String(x.year),
            String(x.all),
            String(x.region),
            pct(x.all ? x.region / x.all : null),
          ]),
      },
    ],
  },
  {
    title: '二、本区占比',
    chart: shareChart,
    reading: (r) => {
      const t = r.sections.totals;
      return t.all === 0
        ? '范围内没有专利。'
        : `范围内全部申请人共 ${t.all} 件专利，其中第一申请人为${r.regionName}市场主体的 ${t.region} 件，占 ${pct(t.regionShare)}。`;
    },
    tables: (r) => [
      {
        columns: [
          { head: '指标', width: 295 },
          { head: '数值', width: 200, align: 'right' },
        ],
        rows: [
          ['全部申请人专利（件）', String(r.sections.totals.all)],
          [`${r.regionName}专利（件）`, String(r.sections.totals.region)],
          ['本区占比', pct(r.sections.totals.regionShare)],
          [
            '无申请日记录（全部 / 本区）',
            `${r.sections.totals.undatedAll} / ${r.sections.totals.undatedRegion}`,
          ],
        ],
      },
    ],
  },
  {
    title: '三、技术构成',
    chart: compositionChart,
    reading: (r) => {
      const s = r.sections.subclasses;
      if (s.length === 0) return '范围内没有专利。';
      const top = s.slice(0, 3).map((x) => `${x.code}（${x.all} 件）`);
      const mg = r.sections.mainGroups.slice(0, 3).map((x) => `${x.code}（${x.all} 件）`);
      return `专利最集中的 IPC 小类为 ${top.join('、')}${mg.length ? `；大组为 ${mg.join('、')}` : '；记录只含小类，没有大组'}。一件专利在其涉及的每个小类/大组各计一次。`;
    },
    tables: (r) => [
      ipcTable(
        'IPC 小类（前 10）',
        { code: '小类', codeWidth: 55, titleWidth: 300 },
        r.sections.subclasses.slice(0, 10),
      ),
      ipcTable(
        'IPC 大组（前 8）',
        { code: '大组', codeWidth: 75, titleWidth: 280 },
        r.sections.mainGroups.slice(0, 8),
      ),
    ],
  },
  {
    title: '四、主要申请人',
    chart: applicantsChart,
    reading: (r) => {
      const a = r.sections.topApplicants[0];
      const b = r.sections.topRegionApplicants[0];
      if (!a) return '范围内的专利没有申请人信息。';
      return `申请量最多的申请人是${a.name}（${a.patents} 件）${b ? `；本区最多的是${b.name}（${b.patents} 件）` : '；本区没有申请人'}。`;
    },
    tables: (r) => [
      {
        caption: '全部申请人（前 10）',
        columns: [
          { head: '申请人', width: 395 },
          { head: '专利（件）', width: 100, align: 'right' },
        ],
        rows: r.sections.topApplicants.slice(0, 10).map((x) => [x.name, String(x.patents)]),
      },
      {
        caption: '本区申请人（前 10）',
        columns: [
          { head: '申请人', width: 395 },
          { head: '专利（件）', width: 100, align: 'right' },
        ],
        rows: r.sections.topRegionApplicants.slice(0, 10).map((x) => [x.name, String(x.patents)]),
      },
    ],
  },
  {
    title: '五、技术生命周期',
    chart: lifecycleChart,
    reading: (r) => {
      const { points, stage } = r.sections.lifecycle;
      if (points.length === 0) return '范围内没有带申请日的专利，无法绘制生命周期曲线。';
      return `按申请年统计申请量与申请人数（${points[0]!.year}–${points[points.length - 1]!.year}）。按前后两半年份的比较，技术处于${STAGE_ZH[stage]}${stage === 'insufficient' ? '（少于 4 个年份）' : ''}。`;
    },
    tables: (r) => [
      {
        columns: [
          { head: '申请年', width: 165 },
          { head: '申请量（件）', width: 165, align: 'right' },
          { head: '申请人数', width: 165, align: 'right' },
        ],
        rows: r.sections.lifecycle.points
          .slice(-20)
          .map((x) => [String(x.year), String(x.filings), String(x.applicants)]),
      },
    ],
  },
  {
    title: '六、本区高价值发明专利',
    chart: (r) => highValueChart(r, HIGH_VALUE_SHORT),
    reading: (r) =>
      r.highValue.available
        ? `截至 ${r.asOf}，本区范围内共有 ${r.highValue.total} 件高价值发明专利（五类之并集，一件只计一次）。`
        : `本节暂不可用：${r.highValue.reason}。`,
    tables: (r) =>
      r.highValue.available
        ? [
            {
              caption: '重点专利（前 20）',
              columns: [
                { head: '公开/申请号', width: 110 },
                { head: '名称', width: 235 },
                { head: '类别', width: 150 },
              ],
              rows: r.highValue.items
                .slice(0, 20)
                .map((x) => [
                  x.number ?? '',
                  x.title ?? '',
                  x.categories.map((c) => HIGH_VALUE_ZH[c] ?? c).join('、'),
                ]),
            },
          ]
        : [],
  },
  {
    title: '七、区域短板',
    chart: gapChart,
    reading: (r) => {
      const g = r.sections.gaps;
      const rule = `规则：全部申请人在某小类至少 ${r.gapRule.minActive} 件（活跃），且本区显示性技术优势 RTA =（本区该小类占比）/（全部该小类占比）低于 ${r.gapRule.maxRta}；本区为 0 件记为“空白”，否则为“薄弱”。`;
      if (g.length === 0) return `没有发现短板。${rule}`;
      const absent = g.filter((x) => x.kind === 'absent').length;
      return `共 ${g.length} 个小类为本区短板，其中 ${absent} 个空白、${g.length - absent} 个薄弱；最突出的是 ${g[0]!.code}（全部 ${g[0]!.all} 件，本区 ${g[0]!.region} 件）。${rule}`;
    },
    tables: (r) => [
      {
        columns: [
          { head: '小类', width: 50 },
          { head: '标题（WIPO，英文）', width: 215 },
          { head: '全部', width: 50, align: 'right' },
          { head: '本区', width: 50, align: 'right' },
          { head: 'RTA', width: 60, align: 'right' },
          { head: '类型', width: 70 },
        ],
        rows: r.sections.gaps
          .slice(0, 20)
          .map((x) => [
            x.code,
            x.title ?? '',
            String(x.all),
            String(x.region),
            x.rta.toFixed(2),
            x.kind === 'absent' ? '空白' : '薄弱',
          ]),
      },
    ],
  },
];

/** Pages: cover, contents, one per section, sources. */
export const NAVIGATION_PDF_PAGES = 2 + SECTIONS.length + 1;

function table(doc: PDFKit.PDFDocument, t: Table): void {
  if (t.caption) {
    doc
      .fontSize(10)
      .fillColor('#333')
      .text(t.caption, MARGIN, doc.y + 4);
    doc.moveDown(0.3);
  }
  const line = (cells: string[], y: number, head: boolean) => {
    let x = MARGIN;
    doc.fontSize(8.5).fillColor(head ? '#000' : '#222');
    cells.forEach((c, i) => {
      const col = t.columns[i]!;
      doc.text(c, x + 3, y + 3, {
        width: col.width - 6,
        align: col.align ?? 'left',
        lineBreak: false,
        ellipsis: true,
        height: ROW,
      });
      x += col.width;
    });
  };
  let y = doc.y;
  doc.rect(MARGIN, y, WIDTH, ROW).fill('#e8eef7');
  line(
    t.columns.map((c) => c.head),
    y,
    true,
  );
  y += ROW;
  if (t.rows.length === 0) {
    doc
      .fontSize(8.5)
      .fillColor('#666')
      .text('（无）', MARGIN + 3, y + 3, { lineBreak: false });
    y += ROW;
  }
  for (const [i, row] of t.rows.entries()) {
    if (i % 2 === 1) doc.rect(MARGIN, y, WIDTH, ROW).fill('#f7f7f7');
    line(row, y, false);
    y += ROW;
  }
  doc.x = MARGIN;
  doc.y = y + 8;
}

function heading(doc: PDFKit.PDFDocument, text: string): void {
  doc.fontSize(16).fillColor('#1f3864').text(text, MARGIN, MARGIN);
  doc
    .moveTo(MARGIN, doc.y + 2)
    .lineTo(MARGIN + WIDTH, doc.y + 2)
    .strokeColor('#1f3864')
    .stroke();
  doc.moveDown(0.6);
}

function cover(doc: PDFKit.PDFDocument, r: NavigationResult): void {
  doc
    .fontSize(12)
    .fillColor('#555')
    .text('知汇 · 知识产权大数据公共服务平台', MARGIN, 150, { align: 'center' });
  doc.moveDown(2);
  doc.fontSize(28).fillColor('#1f3864').text('专利导航报告', { align: 'center' });
  doc.moveDown(1);
  doc.fontSize(15).fillColor('#000').text(r.title, { align: 'center' });
  doc.moveDown(3);
  const scope = [
    r.params.ipc.length ? `IPC：${r.params.ipc.join('，')}` : '',
    r.params.sei ? `战略性新兴产业：${r.params.sei.code} ${r.params.sei.name}` : '',
    r.params.industry ? `行业（GB/T 4754，第一申请人）：${r.params.industry}` : '',
  ].filter(Boolean);
  doc.fontSize(11).fillColor('#333');
  for (const l of [
    ...scope,
    `期间：${period(r)}`,
    `区域：${r.regionName}（${r.params.region}）`,
    `高价值专利口径日期：${r.asOf}`,
    `生成时间：${r.generatedAt.slice(0, 19).replace('T', ' ')} UTC`,
  ])
    doc.text(l, { align: 'center' }).moveDown(0.4);
}

function contents(doc: PDFKit.PDFDocument): void {
  heading(doc, '目录');
  doc.fontSize(12).fillColor('#000');
  const entries = [...SECTIONS.map((s) => s.title), '八、数据来源与规则版本'];
  entries.forEach((t, i) => {
    const y = doc.y;
    doc.text(t, MARGIN, y, { lineBreak: false });
    doc.text(String(i + 3), MARGIN, y, { width: WIDTH, align: 'right' });
    doc.moveDown(0.5);
  });
}

function section(doc: PDFKit.PDFDocument, r: NavigationResult, s: Section): void {
  heading(doc, s.title);
  const top = doc.y;
  svgToPdf(doc, s.chart(r), MARGIN, top, { ...CHART_SIZE, fontCallback: () => FONT });
  doc.font(FONT);
  doc.y = top + CHART_SIZE.height + 8;
  doc.fontSize(10).fillColor('#000').text(s.reading(r), MARGIN, doc.y, { width: WIDTH });
  doc.moveDown(0.6);
  for (const t of s.tables(r)) table(doc, t);
}

function sources(doc: PDFKit.PDFDocument, r: NavigationResult): void {
  heading(doc, '八、数据来源与规则版本');
  doc.fontSize(11).fillColor('#000').text('数据来源', MARGIN);
  doc.fontSize(9.5);
  for (const s of r.sources) doc.text(`· ${s}`, { width: WIDTH }).moveDown(0.2);
  doc.moveDown(0.6).fontSize(11).text('规则版本', MARGIN);
  doc.fontSize(9.5);
  for (const [k, v] of Object.entries(r.rules)) doc.text(`· ${k}: ${v}`, { width: WIDTH }).moveDown(0.2);
  doc
    .moveDown(0.6)
    .fontSize(9)
    .fillColor('#555')
    .text(`报告参数：${JSON.stringify(r.params)}`, { width: WIDTH });
}

function pageNumbers(doc: PDFKit.PDFDocument): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .fontSize(8)
      .fillColor('#888')
      .text(`${i + 1} / ${range.count}`, MARGIN, doc.page.height - 30, {
        width: WIDTH,
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }
}

/** The report as an A4 PDF with the CJK font embedded and the charts as vector graphics. */
export async function renderNavigationPdf(r: NavigationResult): Promise<Buffer> {
  const font = cjkFontPath();
  if (!fs.existsSync(font))
    throw new Error(
      `the CJK font for PDF reports is missing at ${font}: install the Debian package fonts-wqy-microhei (or set ZHIHUI_CJK_FONT)`,
    );
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: {
      Title: r.title,
      Author: '知汇 Zhihui',
      Subject: '专利导航报告',
      CreationDate: new Date(r.generatedAt),
    },
  });
  doc.registerFont(FONT, font, CJK_FONT_NAME);
  doc.font(FONT);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  cover(doc, r);
  doc.addPage();
  contents(doc);
  for (const s of SECTIONS) {
    doc.addPage();
    section(doc, r, s);
  }
  doc.addPage();
  sources(doc, r);
  pageNumbers(doc);
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}
