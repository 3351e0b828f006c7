import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SYSTEM_ACTOR } from '../../src/modules/audit/audit.service.ts';
import { dialects, startEnv, type TestEnv } from '../helpers.ts';

const CLI = path.resolve(import.meta.dirname, '../../bin/zhihui.js');
const today = new Date().toISOString().slice(0, 10);

/**
 * 专利权期限补偿 recorded on a right (domain-rules §3.1): the platform stores the days CNIPA decided and
 * moves the last protected day by them. Application numbers are hand-made; their check characters pass
 * the real validator.
 */
const invention = {
  kind: 'patent',
  applicationNumber: '201910123456.X',
  filingDate: '2019-03-15',
  grantDate: '2023-08-01',
  title: '一种期限补偿测试发明',
  applicants: [{ name: '上海徐汇示例科技有限公司' }],
};

for (const d of dialects()) {
  describe(`term compensation on ${d.name}`, () => {
    let env: TestEnv;
    let admin: string;
    before(async () => {
      env = await startEnv(d);
      admin = await env.login('admin');
    });
    after(async () => env.close());

    const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
      env.app.inject({ method, url, headers: { cookie: admin }, ...(payload ? { payload } : {}) });

    test('120 days on an invention: stored, expiry 2039-07-12, in force; the schedule says the fee is unknown', async () => {
      const res = await call('POST', '/api/v1/assets', { ...invention, termCompensationDays: 120 });
      assert.equal(res.statusCode, 201, res.body);
      const id = res.json().id as number;
      const a = (await call('GET', `/api/v1/assets/${id}`)).json();
      // statutory last day 2039-03-14 (day before the 20th anniversary of 2019-03-15) + 120 days
      assert.equal(a.expiryDate, '2039-07-12');
      assert.equal(a.status, 'in_force');
      assert.equal(a.details.termCompensationDays, 120);

      const s = (await call('GET', `/api/v1/assets/${id}/deadlines?asOf=2025-01-01`)).json();
      assert.equal(Math.max(...s.deadlines.map((x: { patentYear: number }) => x.patentYear)), 20);
      assert.deepEqual(
        [
          s.termCompensation.days,
          s.termCompensation.from,
          s.termCompensation.to,
          s.termCompensation.fee.amount,
        ],
        [120, '2039-03-15', '2039-07-12', null],
      );
      assert.match(s.termCompensation.fee.reason, /not in the reference sources/);
    });

    test('the status follows the compensated expiry: a divisional-age invention filed 2006 granted 2022', async () => {
      // filed 2006-01-10: statutory last day 2026-01-09; +1200 days → 2029-04-23
      const old = {
        ...invention,
        applicationNumber: '200610012345.4',
        filingDate: '2006-01-10',
        grantDate: '2022-03-01',
      };
      const plain = await call('POST', '/api/v1/assets', old);
      assert.equal(plain.statusCode, 201, plain.body);
      const id = plain.json().id as number;
      assert.deepEqual([plain.json().expiryDate, plain.json().status], ['2026-01-09', 'expired']);
      const res = await call('PUT', `/api/v1/assets/${id}`, { ...old, termCompensationDays: 1200 });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().expiryDate, '2029-04-23');
      assert.equal(res.json().status, today <= '2029-04-23' ? 'in_force' : 'expired');
    });

    test('a utility model with days is refused naming the field; nothing is stored', async () => {
      const before = (await call('GET', '/api/v1/assets?limit=100')).json().items.length as number;
      const res = await call('POST', '/api/v1/assets', {
        ...invention,
        applicationNumber: '202320123456.1',
        filingDate: '2023-02-01',
        termCompensationDays: 30,
      });
      assert.equal(res.statusCode, 400, res.body);
      assert.deepEqual(res.json().errors, [
        {
          field: 'termCompensationDays',
          reason: 'term compensation applies to CN invention patents only (专利法 第四十二条)',
        },
      ]);
      const afterCount = (await call('GET', '/api/v1/assets?limit=100')).json().items.length as number;
      assert.equal(afterCount, before);
    });

    test('bad values are 4xx with the field: not a whole number, before 2021-06-01, new drug over 5 years', async () => {
      const refuse = async (over: object, reason: RegExp) => {
        const res = await call('POST', '/api/v1/assets', { ...invention, ...over });
        assert.equal(res.statusCode, 400, res.body);
        const e = res.json().errors as { field: string; reason: string }[];
        assert.deepEqual(
          e.map((x) => x.field),
          ['termCompensationDays'],
        );
        assert.match(e[0]!.reason, reason);
      };
      await refuse({ termCompensationDays: 1.5 }, /whole number of days above 0/);
      await refuse({ termCompensationDays: 0 }, /whole number of days above 0/);
      await refuse({ grantDate: '2021-05-31', termCompensationDays: 10 }, /on or after 2021-06-01/);
      // 5 years after 2039-03-14: 2039-03-15 .. 2044-03-15 holds two 29 Februaries → 1827 days
      await refuse(
        { termCompensationDays: 1828, termCompensationKind: 'new_drug' },
        /at most 5 years \(1827/,
      );
    });

    test('CSV import: 期限补偿天数 stored on an invention, a utility model with days rejected on its line', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhihui-tc-'));
      const file = path.join(dir, 'patents.csv');
      fs.writeFileSync(
        file,
        '申请号,申请日,授权公告日,专利名称,申请人,期限补偿天数,期限补偿类型\n' +
          '202010654321.9,2020-07-01,2022-09-06,补偿发明,上海甲公司,200,新药\n' +
          '202120654321.9,2021-07-01,2022-01-04,实用新型,上海乙公司,30,\n',
      );
      try {
        const s = await env.ctx.imports.importFile(SYSTEM_ACTOR, file);
        assert.deepEqual([s.total, s.inserted, s.rejected], [2, 1, 1]);
        const rejects = await env.ctx.imports.rejects(s.jobId, 100, 0);
        assert.deepEqual(
          rejects.map((r) => [r.ref, r.field]),
          [['line 3', 'termCompensationDays']],
        );
        const [id] = await env.ctx.registry.idsByNumber('202010654321.9');
        const all = { canReadPrivate: true, canWriteAll: true, canWriteOwn: true };
        const a = await env.ctx.registry.getAsset(SYSTEM_ACTOR, all, id!);
        // statutory last day 2040-06-30; +200 days (Jul 31, Aug 62, Sep 92, Oct 123, Nov 153, Dec 184, +16)
        assert.equal(a.expiryDate, '2041-01-16');
        assert.deepEqual([a.details.termCompensationDays, a.details.termCompensationKind], [200, 'new_drug']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    if (d.name === 'sqlite')
      test('zhihui deadlines <number> --json still prints the schedule; the text output names the compensation', () => {
        const args = [
          CLI,
          'deadlines',
          '201910123456.X',
          '--as-of',
          '2025-01-01',
          '--db',
          env.ctx.database.url,
        ];
        const rows = JSON.parse(
          execFileSync(process.execPath, [...args, '--json'], { encoding: 'utf8' }),
        ) as { patentYear: number; state: string }[];
        // granted in patent year 5 (2023-03-15 .. 2024-03-14): years 5 (paid at registration) to 20
        assert.deepEqual(
          rows.map((r) => r.patentYear),
          [5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20],
        );
        assert.equal(rows[0]!.state, 'paid');
        const text = execFileSync(process.execPath, args, { encoding: 'utf8' });
        assert.match(text, /term compensation 120 days {2}2039-03-15\.\.2039-07-12 {2}fee unknown: /);
      });
  });
}
