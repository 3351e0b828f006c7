import { createHash, randomBytes } from 'node:crypto';
import ical from 'ical-generator';
import type { Database } from '../../db/connect.ts';
import { RuleError, type FieldError } from '../../domain/errors.ts';
import { isIsoDate } from '../../domain/calendar/dates.ts';
import { recordPayment as checkPayment } from '../../domain/lifecycle/deadlines.ts';
import type { AuditService, Actor } from '../audit/audit.service.ts';
import type { Access, RegistryService } from '../registry/registry.service.ts';
import {
  LifecycleRepository,
  type AssetScope,
  type DeadlineInsert,
  type DeadlineRow,
  type PaymentRow,
  type ReductionRow,
} from './lifecycle.repository.ts';
import {
  patentInput,
  scheduleOf,
  storedRows,
  type LifecycleInput,
  type ScheduleView,
} from './lifecycle.schedule.ts';

export type { AnnualFeeView, RenewalView, ScheduleView } from './lifecycle.schedule.ts';

export const today = (): string => new Date().toISOString().slice(0, 10);

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

/** rights per recompute page: one read of each table and one transaction per page */
const RECOMPUTE_PAGE = 10_000;

export interface NewPayment {
  patentYear: number;
  paidOn: string;
  amount: number;
  note?: string | null;
}

function paymentFieldErrors(p: NewPayment, prefix: string): FieldError[] {
  const errors: FieldError[] = [];
  if (!isIsoDate(p.paidOn))
    errors.push({ field: `${prefix}paidOn`, reason: `"${p.paidOn}" is not a valid date (YYYY-MM-DD)` });
  if (!(p.amount > 0)) errors.push({ field: `${prefix}amount`, reason: 'must be more than 0 yuan' });
  return errors;
}

/**
 * A payment checked against the right's schedule (refused with the rule's reason, on the field `prefix`
 * + patentYear / amount), as the row to store and its audit entry.
 */
function checkedPayment(
  a: LifecycleInput,
  payments: readonly PaymentRow[],
  reduction: ReductionRow | undefined,
  p: NewPayment,
  actor: Actor,
  prefix: string,
) {
  if (a.kind !== 'patent' || !a.grantDate || !a.filingDate)
    throw new RuleError('VALIDATION', 'annual fees are paid for granted patents with a filing date', [
      { field: `${prefix}patentYear`, reason: 'this right has no annual-fee schedule' },
    ]);
  const r = checkPayment(patentInput(a, payments, reduction, today()), {
    patentYear: p.patentYear,
    date: p.paidOn,
    amount: p.amount,
  });
  if (!r.ok)
    throw new RuleError(
      r.code,
      r.reason,
      [{ field: `${prefix}${r.code === 'UNDERPAID' ? 'amount' : 'patentYear'}`, reason: r.reason }],
      r.error.status,
    );
  const row: Omit<PaymentRow, 'id'> = {
    asset_id: a.id,
    kind: 'annual_fee',
    patent_year: p.patentYear,
    paid_on: p.paidOn,
    amount: p.amount,
    note: p.note ?? null,
    created_at: new Date().toISOString(),
    created_by: actor.id,
  };
  const audit = {
    action: 'lifecycle.payment',
    targetType: 'asset',
    targetId: a.id,
    detail: {
      patentYear: p.patentYear,
      paidOn: p.paidOn,
      amount: p.amount,
      fee: r.fee,
      lateFee: r.lateFee.amount,
      restorationFee: r.restorationFee,
    },
  };
  return { row, audit };
}

/** asset and content of a row (all of DEADLINE_CONTENT; written out: this runs for every stored row) */
const contentKey = (r: DeadlineInsert): string =>
  `${Number(r.asset_id)}|${r.kind}|${r.period}|${r.due_date}|${r.amount ?? ''}|${r.reduced_amount ?? ''}|${r.grace_end ?? ''}|${r.state}`;

