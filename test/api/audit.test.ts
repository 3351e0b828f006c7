import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { SYSTEM_ACTOR } from '../../src/modules/audit/audit.service.ts';
import { dialects, startEnv, USCC, type TestEnv } from '../helpers.ts';

const CLI = path.resolve(import.meta.dirname, '../../bin/zhihui.js');

for (const d of dialects()) {
  describe(`audit chain on ${d.name}`, () => {
    let env: TestEnv;
    before(async () => {
      env = await startEnv(d);
      for (const [i, u] of [USCC.a, USCC.b, USCC.c].entries())
        await env.ctx.registry.createEntity(SYSTEM_ACTOR, {
          uscc: u,
          name: `审计测试${i}有限公司`,
          kind: 'enterprise',
        });
    });
    after(async () => env.close());

    const verify = () => env.ctx.audit.verify(env.ctx.database.db);

    test('the database refuses to change or delete an entry', async () => {
      await assert.rejects(
        sql`UPDATE audit_log SET actor = 'x' WHERE seq = 1`.execute(env.ctx.database.db),
        /append-only/,
      );
      await assert.rejects(
        sql`DELETE FROM audit_log WHERE seq = 1`.execute(env.ctx.database.db),
        /append-only/,
      );
      assert.equal((await verify()).ok, true);
    });

    test('an altered, a deleted and a truncated entry are each detected', async () => {
      const db = env.ctx.database.db;
      const before = await verify();
      assert.equal(before.ok, true);
      assert.equal(before.entries, 4); // admin created + 3 entities
      // Someone with database access drops the guard and edits history.
      if (d.name === 'postgres')
        await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change`.execute(db);
      else {
        await sql`DROP TRIGGER audit_log_no_update`.execute(db);
        await sql`DROP TRIGGER audit_log_no_delete`.execute(db);
      }
      await sql`UPDATE audit_log SET detail = '{"name":"forged"}' WHERE seq = 2`.execute(db);
      let r = await verify();
      assert.equal(r.ok, false);
      assert.deepEqual(r.problems, [
        { seq: 2, problem: 'entry 2 was altered (its hash does not match its content)' },
      ]);

      await sql`DELETE FROM audit_log WHERE seq = 2`.execute(db);
      r = await verify();
      assert.deepEqual(
        r.problems.map((p) => p.seq),
        [2, 3],
      );
      assert.match(r.problems[0]!.problem, /entry 2 is missing/);

      await sql`DELETE FROM audit_log WHERE seq = 4`.execute(db);
      r = await verify();
      assert.ok(
        r.problems.some((p) => /entries 4\.\.4 were deleted from the end/.test(p.problem)),
        JSON.stringify(r.problems),
      );
    });

    if (d.name === 'sqlite')
      test('zhihui audit verify exits 1 and names the entries', () => {
        let out = '';
        let code = 0;
        try {
          out = execFileSync(process.execPath, [CLI, 'audit', 'verify', '--db', env.ctx.database.url], {
            encoding: 'utf8',
          });
        } catch (e) {
          const err = e as { status: number; stdout: string };
          code = err.status;
          out = err.stdout;
        }
        assert.equal(code, 1);
        assert.match(out, /TAMPERED/);
        assert.match(out, /#2: entry 2 is missing/);
      });
  });
}
