import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { checkUscc } from '../../src/domain/ids/uscc.ts';
import { DemoService } from '../../src/modules/demo/demo.service.ts';
import { SYSTEM_ACTOR } from '../../src/modules/audit/audit.service.ts';
import { dialects, startEnv, type TestEnv } from '../helpers.ts';

const all = { canReadPrivate: true, canWriteAll: true, canWriteOwn: true };

describe('demo district (SQLite)', () => {
  let env: TestEnv;
  before(async () => {
    env = await startEnv(dialects()[0]!);
  });
  after(async () => env.close());

  test('loads Xuhui: 13 streets, entities with valid USCCs, the 9,740 real CN patents, trademarks, copyrights', async () => {
    const r = await new DemoService(env.ctx).load({ password: 'demo-password-1' });
    assert.equal(r.entities, 240);
    // the 9,740 real CN patents of the dataset plus generated granted ones with dates and fee payments
    assert.ok(r.patents > 9740, String(r.patents));
    assert.ok(r.trademarks > 240 && r.copyrights > 0);
    assert.deepEqual(r.users.sort(), ['analyst', 'bank', 'enterprise', 'mediator', 'member', 'officer']);

    const streets = await env.ctx.registry.streets('310104');
    assert.equal(streets.length, 13);
    assert.ok(streets.some((s) => s.name === '漕河泾街道') && streets.some((s) => s.name === '华泾镇'));

    const ents = await env.ctx.registry.listEntities(SYSTEM_ACTOR, all, { limit: 500 });
    assert.equal(ents.total, 240);
    for (const e of ents.items) {
      assert.equal(e.isDemo, true);
      assert.ok(checkUscc(e.uscc!).ok, e.uscc!);
      assert.equal(e.uscc!.slice(2, 8), '310104');
      assert.ok(streets.some((s) => s.code === e.streetCode));
    }
    const patents = await env.ctx.registry.listAssets(SYSTEM_ACTOR, all, {
      kind: 'patent',
      limit: 1,
      q: 'CN114081026A',
    });
    assert.equal(patents.items[0]?.title, '一种水电站高压输电线路驱鸟保护装置');
    assert.equal(patents.items[0]?.isDemo, true);
    assert.ok(patents.items[0]!.owners[0]!.entityId !== null);

    const year = Number(new Date().toISOString().slice(0, 4));
    const published = await env.ctx.snapshots.publicIndicators('310104');
    assert.deepEqual(
      published.map((p) => [p.period, p.version]).sort(),
      [
        [String(year - 2), 1],
        [String(year - 1), 1],
      ],
      'the demo publishes the last two full years',
    );

    const again = await new DemoService(env.ctx).load({ password: 'demo-password-1' });
    assert.equal(
      (await env.ctx.snapshots.publicIndicators('310104')).length,
      2,
      'a reload publishes nothing new',
    );
    assert.deepEqual(again.users, [], 'loading twice adds nothing');
    assert.equal((await env.ctx.registry.listEntities(SYSTEM_ACTOR, all, { limit: 1 })).total, 240);
    assert.equal(
      (await env.ctx.registry.listAssets(SYSTEM_ACTOR, all, { kind: 'patent', limit: 1 })).total,
      r.patents,
    );
    const fees = await env.ctx.lifecycle.listDeadlines(SYSTEM_ACTOR, all, {
      state: ['open', 'not_yet_due'],
      kind: 'annual_fee',
      limit: 5,
      offset: 0,
    });
    assert.ok(fees.total > 0, 'the generated granted patents have coming annual fees');

    const login = await env.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'enterprise', password: 'demo-password-1' },
    });
    assert.equal(login.statusCode, 200);
    assert.ok(login.json().user.entityId > 0);
  });
});
