/**
 * Official indicators (domain-rules §6), each defined once as data: formula, unit, rounding (half-up, to the
 * precision the sources publish), rule version and basis. Plus the as-of validity rule (`validOn`) that every
 * count uses, and the arithmetic of the formulas. Pure: the module supplies the counts and denominators.
 */
import { plusDays } from '../calendar/dates.ts';
import { RuleError } from '../errors.ts';
import { anniversaryStarting, graceEnd } from '../lifecycle/fees.ts';
import { addMonthsPeriod, addYearsPeriod } from '../lifecycle/periods.ts';
import { expiryDate } from '../lifecycle/term.ts';

export type DenominatorKind = 'population' | 'market_entities' | 'new_market_entities';

export const DENOMINATOR_KINDS: readonly DenominatorKind[] = [
  'population',
  'market_entities',
  'new_market_entities',
];

/** What the numerator counts; the module maps each to one query over the precomputed validity table. */
export type NumeratorKind =
  | { count: 'valid'; kindKey: string }
  | { count: 'valid_high_value'; kindKey: string }
  | { count: 'registered_in_period'; kindKey: string }
  | { count: 'filed_in_year'; kindKey: string }
  | { count: 'pledge_amount' };

export interface IndicatorDef {
  id: string;
  nameZh: string;
  nameEn: string;
  formula: string;
  unit: string;
  /** decimals of the half-up rounding */
  decimals: number;
  /** why this precision: the published figure it follows */
  precisionSource: string;
  numerator: NumeratorKind;
  denominator: { kind: DenominatorKind; perUnit: number } | null;
  /** year-on-year growth of another indicator's value (percent) */
  growthOf?: string;
  ruleVersion: string;
  basis: string;
  confidence: 'H' | 'M' | 'L';
}

/** The region rule of docs/analytics.md: an asset belongs to the region of its first owner's entity. */
export const ATTRIBUTION = 'first_owner';

const INVENTION = 'patent:invention';
const UTILITY = 'patent:utility_model';
const DESIGN = 'patent:design';
const TRADEMARK = 'trademark';

const count = (
  id: string,
  nameZh: string,
  nameEn: string,
  numerator: NumeratorKind,
  formula: string,
): IndicatorDef => ({
  id,
  nameZh,
  nameEn,
  formula,
  unit: '件',
  decimals: 0,
  precisionSource: 'a count',
  numerator,
  denominator: null,
  ruleVersion: `${id}@2025.1+${ATTRIBUTION}`,
  basis: 'domain-rules §6 (counts behind the indicators); validity as of the date per validOn',
  confidence: 'H',
});

const growth = (of: IndicatorDef): IndicatorDef => ({
  id: `${of.id}_yoy`,
  nameZh: `${of.nameZh}同比增长`,
  nameEn: `${of.nameEn}, year-on-year growth`,
  formula: `(${of.id}(at) − ${of.id}(at − 1 year)) ÷ ${of.id}(at − 1 year) × 100`,
  unit: '%',
  decimals: 1,
  precisionSource:
    'platform choice [L]: growth rates are reported to 1 decimal in CNIPA statistics releases; no source in domain-rules',
  numerator: of.numerator,
  denominator: null,
  growthOf: of.id,
  ruleVersion: `${of.id}_yoy@2025.1+${ATTRIBUTION}`,
  basis: 'year-on-year change of the count',
  confidence: 'L',
});

const VALID_INVENTIONS = count(
  'valid_invention_patents',
  '有效发明专利拥有量',
  'Valid invention patents',
  { count: 'valid', kindKey: INVENTION },
  'valid CN invention patents at the date (validOn)',
);
const VALID_UTILITY = count(
  'valid_utility_model_patents',
  '有效实用新型专利量',
  'Valid utility-model patents',
  { count: 'valid', kindKey: UTILITY },
  'valid CN utility-model patents at the date (validOn)',
);
const VALID_DESIGNS = count(
  'valid_design_patents',
  '有效外观设计专利量',
  'Valid design patents',
  { count: 'valid', kindKey: DESIGN },
  'valid CN design patents at the date (validOn)',
);
const VALID_TRADEMARKS = count(
  'valid_trademarks',
  '有效注册商标量',
  'Valid registered trademarks',
  { count: 'valid', kindKey: TRADEMARK },
  'valid CN registered trademarks at the date (validOn)',
);
const HIGH_VALUE = count(
  'high_value_invention_patents',
  '高价值发明专利拥有量',
  'High-value invention patents',
  { count: 'valid_high_value', kindKey: INVENTION },
  'valid invention patents in at least one of the five CNIPA categories (union, counted once)',
);
const NEW_TRADEMARKS = count(
  'new_trademarks',
  '新增注册商标',
  'New registered trademarks',
  { count: 'registered_in_period', kindKey: TRADEMARK },
  'CN trademarks registered within the period of the new-market-entity denominator',
);

