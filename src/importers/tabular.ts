/**
 * Generic CSV / XLSX imports with documented column templates (Chinese headers; the English field
 * names are accepted as headers too). One template per kind: patent (专利), trademark (商标),
 * copyright (著作权) — producing CanonicalRecords — and entity (主体), producing EntityRows.
 *
 * - The template is chosen from the header row (or forced with the `kind` option).
 * - Unknown, duplicated or missing required columns make the whole file fail (ImportFileError).
 * - A row that cannot be read yields `{ref: 'line N' | 'row N', field, error}` naming the column in
 *   Chinese and English (CSV rows are referred to by line, XLSX rows by worksheet row number).
 * - Dates: 2021-03-01, 2021/3/1, 2021.03.01, 20210301, 2021年3月1日 and Excel date cells.
 * - Lists: applicants / inventors separated by `;` (also `；` and new lines); IPC codes and Nice
 *   classes by `;` `|` `,` `、` (Nice classes also by spaces). Several applicants' 统一社会信用代码
 *   are given in the same order, separated by `;`.
 * - Events (法律状态事件): `代码:日期[:说明]` separated by `;`, e.g.
 *   `PB01:2021-06-15:公开;GR01:2022-01-04:授权` (`：`, `,`, `|` or a space also separate the parts).
 * - Blank rows are skipped. CSV is streamed (any text encoding, see text-decode.ts); XLSX is read with
 *   exceljs's streaming WorkbookReader (first worksheet only).
 */
import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type {
  CanonicalApplicant,
  CanonicalEvent,
  CanonicalRecord,
  CopyrightType,
  CanonicalEntity,
  ImportItem,
  IpKind,
  PatentType,
} from '../domain/records/canonical.ts';
import { toHalfWidth } from '../domain/names.ts';
import type { Importer } from './types.ts';
import { ImportFileError } from './types.ts';
import { isBlankRow, readCsvRows } from './csv-rows.ts';
import {
  cnPatentType,
  dateFromExcelSerial,
  dateFromJs,
  normaliseClassSymbol,
  parseDate,
} from './normalise.ts';
import { decodeHead, looksBinary } from './text-decode.ts';

// ---------------------------------------------------------------------------------------------
// Templates

export type TemplateKind = IpKind | 'entity';

export type ColumnType =
  | 'text'
  | 'date'
  | 'names'
  | 'codes'
  | 'classes'
  | 'niceClasses'
  | 'events'
  | 'patentType'
  | 'copyrightType'
  | 'bool'
  | 'days'
  | 'termCompensationKind';

export interface TemplateColumn {
  /** Chinese header as written in the template */
  header: string;
  /** English field name (also accepted as header) */
  key: string;
  required: boolean;
  example: string;
  /** Chinese description shown in the 说明 sheet */
  description: string;
  type: ColumnType;
  /** other accepted headers */
  aliases?: readonly string[];
}

export interface Template {
  kind: TemplateKind;
  /** Chinese name of the template */
  name: string;
  columns: readonly TemplateColumn[];
}

const col = (
  header: string,
  key: string,
  type: ColumnType,
  required: boolean,
  example: string,
  description: string,
  aliases?: string[],
): TemplateColumn =>
  aliases
    ? { header, key, type, required, example, description, aliases }
    : { header, key, type, required, example, description };

const EVENTS_HELP =
  '法律状态事件，格式“代码:日期[:说明]”，多个事件用分号分隔，如 PB01:2021-06-15:公开;GR01:2022-01-04:授权';
const DATE_HELP = '日期，格式 2021-03-01、2021/3/1、2021.03.01 或 20210301';

