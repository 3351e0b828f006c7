/**
 * Unified Social Credit Code (统一社会信用代码, GB 32100-2015), the embedded organisation code
 * (组织机构代码, GB 11714-1997) and the legacy 15-digit business registration number (工商注册号).
 *
 * Rules and sources: shared/reference/domain-rules.md §1.
 *
 * Positions 1–2 (registration authority and entity kind): domain-rules §1.1 reproduces the enum of
 * fdstar/NumberValidators and marks it [M] ("some other lists say otherwise"; only 1, 5, 9 and Y are
 * certain). The table below is the one reproduced with the same wording in several independent public
 * sources (e.g. https://osuse.cn/post/10002590.html, and the tables in several public USCC validators):
 * 1 机构编制, 2 外交, 3 司法行政, 4 文化, 5 民政, 6 旅游, 7 宗教, 8 工会, 9 工商, A 中央军委改革和编制办公室,
 * N 农业, Y 其他. It agrees with §1.1 on 1, 5, 9 and Y and differs on the rest; it is the table that
 * matches real codes such as law firms (31…), trade unions (81…) and village collectives (N2…), which the
 * §1.1 enum would mislabel or reject. Treat it as [M] as well until a copy of the standard (with its
 * 2016 amendment XG1-2016) is read.
 */
import type { Checked } from '../errors.ts';
import { toHalfWidth } from '../names.ts';

/** The 31 symbols of GB 32100 (I, O, S, V, Z are not used); a symbol's value is its index. */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** Weights for positions 1..17: 3^(i-1) mod 31 (domain-rules §1.2). */
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** Body alphabet of GB 11714: 0-9 then A-Z; a character's value is its index. */
const ORG_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

interface Authority {
  /** Chinese name, returned as `authority`. */
  name: string;
  english: string;
  /** Entity-kind code (position 2) → [Chinese name, English]. */
  kinds: Readonly<Record<string, readonly [string, string]>>;
}

const OTHER: readonly [string, string] = ['其他', 'other'];

/** Registration authority (position 1) and entity kind (position 2); see the module comment for sources. */
const AUTHORITIES: Readonly<Record<string, Authority>> = {
  '1': {
    name: '机构编制',
    english: 'establishment administration',
    kinds: {
      '1': ['机关', 'government organ'],
      '2': ['事业单位', 'public institution'],
      '3': ['中央编办直接管理机构编制的群众团体', 'mass organisation under the central establishment office'],
      '9': OTHER,
    },
  },
  '2': {
    name: '外交',
    english: 'foreign affairs',
    kinds: { '1': ['外国常驻新闻机构', 'resident foreign news agency'], '9': OTHER },
  },
  '3': {
    name: '司法行政',
    english: 'justice administration',
    kinds: {
      '1': ['律师执业机构', 'law firm'],
      '2': ['公证处', 'notary office'],
      '3': ['基层法律服务所', 'grassroots legal service office'],
      '4': ['司法鉴定机构', 'forensic appraisal institution'],
      '5': ['仲裁委员会', 'arbitration commission'],
      '9': OTHER,
    },
  },
  '4': {
    name: '文化',
    english: 'culture',
    kinds: { '1': ['外国在华文化中心', 'foreign cultural centre in China'], '9': OTHER },
  },
  '5': {
    name: '民政',
    english: 'civil affairs',
    kinds: {
      '1': ['社会团体', 'social organisation'],
      '2': ['民办非企业单位', 'private non-enterprise unit'],
      '3': ['基金会', 'foundation'],
      '9': OTHER,
    },
  },
  '6': {
    name: '旅游',
    english: 'tourism',
    kinds: {
      '1': ['外国旅游部门常驻代表机构', 'representative office of a foreign tourism authority'],
      '2': [
        '港澳台地区旅游部门常驻内地（大陆）代表机构',
        'representative office of a Hong Kong, Macao or Taiwan tourism authority',
      ],
      '9': OTHER,
    },
  },
  '7': {
    name: '宗教',
    english: 'religious affairs',
    kinds: {
      '1': ['宗教活动场所', 'place of religious activity'],
      '2': ['宗教院校', 'religious school'],
      '9': OTHER,
    },
  },
  '8': {
    name: '工会',
    english: 'trade unions',
    kinds: { '1': ['基层工会', 'grassroots trade union'], '9': OTHER },
  },
  '9': {
    name: '工商',
    english: 'industry and commerce',
    kinds: {
      '1': ['企业', 'enterprise'],
      '2': ['个体工商户', 'individual business'],
      '3': ['农民专业合作社', "farmers' cooperative"],
    },
  },
  A: {
    name: '中央军委改革和编制办公室',
    english: 'CMC reform and establishment office',
    kinds: { '1': ['军队事业单位', 'military public institution'], '9': OTHER },
  },
  N: {
    name: '农业',
    english: 'agriculture',
    kinds: {
      '1': ['组级集体经济组织', 'group-level collective economic organisation'],
      '2': ['村级集体经济组织', 'village-level collective economic organisation'],
      '3': ['乡镇级集体经济组织', 'township-level collective economic organisation'],
      '9': OTHER,
    },
  },
  Y: { name: '其他', english: 'other', kinds: { '1': ['不再具体划分机构类别', 'no further kind'] } },
};

