import type { Selectable } from 'kysely';
import type { Executor } from '../../db/connect.ts';
import type { ImportJobTable } from '../../db/schema.ts';

export type ImportJobRow = Selectable<ImportJobTable>;

export class ImportsRepository {
  async createJob(
    tx: Executor,
    j: { file_name: string; format: string | null; user_id: number | null; started_at: string },
  ): Promise<number> {
    const r = await tx
      .insertInto('import_job')
      .values({ ...j, status: 'running' })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(r.id);
  }

  async addCounts(
    tx: Executor,
    id: number,
    c: { total: number; inserted: number; updated: number; unchanged: number; rejected: number },
  ): Promise<void> {
    await tx
      .updateTable('import_job')
      .set((eb) => ({
        total: eb('total', '+', c.total),
        inserted: eb('inserted', '+', c.inserted),
        updated: eb('updated', '+', c.updated),
        unchanged: eb('unchanged', '+', c.unchanged),
        rejected: eb('rejected', '+', c.rejected),
      }))
      .where('id', '=', id)
      .execute();
  }

  async insertRejects(
    tx: Executor,
    rows: { job_id: number; ref: string; field: string | null; reason: string }[],
  ): Promise<void> {
    for (let i = 0; i < rows.length; i += 300)
      await tx
        .insertInto('import_reject')
        .values(rows.slice(i, i + 300))
        .execute();
  }

  async finishJob(
    tx: Executor,
    id: number,
    status: 'done' | 'failed',
    error: string | null,
    format: string | null,
  ): Promise<void> {
    await tx
      .updateTable('import_job')
      .set({ status, error, finished_at: new Date().toISOString(), ...(format ? { format } : {}) })
      .where('id', '=', id)
      .execute();
  }

  async getJob(tx: Executor, id: number): Promise<ImportJobRow | undefined> {
    return tx.selectFrom('import_job').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async listJobs(tx: Executor, limit: number, userId?: number): Promise<ImportJobRow[]> {
    return tx
      .selectFrom('import_job')
      .selectAll()
      .$if(userId !== undefined, (q) => q.where('user_id', '=', userId!))
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  }

  async rejects(tx: Executor, jobId: number, limit: number, offset: number) {
    return tx
      .selectFrom('import_reject')
      .select(['ref', 'field', 'reason'])
      .where('job_id', '=', jobId)
      .orderBy('id')
      .limit(limit)
      .offset(offset)
      .execute();
  }

  /** Jobs left 'running' by a process that died: mark them failed on start. */
  async failStale(tx: Executor): Promise<void> {
    await tx
      .updateTable('import_job')
      .set({
        status: 'failed',
        error: 'the server stopped while this import was running; re-run it (imports are idempotent)',
        finished_at: new Date().toISOString(),
      })
      .where('status', '=', 'running')
      .execute();
  }
}
