import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import {
  checkCnApplicationNumber,
  cnAppNoCheckChar,
  cnAppNoWeightedSum,
  currentYearInChina,
  type CnPatentType,
} from './cn-appno.ts';

/** Rows of shared/reference/vectors/cn-patent-appno.tsv: appno, valid, "type=N; note", source. All valid. */
const VECTORS = readFileSync(
  new URL('../../../../shared/reference/vectors/cn-patent-appno.tsv', import.meta.url),
  'utf8',
)
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => {
    const [appno = '', verdict = '', note = '', source = ''] = line.split('\t');
    const typeDigit = /type=(\d)/.exec(note)?.[1] ?? '';
    return { appno, verdict, typeDigit, source };
  });

const TYPE_OF: Readonly<Record<string, [CnPatentType, boolean]>> = {
  '1': ['invention', false],
  '2': ['utility_model', false],
  '3': ['design', false],
  '8': ['invention', true],
  '9': ['utility_model', true],
};

/** Fixed "now" so that the tests do not depend on the date they run. */
const NOW = new Date('2025-06-01T00:00:00Z');

describe('checkCnApplicationNumber: vector file', () => {
  test('the vector file has 9 rows, all valid', () => {
    assert.equal(VECTORS.length, 9);
    assert.ok(VECTORS.every((v) => v.verdict === 'valid'));
  });

  for (const { appno, typeDigit, source } of VECTORS) {
    test(`${appno} is valid, type ${typeDigit} (${source.slice(0, 50)}…)`, () => {
      const r = checkCnApplicationNumber(appno, { now: NOW });
      assert.equal(r.ok, true, r.ok ? '' : r.reason);
      if (!r.ok) return;
      assert.equal(r.value, appno);
      const [patentType, pct] = TYPE_OF[typeDigit] ?? [];
      assert.equal(r.patentType, patentType);
      assert.equal(r.pct, pct);
    });
  }
});

describe('worked check-digit examples (domain-rules §2.1)', () => {
  test('201710601862: sum 157, 157 mod 11 = 3', () => {
    assert.equal(cnAppNoWeightedSum('201710601862'), 157);
    assert.equal(cnAppNoCheckChar('201710601862'), '3');
  });
  test('95115608: sum 186, 186 mod 11 = 10, written X', () => {
    assert.equal(cnAppNoWeightedSum('95115608'), 186);
    assert.equal(cnAppNoCheckChar('95115608'), 'X');
  });
  test('cnAppNoCheckChar rejects other lengths', () => {
    assert.throws(() => cnAppNoCheckChar('2017106018'), RangeError);
    assert.throws(() => cnAppNoCheckChar('20171060186X'), RangeError);
  });
});

describe('checkCnApplicationNumber: results', () => {
  test('full result for 201710601862.3', () => {
    assert.deepEqual(checkCnApplicationNumber('201710601862.3', { now: NOW }), {
      ok: true,
      value: '201710601862.3',
      display: '201710601862.3',
      meaning: '发明专利申请 invention application, filed 2017, serial 0601862',
      patentType: 'invention',
      pct: false,
      filingYear: 2017,
      form: 12,
      serial: '0601862',
    });
  });
  test('full result for the 8-digit form 97101765.4', () => {
    assert.deepEqual(checkCnApplicationNumber('97101765.4', { now: NOW }), {
      ok: true,
      value: '97101765.4',
      display: '97101765.4',
      meaning:
        '发明专利申请 invention application, filed 1997, serial 01765 (8-digit form used before 2003-10-01)',
      patentType: 'invention',
      pct: false,
      filingYear: 1997,
      form: 8,
      serial: '01765',
    });
  });
  test('PCT national phase (type 8) and design (type 3)', () => {
    const pct = checkCnApplicationNumber('201180044267.5', { now: NOW });
    assert.equal(
      pct.ok && pct.meaning,
      'PCT发明专利申请(进入中国国家阶段) PCT invention application in the Chinese national phase, year 2011, serial 0044267',
    );
    const design = checkCnApplicationNumber('201730033448.8', { now: NOW });
    assert.equal(design.ok && design.patentType, 'design');
  });
  test('type 9 maps to a PCT utility model (derived number, correct check computed)', () => {
    const body = '201990012345';
    const r = checkCnApplicationNumber(`${body}.${cnAppNoCheckChar(body)}`, { now: NOW });
    assert.equal(r.ok && `${r.patentType} pct=${r.pct}`, 'utility_model pct=true');
  });
});

