import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cnAppNoCheckChar } from '../../src/domain/ids/cn-appno.ts';
import { SYSTEM_ACTOR } from '../../src/modules/audit/audit.service.ts';
import { dialects, startEnv, type TestEnv } from '../helpers.ts';

const CLI = path.resolve(import.meta.dirname, '../../bin/zhihui.js');

for (const d of dialects()) {
  describe(`lifecycle API on ${d.name}`, () => {
    let env: TestEnv;
    let admin: string;
    let id = 0;
    before(async () => {
      env = await startEnv(d);
      admin = await env.login('admin');
      // domain-rules §3.4 guideline example: filed 1997-06-03, grant announced 2001-08-01
      const res = await env.app.inject({
        method: 'POST',
        url: '/api/v1/assets',
        headers: { cookie: admin },
        payload: {
          kind: 'patent',
          applicationNumber: '97101765.4',
          filingDate: '1997-06-03',
          grantDate: '2001-08-01',
          title: '审查指南示例',
          applicants: [{ name: '上海示例有限公司' }],
        },
      });
      assert.equal(res.statusCode, 201, res.body);
      id = res.json().id;
    });
    after(async () => env.close());

    const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
      env.app.inject({ method, url, headers: { cookie: admin }, ...(payload ? { payload } : {}) });
    type Row = { patentYear: number } & Record<string, unknown>;
    const year = (s: { deadlines: Row[] }, n: number): Row => s.deadlines.find((x) => x.patentYear === n)!;

    test('the year-6 fee of the guideline example is due 2002-06-03, 1200 yuan', async () => {
      const res = await call('GET', `/api/v1/assets/${id}/deadlines?asOf=2002-05-01`);
      assert.equal(res.statusCode, 200, res.body);
      const s = res.json();
      const y5 = year(s, 5);
      assert.equal(y5.grantYearFee, true);
      const y6 = year(s, 6);
      assert.deepEqual(
        [y6.dueDate, y6.amount, y6.reducedAmount, y6.state],
        ['2002-06-03', 1200, 1200, 'open'],
      );
      assert.equal(y6.graceEnd, '2002-12-03');
      assert.equal(year(s, 7).amount, 2000);
      assert.equal(year(s, 20).amount, 8000);
      assert.equal(Math.max(...s.deadlines.map((x: { patentYear: number }) => x.patentYear)), 20);
    });

    test('a payment in the grace period owes the late fee on the full fee; short payment is refused', async () => {
      // paid 2002-08-10: more than 2 months after 2002-06-03, at most 3 → 10 % of 1200 (§3.4 table)
      const short = await call('POST', `/api/v1/assets/${id}/payments`, {
        patentYear: 6,
        paidOn: '2002-08-10',
        amount: 1200,
      });
      assert.equal(short.statusCode, 400);
      assert.equal(short.json().errors[0].field, 'amount');
      const ok = await call('POST', `/api/v1/assets/${id}/payments`, {
        patentYear: 6,
        paidOn: '2002-08-10',
        amount: 1320,
      });
      assert.equal(ok.statusCode, 201, ok.body);
      const y6 = year(ok.json(), 6);
      assert.deepEqual([y6.state, y6.paidOn, y6.paidAmount], ['paid', '2002-08-10', 1320]);
      const twice = await call('POST', `/api/v1/assets/${id}/payments`, {
        patentYear: 6,
        paidOn: '2002-08-11',
        amount: 1320,
      });
      assert.equal(twice.statusCode, 409);
    });

    test('after the grace end a payment is refused until a restoration is recorded; status follows the events', async () => {
      // year 7 due 2003-06-03, grace to 2003-12-03
      const late = await call('POST', `/api/v1/assets/${id}/payments`, {
        patentYear: 7,
        paidOn: '2004-01-10',
        amount: 2500,
      });
      assert.equal(late.statusCode, 400);
      assert.equal(late.json().errors[0].field, 'patentYear');
      const cf = await call('POST', `/api/v1/assets/${id}/events`, { code: 'CF01', date: '2004-01-02' });
      assert.equal(cf.statusCode, 201, cf.body);
      assert.equal(cf.json().status, 'terminated');
      const rr = await call('POST', `/api/v1/assets/${id}/events`, { code: 'RR01', date: '2004-01-08' });
      // restored in 2004; the 20-year term then ended on 2017-06-02, so today the right is expired
      assert.equal(rr.json().status, 'expired');
      const paid = await call('POST', `/api/v1/assets/${id}/payments`, {
        patentYear: 7,
        paidOn: '2004-01-10',
        amount: 2500,
      });
      assert.equal(paid.statusCode, 201, paid.body);
      assert.equal(year(paid.json(), 7).state, 'paid');
      // a wrongly recorded event is removed and the status re-derived
      const evs = (await call('GET', `/api/v1/assets/${id}`)).json().events as { code: string }[];
      assert.deepEqual(
        evs.map((e) => e.code),
        ['CF01', 'RR01'],
      );
    });

    test('the fee reduction (费减备案) applies to fees due after it is recorded', async () => {
      const bad = await call('PUT', `/api/v1/assets/${id}/reduction`, {
        rate: 0.5,
        recordedOn: '2016-09-01',
      });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().errors[0].field, 'rate');
      const res = await call('PUT', `/api/v1/assets/${id}/reduction`, {
        rate: 0.85,
        recordedOn: '2016-09-01',
      });
      assert.equal(res.statusCode, 200, res.body);
      // year 20 is due 2016-06-03, before the 2016-09-01 policy: full fee
      assert.equal(year(res.json(), 20).reducedAmount, 8000);
    });

    test('the region-wide list and the recompute job', async () => {
      const r = await call('POST', '/api/v1/deadlines/recompute');
      assert.equal(r.statusCode, 200);
      // years 6 and 7 are paid; year 8 (due 2004-06-03) was never paid: it is the one stored, as missed,
      // and the years after a lapse are no longer owed
      assert.equal(r.json().deadlines, 1);
      const list = await call('GET', `/api/v1/deadlines?state=missed&kind=annual_fee`);
      assert.equal(list.statusCode, 200);
      assert.deepEqual(
        list.json().items.map((x: { period: number; dueDate: string }) => [x.period, x.dueDate]),
        [[8, '2004-06-03']],
      );
      assert.equal(list.json().items[0].asset.number, '97101765.4');
    });

    test('an entity calendar feed behind an unguessable token lists its coming deadlines', async () => {
      const ent = await call('POST', '/api/v1/entities', {
        uscc: '91320621MA1MRHG205',
        name: '上海日历测试有限公司',
        kind: 'enterprise',
      });
      assert.equal(ent.statusCode, 201, ent.body);
      // a utility model filed 2020-08-14, granted 2025-12-01 (year 6 paid at registration): year 7 fell due on
      // 2026-08-14 and is in its grace period; years 8–10 come after
      // 202020933716.8: check character computed by the ZC 0006-2003 rule (cnAppNoCheckChar)
      const res = await call('POST', '/api/v1/assets', {
        kind: 'patent',
        applicationNumber: '202020933716.8',
        filingDate: '2020-08-14',
        grantDate: '2025-12-01',
        title: '日历测试装置',
        applicants: [{ name: '上海日历测试有限公司' }],
      });
      assert.equal(res.statusCode, 201, res.body);
      const tok = await call('POST', `/api/v1/entities/${ent.json().id}/calendar-token`);
      assert.equal(tok.statusCode, 201);
      const feed = await env.app.inject({ method: 'GET', url: tok.json().path });
      assert.equal(feed.statusCode, 200);
      assert.match(feed.headers['content-type'] as string, /text\/calendar/);
      assert.match(feed.body, /BEGIN:VCALENDAR/);
      assert.match(feed.body, /SUMMARY:第\d+年年费 \d+元 · 202020933716\./);
      const again = await call('POST', `/api/v1/entities/${ent.json().id}/calendar-token`);
      assert.equal(
        (await env.app.inject({ method: 'GET', url: tok.json().path })).statusCode,
        404,
        'the old address is revoked',
      );
      assert.equal((await env.app.inject({ method: 'GET', url: again.json().path })).statusCode, 200);
    });

    test('an import recomputes the deadlines of the rights it inserted, not the whole region', async () => {
      const db = env.ctx.database.db;
      await db.deleteFrom('deadline').execute();
      // a utility model filed 2021-03-01, granted 2023-05-10 (year 3 paid at registration): the year-4 fee
      // (900, §3.2) was due 2024-03-01 and its grace ended 2024-09-01, a Sunday → 2024-09-02: missed
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'zhihui-lc-')), 'one.jsonl');
      fs.writeFileSync(
        file,
        JSON.stringify({
          kind: 'patent',
          office: 'CN',
          patentType: 'utility_model',
          applicationNumber: `202120456789.${cnAppNoCheckChar('202120456789')}`,
          filingDate: '2021-03-01',
          grantDate: '2023-05-10',
          title: '增量重算测试装置',
          applicants: [{ name: '上海增量测试有限公司' }],
        }) + '\n',
      );
      const s = await env.ctx.imports.importFile({ ...SYSTEM_ACTOR, name: 'test' }, file);
      assert.equal(s.inserted, 1, JSON.stringify(s));
      const [asset] = await env.ctx.registry.idsByNumber('202120456789');
      const rows = await db
        .selectFrom('deadline')
        .select(['asset_id', 'kind', 'period', 'due_date', 'amount', 'reduced_amount', 'grace_end', 'state'])
        .execute();
      assert.deepEqual(
        rows.map((r) => ({ ...r, asset_id: Number(r.asset_id) })),
        [
          {
            asset_id: asset,
            kind: 'annual_fee',
            period: 4,
            due_date: '2024-03-01',
            amount: 900,
            reduced_amount: 900,
            grace_end: '2024-09-02',
            state: 'missed',
          },
        ],
        'only the imported right was recomputed',
      );
    });

    test('bulk payments: one refused payment refuses the batch, naming it; a good batch is stored whole', async () => {
      const [asset] = await env.ctx.registry.idsByNumber('202120456789');
      const all = { canReadPrivate: true, canWriteAll: true, canWriteOwn: true };
      const actor = { ...SYSTEM_ACTOR, name: 'test' };
      const count = async () =>
        Number(
          (
            await env.ctx.database.db
              .selectFrom('fee_payment')
              .select((eb) => eb.fn.countAll().as('n'))
              .where('asset_id', '=', asset!)
              .executeTakeFirstOrThrow()
          ).n,
        );
      // year 4 (900, due 2024-03-01) paid on the day; year 5 (900, due 2025-03-01, a Saturday → 03-03)
      const good = [
        { assetId: asset!, patentYear: 4, paidOn: '2024-03-01', amount: 900 },
        { assetId: asset!, patentYear: 5, paidOn: '2025-03-03', amount: 900 },
      ];
      await assert.rejects(
        env.ctx.lifecycle.recordPayments(actor, all, [good[0]!, { ...good[1]!, amount: 899 }]),
        (e: { code: string; errors: { field: string }[] }) =>
          e.code === 'UNDERPAID' && e.errors[0]!.field === 'payments[1].amount',
      );
      assert.equal(await count(), 0, 'nothing of the refused batch was stored');
      const ok = await env.ctx.lifecycle.recordPayments(actor, all, good);
      assert.deepEqual(ok, { recorded: 2, refused: [] });
      assert.equal(await count(), 2);
      const again = await env.ctx.lifecycle.recordPayments(actor, all, good, { skipRefused: true });
      assert.deepEqual(
        again.refused.map((r) => [r.index, r.code]),
        [[0, 'ALREADY_PAID']],
        'a refused payment skips the later ones of the same right',
      );
      assert.equal(again.recorded, 0);
    });

    if (d.name === 'sqlite')
      test('zhihui deadlines <number> --json prints the schedule of the right', () => {
        const out = execFileSync(
          process.execPath,
          [CLI, 'deadlines', 'CN97101765.4', '--json', '--db', env.ctx.database.url],
          { encoding: 'utf8' },
        );
        const rows = JSON.parse(out) as Record<string, unknown>[];
        const y6 = rows.find((x) => x.patentYear === 6)!;
        for (const k of ['kind', 'patentYear', 'dueDate', 'amount', 'reducedAmount', 'graceEnd', 'state'])
          assert.ok(k in y6, k);
        assert.deepEqual([y6.dueDate, y6.amount, y6.state], ['2002-06-03', 1200, 'paid']);
      });
  });
}