export const TEMPLATES: Readonly<Record<TemplateKind, Template>> = {
  patent: {
    kind: 'patent',
    name: '专利',
    columns: [
      col(
        '申请号',
        'applicationNumber',
        'text',
        true,
        '202110123456.7',
        '专利申请号，按原样填写（可带 CN 前缀）',
      ),
      col(
        '专利类型',
        'patentType',
        'patentType',
        false,
        '发明',
        '发明 / 实用新型 / 外观设计（或 invention / utility_model / design）；留空时按中国申请号推断',
      ),
      col('申请日', 'filingDate', 'date', false, '2021-03-01', `申请日。${DATE_HELP}`),
      col('公开号', 'publicationNumber', 'text', false, 'CN112987654A', '公开（公告）号'),
      col('公开日', 'publicationDate', 'date', false, '2021-06-15', `公开（公告）日。${DATE_HELP}`),
      col('授权公告号', 'grantNumber', 'text', false, 'CN112987654B', '授权公告号（发明专利授权时的 B 号）'),
      col('授权公告日', 'grantDate', 'date', false, '2022-01-04', `授权公告日。${DATE_HELP}`),
      col(
        '期限补偿天数',
        'termCompensationDays',
        'days',
        false,
        '120',
        '专利权期限补偿天数（仅限 2021-06-01 及以后授权公告的发明专利，按国家知识产权局决定填写正整数）',
      ),
      col(
        '期限补偿类型',
        'termCompensationKind',
        'termCompensationKind',
        false,
        '审查延迟',
        '审查延迟 / 新药（或 examination_delay / new_drug）；新药相关补偿最长 5 年',
      ),
      col('专利名称', 'title', 'text', true, '一种基于物联网的智能灌溉系统', '专利名称（发明名称）', [
        '发明名称',
      ]),
      col('摘要', 'abstract', 'text', false, '本发明公开了一种智能灌溉系统……', '摘要全文'),
      col('IPC分类号', 'ipc', 'classes', false, 'G06F16/35;G06N3/08', 'IPC 分类号，多个用分号或竖线分隔', [
        'IPC',
        '分类号',
      ]),
      col(
        '申请人',
        'applicants',
        'names',
        true,
        '上海徐汇示例科技有限公司;示例大学',
        '申请人（专利权人）名称，多个用分号分隔',
        ['专利权人', '申请（专利权）人'],
      ),
      col(
        '申请人统一社会信用代码',
        'applicantUscc',
        'codes',
        false,
        '91310104MA1FL8C21Q;12100000425000479R',
        '申请人的统一社会信用代码，多个按申请人顺序用分号分隔，个人或未知留空',
      ),
      col('发明人', 'inventors', 'names', false, '张三;李四', '发明人（设计人），多个用分号分隔', ['设计人']),
      col('当前法律状态', 'legalStatus', 'text', false, '有权', '当前法律状态（有权、审中、失效等）', [
        '法律状态',
      ]),
      col(
        '法律状态事件',
        'events',
        'events',
        false,
        'PB01:2021-06-15:公开;GR01:2022-01-04:授权',
        EVENTS_HELP,
      ),
      col('受理局', 'office', 'text', false, 'CN', '受理局国家/地区代码，默认 CN'),
    ],
  },
  trademark: {
    kind: 'trademark',
    name: '商标',
    columns: [
      col('注册号', 'registrationNumber', 'text', true, '51234567', '商标注册号（申请号）'),
      col('申请号', 'applicationNumber', 'text', false, '51234567', '商标申请号，与注册号不同时填写'),
      col('申请日', 'filingDate', 'date', false, '2020-11-20', `申请日期。${DATE_HELP}`),
      col('初审公告日', 'publicationDate', 'date', false, '2021-06-13', `初审公告日期。${DATE_HELP}`),
      col('注册日', 'registrationDate', 'date', false, '2021-09-14', `注册公告日期。${DATE_HELP}`, [
        '注册公告日',
      ]),
      col('专用权到期日', 'expiryDate', 'date', false, '2031-09-13', `专用权期限截止日期。${DATE_HELP}`),
      col('商标名称', 'title', 'text', true, '知汇', '商标名称（文字部分）'),
      col('国际分类', 'niceClasses', 'niceClasses', false, '9;35', '尼斯国际分类号（1–45），多个用分号分隔', [
        '类别',
        '尼斯分类',
      ]),
      col(
        '商品服务',
        'goodsServices',
        'text',
        false,
        '计算机软件（已录制）;数据处理设备',
        '核定使用商品/服务项目',
      ),
      col(
        '注册人',
        'applicants',
        'names',
        true,
        '上海徐汇示例科技有限公司',
        '注册人（申请人）名称，多个用分号分隔',
        ['申请人'],
      ),
      col(
        '注册人统一社会信用代码',
        'applicantUscc',
        'codes',
        false,
        '91310104MA1FL8C21Q',
        '注册人的统一社会信用代码，多个按注册人顺序用分号分隔',
        ['申请人统一社会信用代码'],
      ),
      col('商标状态', 'legalStatus', 'text', false, '注册', '当前商标状态', ['法律状态']),
      col('法律状态事件', 'events', 'events', false, 'TMZC:2021-09-14:注册公告', EVENTS_HELP),
      col('受理局', 'office', 'text', false, 'CN', '受理局国家/地区代码，默认 CN'),
    ],
  },
  copyright: {
    kind: 'copyright',
    name: '著作权',
    columns: [
      col('登记号', 'registrationNumber', 'text', true, '2023SR0123456', '作品或软件著作权登记号'),
      col('登记类别', 'copyrightType', 'copyrightType', true, '软件', '作品 / 软件（或 work / software）', [
        '类别',
      ]),
      col('作品类别', 'category', 'text', false, '应用软件', '作品类别（文字、美术、摄影……）或软件分类', [
        '软件分类',
      ]),
      col('作品名称/软件全称', 'title', 'text', true, '知汇知识产权数据平台软件', '作品名称或软件全称', [
        '作品名称',
        '软件全称',
        '软件名称',
      ]),
      col('软件简称', 'shortName', 'text', false, '知汇平台', '软件简称（软件登记）'),
      col('版本号', 'version', 'text', false, 'V1.0', '软件版本号（软件登记）'),
      col(
        '创作完成日期',
        'completionDate',
        'date',
        false,
        '2023-01-15',
        `创作（开发）完成日期。${DATE_HELP}`,
        ['开发完成日期'],
      ),
      col('首次发表日期', 'publicationDate', 'date', false, '2023-02-01', `首次发表日期。${DATE_HELP}`),
      col('登记日期', 'registrationDate', 'date', false, '2023-03-10', `登记日期。${DATE_HELP}`),
      col(
        '著作权人',
        'applicants',
        'names',
        true,
        '上海徐汇示例科技有限公司',
        '著作权人名称，多个用分号分隔',
      ),
      col(
        '著作权人统一社会信用代码',
        'applicantUscc',
        'codes',
        false,
        '91310104MA1FL8C21Q',
        '著作权人的统一社会信用代码，多个按著作权人顺序用分号分隔',
      ),
      col('作者', 'authors', 'names', false, '王五', '作者，多个用分号分隔'),
    ],
  },
  entity: {
    kind: 'entity',
    name: '主体',
    columns: [
      col('统一社会信用代码', 'uscc', 'text', true, '91310104MA1FL8C21Q', '18 位统一社会信用代码'),
      col('名称', 'name', 'text', true, '上海徐汇示例科技有限公司', '主体名称（企业、高校、科研院所等）'),
      col('曾用名', 'formerNames', 'names', false, '上海示例信息技术有限公司', '曾用名，多个用分号分隔'),
      col('主体类型', 'entityType', 'text', false, '企业', '企业 / 高校 / 科研院所 / 个人 / 其他'),
      col(
        '行业',
        'industry',
        'text',
        false,
        'I65',
        '所属行业：国民经济行业分类（GB/T 4754）代码，如 I65；或门类名称，如 信息传输、软件和信息技术服务业',
      ),
      col('街道', 'street', 'text', false, '漕河泾街道', '所在街道（镇）'),
      col('地址', 'address', 'text', false, '上海市徐汇区宜山路700号', '注册或经营地址'),
      col('高新技术企业', 'highTech', 'bool', false, '是', '是否高新技术企业：是 / 否'),
      col('成立日期', 'foundedDate', 'date', false, '2015-06-18', `成立日期。${DATE_HELP}`),
      col('法定代表人', 'legalRepresentative', 'text', false, '赵六', '法定代表人'),
    ],
  },
};