/**
 * What a recompute must write: the stored rows whose content is no longer computed (to delete, by id)
 * and the computed rows not stored yet. A row whose content is unchanged stays as it is — with its id
 * and its computed_on, the as-of date of the recompute that last changed it — so a daily run writes
 * only what moved.
 */
function changedDeadlines(
  stored: readonly DeadlineRow[],
  computed: readonly DeadlineInsert[],
): { stale: number[]; fresh: DeadlineInsert[] } {
  const kept = new Map<string, number>();
  for (const r of computed) kept.set(contentKey(r), (kept.get(contentKey(r)) ?? 0) + 1);
  const stale: number[] = [];
  for (const r of stored) {
    const k = contentKey(r);
    const n = kept.get(k) ?? 0;
    if (n > 0) kept.set(k, n - 1);
    else stale.push(Number(r.id));
  }
  const fresh: DeadlineInsert[] = [];
  for (const r of computed) {
    const k = contentKey(r);
    const n = kept.get(k) ?? 0;
    if (n > 0) {
      kept.set(k, n - 1);
      fresh.push(r);
    }
  }
  return { stale, fresh };
}

/** The stored rows of a page of rights; a right whose data the rules cannot take gets none. */
function rowsOfPage(
  page: { inputs: LifecycleInput[]; payments: PaymentRow[]; reductions: ReductionRow[] },
  asOf: string,
): DeadlineInsert[] {
  const payBy = new Map<number, PaymentRow[]>();
  for (const p of page.payments) {
    const list = payBy.get(Number(p.asset_id));
    if (list) list.push(p);
    else payBy.set(Number(p.asset_id), [p]);
  }
  const redBy = new Map(page.reductions.map((r) => [Number(r.asset_id), r]));
  const rows: DeadlineInsert[] = [];
  for (const a of page.inputs) {
    try {
      rows.push(...storedRows(a, payBy.get(a.id) ?? [], redBy.get(a.id), asOf));
    } catch {
      // e.g. a grant date before the filing date, or a filing date before the term rules
    }
  }
  return rows;
}

/**
 * 全生命周期: deadlines of every right from the versioned rules in domain/lifecycle, payments and
 * fee-reduction recordals, and the region-wide deadline table that the recompute job keeps current.
 */
type AssetView = Awaited<ReturnType<RegistryService['assetsByIds']>>[number];

/** A stored deadline with the right it belongs to, as the region-wide list and the reminders run show it. */
function deadlineView(r: Omit<DeadlineRow, 'id'>, a: AssetView) {
  return {
    assetId: a.id,
    kind: r.kind,
    period: r.period,
    dueDate: r.due_date,
    amount: r.amount,
    reducedAmount: r.reduced_amount,
    graceEnd: r.grace_end,
    state: r.state,
    asset: {
      kind: a.kind,
      subType: a.subType,
      number: a.applicationNumber ?? a.registrationNumber ?? a.publicationNumber,
      title: a.title,
      status: a.status,
      owners: a.owners.map((o) => ({ name: o.name, entityId: o.entityId })),
    },
  };
}

export class LifecycleService {
  private readonly repo: LifecycleRepository;

  constructor(
    private readonly database: Database,
    private readonly audit: AuditService,
    private readonly registry: RegistryService,
  ) {
    this.repo = new LifecycleRepository(database.sqlite);
  }

  async schedule(actor: Actor, access: Access, assetId: number, asOf = today()): Promise<ScheduleView> {
    if (!isIsoDate(asOf))
      throw new RuleError('VALIDATION', 'asOf is not a date', [
        { field: 'asOf', reason: `"${asOf}" is not YYYY-MM-DD` },
      ]);
    await this.registry.getAsset(actor, access, assetId); // visibility check and 404
    const [a] = await this.registry.lifecycleInputs(0, 1, [assetId]);
    const payments = await this.repo.payments(this.database.db, [assetId]);
    const [reduction] = await this.repo.reductions(this.database.db, [assetId]);
    return scheduleOf(a!, payments, reduction, asOf);
  }

