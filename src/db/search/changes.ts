/**
 * The search change log (`search_change`, migration 0013): which assets' documents were written or deleted,
 * recorded in the writing transaction. The in-memory token index (memory-index.ts) reads it to follow the
 * writes of every process.
 *
 * Reading it without missing a row: on SQLite one writer at a time commits in sequence order, so "rows after
 * the last sequence number seen" is exact. On PostgreSQL a sequence number is taken when the row is written
 * and the transaction may commit after others with higher numbers; a reader therefore also re-reads the rows
 * of every transaction that was still running at its previous read (txid ≥ that read's snapshot xmin),
 * skipping the rows it already applied.
 */
import { sql } from 'kysely';
import type { Dialect, Executor } from '../connect.ts';

const INSERT_BATCH = 500;

/** Where a reader stands in the log. */
export interface ChangeCursor {
  seq: number;
  /** PostgreSQL: snapshot xmin at the previous read */
  xmin: number;
  /** PostgreSQL: sequence numbers already applied among rows with txid ≥ xmin */
  seen: number[];
}

/** What changed after a cursor: the asset ids (each once), or `all` after a rebuild of the index. */
export interface Changes {
  assetIds: number[] | 'all';
  cursor: ChangeCursor;
}

/** Record that these assets' documents changed (call it in the transaction that changed them). */
export async function recordChanges(tx: Executor, assetIds: readonly number[]): Promise<void> {
  for (let i = 0; i < assetIds.length; i += INSERT_BATCH)
    await tx
      .insertInto('search_change')
      .values(assetIds.slice(i, i + INSERT_BATCH).map((asset_id) => ({ asset_id })))
      .execute();
}

/** The whole index was rebuilt: earlier rows no longer matter, readers start again from the database. */
export async function recordRebuild(tx: Executor): Promise<void> {
  await tx.deleteFrom('search_change').execute();
  await tx.insertInto('search_change').values({ asset_id: 0 }).execute();
}

/** The cursor at the present: what a reader that reads every document now has seen. */
export async function changeHead(exec: Executor, dialect: Dialect): Promise<ChangeCursor> {
  if (dialect === 'sqlite') {
    const r = await sql<{ seq: number | null }>`SELECT max(seq) AS seq FROM search_change`.execute(exec);
    return { seq: Number(r.rows[0]?.seq ?? 0), xmin: 0, seen: [] };
  }
  const xmin = await snapshotXmin(exec);
  const rows = await sql<{ seq: string }>`SELECT seq FROM search_change WHERE txid >= ${xmin}`.execute(exec);
  const r = await sql<{ seq: string | null }>`SELECT max(seq) AS seq FROM search_change`.execute(exec);
  return { seq: Number(r.rows[0]?.seq ?? 0), xmin, seen: rows.rows.map((x) => Number(x.seq)) };
}

async function snapshotXmin(exec: Executor): Promise<number> {
  const r = await sql<{
    xmin: string;
  }>`SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin`.execute(exec);
  return Number(r.rows[0]!.xmin);
}

/**
 * The changes after `cursor`, or null when there are more than `max` rows to read (the caller rebuilds
 * instead of replaying them).
 */
export async function readChanges(
  exec: Executor,
  dialect: Dialect,
  cursor: ChangeCursor,
  max: number,
): Promise<Changes | null> {
  if (dialect === 'sqlite') {
    const rows = await sql<{ seq: number; asset_id: number }>`SELECT seq, asset_id FROM search_change
      WHERE seq > ${cursor.seq} ORDER BY seq LIMIT ${max + 1}`.execute(exec);
    if (rows.rows.length > max) return null;
    const last = rows.rows.at(-1);
    return {
      assetIds: idsOf(rows.rows),
      cursor: { seq: last ? Number(last.seq) : cursor.seq, xmin: 0, seen: [] },
    };
  }
  const xmin = await snapshotXmin(exec);
  const rows = await sql<{ seq: string; asset_id: string; txid: string }>`
    SELECT seq, asset_id, txid FROM search_change WHERE seq > ${cursor.seq}
    UNION
    SELECT seq, asset_id, txid FROM search_change WHERE txid >= ${cursor.xmin}
    ORDER BY seq LIMIT ${max + 1 + cursor.seen.length}`.execute(exec);
  const seen = new Set(cursor.seen);
  const fresh = rows.rows.filter((r) => !seen.has(Number(r.seq)));
  if (fresh.length > max) return null;
  let seq = cursor.seq;
  for (const r of rows.rows) seq = Math.max(seq, Number(r.seq));
  const stillOpen = rows.rows.filter((r) => Number(r.txid) >= xmin).map((r) => Number(r.seq));
  return {
    assetIds: idsOf(fresh.map((r) => ({ asset_id: Number(r.asset_id) }))),
    cursor: { seq, xmin, seen: stillOpen },
  };
}

function idsOf(rows: readonly { asset_id: number | string }[]): number[] | 'all' {
  const ids = new Set<number>();
  for (const r of rows) {
    const id = Number(r.asset_id);
    if (id === 0) return 'all';
    ids.add(id);
  }
  return [...ids];
}
