import type { Selectable } from 'kysely';
import type { Executor } from '../../db/connect.ts';
import type { JobRunTable } from '../../db/schema.ts';

export type JobRunRow = Selectable<JobRunTable>;

export class JobsRepository {
  /**
   * Claim one schedule slot of a job: insert its unique (job, slot) row. Returns the run id, or undefined
   * when another process (or an earlier life of this one) already holds the slot.
   */
  async claimSlot(tx: Executor, job: string, slot: string, trigger: string): Promise<number | undefined> {
    const r = await tx
      .insertInto('job_run')
      .values({ job, slot, trigger, status: 'running', started_at: new Date().toISOString() })
      .onConflict((oc) => oc.columns(['job', 'slot']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return r ? Number(r.id) : undefined;
  }

  async startManual(tx: Executor, job: string): Promise<number> {
    const r = await tx
      .insertInto('job_run')
      .values({ job, slot: null, trigger: 'manual', status: 'running', started_at: new Date().toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(r.id);
  }

  async finish(
    tx: Executor,
    id: number,
    status: 'done' | 'failed',
    items: number,
    error: string | null,
  ): Promise<void> {
    await tx
      .updateTable('job_run')
      .set({ status, items, error, finished_at: new Date().toISOString() })
      .where('id', '=', id)
      .execute();
  }

  async run(tx: Executor, id: number): Promise<JobRunRow | undefined> {
    return tx.selectFrom('job_run').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async slotTaken(tx: Executor, job: string, slot: string): Promise<boolean> {
    const r = await tx
      .selectFrom('job_run')
      .select('id')
      .where('job', '=', job)
      .where('slot', '=', slot)
      .executeTakeFirst();
    return r !== undefined;
  }

  /** The latest runs of a job, newest first, keyset-paged by id. */
  async runs(tx: Executor, job: string, limit: number, beforeId?: number): Promise<JobRunRow[]> {
    return tx
      .selectFrom('job_run')
      .selectAll()
      .where('job', '=', job)
      .$if(beforeId !== undefined, (q) => q.where('id', '<', beforeId!))
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  }
}
