import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CountIndex, type CountRow } from './count-index.ts';

const row = (over: Partial<CountRow>): CountRow => ({
  region_code: '310104',
  street_code: '310104014',
  kind_key: 'patent:invention',
  valid_from: null,
  valid_to: null,
  hv_from: null,
  filing_date: null,
  registration_date: null,
  ...over,
});

describe('count index', () => {
  const a = row({
    valid_from: '2013-05-20',
    valid_to: '2021-03-15',
    hv_from: '2020-03-16',
    filing_date: '2010-03-15',
  });
  const b = row({ valid_from: '2019-06-10', valid_to: '2036-02-01', street_code: '310104017' });
  const c = row({ valid_from: '2018-01-05', valid_to: null, hv_from: '0000-01-01' });
  const build = (rows: CountRow[]) => {
    const ix = new CountIndex();
    for (const r of rows) ix.push(r);
    ix.finish();
    return ix;
  };

  it('counts valid and high-value rights on a date by region and street (half-open intervals)', () => {
    const ix = build([a, b, c]);
    assert.equal(ix.validOn('310104', 'patent:invention', '2020-12-31'), 3);
    assert.equal(ix.validOn('310104', 'patent:invention', '2021-03-15'), 2);
    assert.equal(ix.validOn('310104', 'patent:invention', '2013-05-19'), 0);
    assert.equal(ix.highValueOn('310104', 'patent:invention', '2020-03-15'), 1);
    assert.equal(ix.highValueOn('310104', 'patent:invention', '2020-03-16'), 2);
    assert.equal(ix.highValueOn('310104', 'patent:invention', '2021-03-15'), 1);
    assert.equal(ix.validOn('310104|310104014', 'patent:invention', '2020-12-31'), 2);
    assert.equal(ix.filedBetween('310104', 'patent:invention', '2010-03-15', '2010-03-15'), 1);
    assert.equal(ix.size('310104'), 3);
    assert.equal(ix.size('310104|310104017'), 1);
  });

  it('a patched index equals one built from the new rows', () => {
    const ix = build([a, b, c]);
    const a2 = { ...a, valid_to: '2030-03-15' };
    ix.patch(a, a2);
    ix.patch(b, undefined);
    const fresh = build([a2, c]);
    for (const d of ['2015-01-01', '2020-12-31', '2021-12-31', '2031-01-01'])
      for (const scope of ['310104', '310104|310104014', '310104|310104017']) {
        assert.equal(ix.validOn(scope, 'patent:invention', d), fresh.validOn(scope, 'patent:invention', d));
        assert.equal(
          ix.highValueOn(scope, 'patent:invention', d),
          fresh.highValueOn(scope, 'patent:invention', d),
        );
      }
    assert.equal(ix.size('310104'), 2);
  });
});