describe('checkCnApplicationNumber: written forms of one number give one value', () => {
  const forms = [
    '201710601862.3',
    'CN201710601862.3',
    'CN 201710601862.3',
    'ZL201710601862.3',
    'ZL 201710601862.3',
    '2017 1 0601862.3',
    'CN 2017 1 0601862.3',
    '2017106018623',
    'CN2017106018623A', // Google Patents form: digits + check + 'A', no dot
    'cn201710601862.3',
    '２０１７１０６０１８６２．３',
    'ＣＮ２０１７１０６０１８６２．３',
    ' 201710601862.3\u00a0', // trailing &nbsp; as in the migrate-core source
  ];
  for (const form of forms) {
    test(JSON.stringify(form), () => {
      const r = checkCnApplicationNumber(form, { now: NOW });
      assert.equal(r.ok && r.value, '201710601862.3', r.ok ? '' : r.reason);
    });
  }
  test("Google's CN201510522415XA and lowercase x give 201510522415.X", () => {
    for (const form of ['CN201510522415XA', 'cn201510522415xa', '201510522415.x', 'CN201510522415.XA']) {
      const r = checkCnApplicationNumber(form, { now: NOW });
      assert.equal(r.ok && r.value, '201510522415.X', form);
    }
  });
  test('the 8-digit form without a dot', () => {
    const r = checkCnApplicationNumber('95115608x', { now: NOW });
    assert.equal(r.ok && r.value, '95115608.X');
  });
});

describe('checkCnApplicationNumber: missing check character', () => {
  test('rejected by default, with the computed check in the reason', () => {
    assert.deepEqual(checkCnApplicationNumber('201710601862', { now: NOW }), {
      ok: false,
      reason: "has no check character (the computed check character would be '3')",
    });
  });
  test('with allowMissingCheck it is filled in and the meaning says so', () => {
    const r = checkCnApplicationNumber('CN 201710601862', { allowMissingCheck: true, now: NOW });
    assert.equal(r.ok && r.value, '201710601862.3');
    assert.equal(
      r.ok && r.meaning,
      "发明专利申请 invention application, filed 2017, serial 0601862; check character '3' was not given and has been computed",
    );
    const old = checkCnApplicationNumber('CN97101765A', { allowMissingCheck: true, now: NOW });
    assert.equal(old.ok && old.value, '97101765.4');
  });
});

