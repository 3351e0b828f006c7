/**
 * Number keys for search: what a number typed in the search box means, and which keys an asset is found by.
 *
 * Keys are the registry's own normalised identifiers, so a query key equals an index key exactly:
 * - CN patent application number → its canonical form `201710601862.3` (= `ip_asset.app_key`), whether it
 *   was written with or without `CN` / `ZL`, dot or check character (a missing check character is computed);
 * - CN publication / grant number → `CN` + serial (= `ip_asset.pub_key`): `CN106844774A`, `106844774A`,
 *   `CN106844774B` and `CN106844774` all give `CN106844774` (A and B documents share the serial);
 * - trademark registration number → its digits (= `app_key` of a CN trademark);
 * - copyright registration number → its canonical form (`2016SR309930`, `国作登字-2019-F-00012345`).
 *
 * A term can mean several things (nine digits are a publication serial without kind code, and also an
 * 8-digit application number with its check digit); it then carries every key.
 */
import { checkCnApplicationNumber } from '../ids/cn-appno.ts';
import { checkCnPublicationNumber } from '../ids/cn-pubno.ts';
import { checkCopyrightRegNumber } from '../ids/cr-regno.ts';
import { checkTrademarkRegNumber } from '../ids/tm-regno.ts';
import { toHalfWidth } from '../names.ts';

/** What a number-looking term means. `keys` is empty when it looks like a number but is not a valid one. */
export interface NumberReading {
  keys: string[];
  /** why a number-looking term is not valid, when `keys` is empty: `application number: it has …` */
  reason?: string;
  /** true when the term can only be a CN application number (it is written with a dot), so an invalid one is an error */
  certain: boolean;
}

const APP_LIKE = /^(?:CN|ZL)?\d{8}(?:\d{4})?(?:\.?[\dX])?A?$/;
const APP_DOTTED = /^(?:CN|ZL)?\d{8}(?:\d{4})?\.[^.]*$/;
const PUB_LIKE = /^(?:CN)?(?:\d{7}|\d{9})(?:[A-Z]\d?)?$/;
const COPYRIGHT_LIKE = /SR\d|作登字/;
const TRADEMARK_LIKE = /^\d{7,9}$/;

function compact(term: string): string {
  return toHalfWidth(term).replace(/\s/g, '').toUpperCase();
}

/**
 * The keys of a term that looks like an identifier, or undefined when it does not look like one (then it is
 * searched as text). Never throws; see `certain` and `reason` for a number that looks like a CN application
 * number but fails its check.
 */
export function readNumber(term: string, now?: Date): NumberReading | undefined {
  const s = compact(term);
  if (s === '' || !/\d/.test(s)) return undefined;
  const keys: string[] = [];
  const add = (k: string) => {
    if (!keys.includes(k)) keys.push(k);
  };
  let looks = false;
  let reason: string | undefined;
  if (APP_LIKE.test(s) || APP_DOTTED.test(s)) {
    looks = true;
    const c = checkCnApplicationNumber(s, { allowMissingCheck: true, ...(now ? { now } : {}) });
    if (c.ok) add(c.value);
    else reason = `application number: ${c.reason}`;
  }
  if (PUB_LIKE.test(s)) {
    looks = true;
    const digits = /\d+/.exec(s)![0];
    const bare = s.replace(/^CN/, '');
    if (digits.length === 9 && bare === digits) {
      // a 9-digit serial written without its kind code: the publication key is the serial
      if (/^[123]/.test(digits)) add(`CN${digits}`);
    } else {
      const c = checkCnPublicationNumber(s);
      if (c.ok) add(`CN${c.serial}`);
      else reason ??= `publication number: ${c.reason}`;
    }
  }
  if (COPYRIGHT_LIKE.test(s)) {
    looks = true;
    const c = checkCopyrightRegNumber(toHalfWidth(term).trim(), now ? { now } : {});
    if (c.ok) add(c.value);
    else reason ??= `copyright registration number: ${c.reason}`;
  }
  if (TRADEMARK_LIKE.test(s)) {
    looks = true;
    const c = checkTrademarkRegNumber(s);
    if (c.ok) add(c.value);
  }
  if (!looks) return undefined;
  const certain = APP_DOTTED.test(s);
  return keys.length ? { keys, certain } : { keys, certain, ...(reason ? { reason } : {}) };
}

/** The identifying fields of an asset, as stored in `ip_asset`. */
export interface AssetNumbers {
  appKey?: string | null;
  pubKey?: string | null;
  applicationNumber?: string | null;
  publicationNumber?: string | null;
  registrationNumber?: string | null;
}

/**
 * Exact keys an asset is found by (upper case): its identity keys and numbers as stored. Every key that
 * `readNumber` can produce for one of the asset's numbers is among them.
 */
export function assetNumberKeys(a: AssetNumbers): string[] {
  const out: string[] = [];
  for (const v of [a.appKey, a.pubKey, a.applicationNumber, a.publicationNumber, a.registrationNumber]) {
    if (!v) continue;
    const k = compact(v);
    if (k && !out.includes(k)) out.push(k);
  }
  return out;
}

/**
 * The usual written forms of an asset's numbers, for substring search (a partial number finds the asset):
 * the stored numbers plus, for a CN application number, the forms without the dot and with `CN` / `ZL`, and
 * for a CN publication number the form without `CN`.
 */
export function assetNumberForms(a: AssetNumbers): string[] {
  const out = assetNumberKeys(a);
  const add = (k: string) => {
    if (!out.includes(k)) out.push(k);
  };
  for (const v of [a.appKey, a.applicationNumber]) {
    const m = v ? /^(\d{8}|\d{12})\.([\dX])$/.exec(compact(v)) : null;
    if (m) {
      add(`${m[1]}${m[2]}`);
      add(`CN${m[1]}.${m[2]}`);
      add(`ZL${m[1]}.${m[2]}`);
    }
  }
  for (const v of [a.pubKey, a.publicationNumber]) {
    const m = v ? /^CN(\d+[A-Z]?\d?)$/.exec(compact(v)) : null;
    if (m) add(m[1]!);
  }
  return out;
}
