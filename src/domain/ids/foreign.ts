/**
 * Number normalisation for patent offices other than CNIPA, as used by the USPTO importer.
 *
 * These functions return a canonical key or throw a RangeError whose message says what is wrong (an
 * importer turns it into a rejected-line reason). No check digits exist in these forms, so nothing here
 * can prove a number is real; it only makes equal numbers compare equal.
 *
 * Canonical forms (decisions, documented here because domain-rules does not cover them):
 * - US patent (grant) number: `US` + document-type prefix + number without leading zeros:
 *   `US7272630`, `USD512345`, `USRE39876`, `USPP12345`, `USH2123`, `UST109201`, `USX1234`, `USAI123`.
 *   The kind code is never part of the value (B1/B2 are the same patent); it is used only to infer a missing
 *   prefix and to reject a contradiction.
 * - US pre-grant publication number: `US` + the 11 digits, e.g. `US20050123456` (`2005/0123456` accepted).
 * - US application number: `US` + 2-digit series code + 6-digit serial, e.g. `US10123456` for
 *   `10/123,456`. Beware: this key can look like a patent number (US 10,123,456); keep application and
 *   patent numbers in different columns.
 * - Other offices: `normalizeForeignNumber`.
 */
import { toHalfWidth } from '../names.ts';

/** USPTO document-type prefixes of grant numbers. */
type UsPrefix = 'RE' | 'PP' | 'AI' | 'D' | 'H' | 'T' | 'X';

/** Prefix implied by a kind code when the document number has none (USPTO kind codes). */
function prefixForKind(kind: string): UsPrefix | '' | undefined {
  if (/^S\d?$/.test(kind)) return 'D'; // design
  if (/^E\d?$/.test(kind)) return 'RE'; // reissue
  if (kind === 'P2' || kind === 'P3') return 'PP'; // plant patent
  if (/^H\d?$/.test(kind)) return 'H'; // statutory invention registration
  if (/^(?:A|B[12]|C\d?)$/.test(kind)) return ''; // utility grant (A before 2001, B1/B2 since) or reexamination
  return undefined; // kind gives no prefix information (e.g. A1 = pre-grant publication)
}

function usCompact(text: string): string {
  return toHalfWidth(text)
    .toUpperCase()
    .replace(/[\s,./-]/g, '')
    .replace(/^US/, '');
}

/**
 * Normalises a US patent document number, as found in USPTO XML `<doc-number>` (zero-padded:
 * `07272630`, `D0512345`, `RE039876`, `PP012345`, `H0002123`) or as written (`US 7,272,630 B2`,
 * `D512,345`). `kind` (e.g. `B2`, `S1`, `E`) may be given separately or at the end of `docNumber`.
 * Throws a RangeError when the number is malformed or contradicts the kind.
 */
export function normalizeUsPatentNumber(docNumber: string, kind?: string): string {
  const s = usCompact(docNumber);
  const m = /^(RE|PP|AI|D|H|T|X)?(\d+)([A-Z]\d?)?$/.exec(s);
  if (m === null) {
    throw new RangeError(
      `US patent number '${docNumber}' is not a document-type prefix, digits and a kind code`,
    );
  }
  const written = (m[1] ?? '') as UsPrefix | '';
  const digits = m[2] ?? '';
  const embeddedKind = m[3];
  const givenKind =
    kind === undefined || kind.trim() === '' ? undefined : toHalfWidth(kind).trim().toUpperCase();
  if (embeddedKind !== undefined && givenKind !== undefined && embeddedKind !== givenKind) {
    throw new RangeError(
      `US patent number '${docNumber}' ends with kind '${embeddedKind}' but kind '${givenKind}' was given`,
    );
  }
  const k = givenKind ?? embeddedKind;

  if (written === '' && digits.length === 11) {
    return `US${digits}`; // pre-grant publication, YYYY + 7 digits
  }
  const number = digits.replace(/^0+/, '');
  if (number.length === 0) {
    throw new RangeError(`US patent number '${docNumber}' is zero`);
  }
  if (number.length > 8) {
    throw new RangeError(`US patent number '${docNumber}' has ${number.length} digits; at most 8`);
  }
  let prefix: UsPrefix | '' = written;
  if (k !== undefined) {
    const implied = prefixForKind(k);
    if (written === '' && implied !== undefined) {
      prefix = implied;
    } else if (implied !== undefined && implied !== written) {
      throw new RangeError(
        `US patent number '${docNumber}' has prefix '${written || '(none: utility)'}' but kind '${k}' implies '${implied || '(none: utility)'}'`,
      );
    }
  }
  return `US${prefix}${number}`;
}

/**
 * Normalises a US application number to `US` + series code + serial (8 digits), e.g. `10/123,456`,
 * `10123456` and `US 10/123456` all give `US10123456`. Throws a RangeError otherwise.
 */
export function normalizeUsApplicationNumber(input: string): string {
  const s = usCompact(input);
  if (!/^\d{8}$/.test(s)) {
    throw new RangeError(
      `US application number '${input}' should be a 2-digit series code and a 6-digit serial (e.g. 10/123,456)`,
    );
  }
  return `US${s}`;
}

/**
 * Normalises a number of any office other than CN and US: full-width → ASCII, uppercase, every character
 * that is not a letter or a digit removed (spaces, '.', '/', '-', ',', …), and the two-letter office code
 * (WIPO ST.3, e.g. `EP`, `JP`, `WO`) prefixed exactly once: `('ep', 'EP 1 234 567 A1')` → `EP1234567A1`,
 * `('JP', '2005-123456')` → `JP2005123456`.
 *
 * CN and US are refused (RangeError) because their numbers need the specific rules:
 * `checkCnApplicationNumber` / `checkCnPublicationNumber` and `normalizeUsPatentNumber` /
 * `normalizeUsApplicationNumber`; a bare US 8-digit number is ambiguous between an application and a patent.
 */
export function normalizeForeignNumber(office: string, value: string): string {
  const code = toHalfWidth(office).trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(code)) {
    throw new RangeError(`office '${office}' is not a two-letter office code (WIPO ST.3)`);
  }
  if (code === 'CN') {
    throw new RangeError('CN numbers: use checkCnApplicationNumber or checkCnPublicationNumber');
  }
  if (code === 'US') {
    throw new RangeError('US numbers: use normalizeUsPatentNumber or normalizeUsApplicationNumber');
  }
  let body = toHalfWidth(value)
    .toUpperCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
  if (body.startsWith(code)) {
    body = body.slice(2);
  }
  if (body.length === 0) {
    throw new RangeError(`${code} number '${value}' has no letters or digits`);
  }
  return `${code}${body}`;
}