describe('checkCnApplicationNumber: exact reasons', () => {
  const cases: [string, string][] = [
    ['', 'is empty'],
    ['201710601862.4', "check character is '3' but '4' was given"],
    [
      '2017106O1862.3',
      "contains 'O', which cannot appear in an application number (digits, '.' and the check character 0-9 or X)",
    ],
    [
      '20171060186.3',
      'has 11 digits before the check character; expected 12 (from 2003-10-01) or 8 (before)',
    ],
    [
      '2017106018',
      'has 10 digits; expected 12 digits + check character (from 2003-10-01) or 8 digits + check character (before)',
    ],
    ['201710601862.', "ends with '.' but no check character follows"],
    ['201710601862.34', "has '34' after the '.'; exactly one check character (0-9 or X) is expected"],
    ['2017X0601862.3', "'X' may only be the check character, after the digits"],
    ['201740601862.3', "type digit '4' (position 5) is not an application type: expected 1, 2, 3, 8 or 9"],
    ['97401765.4', "type digit '4' (position 3) is not an application type: expected 1, 2, 3, 8 or 9"],
    [
      '200210601862.3',
      'filing year 2002 is before 2003: 12-digit application numbers began on 2003-10-01 (older numbers have 8 digits)',
    ],
    [
      '04101765.4',
      "year digits '04' are not 85–99 or 00–03: the 8-digit form was used from 1985 until 2003-09-30",
    ],
  ];
  for (const [input, reason] of cases) {
    test(`${JSON.stringify(input)} → ${reason}`, () => {
      assert.deepEqual(checkCnApplicationNumber(input, { now: NOW }), { ok: false, reason });
    });
  }

  test('a year after the current year (in China) is rejected; the new year starts at Beijing midnight', () => {
    const body = '202510601862';
    const appno = `${body}.${cnAppNoCheckChar(body)}`;
    assert.deepEqual(checkCnApplicationNumber(appno, { now: new Date('2024-12-31T15:59:59Z') }), {
      ok: false,
      reason: 'filing year 2025 is after the current year 2024',
    });
    // 2024-12-31T16:00Z is 2025-01-01 00:00 in Beijing.
    assert.equal(checkCnApplicationNumber(appno, { now: new Date('2024-12-31T16:00:00Z') }).ok, true);
    assert.equal(currentYearInChina(new Date('2024-12-31T16:00:00Z')), 2025);
  });
});

// Mutations below are derived from the sourced valid vectors, not sourced themselves (domain-rules §2.6:
// no invalid application number was found in a source).
describe('checkCnApplicationNumber: mutations of valid vectors (derived)', () => {
  test('every other check character is rejected with the exact reason', () => {
    for (const { appno } of VECTORS) {
      const [body = '', right = ''] = appno.split('.');
      for (const wrong of '0123456789X') {
        if (wrong === right) continue;
        assert.deepEqual(checkCnApplicationNumber(`${body}.${wrong}`, { now: NOW }), {
          ok: false,
          reason: `check character is '${right}' but '${wrong}' was given`,
        });
      }
    }
  });

  // Guaranteed: each weight (2..9) is coprime to 11 and a digit difference is 1..9, so the sum mod 11 changes.
  test('every single-digit substitution in the body is rejected', () => {
    for (const { appno } of VECTORS) {
      const [body = '', check = ''] = appno.split('.');
      for (let i = 0; i < body.length; i++) {
        for (const d of '0123456789') {
          if (d === body.charAt(i)) continue;
          const mutated = `${body.slice(0, i)}${d}${body.slice(i + 1)}.${check}`;
          assert.equal(checkCnApplicationNumber(mutated, { now: NOW }).ok, false, mutated);
        }
      }
    }
  });

  // Guaranteed: adjacent weights differ by 1 (or by −7 between the 8th and 9th digit), both coprime to 11,
  // so swapping different digits a, b changes the sum by ±(a − b) or 7(a − b), never 0 mod 11.
  test('every transposition of two different adjacent body digits is rejected', () => {
    let tried = 0;
    for (const { appno } of VECTORS) {
      const [body = '', check = ''] = appno.split('.');
      for (let i = 0; i < body.length - 1; i++) {
        const a = body.charAt(i);
        const b = body.charAt(i + 1);
        if (a === b) continue;
        tried++;
        const mutated = `${body.slice(0, i)}${b}${a}${body.slice(i + 2)}.${check}`;
        assert.equal(checkCnApplicationNumber(mutated, { now: NOW }).ok, false, mutated);
      }
    }
    assert.ok(tried > 50);
  });

  // Not guaranteed, and asserted as such: digits 4 and 12 share the weight 5, so swapping them keeps the
  // check character. 201710601862.3 → 201210601867.3 passes the checksum (and is a plausible number).
  test('a swap of two digits with equal weights is NOT detected (documents the limit)', () => {
    assert.equal(cnAppNoCheckChar('201210601867'), '3');
    assert.equal(checkCnApplicationNumber('201210601867.3', { now: NOW }).ok, true);
  });
});
