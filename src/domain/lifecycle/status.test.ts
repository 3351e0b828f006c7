import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deriveStatus } from './status.ts';
import { expiryDate } from './term.ts';

const TODAY = '2026-11-25';

test('status comes from events and dates only', () => {
  assert.equal(deriveStatus({ kind: 'patent', events: [] }, TODAY), 'pending');
  assert.equal(deriveStatus({ kind: 'patent', granted: true, events: [] }, TODAY), 'in_force');
  assert.equal(
    deriveStatus(
      { kind: 'patent', grantDate: '2020-01-03', events: [{ code: 'CF01', date: '2023-02-01' }] },
      TODAY,
    ),
    'terminated',
  );
  // restoration (RR01) after a lapse for unpaid fees revives the right; events are applied in date order
  assert.equal(
    deriveStatus(
      {
        kind: 'patent',
        grantDate: '2020-01-03',
        events: [
          { code: 'RR01', date: '2023-05-01' },
          { code: 'CF01', date: '2023-02-01' },
        ],
      },
      TODAY,
    ),
    'in_force',
  );
  // a future-dated event does not count yet
  assert.equal(
    deriveStatus(
      { kind: 'patent', grantDate: '2020-01-03', events: [{ code: 'IW01', date: '2027-01-01' }] },
      TODAY,
    ),
    'in_force',
  );
  assert.equal(
    deriveStatus(
      { kind: 'trademark', registrationDate: '2010-05-07', expiryDate: '2020-05-06', events: [] },
      TODAY,
    ),
    'expired',
  );
});

test('terms: invention 20, utility model 10, design 10 or 15 by filing date (专利法 第四十二条)', () => {
  const p = (subType: string, filingDate: string) =>
    expiryDate({ kind: 'patent', office: 'CN', subType, filingDate, registrationDate: null });
  // domain-rules §3.4 example filing date 1997-06-03: the 20th anniversary is 2017-06-03
  assert.equal(p('invention', '1997-06-03'), '2017-06-02');
  assert.equal(p('utility_model', '2015-03-04'), '2025-03-03');
  assert.equal(p('design', '2021-05-31'), '2031-05-30');
  assert.equal(p('design', '2021-06-01'), '2036-05-31');
  assert.equal(
    expiryDate({
      kind: 'trademark',
      office: 'CN',
      subType: null,
      filingDate: null,
      registrationDate: '2015-03-04',
    }),
    '2025-03-03',
  );
  assert.equal(p('invention', ''), undefined);
  assert.equal(
    expiryDate({
      kind: 'patent',
      office: 'US',
      subType: 'invention',
      filingDate: '2010-01-01',
      registrationDate: null,
    }),
    undefined,
  );
});