const KIND_ORDER: readonly TemplateKind[] = ['patent', 'trademark', 'copyright', 'entity'];

/** Keys that are not CanonicalRecord fields: stored in record.extra */
const EXTRA_KEYS = new Set([
  'grantNumber',
  'legalStatus',
  'expiryDate',
  'shortName',
  'version',
  'completionDate',
  'authors',
]);

// ---------------------------------------------------------------------------------------------
// Entities

export type EntityRow = CanonicalEntity;

export type EntityItem = { ref: string; entity: EntityRow } | { ref: string; error: string; field?: string };

// ---------------------------------------------------------------------------------------------
// Template downloads

function csvField(s: string): string {
  return /[",;\r\n\t]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The CSV template of a kind: UTF-8 with BOM, header + one example row, CRLF. */
export function templateCsv(kind: TemplateKind): string {
  const cols = TEMPLATES[kind].columns;
  return (
    '\uFEFF' +
    cols.map((c) => csvField(c.header)).join(',') +
    '\r\n' +
    cols.map((c) => csvField(c.example)).join(',') +
    '\r\n'
  );
}

/** The XLSX template of a kind: a data sheet (header + one example row) and a 说明 sheet. */
export async function templateXlsx(kind: TemplateKind): Promise<Buffer> {
  const t = TEMPLATES[kind];
  const wb = new ExcelJS.Workbook();
  wb.creator = '知汇 Zhihui';
  const ws = wb.addWorksheet(`${t.name}导入`);
  ws.addRow(t.columns.map((c) => c.header));
  // examples as text cells (dates too) so that the template reads back exactly as shown
  ws.addRow(t.columns.map((c) => c.example));
  const header = ws.getRow(1);
  header.font = { bold: true };
  t.columns.forEach((c, i) => {
    const column = ws.getColumn(i + 1);
    column.width = Math.min(40, Math.max(12, c.header.length * 2 + 4, c.example.length + 2));
    column.numFmt = '@';
    if (c.required) {
      header.getCell(i + 1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
    }
  });
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  const help = wb.addWorksheet('说明');
  help.addRow(['列名', '字段', '必填', '示例', '说明']);
  help.getRow(1).font = { bold: true };
  for (const c of t.columns) {
    help.addRow([c.header, c.key, c.required ? '是' : '否', c.example, c.description]);
  }
  help.addRow([]);
  help.addRow([
    '注意',
    '',
    '',
    '',
    '第一张工作表为数据表，第一行为列名（中文列名或英文字段名均可），之后每行一条记录；空行会被跳过。',
  ]);
  help.getColumn(1).width = 24;
  help.getColumn(2).width = 20;
  help.getColumn(3).width = 6;
  help.getColumn(4).width = 36;
  help.getColumn(5).width = 80;
  const out = await wb.xlsx.writeBuffer();
  return Buffer.from(out as ArrayBuffer);
}

// ---------------------------------------------------------------------------------------------
// Header resolution

type Cell = string | number | boolean | Date | undefined;

function normHeader(h: string): string {
  return h
    .replace(/^\uFEFF/, '')
    .replace(/[\s\u3000]+/g, '')
    .replace(/[*＊]+$/, '')
    .replace(/^[*＊]+/, '')
    .replace(/[（(][^（）()]*[)）]$/, '')
    .toLowerCase();
}

const LOOKUP: Record<TemplateKind, Map<string, TemplateColumn>> = Object.fromEntries(
  KIND_ORDER.map((k) => {
    const m = new Map<string, TemplateColumn>();
    for (const c of TEMPLATES[k].columns) {
      for (const h of [c.header, c.key, ...(c.aliases ?? [])])
        if (!m.has(normHeader(h))) m.set(normHeader(h), c);
    }
    return [k, m];
  }),
) as Record<TemplateKind, Map<string, TemplateColumn>>;

export interface ResolvedHeader {
  kind: TemplateKind;
  columns: Array<{ index: number; column: TemplateColumn }>;
}

function label(c: TemplateColumn): string {
  return `${c.header} (${c.key})`;
}

/** Choose the template from a header row and map each column; throws ImportFileError. */
export function resolveHeader(
  headers: readonly string[],
  kind?: TemplateKind,
  where = '',
  ref = 'line 1',
): ResolvedHeader {
  const cells = headers
    .map((raw, index) => ({ raw: raw.trim(), index, n: normHeader(raw) }))
    .filter((c) => c.n !== '');
  if (cells.length === 0) throw new ImportFileError(`empty header row${where} (${ref})`, ref);
  const candidates = (kind ? [kind] : KIND_ORDER).map((k) => {
    const lookup = LOOKUP[k];
    const mapped = new Map<string, { index: number; column: TemplateColumn }>();
    const unknown: string[] = [];
    const duplicate: string[] = [];
    for (const c of cells) {
      const column = lookup.get(c.n);
      if (!column) unknown.push(c.raw);
      else if (mapped.has(column.key)) duplicate.push(c.raw);
      else mapped.set(column.key, { index: c.index, column });
    }
    return { kind: k, mapped, unknown, duplicate, score: mapped.size - unknown.length };
  });
  candidates.sort(
    (a, b) =>
      b.score - a.score ||
      a.unknown.length - b.unknown.length ||
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind),
  );
  const best = candidates[0]!;
  const t = TEMPLATES[best.kind];
  if (best.mapped.size === 0) {
    throw new ImportFileError(
      `unrecognised header${where} (${ref}): no column matches the ${kind ? `${t.name} (${kind})` : '专利/商标/著作权/主体 (patent/trademark/copyright/entity)'} template; unknown column(s): ${best.unknown.map((u) => `"${u}"`).join(', ')}`,
      ref,
    );
  }
  if (best.unknown.length) {
    throw new ImportFileError(
      `unknown column(s) in the header${where} (${ref}): ${best.unknown.map((u) => `"${u}"`).join(', ')}; the ${t.name} (${best.kind}) template accepts: ${t.columns.map((c) => c.header).join(', ')}`,
      ref,
    );
  }
  if (best.duplicate.length) {
    throw new ImportFileError(
      `duplicated column(s) in the header${where} (${ref}): ${best.duplicate.map((u) => `"${u}"`).join(', ')}`,
      ref,
    );
  }
  const missing = t.columns.filter((c) => c.required && !best.mapped.has(c.key));
  if (missing.length) {
    throw new ImportFileError(
      `missing required column(s)${where} for the ${t.name} (${best.kind}) template: ${missing.map(label).join(', ')}`,
      ref,
    );
  }
  return { kind: best.kind, columns: [...best.mapped.values()] };
}

// ---------------------------------------------------------------------------------------------
// Cell conversion

class CellError extends Error {
  constructor(
    readonly column: TemplateColumn,
    message: string,
  ) {
    super(`${label(column)}: ${message}`);
  }
}

function cellText(v: Cell): string {
  if (v === undefined) return '';
  if (v instanceof Date) return dateFromJs(v) ?? '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return v.trim();
}

function cellDate(v: Cell, c: TemplateColumn): string | undefined {
  if (v === undefined || v === '') return undefined;
  if (v instanceof Date) {
    const d = dateFromJs(v);
    if (!d) throw new CellError(c, '日期无效 / invalid date');
    return d;
  }
  if (typeof v === 'number') {
    const d =
      Number.isInteger(v) && v >= 10000101 && v <= 99991231 ? parseDate(String(v)) : dateFromExcelSerial(v);
    if (!d) throw new CellError(c, `日期无效 / invalid date "${v}"`);
    return d;
  }
  const s = cellText(v);
  if (s === '') return undefined;
  const d = parseDate(s);
  if (!d) throw new CellError(c, `日期无效 / invalid date "${s}" (expected e.g. 2021-03-01)`);
  return d;
}

function splitNames(s: string): string[] {
  return s
    .split(/[;；\n]/)
    .map((x) => x.trim())
    .filter(Boolean);
}

function splitCodesAligned(s: string): string[] {
  return s.split(/[;；\n]/).map((x) => x.trim());
}

function splitClasses(s: string): string[] {
  const out: string[] = [];
  for (const part of s.split(/[;；|,，、\n]/)) {
    const v = part.trim();
    if (v && !out.includes(v)) out.push(v);
  }
  return out;
}

function parseNice(s: string, c: TemplateColumn): number[] {
  const out: number[] = [];
  for (const part of s.split(/[;；|,，、\s]+/)) {
    const v = part.trim().replace(/^第/, '').replace(/类$/, '');
    if (!v) continue;
    const n = Number(v);
    if (!/^\d+$/.test(v) || n < 1 || n > 45) {
      throw new CellError(
        c,
        `尼斯分类应为 1–45 的整数 / Nice class must be an integer 1–45, got "${part.trim()}"`,
      );
    }
    if (!out.includes(n)) out.push(n);
  }
  return out;
}

const EVENT_RE =
  /^([^\s:：,，|]+)[\s:：,，|]+(\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}日?|\d{8})(?:[\s:：,，|]+([\s\S]*))?$/;

function parseEvents(s: string, c: TemplateColumn): CanonicalEvent[] {
  const out: CanonicalEvent[] = [];
  for (const part of s.split(/[;；\n]/)) {
    const p = part.trim();
    if (!p) continue;
    const m = EVENT_RE.exec(p);
    if (!m)
      throw new CellError(
        c,
        `无法识别的事件 / cannot read event "${p}" (expected 代码:日期[:说明], e.g. GR01:2022-01-04:授权)`,
      );
    const date = parseDate(m[2]!);
    if (!date) throw new CellError(c, `日期无效 / invalid date "${m[2]}" in event "${p}"`);
    const note = m[3]?.trim();
    out.push(note ? { code: m[1]!, date, note } : { code: m[1]!, date });
  }
  return out;
}

const PATENT_TYPES: Record<string, PatentType> = {
  发明: 'invention',
  发明专利: 'invention',
  发明申请: 'invention',
  发明授权: 'invention',
  invention: 'invention',
  实用新型: 'utility_model',
  实用新型专利: 'utility_model',
  utility_model: 'utility_model',
  utilitymodel: 'utility_model',
  外观设计: 'design',
  外观设计专利: 'design',
  外观: 'design',
  design: 'design',
  plant: 'plant',
  植物: 'plant',
};

const TERM_COMPENSATION_KINDS: Record<string, NonNullable<CanonicalRecord['termCompensationKind']>> = {
  审查延迟: 'examination_delay',
  审查延迟补偿: 'examination_delay',
  examination_delay: 'examination_delay',
  新药: 'new_drug',
  新药相关: 'new_drug',
  新药相关补偿: 'new_drug',
  new_drug: 'new_drug',
};

const COPYRIGHT_TYPES: Record<string, CopyrightType> = {
  作品: 'work',
  作品登记: 'work',
  作品著作权: 'work',
  work: 'work',
  软件: 'software',
  软件登记: 'software',
  软件著作权: 'software',
  计算机软件: 'software',
  计算机软件著作权: 'software',
  software: 'software',
};

function parseBool(s: string, c: TemplateColumn): boolean {
  const v = s.trim().toLowerCase();
  if (['是', 'y', 'yes', 'true', '1', '√', '✓'].includes(v)) return true;
  if (['否', 'n', 'no', 'false', '0', '×', '✗'].includes(v)) return false;
  throw new CellError(c, `应为“是”或“否” / expected 是 or 否, got "${s}"`);
}

/** A number of days as written; whether it is a positive whole number is the registry's rule. */
function parseDays(s: string, c: TemplateColumn): number {
  const n = Number(toHalfWidth(s).replace(/\s*天$/, ''));
  if (!Number.isFinite(n)) throw new CellError(c, `应为天数 / expected a number of days, got "${s}"`);
  return n;
}

/** Convert the cells of one row into typed values keyed by field name. */
function convertRow(
  cells: readonly Cell[],
  columns: ResolvedHeader['columns'],
): { values: Map<string, unknown>; errors: CellError[] } {
  const values = new Map<string, unknown>();
  const errors: CellError[] = [];
  for (const { index, column: c } of columns) {
    const raw = cells[index];
    try {
      if (c.type === 'date') {
        const d = cellDate(raw, c);
        if (d) values.set(c.key, d);
        else if (c.required) throw new CellError(c, '必填项为空 / required value is empty');
        continue;
      }
      const s = cellText(raw);
      if (s === '') {
        if (c.required) throw new CellError(c, '必填项为空 / required value is empty');
        continue;
      }
      switch (c.type) {
        case 'text':
          values.set(c.key, s);
          break;
        case 'names': {
          const names = splitNames(s);
          if (names.length) values.set(c.key, names);
          else if (c.required) throw new CellError(c, '必填项为空 / required value is empty');
          break;
        }
        case 'codes':
          values.set(c.key, splitCodesAligned(s));
          break;
        case 'classes':
          values.set(c.key, splitClasses(s).map(normaliseClassSymbol));
          break;
        case 'niceClasses':
          values.set(c.key, parseNice(s, c));
          break;
        case 'events':
          values.set(c.key, parseEvents(s, c));
          break;
        case 'patentType': {
          const t = PATENT_TYPES[s.replace(/\s+/g, '').toLowerCase()];
          if (!t)
            throw new CellError(c, `未知专利类型 / unknown patent type "${s}" (发明 / 实用新型 / 外观设计)`);
          values.set(c.key, t);
          break;
        }
        case 'copyrightType': {
          const t = COPYRIGHT_TYPES[s.replace(/\s+/g, '').toLowerCase()];
          if (!t) throw new CellError(c, `未知登记类别 / unknown registration type "${s}" (作品 / 软件)`);
          values.set(c.key, t);
          break;
        }
        case 'bool':
          values.set(c.key, parseBool(s, c));
          break;
        case 'days':
          values.set(c.key, parseDays(s, c));
          break;
        case 'termCompensationKind': {
          const k = TERM_COMPENSATION_KINDS[s.replace(/\s+/g, '').toLowerCase()];
          if (!k) throw new CellError(c, `未知补偿类型 / unknown compensation kind "${s}" (审查延迟 / 新药)`);
          values.set(c.key, k);
          break;
        }
      }
    } catch (e) {
      if (e instanceof CellError) errors.push(e);
      else throw e;
    }
  }
  return { values, errors };
}

function applicantsOf(values: Map<string, unknown>, kind: TemplateKind): CanonicalApplicant[] {
  const names = (values.get('applicants') as string[] | undefined) ?? [];
  const codes = (values.get('applicantUscc') as string[] | undefined) ?? [];
  if (codes.filter(Boolean).length > 0 && codes.length > names.length) {
    const c = TEMPLATES[kind].columns.find((x) => x.key === 'applicantUscc')!;
    throw new CellError(
      c,
      `${codes.length} 个代码对应 ${names.length} 个名称 / ${codes.length} codes for ${names.length} names`,
    );
  }
  return names.map((name, i) => {
    const uscc = codes[i];
    return uscc ? { name, uscc } : { name };
  });
}

function toRecord(kind: IpKind, values: Map<string, unknown>): CanonicalRecord {
  const record: CanonicalRecord = { kind, office: 'CN', applicants: applicantsOf(values, kind) };
  const extra: Record<string, unknown> = {};
  const target = record as unknown as Record<string, unknown>;
  for (const [key, v] of values) {
    if (key === 'applicants' || key === 'applicantUscc') continue;
    if (EXTRA_KEYS.has(key)) extra[key] = v;
    else target[key] = v;
  }
  if (kind === 'patent' && !record.patentType && record.office.toUpperCase() === 'CN') {
    const t = cnPatentType(record.applicationNumber ?? '') ?? cnPatentType(record.publicationNumber ?? '');
    if (t) record.patentType = t;
  }
  if (Object.keys(extra).length) record.extra = extra;
  record.source = 'tabular';
  return record;
}

function toEntity(values: Map<string, unknown>): EntityRow {
  return Object.fromEntries(values) as unknown as EntityRow;
}

// ---------------------------------------------------------------------------------------------
// Row sources

interface SourceRow {
  ref: string;
  cells: Cell[];
}

async function* csvSource(
  input: AsyncIterable<Buffer | string>,
  fileName: string,
): AsyncGenerator<SourceRow> {
  for await (const row of readCsvRows(input, fileName)) yield { ref: `line ${row.line}`, cells: row.cells };
}

function xlsxValue(v: unknown): Cell {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText))
      return (o.richText as Array<{ text?: string }>).map((r) => r.text ?? '').join('');
    if ('result' in o) return xlsxValue(o.result);
    if ('text' in o) return xlsxValue(o.text);
    if ('error' in o) return undefined;
  }
  return String(v);
}

