/**
 * Export of a result set to CSV and XLSX, streamed page by page through the index's keyset cursor: row counts,
 * the header and rows, the cap, on real records (a slice of ../shared/datasets/cn-patent-titles-ipc).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { SYSTEM_ACTOR } from '../../src/modules/audit/audit.service.ts';
import { EXPORT_COLUMNS } from '../../src/modules/search/export.ts';
import { EXPORT_CAP } from '../../src/modules/search/search.service.ts';
import { dialects, startEnv, type TestEnv } from '../helpers.ts';
import { realSlice } from './search-data.ts';

const all = { canReadPrivate: true, canWriteAll: true, canWriteOwn: true };
const SLICE = realSlice(0, 2500);
const HEADER = EXPORT_COLUMNS.map((c) => c.header);

for (const d of dialects()) {
  describe(`search export on ${d.name}`, () => {
    let env: TestEnv;
    let admin: string;
    before(async () => {
      env = await startEnv(d);
      admin = await env.login('admin');
      const s = await env.ctx.imports.importFile(SYSTEM_ACTOR, SLICE.file, {
        format: 'cn-patent-csv',
        recompute: false,
      });
      assert.equal(s.inserted, SLICE.rows.length);
    });
    after(async () => env.close());

    const exportOf = (q: string, format: 'csv' | 'xlsx', extra = '') =>
      env.app.inject({
        method: 'GET',
        url: `/api/v1/search/export?q=${encodeURIComponent(q)}&format=${format}${extra}`,
        headers: { cookie: admin },
      });

    test('CSV: every matching record once, across export pages, with a BOM and the header', async () => {
      const r = await exportOf('', 'csv', '&sort=oldest');
      assert.equal(r.statusCode, 200, r.body);
      assert.match(String(r.headers['content-type']), /^text\/csv/);
      assert.equal(r.headers['x-total-count'], '2500');
      assert.equal(r.headers['x-export-rows'], '2500');
      assert.equal(r.headers['x-export-truncated'], 'false');
      assert.ok(r.body.startsWith('\uFEFF'));
      const rows = parse(r.body, { bom: true }) as string[][];
      assert.deepEqual(rows[0], HEADER);
      assert.equal(rows.length, 2501);
      // oldest first = the dataset's order
      assert.deepEqual(
        rows.slice(1).map((x) => x[1]),
        SLICE.rows.map((x) => x.publicationNumber),
      );
      assert.equal(rows[1]![5], SLICE.rows[0]!.title);
    });

    test('XLSX: readable by exceljs, the header and the rows of a word query', async () => {
      const expected = SLICE.rows.filter((x) => x.title.includes('电池'));
      const r = await exportOf('电池', 'xlsx', '&sort=oldest');
      assert.equal(r.statusCode, 200);
      assert.equal(r.headers['x-export-rows'], String(expected.length));
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
      const ws = wb.worksheets[0]!;
      assert.equal(ws.rowCount, expected.length + 1);
      assert.deepEqual((ws.getRow(1).values as unknown[]).slice(1), HEADER);
      for (const [i, x] of expected.entries()) {
        const v = ws.getRow(i + 2).values as unknown[];
        assert.equal(v[2], x.publicationNumber);
        assert.equal(v[6], x.title);
        assert.equal(v[12], x.ipc.join('; '));
      }
    });

    test('the cap cuts the set and says so; bad input is a 400 naming the field', async () => {
      assert.equal(EXPORT_CAP, 100_000);
      const r = await env.ctx.search.exportPages(SYSTEM_ACTOR, all, { q: '', sort: 'newest' }, 1200);
      assert.deepEqual([r.total, r.rows, r.truncated], [2500, 1200, true]);
      const ids: number[] = [];
      for await (const page of r.pages) ids.push(...page.map((a) => a.id));
      assert.equal(ids.length, 1200);
      assert.equal(new Set(ids).size, 1200);
      assert.deepEqual(
        ids,
        [...ids].sort((a, b) => b - a),
      );
      const bad = await exportOf('', 'pdf' as 'csv');
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /format/);
      const badQ = await exportOf('电池 OR', 'csv');
      assert.equal(badQ.statusCode, 400);
      assert.equal(badQ.json().errors[0].field, 'q');
    });
  });
}