export const INDICATORS: readonly IndicatorDef[] = [
  {
    id: 'invention_patents_per_10k_pop',
    nameZh: '每万人口发明专利拥有量',
    nameEn: 'Valid invention patents per 10,000 population',
    formula: 'valid invention patents at the date ÷ (resident population at the date ÷ 10,000)',
    unit: '件/万人',
    decimals: 2,
    precisionSource: 'Xuhui publishes 129.98 (domain-rules §6.6)',
    numerator: { count: 'valid', kindKey: INVENTION },
    denominator: { kind: 'population', perUnit: 10_000 },
    ruleVersion: `invention_patents_per_10k_pop@2025.1+${ATTRIBUTION}`,
    basis: 'domain-rules §6.1 [H]: 年末发明专利拥有量 ÷ 年末常住人口(万人)',
    confidence: 'H',
  },
  {
    id: 'high_value_invention_patents_per_10k_pop',
    nameZh: '每万人口高价值发明专利拥有量',
    nameEn: 'High-value invention patents per 10,000 population',
    formula: 'valid high-value invention patents (union of the 5 CNIPA categories) ÷ (population ÷ 10,000)',
    unit: '件/万人',
    decimals: 1,
    precisionSource: 'CNIPA publishes 7.5 (2021) and 9.4 (2022) (domain-rules §6.2)',
    numerator: { count: 'valid_high_value', kindKey: INVENTION },
    denominator: { kind: 'population', perUnit: 10_000 },
    ruleVersion: `high_value_invention_patents_per_10k_pop@2025.1+${ATTRIBUTION}`,
    basis: 'domain-rules §6.2 [H]: CNIPA 2021 Q2 press conference, five categories, union not sum',
    confidence: 'H',
  },
  {
    id: 'valid_trademarks_per_10k_entities',
    nameZh: '万户市场主体平均有效商标拥有量',
    nameEn: 'Valid trademarks per 10,000 market entities',
    formula: 'valid registered trademarks ÷ market entities × 10,000',
    unit: '件/万户',
    decimals: 0,
    precisionSource: 'Xuhui publishes 14008 (domain-rules §6.6)',
    numerator: { count: 'valid', kindKey: TRADEMARK },
    denominator: { kind: 'market_entities', perUnit: 10_000 },
    ruleVersion: `valid_trademarks_per_10k_entities@2025.1+${ATTRIBUTION}`,
    basis: 'domain-rules §6.3 [H for the ratio; L for the per-10k wording]',
    confidence: 'M',
  },
  {
    id: 'new_trademarks_per_new_entity',
    nameZh: '每新增1户市场主体同时新增注册商标',
    nameEn: 'New registered trademarks per new market entity',
    formula: 'trademarks registered in the period ÷ new market entities in the period, half-up to 2 dp',
    unit: '件/户',
    decimals: 2,
    precisionSource: 'reproduced exactly for all 16 Shanghai districts, 2019 H1 (domain-rules §6.3)',
    numerator: { count: 'registered_in_period', kindKey: TRADEMARK },
    denominator: { kind: 'new_market_entities', perUnit: 1 },
    ruleVersion: `new_trademarks_per_new_entity@2025.1+${ATTRIBUTION}`,
    basis: 'domain-rules §6.3 [H] (商标局 + 上海市市场监督管理局)',
    confidence: 'H',
  },
  {
    id: 'pct_applications',
    nameZh: 'PCT国际专利申请量',
    nameEn: 'PCT international applications',
    formula: 'PCT international applications (office WO) filed in the calendar year up to the date',
    unit: '件',
    decimals: 0,
    precisionSource: 'a count (CNIPA yearly tables, domain-rules §6.4)',
    numerator: { count: 'filed_in_year', kindKey: 'pct' },
    denominator: null,
    ruleVersion: `pct_applications@2025.1+${ATTRIBUTION}`,
    basis: 'domain-rules §6.4 [M]: by applicant address; the district rule was not found',
    confidence: 'M',
  },
  {
    id: 'pledge_amount',
    nameZh: '知识产权质押融资登记金额',
    nameEn: 'IP pledge financing registered amount',
    formula:
      'sum of 被担保债权数额 of patent and trademark pledges registered in the calendar year up to the date',
    unit: '元',
    decimals: 2,
    precisionSource: 'yuan and fen, as registered',
    numerator: { count: 'pledge_amount' },
    denominator: null,
    ruleVersion: `pledge_amount@2025.1+${ATTRIBUTION}`,
    basis: 'domain-rules §6.5 [M]: patent part + trademark part',
    confidence: 'M',
  },
  VALID_INVENTIONS,
  HIGH_VALUE,
  VALID_UTILITY,
  VALID_DESIGNS,
  VALID_TRADEMARKS,
  NEW_TRADEMARKS,
  growth(VALID_INVENTIONS),
  growth(HIGH_VALUE),
  growth(VALID_UTILITY),
  growth(VALID_DESIGNS),
  growth(VALID_TRADEMARKS),
];

