import type { Database } from '../../db/connect.ts';
import { NotFoundError } from '../../domain/errors.ts';
import type { CanonicalEntity, CanonicalRecord, ImportItem } from '../../domain/records/canonical.ts';
import { openImport } from '../../importers/registry.ts';
import type { ImportFormat } from '../../importers/types.ts';
import type { Actor } from '../audit/audit.service.ts';
import type { RegistryService } from '../registry/registry.service.ts';
import { ImportsRepository, type ImportJobRow } from './imports.repository.ts';

export interface ImportReject {
  ref: string;
  field: string | null;
  reason: string;
}

export interface ImportSummary {
  jobId: number;
  file: string;
  format: string | null;
  status: 'running' | 'done' | 'failed';
  total: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
}

export const BATCH_SIZE = 5000;

function summaryOf(r: ImportJobRow): ImportSummary {
  return {
    jobId: Number(r.id),
    file: r.file_name,
    format: r.format,
    status: r.status as ImportSummary['status'],
    total: r.total,
    inserted: r.inserted,
    updated: r.updated,
    unchanged: r.unchanged,
    rejected: r.rejected,
    error: r.error,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  };
}

export class ImportsService {
  private readonly repo = new ImportsRepository();
  /** live progress of running jobs (bytes read of the file) */
  private readonly live = new Map<number, { bytesRead: number; bytesTotal: number }>();

  constructor(
    private readonly database: Database,
    private readonly registry: RegistryService,
    /** runs after an import that changed data, with the ids of the assets it inserted or updated */
    private readonly afterChange: (changedIds: number[]) => Promise<unknown> = async () => undefined,
  ) {}

  async init(): Promise<void> {
    await this.repo.failStale(this.database.db);
  }

  /**
   * Import one file. Records are stored in batches of BATCH_SIZE; each batch, with its rejects and
   * counters, commits in one transaction or not at all. A file that turns out malformed part-way ends
   * the job as failed with the reason; the batches before it stay (re-running is idempotent).
   */
  async importFile(
    actor: Actor,
    path: string,
    opts: {
      fileName?: string;
      format?: ImportFormat;
      isDemo?: boolean;
      fileSize?: number;
      onJob?: (jobId: number) => void;
      /** recompute deadlines when the import changed data (default true; bulk callers do it once at the end) */
      recompute?: boolean;
    } = {},
  ): Promise<ImportSummary> {
    const db = this.database.db;
    const fileName = opts.fileName ?? path.split('/').pop() ?? path;
    const jobId = await this.repo.createJob(db, {
      file_name: fileName,
      format: opts.format ?? null,
      user_id: actor.id,
      started_at: new Date().toISOString(),
    });
    opts.onJob?.(jobId);
    let format: string | null = opts.format ?? null;
    const live = { bytesRead: 0, bytesTotal: opts.fileSize ?? 0 };
    this.live.set(jobId, live);
    try {
      const opened = await openImport(path, opts.format, (read, total) => {
        live.bytesRead = read;
        live.bytesTotal = total;
      });
      format = opened.importer.format;
      // `seq` is the item's position in the file, so the reject report keeps the file's order
      let batch: { seq: number; ref: string; record: CanonicalRecord }[] = [];
      let entities: { seq: number; ref: string; entity: CanonicalEntity }[] = [];
      let rejectsBatch: (ImportReject & { seq: number })[] = [];
      let seq = 0;
      const changedIds: number[] = [];
      const flush = async () => {
        const records = batch;
        const ents = entities;
        const readRejects = rejectsBatch;
        batch = [];
        entities = [];
        rejectsBatch = [];
        await db.transaction().execute(async (tx) => {
          const r = records.length
            ? await this.registry.upsertRecords(
                tx,
                actor,
                records.map((b) => b.record),
                { isDemo: opts.isDemo, jobId },
              )
            : { inserted: 0, updated: 0, unchanged: 0, rejects: [] };
          const e = ents.length
            ? await this.registry.upsertEntities(
                tx,
                actor,
                ents.map((b) => b.entity),
                { isDemo: opts.isDemo },
              )
            : { inserted: 0, updated: 0, unchanged: 0, rejects: [] };
          if (r.changedIds) changedIds.push(...r.changedIds);
          const rejects = [
            ...readRejects,
            ...r.rejects.map((x) => ({
              seq: records[x.index]!.seq,
              ref: records[x.index]!.ref,
              field: x.field ?? null,
              reason: x.reason,
            })),
            ...e.rejects.map((x) => ({
              seq: ents[x.index]!.seq,
              ref: ents[x.index]!.ref,
              field: x.field ?? null,
              reason: x.reason,
            })),
          ].sort((a, b) => a.seq - b.seq);
          await this.repo.insertRejects(
            tx,
            rejects.map((x) => ({ job_id: jobId, ref: x.ref, field: x.field, reason: x.reason })),
          );
          await this.repo.addCounts(tx, jobId, {
            total: records.length + ents.length + readRejects.length,
            inserted: r.inserted + e.inserted,
            updated: r.updated + e.updated,
            unchanged: r.unchanged + e.unchanged,
            rejected: rejects.length,
          });
        });
      };
      for await (const item of opened.items as AsyncIterable<ImportItem>) {
        seq++;
        if ('record' in item) batch.push({ seq, ...item });
        else if ('entity' in item) entities.push({ seq, ...item });
        else rejectsBatch.push({ seq, ref: item.ref, field: item.field ?? null, reason: item.error });
        if (batch.length + entities.length + rejectsBatch.length >= BATCH_SIZE) await flush();
      }
      await flush();
      await this.repo.finishJob(db, jobId, 'done', null, format);
      const done = await this.repo.getJob(db, jobId);
      if (opts.recompute !== false && done && done.inserted + done.updated > 0)
        await this.afterChange(changedIds);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      await this.repo.finishJob(db, jobId, 'failed', message, format);
    } finally {
      this.live.delete(jobId);
    }
    return this.getJob(jobId);
  }

  async getJob(
    jobId: number,
  ): Promise<ImportSummary & { progress?: { bytesRead: number; bytesTotal: number } }> {
    const r = await this.repo.getJob(this.database.db, jobId);
    if (!r) throw new NotFoundError(`import ${jobId}`);
    const live = this.live.get(jobId);
    return { ...summaryOf(r), ...(live ? { progress: { ...live } } : {}) };
  }

  async listJobs(limit: number, userId?: number): Promise<ImportSummary[]> {
    return (await this.repo.listJobs(this.database.db, limit, userId)).map(summaryOf);
  }

  async rejects(jobId: number, limit: number, offset: number): Promise<ImportReject[]> {
    return this.repo.rejects(this.database.db, jobId, limit, offset);
  }
}
