import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import {
  USCC_ALPHABET,
  checkRegistrationNo15,
  checkUscc,
  organizationCheckChar,
  organizationWeightedSum,
  registrationNo15CheckDigit,
  usccCheckChar,
  usccWeightedSum,
} from './uscc.ts';

/** Rows of shared/reference/vectors/uscc.tsv: code, valid|invalid, source (all sourced, none written by us). */
const VECTORS = readFileSync(
  new URL('../../../../shared/reference/vectors/uscc.tsv', import.meta.url),
  'utf8',
)
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => {
    const [code = '', verdict = '', source = ''] = line.split('\t');
    return { code, verdict, source };
  });
const VALID = VECTORS.filter((v) => v.verdict === 'valid').map((v) => v.code);

describe('checkUscc: vector file', () => {
  test('the vector file has the 34 rows domain-rules lists (31 valid, 3 invalid)', () => {
    assert.equal(VECTORS.length, 34);
    assert.equal(VALID.length, 31);
    assert.ok(VECTORS.every((v) => v.verdict === 'valid' || v.verdict === 'invalid'));
  });

  for (const { code, verdict, source } of VECTORS) {
    test(`${code} is ${verdict} (${source.slice(0, 60)}…)`, () => {
      const r = checkUscc(code);
      assert.equal(r.ok, verdict === 'valid', r.ok ? r.meaning : r.reason);
      if (r.ok) {
        assert.equal(r.value, code);
      }
    });
  }

  test('the three invalid rows fail for the reason their sources give', () => {
    assert.deepEqual(checkUscc('91110000600037341N'), {
      ok: false,
      reason: "check character is 'L' but 'N' was given",
    });
    assert.deepEqual(checkUscc('12345'), { ok: false, reason: 'has 5 characters, expected 18' });
    assert.deepEqual(checkUscc('91320621MA1MRHG207'), {
      ok: false,
      reason: "check character is '5' but '7' was given",
    });
  });
});

describe('GB 32100 / GB 11714 worked examples (domain-rules §1.2, §1.3)', () => {
  test('91110000600037341L: weighted sum 538, 538 mod 31 = 11, check L', () => {
    assert.equal(usccWeightedSum('91110000600037341'), 538);
    assert.equal(usccCheckChar('91110000600037341'), 'L');
  });
  test('organisation code 60003734: sum 109, check 1', () => {
    assert.equal(organizationWeightedSum('60003734'), 109);
    assert.equal(organizationCheckChar('60003734'), '1');
  });
  test('organisation code MA1MRHG2: sum 704, 704 mod 11 = 0, so 11 is written 0', () => {
    assert.equal(organizationWeightedSum('MA1MRHG2'), 704);
    assert.equal(organizationCheckChar('MA1MRHG2'), '0');
  });
  test('an organisation check of 10 is written X (9162010569564942X9 from the vector file)', () => {
    assert.equal(organizationCheckChar('69564942'), 'X');
  });
  test('the check-char helpers reject malformed input', () => {
    assert.throws(() => usccCheckChar('9111000060003734'), RangeError);
    assert.throws(() => usccCheckChar('9111000060003734O'), RangeError);
    assert.throws(() => organizationCheckChar('6000373'), RangeError);
  });
});

describe('checkUscc: result and normalisation', () => {
  test('full result for 91110000600037341L', () => {
    assert.deepEqual(checkUscc('91110000600037341L'), {
      ok: true,
      value: '91110000600037341L',
      display: '91110000600037341L',
      meaning:
        '统一社会信用代码 USCC: 工商/企业 (industry and commerce, enterprise), registered in region 110000, organisation code 60003734-1',
      authority: '工商',
      entityKind: '企业',
      regionCode: '110000',
      organizationCode: '600037341',
    });
  });

  test('individual business (个体工商户) from the vector file', () => {
    const r = checkUscc('92340602MA2UK33127');
    assert.equal(r.ok, true);
    assert.equal(r.ok && r.entityKind, '个体工商户');
  });

  test('spaces, hyphens, lowercase and full-width characters normalise to the same value', () => {
    for (const written of [
      ' 9111 0000-6000 3734 1l ',
      '91110000-600037341-L',
      '９１１１００００６０００３７３４１Ｌ',
      '91110000\u3000600037341L',
    ]) {
      const r = checkUscc(written);
      assert.equal(r.ok && r.value, '91110000600037341L', written);
    }
  });
});

