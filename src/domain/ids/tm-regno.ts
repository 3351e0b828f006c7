/**
 * Trademark registration numbers (商标注册号); shared/reference/domain-rules.md §4.2.
 *
 * - Domestic: purely numeric, no check digit; in CN practice the application number and the registration
 *   number are the same. Sourced examples have 8 digits (2014–2015); older ones have fewer. Accepted:
 *   1–9 digits (§4.2 suggests up to 9 "to be safe").
 * - Madrid designations use the WIPO international registration number [L], written here `G` + digits
 *   (the form CNIPA's database uses) or `国际注册` / `国际注册号` + digits. Accepted: 1–7 digits
 *   (international registration numbers are 7 digits today and will stay below 10,000,000 for decades).
 *
 * Decision on leading zeros: only whitespace (any width) is removed; nothing else is stripped or added, so
 * `016435657` and `16435657` are different values. A leading zero is therefore kept, not silently dropped:
 * if it came from a spreadsheet pad it is visible in the data rather than hidden by the key.
 */
import type { Checked } from '../errors.ts';
import { toHalfWidth } from '../names.ts';

export type TrademarkRegNumberParts = {
  /** True for a Madrid international registration number (`G…`). */
  madrid: boolean;
};

const DOMESTIC_MAX_DIGITS = 9;
const MADRID_MAX_DIGITS = 7;

/**
 * Checks a trademark registration number. `value` = `display`: the digits (domestic) or `G` + digits
 * (Madrid, e.g. `G123456`).
 */
export function checkTrademarkRegNumber(input: string): Checked<TrademarkRegNumberParts> {
  const s = toHalfWidth(input).replace(/\s/g, '');
  if (s.length === 0) {
    return { ok: false, reason: 'is empty' };
  }
  const madrid = /^(?:[Gg]|国际注册号?[:：]?)(.*)$/u.exec(s);
  if (madrid !== null) {
    const digits = madrid[1] ?? '';
    if (digits.length === 0) {
      return { ok: false, reason: 'has no digits after the international-registration prefix' };
    }
    const bad = /\D/u.exec(digits);
    if (bad !== null) {
      return {
        ok: false,
        reason: `contains '${bad[0]}' after the international-registration prefix; only digits may follow`,
      };
    }
    if (digits.length > MADRID_MAX_DIGITS) {
      return {
        ok: false,
        reason: `international registration number has ${digits.length} digits; at most ${MADRID_MAX_DIGITS}`,
      };
    }
    const value = `G${digits}`;
    return {
      ok: true,
      value,
      display: value,
      meaning: `马德里国际注册 Madrid international registration ${digits}`,
      madrid: true,
    };
  }
  const bad = /\D/u.exec(s);
  if (bad !== null) {
    return {
      ok: false,
      reason: `contains '${bad[0]}', which is not a digit: a trademark registration number is digits only (Madrid numbers are written G followed by digits)`,
    };
  }
  if (s.length > DOMESTIC_MAX_DIGITS) {
    return { ok: false, reason: `has ${s.length} digits; a trademark registration number has at most 9` };
  }
  return {
    ok: true,
    value: s,
    display: s,
    meaning: `注册商标 trademark registration (= application) number ${s}`,
    madrid: false,
  };
}
