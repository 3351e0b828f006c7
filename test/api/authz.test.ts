import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ROLES } from '../../src/domain/auth/roles.ts';
import { SYSTEM_ACTOR } from '../../src/modules/audit/audit.service.ts';
import { dialects, startEnv, STREET, USCC, type TestEnv } from '../helpers.ts';

const PASSWORD = 'role-password-123';

/** Fill path parameters with values that exist for the enterprise user. */
function concrete(url: string, ids: { entity: number; asset: number }): string {
  return url
    .replace(':kind/:value', 'uscc/91320621MA1MRHG205')
    .replace('/import-templates/:kind', '/import-templates/patent')
    .replace('/entities/:id', `/entities/${ids.entity}`)
    .replace('/assets/:id', `/assets/${ids.asset}`)
    .replace(':eventId', '1')
    .replace(':id', '1');
}

// Every route × every role: a role without the route's permission gets 403 (401 when not logged in),
// a role with it never does. Routes are read from the app itself, so a new route is covered automatically.
for (const d of dialects()) {
  describe(`authorization matrix on ${d.name}`, () => {
    let env: TestEnv;
    const cookies = new Map<string, string>();
    let ids = { entity: 0, asset: 0 };
    before(async () => {
      env = await startEnv(d);
      const access = { canReadPrivate: true, canWriteAll: true, canWriteOwn: true };
      const e = await env.ctx.registry.createEntity(SYSTEM_ACTOR, {
        uscc: USCC.a,
        name: '上海授权测试科技有限公司',
        kind: 'enterprise',
        streetCode: STREET.田林街道,
      });
      const a = await env.ctx.registry.createAsset(SYSTEM_ACTOR, access, {
        kind: 'patent',
        office: 'CN',
        applicationNumber: '202010933716.2',
        applicants: [{ name: e.name, uscc: USCC.a }],
      });
      ids = { entity: e.id, asset: a.id };
      for (const role of ROLES) {
        if (role === 'public') continue;
        await env.ctx.auth.createUser(SYSTEM_ACTOR, {
          username: `u_${role}`,
          password: PASSWORD,
          displayName: role,
          role,
          entityId: role === 'enterprise' ? e.id : null,
        });
        cookies.set(role, await env.login(`u_${role}`, PASSWORD));
      }
    });
    after(async () => env.close());

    test('every API route declares its rights', () => {
      assert.ok(env.app.routeList.length >= 25, `only ${env.app.routeList.length} routes seen`);
    });

    test('each route answers each role as its rights say', async () => {
      const failures: string[] = [];
      let checked = 0;
      for (const r of env.app.routeList) {
        for (const role of ROLES) {
          const headers: Record<string, string> = {};
          const cookie = cookies.get(role);
          if (cookie) headers.cookie = cookie;
          const url = concrete(r.url, ids);
          const res = await env.app.inject({
            method: r.method as 'GET',
            url,
            headers,
            ...(['POST', 'PUT', 'PATCH'].includes(r.method) ? { payload: {} } : {}),
          });
          const allowed = r.public || r.permissions.some((p) => env.ctx.auth.can(role, p));
          checked++;
          if (allowed && (res.statusCode === 401 || res.statusCode === 403))
            failures.push(`${role} ${r.method} ${url}: ${res.statusCode} but allowed`);
          if (!allowed && res.statusCode !== (role === 'public' ? 401 : 403))
            failures.push(`${role} ${r.method} ${url}: ${res.statusCode} but should be refused`);
          if (res.statusCode >= 500)
            failures.push(`${role} ${r.method} ${url}: ${res.statusCode} ${res.body}`);
          if (url === '/api/v1/auth/logout' && cookie)
            cookies.set(role, await env.login(`u_${role}`, PASSWORD));
        }
      }
      assert.deepEqual(failures, []);
      assert.equal(checked, env.app.routeList.length * ROLES.length);
    });

    test('an enterprise user sees its own private data only', async () => {
      const other = await env.ctx.registry.createEntity(SYSTEM_ACTOR, {
        uscc: USCC.b,
        name: '上海另一家科技有限公司',
        kind: 'enterprise',
        contactPhone: '021-12345678',
      });
      await env.ctx.registry.updateEntity(
        SYSTEM_ACTOR,
        { canReadPrivate: true, canWriteAll: true, canWriteOwn: true },
        ids.entity,
        {
          contactPhone: '021-87654321',
        },
      );
      const ent = cookies.get('enterprise')!;
      const own = (
        await env.app.inject({
          method: 'GET',
          url: `/api/v1/entities/${ids.entity}`,
          headers: { cookie: ent },
        })
      ).json();
      assert.equal(own.contactPhone, '021-87654321');
      const theirs = (
        await env.app.inject({ method: 'GET', url: `/api/v1/entities/${other.id}`, headers: { cookie: ent } })
      ).json();
      assert.equal('contactPhone' in theirs, false);
      const staff = (
        await env.app.inject({
          method: 'GET',
          url: `/api/v1/entities/${other.id}`,
          headers: { cookie: cookies.get('analyst')! },
        })
      ).json();
      assert.equal(staff.contactPhone, '021-12345678');

      const editOther = await env.app.inject({
        method: 'PATCH',
        url: `/api/v1/entities/${other.id}`,
        payload: { address: '篡改' },
        headers: { cookie: ent },
      });
      assert.equal(editOther.statusCode, 403);
      const editOwn = await env.app.inject({
        method: 'PATCH',
        url: `/api/v1/entities/${ids.entity}`,
        payload: { address: '上海市徐汇区田林路1号' },
        headers: { cookie: ent },
      });
      assert.equal(editOwn.statusCode, 200, editOwn.body);
      const changeUscc = await env.app.inject({
        method: 'PATCH',
        url: `/api/v1/entities/${ids.entity}`,
        payload: { uscc: USCC.c },
        headers: { cookie: ent },
      });
      assert.equal(changeUscc.statusCode, 403);
    });

    test('a confidential asset is hidden from other enterprises and the public', async () => {
      const access = { canReadPrivate: true, canWriteAll: true, canWriteOwn: true };
      const secret = await env.ctx.registry.createAsset(
        SYSTEM_ACTOR,
        access,
        {
          kind: 'patent',
          office: 'CN',
          applicationNumber: '201210581535.3',
          applicants: [{ name: '上海另一家科技有限公司', uscc: USCC.b }],
        },
        true,
      );
      const ent = cookies.get('enterprise')!;
      const res = await env.app.inject({
        method: 'GET',
        url: `/api/v1/assets/${secret.id}`,
        headers: { cookie: ent },
      });
      assert.equal(res.statusCode, 404);
      const list = (
        await env.app.inject({ method: 'GET', url: '/api/v1/assets', headers: { cookie: ent } })
      ).json();
      assert.equal(
        list.items.some((a: { id: number }) => a.id === secret.id),
        false,
      );
      const staff = await env.app.inject({
        method: 'GET',
        url: `/api/v1/assets/${secret.id}`,
        headers: { cookie: cookies.get('analyst')! },
      });
      assert.equal(staff.statusCode, 200);
      const anon = await env.app.inject({ method: 'GET', url: `/api/v1/assets/${secret.id}` });
      assert.equal(anon.statusCode, 401);
    });
  });
}
