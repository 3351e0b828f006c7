import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkTermCompensation,
  expiryDate,
  newDrugMaxDays,
  termCompensationDaysOf,
  termCompensationDaysOfJson,
  type TermCompensationInput,
} from './term.ts';
import { compensationPeriod, COMPENSATION_FEE_UNKNOWN } from './deadlines.ts';

const invention = (filingDate: string, termCompensationDays?: number) =>
  expiryDate({
    kind: 'patent',
    office: 'CN',
    subType: 'invention',
    filingDate,
    registrationDate: null,
    termCompensationDays: termCompensationDays ?? null,
  });

test('term compensation: the last protected day moves by the recorded days (专利法 第四十二条第二款)', () => {
  // filed 2019-03-15: the 20-year term's last day is the day before the 20th anniversary, 2039-03-14.
  // 120 days later: 17 days to 03-31, +30 (April) = 47, +31 (May) = 78, +30 (June) = 108, +12 → 2039-07-12.
  assert.equal(invention('2019-03-15'), '2039-03-14');
  assert.equal(invention('2019-03-15', 120), '2039-07-12');
  // across a year end: last day 2041-12-19, +12 → 12-31, +3 → 2042-01-03
  assert.equal(invention('2021-12-20', 15), '2042-01-03');
  // across a leap day: last day 2040-01-31, +29 → 2040-02-29, +30 → 2040-03-01
  assert.equal(invention('2020-02-01', 30), '2040-03-01');
  // 0 / absent days: the statutory expiry
  assert.equal(invention('2019-03-15', 0), '2039-03-14');
});

test('term compensation: only inventions move; other kinds keep their statutory expiry', () => {
  const um = expiryDate({
    kind: 'patent',
    office: 'CN',
    subType: 'utility_model',
    filingDate: '2019-03-15',
    registrationDate: null,
    termCompensationDays: 120,
  });
  assert.equal(um, '2029-03-14');
});

test('term compensation: the new-drug cap is 5 years counted from the day after the statutory expiry', () => {
  // 2039-03-15 .. 2044-03-15 holds 29 Feb 2040 and 29 Feb 2044: 5 × 365 + 2
  assert.equal(newDrugMaxDays('2019-03-15'), 1827);
  // 2041-06-01 .. 2046-06-01 holds 29 Feb 2044 only: 5 × 365 + 1
  assert.equal(newDrugMaxDays('2021-05-01'), 1826);
  // no filing date: the longest 5 years can be
  assert.equal(newDrugMaxDays(null), 1827);
});

const ok: TermCompensationInput = {
  kind: 'patent',
  office: 'CN',
  subType: 'invention',
  filingDate: '2021-05-01',
  grantDate: '2023-08-01',
  days: 120,
};

test('checkTermCompensation: accepts a positive whole number of days on a CN invention granted from 2021-06-01', () => {
  assert.deepEqual(checkTermCompensation(ok), []);
  assert.deepEqual(checkTermCompensation({ ...ok, grantDate: '2021-06-01' }), []);
  assert.deepEqual(checkTermCompensation({ ...ok, days: 1826, compensationKind: 'new_drug' }), []);
  assert.deepEqual(checkTermCompensation({ ...ok, days: 5000, compensationKind: 'examination_delay' }), []);
  assert.deepEqual(checkTermCompensation({ ...ok, days: undefined }), []);
});

test('checkTermCompensation: refuses, naming the field and the reason', () => {
  const reasons = (over: Partial<TermCompensationInput>) => checkTermCompensation({ ...ok, ...over });
  assert.deepEqual(reasons({ subType: 'utility_model' }), [
    {
      field: 'termCompensationDays',
      reason: 'term compensation applies to CN invention patents only (专利法 第四十二条)',
    },
  ]);
  assert.deepEqual(reasons({ office: 'US' })[0]?.field, 'termCompensationDays');
  assert.deepEqual(reasons({ kind: 'trademark', subType: 'trademark' })[0]?.field, 'termCompensationDays');
  assert.deepEqual(reasons({ grantDate: '2021-05-31' }), [
    {
      field: 'termCompensationDays',
      reason: 'granted 2021-05-31: term compensation applies to grants announced on or after 2021-06-01',
    },
  ]);
  assert.deepEqual(reasons({ grantDate: undefined }), [
    {
      field: 'termCompensationDays',
      reason: 'needs the grant announcement date: compensation is for granted inventions',
    },
  ]);
  for (const days of [0, -3, 1.5, '120', Number.NaN])
    assert.deepEqual(
      reasons({ days }).map((e) => e.field),
      ['termCompensationDays'],
      String(days),
    );
  assert.equal(reasons({ days: 0 })[0]?.reason, 'must be a whole number of days above 0, not "0"');
  assert.deepEqual(reasons({ days: 1827, compensationKind: 'new_drug' }), [
    {
      field: 'termCompensationDays',
      reason: 'new-drug compensation is at most 5 years (1826 days here), not 1827',
    },
  ]);
  assert.deepEqual(reasons({ compensationKind: 'patent_delay' }), [
    {
      field: 'termCompensationKind',
      reason: 'must be examination_delay or new_drug, not "patent_delay"',
    },
  ]);
  assert.deepEqual(reasons({ days: undefined, compensationKind: 'new_drug' }), [
    { field: 'termCompensationDays', reason: 'the kind of compensation is given without its days' },
  ]);
});

test('termCompensationDaysOf / …OfJson read the recorded days from stored details', () => {
  assert.equal(termCompensationDaysOf({ termCompensationDays: 120 }), 120);
  assert.equal(termCompensationDaysOf({ granted: true }), 0);
  assert.equal(termCompensationDaysOf(null), 0);
  assert.equal(termCompensationDaysOfJson('{"granted":true,"termCompensationDays":120}'), 120);
  assert.equal(termCompensationDaysOfJson('{"granted":true}'), 0);
  assert.equal(termCompensationDaysOfJson('{"termCompensationDays":'), 0);
  assert.equal(termCompensationDaysOfJson(null), 0);
});

test('compensationPeriod: the compensated days after the statutory term, fee unknown with the reason', () => {
  assert.deepEqual(compensationPeriod('invention', '2019-03-15', 120), {
    days: 120,
    statutoryExpiry: '2039-03-14',
    from: '2039-03-15',
    to: '2039-07-12',
    basis: '专利法 (2020) 第四十二条第二款、第三款 (in force 2021-06-01)',
    fee: { amount: null, confidence: 'L', reason: COMPENSATION_FEE_UNKNOWN },
  });
  assert.equal(compensationPeriod('invention', '2019-03-15', 0), null);
  assert.equal(compensationPeriod('utility_model', '2019-03-15', 120), null);
});