describe('checkUscc: exact reasons', () => {
  test('empty', () => {
    assert.deepEqual(checkUscc('  '), { ok: false, reason: 'is empty' });
  });
  test('a letter outside the alphabet', () => {
    assert.deepEqual(checkUscc('91110000600O37341L'), {
      ok: false,
      reason:
        "contains 'O' at position 12, which is not in the GB 32100 alphabet (0-9 and A-Z without I, O, S, V, Z)",
    });
  });
  test('a 15-digit number gets a hint', () => {
    assert.deepEqual(checkUscc('110108000000016'), {
      ok: false,
      reason:
        'has 15 characters, expected 18 (a 15-digit number may be a legacy 工商注册号: check it as regno15)',
    });
  });
  test('a letter in the region code', () => {
    assert.deepEqual(checkUscc('91A10000600037341L'), {
      ok: false,
      reason: "position 3 'A' is not a digit: positions 3–8 are the GB/T 2260 region code",
    });
  });
  // Derived (not sourced): codes built with a correct check character so that only positions 1–2 are wrong.
  test('position 1 not an authority code', () => {
    const body = 'H1110000600037341';
    assert.deepEqual(checkUscc(body + usccCheckChar(body)), {
      ok: false,
      reason: "position 1 'H' is not a registration-authority code",
    });
  });
  test('position 2 not a kind of that authority', () => {
    const body = '94110000600037341';
    assert.deepEqual(checkUscc(body + usccCheckChar(body)), {
      ok: false,
      reason: "position 2 '4' is not an entity-kind code for authority 9 (工商): expected 1, 2 or 3",
    });
  });
  test('stdnum-style format error A1110000600037341L fails its checksum (authority A itself is allowed)', () => {
    assert.deepEqual(checkUscc('A1110000600037341L'), {
      ok: false,
      reason: "check character is 'K' but 'L' was given",
    });
  });
  test('a correct USCC check character does not excuse a wrong embedded organisation code', () => {
    const body = '91110000600037342'; // organisation code 60003734-2, whose check should be 1
    assert.deepEqual(checkUscc(body + usccCheckChar(body)), {
      ok: false,
      reason:
        "embedded organisation code 60003734-2 (positions 9–17) fails the GB 11714 check: its check character is '1'",
    });
  });
  test('other authorities of the GB 32100 table: law firm (31), village collective (N2)', () => {
    for (const [body, authority, kind] of [
      ['31110000600037341', '司法行政', '律师执业机构'],
      ['N2310104600037341', '农业', '村级集体经济组织'],
    ] as const) {
      const r = checkUscc(body + usccCheckChar(body));
      assert.equal(r.ok && `${r.authority}/${r.entityKind}`, `${authority}/${kind}`);
    }
  });
});

// Mutations below are derived from the sourced valid vectors, not sourced themselves.
describe('checkUscc: mutations of valid vectors (derived)', () => {
  test('every other alphabet symbol in place of the check character is rejected with the exact reason', () => {
    for (const code of VALID) {
      const right = code.charAt(17);
      for (const wrong of USCC_ALPHABET) {
        if (wrong === right) continue;
        assert.deepEqual(checkUscc(code.slice(0, 17) + wrong), {
          ok: false,
          reason: `check character is '${right}' but '${wrong}' was given`,
        });
      }
    }
  });

  // Guaranteed by the math: 31 is prime, every weight is non-zero mod 31 and every value difference is
  // 1..30, so a single substitution changes the weighted sum mod 31.
  test('every single-symbol substitution in positions 1–17 is rejected', () => {
    for (const code of VALID) {
      for (let i = 0; i < 17; i++) {
        for (const c of USCC_ALPHABET) {
          if (c === code.charAt(i)) continue;
          const mutated = code.slice(0, i) + c + code.slice(i + 1);
          assert.equal(checkUscc(mutated).ok, false, mutated);
        }
      }
    }
  });

  // Guaranteed: w(i+1) = 3·w(i) mod 31, so swapping a ≠ b changes the sum by (a − b)·2·w(i) ≢ 0 mod 31.
  test('every transposition of two different adjacent symbols in positions 1–17 is rejected', () => {
    for (const code of VALID) {
      for (let i = 0; i < 16; i++) {
        const a = code.charAt(i);
        const b = code.charAt(i + 1);
        if (a === b) continue;
        const mutated = code.slice(0, i) + b + a + code.slice(i + 2);
        assert.equal(checkUscc(mutated).ok, false, mutated);
      }
    }
  });
});

describe('checkRegistrationNo15 (ISO 7064 MOD 11,10)', () => {
  test('110108000000016 is valid (fdstar RegistrationNo15ValidatorTests)', () => {
    assert.deepEqual(checkRegistrationNo15('110108000000016'), {
      ok: true,
      value: '110108000000016',
      display: '110108000000016',
      meaning: '工商注册号 legacy business registration number, registering authority 110108',
      regionCode: '110108',
    });
  });
  test('110108000000017 is invalid (fdstar)', () => {
    assert.deepEqual(checkRegistrationNo15('110108000000017'), {
      ok: false,
      reason: "check digit is '6' but '7' was given",
    });
  });
  test('other reasons', () => {
    assert.deepEqual(checkRegistrationNo15(''), { ok: false, reason: 'is empty' });
    assert.deepEqual(checkRegistrationNo15('11010800000001'), {
      ok: false,
      reason: 'has 14 digits, expected 15',
    });
    assert.deepEqual(checkRegistrationNo15('11010800000A016'), {
      ok: false,
      reason: "contains 'A' at position 12; a registration number is 15 digits",
    });
  });
  test('spaces and hyphens are ignored', () => {
    const r = checkRegistrationNo15('110108-000 000 016');
    assert.equal(r.ok && r.value, '110108000000016');
  });
  // Derived: ISO 7064 hybrid systems detect every single substitution; checked on the sourced vector.
  test('every other check digit and every single-digit substitution in the body is rejected (derived)', () => {
    const code = '110108000000016';
    assert.equal(registrationNo15CheckDigit(code.slice(0, 14)), '6');
    for (let i = 0; i < 15; i++) {
      for (const d of '0123456789') {
        if (d === code.charAt(i)) continue;
        const mutated = code.slice(0, i) + d + code.slice(i + 1);
        assert.equal(checkRegistrationNo15(mutated).ok, false, mutated);
      }
    }
  });
});
