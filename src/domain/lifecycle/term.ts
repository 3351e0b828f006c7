import { dayNumber, isIsoDate, parseDate, plusDays } from '../calendar/dates.ts';
import type { FieldError } from '../errors.ts';
import { addYearsPeriod } from './periods.ts';
/**
 * Statutory terms (domain-rules §3.1, §4.1). The last protected day is the day before the Nth
 * anniversary of the start date. Rules that change with law are data with their legal basis.
 */
export interface TermRule {
  kind: 'invention' | 'utility_model' | 'design' | 'trademark';
  years: number;
  /** applies to rights whose start date (filing / registration) is on or after this date */
  from: string;
  basis: string;
}

export const TERM_RULES: readonly TermRule[] = [
  { kind: 'invention', years: 20, from: '1985-04-01', basis: '专利法 第四十二条' },
  { kind: 'utility_model', years: 10, from: '1985-04-01', basis: '专利法 第四十二条' },
  { kind: 'design', years: 10, from: '1985-04-01', basis: '专利法 (2008) 第四十二条' },
  {
    kind: 'design',
    years: 15,
    from: '2021-06-01',
    basis: '专利法 (2020) 第四十二条; 国家知识产权局公告第四二三号 (filed on or after 2021-06-01)',
  },
  { kind: 'trademark', years: 10, from: '1983-03-01', basis: '商标法 第三十九条 (from 核准注册之日)' },
];

/** The rule of the kind in force for a start date: the one with the latest `from` not after it. */
export function termRule(kind: TermRule['kind'], start: string): TermRule | undefined {
  let best: TermRule | undefined;
  for (const r of TERM_RULES)
    if (r.kind === kind && r.from <= start && (!best || r.from > best.from)) best = r;
  return best;
}

/** Last day of protection, or undefined when the term is not known from the data given. */
export function expiryDate(a: {
  kind: string;
  office: string;
  subType: string | null;
  filingDate: string | null;
  registrationDate: string | null;
  /** trademark renewals recorded (each adds a 10-year term from the day after the previous expiry) */
  renewals?: number;
  /** 专利权期限补偿 days decided by CNIPA and recorded (inventions only): the last day moves by as many days */
  termCompensationDays?: number | null;
}): string | undefined {
  if (a.office !== 'CN') return undefined;
  if (a.kind === 'patent' && a.filingDate && a.subType && a.subType !== 'plant') {
    const last = statutoryPatentExpiry(a.subType, a.filingDate);
    const extra = a.subType === 'invention' ? (a.termCompensationDays ?? 0) : 0;
    return last && extra > 0 ? plusDays(last, extra) : last;
  }
  if (a.kind === 'trademark' && a.registrationDate) {
    const rule = termRule('trademark', a.registrationDate);
    return rule
      ? plusDays(addYearsPeriod(a.registrationDate, rule.years * (1 + (a.renewals ?? 0))), -1)
      : undefined;
  }
  return undefined;
}

/** The last day of a CN patent's statutory term, before any term compensation. */
function statutoryPatentExpiry(subType: string, filingDate: string): string | undefined {
  const rule = termRule(subType as TermRule['kind'], filingDate);
  return rule ? plusDays(addYearsPeriod(filingDate, rule.years), -1) : undefined;
}

// ---------------------------------------------------------------------------------------------------
// Term compensation (专利权期限补偿, 专利法 (2020) 第四十二条第二款、第三款; domain-rules §3.1)

export type TermCompensationKind = 'examination_delay' | 'new_drug';
export const TERM_COMPENSATION_KINDS: readonly TermCompensationKind[] = ['examination_delay', 'new_drug'];

/**
 * The law's scope for compensation: invention patents whose grant was announced on or after this date.
 * CNIPA decides the days on request; the platform records the decided number, it never computes it.
 */
export const TERM_COMPENSATION_RULE = {
  grantedFrom: '2021-06-01',
  newDrugMaxYears: 5,
  basis: '专利法 (2020) 第四十二条第二款、第三款 (in force 2021-06-01)',
} as const;

