/**
 * 专利导航 (patent navigation) report: from the patents in a report's scope to its sections.
 *
 * Pure: the module reads the rows, this file counts. Every rule a reader could ask about is named here
 * with a version (NAVIGATION_RULES), and the same pattern grammar is used by the server and the form.
 */
import type { FieldError } from '../errors.ts';
import { INDUSTRY_SECTIONS } from '../registry/entity.ts';

// ---------------------------------------------------------------- IPC patterns

/**
 * One IPC pattern of a report's scope. Grammar (upper or lower case, spaces ignored):
 * - `H`, `H01`, `H01M`, with or without a trailing `*`: the section / class / subclass and everything in it;
 * - `G06N3/*` or `G06N3*` or `G06F40*`: main group 3 (40) of the subclass and all its subgroups;
 * - `G06N3/04*`: subgroups of main group 3 whose number starts with `04`;
 * - `G06N3/04`: exactly that symbol.
 * A symbol stored at subclass level only (e.g. `H01M`, as in the CN titles dataset) matches subclass-level
 * and wider patterns, never a group-level one: nothing says which group it is in.
 */
export interface IpcPattern {
  text: string;
  /** `H`, `H01` or `H01M` */
  head: string;
  group?: number;
  /** subgroup digits as written (prefix when `wildcard`) */
  subgroup?: string;
  wildcard: boolean;
}

const PATTERN_RE = /^([A-H](?:\d{2}(?:[A-Z])?)?)(?:(\d{1,4})(?:\/(\d{1,6})?)?)?(\*)?$/;
const SYMBOL_RE = /^([A-H]\d{2}[A-Z])(?:(\d{1,4})\/(\d{1,6}))?$/;

export function parseIpcPattern(
  raw: string,
): { ok: true; pattern: IpcPattern } | { ok: false; reason: string } {
  const text = raw.replace(/\s+/g, '').toUpperCase();
  if (!text) return { ok: false, reason: 'is empty' };
  const m = PATTERN_RE.exec(text);
  if (!m) return { ok: false, reason: `"${raw}" is not an IPC pattern (e.g. H01M*, G06N3/*, G06N3/04)` };
  const [, head, group, subgroup, star] = m;
  const wildcard = star === '*';
  if (group !== undefined && head!.length < 4)
    return { ok: false, reason: `"${raw}": a group number needs a full subclass (e.g. G06N3/*)` };
  if (group !== undefined && subgroup === undefined && !wildcard && !text.endsWith('/'))
    return { ok: false, reason: `"${raw}": write G06N3/* for a whole main group or G06N3/04 for one symbol` };
  if (text.endsWith('/') && !wildcard)
    return { ok: false, reason: `"${raw}": end with * for a whole main group (e.g. G06N3/*)` };
  return {
    ok: true,
    pattern: {
      text,
      head: head!,
      ...(group !== undefined ? { group: Number(group) } : {}),
      ...(subgroup !== undefined ? { subgroup } : {}),
      wildcard: wildcard || group === undefined,
    },
  };
}

/** Parse every pattern; the errors name `field[i]` and the reason. */
export function parseIpcPatterns(
  raw: readonly string[],
  field = 'ipc',
): { patterns: IpcPattern[]; errors: FieldError[] } {
  const patterns: IpcPattern[] = [];
  const errors: FieldError[] = [];
  raw.forEach((r, i) => {
    const p = parseIpcPattern(r);
    if (p.ok) patterns.push(p.pattern);
    else errors.push({ field: `${field}[${i}]`, reason: p.reason });
  });
  return { patterns, errors };
}

export function ipcMatches(symbol: string, p: IpcPattern): boolean {
  const m = SYMBOL_RE.exec(symbol);
  if (!m) return false;
  const [, subclass, group, subgroup] = m;
  if (p.group === undefined) return subclass!.startsWith(p.head);
  if (subclass !== p.head || group === undefined || Number(group) !== p.group) return false;
  if (p.subgroup === undefined) return true;
  const pad = (x: string) => x.padStart(2, '0');
  return p.wildcard ? subgroup!.startsWith(p.subgroup) : pad(subgroup!) === pad(p.subgroup);
}

export function matchesAnyIpc(symbols: readonly string[], patterns: readonly IpcPattern[]): boolean {
  return symbols.some((s) => patterns.some((p) => ipcMatches(s, p)));
}

/** The literal text every symbol a pattern matches starts with (narrows the database scan). */
export function ipcPatternPrefix(p: IpcPattern): string {
  return p.group === undefined ? p.head : `${p.head}${p.group}/`;
}

/** GB/T 4754 industry code, by the entity register's rule: a section letter and 2–4 digits (C39, I65, C3911). */
export function checkIndustryCode(raw: string): { ok: true; code: string } | { ok: false; reason: string } {
  const code = raw.trim().toUpperCase();
  if (!/^[A-T](\d{2}(\d{1,2})?)?$/.test(code) || !INDUSTRY_SECTIONS[code[0]!])
    return {
      ok: false,
      reason: `"${raw}" is not a GB/T 4754 code (section letter A–T and 2–4 digits, e.g. C39)`,
    };
  return { ok: true, code };
}

