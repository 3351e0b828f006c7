import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { createContext } from '../../src/context.ts';
import { cnAppNoCheckChar } from '../../src/domain/ids/cn-appno.ts';
import type { CanonicalRecord } from '../../src/domain/records/canonical.ts';
import { SYSTEM_ACTOR } from '../../src/modules/audit/audit.service.ts';
import { DATASETS, STREET, USCC, dialects, startEnv, type TestEnv } from '../helpers.ts';

const CN = path.join(DATASETS, 'cn-patent-titles-ipc/cn_patents_title_ipc_9740.csv');
const actor = { ...SYSTEM_ACTOR, name: 'test' };
const PASSWORD = 'navigation-test-pw';

// ---------------------------------------------------------------- expectations from the dataset file

/** The real IPC subclass sets of the dataset's rows (true_subclasses_all), read independently of the importer. */
function datasetSubclassSets(): string[][] {
  const rows = parse(fs.readFileSync(CN), { bom: true, columns: true, skip_empty_lines: true }) as {
    true_subclasses_all: string;
  }[];
  return rows.map((r) => [
    ...new Set(
      r.true_subclasses_all
        .split('|')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ]);
}

// ---------------------------------------------------------------- fixture: dated patents with applicants

const R1 = { name: '上海徐汇储能科技有限公司', uscc: USCC.b, street: STREET.徐家汇街道, industry: 'C38' };
const R2 = { name: '上海漕河泾电池材料有限公司', uscc: USCC.c, street: STREET.漕河泾街道, industry: 'C38' };
const O1 = { name: '江苏锂能新能源有限公司', uscc: USCC.a, street: null, industry: 'C26' };
const X = { name: '深圳某电池有限公司' }; // outside the district, no entity
type Applicant = { name: string; uscc?: string };
const who = (e: { name: string; uscc?: string | null }): Applicant =>
  e.uscc ? { name: e.name, uscc: e.uscc } : { name: e.name };

/** [filing year, IPC symbols, applicants in order, grant date] — the first applicant decides the region. */
const FIXTURE: [number, string[], Applicant[], string?][] = [
  // granted in 2013 and never lapsed: maintained more than 10 years, a high-value invention of the region
  [2010, ['H01M10/0525'], [who(R1)], '2013-06-20'],
  [2018, ['H01M10/0525'], [who(R1)]],
  [2018, ['H01M4/13', 'H01M10/0525'], [who(O1)]],
  [2019, ['H01M4/13'], [who(R1), who(O1)]],
  [2019, ['H01M50/409'], [X]],
  [2020, ['H01M10/0525', 'H01G11/00'], [who(R2)]],
  [2020, ['H01M4/13'], [who(O1), who(R2)]],
  [2021, ['H01M10/0525'], [who(R1)]],
  [2021, ['H01M4/13'], [X]],
  [2021, ['H01M50/409'], [who(R2)]],
  [2022, ['G06N3/04'], [who(R1)]],
  [2022, ['H01M10/0525'], [who(O1)]],
  // natural-language processing: 战略性新兴产业 1.6 人工智能 by its IPC-only row G06F40*
  [2023, ['G06F40/30'], [who(R2)]],
];
const REGION_NAMES = new Set([R1.name, R2.name]);

function fixtureRecords(): CanonicalRecord[] {
  return FIXTURE.map(([year, ipc, applicants, grant], i) => {
    const digits = `${year}1${String(1_234_500 + i).padStart(7, '0')}`;
    return {
      kind: 'patent',
      office: 'CN',
      patentType: 'invention',
      applicationNumber: `${digits}.${cnAppNoCheckChar(digits)}`,
      filingDate: `${year}-03-15`,
      title: `一种锂电池相关技术（测试夹具 ${i + 1}）`,
      ipc,
      applicants,
      ...(grant ? { grantDate: grant, events: [{ code: 'GRANT', date: grant }] } : {}),
      source: 'test:navigation',
    };
  });
}

const inH01M = (ipc: readonly string[]) => ipc.some((s) => s.startsWith('H01M'));

/** Every number the H01M* report must show, counted here from the dataset file and the fixture. */
function expectedH01M() {
  const dataset = datasetSubclassSets().filter(inH01M);
  const fixture = FIXTURE.filter(([, ipc]) => inH01M(ipc));
  const subclasses = new Map<string, [number, number]>();
  const add = (code: string, region: boolean) => {
    const c = subclasses.get(code) ?? [0, 0];
    subclasses.set(code, [c[0] + 1, c[1] + (region ? 1 : 0)]);
  };
  for (const subs of dataset) for (const s of subs) add(s, false);
  for (const [, ipc, apps] of fixture)
    for (const s of new Set(ipc.map((x) => x.slice(0, 4)))) add(s, REGION_NAMES.has(apps[0]!.name));
  const years = [...new Set(fixture.map(([y]) => y))].sort();
  const trend = years.map((year) => {
    const f = fixture.filter(([y]) => y === year);
    return { year, all: f.length, region: f.filter(([, , a]) => REGION_NAMES.has(a[0]!.name)).length };
  });
  const lifecycle = years.map((year) => {
    const f = fixture.filter(([y]) => y === year);
    return {
      year,
      applicants: new Set(f.flatMap(([, , a]) => a.map((x) => x.name))).size,
      filings: f.length,
    };
  });
  const applicants = new Map<string, number>();
  const regionApplicants = new Map<string, number>();
  for (const [, , apps] of fixture)
    for (const a of apps) {
      applicants.set(a.name, (applicants.get(a.name) ?? 0) + 1);
      if (REGION_NAMES.has(a.name)) regionApplicants.set(a.name, (regionApplicants.get(a.name) ?? 0) + 1);
    }
  const region = fixture.filter(([, , a]) => REGION_NAMES.has(a[0]!.name)).length;
  return {
    all: dataset.length + fixture.length,
    region,
    undated: dataset.length,
    subclasses,
    trend,
    lifecycle,
    applicants,
    regionApplicants,
  };
}

// ---------------------------------------------------------------- helpers

function pdfPageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type \/Page\b(?!s)/g) ?? []).length;
}