  /** Record an annual-fee payment; a payment after the grace end is refused unless a restoration is recorded. */
  async recordPayment(
    actor: Actor,
    access: Access,
    assetId: number,
    p: NewPayment,
    opts: { refresh?: boolean } = {},
  ): Promise<ScheduleView | undefined> {
    const errors = paymentFieldErrors(p, '');
    if (errors.length) throw new RuleError('VALIDATION', 'The payment is not valid', errors);
    await this.registry.getAsset(actor, access, assetId);
    if (!access.canWriteAll && !access.canWriteOwn)
      throw new RuleError('FORBIDDEN', 'you may not record payments', [], 403);
    const [a] = await this.registry.lifecycleInputs(0, 1, [assetId]);
    await this.database.db.transaction().execute(async (tx) => {
      const payments = await this.repo.payments(tx, [assetId]);
      const [reduction] = await this.repo.reductions(tx, [assetId]);
      const checked = checkedPayment(a!, payments, reduction, p, actor, '');
      await this.repo.insertPayments(tx, [checked.row]);
      await this.audit.record(tx, actor, checked.audit);
    });
    if (opts.refresh === false) return undefined; // bulk callers recompute once at the end
    await this.recompute([assetId]);
    return this.schedule(actor, access, assetId);
  }

  /**
   * Record many annual-fee payments in one transaction (bulk loads such as the demo). Each is checked
   * like recordPayment against the rules and the payments before it; one refusal refuses the batch,
   * naming the item (`payments[i].…`), so nothing is half written — unless `skipRefused`, when a refused
   * payment and the later ones of the same right are left out and reported. Needs write access to every
   * right. The caller recomputes the deadlines afterwards.
   */
  async recordPayments(
    actor: Actor,
    access: Access,
    items: (NewPayment & { assetId: number })[],
    opts: { skipRefused?: boolean } = {},
  ): Promise<{ recorded: number; refused: { index: number; code: string; reason: string }[] }> {
    if (!access.canWriteAll)
      throw new RuleError('FORBIDDEN', 'bulk payments need write access to every right', [], 403);
    const errors = items.flatMap((p, i) => paymentFieldErrors(p, `payments[${i}].`));
    if (errors.length) throw new RuleError('VALIDATION', 'Some payments are not valid', errors);
    const ids = [...new Set(items.map((p) => p.assetId))];
    const refused: { index: number; code: string; reason: string }[] = [];
    let recorded = 0;
    const inputs = new Map<number, LifecycleInput>();
    for (let i = 0; i < ids.length; i += RECOMPUTE_PAGE) {
      const chunk = ids.slice(i, i + RECOMPUTE_PAGE);
      for (const a of await this.registry.lifecycleInputs(0, chunk.length, chunk)) inputs.set(a.id, a);
    }
    await this.database.db.transaction().execute(async (tx) => {
      const payBy = new Map<number, PaymentRow[]>();
      const redBy = new Map<number, ReductionRow>();
      for (let i = 0; i < ids.length; i += RECOMPUTE_PAGE) {
        const chunk = ids.slice(i, i + RECOMPUTE_PAGE);
        for (const p of await this.repo.payments(tx, chunk))
          payBy.set(Number(p.asset_id), [...(payBy.get(Number(p.asset_id)) ?? []), p]);
        for (const r of await this.repo.reductions(tx, chunk)) redBy.set(Number(r.asset_id), r);
      }
      const checked: ReturnType<typeof checkedPayment>[] = [];
      const stopped = new Set<number>();
      for (const [i, p] of items.entries()) {
        const a = inputs.get(p.assetId);
        if (!a)
          throw new RuleError('NOT_FOUND', `payment ${i + 1}: no right ${p.assetId}`, [
            { field: `payments[${i}].assetId`, reason: 'no such right' },
          ]);
        if (stopped.has(a.id)) continue;
        const earlier = payBy.get(a.id) ?? [];
        let c: ReturnType<typeof checkedPayment>;
        try {
          c = checkedPayment(a, earlier, redBy.get(a.id), p, actor, `payments[${i}].`);
        } catch (e) {
          if (!opts.skipRefused || !(e instanceof RuleError)) throw e;
          refused.push({ index: i, code: e.code, reason: e.message });
          stopped.add(a.id);
          continue;
        }
        payBy.set(a.id, [...earlier, { id: 0, ...c.row }]);
        checked.push(c);
      }
      await this.repo.insertPayments(
        tx,
        checked.map((c) => c.row),
      );
      for (const c of checked) await this.audit.record(tx, actor, c.audit);
      recorded = checked.length;
    });
    return { recorded, refused };
  }

