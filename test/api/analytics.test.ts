import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { cnAppNoCheckChar } from '../../src/domain/ids/cn-appno.ts';
import { SYSTEM_ACTOR } from '../../src/modules/audit/audit.service.ts';
import { ADMIN_PASSWORD, STREET, USCC, dialects, startEnv, type TestEnv } from '../helpers.ts';

const CLI = path.resolve(import.meta.dirname, '../../bin/zhihui.js');
const REGION = '310104';

/** A CN invention application number of a year with its check digit (passes the real validator). */
const inventionNo = (year: number, serial: number) => {
  const digits = `${year}1${String(serial).padStart(7, '0')}`;
  return `${digits}.${cnAppNoCheckChar(digits)}`;
};

type Item = {
  id: string;
  value: number | null;
  numerator: number;
  denominator: number | null;
  reason?: string;
  denominatorSource?: string;
};
const byId = (items: Item[]) => new Map(items.map((i) => [i.id, i]));

for (const d of dialects()) {
  describe(`analytics API on ${d.name}`, () => {
    let env: TestEnv;
    let admin: string;
    const ids: Record<string, number> = {};
    let dbUrl = '';

    const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object, cookie = admin) =>
      env.app.inject({ method, url, headers: cookie ? { cookie } : {}, ...(payload ? { payload } : {}) });
    const indicators = async (at: string, street?: string) => {
      const res = await call(
        'GET',
        `/api/v1/analytics/indicators?region=${REGION}&at=${at}${street ? `&street=${street}` : ''}`,
      );
      assert.equal(res.statusCode, 200, res.body);
      return byId(res.json().items as Item[]);
    };
    const asset = async (name: string, payload: object) => {
      const res = await call('POST', '/api/v1/assets', payload);
      assert.equal(res.statusCode, 201, res.body);
      ids[name] = res.json().id;
    };

    /** POST a file as multipart/form-data (field "file"). */
    const upload = (url: string, fileName: string, buf: Buffer) => {
      const boundary = 'zhihuiboundary';
      const payload = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
            'Content-Type: application/octet-stream\r\n\r\n',
        ),
        buf,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      return env.app.inject({
        method: 'POST',
        url,
        headers: { cookie: admin, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload,
      });
    };

    before(async () => {
      env = await startEnv(d);
      dbUrl = env.ctx.database.url;
      admin = await env.login('admin');
      for (const [uscc, name, street] of [
        [USCC.b, '上海甲科技有限公司', STREET.徐家汇街道],
        [USCC.c, '上海乙科技有限公司', STREET.漕河泾街道],
      ] as const) {
        const res = await call('POST', '/api/v1/entities', {
          uscc,
          name,
          kind: 'enterprise',
          streetCode: street,
        });
        assert.equal(res.statusCode, 201, res.body);
      }
      const a = [{ name: '上海甲科技有限公司', uscc: USCC.b }];
      const b = [{ name: '上海乙科技有限公司', uscc: USCC.c }];
      // inv1: SEI (G06F40*) and maintained > 10 years; lapsed: CF01 2021-11-10 → terminated as of 2021-03-15
      await asset('inv1', {
        kind: 'patent',
        applicationNumber: inventionNo(2010, 101),
        filingDate: '2010-03-15',
        grantDate: '2013-05-20',
        title: '一种文本语义分析方法',
        ipc: ['G06F40/30'],
        applicants: a,
        events: [{ code: 'CF01', date: '2021-11-10' }],
      });
      await asset('inv2', {
        kind: 'patent',
        applicationNumber: inventionNo(2016, 202),
        filingDate: '2016-02-01',
        grantDate: '2019-06-10',
        title: '一种数据加密传输方法',
        ipc: ['H04L9/32'],
        applicants: a,
      });
      // inv3: SEI by IPC + keyword (row 3 of 1.6), street 漕河泾
      await asset('inv3', {
        kind: 'patent',
        applicationNumber: inventionNo(2015, 303),
        filingDate: '2015-09-01',
        grantDate: '2018-01-05',
        title: '面向人工智能优化操作系统的调度方法',
        ipc: ['G06N3/04'],
        applicants: b,
      });
      await asset('tm1', {
        kind: 'trademark',
        registrationNumber: '16435657',
        filingDate: '2015-03-04',
        registrationDate: '2019-03-01',
        title: '甲',
        niceClasses: [45],
        applicants: a,
      });
      await asset('tm2', {
        kind: 'trademark',
        registrationNumber: '15392502',
        filingDate: '2014-09-22',
        registrationDate: '2020-06-15',
        title: '乙',
        niceClasses: [42],
        applicants: a,
      });
    });
    after(async () => env.close());

    test('counts as of a date across a CF01 lapse (effective from the original due date)', async () => {
      const y2020 = await indicators('2020-12-31');
      assert.equal(y2020.get('valid_invention_patents')!.numerator, 3);
      assert.equal(y2020.get('valid_trademarks')!.numerator, 2);
      const y2021 = await indicators('2021-12-31');
      assert.equal(y2021.get('valid_invention_patents')!.numerator, 2, 'inv1 lapsed as of 2021-03-15');
      assert.equal(y2021.get('valid_invention_patents_yoy')!.value, -33.3);
      const street = await indicators('2020-12-31', STREET.徐家汇街道);
      assert.equal(street.get('valid_invention_patents')!.numerator, 2);
    });

    test('a restoration (RR01) closes the gap', async () => {
      // the later tests count at 2020-12-31, where inv1 is valid either way
      const res = await call('POST', `/api/v1/assets/${ids.inv1}/events`, {
        code: 'RR01',
        date: '2022-01-05',
      });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal((await indicators('2021-12-31')).get('valid_invention_patents')!.numerator, 3);
    });

    test('a new right counts at once; a deleted one stops counting', async () => {
      await asset('inv4', {
        kind: 'patent',
        applicationNumber: inventionNo(2017, 404),
        filingDate: '2017-04-04',
        grantDate: '2020-02-02',
        title: '一种临时测试方法',
        applicants: [{ name: '上海甲科技有限公司', uscc: USCC.b }],
      });
      assert.equal((await indicators('2020-12-31')).get('valid_invention_patents')!.numerator, 4);
      const del = await call('DELETE', `/api/v1/assets/${ids.inv4}`);
      assert.equal(del.statusCode, 204, del.body);
      assert.equal((await indicators('2020-12-31')).get('valid_invention_patents')!.numerator, 3);
    });

    test('high-value union: a patent in two categories counts once', async () => {
      const v = await indicators('2020-12-31');
      // inv1: sei + maintained_10y (from 2020-03-16); inv3: sei; inv2: none
      assert.equal(v.get('high_value_invention_patents')!.numerator, 2);
      const map = await env.ctx.analytics.highValue([ids.inv1!, ids.inv2!, ids.inv3!], '2020-12-31');
      assert.deepEqual(map.get(ids.inv1!), ['sei', 'maintained_10y']);
      assert.deepEqual(map.get(ids.inv3!), ['sei']);
      assert.equal(map.has(ids.inv2!), false);
      const hv = await call('GET', `/api/v1/assets/${ids.inv1}/high-value?at=2020-12-31`);
      assert.deepEqual(hv.json().categories, ['sei', 'maintained_10y']);
      assert.equal(hv.json().pledgeCategoryApplied, false);
    });

    test('formulas with denominators, missing denominators give null with a reason', async () => {
      const none = (await indicators('2020-12-31')).get('invention_patents_per_10k_pop')!;
      assert.equal(none.value, null);
      assert.match(none.reason!, /population/);
      const put = (body: object) => call('PUT', '/api/v1/analytics/denominators', body);
      for (const body of [
        {
          region: REGION,
          street: STREET.徐家汇街道,
          kind: 'population',
          at: '2020-12-31',
          value: 20000,
          source: '测试 fixture',
          confidence: 'L',
        },
        {
          region: REGION,
          kind: 'market_entities',
          at: '2020-12-31',
          value: 30000,
          source: '测试 fixture',
          confidence: 'L',
        },
        {
          region: REGION,
          kind: 'new_market_entities',
          periodFrom: '2020-01-01',
          at: '2020-12-31',
          value: 4,
          source: '测试 fixture',
          confidence: 'L',
        },
      ]) {
        const r = await put(body);
        assert.equal(r.statusCode, 200, r.body);
      }
      const bad = await put({
        region: REGION,
        kind: 'new_market_entities',
        at: '2020-12-31',
        value: 4.5,
        source: 'x',
      });
      assert.equal(bad.statusCode, 400);
      assert.deepEqual((bad.json().errors as { field: string }[]).map((e) => e.field).sort(), [
        'periodFrom',
        'value',
      ]);
      const street = await indicators('2020-12-31', STREET.徐家汇街道);
      // 2 valid inventions × 10,000 ÷ 20,000 residents = 1.00; high-value 1 (inv1) → 0.5
      assert.equal(street.get('invention_patents_per_10k_pop')!.value, 1);
      assert.equal(street.get('high_value_invention_patents_per_10k_pop')!.value, 0.5);
      const region = await indicators('2020-12-31');
      // 2 valid trademarks ÷ 30,000 entities × 10,000 = 0.67 → 1 (0 dp)
      assert.deepEqual(
        [
          region.get('valid_trademarks_per_10k_entities')!.value,
          region.get('valid_trademarks_per_10k_entities')!.denominator,
        ],
        [1, 30000],
      );
      // trademarks registered in 2020 (tm2) ÷ 4 new entities = 0.25
      const nt = region.get('new_trademarks_per_new_entity')!;
      assert.deepEqual([nt.value, nt.numerator, nt.denominator], [0.25, 1, 4]);
      assert.equal(region.get('pct_applications')!.value, 0);
      // a new-entity period that ended more than a year earlier is not used for a later date
      const later = (await indicators('2022-01-01')).get('new_trademarks_per_new_entity')!;
      assert.equal(later.value, null);
      assert.match(later.reason!, /2020-01-01–2020-12-31\) ended more than a year before 2022-01-01/);
      assert.equal((await indicators('2021-12-31')).get('new_trademarks_per_new_entity')!.value, 0.25);
    });

    test('pledges feed pledge_amount and, once a threshold is set, the pledge category', async () => {
      const p = await call('POST', `/api/v1/assets/${ids.inv2}/pledges`, {
        registrationNumber: 'Y2020310000123',
        registrationDate: '2020-08-01',
        amount: 3_000_000,
        pledgee: '上海银行',
        pledgor: '上海甲科技有限公司',
      });
      assert.equal(p.statusCode, 201, p.body);
      const bad = await call('POST', `/api/v1/assets/${ids.inv2}/pledges`, {
        registrationNumber: 'Y1',
        registrationDate: '2020-08-01',
        amount: 1.234,
        pledgee: '上海银行',
        pledgor: '甲',
        releaseDate: '2020-01-01',
      });
      assert.equal(bad.statusCode, 400);
      assert.deepEqual(
        (bad.json().errors as { field: string }[]).map((e) => e.field),
        ['amount', 'releaseDate'],
      );
      let v = await indicators('2020-12-31');
      assert.equal(v.get('pledge_amount')!.value, 3_000_000);
      assert.equal(
        v.get('high_value_invention_patents')!.numerator,
        2,
        'no threshold: the category is not applied',
      );
      const s = await call('PUT', '/api/v1/analytics/settings', { pledgeThreshold: 3_000_000 });
      assert.equal(s.statusCode, 200, s.body);
      v = await indicators('2020-12-31');
      assert.equal(v.get('high_value_invention_patents')!.numerator, 3);
      assert.equal((await indicators('2020-07-31')).get('high_value_invention_patents')!.numerator, 2);
      const list = await call('GET', `/api/v1/assets/${ids.inv2}/pledges`);
      assert.equal(list.json().items[0].amount, 3_000_000);
    });

    test('hand marks: an award makes a patent high-value from its date', async () => {
      const r = await call('PUT', `/api/v1/assets/${ids.inv2}/high-value/marks/award`, {
        since: '2021-11-03',
      });
      assert.equal(r.statusCode, 200, r.body);
      const hv = await call('GET', `/api/v1/assets/${ids.inv2}/high-value?at=2022-01-01`);
      assert.deepEqual(hv.json().categories, ['pledge', 'award']);
      const tm = await call('PUT', `/api/v1/assets/${ids.tm1}/high-value/marks/award`, {
        since: '2021-11-03',
      });
      assert.equal(tm.statusCode, 400);
    });

    test('concurrent requests after a rebuild-triggering write share one refresh', async () => {
      const s = await call('PUT', '/api/v1/analytics/settings', { pledgeThreshold: 3_000_000 });
      assert.equal(s.statusCode, 200, s.body);
      const all = await Promise.all(Array.from({ length: 6 }, () => indicators('2020-12-31')));
      for (const v of all) assert.equal(v.get('high_value_invention_patents')!.numerator, 3);
    });

    test('snapshots: v2 supersedes, v1 unchanged, the public sees the published one', async () => {
      const v1 = await call('POST', '/api/v1/analytics/snapshots', {
        region: REGION,
        street: STREET.徐家汇街道,
        period: '2020',
      });
      assert.equal(v1.statusCode, 201, v1.body);
      const s1 = v1.json();
      assert.deepEqual([s1.version, s1.at, s1.supersedes], [1, '2020-12-31', null]);
      const f1 = byId(s1.items).get('invention_patents_per_10k_pop')!;
      assert.deepEqual([f1.value, f1.numerator, f1.denominator], [1, 2, 20000]);
      const noReason = await call('POST', '/api/v1/analytics/snapshots', {
        region: REGION,
        street: STREET.徐家汇街道,
        period: '2020',
      });
      assert.equal(noReason.statusCode, 400);
      assert.equal(noReason.json().errors[0].field, 'reason');
      const pub1 = await call('POST', `/api/v1/analytics/snapshots/${s1.id}/publish`);
      assert.equal(pub1.statusCode, 200, pub1.body);

      // a corrected population figure, then version 2
      await call('PUT', '/api/v1/analytics/denominators', {
        region: REGION,
        street: STREET.徐家汇街道,
        kind: 'population',
        at: '2020-12-31',
        value: 25000,
        source: '测试 fixture (corrected)',
        confidence: 'L',
      });
      const v2 = await call('POST', '/api/v1/analytics/snapshots', {
        region: REGION,
        street: STREET.徐家汇街道,
        period: '2020',
        reason: 'population corrected',
      });
      assert.equal(v2.statusCode, 201, v2.body);
      const s2 = v2.json();
      assert.deepEqual([s2.version, s2.supersedes], [2, s1.id]);
      assert.equal(byId(s2.items).get('invention_patents_per_10k_pop')!.value, 0.8);
      const again = (await call('GET', `/api/v1/analytics/snapshots/${s1.id}`)).json();
      assert.equal(
        byId(again.items).get('invention_patents_per_10k_pop')!.value,
        1,
        'v1 is never overwritten',
      );
      assert.equal(again.superseded, true);

      const cmp = (await call('GET', `/api/v1/analytics/snapshots/${s1.id}/compare/${s2.id}`)).json();
      const row = cmp.rows.find((r: { id: string }) => r.id === 'invention_patents_per_10k_pop');
      assert.deepEqual([row.a.value, row.b.value, row.changed], [1, 0.8, true]);

      const pub = async () =>
        (await env.app.inject({ method: 'GET', url: '/api/v1/public/indicators' })).json();
      assert.equal((await pub()).items[0].version, 1, 'v2 is not published yet');
      assert.equal((await call('POST', `/api/v1/analytics/snapshots/${s1.id}/publish`)).statusCode, 409);
      assert.equal((await call('POST', `/api/v1/analytics/snapshots/${s2.id}/publish`)).statusCode, 200);
      const p = await pub();
      assert.equal(p.items.length, 1);
      assert.equal(p.items[0].version, 2);
      assert.equal(byId(p.items[0].items).get('invention_patents_per_10k_pop')!.denominator, 25000);
      const csv = await env.app.inject({ method: 'GET', url: '/api/v1/public/indicators.csv' });
      assert.equal(csv.statusCode, 200);
      assert.match(csv.body, /^\uFEFFregion,street,period/);
      assert.match(
        csv.body,
        /\r\n310104,310104014,2020,2020-12-31,2,[^,]+,invention_patents_per_10k_pop,每万人口发明专利拥有量,[^\r]*,0\.8,2,25000,/,
      );
    });

    test('snapshotDue freezes the last ended quarter once', async () => {
      const s = await env.ctx.snapshots.snapshotDue(new Date('2026-01-05T02:00:00Z'), REGION, SYSTEM_ACTOR);
      assert.deepEqual([s?.period, s?.at, s?.version], ['2025Q4', '2025-12-31', 1]);
      assert.equal(
        await env.ctx.snapshots.snapshotDue(new Date('2026-01-06T02:00:00Z'), REGION, SYSTEM_ACTOR),
        null,
      );
    });

    test('permissions: the public reads published figures only', async () => {
      const anon = await env.app.inject({
        method: 'GET',
        url: `/api/v1/analytics/indicators?region=${REGION}&at=2020-12-31`,
      });
      assert.ok(anon.statusCode === 401 || anon.statusCode === 403, String(anon.statusCode));
      const snaps = await env.app.inject({
        method: 'GET',
        url: `/api/v1/analytics/snapshots?region=${REGION}`,
      });
      assert.ok(snaps.statusCode === 401 || snaps.statusCode === 403);
      const badQuery = await call('GET', `/api/v1/analytics/indicators?region=310104&at=2020-02-30`);
      assert.equal(badQuery.statusCode, 400);
      assert.equal(badQuery.json().errors[0].field, 'at');
    });

    test('denominators import: valid lines saved, each rejected line with its reason', async () => {
      const csv = [
        'region,street,kind,periodFrom,at,value,source,confidence,note',
        `${REGION},,population,,2022-12-31,1098500,http://www.investxuhuiqu.cn/zone 109.85万,M,`,
        `${REGION},,people,,2022-12-31,1,src,M,`,
        `${REGION},310104999,market_entities,,2022-12-31,1000,,Q,`,
      ].join('\n');
      const res = await upload('/api/v1/analytics/denominators/import', 'd.csv', Buffer.from(csv));
      assert.equal(res.statusCode, 200, res.body);
      const r = res.json();
      assert.deepEqual([r.inserted, r.updated, r.rejected], [1, 0, 2]);
      assert.deepEqual(
        r.rejects.map((x: { ref: string; field: string }) => `${x.ref}:${x.field}`),
        ['line 3:kind', 'line 4:street', 'line 4:source', 'line 4:confidence'],
      );
      const list = (
        await call('GET', `/api/v1/analytics/denominators?region=${REGION}&kind=population`)
      ).json();
      assert.ok(
        list.items.some((x: { at: string; value: number }) => x.at === '2022-12-31' && x.value === 1098500),
      );
    });

    test('SEI table import from XLSX: a rejected line changes nothing; a clean file replaces the table', async () => {
      const xlsx = async (rows: string[][]) => {
        const wb = new ExcelJS.Workbook();
        const ws = wb.addWorksheet('参照关系表');
        ws.addRow(['分类编号', '分类名称', 'IPC', '不含IPC', '关键词', '仅IPC']);
        for (const r of rows) ws.addRow(r);
        return Buffer.from(await wb.xlsx.writeBuffer());
      };
      const bad = await upload(
        '/api/v1/analytics/sei/import',
        't.xlsx',
        await xlsx([
          ['1.6', '人工智能', 'G06F40*', '', '', '是'],
          ['x', '', 'Q12*', '', '', '否'],
        ]),
      );
      assert.equal(bad.statusCode, 200, bad.body);
      assert.deepEqual(
        bad.json().rejects.map((r: { ref: string; field: string }) => `${r.ref}:${r.field}`),
        ['row 3:code', 'row 3:name', 'row 3:ipc', 'row 3:keywords'],
      );
      assert.equal((await call('GET', '/api/v1/analytics/sei')).json().rows.length, 3, 'unchanged');
      const ok = await upload(
        '/api/v1/analytics/sei/import?source=test',
        't.xlsx',
        await xlsx([['1.6', '人工智能', 'G06F40*，G06N3/04', '', '', '是']]),
      );
      assert.deepEqual([ok.json().imported, ok.json().rejected], [1, 0]);
      // G06N3/04 alone now makes inv3 SEI (before, it needed the keyword row); inv2 (H04L9/32) stays out
      const map = await env.ctx.analytics.highValue([ids.inv2!, ids.inv3!], '2019-01-01');
      assert.deepEqual(map.get(ids.inv3!), ['sei']);
    });

    test('a new day refreshes the day-dependent rights only, with the same counts', async () => {
      const before = await indicators('2020-12-31');
      // pretend the table was last brought up to date yesterday, then write something
      await env.ctx.database.db
        .updateTable('analytics_setting')
        .set({ value: '2000-01-01' })
        .where('key', '=', 'validity_day')
        .execute();
      const put = await call('PUT', '/api/v1/analytics/denominators', {
        region: REGION,
        kind: 'population',
        at: '2023-12-31',
        value: 1_000_000,
        source: '测试 fixture',
        confidence: 'L',
      });
      assert.equal(put.statusCode, 200, put.body);
      const after = await indicators('2020-12-31');
      for (const id of ['valid_invention_patents', 'high_value_invention_patents', 'valid_trademarks'])
        assert.equal(after.get(id)!.numerator, before.get(id)!.numerator, id);
      const day = await env.ctx.database.db
        .selectFrom('analytics_setting')
        .select('value')
        .where('key', '=', 'validity_day')
        .executeTakeFirst();
      assert.equal(day?.value, new Date().toISOString().slice(0, 10));
    });

    test('CLI: zhihui indicators --json', () => {
      const out = execFileSync(
        process.execPath,
        [CLI, 'indicators', '--region', REGION, '--at', '2020-12-31', '--json', '--db', dbUrl],
        {
          encoding: 'utf8',
          env: { ...process.env, ZHIHUI_ADMIN_PASSWORD: ADMIN_PASSWORD },
        },
      );
      const rows = JSON.parse(out) as Item[];
      const m = byId(rows);
      assert.deepEqual(Object.keys(rows[0]!).sort(), ['denominator', 'id', 'numerator', 'value']);
      assert.deepEqual(m.get('valid_trademarks_per_10k_entities'), {
        id: 'valid_trademarks_per_10k_entities',
        value: 1,
        numerator: 2,
        denominator: 30000,
      });
      assert.equal(m.get('pledge_amount')!.value, 3_000_000);
    });

    test('demo seed: the Xuhui denominators of domain-rules §6.6 with sources, and pledges marked demo', async () => {
      const r = await env.ctx.analytics.seedDemo(SYSTEM_ACTOR, REGION);
      assert.deepEqual(
        r,
        { denominators: 3, pledges: 2 },
        'inv2 is pledged already; inv1 and inv3 get demo pledges',
      );
      const pop = (
        await call('GET', `/api/v1/analytics/denominators?region=${REGION}&kind=population`)
      ).json();
      const end2020 = pop.items.find(
        (x: { at: string; street: string | null }) => x.at === '2020-12-31' && !x.street,
      );
      assert.deepEqual([end2020.value, end2020.confidence, end2020.isDemo], [1113100, 'M', true]);
      const v = await indicators('2020-12-31');
      // 3 valid inventions ÷ 111.31万 = 0.0269… → 0.03
      assert.equal(v.get('invention_patents_per_10k_pop')!.value, 0.03);
      assert.match(v.get('invention_patents_per_10k_pop')!.denominatorSource ?? '', /111\.31万/);
      const pledges = (await call('GET', `/api/v1/assets/${ids.inv3}/pledges`)).json().items;
      assert.deepEqual([pledges.length, pledges[0].isDemo, pledges[0].amount], [1, true, 3_000_000]);
    });
  });
}