// ---------------------------------------------------------------- input rows

/** One patent in the report's scope, as the module reads it. */
export interface NavPatent {
  id: number;
  /** year of the filing date; null when the record has no filing date */
  filingYear: number | null;
  /** normalised IPC symbols (`H01M`, `H01M10/05`) */
  ipc: readonly string[];
  /** applicant names in published order, each once */
  applicants: readonly string[];
  /** applicants linked to an entity of the region */
  regionApplicants: readonly string[];
  /** the first owner is an entity of the region (docs/analytics.md, `first_owner`) */
  inRegion: boolean;
}

export interface NavOptions {
  /** filing years, inclusive; undated patents are left out of a bounded period */
  from?: number;
  to?: number;
  topN?: number;
  gap?: GapRule;
}

// ---------------------------------------------------------------- rules

/**
 * Gap rule (区域短板), version nav-gap-rta-1. For every IPC subclass of the patents in scope:
 * - active overall when all applicants filed at least `minActive` patents in it;
 * - RTA (revealed technological advantage, Balassa/Soete) = (region_s / region_total) / (all_s / all_total);
 * - a gap when it is active and RTA < `maxRta`: `absent` when the region has none, else `weak`.
 * With no region patent in scope at all, every active subclass is `absent`. Gaps are sorted by all_s, descending.
 */
export interface GapRule {
  minActive: number;
  maxRta: number;
}

export const DEFAULT_GAP_RULE: GapRule = { minActive: 5, maxRta: 0.5 };

/**
 * Life-cycle stage (技术生命周期), version nav-lifecycle-1: the dated years in scope are split into an earlier
 * and a later half (the middle year of an odd count goes to neither); the sums of filings and of distinct
 * applicants of the halves are compared. Both up → growth (成长期); filings up, applicants flat or down →
 * maturity (成熟期); both down → decline (衰退期); filings down, applicants up → transition (调整期);
 * unchanged filings → stable (平稳). Fewer than 4 dated years → insufficient (数据不足).
 */
export type LifecycleStage = 'growth' | 'maturity' | 'decline' | 'transition' | 'stable' | 'insufficient';

export const NAVIGATION_RULES = {
  region: 'first_owner (docs/analytics.md)',
  scope:
    'nav-scope-1: IPC patterns on any IPC symbol of the patent; SEI category by the loaded concordance; industry on the first owner (GB/T 4754 prefix); combined with AND',
  composition: 'nav-composition-1: a patent counts once in each distinct subclass / main group it carries',
  applicants:
    'nav-applicants-1: a patent counts once for each distinct applicant name; region list = applicants linked to a region entity',
  lifecycle: 'nav-lifecycle-1',
  gap: 'nav-gap-rta-1',
} as const;

// ---------------------------------------------------------------- sections

export interface TrendRow {
  year: number;
  all: number;
  region: number;
}
export interface CountRow {
  code: string;
  all: number;
  region: number;
}
export interface ApplicantRow {
  name: string;
  patents: number;
}
export interface LifecyclePoint {
  year: number;
  applicants: number;
  filings: number;
}
export interface GapRow {
  code: string;
  all: number;
  region: number;
  allShare: number;
  regionShare: number;
  rta: number;
  kind: 'absent' | 'weak';
}

export interface NavigationSections {
  totals: {
    all: number;
    region: number;
    regionShare: number | null;
    undatedAll: number;
    undatedRegion: number;
  };
  trend: TrendRow[];
  subclasses: CountRow[];
  mainGroups: CountRow[];
  topApplicants: ApplicantRow[];
  topRegionApplicants: ApplicantRow[];
  lifecycle: { points: LifecyclePoint[]; stage: LifecycleStage };
  gaps: GapRow[];
  /** ids of the region's patents in scope (for the high-value look-up) */
  regionIds: number[];
}

export function inPeriod(p: NavPatent, o: Pick<NavOptions, 'from' | 'to'>): boolean {
  if (o.from === undefined && o.to === undefined) return true;
  if (p.filingYear === null) return false;
  return (o.from === undefined || p.filingYear >= o.from) && (o.to === undefined || p.filingYear <= o.to);
}

const bump = (m: Map<string, number>, k: string, by = 1) => m.set(k, (m.get(k) ?? 0) + by);

function byCountThenKey<T extends { code?: string; name?: string }>(count: (x: T) => number) {
  return (a: T, b: T) =>
    count(b) - count(a) || String(a.code ?? a.name).localeCompare(String(b.code ?? b.name));
}

export function filingTrend(patents: readonly NavPatent[]): TrendRow[] {
  const rows = new Map<number, TrendRow>();
  for (const p of patents) {
    if (p.filingYear === null) continue;
    const r = rows.get(p.filingYear) ?? { year: p.filingYear, all: 0, region: 0 };
    r.all++;
    if (p.inRegion) r.region++;
    rows.set(p.filingYear, r);
  }
  return [...rows.values()].sort((a, b) => a.year - b.year);
}

