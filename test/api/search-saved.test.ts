/**
 * Saved searches on real records (slices of ../shared/datasets/cn-patent-titles-ipc): "new since the last visit"
 * counts, the daily digest's content in a local SMTP sink, and that a digest is sent once per day — also after a
 * restart of the platform on the same database.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createContext, DEFAULT_REGION, type AppContext } from '../../src/context.ts';
import { buildApp, type App } from '../../src/http/app.ts';
import { createMailer } from '../../src/mail/mailer.ts';
import { SYSTEM_ACTOR } from '../../src/modules/audit/audit.service.ts';
import { ADMIN_PASSWORD, dialects } from '../helpers.ts';
import { startSmtpSink, type SmtpSink } from '../smtp-sink.ts';
import { realSlice, type RealPatent } from './search-data.ts';

const PASSWORD = 'saved-search-pass-1';
const DAY1 = new Date('2026-03-02T01:00:00Z'); // 09:00 in Shanghai, 2026-03-02
const DAY1_LATE = new Date('2026-03-02T15:30:00Z'); // 23:30 in Shanghai, still 2026-03-02
const DAY2 = new Date('2026-03-02T16:30:00Z'); // 00:30 in Shanghai, 2026-03-03

const A = realSlice(0, 1500);
const B = realSlice(1500, 3000);
const C = realSlice(3000, 3600);

const withWord = (rows: RealPatent[], word: string) => rows.filter((r) => r.title.includes(word));
/** the digest's lines for the first five new records: newest (last imported) first */
const digestLines = (rows: RealPatent[]) =>
  [...rows]
    .reverse()
    .slice(0, 5)
    .map((r, i) => `  ${i + 1}. ${r.publicationNumber}  ${r.title}`);

