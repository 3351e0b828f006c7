import type { Database, Executor } from '../../db/connect.ts';
import {
  GENESIS_HASH,
  auditHash,
  verifyChainRun,
  type ChainEntry,
  type ChainProblem,
} from '../../domain/audit/chain.ts';
import { AuditRepository } from './audit.repository.ts';

/** Who did something: a user, or the system itself (imports from the CLI, jobs). */
export interface Actor {
  id: number | null;
  name: string;
  role: string;
  entityId: number | null;
}

export const SYSTEM_ACTOR: Actor = { id: null, name: 'system', role: 'admin', entityId: null };

export interface AuditWrite {
  action: string;
  targetType: string;
  targetId?: string | number | null;
  detail?: unknown;
}

export interface VerifyReport {
  ok: boolean;
  entries: number;
  problems: ChainProblem[];
}

export class AuditService {
  private readonly repo: AuditRepository;

  constructor(database: Database) {
    this.repo = new AuditRepository(database);
  }

  /** Append one entry inside the caller's transaction, so the write and its record commit together. */
  async record(tx: Executor, actor: Actor, w: AuditWrite): Promise<void> {
    await this.repo.lockChain(tx);
    const last = await this.repo.last(tx);
    const seq = (last?.seq ?? 0) + 1;
    const prevHash = last?.hash ?? GENESIS_HASH;
    const fields = {
      seq,
      at: new Date().toISOString(),
      actorId: actor.id,
      actor: actor.name,
      action: w.action,
      targetType: w.targetType,
      targetId: w.targetId === undefined || w.targetId === null ? null : String(w.targetId),
      detail: JSON.stringify(w.detail ?? {}),
    };
    const entry: ChainEntry = { ...fields, prevHash, hash: auditHash(prevHash, fields) };
    await this.repo.append(tx, entry);
  }

  async list(
    tx: Executor,
    f: { beforeSeq?: number; limit: number; targetType?: string; targetId?: string; actorId?: number },
  ): Promise<ChainEntry[]> {
    return this.repo.list(tx, f);
  }

  /** Walk the whole chain; any altered, inserted or deleted entry (including the newest) is reported. */
  async verify(tx: Executor): Promise<VerifyReport> {
    let cursor = { seq: 1, prevHash: GENESIS_HASH };
    const problems: ChainProblem[] = [];
    let entries = 0;
    let after = 0;
    for (;;) {
      const page = await this.repo.page(tx, after, 5000);
      if (page.length === 0) break;
      const r = verifyChainRun(page, cursor);
      problems.push(...r.problems);
      cursor = r.next;
      entries += page.length;
      after = page[page.length - 1]!.seq;
    }
    const head = await this.repo.head(tx);
    const lastSeq = cursor.seq - 1;
    if (head && (head.seq !== lastSeq || head.hash !== cursor.prevHash)) {
      problems.push({
        seq: head.seq,
        problem:
          head.seq > lastSeq
            ? `entries ${lastSeq + 1}..${head.seq} were deleted from the end of the log`
            : `the log head (entry ${head.seq}) does not match the last entry ${lastSeq}`,
      });
    }
    if (!head && entries > 0) problems.push({ seq: lastSeq, problem: 'the log head record is missing' });
    return { ok: problems.length === 0, entries, problems };
  }

  /** The data version: the audit log's head sequence, which changes with every committed write (0 when empty). */
  /**
   * The entries after `afterSeq` up to `toSeq` whose action starts with none of the prefixes, oldest first; null
   * when there are more than `max` entries in that range (the caller then treats everything as changed).
   */
  async entriesBetween(
    tx: Executor,
    afterSeq: number,
    toSeq: number,
    exceptPrefixes: readonly string[],
    max: number,
  ): Promise<ChainEntry[] | null> {
    const page = await this.repo.page(tx, afterSeq, max + 1);
    const inRange = page.filter((e) => e.seq <= toSeq);
    if (inRange.length > max || (page.length > max && page[max]!.seq <= toSeq)) return null;
    return inRange.filter((e) => !exceptPrefixes.some((p) => e.action.startsWith(p)));
  }

  async dataVersion(tx: Executor): Promise<number> {
    return (await this.repo.head(tx))?.seq ?? 0;
  }

  /**
   * The data version ignoring entries that change no data a reader aggregates (e.g. `auth.` logins), so caches
   * keyed by it survive sign-ins.
   */
  async dataVersionExcept(tx: Executor, actionPrefixes: readonly string[]): Promise<number> {
    return this.repo.lastSeqExcept(tx, actionPrefixes);
  }
}