  /** 费减备案: record the fee reduction (85 % single applicant, 70 % joint) of a right from a date. */
  async setReduction(
    actor: Actor,
    access: Access,
    assetId: number,
    r: { rate: number; recordedOn: string },
  ): Promise<ScheduleView> {
    const errors: FieldError[] = [];
    if (r.rate !== 0.85 && r.rate !== 0.7)
      errors.push({
        field: 'rate',
        reason: 'must be 0.85 (single applicant) or 0.7 (joint applicants) — 财税〔2016〕78号',
      });
    if (!isIsoDate(r.recordedOn))
      errors.push({ field: 'recordedOn', reason: `"${r.recordedOn}" is not a valid date (YYYY-MM-DD)` });
    if (errors.length) throw new RuleError('VALIDATION', 'The reduction is not valid', errors);
    await this.registry.getAsset(actor, access, assetId);
    await this.registry.assertCanWriteAsset(undefined, actor, access, assetId);
    await this.database.db.transaction().execute(async (tx) => {
      await this.repo.setReduction(tx, {
        asset_id: assetId,
        rate: r.rate,
        recorded_on: r.recordedOn,
        created_at: new Date().toISOString(),
        created_by: actor.id,
      });
      await this.audit.record(tx, actor, {
        action: 'lifecycle.reduction',
        targetType: 'asset',
        targetId: assetId,
        detail: r,
      });
    });
    await this.recompute([assetId]);
    return this.schedule(actor, access, assetId);
  }

  /**
   * Pages of rights with their payments and reductions, in id order: the whole register by keyset
   * (each page is then the id range (afterId, lastId]), or just the given ids.
   */
  private async *inputPages(ids?: number[]): AsyncGenerator<{
    scope: AssetScope;
    inputs: LifecycleInput[];
    payments: PaymentRow[];
    reductions: ReductionRow[];
  }> {
    const db = this.database.db;
    const chunks = ids ? [...new Set(ids)].sort((x, y) => x - y) : undefined;
    let after = 0;
    for (let i = 0; ; i += RECOMPUTE_PAGE) {
      const chunk = chunks?.slice(i, i + RECOMPUTE_PAGE);
      if (chunk && chunk.length === 0) return;
      const inputs = chunk
        ? await this.registry.lifecycleInputs(0, chunk.length, chunk)
        : await this.registry.lifecycleInputs(after, RECOMPUTE_PAGE);
      if (!chunk && inputs.length === 0) return;
      const scope: AssetScope = chunk ? { ids: chunk } : { afterId: after, lastId: inputs.at(-1)!.id };
      if (!chunk) after = inputs.at(-1)!.id;
      const [payments, reductions] = [
        await this.repo.payments(db, scope),
        await this.repo.reductions(db, scope),
      ];
      yield { scope, inputs, payments, reductions };
    }
  }

  /**
   * Recompute the stored deadlines of the given assets (or of all assets, in pages) as of a date: each
   * page read in a few queries, its rows computed by the fast path (lifecycle.schedule storedRows) and
   * replaced in one transaction. Run after imports, events, payments and rule changes; a full run is
   * recorded in job_run.
   */
  async recompute(ids?: number[], asOf = today()): Promise<{ assets: number; deadlines: number }> {
    const db = this.database.db;
    const jobId = ids ? undefined : await this.repo.startJob(db, 'deadlines.recompute');
    let assets = 0;
    let deadlines = 0;
    try {
      for await (const page of this.inputPages(ids)) {
        const rows = rowsOfPage(page, asOf);
        await db.transaction().execute(async (tx) => {
          const { stale, fresh } = changedDeadlines(await this.repo.deadlinesOf(tx, page.scope), rows);
          await this.repo.deleteDeadlines(tx, stale);
          await this.repo.insertDeadlines(tx, fresh);
        });
        assets += page.inputs.length;
        deadlines += rows.length;
      }
      if (jobId) await this.repo.finishJob(db, jobId, 'done', assets, null);
    } catch (e) {
      if (jobId)
        await this.repo.finishJob(db, jobId, 'failed', assets, e instanceof Error ? e.message : String(e));
      throw e;
    }
    return { assets, deadlines };
  }

