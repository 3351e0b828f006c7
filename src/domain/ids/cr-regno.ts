/**
 * Copyright registration numbers; shared/reference/domain-rules.md §5.1.
 *
 * - Works (作品登记): `国作登字-YYYY-L-NNNNNNNN`, L = category letter. Sourced: F = 美术, B = 音乐; any other
 *   A–Z letter is accepted and reported as unknown [L]. Provincial registrations use the province's
 *   abbreviation instead of 国 (e.g. `沪作登字-2019-F-00012345`); the abbreviations accepted are listed in
 *   {@link REGISTRARS}. The serial has 8 digits (all observed numbers). Hyphens may be omitted or written as
 *   any dash; the value always has them.
 * - Software (软件著作权登记): `YYYYSR` + digits, e.g. `2016SR309930` (6 digits, sourced). 7 digits are
 *   accepted as well: yearly software registrations have exceeded 999,999 since about 2018, and later
 *   numbers such as `2021SR1234567` have 7 digits (recalled, not in domain-rules [L]).
 *   The certificate number 软著登字第…号 is a different number and is rejected with a reason.
 * - Year: 1991 (the first software-protection regulations) to the current year in China (UTC+8).
 */
import type { Checked } from '../errors.ts';
import { toHalfWidth } from '../names.ts';
import { currentYearInChina } from './cn-appno.ts';

export type CopyrightRegNumberParts = {
  copyrightType: 'work' | 'software';
  year: number;
  /** Works only, and only where the category letter is sourced: `美术` (F) or `音乐` (B). */
  category?: string;
};

export interface CrRegNoOptions {
  /** "Now", for the upper bound of the year; defaults to the current time. */
  now?: Date;
}

const FIRST_YEAR = 1991;

/** Registrar prefix (the X of `X作登字`) → registering copyright office. */
const REGISTRARS: Readonly<Record<string, string>> = {
  国: '国家版权局 National Copyright Administration',
  京: '北京',
  津: '天津',
  沪: '上海',
  渝: '重庆',
  冀: '河北',
  晋: '山西',
  蒙: '内蒙古',
  辽: '辽宁',
  吉: '吉林',
  黑: '黑龙江',
  苏: '江苏',
  浙: '浙江',
  皖: '安徽',
  闽: '福建',
  赣: '江西',
  鲁: '山东',
  豫: '河南',
  鄂: '湖北',
  湘: '湖南',
  粤: '广东',
  桂: '广西',
  琼: '海南',
  川: '四川',
  蜀: '四川',
  贵: '贵州',
  黔: '贵州',
  云: '云南',
  滇: '云南',
  藏: '西藏',
  陕: '陕西',
  秦: '陕西',
  甘: '甘肃',
  陇: '甘肃',
  青: '青海',
  宁: '宁夏',
  新: '新疆',
};

/** Sourced category letters only (domain-rules §5.1). */
const CATEGORIES: Readonly<Record<string, readonly [string, string]>> = {
  B: ['音乐', 'music'],
  F: ['美术', 'fine art'],
};

function checkYear(year: number, thisYear: number): string | undefined {
  if (year < FIRST_YEAR) {
    return `year ${year} is before ${FIRST_YEAR}, the first year of copyright registration`;
  }
  if (year > thisYear) {
    return `year ${year} is after the current year ${thisYear}`;
  }
  return undefined;
}

/**
 * Checks a works or software copyright registration number. `value` = `display`:
 * `国作登字-2016-F-00269796` or `2016SR309930`.
 */
export function checkCopyrightRegNumber(
  input: string,
  opts: CrRegNoOptions = {},
): Checked<CopyrightRegNumberParts> {
  const s = toHalfWidth(input)
    .replace(/\s/g, '')
    .replace(/[‐‑‒–—―]/g, '-')
    .toUpperCase();
  if (s.length === 0) {
    return { ok: false, reason: 'is empty' };
  }
  const thisYear = currentYearInChina(opts.now);

  if (s.includes('软著登字')) {
    return {
      ok: false,
      reason:
        "'软著登字第…号' is the certificate number; the registration number has the form YYYYSR + digits",
    };
  }

  const software = /^(\d{4})SR(\d*)$/.exec(s);
  if (software !== null) {
    const year = Number(software[1]);
    const digits = software[2] ?? '';
    if (digits.length !== 6 && digits.length !== 7) {
      return {
        ok: false,
        reason: `has ${digits.length} digits after 'SR'; a software registration number has 6 (or, from about 2018, 7)`,
      };
    }
    const yearProblem = checkYear(year, thisYear);
    if (yearProblem !== undefined) {
      return { ok: false, reason: yearProblem };
    }
    const value = `${year}SR${digits}`;
    return {
      ok: true,
      value,
      display: value,
      meaning: `计算机软件著作权登记 software copyright registration, ${year}, number ${digits}`,
      copyrightType: 'software',
      year,
    };
  }

  const marker = s.indexOf('作登字');
  if (marker >= 0) {
    const prefix = s.slice(0, marker);
    const registrar = REGISTRARS[prefix];
    if (registrar === undefined) {
      return {
        ok: false,
        reason: `'${prefix}作登字' is not a registrar prefix: expected 国作登字 or a provincial abbreviation such as 沪作登字`,
      };
    }
    const rest = /^-?(\d{4})-?([A-Z])-?(\d+)$/.exec(s.slice(marker + 3));
    if (rest === null) {
      return {
        ok: false,
        reason: `'${s.slice(marker + 3)}' after '${prefix}作登字' is not -YYYY-L-NNNNNNNN (year, category letter, 8-digit serial)`,
      };
    }
    const year = Number(rest[1]);
    const letter = rest[2] ?? '';
    const serial = rest[3] ?? '';
    if (serial.length !== 8) {
      return { ok: false, reason: `serial '${serial}' has ${serial.length} digits; expected 8` };
    }
    const yearProblem = checkYear(year, thisYear);
    if (yearProblem !== undefined) {
      return { ok: false, reason: yearProblem };
    }
    const category = CATEGORIES[letter];
    const value = `${prefix}作登字-${year}-${letter}-${serial}`;
    const office = prefix === '国' ? registrar : `${registrar} (${prefix}) provincial copyright office`;
    const categoryText =
      category === undefined
        ? `category letter '${letter}' (meaning unknown: only B 音乐 and F 美术 are sourced)`
        : `category ${letter} = ${category[0]} ${category[1]}`;
    const base = {
      ok: true as const,
      value,
      display: value,
      meaning: `作品著作权登记 works registration by ${office}, ${year}, ${categoryText}, serial ${serial}`,
      copyrightType: 'work' as const,
      year,
    };
    return category === undefined ? base : { ...base, category: category[0] };
  }

  if (/^\d{4}S/.test(s)) {
    return { ok: false, reason: `'${s}' is not YYYYSR followed by 6 or 7 digits` };
  }
  return {
    ok: false,
    reason:
      'is neither a works registration number (国作登字-YYYY-L-NNNNNNNN) nor a software registration number (YYYYSR + 6 or 7 digits)',
  };
}
