import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { openDatabase } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrations.ts';
import { dialects } from '../helpers.ts';

/**
 * The search index is stored differently per dialect (src/db/search): SQLite has the FTS5 virtual tables
 * search_fts and search_tri (with their shadow tables search_fts_data, …); PostgreSQL has search_doc with
 * its GIN indexes; search_change records the writing transaction on PostgreSQL only (migration 0013). Both have
 * search_key, which is compared.
 */
const SEARCH_ONLY = /^search_(fts|tri|doc|change)(_|$)/;

/** Tables and columns of a migrated database, dialect-neutral. */
async function shape(url: string): Promise<Record<string, string[]>> {
  const database = openDatabase(url);
  try {
    const first = await migrateToLatest(database);
    assert.deepEqual(first, [
      '0001_init',
      '0002_search',
      '0003_lifecycle',
      '0004_calendar',
      '0005_user_email',
      '0006_reminders',
      '0007_saved_search',
      '0008_analytics',
      '0009_geo',
      '0010_navigation',
      '0012_search_speed',
      '0013_search_changes',
    ]);
    assert.deepEqual(await migrateToLatest(database), [], 'a second run applies nothing');
    const tables = await database.db.introspection.getTables();
    const out: Record<string, string[]> = {};
    for (const t of tables)
      if (!t.name.startsWith('kysely_') && !SEARCH_ONLY.test(t.name))
        out[t.name] = t.columns.map((c) => c.name).sort();
    // the same indexes exist on both dialects
    const idx =
      database.dialect === 'sqlite'
        ? await sql<{
            name: string;
          }>`SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'`.execute(
            database.db,
          )
        : await sql<{
            name: string;
          }>`SELECT indexname AS name FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT LIKE '%_pkey' AND indexname NOT LIKE '%_key' AND indexname NOT LIKE 'kysely_%'`.execute(
            database.db,
          );
    out['(indexes)'] = idx.rows
      .map((r) => r.name)
      .filter((n) => !/_uq$|_pk$/.test(n) || n === 'ip_asset_app_key_uq')
      .filter((n) => !SEARCH_ONLY.test(n))
      .sort();
    return out;
  } finally {
    await database.close();
  }
}

describe('migrations', () => {
  test('migrate from empty on every dialect gives the same schema, and re-running is safe', async () => {
    const shapes: Record<string, string>[] = [];
    for (const d of dialects()) {
      const db = await d.create();
      try {
        shapes.push({ [d.name]: JSON.stringify(await shape(db.url)) });
      } finally {
        await db.drop();
      }
    }
    const [first, ...rest] = shapes.map((s) => Object.values(s)[0]!);
    const parsed = JSON.parse(first!) as Record<string, string[]>;
    assert.ok(parsed.ip_asset!.includes('content_hash'));
    assert.ok(parsed['(indexes)']!.includes('ip_asset_app_key_uq'));
    for (const r of rest) assert.deepEqual(JSON.parse(r), parsed);
  });
});
