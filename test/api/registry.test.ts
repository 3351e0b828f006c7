import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialects, startEnv, STREET, USCC, type TestEnv } from '../helpers.ts';

for (const d of dialects()) {
  describe(`registry API on ${d.name}`, () => {
    let env: TestEnv;
    let admin: string;
    before(async () => {
      env = await startEnv(d);
      admin = await env.login('admin');
    });
    after(async () => env.close());

    const post = (url: string, payload: unknown, cookie = admin) =>
      env.app.inject({ method: 'POST', url, payload: payload as object, headers: { cookie } });
    const get = (url: string, cookie = admin) => env.app.inject({ method: 'GET', url, headers: { cookie } });

    test('health answers without login', async () => {
      const res = await env.app.inject({ method: 'GET', url: '/api/v1/health' });
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().database, d.name);
    });

    test('an entity with a bad USCC check character is refused with the field and reason', async () => {
      const res = await post('/api/v1/entities', {
        uscc: '91110000600037341N',
        name: '测试公司',
        kind: 'enterprise',
      });
      assert.equal(res.statusCode, 400);
      assert.match(res.headers['content-type'] as string, /application\/problem\+json/);
      const body = res.json();
      assert.equal(body.status, 400);
      assert.equal(body.errors[0].field, 'uscc');
      assert.match(body.errors[0].reason, /check character/);
      const list = await get('/api/v1/entities');
      assert.equal(list.json().total, 0, 'nothing half-written');
    });

    test('schema errors name every bad field', async () => {
      const res = await post('/api/v1/entities', { name: 123, kind: 'enterprise', bogus: 1 });
      assert.equal(res.statusCode, 400);
      const fields = res
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort();
      assert.deepEqual(fields, ['bogus', 'name']);
    });

    test('create, read, update an entity; names as published are matched to it', async () => {
      // a patent whose applicant is written with full-width brackets and a space, before the entity exists
      const pat = await post('/api/v1/assets', {
        kind: 'patent',
        applicationNumber: 'CN 201710601862.3',
        filingDate: '2017-07-21',
        title: '一种测试装置',
        ipc: ['G06F 17/30'],
        applicants: [{ name: '上海 徐汇测试科技有限公司（徐汇）' }],
      });
      assert.equal(pat.statusCode, 201, pat.body);
      const p = pat.json();
      assert.equal(p.applicationNumber, '201710601862.3');
      assert.equal(p.subType, 'invention');
      assert.deepEqual(p.ipc, ['G06F17/30']);
      assert.equal(p.owners[0].entityId, null);
      assert.equal(p.expiryDate, '2037-07-20');

      const unmatched = await get('/api/v1/unmatched-names');
      assert.equal(unmatched.json().total, 1);

      const res = await post('/api/v1/entities', {
        uscc: ` ${USCC.a.toLowerCase()} `,
        name: '上海徐汇测试科技有限公司(徐汇)',
        kind: 'enterprise',
        industry: 'i65',
        streetCode: STREET.徐家汇街道,
        flags: ['high_tech'],
        contactPhone: '021-64870000',
      });
      assert.equal(res.statusCode, 201, res.body);
      const e = res.json();
      assert.equal(e.uscc, USCC.a);
      assert.equal(e.industry, 'I65');
      assert.equal(e.regionCode, '310104');

      const asset = (await get(`/api/v1/assets/${p.id}`)).json();
      assert.equal(
        asset.owners[0].entityId,
        e.id,
        'the published name was linked when the entity was registered',
      );
      assert.equal((await get('/api/v1/unmatched-names')).json().total, 0);

      const detail = (await get(`/api/v1/entities/${e.id}`)).json();
      assert.deepEqual(detail.portfolio, [
        { kind: 'patent', subType: 'invention', status: 'pending', count: 1 },
      ]);

      const dup = await post('/api/v1/entities', { uscc: USCC.a, name: '另一家', kind: 'enterprise' });
      assert.equal(dup.statusCode, 409);
      assert.equal(dup.json().errors[0].field, 'uscc');

      const upd = await env.app.inject({
        method: 'PATCH',
        url: `/api/v1/entities/${e.id}`,
        payload: { name: '上海徐汇新名称科技有限公司' },
        headers: { cookie: admin, 'if-match': String(e.version) },
      });
      assert.equal(upd.statusCode, 200, upd.body);
      assert.deepEqual(upd.json().formerNames, ['上海徐汇测试科技有限公司(徐汇)']);
      const stale = await env.app.inject({
        method: 'PATCH',
        url: `/api/v1/entities/${e.id}`,
        payload: { address: '漕溪北路1号' },
        headers: { cookie: admin, 'if-match': String(e.version) },
      });
      assert.equal(stale.statusCode, 409);
    });

    test('a CN application number with a wrong check digit is refused', async () => {
      const res = await post('/api/v1/assets', {
        kind: 'patent',
        applicationNumber: '201710601862.4',
        applicants: [{ name: 'x' }],
      });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().errors[0].field, 'applicationNumber');
      assert.match(res.json().errors[0].reason, /check character is '3'/);
    });

    test('the same application number in another written form is a duplicate', async () => {
      const res = await post('/api/v1/assets', {
        kind: 'patent',
        applicationNumber: 'ZL2017106018623',
        applicants: [{ name: 'x' }],
      });
      assert.equal(res.statusCode, 409);
    });

    test('lists page with a stable cursor and sort', async () => {
      for (const [i, n] of ['16435657', '16435655', '15392502'].entries()) {
        const r = await post('/api/v1/assets', {
          kind: 'trademark',
          registrationNumber: n,
          registrationDate: `201${5 + i}-03-04`,
          title: `商标${i}`,
          niceClasses: [45],
          applicants: [{ name: '上海徐汇新名称科技有限公司' }],
        });
        assert.equal(r.statusCode, 201, r.body);
      }
      const first = (await get('/api/v1/assets?kind=trademark&sort=-registrationDate&limit=2')).json();
      assert.equal(first.total, 3);
      assert.deepEqual(
        first.items.map((a: { registrationNumber: string }) => a.registrationNumber),
        ['15392502', '16435655'],
      );
      const second = (
        await get(`/api/v1/assets?kind=trademark&sort=-registrationDate&limit=2&cursor=${first.nextCursor}`)
      ).json();
      assert.deepEqual(
        second.items.map((a: { registrationNumber: string }) => a.registrationNumber),
        ['16435657'],
      );
      assert.equal(second.nextCursor, null);
      const bad = await get('/api/v1/assets?sort=colour');
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().errors[0].field, 'sort');
    });

    test('a person links an unmatched published name to an entity; later imports link it by themselves', async () => {
      const ent = (await get('/api/v1/entities?q=新名称')).json().items[0];
      const a = await post('/api/v1/assets', {
        kind: 'patent',
        applicationNumber: '201010146372.7',
        applicants: [{ name: 'Xuhui New Name Tech Co., Ltd.' }],
      });
      assert.equal(a.statusCode, 201, a.body);
      const names = (await get('/api/v1/unmatched-names')).json();
      const row = names.items.find((n: { name: string }) => n.name === 'Xuhui New Name Tech Co., Ltd.');
      assert.equal(row.assets, 1);
      const res = await post('/api/v1/unmatched-names/resolve', { nameNorm: row.nameNorm, entityId: ent.id });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().linked, 1);
      const again = await post('/api/v1/unmatched-names/resolve', {
        nameNorm: row.nameNorm,
        entityId: ent.id,
      });
      assert.equal(again.statusCode, 400);
      assert.equal(again.json().errors[0].field, 'nameNorm');
      const later = await post('/api/v1/assets', {
        kind: 'patent',
        applicationNumber: '201110047567.0',
        applicants: [{ name: 'XUHUI NEW NAME TECH CO., LTD.' }],
      });
      assert.equal(later.json().owners[0].entityId, ent.id);
    });

    test('reads carry an ETag and answer 304 when unchanged', async () => {
      const a = await get('/api/v1/entities');
      assert.ok(a.headers.etag);
      const b = await env.app.inject({
        method: 'GET',
        url: '/api/v1/entities',
        headers: { cookie: admin, 'if-none-match': a.headers.etag as string },
      });
      assert.equal(b.statusCode, 304);
    });

    test('every write is in the audit log and the chain verifies', async () => {
      const res = await get('/api/v1/audit/verify');
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().ok, true);
      const log = (await get('/api/v1/audit?limit=500')).json().items as { action: string }[];
      const actions = new Set(log.map((x) => x.action));
      for (const a of ['user.create', 'auth.login', 'entity.create', 'entity.update', 'asset.create'])
        assert.ok(actions.has(a), a);
    });
  });
}
