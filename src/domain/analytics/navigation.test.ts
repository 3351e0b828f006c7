import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  checkIndustryCode,
  ipcMatches,
  ipcPatternPrefix,
  lifecycleStage,
  navigationSections,
  parseIpcPattern,
  parseIpcPatterns,
  regionGaps,
  type IpcPattern,
  type NavPatent,
} from './navigation.ts';

const pat = (s: string): IpcPattern => {
  const p = parseIpcPattern(s);
  assert.ok(p.ok, `${s} should parse`);
  return p.pattern;
};

describe('IPC patterns', () => {
  test('accepted forms, normalised', () => {
    assert.deepEqual(pat('h01m*'), { text: 'H01M*', head: 'H01M', wildcard: true });
    assert.deepEqual(pat(' H01M '), { text: 'H01M', head: 'H01M', wildcard: true });
    assert.deepEqual(pat('G06N3/*'), { text: 'G06N3/*', head: 'G06N', group: 3, wildcard: true });
    assert.deepEqual(pat('G06F40*'), { text: 'G06F40*', head: 'G06F', group: 40, wildcard: true });
    assert.deepEqual(pat('G06N3/04'), {
      text: 'G06N3/04',
      head: 'G06N',
      group: 3,
      subgroup: '04',
      wildcard: false,
    });
    assert.deepEqual(pat('H*'), { text: 'H*', head: 'H', wildcard: true });
    assert.deepEqual(pat('H01*'), { text: 'H01*', head: 'H01', wildcard: true });
  });

  test('refused forms say why', () => {
    for (const bad of ['', 'X01M', 'H01M10', 'G06N3/', 'H1', 'H01M*X', 'H01M 10/05/3', '01M*', 'H0*'])
      assert.equal(parseIpcPattern(bad).ok, false, bad);
    const r = parseIpcPatterns(['H01M*', 'X99', 'G06N3'], 'ipc');
    assert.deepEqual(
      r.errors.map((e) => e.field),
      ['ipc[1]', 'ipc[2]'],
    );
    assert.match(r.errors[0]!.reason, /not an IPC pattern/);
    assert.match(r.errors[1]!.reason, /G06N3\/\*/);
  });

  test('matching: subclass, main group, subgroup prefix, exact', () => {
    assert.equal(ipcMatches('H01M', pat('H01M*')), true);
    assert.equal(ipcMatches('H01M10/05', pat('H01M*')), true);
    assert.equal(ipcMatches('H01L21/00', pat('H01M*')), false);
    assert.equal(ipcMatches('H01M10/05', pat('H*')), true);
    // a main-group pattern is the group number, not a string prefix: G06F40* is not G06F4 or G06F400
    assert.equal(ipcMatches('G06F40/30', pat('G06F40*')), true);
    assert.equal(ipcMatches('G06F4/00', pat('G06F40*')), false);
    assert.equal(ipcMatches('G06F400/01', pat('G06F40*')), false);
    assert.equal(ipcMatches('G06F4/00', pat('G06F4*')), true);
    assert.equal(ipcMatches('G06F40/30', pat('G06F4*')), false);
    // a subclass-only symbol cannot be placed in a group
    assert.equal(ipcMatches('G06N', pat('G06N3/*')), false);
    assert.equal(ipcMatches('G06N3/04', pat('G06N3/04')), true);
    assert.equal(ipcMatches('G06N3/045', pat('G06N3/04')), false);
    assert.equal(ipcMatches('G06N3/045', pat('G06N3/04*')), true);
    assert.equal(ipcPatternPrefix(pat('G06N3/04')), 'G06N3/');
    assert.equal(ipcPatternPrefix(pat('H01M*')), 'H01M');
  });

  test('GB/T 4754 industry codes', () => {
    assert.deepEqual(checkIndustryCode('c39'), { ok: true, code: 'C39' });
    assert.deepEqual(checkIndustryCode('I'), { ok: true, code: 'I' });
    assert.equal(checkIndustryCode('Z12').ok, false);
    assert.equal(checkIndustryCode('C3').ok, false);
  });
});

