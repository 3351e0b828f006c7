import { sql } from 'kysely';
import type { Database, Executor } from '../../db/connect.ts';
import type { ChainEntry } from '../../domain/audit/chain.ts';

const HEAD_KEY = 'audit_head';

function toEntry(r: {
  seq: number;
  at: string;
  actor_id: number | null;
  actor: string;
  action: string;
  target_type: string;
  target_id: string | null;
  detail: string;
  prev_hash: string;
  hash: string;
}): ChainEntry {
  return {
    seq: Number(r.seq),
    at: r.at,
    actorId: r.actor_id === null ? null : Number(r.actor_id),
    actor: r.actor,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    detail: r.detail,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

export class AuditRepository {
  constructor(private readonly database: Database) {}

  /** Serialise appenders: PostgreSQL takes a transaction-scoped advisory lock; SQLite writers are already serial. */
  async lockChain(tx: Executor): Promise<void> {
    if (this.database.dialect === 'postgres') await sql`SELECT pg_advisory_xact_lock(7411001)`.execute(tx);
  }

  async last(tx: Executor): Promise<{ seq: number; hash: string } | undefined> {
    const row = await tx
      .selectFrom('audit_log')
      .select(['seq', 'hash'])
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? { seq: Number(row.seq), hash: row.hash } : undefined;
  }

  async append(tx: Executor, e: ChainEntry): Promise<void> {
    await tx
      .insertInto('audit_log')
      .values({
        seq: e.seq,
        at: e.at,
        actor_id: e.actorId,
        actor: e.actor,
        action: e.action,
        target_type: e.targetType,
        target_id: e.targetId,
        detail: e.detail,
        prev_hash: e.prevHash,
        hash: e.hash,
      })
      .execute();
    const head = JSON.stringify({ seq: e.seq, hash: e.hash });
    await tx
      .insertInto('app_meta')
      .values({ key: HEAD_KEY, value: head })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: head }))
      .execute();
  }

  /** The newest entry whose action starts with none of the prefixes (walks back from the head by seq). */
  async lastSeqExcept(tx: Executor, actionPrefixes: readonly string[]): Promise<number> {
    const row = await tx
      .selectFrom('audit_log')
      .select('seq')
      .where((eb) => eb.and(actionPrefixes.map((p) => eb('action', 'not like', `${p}%`))))
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    return Number(row?.seq ?? 0);
  }

  async head(tx: Executor): Promise<{ seq: number; hash: string } | undefined> {
    const row = await tx
      .selectFrom('app_meta')
      .select('value')
      .where('key', '=', HEAD_KEY)
      .executeTakeFirst();
    return row ? (JSON.parse(row.value) as { seq: number; hash: string }) : undefined;
  }

  async page(tx: Executor, afterSeq: number, limit: number): Promise<ChainEntry[]> {
    const rows = await tx
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map(toEntry);
  }

  async list(
    tx: Executor,
    f: { beforeSeq?: number; limit: number; targetType?: string; targetId?: string; actorId?: number },
  ): Promise<ChainEntry[]> {
    const rows = await tx
      .selectFrom('audit_log')
      .selectAll()
      .$if(f.beforeSeq !== undefined, (q) => q.where('seq', '<', f.beforeSeq!))
      .$if(f.targetType !== undefined, (q) => q.where('target_type', '=', f.targetType!))
      .$if(f.targetId !== undefined, (q) => q.where('target_id', '=', f.targetId!))
      .$if(f.actorId !== undefined, (q) => q.where('actor_id', '=', f.actorId!))
      .orderBy('seq', 'desc')
      .limit(f.limit)
      .execute();
    return rows.map(toEntry);
  }
}
