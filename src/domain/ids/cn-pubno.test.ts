import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkCnPublicationNumber } from './cn-pubno.ts';

describe('checkCnPublicationNumber: sourced examples (domain-rules §2.2, cn-patent-appno.tsv notes)', () => {
  const cases: [string, string, string][] = [
    ['CN106844774A', 'invention', 'A'],
    ['CN105117980B', 'invention', 'B'],
    ['CN304218960S', 'design', 'S'],
    ['CN103250167A', 'invention', 'A'],
    ['CN111912484A', 'invention', 'A'],
    ['CN111912484B', 'invention', 'B'],
    ['CN1060277C', 'invention', 'C'],
    ['CN1206871A', 'invention', 'A'],
    ['CN1330325', 'invention', ''],
  ];
  for (const [number, patentType, kindCode] of cases) {
    test(number, () => {
      const r = checkCnPublicationNumber(number);
      assert.equal(r.ok && `${r.value} ${r.patentType} ${r.kindCode}`, `${number} ${patentType} ${kindCode}`);
    });
  }

  test('full result for CN106844774A', () => {
    assert.deepEqual(checkCnPublicationNumber('CN106844774A'), {
      ok: true,
      value: 'CN106844774A',
      display: 'CN106844774A',
      meaning: '发明 invention · 发明专利申请公布 invention application publication, number 106844774',
      patentType: 'invention',
      kindCode: 'A',
      documentKind: '发明专利申请公布 invention application publication',
      serial: '106844774',
    });
  });

  test('older 7-digit form: C was the grant of an invention', () => {
    const r = checkCnPublicationNumber('CN1060277C');
    assert.equal(r.ok && r.documentKind, '发明专利授权 invention grant (pre-2004 kind code C)');
  });

  test('7-digit number without a kind code', () => {
    const r = checkCnPublicationNumber('CN1330325');
    assert.equal(r.ok && r.documentKind, 'kind code not given');
  });
});

describe('checkCnPublicationNumber: written forms', () => {
  for (const form of [
    'cn106844774a',
    'CN 106844774 A',
    '106844774A',
    'ＣＮ１０６８４４７７４Ａ',
    ' cn 106 844 774a ',
  ]) {
    test(JSON.stringify(form), () => {
      const r = checkCnPublicationNumber(form);
      assert.equal(r.ok && r.value, 'CN106844774A');
    });
  }
  test('a correction suffix (A8) is kept', () => {
    const r = checkCnPublicationNumber('CN106844774A8');
    assert.equal(r.ok && `${r.value} ${r.kindCode}`, 'CN106844774A8 A8');
  });
  test('utility model numbers take U (derived number)', () => {
    const r = checkCnPublicationNumber('CN206844774U');
    assert.equal(r.ok && r.patentType, 'utility_model');
  });
});

describe('checkCnPublicationNumber: exact reasons', () => {
  const cases: [string, string][] = [
    ['', 'is empty'],
    [
      'CN106844774U',
      "kind code 'U' is for utility models, but first digit '1' makes this an invention number",
    ],
    [
      'CN206844774A',
      "kind code 'A' is for inventions, but first digit '2' makes this a utility model number",
    ],
    ['CN304218960B', "kind code 'B' is for inventions, but first digit '3' makes this a design number"],
    ['CN106844774S', "kind code 'S' is for designs, but first digit '1' makes this an invention number"],
    ['CN506844774A', "first digit '5' is not a patent type: 1 invention, 2 utility model, 3 design"],
    ['CN106844774', 'kind code is missing: a 9-digit number needs one (A, B or C for an invention)'],
    ['CN10684477A', 'has 8 digits; a CN publication number has 9 digits (or 7 in older documents)'],
    ['CN106844774A1', "kind code 'A1': only 8 or 9 (a correction) may follow the letter"],
    [
      'CN106844774Q',
      "kind code 'Q' is not a CN kind code: A, B, C (invention), U, Y (utility model), S (design)",
    ],
    ['CN1068-44774A', "contains '-', which cannot appear in a publication number"],
  ];
  for (const [input, reason] of cases) {
    test(`${JSON.stringify(input)} → ${reason}`, () => {
      assert.deepEqual(checkCnPublicationNumber(input), { ok: false, reason });
    });
  }
});