describe('gap rule nav-gap-rta-1 on a hand-built case', () => {
  test('active subclasses with RTA < 0.5 are gaps; absent when the region has none', () => {
    // totals: all 100, region 20
    const subclasses = [
      { code: 'A01B', all: 40, region: 10 }, // RTA (10/20)/(40/100) = 1.25
      { code: 'H01M', all: 30, region: 2 }, // (2/20)/(30/100) = 1/3 → weak
      { code: 'B65D', all: 16, region: 4 }, // 1.25
      { code: 'G06F', all: 10, region: 0 }, // absent
      { code: 'E04B', all: 10, region: 1 }, // exactly 0.5: not below → no gap
      { code: 'C07D', all: 4, region: 0 }, // not active (< 5)
    ];
    const gaps = regionGaps(subclasses, { all: 100, region: 20 });
    assert.deepEqual(
      gaps.map((g) => [g.code, g.kind, +g.rta.toFixed(4), g.allShare, g.regionShare]),
      [
        ['H01M', 'weak', 0.3333, 0.3, 0.1],
        ['G06F', 'absent', 0, 0.1, 0],
      ],
    );
    // no region patent at all: every active subclass is absent
    assert.deepEqual(
      regionGaps(subclasses, { all: 100, region: 0 }).map((g) => g.code),
      ['A01B', 'H01M', 'B65D', 'E04B', 'G06F'], // ties by code,
    );
    // a stricter rule
    assert.deepEqual(
      regionGaps(subclasses, { all: 100, region: 20 }, { minActive: 12, maxRta: 0.5 }).map((g) => g.code),
      ['H01M'],
    );
  });
});

describe('sections', () => {
  const p = (
    id: number,
    filingYear: number | null,
    ipc: string[],
    applicants: string[],
    inRegion: boolean,
  ): NavPatent => ({
    id,
    filingYear,
    ipc,
    applicants,
    regionApplicants: inRegion ? [applicants[0]!] : [],
    inRegion,
  });
  const rows = [
    p(1, 2019, ['H01M10/05', 'H01M4/13'], ['甲公司'], true),
    p(2, 2019, ['H01M10/05'], ['乙公司', '甲公司'], false),
    p(3, 2020, ['H01M4/13', 'H01G11/00'], ['乙公司'], false),
    p(4, 2021, ['H01M'], ['丙大学'], true),
    p(5, null, ['H01M'], ['丙大学'], true),
  ];

  test('trend, totals, composition, applicants, life cycle', () => {
    const s = navigationSections(rows);
    assert.deepEqual(s.totals, { all: 5, region: 3, regionShare: 0.6, undatedAll: 1, undatedRegion: 1 });
    assert.deepEqual(s.trend, [
      { year: 2019, all: 2, region: 1 },
      { year: 2020, all: 1, region: 0 },
      { year: 2021, all: 1, region: 1 },
    ]);
    assert.deepEqual(s.subclasses, [
      { code: 'H01M', all: 5, region: 3 },
      { code: 'H01G', all: 1, region: 0 },
    ]);
    assert.deepEqual(s.mainGroups, [
      { code: 'H01M10/00', all: 2, region: 1 },
      { code: 'H01M4/00', all: 2, region: 1 },
      { code: 'H01G11/00', all: 1, region: 0 },
    ]);
    assert.deepEqual(s.topApplicants, [
      { name: '丙大学', patents: 2 },
      { name: '乙公司', patents: 2 },
      { name: '甲公司', patents: 2 },
    ]);
    assert.deepEqual(s.topRegionApplicants, [
      { name: '丙大学', patents: 2 },
      { name: '甲公司', patents: 1 },
    ]);
    assert.deepEqual(s.lifecycle.points, [
      { year: 2019, applicants: 2, filings: 2 },
      { year: 2020, applicants: 1, filings: 1 },
      { year: 2021, applicants: 1, filings: 1 },
    ]);
    assert.equal(s.lifecycle.stage, 'insufficient');
    assert.deepEqual(s.regionIds, [1, 4, 5]);
  });

  test('a bounded period leaves undated patents out', () => {
    const s = navigationSections(rows, { from: 2020, to: 2021 });
    assert.deepEqual(s.totals, { all: 2, region: 1, regionShare: 0.5, undatedAll: 0, undatedRegion: 0 });
    assert.deepEqual(s.regionIds, [4]);
  });

  test('life-cycle stage from the two halves of the dated years', () => {
    const pts = (xs: [number, number][]) =>
      xs.map(([filings, applicants], i) => ({ year: 2010 + i, filings, applicants }));
    assert.equal(
      lifecycleStage(
        pts([
          [1, 1],
          [2, 2],
          [5, 4],
          [8, 6],
        ]),
      ),
      'growth',
    );
    assert.equal(
      lifecycleStage(
        pts([
          [5, 6],
          [6, 6],
          [9, 5],
          [12, 5],
        ]),
      ),
      'maturity',
    );
    assert.equal(
      lifecycleStage(
        pts([
          [9, 8],
          [8, 7],
          [4, 3],
          [2, 2],
        ]),
      ),
      'decline',
    );
    assert.equal(
      lifecycleStage(
        pts([
          [9, 2],
          [8, 2],
          [4, 3],
          [2, 4],
        ]),
      ),
      'transition',
    );
    assert.equal(
      lifecycleStage(
        pts([
          [3, 2],
          [3, 2],
          [3, 2],
          [3, 2],
          [3, 2],
        ]),
      ),
      'stable',
    );
    assert.equal(
      lifecycleStage(
        pts([
          [1, 1],
          [2, 2],
          [3, 3],
        ]),
      ),
      'insufficient',
    );
  });
});
