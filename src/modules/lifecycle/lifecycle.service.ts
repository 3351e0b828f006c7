import { createHash, randomBytes } from 'node:crypto';
import ical from 'ical-generator';
import type { Database } from '../../db/connect.ts';
import { RuleError, type FieldError } from '../../domain/errors.ts';
import { isIsoDate } from '../../domain/calendar/dates.ts';
import {
  computePatentSchedule,
  recordPayment as checkPayment,
  trademarkSchedule,
  type AnnualFeeDeadline,
  type PatentScheduleInput,
  type TrademarkTerm,
} from '../../domain/lifecycle/deadlines.ts';
import type { AuditService, Actor } from '../audit/audit.service.ts';
import type { Access, RegistryService } from '../registry/registry.service.ts';
import {
  LifecycleRepository,
  type DeadlineInsert,
  type PaymentRow,
  type ReductionRow,
} from './lifecycle.repository.ts';

type LifecycleInput = Awaited<ReturnType<RegistryService['lifecycleInputs']>>[number];

export interface AnnualFeeView {
  kind: 'annual_fee';
  patentYear: number;
  grantYearFee: boolean;
  anniversary: string;
  opensOn: string;
  dueDate: string;
  amount: number;
  reducedAmount: number;
  reduction: string | null;
  graceEnd: string | null;
  state: string;
  paidOn: string | null;
  paidAmount: number | null;
  restoredOn: string | null;
  /** the late fee if paid on the as-of date (null when not payable then) */
  lateFeeIfPaidToday: { percent: number; amount: number } | null;
  feeBasis: string;
}

export interface RenewalView {
  kind: 'trademark_renewal';
  term: number;
  termStart: string;
  expiry: string;
  windowStart: string;
  windowEnd: string;
  graceEnd: string;
  state: string;
  renewedOn: string | null;
  basis: string;
}

export interface ScheduleView {
  assetId: number;
  asOf: string;
  /** why there is no schedule, when there is none */
  note: string | null;
  deadlines: (AnnualFeeView | RenewalView)[];
}

const PATENT_TYPES = new Set(['invention', 'utility_model', 'design']);

function annualView(d: AnnualFeeDeadline, asOf: string): AnnualFeeView {
  let late: AnnualFeeView['lateFeeIfPaidToday'] = null;
  if (d.state === 'open' || d.state === 'in_grace' || d.state === 'not_yet_due') {
    try {
      const l = d.lateFeeIfPaidOn(asOf);
      late = { percent: l.percent, amount: l.amount };
    } catch {
      late = null;
    }
  }
  return {
    kind: 'annual_fee',
    patentYear: d.patentYear,
    grantYearFee: d.grantYearFee,
    anniversary: d.anniversary,
    opensOn: d.opensOn,
    dueDate: d.dueDate,
    amount: d.amount,
    reducedAmount: d.reducedAmount,
    reduction: d.reduction ? `${d.reduction.percentOff}% (${d.reduction.basis})` : null,
    graceEnd: d.graceEnd,
    state: d.state,
    paidOn: d.payment?.date ?? null,
    paidAmount: d.payment?.amount ?? null,
    restoredOn: d.restoredOn,
    lateFeeIfPaidToday: late,
    feeBasis: d.feeBasis,
  };
}

function renewalView(t: TrademarkTerm): RenewalView {
  return {
    kind: 'trademark_renewal',
    term: t.term,
    termStart: t.termStart,
    expiry: t.expiry,
    windowStart: t.windowStart,
    windowEnd: t.windowEnd,
    graceEnd: t.graceEnd,
    state: t.state,
    renewedOn: t.renewedOn,
    basis: t.rule.basis,
  };
}

export const today = (): string => new Date().toISOString().slice(0, 10);

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

/**
 * The deadlines worth a region-wide list, as stored rows: every unpaid fee that is open, in grace or
 * missed, and the next one not yet due; for trademarks the current term. Paid and no-longer-owed years
 * stay computable per right but are not stored (a million rights would otherwise mean twenty million rows).
 */
