import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { createContext, type AppContext } from '../../src/context.ts';
import { dateIn, JobsService, type JobDefinition } from '../../src/modules/jobs/jobs.service.ts';
import { dialects, startEnv, type TestEnv } from '../helpers.ts';

const CLI = path.resolve(import.meta.dirname, '../../bin/zhihui.js');

/** A job that counts its runs and takes a moment, so concurrent claims overlap. */
function counting(name: string, runs: Date[]): JobDefinition {
  return {
    name,
    cron: '0 2 * * *',
    title: { zh: '测试', en: 'test' },
    run: async (at) => {
      runs.push(at);
      await delay(50);
      return 1;
    },
  };
}

for (const d of dialects()) {
  describe(`scheduled jobs on ${d.name}`, () => {
    let env: TestEnv;
    let second: AppContext;
    before(async () => {
      env = await startEnv(d);
      second = await createContext(env.ctx.database.url);
    });
    after(async () => {
      await second.close();
      await env.close();
    });

    test('the run date of a slot is its date in Asia/Shanghai', () => {
      // 02:00 in Shanghai on 2026-11-26 is 18:00 UTC the day before
      assert.equal(dateIn(new Date('2026-11-25T18:00:00Z')), '2026-11-26');
    });

    test('two instances racing for one slot: it runs exactly once', async () => {
      const runs: Date[] = [];
      const a = new JobsService(env.ctx.database, env.ctx.audit);
      const b = new JobsService(second.database, second.audit);
      a.register(counting('race', runs));
      b.register(counting('race', runs));
      const slot = new Date('2026-11-25T18:00:00Z');
      const results = await Promise.all([
        a.runSlot('race', slot, 'schedule'),
        b.runSlot('race', slot, 'schedule'),
        a.runSlot('race', slot, 'schedule'),
      ]);
      assert.equal(runs.length, 1);
      assert.equal(results.filter((r) => r !== undefined).length, 1);
      const done = results.find((r) => r !== undefined)!;
      assert.deepEqual(
        [done.status, done.trigger, done.slot, done.items],
        ['done', 'schedule', '2026-11-25T18:00:00.000Z', 1],
      );
    });

    test('catch-up at start runs the latest missed slot once, and never again after a restart', async () => {
      const runs: Date[] = [];
      const first = new JobsService(env.ctx.database, env.ctx.audit);
      first.register(counting('nightly', runs));
      // started at 08:00 Shanghai on 2026-11-26 after being down for three nights: only 02:00 that day runs
      const r = await first.catchUp(new Date('2026-11-26T00:00:00Z'));
      assert.deepEqual(
        r.map((x) => [x.job, x.trigger, x.slot]),
        [['nightly', 'catch-up', '2026-11-25T18:00:00.000Z']],
      );
      assert.deepEqual(
        runs.map((x) => x.toISOString()),
        ['2026-11-25T18:00:00.000Z'],
      );
      const restarted = new JobsService(second.database, second.audit);
      restarted.register(counting('nightly', runs));
      assert.deepEqual(await restarted.catchUp(new Date('2026-11-26T09:00:00Z')), []);
      const later = await restarted.catchUp(new Date('2026-11-29T03:00:00Z'));
      assert.deepEqual(
        later.map((x) => x.slot),
        ['2026-11-28T18:00:00.000Z'],
      );
      assert.equal(runs.length, 2);
    });

    test('started, the timer runs each slot once and records it as scheduled', async () => {
      const runs: Date[] = [];
      const svc = new JobsService(env.ctx.database, env.ctx.audit);
      svc.register({ ...counting('every-second', runs), cron: '* * * * * *' });
      const caughtUp = await svc.start();
      assert.deepEqual(
        caughtUp.map((r) => r.trigger),
        ['catch-up'],
      );
      await delay(2300);
      svc.stop();
      await delay(100);
      const recorded = await env.ctx.database.db
        .selectFrom('job_run')
        .select(['slot', 'trigger', 'status'])
        .where('job', '=', 'every-second')
        .execute();
      const scheduled = recorded.filter((r) => r.trigger === 'schedule');
      assert.ok(scheduled.length >= 1, JSON.stringify(recorded));
      assert.ok(
        scheduled.every((r) => r.status === 'done' && /T\d{2}:\d{2}:\d{2}\.000Z$/.test(r.slot!)),
        JSON.stringify(scheduled),
      );
      assert.equal(new Set(recorded.map((r) => r.slot)).size, recorded.length, 'no slot twice');
      assert.equal(runs.length, recorded.length);
    });

    test('a failing run is recorded with its error', async () => {
      const svc = new JobsService(env.ctx.database, env.ctx.audit);
      svc.register({
        name: 'broken',
        cron: '0 3 * * *',
        title: { zh: '坏', en: 'broken' },
        run: () => Promise.reject(new Error('the source is unreachable')),
      });
      const r = await svc.runSlot('broken', new Date('2026-11-25T19:00:00Z'), 'schedule');
      assert.deepEqual([r?.status, r?.error, r?.items], ['failed', 'the source is unreachable', 0]);
    });

    test('admin API: the platform jobs with their schedules, run now, runs; staff without jobs:manage are refused', async () => {
      const admin = await env.login('admin');
      const list = await env.app.inject({ method: 'GET', url: '/api/v1/jobs', headers: { cookie: admin } });
      assert.equal(list.statusCode, 200, list.body);
      const jobs = list.json().items as { name: string; cron: string; timeZone: string; nextRun: string }[];
      assert.deepEqual(
        jobs.map((j) => [j.name, j.cron, j.timeZone]),
        [
          ['deadlines-recompute', '0 2 * * *', 'Asia/Shanghai'],
          ['reminders', '0 8 * * *', 'Asia/Shanghai'],
          ['saved-search-digest', '30 7 * * *', 'Asia/Shanghai'],
          ['indicator-snapshots', '0 3 * * *', 'Asia/Shanghai'],
        ],
      );
      assert.match(jobs[0]!.nextRun, /T18:00:00\.000Z$/, '02:00 in Shanghai');
      const run = await env.app.inject({
        method: 'POST',
        url: '/api/v1/jobs/deadlines-recompute/run',
        headers: { cookie: admin },
      });
      assert.equal(run.statusCode, 200, run.body);
      assert.deepEqual([run.json().status, run.json().trigger, run.json().slot], ['done', 'manual', null]);
      const runs = await env.app.inject({
        method: 'GET',
        url: '/api/v1/jobs/deadlines-recompute/runs',
        headers: { cookie: admin },
      });
      assert.equal(runs.json().items[0].id, run.json().id);
      const unknown = await env.app.inject({
        method: 'POST',
        url: '/api/v1/jobs/nope/run',
        headers: { cookie: admin },
      });
      assert.equal(unknown.statusCode, 404);
      assert.equal(unknown.json().errors[0].field, 'name');
      await env.ctx.auth.createUser(
        { id: null, name: 'system', role: 'admin', entityId: null },
        {
          username: 'analyst2',
          password: 'analyst-password-1',
          displayName: 'a',
          role: 'analyst',
          entityId: null,
        },
      );
      const analyst = await env.login('analyst2', 'analyst-password-1');
      const refused = await env.app.inject({
        method: 'GET',
        url: '/api/v1/jobs',
        headers: { cookie: analyst },
      });
      assert.equal(refused.statusCode, 403);
    });

    if (d.name === 'sqlite')
      test('zhihui jobs list / jobs run <name>', () => {
        const list = execFileSync(process.execPath, [CLI, 'jobs', 'list', '--db', env.ctx.database.url], {
          encoding: 'utf8',
        });
        assert.match(list, /^deadlines-recompute\s+0 2 \* \* \*\s+Asia\/Shanghai/m);
        assert.match(list, /^reminders\s+0 8 \* \* \*\s+Asia\/Shanghai/m);
        const run = execFileSync(
          process.execPath,
          [CLI, 'jobs', 'run', 'reminders', '--db', env.ctx.database.url],
          {
            encoding: 'utf8',
          },
        );
        assert.match(run, /^reminders: done, 0 items/m);
      });
  });
}
