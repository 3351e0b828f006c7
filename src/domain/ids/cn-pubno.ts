/**
 * CN patent publication / grant-announcement numbers (公开号/公告号); shared/reference/domain-rules.md §2.2.
 *
 * - Current form: `CN` + 9 digits + kind code, e.g. `CN106844774A`, `CN105117980B`, `CN304218960S`.
 * - Older form: `CN` + 7 digits + kind code, e.g. `CN1060277C`, `CN1206871A`, or without a kind code
 *   (`CN1330325`).
 * - The first digit is the patent type: 1 invention, 2 utility model, 3 design. domain-rules states this
 *   for the 9-digit form; it is applied to the 7-digit form too (all sourced 7-digit examples start with 1
 *   and are inventions) [L].
 * - Kind codes (ZC 0008-2004; the letters are [M]): A, B, C for inventions, U, Y for utility models,
 *   S for designs, optionally followed by 8 or 9 (correction). `D` is also accepted on 7-digit design
 *   numbers: the pre-2004 design kind code, recalled, not sourced [L].
 * - There is no check digit.
 */
import type { Checked } from '../errors.ts';
import { toHalfWidth } from '../names.ts';
import type { CnPatentType } from './cn-appno.ts';

export type CnPublicationNumberParts = {
  patentType: CnPatentType;
  /** Kind code as written, e.g. `A`, `B`, `A8`; empty for a 7-digit number written without one. */
  kindCode: string;
  /** Chinese + English description of the kind code. */
  documentKind: string;
  /** The 9 or 7 digits. */
  serial: string;
};

const TYPE_BY_DIGIT: Readonly<
  Record<string, { patentType: CnPatentType; chinese: string; english: string; withArticle: string }>
> = {
  '1': { patentType: 'invention', chinese: '发明', english: 'invention', withArticle: 'an invention' },
  '2': {
    patentType: 'utility_model',
    chinese: '实用新型',
    english: 'utility model',
    withArticle: 'a utility model',
  },
  '3': { patentType: 'design', chinese: '外观设计', english: 'design', withArticle: 'a design' },
};

/** Kind letters allowed for each patent type, per number form. */
const KINDS_FOR_TYPE: Readonly<Record<CnPatentType, { 9: readonly string[]; 7: readonly string[] }>> = {
  invention: { 9: ['A', 'B', 'C'], 7: ['A', 'B', 'C'] },
  utility_model: { 9: ['U', 'Y'], 7: ['U', 'Y'] },
  design: { 9: ['S'], 7: ['S', 'D'] },
};

/** Which type a kind letter belongs to, for the mismatch reason. */
const KIND_TYPE_NAME: Readonly<Record<string, string>> = {
  A: 'inventions',
  B: 'inventions',
  C: 'inventions',
  U: 'utility models',
  Y: 'utility models',
  S: 'designs',
  D: 'designs (older documents)',
};

function describeKind(letter: string, form: 9 | 7): string {
  switch (letter) {
    case 'A':
      return '发明专利申请公布 invention application publication';
    case 'B':
      return '发明专利授权公告 invention grant';
    case 'C':
      return form === 7
        ? '发明专利授权 invention grant (pre-2004 kind code C)'
        : '发明专利授权(旧授权公告号)或部分无效宣告公告 invention grant (older grant number) or partial-invalidation announcement';
    case 'U':
      return '实用新型专利授权公告 utility model grant';
    case 'Y':
      return form === 7
        ? '实用新型专利授权 utility model grant (pre-2004 kind code Y)'
        : '实用新型专利授权(旧)或部分无效宣告公告 utility model grant (older documents) or partial-invalidation announcement';
    case 'S':
      return '外观设计专利授权公告 design grant';
    case 'D':
      return '外观设计专利授权 design grant (pre-2004 kind code D)';
    default:
      return letter;
  }
}

function orList(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1) ?? ''}`;
}

/**
 * Checks a CN publication or grant number. Accepts lowercase, full-width characters, spaces anywhere and a
 * missing `CN`. `value` = `display` = `CN` + digits + kind code, e.g. `CN106844774A`.
 */
export function checkCnPublicationNumber(input: string): Checked<CnPublicationNumberParts> {
  let s = toHalfWidth(input).replace(/\s/g, '').toUpperCase();
  if (s.length === 0) {
    return { ok: false, reason: 'is empty' };
  }
  if (s.startsWith('CN')) {
    s = s.slice(2);
  }
  const m = /^(\d*)([A-Z]?)(\d?)$/.exec(s);
  if (m === null) {
    const bad = /[^0-9A-Z]/.exec(s);
    return {
      ok: false,
      reason:
        bad !== null
          ? `contains '${bad[0]}', which cannot appear in a publication number`
          : `'${s}' is not digits followed by a kind code (e.g. 106844774A)`,
    };
  }
  const digits = m[1] ?? '';
  const letter = m[2] ?? '';
  const suffix = m[3] ?? '';
  if (digits.length !== 9 && digits.length !== 7) {
    return {
      ok: false,
      reason: `has ${digits.length} digits; a CN publication number has 9 digits (or 7 in older documents)`,
    };
  }
  const form: 9 | 7 = digits.length === 9 ? 9 : 7;
  const first = digits.charAt(0);
  const type = TYPE_BY_DIGIT[first];
  if (type === undefined) {
    return {
      ok: false,
      reason: `first digit '${first}' is not a patent type: 1 invention, 2 utility model, 3 design`,
    };
  }
  const allowed = KINDS_FOR_TYPE[type.patentType][form];
  if (letter === '') {
    if (form === 9) {
      return {
        ok: false,
        reason: `kind code is missing: a 9-digit number needs one (${orList(allowed)} for ${type.withArticle})`,
      };
    }
    const value = `CN${digits}`;
    return {
      ok: true,
      value,
      display: value,
      meaning: `${type.chinese} ${type.english} · number ${digits} (older 7-digit form, no kind code given)`,
      patentType: type.patentType,
      kindCode: '',
      documentKind: 'kind code not given',
      serial: digits,
    };
  }
  const owner = KIND_TYPE_NAME[letter];
  if (owner === undefined || (letter === 'D' && form === 9)) {
    return {
      ok: false,
      reason: `kind code '${letter}' is not a CN kind code: A, B, C (invention), U, Y (utility model), S (design)`,
    };
  }
  if (!allowed.includes(letter)) {
    return {
      ok: false,
      reason: `kind code '${letter}' is for ${owner}, but first digit '${first}' makes this ${type.withArticle} number`,
    };
  }
  if (suffix !== '' && suffix !== '8' && suffix !== '9') {
    return {
      ok: false,
      reason: `kind code '${letter}${suffix}': only 8 or 9 (a correction) may follow the letter`,
    };
  }
  const kindCode = letter + suffix;
  const documentKind = describeKind(letter, form) + (suffix === '' ? '' : ', 更正 correction');
  const value = `CN${digits}${kindCode}`;
  return {
    ok: true,
    value,
    display: value,
    meaning: `${type.chinese} ${type.english} · ${documentKind}, number ${digits}`,
    patentType: type.patentType,
    kindCode,
    documentKind,
    serial: digits,
  };
}
