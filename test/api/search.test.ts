import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SYSTEM_ACTOR } from '../../src/modules/audit/audit.service.ts';
import { dialects, startEnv, USCC, type TestEnv } from '../helpers.ts';

const all = { canReadPrivate: true, canWriteAll: true, canWriteOwn: true };

for (const d of dialects()) {
  describe(`search API on ${d.name}`, () => {
    let env: TestEnv;
    let admin: string;
    let ids: number[] = [];
    before(async () => {
      env = await startEnv(d);
      admin = await env.login('admin');
      const e = await env.ctx.registry.createEntity(SYSTEM_ACTOR, {
        uscc: USCC.a,
        name: '上海检索测试科技有限公司',
        kind: 'enterprise',
        streetCode: '310104017',
      });
      const mk = (applicationNumber: string, title: string, ipc: string[], confidential = false) =>
        env.ctx.registry.createAsset(
          SYSTEM_ACTOR,
          all,
          {
            kind: 'patent',
            office: 'CN',
            applicationNumber,
            title,
            ipc,
            applicants: [{ name: e.name, uscc: USCC.a }],
          },
          confidential,
        );
      ids = [
        (await mk('201710601862.3', '一种锂离子电池负极材料及其制备方法', ['H01M4/36'])).id,
        (await mk('202010933716.2', '芯片封装结构', ['H01L23/31'])).id,
        (await mk('201210581535.3', '固态电池电解质', ['H01M10/0562'], true)).id,
      ];
      await env.ctx.auth.createUser(SYSTEM_ACTOR, {
        username: 'ent2',
        password: 'enterprise-pass-1',
        displayName: 'x',
        role: 'enterprise',
        entityId: (
          await env.ctx.registry.createEntity(SYSTEM_ACTOR, {
            uscc: USCC.b,
            name: '上海另一家公司',
            kind: 'enterprise',
          })
        ).id,
      });
    });
    after(async () => env.close());

    const search = (q: string, cookie = admin, extra = '') =>
      env.app.inject({
        method: 'GET',
        url: `/api/v1/search?q=${encodeURIComponent(q)}${extra}`,
        headers: { cookie },
      });

    test('a two-character word, a field query and facets', async () => {
      const r = (await search('电池')).json();
      assert.equal(r.total, 2);
      assert.deepEqual(r.items.map((a: { id: number }) => a.id).sort(), [ids[0], ids[2]].sort());
      assert.deepEqual(r.facets.subType, [{ value: 'invention', count: 2 }]);
      const f = (await search('ipc:H01L* street:漕河泾街道')).json();
      assert.deepEqual(
        f.items.map((a: { id: number }) => a.id),
        [ids[1]],
      );
    });

    test('an application number in any written form finds the same right', async () => {
      for (const form of [
        '201710601862.3',
        'CN201710601862.3',
        'ZL201710601862.3',
        'cn 201710601862.3',
        '2017106018623',
        '201710601862',
      ]) {
        const r = (await search(form)).json();
        assert.deepEqual(
          r.items.map((a: { id: number }) => a.id),
          [ids[0]],
          form,
        );
      }
    });

    test('a query that does not parse is a 400 pointing at the position', async () => {
      const r = await search('电池 AND (芯片');
      assert.equal(r.statusCode, 400);
      assert.equal(r.json().errors[0].field, 'q');
      assert.match(r.json().detail, /position|\(/);
    });

    test('the index follows updates and deletes', async () => {
      await env.ctx.registry.updateAsset(SYSTEM_ACTOR, all, ids[1]!, {
        kind: 'patent',
        office: 'CN',
        applicationNumber: '202010933716.2',
        title: '芯片散热装置',
        applicants: [{ name: '上海检索测试科技有限公司', uscc: USCC.a }],
      });
      assert.equal((await search('封装')).json().total, 0);
      assert.equal((await search('散热')).json().total, 1);
      await env.ctx.registry.deleteAsset(SYSTEM_ACTOR, ids[1]!);
      assert.equal((await search('散热')).json().total, 0);
    });

    test('other enterprises do not find a confidential right; the public may not search', async () => {
      const ent = await env.login('ent2', 'enterprise-pass-1');
      const r = (await search('电池', ent)).json();
      assert.deepEqual(
        r.items.map((a: { id: number }) => a.id),
        [ids[0]],
      );
      assert.equal(r.total, 1);
      const anon = await env.app.inject({ method: 'GET', url: '/api/v1/search?q=x' });
      assert.equal(anon.statusCode, 401);
    });
  });
}
