/**
 * Small value normalisers shared by the importers: dates, IPC/CPC symbols, CN patent types.
 * Identifiers are never rewritten here (the registry validates and normalises them).
 */
import type { PatentType } from '../domain/records/canonical.ts';

export function isValidYmd(y: number, m: number, d: number): boolean {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return false;
  if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

function ymd(y: number, m: number, d: number): string | undefined {
  if (!isValidYmd(y, m, d)) return undefined;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const DATE_PATTERNS: RegExp[] = [
  // 2021-03-01, 2021/3/1, 2021.03.01, 2021年3月1日, optionally followed by a time or an XML timezone
  /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:(?:[T\s]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/,
  // 20210301
  /^(\d{4})(\d{2})(\d{2})$/,
];

/**
 * A date as written in a source → `YYYY-MM-DD`, or undefined when it is not a real calendar date
 * (2021-02-30, 19010500 …).
 */
export function parseDate(raw: string): string | undefined {
  const s = raw.trim();
  for (const re of DATE_PATTERNS) {
    const m = re.exec(s);
    if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]));
  }
  return undefined;
}

/** A JS Date from a spreadsheet cell (exceljs gives dates as UTC midnight) → `YYYY-MM-DD`. */
export function dateFromJs(d: Date): string | undefined {
  if (Number.isNaN(d.getTime())) return undefined;
  return ymd(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** An Excel serial day number (1900 date system) → `YYYY-MM-DD`. */
export function dateFromExcelSerial(n: number): string | undefined {
  if (!Number.isFinite(n) || n < 1 || n >= 2958466) return undefined;
  const ms = Date.UTC(1899, 11, 30) + Math.floor(n) * 86400000;
  return dateFromJs(new Date(ms));
}

/**
 * Normalise an IPC / CPC symbol to the compact form `G06F17/30`:
 * `G06F 17/30`, `G06F017/30` (PAP), and the fixed-width USPTO form `G06F 1730` / `A45F  504` /
 * `C07C24900` (subclass, 3-character main group, subgroup). Subclass-only symbols (`G06F`) are kept.
 * Anything unrecognised is returned trimmed, with inner whitespace removed.
 */
export function normaliseClassSymbol(raw: string): string {
  const s = raw.replace(/\u00a0/g, ' ').trim();
  if (s === '') return s;
  const slash = /^([A-HY])\s*(\d{2})\s*([A-Z])\s*0*(\d{1,4})\s*\/\s*(\d{1,7})$/i.exec(s);
  if (slash) return `${slash[1]}${slash[2]}${slash[3]}${slash[4]}/${slash[5]}`.toUpperCase();
  const fixed = /^([A-HY]\d{2}[A-Z])([ \d]{3})(\d{2,7})$/i.exec(s);
  if (fixed && /\d/.test(fixed[2]!)) {
    const group = String(Number(fixed[2]!.trim()));
    return `${fixed[1]}${group}/${fixed[3]}`.toUpperCase();
  }
  const sub = /^([A-HY])\s*(\d{2})\s*([A-Z])$/i.exec(s);
  if (sub) return `${sub[1]}${sub[2]}${sub[3]}`.toUpperCase();
  return s.replace(/\s+/g, '');
}

/**
 * Patent type of a CN publication or application number: the type digit (first of the 9 digits of
 * a publication number, 5th of a 12-digit / 3rd of an 8-digit application number: 1/8 invention,
 * 2/9 utility model, 3 design); otherwise the kind code decides
 * (A/B/C invention, U/Y utility model, S/D design).
 */
export function cnPatentType(number: string): PatentType | undefined {
  const s = number.replace(/\s+/g, '').toUpperCase();
  const m = /^(?:CN)?(\d+)(?:\.[\dX])?([A-Z]\d?)?$/.exec(s);
  if (!m) return undefined;
  const digits = m[1]!;
  const kind = m[2]?.[0];
  let typeDigit: string | undefined;
  if (digits.length === 9 || digits.length === 7)
    typeDigit = digits[0]; // publication numbers
  else if (digits.length === 8)
    typeDigit = digits[2]; // pre-2003 application numbers (YY T NNNNN)
  else if (digits.length === 12 || digits.length === 13) typeDigit = digits[4]; // YYYY T NNNNNNN [check]
  switch (typeDigit) {
    case '1':
    case '8':
      return 'invention';
    case '2':
    case '9':
      return 'utility_model';
    case '3':
      return 'design';
  }
  switch (kind) {
    case 'A':
    case 'B':
    case 'C':
      return 'invention';
    case 'U':
    case 'Y':
      return 'utility_model';
    case 'S':
    case 'D':
      return 'design';
  }
  return undefined;
}
