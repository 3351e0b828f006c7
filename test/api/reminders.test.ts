import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createContext, DEFAULT_REGION, type AppContext } from '../../src/context.ts';
import { buildApp, type App } from '../../src/http/app.ts';
import { createMailer } from '../../src/mail/mailer.ts';
import { SYSTEM_ACTOR } from '../../src/modules/audit/audit.service.ts';
import { ADMIN_PASSWORD, dialects, USCC } from '../helpers.ts';
import { startSmtpSink, type SmtpSink } from '../smtp-sink.ts';

const PASSWORD = 'reminder-password-1';
const FULL = { canReadPrivate: true, canWriteAll: true, canWriteOwn: true };
/** nothing listens on port 1: every e-mail fails with ECONNREFUSED */
const DEAD_SMTP = 'smtp://127.0.0.1:1?ignoreTLS=true';

// The domain-rules §3.4 worked example: an invention filed 1997-06-03, grant announced 2001-08-01. Its year-6
// annual fee (1200 yuan) is due 2002-06-03 with the grace period to 2002-12-03; lead-90 falls on 2002-03-05.
for (const d of dialects()) {
  describe(`reminders and notifications on ${d.name}`, () => {
    let sink: SmtpSink;
    let db: { url: string; drop(): Promise<void> };
    let ctx: AppContext;
    let app: App;
    let assetId = 0;
    const entity = { a: 0, b: 0 };

    /** (Re)open the platform on the same database, as after a restart, with the given SMTP server. */
    async function open(smtpUrl: string): Promise<void> {
      ctx = await createContext(db.url, { mailer: createMailer(smtpUrl, 'zhihui@xuhui.test') });
      app = await buildApp(ctx, { serveWeb: false });
      await app.ready();
    }
    async function shut(): Promise<void> {
      await app.close();
      await ctx.close();
    }
    async function login(username: string, password = PASSWORD): Promise<string> {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username, password },
      });
      assert.equal(res.statusCode, 200, res.body);
      return `zhihui_session=${res.cookies.find((c) => c.name === 'zhihui_session')!.value}`;
    }
    const notificationCount = async (): Promise<number> => {
      const r = await ctx.database.db
        .selectFrom('notification')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(r.n);
    };

    before(async () => {
      sink = await startSmtpSink();
      db = await d.create();
      await open(DEAD_SMTP);
      await ctx.reference.ensureRegionProfile(DEFAULT_REGION, true);
      await ctx.auth.ensureAdmin(ADMIN_PASSWORD);
      const a = await ctx.registry.createEntity(SYSTEM_ACTOR, {
        uscc: USCC.a,
        name: '上海示例有限公司',
        kind: 'enterprise',
      });
      const b = await ctx.registry.createEntity(SYSTEM_ACTOR, {
        uscc: USCC.b,
        name: '上海另一家科技有限公司',
        kind: 'enterprise',
      });
      entity.a = a.id;
      entity.b = b.id;
      const asset = await ctx.registry.createAsset(SYSTEM_ACTOR, FULL, {
        kind: 'patent',
        office: 'CN',
        applicationNumber: '97101765.4',
        filingDate: '1997-06-03',
        grantDate: '2001-08-01',
        title: '审查指南示例',
        applicants: [{ name: '上海示例有限公司', uscc: USCC.a }],
      });
      assetId = asset.id;
      const users = [
        { username: 'ent_a', role: 'enterprise', entityId: a.id, email: 'enterprise@demo.zhihui.test' },
        { username: 'ent_b', role: 'enterprise', entityId: b.id, email: 'other@demo.zhihui.test' },
        { username: 'analyst1', role: 'analyst', entityId: null, email: 'analyst@demo.zhihui.test' },
      ];
      for (const u of users)
        await ctx.auth.createUser(SYSTEM_ACTOR, {
          ...u,
          password: PASSWORD,
          displayName: `用户${u.username}`,
        });
      await ctx.lifecycle.recompute(undefined, '2002-03-05');
    });
    after(async () => {
      await shut();
      await db.drop();
      await sink.close();
    });

    test('lead-90 on 2002-03-05: an in-app notification; the refused e-mail is recorded as failed', async () => {
      const r = await ctx.notifications.runReminders('2002-03-05');
      assert.deepEqual(r, { today: '2002-03-05', due: 1, notifications: 1, emails: 0, emailFailures: 1 });
      const sent = await ctx.database.db
        .selectFrom('reminder_sent')
        .select(['occasion', 'channel', 'status', 'error', 'period', 'deadline_kind'])
        .orderBy('channel')
        .execute();
      assert.deepEqual(
        sent.map((s) => [s.deadline_kind, s.period, s.occasion, s.channel, s.status]),
        [
          ['annual_fee', 6, 'lead-90', 'email', 'failed'],
          ['annual_fee', 6, 'lead-90', 'in_app', 'sent'],
        ],
      );
      assert.match(sent[0]!.error ?? '', /ECONNREFUSED|connect/i);
      assert.equal(sink.messages.length, 0);
    });

    test('after a restart the failed e-mail is retried once; the digest has the exact fee', async () => {
      await shut();
      await open(sink.url);
      const r = await ctx.notifications.runReminders('2002-03-06');
      assert.deepEqual(r, { today: '2002-03-06', due: 1, notifications: 0, emails: 1, emailFailures: 0 });
      assert.equal(sink.messages.length, 1);
      const m = sink.messages[0]!;
      assert.deepEqual(m.to, ['enterprise@demo.zhihui.test']);
      assert.equal(m.subject, '【知汇】知识产权期限提醒：1 项（2002-03-06） / IP deadline reminder');
      assert.ok(m.text.includes('1. 专利 97101765.4《审查指南示例》'), m.text);
      assert.ok(m.text.includes('事项：第6年年费'), m.text);
      assert.ok(m.text.includes('权利人：上海示例有限公司'), m.text);
      assert.ok(m.text.includes('缴费期限：2002-06-03（还有 89 天）'), m.text);
      assert.ok(m.text.includes('应缴金额：全额 1200 元'), m.text);
      assert.ok(m.text.includes(`查看：http://127.0.0.1:8080/assets/${assetId}`), m.text);
      const row = await ctx.database.db
        .selectFrom('reminder_sent')
        .select(['status', 'attempts', 'error'])
        .where('channel', '=', 'email')
        .executeTakeFirstOrThrow();
      assert.deepEqual([row.status, Number(row.attempts), row.error], ['sent', 2, null]);
    });

    test('no duplicate reminders after a restart: zero new e-mails, zero new notifications', async () => {
      const before = await notificationCount();
      await shut();
      await open(sink.url);
      for (const day of ['2002-03-06', '2002-03-07', '2002-03-12'])
        assert.deepEqual(await ctx.notifications.runReminders(day), {
          today: day,
          due: 1,
          notifications: 0,
          emails: 0,
          emailFailures: 0,
        });
      assert.equal((await ctx.notifications.runReminders('2002-03-13')).due, 0, 'past the 7-day catch-up');
      assert.equal(sink.messages.length, 1);
      assert.equal(await notificationCount(), before);
    });

    test('an enterprise user reads and marks its own notifications; nobody else sees them', async () => {
      const a = await login('ent_a');
      const list = await app.inject({ method: 'GET', url: '/api/v1/notifications', headers: { cookie: a } });
      assert.equal(list.statusCode, 200, list.body);
      const body = list.json();
      assert.equal(body.unread, 1);
      assert.equal(body.items.length, 1);
      assert.equal(body.items[0].title, '第6年年费提醒：专利 97101765.4《审查指南示例》');
      assert.equal(body.items[0].link, `/assets/${assetId}`);
      assert.ok(body.items[0].body.includes('应缴金额：全额 1200 元'));
      const id = body.items[0].id as number;

      const b = await login('ent_b');
      const theirs = await app.inject({
        method: 'GET',
        url: '/api/v1/notifications',
        headers: { cookie: b },
      });
      assert.deepEqual(theirs.json().items, []);
      const steal = await app.inject({
        method: 'POST',
        url: '/api/v1/notifications/read',
        headers: { cookie: b },
        payload: { ids: [id] },
      });
      assert.deepEqual(steal.json(), { updated: 0, unread: 0 });
      const empty = await app.inject({
        method: 'POST',
        url: '/api/v1/notifications/read',
        headers: { cookie: a },
        payload: {},
      });
      assert.equal(empty.statusCode, 400);
      assert.equal(empty.json().errors[0].field, 'ids');

      const mark = await app.inject({
        method: 'POST',
        url: '/api/v1/notifications/read',
        headers: { cookie: a },
        payload: { ids: [id] },
      });
      assert.deepEqual(mark.json(), { updated: 1, unread: 0 });
      const count = await app.inject({
        method: 'GET',
        url: '/api/v1/notifications/unread-count',
        headers: { cookie: a },
      });
      assert.deepEqual(count.json(), { unread: 0 });
    });

    test('reminder settings: own entity only for enterprise users, any for staff; bad input names the field', async () => {
      const a = await login('ent_a');
      const b = await login('ent_b');
      const url = `/api/v1/entities/${entity.a}/reminder-settings`;
      const own = await app.inject({ method: 'GET', url, headers: { cookie: a } });
      assert.equal(own.statusCode, 200, own.body);
      assert.deepEqual(own.json(), {
        entityId: entity.a,
        custom: false,
        updatedAt: null,
        leadDays: [90, 30, 7],
        graceWeekly: true,
        channels: ['email', 'in_app'],
        tracked: false,
      });
      assert.equal((await app.inject({ method: 'GET', url, headers: { cookie: b } })).statusCode, 403);
      const settings = {
        leadDays: [90, 30, 7],
        graceWeekly: true,
        channels: ['email', 'in_app'],
        tracked: true,
      };
      const selfTrack = await app.inject({ method: 'PUT', url, headers: { cookie: a }, payload: settings });
      assert.equal(selfTrack.statusCode, 403);
      assert.equal(selfTrack.json().errors[0].field, 'tracked');
      const dup = await app.inject({
        method: 'PUT',
        url,
        headers: { cookie: a },
        payload: { ...settings, tracked: false, leadDays: [30, 30] },
      });
      assert.equal(dup.statusCode, 400);
      assert.equal(dup.json().errors[0].field, 'leadDays');
      const tooFar = await app.inject({
        method: 'PUT',
        url,
        headers: { cookie: a },
        payload: { ...settings, tracked: false, leadDays: [400] },
      });
      assert.equal(tooFar.statusCode, 400);
      const staff = await login('analyst1');
      const put = await app.inject({ method: 'PUT', url, headers: { cookie: staff }, payload: settings });
      assert.equal(put.statusCode, 200, put.body);
      assert.equal(put.json().tracked, true);
      assert.equal(put.json().custom, true);
    });

    test('in the grace period: weekly, with the late fee of the day; tracked rights reach bureau staff', async () => {
      const mailsBefore = sink.messages.length;
      await ctx.lifecycle.recompute(undefined, '2002-08-10');
      const r = await ctx.notifications.runReminders('2002-08-10');
      // enterprise user (e-mail + in-app), analyst (e-mail + in-app), admin (in-app only: no address)
      assert.deepEqual(r, { today: '2002-08-10', due: 1, notifications: 3, emails: 2, emailFailures: 0 });
      const mails = sink.messages.slice(mailsBefore);
      assert.deepEqual(mails.map((m) => m.to[0]).sort(), [
        'analyst@demo.zhihui.test',
        'enterprise@demo.zhihui.test',
      ]);
      const text = mails[0]!.text;
      assert.ok(text.includes('缴费期限：2002-06-03（已逾期 68 天）'), text);
      assert.ok(text.includes('已进入滞纳期，最迟 2002-12-03 前办理，逾期权利终止'), text);
      // paid 2002-08-10: more than 2 months after the due date, at most 3 → 10 % of 1200 (domain-rules §3.4)
      assert.ok(text.includes('今日缴纳需另付滞纳金 120 元（全额年费的 10%），合计 1320 元'), text);
      const occasions = await ctx.database.db
        .selectFrom('reminder_sent')
        .select('occasion')
        .distinct()
        .where('occasion', 'like', 'grace%')
        .execute();
      assert.deepEqual(
        occasions.map((o) => o.occasion),
        ['grace-week-10'],
      );
      const again = await ctx.notifications.runReminders('2002-08-12');
      assert.deepEqual([again.notifications, again.emails], [0, 0], 'the same week is not sent twice');
      const nextWeek = await ctx.notifications.runReminders('2002-08-13');
      assert.deepEqual([nextWeek.notifications, nextWeek.emails], [3, 2], 'grace-week-11');
    });

    test('a reduced fee shows the full and the reduced amount', async () => {
      // a utility model filed 2020-08-14, granted 2025-12-01, 费减备案 85 % on 2025-12-01: the year-7 fee of
      // 1200 yuan (domain-rules §3.2) is due 2026-08-14 and reduced by 85 % to 180 (§3.3, within 10 years of
      // grant); lead-90 falls on 2026-05-16. 202020933716.8: check character by the ZC 0006-2003 rule.
      const c = await ctx.registry.createEntity(SYSTEM_ACTOR, {
        uscc: USCC.c,
        name: '上海费减测试有限公司',
        kind: 'enterprise',
      });
      const um = await ctx.registry.createAsset(SYSTEM_ACTOR, FULL, {
        kind: 'patent',
        office: 'CN',
        applicationNumber: '202020933716.8',
        filingDate: '2020-08-14',
        grantDate: '2025-12-01',
        title: '费减测试装置',
        applicants: [{ name: '上海费减测试有限公司', uscc: USCC.c }],
      });
      await ctx.lifecycle.setReduction(SYSTEM_ACTOR, FULL, um.id, { rate: 0.85, recordedOn: '2025-12-01' });
      await ctx.auth.createUser(SYSTEM_ACTOR, {
        username: 'ent_c',
        password: PASSWORD,
        displayName: '费减企业',
        role: 'enterprise',
        entityId: c.id,
        email: 'reduced@demo.zhihui.test',
      });
      await ctx.lifecycle.recompute(undefined, '2026-05-16');
      const mailsBefore = sink.messages.length;
      await ctx.notifications.runReminders('2026-05-16');
      const mine = sink.messages.slice(mailsBefore).filter((m) => m.to[0] === 'reduced@demo.zhihui.test');
      assert.equal(mine.length, 1);
      assert.ok(mine[0]!.text.includes('事项：第7年年费'), mine[0]!.text);
      assert.ok(mine[0]!.text.includes('缴费期限：2026-08-14（还有 90 天）'), mine[0]!.text);
      assert.ok(mine[0]!.text.includes('应缴金额：全额 1200 元，费减后 180 元'), mine[0]!.text);
    });
  });
}
