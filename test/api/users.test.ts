import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialects, startEnv, type TestEnv } from '../helpers.ts';

for (const d of dialects()) {
  describe(`users and their e-mail addresses (${d.name})`, () => {
    let env: TestEnv;
    let admin: string;
    before(async () => {
      env = await startEnv(d);
      admin = await env.login('admin');
    });
    after(() => env.close());

    test('a user is created with an e-mail address and the address can be changed and cleared', async () => {
      const res = await env.app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: { cookie: admin },
        payload: {
          username: 'li.analyst',
          password: 'long-enough-pw',
          role: 'analyst',
          email: 'li@xuhui.test',
        },
      });
      assert.equal(res.statusCode, 201, res.body);
      const u = res.json<{ id: number; email: string | null }>();
      assert.equal(u.email, 'li@xuhui.test');
      const patched = await env.app.inject({
        method: 'PATCH',
        url: `/api/v1/users/${u.id}`,
        headers: { cookie: admin },
        payload: { email: 'li.new@xuhui.test' },
      });
      assert.equal(patched.json<{ email: string }>().email, 'li.new@xuhui.test');
      const cleared = await env.app.inject({
        method: 'PATCH',
        url: `/api/v1/users/${u.id}`,
        headers: { cookie: admin },
        payload: { email: null },
      });
      assert.equal(cleared.json<{ email: string | null }>().email, null);
    });

    test('an address that is not an e-mail address is refused, naming the field, and no user is created', async () => {
      const res = await env.app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: { cookie: admin },
        payload: { username: 'wang', password: 'long-enough-pw', role: 'analyst', email: 'wang at xuhui' },
      });
      assert.equal(res.statusCode, 400);
      const body = res.json<{ errors: { field: string; reason: string }[] }>();
      assert.deepEqual(
        body.errors.map((e) => e.field),
        ['email'],
      );
      const list = await env.app.inject({ method: 'GET', url: '/api/v1/users', headers: { cookie: admin } });
      assert.equal(
        list.json<{ username: string }[]>().some((x) => x.username === 'wang'),
        false,
      );
    });
  });
}