  /**
   * An entity's portfolio over time: fees (after reductions) of unpaid annual-fee deadlines due in each
   * of the next `years` calendar years (a fee in its grace period that fell due in an earlier year counts
   * in the current one: it is paid now or never), and its next `nextLimit` deadlines (the portfolio
   * calendar asks for more). Computed from the rules, not the cache.
   */
  async entityForecast(
    actor: Actor,
    access: Access,
    entityId: number,
    years = 5,
    asOf = today(),
    nextLimit = 50,
  ) {
    const ids = await this.registry.assetIdsOfEntity(entityId);
    const first = Number(asOf.slice(0, 4));
    const byYear = new Map<number, { year: number; fees: number; count: number }>();
    for (let y = first; y < first + years; y++) byYear.set(y, { year: y, fees: 0, count: 0 });
    const upcoming: {
      assetId: number;
      kind: string;
      period: number;
      dueDate: string;
      amount: number | null;
      state: string;
    }[] = [];
    for (let i = 0; i < ids.length; i += 1000) {
      const chunk = ids.slice(i, i + 1000);
      const inputs = await this.registry.lifecycleInputs(0, chunk.length, chunk);
      const payments = await this.repo.payments(this.database.db, chunk);
      const reductions = await this.repo.reductions(this.database.db, chunk);
      for (const a of inputs) {
        let s: ScheduleView;
        try {
          s = scheduleOf(
            a,
            payments.filter((p) => Number(p.asset_id) === a.id),
            reductions.find((r) => Number(r.asset_id) === a.id),
            asOf,
          );
        } catch {
          continue;
        }
        for (const d of s.deadlines) {
          const open =
            d.state === 'open' ||
            d.state === 'in_grace' ||
            d.state === 'not_yet_due' ||
            d.state === 'in_window' ||
            d.state === 'before_window';
          const due = d.kind === 'annual_fee' ? d.dueDate : d.expiry;
          if (!open || (due < asOf && d.state !== 'in_grace')) continue;
          const bucket = byYear.get(Math.max(first, Number(due.slice(0, 4))));
          if (bucket && d.kind === 'annual_fee') {
            bucket.fees += d.reducedAmount;
            bucket.count++;
          }
          upcoming.push({
            assetId: a.id,
            kind: d.kind,
            period: d.kind === 'annual_fee' ? d.patentYear : d.term,
            dueDate: due,
            amount: d.kind === 'annual_fee' ? d.reducedAmount : null,
            state: d.state,
          });
        }
      }
    }
    upcoming.sort((x, y) => (x.dueDate < y.dueDate ? -1 : x.dueDate > y.dueDate ? 1 : x.assetId - y.assetId));
    return { entityId, asOf, forecast: [...byYear.values()], next: upcoming.slice(0, nextLimit) };
  }

  /**
   * Issue (or replace) the entity's iCalendar feed token. The token is returned once; only its hash is
   * kept, so a leaked database does not leak feeds, and issuing a new one revokes the old URL.
   */
  async issueCalendarToken(
    actor: Actor,
    access: Access,
    entityId: number,
  ): Promise<{ token: string; path: string }> {
    await this.registry.getEntity(actor, access, entityId);
    if (!access.canWriteAll && !(access.canWriteOwn && actor.entityId === entityId))
      throw new RuleError('FORBIDDEN', 'you may only issue the calendar of your own entity', [], 403);
    const token = randomBytes(24).toString('base64url');
    await this.database.db.transaction().execute(async (tx) => {
      await this.repo.setCalendarToken(tx, entityId, sha256(token), actor.id);
      await this.audit.record(tx, actor, {
        action: 'lifecycle.calendar_token',
        targetType: 'entity',
        targetId: entityId,
      });
    });
    return { token, path: `/api/v1/calendar/${token}.ics` };
  }