export type UsccParts = {
  /** Registration authority (position 1), Chinese name, e.g. `工商`. */
  authority: string;
  /** Entity kind (position 2), Chinese name, e.g. `企业`. */
  entityKind: string;
  /** Positions 3–8: GB/T 2260 region code of the registering authority, e.g. `310104`. */
  regionCode: string;
  /** Positions 9–17: the GB 11714 organisation code without hyphen, e.g. `600037341`. */
  organizationCode: string;
};

/** Σ value × weight over the 17 body characters (domain-rules §1.2); exported to show the worked example. */
export function usccWeightedSum(first17: string): number {
  if (first17.length !== 17) {
    throw new RangeError(`expected 17 characters, got ${first17.length}`);
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = USCC_ALPHABET.indexOf(first17.charAt(i));
    if (value < 0) {
      throw new RangeError(`'${first17.charAt(i)}' is not in the GB 32100 alphabet`);
    }
    sum += value * (USCC_WEIGHTS[i] ?? 0);
  }
  return sum;
}

/**
 * GB 32100 check character for the first 17 characters (uppercase, from {@link USCC_ALPHABET}):
 * `alphabet[(31 − Σ mod 31) mod 31]`. Throws a RangeError on malformed input (programmer error).
 */
export function usccCheckChar(first17: string): string {
  return USCC_ALPHABET.charAt((31 - (usccWeightedSum(first17) % 31)) % 31);
}

/** Σ value × weight over the 8 body characters of an organisation code (GB 11714, domain-rules §1.3). */
export function organizationWeightedSum(first8: string): number {
  if (first8.length !== 8) {
    throw new RangeError(`expected 8 characters, got ${first8.length}`);
  }
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const value = ORG_ALPHABET.indexOf(first8.charAt(i));
    if (value < 0) {
      throw new RangeError(`'${first8.charAt(i)}' is not a GB 11714 body character (0-9, A-Z)`);
    }
    sum += value * (ORG_WEIGHTS[i] ?? 0);
  }
  return sum;
}

/**
 * GB 11714 check character for the 8-character body of an organisation code:
 * `c = 11 − Σ mod 11`, written `X` for 10 and `0` for 11. Throws a RangeError on malformed input.
 */
