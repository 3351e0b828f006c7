import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cnAppNoCheckChar } from '../../src/domain/ids/cn-appno.ts';
import { DATASETS, dialects, startEnv, STREET, USCC, type TestEnv } from '../helpers.ts';

/** A valid CN application number (ZC 0006-2003 check character computed) for a hand-built fixture. */
function appNo(year: number, type: 1 | 2 | 3, serial: number): string {
  const digits = `${year}${type}${String(serial).padStart(7, '0')}`;
  return `${digits}.${cnAppNoCheckChar(digits)}`;
}

/**
 * Street outlines for the choropleth path, built from real data only: the bounding box of the real Xuhui
 * outline (../shared/datasets/geo-china) cut into horizontal strips, one per street. TEST FIXTURE — these
 * strips are not street boundaries.
 */
function testStrips(streets: { code: string; name: string }[]) {
  const xuhui = JSON.parse(fs.readFileSync(path.join(DATASETS, 'geo-china/xuhui_310104.geojson'), 'utf8'));
  const pts: number[][] = xuhui.features[0].geometry.coordinates.flat(2);
  const lons = pts.map((p) => p[0]!);
  const lats = pts.map((p) => p[1]!);
  const [w, e, s, n] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
  const h = (n - s) / streets.length;
  return {
    type: 'FeatureCollection',
    features: streets.map((st, i) => {
      const lo = s + i * h;
      const hi = lo + h;
      return {
        type: 'Feature',
        properties: { code: st.code, name: st.name, note: 'TEST FIXTURE strip, not a boundary' },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [w, lo],
              [e, lo],
              [e, hi],
              [w, hi],
              [w, lo],
            ],
          ],
        },
      };
    }),
  };
}

