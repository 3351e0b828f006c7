import { Cron } from 'croner';
import type { Database } from '../../db/connect.ts';
import { decodeCursor, encodeCursor } from '../../db/pagination.ts';
import { RuleError } from '../../domain/errors.ts';
import type { JobRunView, JobView } from '../../domain/jobs/views.ts';
import type { Actor, AuditService } from '../audit/audit.service.ts';
import { JobsRepository, type JobRunRow } from './jobs.repository.ts';

/** Schedules are read in the bureau's time zone. */
export const JOB_TIME_ZONE = 'Asia/Shanghai';

export type JobTrigger = 'schedule' | 'catch-up' | 'manual';

/** A named job: a cron expression and the work of one run. */
export interface JobDefinition {
  name: string;
  /** croner expression, read in JOB_TIME_ZONE */
  cron: string;
  title: { zh: string; en: string };
  /** does the work of a run for its instant (the slot, or now for a manual run); returns the items handled */
  run(at: Date): Promise<number>;
}

export type { JobRunView, JobView };

/** The calendar date of an instant in a time zone (YYYY-MM-DD): the "today" of a job run. */
export function dateIn(at: Date, timeZone = JOB_TIME_ZONE): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

function runView(r: JobRunRow): JobRunView {
  const finished = r.finished_at;
  return {
    id: Number(r.id),
    job: r.job,
    trigger: r.trigger,
    slot: r.slot,
    status: r.status,
    startedAt: r.started_at,
    finishedAt: finished,
    durationMs: finished ? Date.parse(finished) - Date.parse(r.started_at) : null,
    items: Number(r.items),
    error: r.error,
  };
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e)).slice(0, 2000);

/** A scheduled run fired by the timer is matched to its slot with this tolerance (timers may fire early). */
const FIRE_TOLERANCE_MS = 250;

/**
 * Scheduled jobs, run in-process. Every run is a job_run row; a scheduled run first claims its slot by
 * inserting the unique (job, slot) row, so a restart or a second instance on the same database never runs
 * a slot twice, and the latest slot missed while no process was up is run once at start (catch-up).
 */
export class JobsService {
  private readonly repo = new JobsRepository();
  private readonly jobs = new Map<string, { def: JobDefinition; cron: Cron }>();
  private timers: Cron[] = [];

  constructor(
    private readonly database: Database,
    private readonly audit: AuditService,
  ) {}

  register(def: JobDefinition): void {
    if (this.jobs.has(def.name)) throw new Error(`job ${def.name} is registered twice`);
    const cron = new Cron(def.cron, { timezone: JOB_TIME_ZONE, paused: true });
    this.jobs.set(def.name, { def, cron });
  }

  names(): string[] {
    return [...this.jobs.keys()];
  }

  private job(name: string): { def: JobDefinition; cron: Cron } {
    const j = this.jobs.get(name);
    if (!j)
      throw new RuleError(
        'NOT_FOUND',
        `no job ${name}`,
        [{ field: 'name', reason: `must be one of ${this.names().join(', ')}` }],
        404,
      );
    return j;
  }

  /** The latest schedule slot of a job at or before an instant. */
  latestSlot(name: string, at: Date): Date | undefined {
    return this.job(name).cron.previousRuns(1, at)[0];
  }

  private async execute(id: number, def: JobDefinition, at: Date): Promise<JobRunView> {
    const db = this.database.db;
    try {
      const items = await def.run(at);
      await this.repo.finish(db, id, 'done', items, null);
    } catch (e) {
      await this.repo.finish(db, id, 'failed', 0, errorText(e));
    }
    return runView((await this.repo.run(db, id))!);
  }

  /** Run one schedule slot unless some process has claimed it already (then undefined). */
  async runSlot(
    name: string,
    slot: Date,
    trigger: Exclude<JobTrigger, 'manual'>,
  ): Promise<JobRunView | undefined> {
    const { def } = this.job(name);
    const id = await this.repo.claimSlot(this.database.db, name, slot.toISOString(), trigger);
    if (id === undefined) return undefined;
    return this.execute(id, def, slot);
  }

  /** Run the latest missed slot of every job once (at start: slots that fell while no process was up). */
  async catchUp(now = new Date()): Promise<JobRunView[]> {
    const out: JobRunView[] = [];
    for (const name of this.names()) {
      const slot = this.latestSlot(name, now);
      if (!slot || (await this.repo.slotTaken(this.database.db, name, slot.toISOString()))) continue;
      const r = await this.runSlot(name, slot, 'catch-up');
      if (r) out.push(r);
    }
    return out;
  }

  /** "Run now": a manual run outside the schedule, recorded and audited. */
  async runNow(actor: Actor, name: string): Promise<JobRunView> {
    const { def } = this.job(name);
    const id = await this.database.db.transaction().execute(async (tx) => {
      const runId = await this.repo.startManual(tx, name);
      await this.audit.record(tx, actor, { action: 'jobs.run', targetType: 'job', targetId: name });
      return runId;
    });
    return this.execute(id, def, new Date());
  }

  /** Start the timers (zhihui serve only) and catch up on missed slots in the background. */
  start(onError: (e: unknown) => void = (e) => console.error(e)): Promise<JobRunView[]> {
    for (const name of this.names())
      this.timers.push(
        new Cron(this.job(name).def.cron, { timezone: JOB_TIME_ZONE, protect: true }, async () => {
          const slot = this.latestSlot(name, new Date(Date.now() + FIRE_TOLERANCE_MS));
          if (slot) await this.runSlot(name, slot, 'schedule').catch(onError);
        }),
      );
    return this.catchUp().catch((e: unknown) => {
      onError(e);
      return [];
    });
  }

  stop(): void {
    for (const t of this.timers) t.stop();
    this.timers = [];
  }

  async list(): Promise<JobView[]> {
    const out: JobView[] = [];
    for (const [name, { def, cron }] of this.jobs) {
      const runs = await this.repo.runs(this.database.db, name, 5);
      out.push({
        name,
        title: def.title,
        cron: def.cron,
        timeZone: JOB_TIME_ZONE,
        nextRun: cron.nextRun()?.toISOString() ?? null,
        lastRuns: runs.map(runView),
      });
    }
    return out;
  }

  async runs(
    name: string,
    limit: number,
    cursor?: string,
  ): Promise<{ items: JobRunView[]; nextCursor: string | null }> {
    this.job(name);
    const c = decodeCursor(cursor);
    const rows = await this.repo.runs(this.database.db, name, limit, c?.id);
    const last = rows[rows.length - 1];
    return {
      items: rows.map(runView),
      nextCursor: rows.length === limit && last ? encodeCursor({ v: null, id: Number(last.id) }) : null,
    };
  }
}