export function organizationCheckChar(first8: string): string {
  const c = 11 - (organizationWeightedSum(first8) % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** Removes spaces (any width) and hyphens, maps full-width forms to ASCII, uppercases. */
function compact(input: string): string {
  return toHalfWidth(input)
    .replace(/[\s\-‐‑–—]/g, '')
    .toUpperCase();
}

/** Lists a set of codes as `1, 2 or 3`. */
function orList(codes: readonly string[]): string {
  return codes.length <= 1 ? codes.join('') : `${codes.slice(0, -1).join(', ')} or ${codes.at(-1) ?? ''}`;
}

/**
 * Checks a Unified Social Credit Code (GB 32100-2015).
 *
 * Normalisation: full-width → ASCII, spaces and hyphens removed, uppercased. Checks, in order (the first
 * failure is reported): empty; every character in the 31-symbol alphabet; length 18; positions 3–8 digits;
 * position 1 a registration-authority code; position 2 an entity kind of that authority; the check character
 * (position 18); the GB 11714 check of the embedded organisation code (positions 9–17).
 * `value` and `display` are the 18 characters.
 */
export function checkUscc(input: string): Checked<UsccParts> {
  const code = compact(input);
  if (code.length === 0) {
    return { ok: false, reason: 'is empty' };
  }
  for (let i = 0; i < code.length; i++) {
    const c = code.charAt(i);
    if (!USCC_ALPHABET.includes(c)) {
      return {
        ok: false,
        reason: `contains '${c}' at position ${i + 1}, which is not in the GB 32100 alphabet (0-9 and A-Z without I, O, S, V, Z)`,
      };
    }
  }
  if (code.length !== 18) {
    const hint =
      code.length === 15 && /^\d{15}$/.test(code)
        ? ' (a 15-digit number may be a legacy 工商注册号: check it as regno15)'
        : '';
    return { ok: false, reason: `has ${code.length} characters, expected 18${hint}` };
  }
  for (let i = 2; i < 8; i++) {
    const c = code.charAt(i);
    if (c < '0' || c > '9') {
      return {
        ok: false,
        reason: `position ${i + 1} '${c}' is not a digit: positions 3–8 are the GB/T 2260 region code`,
      };
    }
  }
  const authorityCode = code.charAt(0);
  const authority = AUTHORITIES[authorityCode];
  if (authority === undefined) {
    return { ok: false, reason: `position 1 '${authorityCode}' is not a registration-authority code` };
  }
  const kindCode = code.charAt(1);
  const kind = authority.kinds[kindCode];
  if (kind === undefined) {
    return {
      ok: false,
      reason: `position 2 '${kindCode}' is not an entity-kind code for authority ${authorityCode} (${authority.name}): expected ${orList(Object.keys(authority.kinds))}`,
    };
  }
  const expected = usccCheckChar(code.slice(0, 17));
  const given = code.charAt(17);
  if (given !== expected) {
    return { ok: false, reason: `check character is '${expected}' but '${given}' was given` };
  }
  const organizationCode = code.slice(8, 17);
  const orgExpected = organizationCheckChar(organizationCode.slice(0, 8));
  if (organizationCode.charAt(8) !== orgExpected) {
    return {
      ok: false,
      reason: `embedded organisation code ${organizationCode.slice(0, 8)}-${organizationCode.charAt(8)} (positions 9–17) fails the GB 11714 check: its check character is '${orgExpected}'`,
    };
  }
  const regionCode = code.slice(2, 8);
  return {
    ok: true,
    value: code,
    display: code,
    meaning:
      `统一社会信用代码 USCC: ${authority.name}/${kind[0]} (${authority.english}, ${kind[1]}), ` +
      `registered in region ${regionCode}, organisation code ${organizationCode.slice(0, 8)}-${organizationCode.charAt(8)}`,
    authority: authority.name,
    entityKind: kind[0],
    regionCode,
    organizationCode,
  };
}

/**
 * ISO 7064 MOD 11,10 check digit (GB/T 17710) for the 14 body digits of a legacy registration number.
 * Throws a RangeError unless given exactly 14 digits.
 */
export function registrationNo15CheckDigit(first14: string): string {
  if (!/^\d{14}$/.test(first14)) {
    throw new RangeError(`expected 14 digits, got '${first14}'`);
  }
  let p = 10;
  for (const c of first14) {
    let s = (p + Number(c)) % 10;
    if (s === 0) s = 10;
    p = (s * 2) % 11;
  }
  return String((11 - p) % 10);
}

/**
 * Checks a legacy 15-digit business registration number (工商注册号, pre-2015; domain-rules §1.5):
 * 15 digits, the last an ISO 7064 MOD 11,10 check digit. `regionCode` is the first 6 digits (the
 * registering authority's code, as fdstar's RegistrationNo15Validator reads it).
 */
export function checkRegistrationNo15(input: string): Checked<{ regionCode: string }> {
  const code = compact(input);
  if (code.length === 0) {
    return { ok: false, reason: 'is empty' };
  }
  const bad = /\D/.exec(code);
  if (bad !== null) {
    return {
      ok: false,
      reason: `contains '${bad[0]}' at position ${bad.index + 1}; a registration number is 15 digits`,
    };
  }
  if (code.length !== 15) {
    return { ok: false, reason: `has ${code.length} digits, expected 15` };
  }
  const expected = registrationNo15CheckDigit(code.slice(0, 14));
  const given = code.charAt(14);
  if (given !== expected) {
    return { ok: false, reason: `check digit is '${expected}' but '${given}' was given` };
  }
  const regionCode = code.slice(0, 6);
  return {
    ok: true,
    value: code,
    display: code,
    meaning: `工商注册号 legacy business registration number, registering authority ${regionCode}`,
    regionCode,
  };
}
