import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CanonicalRecord } from './canonical.ts';
import { normalizeRecord } from './normalize.ts';

// hand-made application numbers whose check characters pass the real validator (domain/ids/cn-appno.ts)
const invention: CanonicalRecord = {
  kind: 'patent',
  office: 'CN',
  applicationNumber: '201910123456.X',
  filingDate: '2019-03-15',
  grantDate: '2023-08-01',
  title: '一种测试用发明',
  applicants: [{ name: '上海徐汇示例科技有限公司' }],
};

test('normalizeRecord: recorded term-compensation days are kept in details', () => {
  const r = normalizeRecord({ ...invention, termCompensationDays: 120, termCompensationKind: 'new_drug' });
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(r.asset.details.termCompensationDays, 120);
  assert.equal(r.asset.details.termCompensationKind, 'new_drug');
  const plain = normalizeRecord(invention);
  assert.ok(plain.ok);
  assert.equal('termCompensationDays' in plain.asset.details, false);
  assert.notEqual(plain.asset.contentKey, r.asset.contentKey);
});

test('normalizeRecord: term-compensation days refused with the field and reason', () => {
  const r = normalizeRecord({ ...invention, grantDate: '2021-03-02', termCompensationDays: 120 });
  assert.deepEqual(r.ok ? [] : r.errors, [
    {
      field: 'termCompensationDays',
      reason: 'granted 2021-03-02: term compensation applies to grants announced on or after 2021-06-01',
    },
  ]);
  const u = normalizeRecord({
    ...invention,
    applicationNumber: '201920123456.5',
    termCompensationDays: 30,
  });
  assert.equal(u.ok, false);
  assert.deepEqual(u.ok ? [] : u.errors.map((e) => e.field), ['termCompensationDays']);
});
