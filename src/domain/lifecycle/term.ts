import { plusDays } from '../calendar/dates.ts';
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
}): string | undefined {
  if (a.office !== 'CN') return undefined;
  if (a.kind === 'patent' && a.filingDate && a.subType && a.subType !== 'plant') {
    const rule = termRule(a.subType as TermRule['kind'], a.filingDate);
    return rule ? plusDays(addYearsPeriod(a.filingDate, rule.years), -1) : undefined;
  }
  if (a.kind === 'trademark' && a.registrationDate) {
    const rule = termRule('trademark', a.registrationDate);
    return rule
      ? plusDays(addYearsPeriod(a.registrationDate, rule.years * (1 + (a.renewals ?? 0))), -1)
      : undefined;
  }
  return undefined;
}
