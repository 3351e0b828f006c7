/**
 * 战略性新兴产业分类与国际专利分类参照关系表 (2021)(试行), 国知办函规字〔2021〕121号 (domain-rules §7 [M]), as
 * loadable data. A row maps a category to IPC patterns (`*` wildcard: `G06F40*` = every symbol starting G06F40),
 * exclusions (不含…) and keywords; an `ipcOnly` row matches on IPC alone, the others need IPC AND a keyword in the
 * title or abstract. Only the rows domain-rules §7 quotes ship with the platform; the bureau loads the full table.
 */
import type { FieldError } from '../errors.ts';

export interface SeiRow {
  /** category number of the table, e.g. `1.6` (several rows may share one) */
  code: string;
  name: string;
  ipcPatterns: string[];
  ipcExclusions: string[];
  keywords: string[];
  ipcOnly: boolean;
}

export const SEI_SOURCE =
  '国家知识产权局办公室 国知办函规字〔2021〕121号 (2021-02-07), rows as quoted in domain-rules §7 (https://kyk-ip.com/tag/新産業/)';

/**
 * The rows of category 1.6 人工智能 that domain-rules §7 quotes. The third row is quoted with an ellipsis ("G06N3/04,
 * …, G06N5/04" and "人工智能优化操作系统…"): only the symbols and the keyword text actually quoted are shipped.
 */
export const SEI_SEED_ROWS: readonly SeiRow[] = [
  {
    code: '1.6',
    name: '人工智能',
    ipcPatterns: ['G06F40*', 'A61B5/0476', 'A61B5/0478'],
    ipcExclusions: [],
    keywords: [],
    ipcOnly: true,
  },
  {
    code: '1.6',
    name: '人工智能',
    ipcPatterns: ['G05B15/02', 'G06K9/66', 'G07C9/00', 'G08B19/00', 'G08B25/10'],
    ipcExclusions: [],
    keywords: ['生产领域人工智能系统', '智能家居系统'],
    ipcOnly: false,
  },
  {
    code: '1.6',
    name: '人工智能',
    ipcPatterns: ['G06F9/44', 'G06F9/455', 'G06N3/00', 'G06N3/04', 'G06N5/04'],
    ipcExclusions: [],
    keywords: ['人工智能优化操作系统'],
    ipcOnly: false,
  },
];

const PATTERN_RE = /^[A-H](\d{2}([A-Z](\d{1,4}(\/\d{1,6})?)?)?)?\*?$/;

/** Upper case, spaces removed (`g06f 40*` → `G06F40*`). */
export function normalizePattern(p: string): string {
  return p.replace(/\s+/g, '').toUpperCase();
}

export function isIpcPattern(p: string): boolean {
  return PATTERN_RE.test(p);
}

/** `G06F40*` matches every symbol starting `G06F40` (G06F40/30, G06F40/279…); without `*` the symbol must be equal. */
export function ipcMatches(pattern: string, symbol: string): boolean {
  return pattern.endsWith('*') ? symbol.startsWith(pattern.slice(0, -1)) : symbol === pattern;
}

export interface SeiSubject {
  ipc: readonly string[];
  text: string;
}

/** The rows a patent falls under: an IPC pattern matches, no exclusion matches, and (unless ipcOnly) a keyword occurs. */
export function seiMatches(rows: readonly SeiRow[], s: SeiSubject): SeiRow[] {
  return rows.filter((r) => {
    const hit = s.ipc.some(
      (sym) =>
        r.ipcPatterns.some((p) => ipcMatches(p, sym)) && !r.ipcExclusions.some((x) => ipcMatches(x, sym)),
    );
    if (!hit) return false;
    return r.ipcOnly || r.keywords.some((k) => s.text.includes(k));
  });
}

/** The columns of the XLSX / CSV template, in order (the first sheet, a header row, one table row per line). */
export const SEI_TEMPLATE_COLUMNS = [
  { key: 'code', zh: '分类编号', en: 'category number, e.g. 1.6' },
  { key: 'name', zh: '分类名称', en: 'category name' },
  { key: 'ipc', zh: 'IPC', en: 'IPC symbols or patterns (G06F40*), separated by , ， 、 ; or spaces' },
  {
    key: 'exclusions',
    zh: '不含IPC',
    en: 'excluded IPC symbols or patterns, same separators (may be empty)',
  },
  { key: 'keywords', zh: '关键词', en: 'keywords, separated by , ， 、 or ; (empty for IPC-only rows)' },
  { key: 'ipcOnly', zh: '仅IPC', en: '是/否 (yes/no, 1/0): the row matches on IPC alone' },
] as const;

const split = (v: string, re: RegExp): string[] =>
  v
    .split(re)
    .map((x) => x.trim())
    .filter(Boolean);

const YES = new Set(['是', 'y', 'yes', '1', 'true']);
const NO = new Set(['否', 'n', 'no', '0', 'false']);

/** One line of the template → a row, or the field-level reasons it is rejected. */
export function parseSeiLine(cells: readonly string[]): { row: SeiRow } | { errors: FieldError[] } {
  const [code = '', name = '', ipc = '', excl = '', kw = '', only = ''] = cells.map((c) => c.trim());
  const errors: FieldError[] = [];
  if (!/^\d+(\.\d+)*$/.test(code))
    errors.push({ field: 'code', reason: `"${code}" is not a category number such as 1.6` });
  if (!name) errors.push({ field: 'name', reason: 'is empty' });
  const ipcPatterns = split(ipc, /[,，、;；\s]+/).map(normalizePattern);
  const ipcExclusions = split(excl, /[,，、;；\s]+/).map(normalizePattern);
  if (ipcPatterns.length === 0) errors.push({ field: 'ipc', reason: 'no IPC symbol or pattern' });
  for (const [field, list] of [
    ['ipc', ipcPatterns],
    ['exclusions', ipcExclusions],
  ] as const)
    for (const p of list)
      if (!isIpcPattern(p)) errors.push({ field, reason: `"${p}" is not an IPC symbol or pattern` });
  const keywords = split(kw, /[,，、;；]+/);
  const flag = only.toLowerCase();
  let ipcOnly: boolean;
  if (YES.has(flag)) ipcOnly = true;
  else if (NO.has(flag)) ipcOnly = false;
  else if (flag === '') ipcOnly = keywords.length === 0;
  else {
    ipcOnly = false;
    errors.push({ field: 'ipcOnly', reason: `"${only}" is not 是/否` });
  }
  if (!ipcOnly && keywords.length === 0)
    errors.push({ field: 'keywords', reason: 'a row that is not IPC-only needs at least one keyword' });
  if (errors.length) return { errors };
  return { row: { code, name, ipcPatterns, ipcExclusions, keywords, ipcOnly } };
}