async function* xlsxSource(input: Readable, fileName: string): AsyncGenerator<SourceRow> {
  const where = fileName ? ` ${fileName}` : '';
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    worksheets: 'emit',
    entries: 'emit',
  });
  let sawSheet = false;
  try {
    for await (const sheet of reader) {
      const name = (sheet as unknown as { name?: string }).name ?? '';
      if (/说明/.test(name)) continue;
      sawSheet = true;
      for await (const row of sheet) {
        const values = (row.values as unknown[]) ?? [];
        const cells: Cell[] = [];
        for (let i = 1; i < values.length; i++) cells.push(xlsxValue(values[i]));
        yield { ref: `row ${row.number}`, cells };
      }
      break; // only the first data worksheet is read (a 说明 sheet is ignored)
    }
  } catch (e) {
    if (e instanceof ImportFileError) throw e;
    throw new ImportFileError(
      `not a readable XLSX workbook${where}: ${e instanceof Error ? e.message : String(e)}`,
    );
  } finally {
    input.destroy();
  }
  if (!sawSheet) throw new ImportFileError(`XLSX workbook${where} has no worksheet`);
}

export interface TabularOptions {
  format?: 'csv' | 'xlsx';
  /** force a template instead of choosing it from the header */
  kind?: TemplateKind;
}

