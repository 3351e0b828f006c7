/**
 * 高价值发明专利 (CNIPA, 2021 Q2 press conference; domain-rules §6.2 [H]): a valid invention patent in any of
 * five categories, counted once however many apply (the union, not the sum). Each category says from which date it
 * applies, so the classification works as of any date together with validOn.
 */
import { plusDays } from '../calendar/dates.ts';
import { addYearsPeriod } from '../lifecycle/periods.ts';
import { seiMatches, type SeiRow } from './sei.ts';

export type HighValueCategory = 'sei' | 'foreign_family' | 'maintained_10y' | 'pledge' | 'award';

export const HIGH_VALUE_CATEGORIES: readonly {
  id: HighValueCategory;
  zh: string;
  en: string;
  basis: string;
}[] = [
  {
    id: 'sei',
    zh: '战略性新兴产业的发明专利',
    en: 'Strategic emerging industry (by IPC)',
    basis: '2021 IPC concordance (domain-rules §7)',
  },
  {
    id: 'foreign_family',
    zh: '在海外有同族专利权的发明专利',
    en: 'Granted foreign family member',
    basis: 'entered by hand or imported as a mark on the patent',
  },
  {
    id: 'maintained_10y',
    zh: '维持年限超过10年的发明专利',
    en: 'Maintained more than 10 years',
    basis:
      'more than 10 years since the filing date; maintenance counted in patent years from the filing date (domain-rules §3.4)',
  },
  {
    id: 'pledge',
    zh: '实现较高质押融资金额的发明专利',
    en: 'High pledge-financing amount',
    basis:
      'a registered pledge whose secured amount (被担保债权数额) is at or above the threshold the bureau sets; CNIPA gives no figure (domain-rules §6.2, §12.3), so the category is not applied until it is set',
  },
  {
    id: 'award',
    zh: '获得国家科学技术奖或中国专利奖的发明专利',
    en: 'National science and technology award or China Patent Award',
    basis: 'entered by hand',
  },
];

export interface HighValueInput {
  subType: string | null;
  filingDate: string | null;
  ipc: readonly string[];
  /** title + abstract, for the keyword rows of the concordance */
  text: string;
  /** hand marks: foreign family granted / award received, with the date they apply from */
  marks: readonly { category: 'foreign_family' | 'award'; date: string }[];
  /** registered pledges: registration date and secured amount in yuan */
  pledges: readonly { date: string; amount: number }[];
}

export interface HighValueSettings {
  seiRows: readonly SeiRow[];
  /** yuan; null = not set, the pledge category is not applied */
  pledgeThreshold: number | null;
}

/** Each category that applies to an invention patent and the date from which it applies. */
export function highValueSince(
  a: HighValueInput,
  s: HighValueSettings,
): Partial<Record<HighValueCategory, string>> {
  if (a.subType !== 'invention') return {};
  const out: Partial<Record<HighValueCategory, string>> = {};
  const earliest = (c: HighValueCategory, d: string) => {
    const cur = out[c];
    if (cur === undefined || d < cur) out[c] = d;
  };
  if (seiMatches(s.seiRows, { ipc: a.ipc, text: a.text }).length > 0) earliest('sei', '0000-01-01');
  for (const m of a.marks) earliest(m.category, m.date);
  // "超过10年": the day after the 10th anniversary of the filing date
  if (a.filingDate) earliest('maintained_10y', plusDays(addYearsPeriod(a.filingDate, 10), 1));
  if (s.pledgeThreshold !== null)
    for (const p of a.pledges) if (p.amount >= s.pledgeThreshold) earliest('pledge', p.date);
  return out;
}

/** The categories that apply on `date` (the patent must also be valid on that date: validOn). */
export function highValueCategoriesOn(
  since: Partial<Record<HighValueCategory, string>>,
  date: string,
): HighValueCategory[] {
  return HIGH_VALUE_CATEGORIES.map((c) => c.id).filter((c) => since[c] !== undefined && since[c]! <= date);
}

/** The first date on which any category applies (the union): null when none ever does. */
export function highValueFrom(since: Partial<Record<HighValueCategory, string>>): string | null {
  const dates = Object.values(since).filter((d): d is string => d !== undefined);
  return dates.length ? dates.sort()[0]! : null;
}