const mainGroupOf = (s: string): string | undefined => {
  const m = SYMBOL_RE.exec(s);
  return m && m[2] !== undefined ? `${m[1]}${m[2]}/00` : undefined;
};

/** Patents per IPC subclass or main group (`H01M10/00`), all applicants and the region's. */
export function composition(patents: readonly NavPatent[], level: 'subclass' | 'main_group'): CountRow[] {
  const all = new Map<string, number>();
  const region = new Map<string, number>();
  for (const p of patents) {
    const codes = new Set<string>();
    for (const s of p.ipc) {
      const code = level === 'subclass' ? s.slice(0, 4) : mainGroupOf(s);
      if (code && code.length >= 4) codes.add(code);
    }
    for (const c of codes) {
      bump(all, c);
      if (p.inRegion) bump(region, c);
    }
  }
  return [...all.entries()]
    .map(([code, n]) => ({ code, all: n, region: region.get(code) ?? 0 }))
    .sort(byCountThenKey((r) => r.all));
}

export function topApplicants(
  patents: readonly NavPatent[],
  pick: (p: NavPatent) => readonly string[],
  n: number,
): ApplicantRow[] {
  const counts = new Map<string, number>();
  for (const p of patents) for (const a of new Set(pick(p))) bump(counts, a);
  return [...counts.entries()]
    .map(([name, patents]) => ({ name, patents }))
    .sort(byCountThenKey((r) => r.patents))
    .slice(0, n);
}

/** Distinct applicants and filings per filing year (the life-cycle curve); undated patents are left out. */
export function lifecyclePoints(patents: readonly NavPatent[]): LifecyclePoint[] {
  const years = new Map<number, { names: Set<string>; filings: number }>();
  for (const p of patents) {
    if (p.filingYear === null) continue;
    const y = years.get(p.filingYear) ?? { names: new Set<string>(), filings: 0 };
    y.filings++;
    for (const a of p.applicants) y.names.add(a);
    years.set(p.filingYear, y);
  }
  return [...years.entries()]
    .map(([year, y]) => ({ year, applicants: y.names.size, filings: y.filings }))
    .sort((a, b) => a.year - b.year);
}

export function lifecycleStage(points: readonly LifecyclePoint[]): LifecycleStage {
  if (points.length < 4) return 'insufficient';
  const half = Math.floor(points.length / 2);
  const early = points.slice(0, half);
  const late = points.slice(points.length - half);
  const sum = (xs: readonly LifecyclePoint[], k: 'applicants' | 'filings') =>
    xs.reduce((a, x) => a + x[k], 0);
  const df = sum(late, 'filings') - sum(early, 'filings');
  const da = sum(late, 'applicants') - sum(early, 'applicants');
  if (df > 0) return da > 0 ? 'growth' : 'maturity';
  if (df < 0) return da > 0 ? 'transition' : 'decline';
  return 'stable';
}

/** The gap rule (see GapRule) over subclass counts. */
export function regionGaps(
  subclasses: readonly CountRow[],
  totals: { all: number; region: number },
  rule: GapRule = DEFAULT_GAP_RULE,
): GapRow[] {
  const out: GapRow[] = [];
  if (totals.all === 0) return out;
  for (const s of subclasses) {
    if (s.all < rule.minActive) continue;
    const allShare = s.all / totals.all;
    const regionShare = totals.region === 0 ? 0 : s.region / totals.region;
    const rta = regionShare / allShare;
    if (s.region === 0) out.push({ ...s, allShare, regionShare, rta, kind: 'absent' });
    else if (rta < rule.maxRta) out.push({ ...s, allShare, regionShare, rta, kind: 'weak' });
  }
  return out.sort(byCountThenKey((r) => r.all));
}

/** All sections of a report from the patents in scope (the period is applied here). */
export function navigationSections(rows: readonly NavPatent[], o: NavOptions = {}): NavigationSections {
  const topN = o.topN ?? 20;
  const patents = rows.filter((p) => inPeriod(p, o));
  const all = patents.length;
  const regionPatents = patents.filter((p) => p.inRegion);
  const region = regionPatents.length;
  const subclasses = composition(patents, 'subclass');
  const points = lifecyclePoints(patents);
  return {
    totals: {
      all,
      region,
      regionShare: all === 0 ? null : region / all,
      undatedAll: patents.filter((p) => p.filingYear === null).length,
      undatedRegion: regionPatents.filter((p) => p.filingYear === null).length,
    },
    trend: filingTrend(patents),
    subclasses,
    mainGroups: composition(patents, 'main_group'),
    topApplicants: topApplicants(patents, (p) => p.applicants, topN),
    topRegionApplicants: topApplicants(patents, (p) => p.regionApplicants, topN),
    lifecycle: { points, stage: lifecycleStage(points) },
    gaps: regionGaps(subclasses, { all, region }, o.gap),
    regionIds: regionPatents.map((p) => p.id),
  };
}