export type IndicatorId = (typeof INDICATORS)[number]['id'];

export function indicatorDef(id: string): IndicatorDef {
  const d = INDICATORS.find((x) => x.id === id);
  if (!d) throw new RuleError('VALIDATION', `unknown indicator ${id}`, [{ field: 'id', reason: 'unknown' }]);
  return d;
}

// ---------------------------------------------------------------------------------------------------
// Arithmetic

/** Half-up rounding on the decimal value (1.005 → 1.01), away from zero for negatives. */
export function roundHalfUp(x: number, decimals: number): number {
  const sign = x < 0 ? -1 : 1;
  const shifted = Number(`${Math.abs(x)}e${decimals}`);
  return sign * Number(`${Math.round(shifted)}e-${decimals}`);
}

/** numerator × perUnit ÷ denominator (per 10,000 persons / entities, or per 1), rounded; null without a denominator. */
export function ratio(def: IndicatorDef, numerator: number, denominator: number | null): number | null {
  if (!def.denominator) return roundHalfUp(numerator, def.decimals);
  if (denominator === null || !(denominator > 0)) return null;
  return roundHalfUp((numerator * def.denominator.perUnit) / denominator, def.decimals);
}

/** Year-on-year growth in percent, or null when the previous value is zero. */
export function growthPercent(current: number, previous: number, decimals = 1): number | null {
  if (previous === 0) return null;
  return roundHalfUp(((current - previous) / previous) * 100, decimals);
}

/** 知识产权质押融资登记金额: the patent part plus the trademark part (domain-rules §6.5). */
export function pledgeTotal(parts: readonly number[]): number {
  return roundHalfUp(
    parts.reduce((s, p) => s + p, 0),
    2,
  );
}

// ---------------------------------------------------------------------------------------------------
// Validity as of a date

export interface ValidityInput {
  kind: string;
  office: string;
  subType: string | null;
  filingDate: string | null;
  grantDate: string | null;
  registrationDate: string | null;
  events: readonly { code: string; date: string }[];
  /** 专利权期限补偿 days recorded for an invention (lifecycle/term.ts): the term ends that much later */
  termCompensationDays?: number | null;
}

/** A half-open interval [from, to) of days on which a right is valid; `to` null = still valid. */
export interface ValidInterval {
  from: string;
  to: string | null;
}

/** Events that end a right on their own date (domain-rules §10.1; trademark codes of the platform). */
const ENDS_ON_EVENT_DATE = new Set(['CX01', 'IW01', 'AV01', 'TM_CANCEL', 'TM_INVALID', 'TM_REVOKE']);

/**
 * The date a CF01 (未缴年费专利权终止) takes effect: the original due date of the unpaid fee
 * (domain-rules §3.4 "terminates as of the original due date"). The fee is the one whose grace period
 * (due + 6 months) ended last before the CF01 was published — the pairing the lifecycle schedule uses
 * (deadlines.ts: "a CF01 published after this year's grace end and before the next one's is this year's lapse").
 */
export function cf01EffectiveDate(filingDate: string, grantDate: string, cf01Date: string): string {
  let effective = cf01Date;
  for (let year = 2; year <= 21; year++) {
    const due = anniversaryStarting(filingDate, year);
    if (due <= grantDate) continue; // the grant-year fee is paid at registration
    if (graceEnd(due) >= cf01Date) break;
    effective = due;
  }
  return effective;
}