for (const d of dialects()) {
  describe(`专利导航 reports on ${d.name}`, () => {
    let env: TestEnv;
    let admin: string;
    const cookies = { analyst: '', member_unit: '', enterprise: '' };
    before(async () => {
      env = await startEnv(d);
      admin = await env.login('admin');
      const imported = await env.ctx.imports.importFile(actor, CN, {
        format: 'cn-patent-csv',
        recompute: false,
      });
      assert.equal(imported.inserted, 9740);
      const entityIds: number[] = [];
      for (const e of [R1, R2, O1])
        entityIds.push(
          (
            await env.ctx.registry.createEntity(actor, {
              uscc: e.uscc,
              name: e.name,
              kind: 'enterprise',
              industry: e.industry,
              ...(e.street ? { streetCode: e.street } : {}),
            })
          ).id,
        );
      const stored = await env.ctx.database.db
        .transaction()
        .execute((tx) => env.ctx.registry.upsertRecords(tx, actor, fixtureRecords()));
      assert.deepEqual(stored.rejects, []);
      assert.equal(stored.inserted, FIXTURE.length);
      for (const role of ['analyst', 'member_unit', 'enterprise'] as const) {
        await env.ctx.auth.createUser(actor, {
          username: role,
          password: PASSWORD,
          displayName: role,
          role,
          entityId: role === 'enterprise' ? entityIds[0]! : null,
        });
        cookies[role] = await env.login(role, PASSWORD);
      }
    });
    after(async () => env.close());

    const build = async (body: object, cookie = admin) => {
      const res = await env.app.inject({
        method: 'POST',
        url: '/api/v1/analytics/navigation/reports',
        headers: { cookie },
        payload: body,
      });
      return res;
    };
    const finished = async (id: number) => {
      await env.ctx.navigation.settled(id);
      const res = await env.app.inject({
        method: 'GET',
        url: `/api/v1/analytics/navigation/reports/${id}`,
        headers: { cookie: admin },
      });
      assert.equal(res.statusCode, 200);
      return res.json();
    };

    let h01m: number;

    test('an H01M* report equals the counts taken from the dataset file and the fixture', async () => {
      const res = await build({ ipc: ['h01m*'] });
      assert.equal(res.statusCode, 202, res.body);
      const started = res.json();
      assert.equal(started.status, 'running');
      assert.equal(res.headers.location, `/api/v1/analytics/navigation/reports/${started.id}`);
      h01m = started.id;
      const r = await finished(h01m);
      assert.equal(r.status, 'done', r.error);
      assert.equal(r.progress, 100);
      assert.equal(r.step, 'done');
      assert.deepEqual(r.params, {
        ipc: ['H01M*'],
        industry: null,
        sei: null,
        from: null,
        to: null,
        region: '310104',
      });
      const exp = expectedH01M();
      const s = r.result.sections;
      assert.equal(s.totals.all, exp.all);
      assert.equal(s.totals.region, exp.region);
      assert.equal(s.totals.undatedAll, exp.undated);
      assert.equal(s.totals.undatedRegion, 0);
      assert.equal(s.totals.regionShare, exp.region / exp.all);
      assert.deepEqual(s.trend, exp.trend);
      assert.deepEqual(s.lifecycle.points, exp.lifecycle);
      assert.deepEqual(
        Object.fromEntries(
          s.subclasses.map((x: { code: string; all: number; region: number }) => [x.code, [x.all, x.region]]),
        ),
        Object.fromEntries(exp.subclasses),
      );
      // composition is sorted by count; H01M carries every patent of the report
      assert.equal(s.subclasses[0].code, 'H01M');
      assert.equal(s.subclasses[0].all, exp.all);
      assert.match(
        s.subclasses[0].title,
        /^PROCESSES OR MEANS, e\.g\. BATTERIES, FOR THE DIRECT CONVERSION OF CHEMICAL ENERGY/,
      );
      assert.deepEqual(
        s.mainGroups.map((x: { code: string; all: number; region: number; title: string }) => [
          x.code,
          x.all,
          x.region,
          x.title,
        ]),
        [
          ['H01M10/00', 6, 4, 'Secondary cells; Manufacture thereof'],
          ['H01M4/00', 4, 1, 'Electrodes'],
          [
            'H01M50/00',
            2,
            1,
            'Constructional details or processes of manufacture of the non-active parts of electrochemical cells other than fuel cells, e.g. hybrid cells',
          ],
          [
            'H01G11/00',
            1,
            1,
            'Hybrid capacitors, i.e. capacitors having different positive and negative electrodes; Electric double-layer [EDL] capacitors; Processes for the manufacture thereof or of parts thereof',
          ],
        ],
      );
      assert.deepEqual(
        Object.fromEntries(
          s.topApplicants.map((x: { name: string; patents: number }) => [x.name, x.patents]),
        ),
        Object.fromEntries(exp.applicants),
      );
      assert.deepEqual(
        s.topApplicants.map((x: { patents: number }) => x.patents),
        [...exp.applicants.values()].sort((a, b) => b - a),
      );
      assert.deepEqual(
        Object.fromEntries(
          s.topRegionApplicants.map((x: { name: string; patents: number }) => [x.name, x.patents]),
        ),
        Object.fromEntries(exp.regionApplicants),
      );
      // gaps: active (≥ 5 overall) subclasses where the region's share is below half of the overall share
      const expectedGaps = [...exp.subclasses]
        .filter(([, [all, region]]) => all >= 5 && region / exp.region / (all / exp.all) < 0.5)
        .map(([code, [, region]]) => [code, region === 0 ? 'absent' : 'weak']);
      assert.ok(expectedGaps.length > 0);
      assert.deepEqual(
        Object.fromEntries(s.gaps.map((g: { code: string; kind: string }) => [g.code, g.kind])),
        Object.fromEntries(expectedGaps),
      );
      // part A's classification: the one granted 2010 filing is maintained more than 10 years
      const granted = (await env.ctx.registry.idsByNumber(fixtureRecords()[0]!.applicationNumber!))[0];
      assert.deepEqual(r.result.highValue, {
        available: true,
        total: 1,
        byCategory: { sei: 0, foreign_family: 0, maintained_10y: 1, pledge: 0, award: 0 },
        items: [
          {
            id: granted,
            number: fixtureRecords()[0]!.applicationNumber,
            title: fixtureRecords()[0]!.title,
            categories: ['maintained_10y'],
          },
        ],
      });
    });

    test('the PDF is an A4 PDF with the CJK font embedded and 10 pages; the XLSX has a sheet per section', async () => {
      const pdf = await env.app.inject({
        method: 'GET',
        url: `/api/v1/analytics/navigation/reports/${h01m}/pdf`,
        headers: { cookie: admin },
      });
      assert.equal(pdf.statusCode, 200);
      assert.equal(pdf.headers['content-type'], 'application/pdf');
      assert.match(
        String(pdf.headers['content-disposition']),
        /attachment; filename="zhihui-navigation-\d+\.pdf"; filename\*=UTF-8''/,
      );
      const bytes = pdf.rawPayload;
      assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
      assert.match(bytes.toString('latin1'), /\/BaseFont \/[A-Z]{6}\+WenQuanYiMicroHei/);
      assert.equal(pdfPageCount(bytes), 10);
      if (process.env.ZHIHUI_NAV_PDF_OUT) fs.writeFileSync(process.env.ZHIHUI_NAV_PDF_OUT, bytes);

      const xlsx = await env.app.inject({
        method: 'GET',
        url: `/api/v1/analytics/navigation/reports/${h01m}/xlsx`,
        headers: { cookie: admin },
      });
      assert.equal(xlsx.statusCode, 200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      assert.deepEqual(
        wb.worksheets.map((w) => w.name),
        [
          '概要',
          '申请趋势',
          '技术构成-小类',
          '技术构成-大组',
          '主要申请人',
          '本区主要申请人',
          '技术生命周期',
          '高价值专利',
          '区域短板',
          '来源与规则',
        ],
      );
      const values = (name: string) =>
        wb
          .getWorksheet(name)!
          .getSheetValues()
          .slice(1)
          .map((r) => (r as unknown[]).slice(1));
      const exp = expectedH01M();
      assert.deepEqual(values('申请趋势'), [
        ['申请年', '全部申请人', '本区'],
        ...exp.trend.map((t) => [t.year, t.all, t.region]),
      ]);
      assert.deepEqual(values('技术生命周期'), [
        ['申请年', '申请量', '申请人数'],
        ...exp.lifecycle.map((t) => [t.year, t.filings, t.applicants]),
      ]);
      assert.equal(values('技术构成-小类').length, 1 + exp.subclasses.size);
      assert.deepEqual(values('技术构成-小类')[1]!.slice(2), [exp.all, exp.region]);
      assert.deepEqual(values('高价值专利'), [
        ['公开/申请号', '名称', '类别'],
        [fixtureRecords()[0]!.applicationNumber, fixtureRecords()[0]!.title, '维持年限超过10年的发明专利'],
      ]);
    });

    test('a period and an industry scope: undated records leave a bounded period, industry is the first owner', async () => {
      const period = await finished(
        (await build({ ipc: ['H01M10/*', 'H01G'], from: 2019, to: 2021 })).json().id,
      );
      assert.equal(period.status, 'done', period.error);
      const inScope = FIXTURE.filter(
        ([y, ipc]) =>
          y >= 2019 && y <= 2021 && ipc.some((s) => s.startsWith('H01M10/') || s.startsWith('H01G')),
      );
      assert.equal(period.result.sections.totals.all, inScope.length);
      assert.equal(period.result.sections.totals.undatedAll, 0);
      assert.deepEqual(
        period.result.sections.trend,
        [2020, 2021].map((year) => ({
          year,
          all: inScope.filter(([y]) => y === year).length,
          region: inScope.filter(([y, , a]) => y === year && REGION_NAMES.has(a[0]!.name)).length,
        })),
      );
      assert.equal(period.result.asOf, '2021-12-31');

      const industry = await finished((await build({ industry: 'c38' })).json().id);
      assert.equal(industry.status, 'done', industry.error);
      assert.equal(industry.params.industry, 'C38');
      const firstOwnerC38 = FIXTURE.filter(([, , a]) => a[0]!.name === R1.name || a[0]!.name === R2.name);
      assert.equal(industry.result.sections.totals.all, firstOwnerC38.length);
      assert.equal(industry.result.sections.totals.region, firstOwnerC38.length);
      assert.deepEqual(
        industry.result.sections.subclasses.map((x: { code: string; all: number }) => [x.code, x.all]),
        [
          ['H01M', 6],
          ['G06F', 1],
          ['G06N', 1],
          ['H01G', 1],
        ],
      );
    });

    test('a 战略性新兴产业 category of the loaded concordance: its IPC rows, exclusions and keywords', async () => {
      const r = await finished((await build({ sei: '1.6' })).json().id);
      assert.equal(r.status, 'done', r.error);
      assert.deepEqual(r.params.sei, { code: '1.6', name: '人工智能' });
      // the dataset's subclass-only symbols cannot fall under group-level rows; G06N3/04 needs a keyword of its row
      assert.equal(r.result.sections.totals.all, 1);
      assert.equal(r.result.sections.totals.region, 1);
      assert.deepEqual(r.result.sections.topApplicants, [{ name: R2.name, patents: 1 }]);
      assert.match(
        r.result.rules.sei,
        /^战略性新兴产业分类与国际专利分类参照关系表（2021）category 1\.6 人工智能: 3 rows/,
      );
    });

    test('bad input gets a 400 naming the field, and nothing is stored', async () => {
      const before = (await env.ctx.navigation.list()).length;
      const cases: [object, string[]][] = [
        [{ ipc: ['H01M*', 'X99*'] }, ['ipc[1]']],
        [{ ipc: ['G06N3'] }, ['ipc[0]']],
        [{}, ['ipc']],
        [{ industry: 'Z9' }, ['industry']],
        [{ sei: '9.9' }, ['sei']],
        [{ ipc: ['H01M*'], from: 2022, to: 2019 }, ['to']],
        [{ ipc: ['H01M*'], from: 1800 }, ['from']],
      ];
      for (const [body, fields] of cases) {
        const res = await build(body);
        assert.equal(res.statusCode, 400, JSON.stringify(body));
        assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
        assert.deepEqual(
          res.json().errors.map((e: { field: string }) => e.field),
          fields,
          JSON.stringify(body),
        );
      }
      const sei = await build({ sei: '9.9' });
      assert.match(
        sei.json().errors[0].reason,
        /not a category of the loaded 战略性新兴产业 concordance \(1\.6\)/,
      );
      const unknown = await build({ ipc: ['H01M*'], colour: 'red' });
      assert.equal(unknown.statusCode, 400);
      assert.equal((await env.ctx.navigation.list()).length, before);
    });

    test('who may build, list and download', async () => {
      const asAnalyst = await build({ ipc: ['H01G*'] }, cookies.analyst);
      assert.equal(asAnalyst.statusCode, 202);
      await env.ctx.navigation.settled(asAnalyst.json().id);
      assert.equal((await build({ ipc: ['H01G*'] }, cookies.member_unit)).statusCode, 403);
      assert.equal((await build({ ipc: ['H01G*'] }, cookies.enterprise)).statusCode, 403);
      assert.equal((await build({ ipc: ['H01G*'] }, '')).statusCode, 401);
      const get = (url: string, cookie: string) =>
        env.app.inject({ method: 'GET', url: `/api/v1/analytics/navigation/${url}`, headers: { cookie } });
      const list = await get('reports', cookies.member_unit);
      assert.equal(list.statusCode, 200);
      const items = list.json().items;
      assert.equal(items[0].id, asAnalyst.json().id);
      assert.deepEqual(items[0].files.map((f: { format: string }) => f.format).sort(), ['pdf', 'xlsx']);
      assert.equal((await get(`reports/${h01m}/pdf`, cookies.member_unit)).statusCode, 200);
      assert.equal((await get(`reports/${h01m}/xlsx`, cookies.enterprise)).statusCode, 403);
      assert.equal((await get('reports', '')).statusCode, 401);
      assert.equal((await get('reports/999999', admin)).statusCode, 404);
      assert.equal((await get(`reports/${h01m}/docx`, admin)).statusCode, 400);
    });

    test('without the CJK font the build fails with a clear message and stores nothing', async () => {
      process.env.ZHIHUI_CJK_FONT = '/nonexistent/wqy-microhei.ttc';
      try {
        const r = await finished((await build({ ipc: ['H01G*'] })).json().id);
        assert.equal(r.status, 'failed');
        assert.match(
          r.error,
          /CJK font .* missing at \/nonexistent\/wqy-microhei\.ttc: install the Debian package fonts-wqy-microhei/,
        );
        assert.equal(r.result, undefined);
        assert.deepEqual(r.files, []);
      } finally {
        delete process.env.ZHIHUI_CJK_FONT;
      }
    });

    test('a build cut off by a stopped server is marked failed on the next start, with no result or files', async () => {
      const [row] = await env.ctx.database.db
        .insertInto('nav_report')
        .values({
          title: 'cut off',
          params: JSON.stringify({
            ipc: ['H01M*'],
            industry: null,
            sei: null,
            from: null,
            to: null,
            region: '310104',
          }),
          status: 'running',
          progress: 40,
          step: 'collect',
          created_at: new Date().toISOString(),
          created_by: null,
        })
        .returning('id')
        .execute();
      const id = Number(row!.id);
      const restarted = await createContext(env.ctx.database.url);
      try {
        const r = await restarted.navigation.get(id);
        assert.equal(r.status, 'failed');
        assert.match(r.error!, /server stopped/);
        assert.equal(r.result, undefined);
        assert.deepEqual(r.files, []);
      } finally {
        await restarted.close();
      }
      const dl = await env.app.inject({
        method: 'GET',
        url: `/api/v1/analytics/navigation/reports/${id}/pdf`,
        headers: { cookie: admin },
      });
      assert.equal(dl.statusCode, 409);
    });
  });
}