for (const d of dialects()) {
  describe(`saved searches and digests on ${d.name}`, () => {
    let sink: SmtpSink;
    let db: { url: string; drop(): Promise<void> };
    let ctx: AppContext;
    let app: App;
    let analyst: string;
    let other: string;

    const open = async () => {
      ctx = await createContext(db.url, { mailer: createMailer(sink.url, 'zhihui@xuhui.test') });
      app = await buildApp(ctx, { serveWeb: false });
      await app.ready();
    };
    const close = async () => {
      await app.close();
      await ctx.close();
    };
    const login = async (username: string) => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username, password: PASSWORD },
      });
      assert.equal(res.statusCode, 200, res.body);
      return `zhihui_session=${res.cookies.find((c) => c.name === 'zhihui_session')!.value}`;
    };
    const importSlice = async (file: string, n: number) => {
      const s = await ctx.imports.importFile(SYSTEM_ACTOR, file, {
        format: 'cn-patent-csv',
        recompute: false,
      });
      assert.equal(s.inserted, n, JSON.stringify(s));
    };
    const call = (
      method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
      url: string,
      cookie: string,
      payload?: object,
    ) => app.inject({ method, url: `/api/v1${url}`, headers: { cookie }, ...(payload ? { payload } : {}) });
    const list = async (cookie = analyst) => {
      const r = await call('GET', '/saved-searches', cookie);
      assert.equal(r.statusCode, 200, r.body);
      return r.json().items as {
        id: number;
        name: string;
        query: string;
        newCount: number;
        subscribed: boolean;
      }[];
    };

    before(async () => {
      sink = await startSmtpSink();
      db = await d.create();
      await open();
      await ctx.reference.ensureRegionProfile(DEFAULT_REGION, true);
      await ctx.auth.ensureAdmin(ADMIN_PASSWORD);
      for (const [username, role, email] of [
        ['analyst1', 'analyst', 'analyst1@xuhui.test'],
        ['member1', 'member_unit', null],
      ] as const)
        await ctx.auth.createUser(SYSTEM_ACTOR, {
          username,
          password: PASSWORD,
          displayName: username === 'analyst1' ? '王分析' : '李成员',
          role,
          entityId: null,
          ...(email ? { email } : {}),
        });
      analyst = await login('analyst1');
      other = await login('member1');
      await importSlice(A.file, A.rows.length);
    });
    after(async () => {
      await close();
      await db.drop();
      await sink.close();
    });

    test('a query that does not parse is not saved; names are per user and unique', async () => {
      const bad = await call('POST', '/saved-searches', analyst, { name: '坏', query: '电池 AND (芯片' });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().errors[0].field, 'query');
      assert.match(bad.json().errors[0].reason, /position 7/);
      const ok = await call('POST', '/saved-searches', analyst, {
        name: '电池',
        query: '电池',
        subscribed: true,
      });
      assert.equal(ok.statusCode, 201, ok.body);
      assert.equal(ok.json().newCount, 0);
      const dup = await call('POST', '/saved-searches', analyst, { name: '电池', query: '芯片' });
      assert.equal(dup.statusCode, 409);
      assert.equal(dup.json().errors[0].field, 'name');
      // another user may use the same name; its searches are not visible to the first
      assert.equal(
        (await call('POST', '/saved-searches', other, { name: '电池', query: '电池', subscribed: true }))
          .statusCode,
        201,
      );
      assert.equal(
        (await call('POST', '/saved-searches', analyst, { name: '传感器', query: 'title:传感器' }))
          .statusCode,
        201,
      );
      assert.deepEqual(
        (await list()).map((s) => [s.name, s.query, s.newCount, s.subscribed]),
        [
          ['传感器', 'title:传感器', 0, false],
          ['电池', '电池', 0, true],
        ],
      );
      const mine = (await list(other))[0]!;
      assert.equal(
        (await call('PATCH', `/saved-searches/${mine.id}`, analyst, { name: 'x' })).statusCode,
        404,
      );
    });

    test('records imported after the last visit are new until the search is opened', async () => {
      await importSlice(B.file, B.rows.length);
      const expected = { 电池: withWord(B.rows, '电池').length, 传感器: withWord(B.rows, '传感器').length };
      assert.ok(expected.电池 > 5 && expected.传感器 > 0, JSON.stringify(expected));
      const saved = await list();
      assert.deepEqual(
        saved.map((s) => [s.name, s.newCount]),
        [
          ['传感器', expected.传感器],
          ['电池', expected.电池],
        ],
      );
      const battery = saved.find((s) => s.name === '电池')!;
      const opened = await call('POST', `/saved-searches/${battery.id}/open`, analyst);
      assert.equal(opened.json().newCount, expected.电池);
      assert.deepEqual(
        (await list()).map((s) => [s.name, s.newCount]),
        [
          ['传感器', expected.传感器],
          ['电池', 0],
        ],
      );
      // renaming keeps the marks; a changed query counts from the same visit
      const renamed = await call('PATCH', `/saved-searches/${battery.id}`, analyst, { name: '电池专利' });
      assert.equal(renamed.json().name, '电池专利');
      assert.equal(renamed.json().newCount, 0);
    });

    test('the digest lists each subscribed search with its new records; users without e-mail are skipped', async () => {
      const r = await ctx.search.sendDigests(DAY1);
      assert.deepEqual(
        { ...r, failed: r.failed.length },
        {
          day: '2026-03-02',
          sent: 1,
          skippedNoEmail: 1,
          alreadySent: 0,
          nothingNew: 0,
          failed: 0,
          mailEnabled: true,
        },
      );
      assert.equal(sink.messages.length, 1);
      const m = sink.messages[0]!;
      const n = withWord(B.rows, '电池').length;
      assert.deepEqual(m.to, ['analyst1@xuhui.test']);
      assert.equal(m.subject, `知汇检索订阅：${n} 条新记录 (2026-03-02)`);
      const lines = m.text.split('\n');
      const at = lines.indexOf('【电池专利】 电池');
      assert.ok(at > 0, m.text);
      assert.deepEqual(lines.slice(at + 1, at + 8), [
        `  新记录 ${n} 条 / ${n} new`,
        ...digestLines(withWord(B.rows, '电池')),
        `  … 另有 ${n - 5} 条，请登录查看 / ${n - 5} more: open the search to see them`,
      ]);
      // the unsubscribed search is not in it
      assert.ok(!m.text.includes('传感器'));
    });

    test('a second run the same day — also after a restart — sends nothing; the next day lists only newer records', async () => {
      const again = await ctx.search.sendDigests(DAY1_LATE);
      assert.equal(again.alreadySent, 1);
      assert.equal(again.sent, 0);
      await close();
      await open();
      const afterRestart = await ctx.search.sendDigests(DAY1);
      assert.deepEqual([afterRestart.sent, afterRestart.alreadySent], [0, 1]);
      assert.equal(sink.messages.length, 1);
      // next day, nothing imported since: recorded, no e-mail
      const quiet = await ctx.search.sendDigests(DAY2);
      assert.deepEqual([quiet.day, quiet.sent, quiet.nothingNew], ['2026-03-03', 0, 1]);
      // new records on the following day are listed, and only they
      await importSlice(C.file, C.rows.length);
      const day3 = await ctx.search.sendDigests(new Date('2026-03-04T01:00:00Z'));
      assert.equal(day3.sent, 1);
      const m = sink.messages[1]!;
      const fresh = withWord(C.rows, '电池');
      assert.equal(m.subject, `知汇检索订阅：${fresh.length} 条新记录 (2026-03-04)`);
      for (const line of digestLines(fresh)) assert.ok(m.text.includes(line), `${line}\n${m.text}`);
      assert.ok(!m.text.includes(withWord(B.rows, '电池').at(-1)!.publicationNumber));
    });

    test('unsubscribing and deleting', async () => {
      const battery = (await list()).find((s) => s.name === '电池专利')!;
      const off = await call('PATCH', `/saved-searches/${battery.id}`, analyst, { subscribed: false });
      assert.equal(off.json().subscribed, false);
      assert.equal((await call('DELETE', `/saved-searches/${battery.id}`, analyst)).statusCode, 204);
      assert.deepEqual(
        (await list()).map((s) => s.name),
        ['传感器'],
      );
      assert.equal((await call('POST', `/saved-searches/${battery.id}/open`, analyst)).statusCode, 404);
      const anon = await app.inject({ method: 'GET', url: '/api/v1/saved-searches' });
      assert.equal(anon.statusCode, 401);
    });
  });
}
