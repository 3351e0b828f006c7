import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkCopyrightRegNumber } from './cr-regno.ts';

const NOW = new Date('2025-06-01T00:00:00Z');

describe('checkCopyrightRegNumber: works', () => {
  // Sourced (domain-rules §5.1): F = 美术, B = 音乐.
  test('国作登字-2016-F-00269796 (美术)', () => {
    assert.deepEqual(checkCopyrightRegNumber('国作登字-2016-F-00269796', { now: NOW }), {
      ok: true,
      value: '国作登字-2016-F-00269796',
      display: '国作登字-2016-F-00269796',
      meaning:
        '作品著作权登记 works registration by 国家版权局 National Copyright Administration, 2016, category F = 美术 fine art, serial 00269796',
      copyrightType: 'work',
      year: 2016,
      category: '美术',
    });
  });
  test('国作登字-2014-B-00128894 (音乐)', () => {
    const r = checkCopyrightRegNumber('国作登字-2014-B-00128894', { now: NOW });
    assert.equal(r.ok && `${r.year} ${r.category}`, '2014 音乐');
  });
  // Example number from the brief (not sourced): a provincial registration.
  test('provincial prefix 沪作登字', () => {
    const r = checkCopyrightRegNumber('沪作登字-2019-F-00012345', { now: NOW });
    assert.equal(
      r.ok && r.meaning,
      '作品著作权登记 works registration by 上海 (沪) provincial copyright office, 2019, category F = 美术 fine art, serial 00012345',
    );
  });
  test('an unsourced category letter is accepted, without a category, and the meaning says so', () => {
    assert.deepEqual(checkCopyrightRegNumber('国作登字-2016-A-00269796', { now: NOW }), {
      ok: true,
      value: '国作登字-2016-A-00269796',
      display: '国作登字-2016-A-00269796',
      meaning:
        "作品著作权登记 works registration by 国家版权局 National Copyright Administration, 2016, category letter 'A' (meaning unknown: only B 音乐 and F 美术 are sourced), serial 00269796",
      copyrightType: 'work',
      year: 2016,
    });
  });
  test('dash variants, missing hyphens, spaces and lowercase give the same value', () => {
    for (const written of [
      '国作登字－2016－F－00269796',
      '国作登字—2016—F—00269796',
      '国作登字2016F00269796',
      '国作登字 - 2016 - f - 00269796',
    ]) {
      const r = checkCopyrightRegNumber(written, { now: NOW });
      assert.equal(r.ok && r.value, '国作登字-2016-F-00269796', written);
    }
  });
});

describe('checkCopyrightRegNumber: software', () => {
  test('2016SR309930 (sourced)', () => {
    assert.deepEqual(checkCopyrightRegNumber('2016SR309930', { now: NOW }), {
      ok: true,
      value: '2016SR309930',
      display: '2016SR309930',
      meaning: '计算机软件著作权登记 software copyright registration, 2016, number 309930',
      copyrightType: 'software',
      year: 2016,
    });
  });
  test('lowercase sr, spaces, full width', () => {
    for (const written of ['2016sr309930', '2016 SR 309930', '２０１６ＳＲ３０９９３０']) {
      const r = checkCopyrightRegNumber(written, { now: NOW });
      assert.equal(r.ok && r.value, '2016SR309930', written);
    }
  });
  test('7 digits after SR are accepted (later years)', () => {
    const r = checkCopyrightRegNumber('2021SR0123456', { now: NOW });
    assert.equal(r.ok && r.value, '2021SR0123456');
  });
});

describe('checkCopyrightRegNumber: exact reasons', () => {
  const cases: [string, string][] = [
    ['', 'is empty'],
    ['国作登字-1990-F-00269796', 'year 1990 is before 1991, the first year of copyright registration'],
    ['国作登字-2026-F-00269796', 'year 2026 is after the current year 2025'],
    ['2026SR309930', 'year 2026 is after the current year 2025'],
    ['1990SR309930', 'year 1990 is before 1991, the first year of copyright registration'],
    [
      '火作登字-2016-F-00269796',
      "'火作登字' is not a registrar prefix: expected 国作登字 or a provincial abbreviation such as 沪作登字",
    ],
    ['国作登字-2016-F-0026979', "serial '0026979' has 7 digits; expected 8"],
    [
      '国作登字-2016-00269796',
      "'-2016-00269796' after '国作登字' is not -YYYY-L-NNNNNNNN (year, category letter, 8-digit serial)",
    ],
    ['2016SR30993', "has 5 digits after 'SR'; a software registration number has 6 (or, from about 2018, 7)"],
    [
      '软著登字第0123456号',
      "'软著登字第…号' is the certificate number; the registration number has the form YYYYSR + digits",
    ],
    [
      'hello',
      'is neither a works registration number (国作登字-YYYY-L-NNNNNNNN) nor a software registration number (YYYYSR + 6 or 7 digits)',
    ],
  ];
  for (const [input, reason] of cases) {
    test(`${JSON.stringify(input)} → ${reason}`, () => {
      assert.deepEqual(checkCopyrightRegNumber(input, { now: NOW }), { ok: false, reason });
    });
  }
});