function byDate(a: { date: string }, b: { date: string }): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : 0;
}

/**
 * When the term ends (exclusive), counting trademark renewals recorded by `knownOn` and an invention's
 * recorded term-compensation days (expiryDate adds them).
 */
function termEnd(a: ValidityInput, knownOn: string): string | null {
  const renewals = a.events.filter((e) => e.code === 'TM_RENEW' && e.date <= knownOn).length;
  const last = expiryDate({ ...a, renewals });
  return last ? plusDays(last, 1) : null;
}

/**
 * The intervals on which a right is valid (有效), with the events known on `knownOn` (normally today):
 * - it starts on the grant announcement (patents, 专利法 第三十九条 via domain-rules §3.1) or the registration
 *   date (trademarks); a right without that date is not counted (a "granted" flag alone gives no date);
 * - it ends on CX01 / IW01 / AV01 / trademark cancellation dates, on the day after the statutory term, or — for
 *   CF01 — on the original due date of the unpaid fee (cf01EffectiveDate), retroactively;
 * - RR01 (权利的恢复) after a CF01 restores the right as if it had never lapsed: no gap;
 * - a trademark past its term is valid during the 6-month 宽展期 while renewal is still possible on `knownOn`
 *   (商标法 第四十条: the mark is cancelled only if not renewed; a renewal runs from the day after the previous
 *   expiry, so the right is continuous); once the grace period has passed without renewal it ended at expiry.
 * Copyrights are not counted by any indicator and get no interval.
 */
export function validityIntervals(a: ValidityInput, knownOn: string): ValidInterval[] {
  const start = a.kind === 'patent' ? a.grantDate : a.kind === 'trademark' ? a.registrationDate : null;
  if (!start) return [];
  const events = [...a.events].filter((e) => e.date <= knownOn).sort(byDate);
  let end: string | null = null;
  const endAt = (d: string) => {
    if (end === null || d < end) end = d;
  };
  for (const e of events) if (ENDS_ON_EVENT_DATE.has(e.code)) endAt(e.date);
  if (a.kind === 'patent' && a.filingDate) {
    const restorations = events.filter((e) => e.code === 'RR01');
    for (const cf of events.filter((e) => e.code === 'CF01')) {
      if (restorations.some((r) => r.date >= cf.date)) continue;
      endAt(cf01EffectiveDate(a.filingDate, start, cf.date));
    }
  }
  const term = a.office === 'CN' ? termEnd(a, knownOn) : null;
  if (term) {
    const inGrace = a.kind === 'trademark' && knownOn < addMonthsPeriod(term, 6) && knownOn >= term;
    if (!inGrace) endAt(term);
  }
  const to = end as string | null;
  if (to !== null && to <= start) return [];
  return [{ from: start, to }];
}

/** Valid (有效) on `date`, from the events known on `knownOn` (docs/analytics.md "Valid on date D"). */
export function validOn(a: ValidityInput, date: string, knownOn: string): boolean {
  return validityIntervals(a, knownOn).some((i) => i.from <= date && (i.to === null || date < i.to));
}

/** The same date one year earlier (29 Feb → 28 Feb), for year-on-year growth. */
export function yearBefore(date: string): string {
  return addYearsPeriod(date, -1);
}

// ---------------------------------------------------------------------------------------------------
// Reporting periods (snapshots): a year `2025`, a half `2025H1`, a quarter `2025Q4` or a month `2025M03`

const PERIOD_RE = /^(\d{4})(?:(H)([12])|(Q)([1-4])|(M)(0[1-9]|1[0-2]))?$/;

/** The last day of a reporting period, or undefined when the label is not one. */
export function periodEndOf(period: string): string | undefined {
  const m = PERIOD_RE.exec(period);
  if (!m) return undefined;
  const year = Number(m[1]);
  const months = m[2] ? Number(m[3]) * 6 : m[4] ? Number(m[5]) * 3 : m[6] ? Number(m[7]) : 12;
  return plusDays(addMonthsPeriod(`${year}-${String(months).padStart(2, '0')}-01`, 1), -1);
}

/** The last quarter that has ended on or before `date` (the bureau reports every quarter, issue 5). */
export function lastQuarterEnded(date: string): string {
  const year = Number(date.slice(0, 4));
  for (let q = 4; q >= 1; q--) if (periodEndOf(`${year}Q${q}`)! <= date) return `${year}Q${q}`;
  return `${year - 1}Q4`;
}
