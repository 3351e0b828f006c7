import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  INDICATORS,
  cf01EffectiveDate,
  growthPercent,
  indicatorDef,
  lastQuarterEnded,
  periodEndOf,
  pledgeTotal,
  ratio,
  roundHalfUp,
  validOn,
  validityIntervals,
  type ValidityInput,
} from './indicators.ts';

const VECTORS = path.resolve(import.meta.dirname, '../../../../shared/reference/vectors/indicator-repro.tsv');

describe('indicator definitions', () => {
  it('defines every indicator of issue 5 item 7 once, with a rule version and basis', () => {
    const ids = INDICATORS.map((d) => d.id);
    for (const id of [
      'invention_patents_per_10k_pop',
      'high_value_invention_patents_per_10k_pop',
      'valid_trademarks_per_10k_entities',
      'new_trademarks_per_new_entity',
      'pct_applications',
      'pledge_amount',
    ])
      assert.ok(ids.includes(id), id);
    assert.equal(new Set(ids).size, ids.length, 'ids are unique');
    for (const d of INDICATORS) assert.ok(d.ruleVersion && d.basis && d.precisionSource, d.id);
  });
});

describe('rounding half-up', () => {
  it('rounds the decimal value, not the binary one', () => {
    assert.equal(roundHalfUp(1.005, 2), 1.01);
    assert.equal(roundHalfUp(2.875, 2), 2.88);
    assert.equal(roundHalfUp(0.125, 2), 0.13);
    assert.equal(roundHalfUp(9.35, 1), 9.4);
    assert.equal(roundHalfUp(-1.25, 1), -1.3);
  });
});

describe('published figures (../shared/reference/vectors/indicator-repro.tsv)', () => {
  const rows = fs
    .readFileSync(VECTORS, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => l.split('\t'));
  it('has the 5 rows the reference describes', () => assert.equal(rows.length, 5));
  for (const [indicator, period, region, num, den, published] of rows) {
    it(`${indicator} ${period} ${region} = ${published}`, () => {
      const n = Number(num);
      const d = Number(den);
      let value: number | null;
      if (indicator === 'new_trademarks_per_new_market_entity')
        value = ratio(indicatorDef('new_trademarks_per_new_entity'), n, d);
      else if (indicator === 'high_value_invention_patents_per_10k_pop')
        // the source gives the population in 万人
        value = ratio(indicatorDef('high_value_invention_patents_per_10k_pop'), n, d * 10_000);
      else if (indicator === 'ip_pledge_financing_amount_yi_yuan') value = pledgeTotal([n, d]);
      else throw new Error(`no formula for ${indicator}`);
      assert.equal(value, Number(published));
    });
  }
});

describe('formulas on hand-computed fixtures', () => {
  it('invention patents per 10k population: 2,704,000 ÷ 141,260万 = 19.14 (domain-rules §6.1 check)', () => {
    assert.equal(ratio(indicatorDef('invention_patents_per_10k_pop'), 2_704_000, 1_412_600_000), 19.14);
  });
  it('Xuhui: 14,468 inventions ÷ 1,113,100 residents = 129.98 per 10k (the §6.6 hypothesis, 2 dp)', () => {
    // 14468 / 111.31 = 129.9793… → 129.98
    assert.equal(ratio(indicatorDef('invention_patents_per_10k_pop'), 14_468, 1_113_100), 129.98);
  });
  it('valid trademarks per 10k entities: 3 ÷ 7 × 10,000 = 4285.71… → 4286 (0 dp)', () => {
    assert.equal(ratio(indicatorDef('valid_trademarks_per_10k_entities'), 3, 7), 4286);
  });
  it('a missing or zero denominator gives null', () => {
    assert.equal(ratio(indicatorDef('invention_patents_per_10k_pop'), 10, null), null);
    assert.equal(ratio(indicatorDef('new_trademarks_per_new_entity'), 10, 0), null);
  });
  it('counts are themselves; growth is percent to 1 dp', () => {
    assert.equal(ratio(indicatorDef('pct_applications'), 297, null), 297);
    assert.equal(growthPercent(110, 100), 10);
    assert.equal(growthPercent(1, 3), -66.7);
    assert.equal(growthPercent(5, 0), null);
  });
});

const invention = (over: Partial<ValidityInput> = {}): ValidityInput => ({
  kind: 'patent',
  office: 'CN',
  subType: 'invention',
  filingDate: '2010-03-15',
  grantDate: '2013-05-20',
  registrationDate: null,
  events: [],
  ...over,
});