/**
 * The most days a new-drug compensation may add: exactly 5 years counted from the day after the statutory
 * expiry with the period rule of lifecycle/periods (so 1826 or 1827 days by the leap days inside). Without
 * a filing date the longest 5 years can be (two leap days: 1827) is the bound.
 */
export function newDrugMaxDays(filingDate: string | null | undefined): number {
  const last =
    filingDate && isIsoDate(filingDate) ? statutoryPatentExpiry('invention', filingDate) : undefined;
  if (!last) return 5 * 365 + 2;
  const start = plusDays(last, 1);
  return daysBetween(start, addYearsPeriod(start, TERM_COMPENSATION_RULE.newDrugMaxYears));
}

function daysBetween(from: string, to: string): number {
  const a = parseDate(from);
  const b = parseDate(to);
  return dayNumber(b.year, b.month, b.day) - dayNumber(a.year, a.month, a.day);
}

export interface TermCompensationInput {
  kind: string;
  office: string;
  subType: string | null | undefined;
  filingDate: string | null | undefined;
  grantDate: string | null | undefined;
  days: unknown;
  compensationKind?: unknown;
}

/**
 * Field errors for recorded term-compensation days (empty = acceptable). The same rule serves the
 * registry (normalizeRecord) and the asset form as the user types.
 */
export function checkTermCompensation(c: TermCompensationInput): FieldError[] {
  const errors: FieldError[] = [];
  const field = 'termCompensationDays';
  const kindGiven =
    c.compensationKind !== undefined && c.compensationKind !== null && c.compensationKind !== '';
  if (kindGiven && !TERM_COMPENSATION_KINDS.includes(c.compensationKind as TermCompensationKind))
    errors.push({
      field: 'termCompensationKind',
      reason: `must be examination_delay or new_drug, not "${String(c.compensationKind)}"`,
    });
  if (c.days === undefined || c.days === null || c.days === '') {
    if (kindGiven) errors.push({ field, reason: 'the kind of compensation is given without its days' });
    return errors;
  }
  if (typeof c.days !== 'number' || !Number.isInteger(c.days) || c.days <= 0) {
    errors.push({ field, reason: `must be a whole number of days above 0, not "${String(c.days)}"` });
    return errors;
  }
  if (c.kind !== 'patent' || c.office !== 'CN' || c.subType !== 'invention') {
    errors.push({
      field,
      reason: 'term compensation applies to CN invention patents only (专利法 第四十二条)',
    });
    return errors;
  }
  if (!c.grantDate)
    errors.push({
      field,
      reason: 'needs the grant announcement date: compensation is for granted inventions',
    });
  else if (isIsoDate(c.grantDate) && c.grantDate < TERM_COMPENSATION_RULE.grantedFrom)
    errors.push({
      field,
      reason: `granted ${c.grantDate}: term compensation applies to grants announced on or after ${TERM_COMPENSATION_RULE.grantedFrom}`,
    });
  if (c.compensationKind === 'new_drug') {
    const max = newDrugMaxDays(c.filingDate);
    if (c.days > max)
      errors.push({
        field,
        reason: `new-drug compensation is at most 5 years (${max} days here), not ${c.days}`,
      });
  }
  return errors;
}

/** The recorded days from a stored right's details (0 when none). */
export function termCompensationDaysOf(details: Record<string, unknown> | null | undefined): number {
  const d = details?.termCompensationDays;
  return typeof d === 'number' && Number.isInteger(d) && d > 0 ? d : 0;
}

/**
 * The recorded days from a right's details as stored (JSON text); parses only text that carries them,
 * so bulk scans over a million rights stay cheap. Unreadable JSON counts as none.
 */
export function termCompensationDaysOfJson(details: string | null | undefined): number {
  if (!details || !details.includes('"termCompensationDays"')) return 0;
  try {
    return termCompensationDaysOf(JSON.parse(details) as Record<string, unknown>);
  } catch {
    return 0;
  }
}