function formatOf(fileName: string, opts: TabularOptions): 'csv' | 'xlsx' {
  if (opts.format) return opts.format;
  return /\.xls[xm]$/i.test(fileName) ? 'xlsx' : 'csv';
}

async function* rowsOf(
  input: Readable,
  fileName: string,
  opts: TabularOptions,
  wantEntity: boolean,
): AsyncGenerator<{ ref: string; kind: TemplateKind; values: Map<string, unknown>; errors: Error[] }> {
  const where = fileName ? ` in ${fileName}` : '';
  const format = formatOf(fileName, opts);
  const source = format === 'xlsx' ? xlsxSource(input, fileName) : csvSource(input, fileName);
  let header: ResolvedHeader | undefined;
  let width = 0;
  let unnamed: number[] = []; // columns inside the header with an empty header cell
  for await (const row of source) {
    if (isBlankRow(row.cells)) continue;
    if (!header) {
      header = resolveHeader(
        row.cells.map((c) => cellText(c)),
        opts.kind ?? (wantEntity ? 'entity' : undefined),
        where,
        row.ref,
      );
      width = row.cells.length;
      const mapped = new Set(header.columns.map((c) => c.index));
      unnamed = row.cells.map((_c, i) => i).filter((i) => !mapped.has(i));
      continue;
    }
    const { values, errors }: { values: Map<string, unknown>; errors: Error[] } = convertRow(
      row.cells,
      header.columns,
    );
    const beyond = row.cells.slice(width).filter((c) => cellText(c) !== '').length;
    if (beyond) errors.push(new Error(`row has ${beyond} value(s) beyond the header's ${width} columns`));
    const orphan = unnamed.filter((i) => cellText(row.cells[i]) !== '');
    if (orphan.length)
      errors.push(new Error(`value(s) in column(s) ${orphan.map((i) => i + 1).join(', ')} without a header`));
    yield { ref: row.ref, kind: header.kind, values, errors };
  }
  if (!header) throw new ImportFileError(`empty file${where}: no header row`);
}

