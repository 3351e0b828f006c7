/**
 * CNIPA patent application numbers (专利申请号, ZC 0006-2003); rules and sources in
 * shared/reference/domain-rules.md §2.1.
 *
 * - From 2003-10-01: `YYYY T NNNNNNN` + check, written `201710601862.3` (form 12).
 * - Before: `YY T NNNNN` + check, written `97101765.4` (form 8); YY 85–99 = 1985–1999, 00–03 = 2000–2003.
 * - Type digit T: 1 invention, 2 utility model, 3 design, 8 PCT invention in the national phase,
 *   9 PCT utility model in the national phase.
 * - Check: Σ digit × weight (weights 2,3,4,5,6,7,8,9 repeating) mod 11; 10 is written `X`.
 */
import type { Checked } from '../errors.ts';
import { toHalfWidth } from '../names.ts';

export type CnPatentType = 'invention' | 'utility_model' | 'design';

export type CnApplicationNumberParts = {
  patentType: CnPatentType;
  /** True for type digits 8 and 9 (PCT application entering the Chinese national phase). */
  pct: boolean;
  /** Digits 1–4 (form 12), or 19YY/20YY from digits 1–2 (form 8). */
  filingYear: number;
  /** 12 = the 12-digit form used from 2003-10-01, 8 = the older 8-digit form. */
  form: 8 | 12;
  /** Serial within the year and type: 7 digits (form 12) or 5 digits (form 8), leading zeros kept. */
  serial: string;
};

export interface CnAppNoOptions {
  /** Accept a number written without its check character and fill in the computed one. */
  allowMissingCheck?: boolean;
  /** "Now", for the upper bound of the filing year; defaults to the current time. */
  now?: Date;
}

const TYPES: Readonly<Record<string, { patentType: CnPatentType; pct: boolean; label: string }>> = {
  '1': { patentType: 'invention', pct: false, label: '发明专利申请 invention application' },
  '2': { patentType: 'utility_model', pct: false, label: '实用新型专利申请 utility model application' },
  '3': { patentType: 'design', pct: false, label: '外观设计专利申请 design application' },
  '8': {
    patentType: 'invention',
    pct: true,
    label: 'PCT发明专利申请(进入中国国家阶段) PCT invention application in the Chinese national phase',
  },
  '9': {
    patentType: 'utility_model',
    pct: true,
    label:
      'PCT实用新型专利申请(进入中国国家阶段) PCT utility model application in the Chinese national phase',
  },
};

/** First year of the 12-digit form (ZC 0006-2003 took effect on 2003-10-01). */
const FORM12_FIRST_YEAR = 2003;

/**
 * The calendar year at `now` in China Standard Time (UTC+8, no daylight saving): CNIPA numbers
 * applications by the Beijing date, so 2024-12-31T17:00Z is already 2025.
 */
export function currentYearInChina(now: Date = new Date()): number {
  return new Date(now.getTime() + 8 * 3600 * 1000).getUTCFullYear();
}

/** Σ digit × weight (2..9 repeating) over the 8 or 12 body digits; exported to show the worked examples. */
export function cnAppNoWeightedSum(digits: string): number {
  if (!/^(?:\d{8}|\d{12})$/.test(digits)) {
    throw new RangeError(`expected 8 or 12 digits, got '${digits}'`);
  }
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    sum += Number(digits.charAt(i)) * (2 + (i % 8));
  }
  return sum;
}

/**
 * Check character of an application number body (8 or 12 digits): Σ mod 11, with 10 written `X`.
 * Throws a RangeError on any other input (programmer error).
 */
export function cnAppNoCheckChar(digits: string): string {
  const r = cnAppNoWeightedSum(digits) % 11;
  return r === 10 ? 'X' : String(r);
}

/**
 * Checks a CN patent application number and returns its canonical form `201710601862.3` / `97101765.4`
 * (body digits, '.', check character). `display` is the same as `value`.
 *
 * Accepted written forms (after full-width → ASCII and uppercasing):
 * - an optional `CN` or `ZL` prefix (`ZL` = the number of the granted patent);
 * - whitespace anywhere is ignored (ZC 0006-2003 allows one space after CN and between year, type and
 *   serial; other spacing is tolerated as well because it is never ambiguous);
 * - the dot before the check character may be missing (`2017106018623`);
 * - Google Patents' trailing `A` (`CN201510522415XA`, with or without the dot);
 * - lowercase `x`.
 *
 * Without a dot, the length decides: 9 or 13 characters = body + check; 8 or 12 digits = no check
 * character, which is rejected unless `allowMissingCheck` is set (then the check is computed and the
 * meaning says so).
 */
