import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import iconv from 'iconv-lite';
import { SYSTEM_ACTOR } from '../../src/modules/audit/audit.service.ts';
import { DATASETS, dialects, startEnv, type TestEnv } from '../helpers.ts';

const CLI = path.resolve(import.meta.dirname, '../../bin/zhihui.js');
const USPTO = path.join(DATASETS, 'uspto-grant-xml');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zhihui-imp-'));
const write = (name: string, content: string | Buffer) => {
  const p = path.join(tmp, name);
  fs.writeFileSync(p, content);
  return p;
};
const actor = { ...SYSTEM_ACTOR, name: 'test' };

for (const d of dialects()) {
  describe(`imports on ${d.name}`, () => {
    let env: TestEnv;
    before(async () => {
      env = await startEnv(d);
    });
    after(async () => env.close());

    const assetTotal = async () =>
      (
        await env.ctx.registry.listAssets(
          SYSTEM_ACTOR,
          { canReadPrivate: true, canWriteAll: true, canWriteOwn: true },
          { limit: 1 },
        )
      ).total;

    test('every USPTO file imports, and importing them again changes nothing', async () => {
      const files = fs
        .readdirSync(USPTO)
        .filter((f) => f.endsWith('.xml'))
        .sort();
      const first = [];
      for (const f of files) first.push(await env.ctx.imports.importFile(actor, path.join(USPTO, f)));
      assert.deepEqual(
        first.map((s) => s.status),
        files.map(() => 'done'),
      );
      // ipa061228 1, ipa130117 2, eight weekly samples of 25, ipg120327 196, pa040101 1 (SOURCE.md)
      assert.equal(
        first.reduce((n, s) => n + s.inserted, 0),
        425,
      );
      assert.equal(
        first.reduce((n, s) => n + s.rejected, 0),
        0,
      );
      const second = [];
      for (const f of files) second.push(await env.ctx.imports.importFile(actor, path.join(USPTO, f)));
      assert.deepEqual(
        second.map((s) => [s.inserted, s.updated, s.rejected]),
        files.map(() => [0, 0, 0]),
      );
      assert.equal(
        second.reduce((n, s) => n + s.unchanged, 0),
        425,
      );
      assert.equal(await assetTotal(), 425);
      const designs = await env.ctx.registry.listAssets(
        SYSTEM_ACTOR,
        { canReadPrivate: true, canWriteAll: true, canWriteOwn: true },
        { office: 'US', subType: 'design', q: 'USD656296', limit: 5 },
      );
      assert.equal(designs.items[0]?.publicationNumber, 'USD656296S1');
      assert.equal(designs.items[0]?.filingDate, '2010-12-16');
    });

    test('JSON Lines: every bad line is rejected with its line and reason, the good ones stored', async () => {
      const before = await assetTotal();
      const lines = [
        JSON.stringify({
          kind: 'patent',
          applicationNumber: '201010146372.7',
          filingDate: '2010-04-13',
          title: '好记录',
          applicants: [{ name: '上海甲公司' }],
        }),
        '{"kind": "patent", ',
        JSON.stringify({
          kind: 'patent',
          applicationNumber: '201010146372.8',
          applicants: [{ name: '上海乙公司' }],
        }),
        '',
        JSON.stringify({
          kind: 'trademark',
          registrationNumber: '16435657',
          registrationDate: '2016-02-30',
          applicants: [{ name: '丙' }],
        }),
        JSON.stringify({
          kind: 'copyright',
          registrationNumber: '2016SR309930',
          title: '某软件V1.0',
          applicants: [{ name: '丁' }],
        }),
      ];
      const file = write('mixed.jsonl', lines.join('\r\n') + '\r\n');
      const s = await env.ctx.imports.importFile(actor, file);
      assert.equal(s.status, 'done');
      assert.deepEqual([s.total, s.inserted, s.rejected], [5, 2, 3]);
      const rejects = await env.ctx.imports.rejects(s.jobId, 100, 0);
      assert.deepEqual(
        rejects.map((r) => [r.ref, r.field]),
        [
          ['line 2', null],
          ['line 3', 'applicationNumber'],
          ['line 5', 'registrationDate'],
        ],
      );
      assert.match(rejects[0]!.reason, /invalid JSON/);
      assert.match(rejects[1]!.reason, /check character is '7' but '8' was given/);
      assert.equal(await assetTotal(), before + 2);
      const again = await env.ctx.imports.importFile(actor, file);
      assert.deepEqual([again.inserted, again.updated, again.unchanged, again.rejected], [0, 0, 2, 3]);
    });

    test('a truncated XML file ends in a clear error and stores nothing of its batch', async () => {
      const before = await assetTotal();
      const full = fs.readFileSync(path.join(USPTO, 'ipg110104.small.xml'));
      const file = write('cut.xml', full.subarray(0, Math.floor(full.length / 2)));
      const s = await env.ctx.imports.importFile(actor, file);
      assert.equal(s.status, 'failed');
      assert.match(s.error ?? '', /document \d+ \(US/);
      assert.equal(s.inserted + s.unchanged, 0);
      assert.equal(await assetTotal(), before);
    });

    test('binary junk and an empty file are refused with a reason', async () => {
      const junk = write('junk.bin', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)));
      const s = await env.ctx.imports.importFile(actor, junk);
      assert.equal(s.status, 'failed');
      assert.match(s.error ?? '', /unrecognised file format/);
      const empty = await env.ctx.imports.importFile(actor, write('empty.csv', ''));
      assert.equal(empty.status, 'failed');
      assert.match(empty.error ?? '', /empty file/);
    });

    test('a GBK-encoded CSV with the Chinese template headers imports', async () => {
      const csv =
        '申请号,专利类型,申请日,专利名称,申请人\r\n202010933716.2,发明,2020-08-14,一种数据处理方法,上海丁科技有限公司\r\n,,,,\r\n';
      const s = await env.ctx.imports.importFile(actor, write('gbk.csv', iconv.encode(csv, 'gbk')));
      assert.equal(s.status, 'done', s.error ?? '');
      assert.deepEqual([s.inserted, s.rejected], [1, 0]);
      const found = await env.ctx.registry.listAssets(
        SYSTEM_ACTOR,
        { canReadPrivate: true, canWriteAll: true, canWriteOwn: true },
        { q: '一种数据处理方法' },
      );
      assert.equal(found.items[0]?.applicationNumber, '202010933716.2');
      assert.equal(found.items[0]?.owners[0]?.name, '上海丁科技有限公司');
    });

    test('a failure while storing a batch leaves none of it behind', async (t) => {
      const before = await assetTotal();
      // the last write of a batch (the search index) fails after the rows, owners and events went in
      t.mock.method(env.ctx.registry.search, 'refresh', async () => {
        throw new Error('disk full (simulated)');
      });
      const fresh = write(
        'fresh.jsonl',
        [
          JSON.stringify({
            kind: 'patent',
            applicationNumber: '201110047567.0',
            applicants: [{ name: '戊' }],
            events: [{ code: 'PUB', date: '2011-09-01' }],
          }),
          JSON.stringify({
            kind: 'patent',
            applicationNumber: '201210581535.3',
            applicants: [{ name: '己' }],
          }),
        ].join('\n'),
      );
      const f = await env.ctx.imports.importFile(actor, fresh);
      assert.equal(f.status, 'failed');
      assert.match(f.error ?? '', /disk full/);
      assert.equal(await assetTotal(), before);
      t.mock.restoreAll();
      const ok = await env.ctx.imports.importFile(actor, fresh);
      assert.deepEqual([ok.status, ok.inserted], ['done', 2]);
    });

    test('upload over HTTP: multipart, progress, summary and reject report', async () => {
      const cookie = await env.login('admin');
      const boundary = '----zhihui';
      const body = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="tm.jsonl"\r\nContent-Type: application/octet-stream\r\n\r\n`,
        ),
        Buffer.from(
          [
            JSON.stringify({
              kind: 'trademark',
              registrationNumber: '15392502',
              registrationDate: '2015-09-22',
              title: '知汇',
              niceClasses: [42],
              applicants: [{ name: '上海甲公司' }],
            }),
            JSON.stringify({
              kind: 'trademark',
              registrationNumber: 'ABC',
              applicants: [{ name: '上海甲公司' }],
            }),
          ].join('\n'),
        ),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const res = await env.app.inject({
        method: 'POST',
        url: '/api/v1/imports?wait=true',
        payload: body,
        headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
      });
      assert.equal(res.statusCode, 200, res.body);
      const s = res.json();
      assert.deepEqual([s.status, s.inserted, s.rejected], ['done', 1, 1]);
      const rej = await env.app.inject({
        method: 'GET',
        url: `/api/v1/imports/${s.jobId}/rejects`,
        headers: { cookie },
      });
      assert.equal(rej.json().items[0].ref, 'line 2');
      assert.equal(rej.json().items[0].field, 'registrationNumber');

      const tpl = await env.app.inject({ method: 'GET', url: '/api/v1/import-templates/patent?format=xlsx' });
      assert.equal(tpl.statusCode, 200);
      assert.equal(tpl.rawPayload.subarray(0, 2).toString(), 'PK');
      const notMultipart = await env.app.inject({
        method: 'POST',
        url: '/api/v1/imports',
        payload: {},
        headers: { cookie },
      });
      assert.equal(notMultipart.statusCode, 415);
    });

    if (d.name === 'sqlite')
      test('zhihui import --json prints one summary object with every reject', () => {
        const file = write(
          'cli.jsonl',
          JSON.stringify({ kind: 'patent', applicationNumber: '97101765.5', applicants: [{ name: '庚' }] }) +
            '\n',
        );
        let out = '';
        try {
          execFileSync(process.execPath, [CLI, 'import', file, '--json', '--db', env.ctx.database.url], {
            encoding: 'utf8',
          });
        } catch (e) {
          out = (e as { stdout: string }).stdout;
        }
        out ||= execFileSync(
          process.execPath,
          [CLI, 'import', file, '--json', '--db', env.ctx.database.url],
          { encoding: 'utf8' },
        );
        const s = JSON.parse(out);
        assert.equal(s.status, 'done');
        assert.equal(s.rejected, 1);
        assert.deepEqual(s.rejects[0], {
          ref: 'line 1',
          field: 'applicationNumber',
          reason: "applicationNumber: check character is '4' but '5' was given",
        });
      });
  });
}