function actionableRows(assetId: number, s: ScheduleView, asOf: string): DeadlineInsert[] {
  const rows: DeadlineInsert[] = [];
  let nextDue = false;
  for (const d of s.deadlines) {
    if (d.kind === 'annual_fee') {
      const keep =
        d.state === 'open' ||
        d.state === 'in_grace' ||
        d.state === 'missed' ||
        (d.state === 'not_yet_due' && !nextDue);
      if (d.state === 'not_yet_due') nextDue = true;
      if (keep)
        rows.push({
          asset_id: assetId,
          kind: d.kind,
          period: d.patentYear,
          due_date: d.dueDate,
          amount: d.amount,
          reduced_amount: d.reducedAmount,
          grace_end: d.graceEnd,
          state: d.state,
          computed_on: asOf,
        });
    }
  }
  const terms = s.deadlines.filter((d): d is RenewalView => d.kind === 'trademark_renewal');
  const current = terms[terms.length - 1];
  if (current)
    rows.push({
      asset_id: assetId,
      kind: current.kind,
      period: current.term,
      due_date: current.expiry,
      amount: null,
      reduced_amount: null,
      grace_end: current.graceEnd,
      state: current.state,
      computed_on: asOf,
    });
  return rows;
}

/**
 * 全生命周期: deadlines of every right from the versioned rules in domain/lifecycle, payments and
 * fee-reduction recordals, and the region-wide deadline table that the recompute job keeps current.
 */
export class LifecycleService {
  private readonly repo = new LifecycleRepository();

  constructor(
    private readonly database: Database,
    private readonly audit: AuditService,
    private readonly registry: RegistryService,
  ) {}

  private patentInput(
    a: LifecycleInput,
    payments: PaymentRow[],
    reduction: ReductionRow | undefined,
    asOf: string,
  ): PatentScheduleInput {
    return {
      patentType: a.subType as PatentScheduleInput['patentType'],
      filingDate: a.filingDate!,
      ...(a.grantDate ? { grantDate: a.grantDate } : {}),
      payments: payments
        .filter((p) => p.kind === 'annual_fee' && p.patent_year !== null)
        .map((p) => ({ patentYear: p.patent_year!, date: p.paid_on, amount: p.amount })),
      ...(reduction
        ? { reduction: { rate: reduction.rate as 0.85 | 0.7, recordedOn: reduction.recorded_on } }
        : {}),
      events: a.events,
      asOf,
    };
  }

  /** The schedule of one asset from its data, events, payments and reduction, as of a date. */
  private compute(
    a: LifecycleInput,
    payments: PaymentRow[],
    reduction: ReductionRow | undefined,
    asOf: string,
  ): ScheduleView {
    const base = { assetId: a.id, asOf };
    if (a.office !== 'CN')
      return { ...base, note: 'deadlines are computed for CN rights only', deadlines: [] };
    if (a.kind === 'patent') {
      if (!a.subType || !PATENT_TYPES.has(a.subType))
        return { ...base, note: 'the patent type is not known', deadlines: [] };
      if (!a.filingDate)
        return { ...base, note: 'no filing date: annual fees cannot be computed', deadlines: [] };
      if (!a.grantDate)
        return {
          ...base,
          note: 'not granted yet (no grant announcement date): no annual fees are due',
          deadlines: [],
        };
      const r = computePatentSchedule(this.patentInput(a, payments, reduction, asOf));
      return { ...base, note: null, deadlines: r.entries.map((d) => annualView(d, asOf)) };
    }
    if (a.kind === 'trademark') {
      if (!a.registrationDate)
        return { ...base, note: 'not registered yet: no renewal is due', deadlines: [] };
      const renewals = a.events.filter((e) => e.code === 'TM_RENEW').map((e) => ({ date: e.date }));
      const terms = trademarkSchedule({ registrationDate: a.registrationDate, renewals, asOf });
      return { ...base, note: null, deadlines: terms.map(renewalView) };
    }
    return { ...base, note: 'copyright registrations have no renewals or fees', deadlines: [] };
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
    return this.compute(a!, payments, reduction, asOf);
  }