function errorItem(ref: string, errors: Error[]): { ref: string; error: string; field?: string } {
  const first = errors[0]!;
  const item: { ref: string; error: string; field?: string } = {
    ref,
    error: errors.map((e) => e.message).join('; '),
  };
  if (first instanceof CellError) item.field = first.column.key;
  return item;
}

/** Records (patent / trademark / copyright) or entities (主体 template) from a CSV or XLSX file. */
export async function* parseTabular(
  input: Readable,
  fileName = '',
  opts: TabularOptions = {},
): AsyncGenerator<ImportItem> {
  for await (const row of rowsOf(input, fileName, opts, false)) {
    if (row.errors.length) {
      yield errorItem(row.ref, row.errors);
      continue;
    }
    if (row.kind === 'entity') {
      yield { ref: row.ref, entity: toEntity(row.values) };
      continue;
    }
    try {
      yield { ref: row.ref, record: toRecord(row.kind as IpKind, row.values) };
    } catch (e) {
      if (e instanceof CellError) yield errorItem(row.ref, [e]);
      else throw e;
    }
  }
}

/** Entity rows (主体 template) from a CSV or XLSX file. */
export async function* parseEntityRows(
  input: Readable,
  fileName = '',
  opts: Omit<TabularOptions, 'kind'> = {},
): AsyncGenerator<EntityItem> {
  for await (const row of rowsOf(input, fileName, { ...opts, kind: 'entity' }, true)) {
    if (row.errors.length) yield errorItem(row.ref, row.errors);
    else yield { ref: row.ref, entity: toEntity(row.values) };
  }
}

