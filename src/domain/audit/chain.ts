import { createHash } from 'node:crypto';

/** The fields of an audit entry that its hash covers. */
export interface AuditFields {
  seq: number;
  at: string;
  actorId: number | null;
  actor: string;
  action: string;
  targetType: string;
  targetId: string | null;
  detail: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** hash_n = SHA-256(prev_hash ‖ canonical JSON of entry n). Changing any field or dropping an entry breaks the chain. */
export function auditHash(prevHash: string, e: AuditFields): string {
  const canonical = JSON.stringify([
    e.seq,
    e.at,
    e.actorId,
    e.actor,
    e.action,
    e.targetType,
    e.targetId,
    e.detail,
  ]);
  return createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}

export interface ChainEntry extends AuditFields {
  prevHash: string;
  hash: string;
}

export interface ChainProblem {
  seq: number;
  problem: string;
}

/**
 * Check a run of entries (in seq order) that should continue from `prevHash` at `expectSeq`.
 * Returns the problems found; empty means this run is intact.
 */
export function verifyChainRun(
  entries: readonly ChainEntry[],
  start: { seq: number; prevHash: string },
): { problems: ChainProblem[]; next: { seq: number; prevHash: string } } {
  const problems: ChainProblem[] = [];
  let { seq, prevHash } = start;
  for (const e of entries) {
    if (e.seq !== seq) {
      problems.push({ seq, problem: `entry ${seq} is missing (next entry found is ${e.seq})` });
    }
    if (e.prevHash !== prevHash) {
      problems.push({ seq: e.seq, problem: `entry ${e.seq} does not link to the entry before it` });
    }
    const expected = auditHash(e.prevHash, e);
    if (expected !== e.hash) {
      problems.push({
        seq: e.seq,
        problem: `entry ${e.seq} was altered (its hash does not match its content)`,
      });
    }
    seq = e.seq + 1;
    prevHash = e.hash;
  }
  return { problems, next: { seq, prevHash } };
}
