import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { highValueCategoriesOn, highValueFrom, highValueSince, type HighValueInput } from './high-value.ts';
import { SEI_SEED_ROWS, ipcMatches, parseSeiLine, seiMatches, type SeiRow } from './sei.ts';

describe('SEI concordance (domain-rules §7)', () => {
  it('ships only the quoted rows of 1.6 人工智能', () => {
    assert.equal(SEI_SEED_ROWS.length, 3);
    assert.ok(SEI_SEED_ROWS.every((r) => r.code === '1.6' && r.name === '人工智能'));
  });
  it('wildcards match by prefix, plain symbols exactly', () => {
    assert.equal(ipcMatches('G06F40*', 'G06F40/30'), true);
    assert.equal(ipcMatches('G06F40*', 'G06F40/279'), true);
    assert.equal(ipcMatches('G06F40*', 'G06F4/30'), false);
    assert.equal(ipcMatches('G06N3/04', 'G06N3/04'), true);
    assert.equal(ipcMatches('G06N3/04', 'G06N3/045'), false);
  });
  it('IPC-only rows match on IPC; keyword rows need a keyword in the text', () => {
    assert.equal(seiMatches(SEI_SEED_ROWS, { ipc: ['G06F40/30'], text: '' }).length, 1);
    assert.equal(seiMatches(SEI_SEED_ROWS, { ipc: ['G05B15/02'], text: '一种数控机床' }).length, 0);
    assert.equal(
      seiMatches(SEI_SEED_ROWS, { ipc: ['G05B15/02'], text: '一种智能家居系统的控制方法' }).length,
      1,
    );
    assert.equal(seiMatches(SEI_SEED_ROWS, { ipc: ['H04L9/32'], text: '智能家居系统' }).length, 0);
  });
  it('exclusions (不含…) win over patterns', () => {
    const rows: SeiRow[] = [
      {
        code: '9.9',
        name: 't',
        ipcPatterns: ['G06F*'],
        ipcExclusions: ['G06F3*'],
        keywords: [],
        ipcOnly: true,
      },
    ];
    assert.equal(seiMatches(rows, { ipc: ['G06F3/01'], text: '' }).length, 0);
    assert.equal(seiMatches(rows, { ipc: ['G06F3/01', 'G06F17/30'], text: '' }).length, 1);
  });
  it('parses template lines and rejects bad ones with the field and reason', () => {
    const ok = parseSeiLine(['1.6', '人工智能', 'G06F40*，A61B5/0476', '', '', '是']);
    assert.ok('row' in ok);
    assert.deepEqual(ok.row.ipcPatterns, ['G06F40*', 'A61B5/0476']);
    assert.equal(ok.row.ipcOnly, true);
    const bad = parseSeiLine(['x', '', 'Z99*', '', '', '否']);
    assert.ok('errors' in bad);
    assert.deepEqual(
      bad.errors.map((e) => e.field),
      ['code', 'name', 'ipc', 'keywords'],
    );
  });
});

const base: HighValueInput = {
  subType: 'invention',
  filingDate: '2012-04-10',
  ipc: ['G06F40/30'],
  text: '',
  marks: [],
  pledges: [],
};
const settings = { seiRows: SEI_SEED_ROWS, pledgeThreshold: null };

describe('high-value invention patents: the union of five categories', () => {
  it('maintained more than 10 years applies from the day after the 10th filing anniversary', () => {
    const s = highValueSince({ ...base, ipc: [] }, settings);
    assert.deepEqual(s, { maintained_10y: '2022-04-11' });
    assert.deepEqual(highValueCategoriesOn(s, '2022-04-10'), []);
    assert.deepEqual(highValueCategoriesOn(s, '2022-04-11'), ['maintained_10y']);
  });
  it('a patent in two categories counts once: one start date, two categories shown', () => {
    const s = highValueSince(base, settings);
    assert.deepEqual(highValueCategoriesOn(s, '2023-01-01'), ['sei', 'maintained_10y']);
    assert.equal(highValueFrom(s), '0000-01-01');
  });
  it('the pledge category is not applied until a threshold is set', () => {
    const pledged = {
      ...base,
      ipc: [],
      filingDate: '2020-01-01',
      pledges: [{ date: '2023-05-06', amount: 5_000_000 }],
    };
    assert.deepEqual(highValueSince(pledged, settings), { maintained_10y: '2030-01-02' });
    assert.equal(highValueSince(pledged, { ...settings, pledgeThreshold: 5_000_000 }).pledge, '2023-05-06');
    assert.equal(highValueSince(pledged, { ...settings, pledgeThreshold: 5_000_001 }).pledge, undefined);
  });
  it('hand marks (foreign family, awards) apply from their date; utility models are never high-value', () => {
    const marked = { ...base, ipc: [], marks: [{ category: 'award' as const, date: '2021-11-03' }] };
    assert.equal(highValueSince(marked, settings).award, '2021-11-03');
    assert.deepEqual(highValueSince({ ...marked, subType: 'utility_model' }, settings), {});
  });
});