  /** The iCalendar feed behind a token: every open deadline of the entity's rights, as all-day events. */
  async calendarFeed(token: string): Promise<string | undefined> {
    const entityId = await this.repo.entityOfCalendarToken(this.database.db, sha256(token));
    if (entityId === undefined) return undefined;
    const system: Actor = { id: null, name: 'calendar', role: 'admin', entityId };
    const all: Access = { canReadPrivate: true, canWriteAll: false, canWriteOwn: false };
    const entity = await this.registry.getEntity(system, all, entityId);
    const f = await this.entityForecast(system, all, entityId, 10);
    const ids = [...new Set(f.next.map((n) => n.assetId))];
    const assets = new Map((await this.registry.assetsByIds(system, all, ids)).map((a) => [a.id, a]));
    const cal = ical({
      name: `${entity.name} 知识产权期限`,
      prodId: { company: 'zhihui', product: 'deadlines', language: 'ZH' },
    });
    for (const n of f.next) {
      const a = assets.get(n.assetId);
      const number = a
        ? (a.applicationNumber ?? a.registrationNumber ?? a.publicationNumber ?? String(a.id))
        : String(n.assetId);
      const what =
        n.kind === 'annual_fee'
          ? `第${n.period}年年费 ${n.amount ?? ''}元`
          : `商标续展（第${n.period}期届满）`;
      cal.createEvent({
        id: `${n.assetId}-${n.kind}-${n.period}@zhihui`,
        start: new Date(`${n.dueDate}T00:00:00Z`),
        allDay: true,
        summary: `${what} · ${number}`,
        description: `${a?.title ?? ''}\n状态 state: ${n.state}`,
      });
    }
    return cal.toString();
  }

  /** Region-wide deadline list (e.g. rights in grace, due in the next 90 days), joined to the assets. */
  async listDeadlines(
    actor: Actor,
    access: Access,
    f: {
      state?: string[];
      kind?: string;
      dueFrom?: string;
      dueTo?: string;
      entityId?: number;
      limit: number;
      offset: number;
    },
  ) {
    const assetIds = f.entityId !== undefined ? await this.registry.assetIdsOfEntity(f.entityId) : undefined;
    const { rows, total } = await this.repo.listDeadlines(
      this.database.db,
      { ...f, assetIds },
      f.limit,
      f.offset,
    );
    // one read for the page's rights; the ones this user may not see are left out
    const ids = [...new Set(rows.map((r) => Number(r.asset_id)))];
    const assets = new Map((await this.registry.assetsByIds(actor, access, ids)).map((a) => [a.id, a]));
    const items = rows.flatMap((r) => {
      const a = assets.get(Number(r.asset_id));
      return a ? [deadlineView(r, a)] : [];
    });
    return { items, total };
  }

  /**
   * Deadlines with a possible reminder on a day (not settled, due by `horizon`, not past the grace end), with
   * their rights and owners, in pages for the reminders run (notifications module).
   */
  async remindableDeadlines(today: string, horizon: string, afterId: number, limit: number) {
    const rows = await this.repo.remindable(this.database.db, today, horizon, afterId, limit);
    const system: Actor = { id: null, name: 'reminders', role: 'admin', entityId: null };
    const all: Access = { canReadPrivate: true, canWriteAll: false, canWriteOwn: false };
    const ids = [...new Set(rows.map((r) => Number(r.asset_id)))];
    const assets = new Map((await this.registry.assetsByIds(system, all, ids)).map((a) => [a.id, a]));
    return rows.flatMap((r) => {
      const a = assets.get(Number(r.asset_id));
      return a ? [{ id: Number(r.id), ...deadlineView(r, a) }] : [];
    });
  }
}