// ---------------------------------------------------------------------------------------------
// Importers

/** true when the head is a ZIP whose entries look like an XLSX workbook. */
export function looksLikeXlsx(head: Buffer, fileName = ''): boolean {
  if (head.length < 4 || head.readUInt32LE(0) !== 0x04034b50) return false;
  return /\.xls[xm]$/i.test(fileName) || head.includes('xl/') || head.includes('[Content_Types].xml');
}

/** true when the first line of a text file looks like a header of one of the templates. */
export function looksLikeTabularCsv(head: Buffer, fileName = ''): boolean {
  if (head.length === 0 || looksBinary(head)) return false;
  const first = (
    decodeHead(head)
      .split(/\r?\n|\r/)
      .find((l) => l.trim() !== '') ?? ''
  ).trim();
  if (first.startsWith('{') || first.startsWith('<')) return false;
  const cells = first.split(/[,\t;]/).map((c) => normHeader(c.replace(/^"|"$/g, '')));
  const known = cells.some((c) => KIND_ORDER.some((k) => LOOKUP[k].has(c)));
  return known || (/\.(csv|tsv)$/i.test(fileName) && cells.length > 1);
}

export const csvImporter: Importer = {
  format: 'csv',
  detect: (head, fileName) => looksLikeTabularCsv(head, fileName),
  parse: (input: Readable, fileName: string) => parseTabular(input, fileName, { format: 'csv' }),
};

export const xlsxImporter: Importer = {
  format: 'xlsx',
  detect: (head, fileName) => looksLikeXlsx(head, fileName),
  parse: (input: Readable, fileName: string) => parseTabular(input, fileName, { format: 'xlsx' }),
};