export function checkCnApplicationNumber(
  input: string,
  opts: CnAppNoOptions = {},
): Checked<CnApplicationNumberParts> {
  let s = toHalfWidth(input).replace(/\s/g, '').toUpperCase();
  if (s.length === 0) {
    return { ok: false, reason: 'is empty' };
  }
  if (s.startsWith('CN') || s.startsWith('ZL')) {
    s = s.slice(2);
  }
  if (s.endsWith('A')) {
    s = s.slice(0, -1); // Google Patents writes the application number with a trailing 'A'
  }
  if (s.length === 0) {
    return { ok: false, reason: 'has no digits' };
  }
  const bad = /[^0-9X.]/.exec(s);
  if (bad !== null) {
    return {
      ok: false,
      reason: `contains '${bad[0]}', which cannot appear in an application number (digits, '.' and the check character 0-9 or X)`,
    };
  }

  let body: string;
  let given: string | undefined;
  const dot = s.indexOf('.');
  if (dot >= 0) {
    if (s.indexOf('.', dot + 1) >= 0) {
      return { ok: false, reason: "contains more than one '.'" };
    }
    body = s.slice(0, dot);
    const after = s.slice(dot + 1);
    if (after.length === 0) {
      return { ok: false, reason: "ends with '.' but no check character follows" };
    }
    if (after.length > 1) {
      return {
        ok: false,
        reason: `has '${after}' after the '.'; exactly one check character (0-9 or X) is expected`,
      };
    }
    given = after;
  } else if (s.endsWith('X') || s.length === 9 || s.length === 13) {
    body = s.slice(0, -1);
    given = s.slice(-1);
  } else {
    body = s;
  }
  if (body.includes('X')) {
    return { ok: false, reason: "'X' may only be the check character, after the digits" };
  }
  if (body.length !== 12 && body.length !== 8) {
    return {
      ok: false,
      reason:
        given === undefined
          ? `has ${body.length} digits; expected 12 digits + check character (from 2003-10-01) or 8 digits + check character (before)`
          : `has ${body.length} digits before the check character; expected 12 (from 2003-10-01) or 8 (before)`,
    };
  }

  const form: 8 | 12 = body.length === 12 ? 12 : 8;
  const typePosition = form === 12 ? 5 : 3;
  const typeDigit = body.charAt(typePosition - 1);
  const type = TYPES[typeDigit];
  if (type === undefined) {
    return {
      ok: false,
      reason: `type digit '${typeDigit}' (position ${typePosition}) is not an application type: expected 1, 2, 3, 8 or 9`,
    };
  }

  const thisYear = currentYearInChina(opts.now);
  let filingYear: number;
  if (form === 12) {
    filingYear = Number(body.slice(0, 4));
    if (filingYear < FORM12_FIRST_YEAR) {
      return {
        ok: false,
        reason: `filing year ${filingYear} is before 2003: 12-digit application numbers began on 2003-10-01 (older numbers have 8 digits)`,
      };
    }
  } else {
    const yy = Number(body.slice(0, 2));
    if (yy >= 85) {
      filingYear = 1900 + yy;
    } else if (yy <= 3) {
      filingYear = 2000 + yy;
    } else {
      return {
        ok: false,
        reason: `year digits '${body.slice(0, 2)}' are not 85–99 or 00–03: the 8-digit form was used from 1985 until 2003-09-30`,
      };
    }
  }
  if (filingYear > thisYear) {
    return { ok: false, reason: `filing year ${filingYear} is after the current year ${thisYear}` };
  }

  const expected = cnAppNoCheckChar(body);
  let computedNote = '';
  if (given === undefined) {
    if (opts.allowMissingCheck !== true) {
      return {
        ok: false,
        reason: `has no check character (the computed check character would be '${expected}')`,
      };
    }
    computedNote = `; check character '${expected}' was not given and has been computed`;
  } else if (given !== expected) {
    return { ok: false, reason: `check character is '${expected}' but '${given}' was given` };
  }

  const serial = body.slice(typePosition);
  const value = `${body}.${expected}`;
  const when = type.pct ? `year ${filingYear}` : `filed ${filingYear}`;
  const formNote = form === 8 ? ' (8-digit form used before 2003-10-01)' : '';
  return {
    ok: true,
    value,
    display: value,
    meaning: `${type.label}, ${when}, serial ${serial}${formNote}${computedNote}`,
    patentType: type.patentType,
    pct: type.pct,
    filingYear,
    form,
    serial,
  };
}