  /** Record an annual-fee payment; a payment after the grace end is refused unless a restoration is recorded. */
  async recordPayment(
    actor: Actor,
    access: Access,
    assetId: number,
    p: { patentYear: number; paidOn: string; amount: number; note?: string | null },
    opts: { refresh?: boolean } = {},
  ): Promise<ScheduleView | undefined> {
    const errors: FieldError[] = [];
    if (!isIsoDate(p.paidOn))
      errors.push({ field: 'paidOn', reason: `"${p.paidOn}" is not a valid date (YYYY-MM-DD)` });
    if (!(p.amount > 0)) errors.push({ field: 'amount', reason: 'must be more than 0 yuan' });
    if (errors.length) throw new RuleError('VALIDATION', 'The payment is not valid', errors);
    await this.registry.getAsset(actor, access, assetId);
    if (!access.canWriteAll && !access.canWriteOwn)
      throw new RuleError('FORBIDDEN', 'you may not record payments', [], 403);
    const [a] = await this.registry.lifecycleInputs(0, 1, [assetId]);
    if (a!.kind !== 'patent' || !a!.grantDate || !a!.filingDate)
      throw new RuleError('VALIDATION', 'annual fees are paid for granted patents with a filing date', [
        { field: 'patentYear', reason: 'this right has no annual-fee schedule' },
      ]);
    await this.database.db.transaction().execute(async (tx) => {
      const payments = await this.repo.payments(tx, [assetId]);
      const [reduction] = await this.repo.reductions(tx, [assetId]);
      const r = checkPayment(this.patentInput(a!, payments, reduction, today()), {
        patentYear: p.patentYear,
        date: p.paidOn,
        amount: p.amount,
      });
      if (!r.ok)
        throw new RuleError(
          r.code,
          r.reason,
          [{ field: r.code === 'UNDERPAID' ? 'amount' : 'patentYear', reason: r.reason }],
          r.error.status,
        );
      await this.repo.insertPayment(tx, {
        asset_id: assetId,
        kind: 'annual_fee',
        patent_year: p.patentYear,
        paid_on: p.paidOn,
        amount: p.amount,
        note: p.note ?? null,
        created_at: new Date().toISOString(),
        created_by: actor.id,
      });
      await this.audit.record(tx, actor, {
        action: 'lifecycle.payment',
        targetType: 'asset',
        targetId: assetId,
        detail: {
          patentYear: p.patentYear,
          paidOn: p.paidOn,
          amount: p.amount,
          fee: r.fee,
          lateFee: r.lateFee.amount,
          restorationFee: r.restorationFee,
        },
      });
    });
    if (opts.refresh === false) return undefined; // bulk callers recompute once at the end
    await this.recompute([assetId]);
    return this.schedule(actor, access, assetId);
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
   * Recompute the stored deadlines of the given assets (or of all assets, in pages) as of a date.
   * Run after imports, events, payments and rule changes; recorded in job_run.
   */
  async recompute(ids?: number[], asOf = today()): Promise<{ assets: number; deadlines: number }> {
    const db = this.database.db;
    const jobId = ids ? undefined : await this.repo.startJob(db, 'deadlines.recompute');
    let assets = 0;
    let deadlines = 0;
    try {
      let after = 0;
      const PAGE = 5000;
      for (;;) {
        const page = await this.registry.lifecycleInputs(after, PAGE, ids);
        if (page.length === 0) break;
        after = page[page.length - 1]!.id;
        const pageIds = page.map((a) => a.id);
        const payments = await this.repo.payments(db, pageIds);
        const reductions = await this.repo.reductions(db, pageIds);
        const payBy = new Map<number, PaymentRow[]>();
        for (const p of payments)
          payBy.set(Number(p.asset_id), [...(payBy.get(Number(p.asset_id)) ?? []), p]);
        const redBy = new Map(reductions.map((r) => [Number(r.asset_id), r]));
        const rows: DeadlineInsert[] = [];
        for (const a of page) {
          let s: ScheduleView;
          try {
            s = this.compute(a, payBy.get(a.id) ?? [], redBy.get(a.id), asOf);
          } catch {
            continue; // an asset whose data the rules cannot take (e.g. a filing date outside the fee tables)
          }
          rows.push(...actionableRows(a.id, s, asOf));
        }
        await db.transaction().execute((tx) => this.repo.replaceDeadlines(tx, pageIds, rows));
        assets += page.length;
        deadlines += rows.length;
        if (ids) break;
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
   * of the next `years` calendar years, and the next deadlines. Computed from the rules, not the cache.
   */
  async entityForecast(actor: Actor, access: Access, entityId: number, years = 5, asOf = today()) {
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
          s = this.compute(
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
          const bucket = byYear.get(Number(due.slice(0, 4)));
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
    return { entityId, asOf, forecast: [...byYear.values()], next: upcoming.slice(0, 50) };
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
    const assets = new Map<number, Awaited<ReturnType<RegistryService['getAsset']>>>();
    for (const id of new Set(rows.map((r) => Number(r.asset_id))))
      try {
        assets.set(id, await this.registry.getAsset(actor, access, id));
      } catch {
        // not visible to this user: left out
      }
    const items = rows
      .filter((r) => assets.has(Number(r.asset_id)))
      .map((r) => {
        const a = assets.get(Number(r.asset_id))!;
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
      });
    return { items, total };
  }
}