for (const d of dialects()) {
  describe(`dashboard API on ${d.name}`, () => {
    let env: TestEnv;
    let admin: string;
    let member: string;
    const id: Record<string, number> = {};
    const ent: Record<string, number> = {};

    const get = (url: string, cookie = admin) => env.app.inject({ method: 'GET', url, headers: { cookie } });
    const send = (method: 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, cookie = admin) =>
      env.app.inject({
        method,
        url,
        headers: { cookie },
        ...(payload ? { payload: payload as object } : {}),
      });

    async function entity(key: string, body: object) {
      const res = await send('POST', '/api/v1/entities', { kind: 'enterprise', ...body });
      assert.equal(res.statusCode, 201, res.body);
      ent[key] = res.json().id;
    }
    async function patent(key: string, body: object) {
      const res = await send('POST', '/api/v1/assets', { kind: 'patent', ...body });
      assert.equal(res.statusCode, 201, res.body);
      id[key] = res.json().id;
    }

    before(async () => {
      env = await startEnv(d);
      admin = await env.login('admin');
      await entity('E1', {
        uscc: USCC.a,
        name: '上海汇测信息科技有限公司',
        industry: 'I65',
        streetCode: STREET.徐家汇街道,
      });
      await entity('E2', {
        uscc: USCC.b,
        name: '上海漕测生物医药有限公司',
        industry: 'C27',
        streetCode: STREET.漕河泾街道,
      });
      await entity('E3', {
        uscc: USCC.c,
        name: '上海田测检测技术有限公司',
        industry: 'M74',
        streetCode: STREET.田林街道,
      });
      await entity('E4', { uscc: USCC.d, name: '北京区外测试有限公司', industry: 'I65' }); // no street: outside the region
      const a = (n: string) => [{ name: n }];
      await patent('P1', {
        applicationNumber: appNo(2019, 1, 3000001),
        filingDate: '2019-03-01',
        grantDate: '2021-06-01',
        title: '一种数据检索方法',
        ipc: ['G06F 17/30'],
        applicants: a('上海汇测信息科技有限公司'),
      });
      await patent('P2', {
        applicationNumber: appNo(2020, 2, 3000002),
        filingDate: '2020-05-10',
        grantDate: '2020-12-01',
        title: '一种半导体封装结构',
        ipc: ['H01L 21/00'],
        applicants: a('上海汇测信息科技有限公司'),
      });
      await patent('P3', {
        applicationNumber: appNo(2020, 1, 3000003),
        filingDate: '2020-07-01',
        title: '一种药物组合物',
        ipc: ['A61K 31/00'],
        applicants: a('上海漕测生物医药有限公司'),
        confidential: true,
      });
      await patent('P4', {
        applicationNumber: appNo(2018, 1, 3000004),
        filingDate: '2018-01-15',
        grantDate: '2020-03-01',
        title: '一种化妆品组合物',
        ipc: ['A61K 8/02'],
        applicants: a('上海漕测生物医药有限公司'),
        events: [{ code: 'CF01', date: '2022-01-15' }],
      });
      await patent('P5', {
        applicationNumber: appNo(2021, 3, 3000005),
        filingDate: '2021-02-02',
        grantDate: '2021-08-08',
        title: '检测仪外观',
        applicants: a('上海田测检测技术有限公司'),
      });
      // first owner in the region, second outside: counts for E1
      await patent('P7', {
        applicationNumber: appNo(2020, 1, 3000007),
        filingDate: '2020-09-09',
        title: '一种视频编码方法',
        ipc: ['H04N 21/234'],
        applicants: [{ name: '上海汇测信息科技有限公司' }, { name: '北京区外测试有限公司' }],
      });
      // first owner outside the region, second inside: does not count anywhere in the region
      await patent('P6', {
        applicationNumber: appNo(2020, 1, 3000006),
        filingDate: '2020-01-01',
        grantDate: '2022-05-05',
        title: '一种区外方法',
        ipc: ['G06F 16/00'],
        applicants: [{ name: '北京区外测试有限公司' }, { name: '上海汇测信息科技有限公司' }],
      });
      const u = await send('POST', '/api/v1/users', {
        username: 'member1',
        password: 'member-password-123',
        role: 'member_unit',
      });
      assert.equal(u.statusCode, 201, u.body);
      member = await env.login('member1', 'member-password-123');
    });
    after(async () => env.close());

    const rowsOf = (body: { rows: { key: string | null; value: number }[] }) =>
      Object.fromEntries(body.rows.map((r) => [String(r.key), r.value]));

    test('filings by street, attributed by first owner', async () => {
      const res = await get('/api/v1/analytics/breakdown?dim=street&measure=filings');
      assert.equal(res.statusCode, 200, res.body);
      const b = res.json();
      assert.equal(b.total, 6);
      assert.deepEqual(b.rows, [
        { key: STREET.徐家汇街道, label: '徐家汇街道', value: 3 },
        { key: STREET.漕河泾街道, label: '漕河泾街道', value: 2 },
        { key: STREET.田林街道, label: '田林街道', value: 1 },
      ]);
    });

    test('grants, valid now, period filter on the measure’s date', async () => {
      const grants = (await get('/api/v1/analytics/breakdown?dim=grant_year&measure=grants')).json();
      assert.deepEqual(grants.rows, [
        { key: '2020', label: null, value: 2 },
        { key: '2021', label: null, value: 2 },
      ]);
      const valid = (await get('/api/v1/analytics/breakdown?dim=sub_type&measure=valid')).json();
      assert.equal(valid.period, null);
      assert.deepEqual(rowsOf(valid), { invention: 1, utility_model: 1, design: 1 });
      const y2020 = (
        await get('/api/v1/analytics/breakdown?dim=street&measure=filings&from=2020&to=2020')
      ).json();
      assert.deepEqual(y2020.period, { from: '2020-01-01', to: '2020-12-31' });
      assert.deepEqual(rowsOf(y2020), { [STREET.徐家汇街道]: 2, [STREET.漕河泾街道]: 1 });
      const dates = (
        await get('/api/v1/analytics/breakdown?dim=street&measure=filings&from=2020-06-01&to=2020-12-31')
      ).json();
      assert.equal(dates.total, 2);
    });

    test('IPC levels with titles, WIPO fields, industries', async () => {
      const sec = (await get('/api/v1/analytics/breakdown?dim=ipc_section')).json();
      assert.deepEqual(rowsOf(sec), { A: 2, H: 2, G: 1 });
      assert.match(sec.rows.find((r: { key: string }) => r.key === 'H').label, /电学/);
      const sub = (await get('/api/v1/analytics/breakdown?dim=ipc_subclass')).json();
      assert.deepEqual(rowsOf(sub), { A61K: 2, G06F: 1, H01L: 1, H04N: 1 });
      assert.equal(
        sub.rows.find((r: { key: string }) => r.key === 'G06F').label,
        'ELECTRIC DIGITAL DATA PROCESSING',
      );
      const wipo = (await get('/api/v1/analytics/breakdown?dim=wipo_field')).json();
      // concordance rows: G06F% → 6, H01L% → 8, H04N 21/% → 4, A61K 31/% → 16, A61K 8/% → 14
      assert.deepEqual(rowsOf(wipo), { '4': 1, '6': 1, '8': 1, '14': 1, '16': 1 });
      assert.equal(
        wipo.rows.find((r: { key: string }) => r.key === '6').label,
        'Electrical engineering · Computer technology',
      );
      const ind = (await get('/api/v1/analytics/breakdown?dim=industry')).json();
      assert.deepEqual(ind.rows, [
        { key: 'I', label: '信息传输、软件和信息技术服务业', value: 3 },
        { key: 'C', label: '制造业', value: 2 },
        { key: 'M', label: '科学研究和技术服务业', value: 1 },
      ]);
    });

    test('filters: street, industry, kind, sub-type combine', async () => {
      const r = (
        await get(`/api/v1/analytics/breakdown?dim=ipc_section&street=${STREET.徐家汇街道}&kind=patent`)
      ).json();
      assert.deepEqual(rowsOf(r), { G: 1, H: 2 });
      const c = (await get('/api/v1/analytics/breakdown?dim=street&industry=C')).json();
      assert.deepEqual(rowsOf(c), { [STREET.漕河泾街道]: 2 });
      const inv = (await get('/api/v1/analytics/breakdown?dim=street&subType=invention')).json();
      assert.equal(inv.total, 4);
      const tm = (await get('/api/v1/analytics/breakdown?dim=street&kind=trademark')).json();
      assert.deepEqual(tm.rows, []);
    });

    test('entity ranking and the trend by year and sub-type', async () => {
      const rank = (await get('/api/v1/analytics/breakdown?dim=entity&limit=2')).json();
      assert.deepEqual(rank.rows, [
        { key: String(ent.E1), label: '上海汇测信息科技有限公司', value: 3 },
        { key: String(ent.E2), label: '上海漕测生物医药有限公司', value: 2 },
      ]);
      assert.equal(rank.total, 6, 'total counts every row, not only the top ones');
      const trend = (await get('/api/v1/analytics/trend?measure=filings')).json();
      assert.deepEqual(trend.rows, [
        { year: 2018, subType: 'invention', value: 1 },
        { year: 2019, subType: 'invention', value: 1 },
        { year: 2020, subType: 'invention', value: 2 },
        { year: 2020, subType: 'utility_model', value: 1 },
        { year: 2021, subType: 'design', value: 1 },
      ]);
    });

    test('drill-down returns exactly the records behind a number', async () => {
      const ids = async (q: string) => {
        const res = await get(`/api/v1/analytics/records?${q}`);
        assert.equal(res.statusCode, 200, res.body);
        return res.json().items.map((x: { id: number }) => x.id);
      };
      assert.deepEqual(
        await ids(`dim=street&key=${STREET.漕河泾街道}`),
        [id.P3, id.P4].sort((a, b) => a! - b!),
      );
      assert.deepEqual(await ids('dim=wipo_field&key=16'), [id.P3]);
      assert.deepEqual(await ids('dim=filing_year&key=2020'), [id.P2, id.P3, id.P7]);
      assert.deepEqual(await ids('dim=grant_year&key=2020&measure=grants'), [id.P2, id.P4]);
      assert.deepEqual(await ids('dim=ipc_class&key=H04&street=' + STREET.徐家汇街道), [id.P7]);
      assert.deepEqual(await ids(`dim=entity&key=${ent.E1}&measure=valid`), [id.P1, id.P2]);
      assert.deepEqual(await ids('dim=wipo_field&key='), [id.P5], 'no IPC: unclassified');
      assert.deepEqual(await ids('dim=ipc_section&key=_none'), [id.P5]);
      // keyset pages cover the same set
      const p1 = (await get('/api/v1/analytics/records?limit=4')).json();
      assert.equal(p1.total, 6);
      const p2 = (await get(`/api/v1/analytics/records?limit=4&cursor=${p1.nextCursor}`)).json();
      assert.equal(p2.nextCursor, null);
      assert.deepEqual(
        [...p1.items, ...p2.items].map((x: { id: number }) => x.id),
        [id.P1, id.P2, id.P3, id.P4, id.P5, id.P7],
      );
      assert.equal(p1.items[0].owner, '上海汇测信息科技有限公司');
    });

    test('bad filters are refused with the field and reason', async () => {
      const bad = async (q: string, field: string) => {
        const res = await get(`/api/v1/analytics/${q}`);
        assert.equal(res.statusCode, 400, res.body);
        assert.match(res.headers['content-type'] as string, /problem\+json/);
        assert.ok(
          res.json().errors.some((e: { field: string }) => e.field === field),
          `${q}: ${res.body}`,
        );
      };
      await bad('breakdown?dim=street&from=2020-02-30', 'from');
      await bad('breakdown?dim=street&from=2021&to=2020', 'to');
      await bad('breakdown?dim=street&street=310104999', 'street');
      await bad('breakdown?dim=colour', 'querystring.dim');
      await bad('breakdown?dim=street&industry=Z', 'querystring.industry');
      await bad('records?dim=wipo_field&key=36', 'key');
      await bad('records?dim=filing_year&key=20x0', 'key');
      await bad('records?dim=street', 'key');
      await bad('trend?measure=valid', 'measure');
    });

    test('confidential rights are left out for roles without registry:read_private', async () => {
      const res = await get('/api/v1/analytics/breakdown?dim=street', member);
      assert.equal(res.statusCode, 200);
      assert.deepEqual(rowsOf(res.json()), {
        [STREET.徐家汇街道]: 3,
        [STREET.漕河泾街道]: 1,
        [STREET.田林街道]: 1,
      });
      const recs = (
        await get(`/api/v1/analytics/records?dim=street&key=${STREET.漕河泾街道}`, member)
      ).json();
      assert.deepEqual(
        recs.items.map((x: { id: number }) => x.id),
        [id.P4],
      );
      const anon = await env.app.inject({ method: 'GET', url: '/api/v1/analytics/breakdown?dim=street' });
      assert.equal(anon.statusCode, 401);
    });

    test('a write moves the data version and the cached numbers follow; a sign-in does not', async () => {
      const before = (await get('/api/v1/analytics/breakdown?dim=street')).json();
      await env.login('admin');
      assert.equal(
        (await get('/api/v1/analytics/breakdown?dim=street')).json().dataVersion,
        before.dataVersion,
      );
      await patent('P8', {
        applicationNumber: appNo(2022, 2, 3000008),
        filingDate: '2022-04-04',
        title: '一种检测夹具',
        ipc: ['G01N 21/00'],
        applicants: [{ name: '上海田测检测技术有限公司' }],
      });
      const now = (await get('/api/v1/analytics/breakdown?dim=street')).json();
      assert.ok(now.dataVersion > before.dataVersion);
      assert.equal(now.total, before.total + 1);
      assert.equal(rowsOf(now)[STREET.田林街道], 2);
      await send('DELETE', `/api/v1/assets/${id.P8}`);
      assert.equal((await get('/api/v1/analytics/breakdown?dim=street')).json().total, before.total);
    });

    test('high-value measure counts exactly the valid inventions part A classifies', async () => {
      // an invention filed in 2012 and still in force: maintained more than 10 years
      await patent('P9', {
        applicationNumber: appNo(2012, 1, 3000009),
        filingDate: '2012-03-01',
        grantDate: '2015-01-01',
        title: '一种测量装置',
        ipc: ['G01B 11/00'],
        applicants: [{ name: '上海田测检测技术有限公司' }],
      });
      const hv9 = (await get(`/api/v1/assets/${id.P9}/high-value`)).json();
      assert.ok(hv9.categories.includes('maintained_10y'), JSON.stringify(hv9));
      // the expected set from part A's per-asset answer, over every valid invention of the region
      const expected: number[] = [];
      for (const k of ['P1', 'P3', 'P4', 'P7', 'P9']) {
        const h = (await get(`/api/v1/assets/${id[k]}/high-value`)).json();
        if (h.highValue) expected.push(id[k]!);
      }
      assert.ok(expected.includes(id.P9!));
      const b = (await get('/api/v1/analytics/breakdown?dim=street&measure=high_value')).json();
      assert.equal(b.total, expected.length);
      assert.equal(b.period, null);
      const recs = (await get('/api/v1/analytics/records?measure=high_value')).json();
      assert.deepEqual(
        recs.items.map((x: { id: number }) => x.id),
        expected.sort((x, y) => x - y),
      );
      const tianlin = (
        await get(`/api/v1/analytics/records?measure=high_value&dim=street&key=${STREET.田林街道}`)
      ).json();
      assert.deepEqual(
        tianlin.items.map((x: { id: number }) => x.id),
        [id.P9],
      );
      await send('DELETE', `/api/v1/assets/${id.P9}`);
    });

    test('map: the district outline until street outlines are uploaded', async () => {
      const res = await get('/api/v1/analytics/geo');
      assert.equal(res.statusCode, 200);
      const g = res.json();
      assert.equal(g.type, 'FeatureCollection');
      assert.equal(g.zhihui.streetsLoaded, false);
      assert.equal(g.zhihui.layer, 'district');
      assert.equal(g.features.length, 1);
      assert.equal(g.features[0].properties.name, '徐汇区');
      assert.match(g.zhihui.source, /审图号/);
      const city = (await get('/api/v1/analytics/geo?layer=city')).json();
      assert.equal(city.features.length, 16);
      assert.equal((await get('/api/v1/analytics/geo?region=999999')).statusCode, 404);
    });

    test('street outline upload: each bad feature is named with its reason; nothing is stored', async () => {
      const streets = (await get('/api/v1/streets?region=310104')).json() as { code: string; name: string }[];
      const fc = testStrips(streets.slice(0, 3));
      fc.features[0]!.properties = { code: '310104999', name: '', note: '' };
      (fc.features[1]!.properties as Record<string, unknown>) = { name: '外滩街道' };
      fc.features[2]!.geometry.coordinates[0]!.pop(); // ring no longer closed
      const extra = {
        type: 'Feature',
        properties: { name: streets[1]!.name },
        geometry: { type: 'Point', coordinates: [121.4, 31.2] },
      };
      const res = await send('PUT', '/api/v1/analytics/geo/streets', {
        ...fc,
        features: [...fc.features, extra],
      });
      assert.equal(res.statusCode, 400, res.body);
      assert.deepEqual(
        res.json().errors.map((e: { field: string }) => e.field),
        [
          'features[0].properties.code',
          'features[1].properties.name',
          'features[2].geometry',
          'features[3].geometry',
        ],
      );
      assert.match(res.json().errors[2].reason, /not closed/);
      const notFc = await send('PUT', '/api/v1/analytics/geo/streets', { type: 'Feature' });
      assert.equal(notFc.statusCode, 400);
      assert.equal(notFc.json().errors[0].field, 'type');
      const dup = testStrips([streets[0]!, streets[0]!]);
      const d2 = await send('PUT', '/api/v1/analytics/geo/streets', dup);
      assert.equal(d2.json().errors[0].field, 'features[1]');
      assert.equal((await get('/api/v1/analytics/geo')).json().zhihui.streetsLoaded, false);
      const forbidden = await send('PUT', '/api/v1/analytics/geo/streets', testStrips(streets), member);
      assert.equal(forbidden.statusCode, 403);
    });

    test('with street outlines loaded the map is a choropleth by street; removal falls back', async () => {
      const streets = (await get('/api/v1/streets?region=310104')).json() as { code: string; name: string }[];
      // by name, without the 街道 suffix for one of them
      const fc = testStrips(streets);
      (fc.features[0]!.properties as Record<string, unknown>) = {
        name: streets[0]!.name.replace(/街道$/, ''),
      };
      const res = await send('PUT', '/api/v1/analytics/geo/streets?source=test%20fixture', fc);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().features, streets.length);
      assert.deepEqual(res.json().missing, []);
      const g = (await get('/api/v1/analytics/geo')).json();
      assert.equal(g.zhihui.streetsLoaded, true);
      assert.deepEqual(
        g.features.map((f: { properties: { code: string } }) => f.properties.code).sort(),
        streets.map((s) => s.code).sort(),
      );
      assert.equal(g.features[0].properties.name, streets[0]!.name);
      const del = await send('DELETE', '/api/v1/analytics/geo/streets');
      assert.deepEqual(del.json(), { deleted: 1 });
      assert.equal((await get('/api/v1/analytics/geo')).json().zhihui.streetsLoaded, false);
      const audit = (await get('/api/v1/audit?targetType=region')).json();
      assert.ok(JSON.stringify(audit).includes('geo.streets.put'));
    });
  });
}