describe('validity as of a date', () => {
  it('starts on the grant announcement date', () => {
    assert.equal(validOn(invention(), '2013-05-19', '2025-01-01'), false);
    assert.equal(validOn(invention(), '2013-05-20', '2025-01-01'), true);
  });
  it('CF01 takes effect from the original due date of the unpaid fee (retroactively)', () => {
    // year-12 fee due 2021-03-15, grace end 2021-09-15; CF01 published 2021-11-10 → terminated as of 2021-03-15
    assert.equal(cf01EffectiveDate('2010-03-15', '2013-05-20', '2021-11-10'), '2021-03-15');
    const lapsed = invention({ events: [{ code: 'CF01', date: '2021-11-10' }] });
    assert.equal(
      validOn(lapsed, '2020-12-31', '2025-01-01'),
      true,
      'a patent lapsed in 2021 counts at 2020-12-31',
    );
    assert.equal(validOn(lapsed, '2021-03-14', '2025-01-01'), true);
    assert.equal(validOn(lapsed, '2021-03-15', '2025-01-01'), false);
    assert.equal(validOn(lapsed, '2021-12-31', '2025-01-01'), false);
  });
  it('the guideline example: filed 1997-06-03, year-6 fee due 2002-06-03, CF01 in 2003 → lapsed as of 2002-06-03', () => {
    assert.equal(cf01EffectiveDate('1997-06-03', '2001-08-01', '2003-01-15'), '2002-06-03');
  });
  it('RR01 restores: no gap', () => {
    const restored = invention({
      events: [
        { code: 'CF01', date: '2021-11-10' },
        { code: 'RR01', date: '2022-01-05' },
      ],
    });
    assert.equal(validOn(restored, '2021-12-31', '2025-01-01'), true);
    assert.deepEqual(validityIntervals(restored, '2025-01-01'), [{ from: '2013-05-20', to: '2030-03-15' }]);
  });
  it('ends at the statutory term (20 years from filing) and on CX01 / AV01 / IW01 dates', () => {
    const old = invention({ filingDate: '2000-01-10', grantDate: '2003-06-01' });
    assert.equal(validOn(old, '2020-01-09', '2025-01-01'), true);
    assert.equal(validOn(old, '2020-01-10', '2025-01-01'), false);
    const given = invention({ events: [{ code: 'AV01', date: '2018-07-01' }] });
    assert.equal(validOn(given, '2018-06-30', '2025-01-01'), true);
    assert.equal(validOn(given, '2018-07-01', '2025-01-01'), false);
  });
  it('recorded term-compensation days (专利权期限补偿) move the end of an invention by as many days', () => {
    // filed 2019-03-15, granted 2023-08-01: statutory last day 2039-03-14; +120 days → last day 2039-07-12
    const compensated = invention({
      filingDate: '2019-03-15',
      grantDate: '2023-08-01',
      termCompensationDays: 120,
    });
    assert.deepEqual(validityIntervals(compensated, '2025-01-01'), [
      { from: '2023-08-01', to: '2039-07-13' },
    ]);
    assert.equal(validOn(compensated, '2039-07-12', '2040-01-01'), true);
    assert.equal(validOn(compensated, '2039-07-13', '2040-01-01'), false);
    const plain = invention({ filingDate: '2019-03-15', grantDate: '2023-08-01' });
    assert.deepEqual(validityIntervals(plain, '2025-01-01'), [{ from: '2023-08-01', to: '2039-03-15' }]);
  });
  it('events not yet known on knownOn are ignored', () => {
    const lapsed = invention({ events: [{ code: 'CF01', date: '2021-11-10' }] });
    assert.equal(validOn(lapsed, '2021-06-30', '2021-07-01'), true);
  });
  it('a trademark is valid in its 宽展期 while renewal is possible, and ended at expiry when it was not renewed', () => {
    const tm: ValidityInput = {
      kind: 'trademark',
      office: 'CN',
      subType: null,
      filingDate: '2008-01-02',
      grantDate: null,
      registrationDate: '2010-05-07',
      events: [],
    };
    // term: 2010-05-07 .. 2020-05-06; grace until 2020-11-07
    assert.equal(validOn(tm, '2020-08-01', '2020-08-01'), true);
    assert.equal(validOn(tm, '2020-05-06', '2021-01-01'), true);
    assert.equal(validOn(tm, '2020-05-07', '2021-01-01'), false);
    const renewed = { ...tm, events: [{ code: 'TM_RENEW', date: '2020-09-01' }] };
    assert.equal(validOn(renewed, '2021-01-01', '2021-01-01'), true);
    assert.equal(validOn(renewed, '2030-05-06', '2031-01-01'), true);
    assert.equal(validOn(renewed, '2030-05-07', '2031-01-01'), false);
  });
  it('copyrights and rights without a grant date have no interval', () => {
    assert.deepEqual(validityIntervals(invention({ grantDate: null }), '2025-01-01'), []);
  });
});

describe('reporting periods', () => {
  it('ends periods on their last day', () => {
    assert.equal(periodEndOf('2025'), '2025-12-31');
    assert.equal(periodEndOf('2025Q1'), '2025-03-31');
    assert.equal(periodEndOf('2024H1'), '2024-06-30');
    assert.equal(periodEndOf('2024M02'), '2024-02-29');
    assert.equal(periodEndOf('2024Q5'), undefined);
    assert.equal(periodEndOf('24Q1'), undefined);
  });
  it('finds the last quarter ended', () => {
    assert.equal(lastQuarterEnded('2026-01-05'), '2025Q4');
    assert.equal(lastQuarterEnded('2025-12-31'), '2025Q4');
    assert.equal(lastQuarterEnded('2025-07-01'), '2025Q2');
  });
});
