import type { Database } from '../../db/connect.ts';
import { isIsoDate } from '../../domain/calendar/dates.ts';
import { NotFoundError, RuleError, type FieldError } from '../../domain/errors.ts';
import {
  DENOMINATOR_KINDS,
  INDICATORS,
  growthPercent,
  ratio,
  roundHalfUp,
  validityIntervals,
  yearBefore,
  type DenominatorKind,
  type IndicatorDef,
  type IndicatorId,
  type NumeratorKind,
} from '../../domain/analytics/indicators.ts';
import {
  highValueCategoriesOn,
  highValueFrom,
  highValueSince,
  type HighValueCategory,
} from '../../domain/analytics/high-value.ts';
import {
  SEI_SEED_ROWS,
  SEI_SOURCE,
  SEI_TEMPLATE_COLUMNS,
  parseSeiLine,
  type SeiRow,
} from '../../domain/analytics/sei.ts';
import type { DenominatorView, IndicatorValue } from '../../domain/analytics/views.ts';
import { termCompensationDaysOfJson } from '../../domain/lifecycle/term.ts';
import type { Actor, AuditService } from '../audit/audit.service.ts';
import type { FinanceService } from '../finance/finance.service.ts';
import type { Access, RegistryService } from '../registry/registry.service.ts';
import { AnalyticsRepository, type Scope, type ValidityInsert } from './analytics.repository.ts';
import { CountIndex, type CountRow } from './count-index.ts';
import { readTableFile } from './table-file.ts';

export type { DenominatorView, HighValueCategory, IndicatorId, IndicatorValue };

export interface DenominatorInput {
  region: string;
  street?: string | null;
  kind: string;
  periodFrom?: string | null;
  at: string;
  value: number;
  source: string;
  confidence?: string;
  note?: string | null;
}

const PLEDGE_THRESHOLD = 'pledge_threshold';
const BUILT_VERSION = 'validity_version';
const BUILT_DAY = 'validity_day';
const PAGE = 5000;

export const today = (): string => new Date().toISOString().slice(0, 10);

/** kind_key of a right: CN patents by type, CN trademarks, PCT applications (office WO); others by office. */
function kindKey(a: { kind: string; office: string; sub_type: string | null }): string {
  if (a.office === 'WO' && a.kind === 'patent') return 'pct';
  if (a.office !== 'CN') return `${a.office}:${a.kind}`;
  return a.kind === 'patent' ? `patent:${a.sub_type ?? 'unknown'}` : a.kind;
}

const parseList = (s: string | null): string[] => {
  try {
    const v = JSON.parse(s ?? '[]') as unknown;
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
};

const CONFIDENCE = new Set(['H', 'M', 'L']);

/**
 * 数据应用: the official indicators of domain-rules §6 for a region or street as of any date, from per-right
 * validity intervals and high-value start dates kept in analytics_validity (rebuilt after imports, refreshed for
 * the rights named by later audit entries), cached by data version (the audit log head).
 */
export class AnalyticsService {
  private readonly repo: AnalyticsRepository;
  private readonly cache = new Map<string, IndicatorValue[]>();
  private syncing: Promise<number> | null = null;
  /** the data version and day analytics_validity was last brought to (by this process) */
  private synced: { version: number; day: string } | null = null;
  private index: CountIndex | null = null;
  private indexVersion = -1;

  constructor(
    private readonly database: Database,
    private readonly audit: AuditService,
    private readonly registry: RegistryService,
    private readonly finance: FinanceService,
  ) {
    this.repo = new AnalyticsRepository(database);
  }

  private get db() {
    return this.database.db;
  }

  /** Seed the concordance rows of domain-rules §7 when the table is empty. */
  async init(): Promise<void> {
    if ((await this.repo.seiRows(this.db)).length > 0) return;
    await this.db.transaction().execute((tx) =>
      this.repo.replaceSeiRows(
        tx,
        SEI_SEED_ROWS.map((r) => this.seiRecord(r)),
      ),
    );
  }

  private seiRecord(r: SeiRow, source = SEI_SOURCE) {
    return {
      code: r.code,
      name: r.name,
      ipc_patterns: JSON.stringify(r.ipcPatterns),
      ipc_exclusions: JSON.stringify(r.ipcExclusions),
      keywords: JSON.stringify(r.keywords),
      ipc_only: r.ipcOnly ? 1 : 0,
      source,
    };
  }

  async seiRows(): Promise<(SeiRow & { source: string })[]> {
    return (await this.repo.seiRows(this.db)).map((r) => ({
      code: r.code,
      name: r.name,
      ipcPatterns: parseList(r.ipc_patterns),
      ipcExclusions: parseList(r.ipc_exclusions),
      keywords: parseList(r.keywords),
      ipcOnly: r.ipc_only === 1,
      source: r.source,
    }));
  }

  seiTemplate() {
    return SEI_TEMPLATE_COLUMNS;
  }

  /**
   * Replace the concordance with the table in a CSV/XLSX file (template: SEI_TEMPLATE_COLUMNS, header row first).
   * Nothing is replaced when any line is rejected: each rejected line is reported with its reason.
   */
  async importSei(actor: Actor, buf: Buffer, fileName: string, source: string) {
    const [, ...lines] = await readTableFile(buf, fileName);
    const rows: SeiRow[] = [];
    const rejects: { ref: string; field: string; reason: string }[] = [];
    for (const l of lines) {
      if (l.cells.every((c) => c === '')) continue;
      const r = parseSeiLine(l.cells);
      if ('row' in r) rows.push(r.row);
      else for (const e of r.errors) rejects.push({ ref: l.ref, ...e });
    }
    if (rows.length === 0 && rejects.length === 0)
      rejects.push({ ref: 'file', field: 'file', reason: 'no table rows after the header' });
    if (rejects.length) return { imported: 0, rejected: rejects.length, rejects };
    await this.db.transaction().execute(async (tx) => {
      await this.repo.replaceSeiRows(
        tx,
        rows.map((r) => this.seiRecord(r, source || fileName)),
      );
      await this.audit.record(tx, actor, {
        action: 'analytics.sei_import',
        targetType: 'analytics_setting',
        targetId: 'sei',
        detail: { rows: rows.length, fileName, source },
      });
    });
    return { imported: rows.length, rejected: 0, rejects };
  }

  // -------------------------------------------------------------------------------------------------
  // settings

  async pledgeThreshold(): Promise<number | null> {
    const v = await this.repo.setting(this.db, PLEDGE_THRESHOLD);
    return v === null || v === undefined ? null : Number(v);
  }

  async settings() {
    const threshold = await this.pledgeThreshold();
    return {
      pledgeThreshold: threshold,
      pledgeCategoryApplied: threshold !== null,
      note:
        threshold === null
          ? 'The pledge category (实现较高质押融资金额) is not applied: CNIPA publishes no threshold (domain-rules §6.2, §12.3); an administrator must set one.'
          : `Pledges with a secured amount of at least ${threshold} yuan make an invention patent high-value.`,
    };
  }

  async setPledgeThreshold(actor: Actor, threshold: number | null) {
    if (threshold !== null && !(Number.isFinite(threshold) && threshold > 0))
      throw new RuleError('VALIDATION', 'The threshold is not valid', [
        {
          field: 'pledgeThreshold',
          reason: 'must be more than 0 yuan, or null to stop applying the category',
        },
      ]);
    await this.db.transaction().execute(async (tx) => {
      await this.repo.setSetting(
        tx,
        PLEDGE_THRESHOLD,
        threshold === null ? null : String(threshold),
        actor.id,
      );
      await this.audit.record(tx, actor, {
        action: 'analytics.pledge_threshold',
        targetType: 'analytics_setting',
        targetId: PLEDGE_THRESHOLD,
        detail: { threshold },
      });
    });
    return this.settings();
  }

  // -------------------------------------------------------------------------------------------------
  // hand marks (foreign family granted, awards)

  async setMark(
    actor: Actor,
    access: Access,
    assetId: number,
    m: { category: string; since: string; note?: string | null },
  ) {
    const errors: FieldError[] = [];
    if (m.category !== 'foreign_family' && m.category !== 'award')
      errors.push({ field: 'category', reason: 'must be foreign_family or award (the others are computed)' });
    if (!isIsoDate(m.since))
      errors.push({ field: 'since', reason: `"${m.since}" is not a date (YYYY-MM-DD)` });
    if (errors.length) throw new RuleError('VALIDATION', 'The mark is not valid', errors);
    const asset = await this.registry.getAsset(actor, access, assetId);
    if (asset.kind !== 'patent' || asset.subType !== 'invention')
      throw new RuleError('VALIDATION', 'only invention patents can be high-value', [
        { field: 'assetId', reason: 'not an invention patent' },
      ]);
    await this.db.transaction().execute(async (tx) => {
      await this.repo.setMark(tx, {
        asset_id: assetId,
        category: m.category,
        since: m.since,
        note: m.note ?? null,
        created_by: actor.id,
      });
      await this.audit.record(tx, actor, {
        action: 'analytics.hv_mark',
        targetType: 'asset',
        targetId: assetId,
        detail: m,
      });
    });
    return this.assetHighValue(actor, access, assetId);
  }

  async deleteMark(actor: Actor, access: Access, assetId: number, category: string) {
    await this.registry.getAsset(actor, access, assetId);
    await this.db.transaction().execute(async (tx) => {
      if ((await this.repo.deleteMark(tx, assetId, category)) === 0)
        throw new NotFoundError(`mark ${category} of asset ${assetId}`);
      await this.audit.record(tx, actor, {
        action: 'analytics.hv_mark_delete',
        targetType: 'asset',
        targetId: assetId,
        detail: { category },
      });
    });
    return this.assetHighValue(actor, access, assetId);
  }

  /** The high-value view of one right for its page: categories on a date, their start dates, hand marks. */
  async assetHighValue(actor: Actor, access: Access, assetId: number, at = today()) {
    await this.registry.getAsset(actor, access, assetId);
    await this.sync();
    const [row] = await this.repo.attributionOf(this.db, [assetId]);
    const marks = await this.repo.marksOf(this.db, [assetId]);
    const since = row ? (JSON.parse(row.hv_since) as Partial<Record<HighValueCategory, string>>) : {};
    const valid = !!row?.valid_from && row.valid_from <= at && (row.valid_to === null || row.valid_to > at);
    const categories = valid ? highValueCategoriesOn(since, at) : [];
    return {
      assetId,
      at,
      valid,
      highValue: categories.length > 0,
      categories,
      since,
      marks: marks.map((m) => ({ category: m.category, since: m.since, note: m.note })),
      ...(await this.settings()),
    };
  }

  // -------------------------------------------------------------------------------------------------
  // precomputed validity

  /**
   * Bring analytics_validity up to the current data version: rights named by audit entries since the last build
   * (and, on a new day, the rights whose as-of state can change with the day) are refreshed; an import, an entity
   * change or a rule-setting change rebuilds everything.
   */
  async sync(): Promise<number> {
    for (;;) {
      if (this.syncing) await this.syncing.catch(() => undefined);
      const version = await this.audit.dataVersion(this.db);
      if (this.synced?.version === version && this.synced.day === today()) return version;
      // single flight: no await between the check and the claim, so concurrent callers never refresh twice
      if (this.syncing) continue;
      const run = this.syncTo(version);
      this.syncing = run;
      try {
        return await run;
      } finally {
        if (this.syncing === run) this.syncing = null;
      }
    }
  }

  private async syncTo(version: number): Promise<number> {
    const built = await this.repo.setting(this.db, BUILT_VERSION);
    const day = await this.repo.setting(this.db, BUILT_DAY);
    if (built !== undefined && built !== null && Number(built) === version && day === today()) {
      this.synced = { version, day };
      return version;
    }
    const since = built === undefined || built === null || !day ? null : Number(built);
    let ids = since === null ? null : await this.changedAssets(since, version);
    // a new day changes only trademarks around their 宽展期 and rights with events dated in between
    if (ids && day !== today())
      ids = [...new Set([...ids, ...(await this.repo.dayChanged(this.db, day!, today()))])];
    // invalidate first: a process killed mid-refresh leaves a table that the next start rebuilds
    await this.repo.setSetting(this.db, BUILT_VERSION, null, null);
    if (ids) await this.refreshAndPatch(ids, since!, version);
    else await this.refresh(undefined, version);
    await this.repo.setSetting(this.db, BUILT_VERSION, String(version), null);
    await this.repo.setSetting(this.db, BUILT_DAY, today(), null);
    this.synced = { version, day: today() };
    return version;
  }

  /** Refresh a few rights and patch the in-memory count index with their old and new rows. */
  private async refreshAndPatch(ids: number[], from: number, to: number): Promise<void> {
    const before = new Map((await this.repo.countRows(this.db, ids)).map((r) => [Number(r.asset_id), r]));
    await this.refresh(ids);
    const after = new Map((await this.repo.countRows(this.db, ids)).map((r) => [Number(r.asset_id), r]));
    if (this.index && this.indexVersion === from) {
      for (const id of ids) this.index.patch(before.get(id), after.get(id));
      this.indexVersion = to;
    }
  }

  /** The count index at a data version: loaded from analytics_validity in pages when it is stale. */
  private async countIndex(version: number): Promise<CountIndex> {
    if (this.index && this.indexVersion === version) return this.index;
    const index = new CountIndex();
    let after = 0;
    for (;;) {
      const page = await this.repo.scanCountRows(this.db, after, 50_000);
      if (page.length === 0) break;
      after = Number(page[page.length - 1]!.asset_id);
      for (const r of page) index.push(r);
    }
    index.finish();
    this.index = index;
    this.indexVersion = version;
    return index;
  }

  /** Asset ids written between two data versions, or null when a whole rebuild is needed. */
  private async changedAssets(from: number, to: number): Promise<number[] | null> {
    if (to - from > 2000) return null;
    const entries = await this.audit.list(this.db, { beforeSeq: to + 1, limit: to - from });
    const ids = new Set<number>();
    for (const e of entries) {
      if (e.seq <= from) continue;
      if (e.targetType === 'asset') {
        // a deleted right's row went with it (cascade): its old counts are unknown, so rebuild
        if (e.action === 'asset.delete') return null;
        ids.add(Number(e.targetId));
      } else if (
        e.targetType === 'import_job' ||
        e.targetType === 'entity' ||
        e.targetType === 'analytics_setting'
      )
        return null;
    }
    return [...ids];
  }

  /** Recompute the validity rows of the given rights (all rights when none are given), in pages. */
  async refresh(ids?: number[], version?: number): Promise<{ assets: number }> {
    const knownOn = today();
    const threshold = await this.pledgeThreshold();
    const seiRows = await this.seiRows();
    // a whole rebuild also builds the count index from the rows it writes (no second read)
    const fresh = ids ? null : new CountIndex();
    if (!ids) {
      await this.repo.clearValidity(this.db);
      this.index = null;
    }
    let after = 0;
    let assets = 0;
    for (;;) {
      const page = await this.repo.scanAssets(this.db, after, PAGE, ids);
      if (page.length === 0) break;
      after = Number(page[page.length - 1]!.id);
      const pageIds = page.map((a) => Number(a.id));
      const events = await this.repo.eventsOf(this.db, pageIds);
      const inventions = page.filter((a) => a.sub_type === 'invention').map((a) => Number(a.id));
      const marks = await this.repo.marksOf(this.db, inventions);
      const pledges = await this.finance.pledgesOf(inventions);
      const evBy = groupBy(events, (e) => Number(e.asset_id));
      const markBy = groupBy(marks, (m) => Number(m.asset_id));
      const pledgeBy = groupBy(pledges, (p) => p.assetId);
      const rows: ValidityInsert[] = page.map((a) => {
        const id = Number(a.id);
        const input = {
          kind: a.kind,
          office: a.office,
          subType: a.sub_type,
          filingDate: a.filing_date,
          grantDate: a.grant_date,
          registrationDate: a.registration_date,
          events: (evBy.get(id) ?? []).map((e) => ({ code: e.code, date: e.date })),
          termCompensationDays: termCompensationDaysOfJson(a.details),
        };
        let interval: { from: string; to: string | null } | undefined;
        try {
          interval = validityIntervals(input, knownOn)[0];
        } catch {
          interval = undefined; // dates the rules cannot take (outside the term tables): not counted
        }
        const since =
          a.office === 'CN'
            ? highValueSince(
                {
                  subType: a.sub_type,
                  filingDate: a.filing_date,
                  ipc: parseList(a.ipc),
                  text: `${a.title ?? ''} ${a.abstract ?? ''}`,
                  marks: (markBy.get(id) ?? []).map((m) => ({
                    category: m.category as 'foreign_family' | 'award',
                    date: m.since,
                  })),
                  pledges: (pledgeBy.get(id) ?? []).map((p) => ({
                    date: p.registrationDate,
                    amount: p.amount,
                  })),
                },
                { seiRows, pledgeThreshold: threshold },
              )
            : {};
        return {
          asset_id: id,
          kind_key: kindKey(a),
          region_code: a.region_code,
          street_code: a.street_code,
          filing_date: a.filing_date,
          registration_date: a.kind === 'trademark' ? a.registration_date : a.grant_date,
          valid_from: interval?.from ?? null,
          valid_to: interval?.to ?? null,
          hv_from: highValueFrom(since),
          hv_since: JSON.stringify(since),
        };
      });
      await this.db.transaction().execute((tx) => this.repo.replaceValidity(tx, pageIds, rows));
      if (fresh) for (const r of rows) fresh.push(r as CountRow);
      assets += page.length;
      if (ids && page.length < PAGE) break;
    }
    if (fresh && version !== undefined) {
      fresh.finish();
      this.index = fresh;
      this.indexVersion = version;
    }
    this.cache.clear();
    return { assets };
  }

  // -------------------------------------------------------------------------------------------------
  // indicators

  private checkQuery(q: { region: string; at: string; street?: string }): void {
    const errors: FieldError[] = [];
    if (!/^\d{6}$/.test(q.region))
      errors.push({ field: 'region', reason: `"${q.region}" is not a 6-digit region code` });
    if (!isIsoDate(q.at)) errors.push({ field: 'at', reason: `"${q.at}" is not a date (YYYY-MM-DD)` });
    if (q.street !== undefined && !q.street.startsWith(q.region))
      errors.push({ field: 'street', reason: `street ${q.street} is not in region ${q.region}` });
    if (errors.length) throw new RuleError('VALIDATION', 'The indicator query is not valid', errors);
  }

  /** All indicators of domain-rules §6 for a region (optionally one street) as of a date. */
  async indicators(q: { region: string; at: string; street?: string }): Promise<IndicatorValue[]> {
    this.checkQuery(q);
    const version = await this.sync();
    const key = `${version}|${today()}|${q.region}|${q.street ?? ''}|${q.at}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const scope: Scope = { region: q.region, ...(q.street ? { street: q.street } : {}) };
    const index = await this.countIndex(version);
    const out: IndicatorValue[] = [];
    const values = new Map<string, number>();
    for (const def of INDICATORS) {
      const v = def.growthOf
        ? await this.growthValue(index, def, scope, q.at, values)
        : await this.ratioValue(index, def, scope, q.at);
      if (!def.growthOf) values.set(def.id, v.numerator);
      out.push(v);
    }
    if (this.cache.size > 1000) this.cache.clear();
    this.cache.set(key, out);
    return out;
  }

  private base(def: IndicatorDef) {
    return {
      id: def.id,
      nameZh: def.nameZh,
      nameEn: def.nameEn,
      unit: def.unit,
      ruleVersion: def.ruleVersion,
    };
  }

  private async count(
    index: CountIndex,
    n: NumeratorKind,
    s: Scope,
    at: string,
    period?: { from: string; to: string },
  ): Promise<number> {
    const yearStart = `${at.slice(0, 4)}-01-01`;
    const scope = CountIndex.scopeKey(s.region, s.street);
    switch (n.count) {
      case 'valid':
        return index.validOn(scope, n.kindKey, at);
      case 'valid_high_value':
        return index.highValueOn(scope, n.kindKey, at);
      case 'registered_in_period':
        return index.registeredBetween(scope, n.kindKey, period?.from ?? yearStart, period?.to ?? at);
      case 'filed_in_year':
        return index.filedBetween(scope, n.kindKey, yearStart, at);
      case 'pledge_amount':
        return this.pledgeAmount(s, yearStart, at);
    }
  }

  /** Sum of secured amounts of pledges registered in [from, to] on rights attributed to the scope. */
  private async pledgeAmount(s: Scope, from: string, to: string): Promise<number> {
    const pledges = await this.finance.registeredBetween(from, to);
    const where = await this.repo.attributionOf(this.db, [...new Set(pledges.map((p) => p.assetId))]);
    const inScope = new Set(
      where
        .filter((w) => w.region_code === s.region && (s.street === undefined || w.street_code === s.street))
        .map((w) => Number(w.asset_id)),
    );
    return roundHalfUp(
      pledges.filter((p) => inScope.has(p.assetId)).reduce((t, p) => t + p.amount, 0),
      2,
    );
  }

  private async ratioValue(
    index: CountIndex,
    def: IndicatorDef,
    s: Scope,
    at: string,
  ): Promise<IndicatorValue> {
    if (!def.denominator) {
      const numerator = await this.count(index, def.numerator, s, at);
      return { ...this.base(def), value: ratio(def, numerator, null), numerator, denominator: null };
    }
    const found = await this.repo.denominatorAt(this.db, s, def.denominator.kind, at);
    // a flow (new market entities of a period) is used only for a period that ended within the year before `at`
    const flow = def.denominator.kind === 'new_market_entities';
    const stale = found && flow && found.at < yearBefore(at);
    const d = stale ? undefined : found;
    const period = d && flow ? { from: d.period_from, to: d.at } : undefined;
    const numerator = await this.count(index, def.numerator, s, at, period);
    if (!d)
      return {
        ...this.base(def),
        value: null,
        numerator,
        denominator: null,
        reason: stale
          ? `the latest ${def.denominator.kind} period (${found.period_from}–${found.at}) ended more than a year before ${at}`
          : `no ${def.denominator.kind} figure for ${s.street ?? s.region} dated on or before ${at}`,
      };
    const denominator = Number(d.value);
    return {
      ...this.base(def),
      value: ratio(def, numerator, denominator),
      numerator,
      denominator,
      denominatorSource: `${d.source} (${d.period_from ? `${d.period_from}–` : ''}${d.at}, [${d.confidence}])`,
    };
  }

  private async growthValue(
    index: CountIndex,
    def: IndicatorDef,
    s: Scope,
    at: string,
    current: Map<string, number>,
  ): Promise<IndicatorValue> {
    const now = current.get(def.growthOf!) ?? (await this.count(index, def.numerator, s, at));
    const before = await this.count(index, def.numerator, s, yearBefore(at));
    const value = growthPercent(now, before, def.decimals);
    return {
      ...this.base(def),
      value,
      numerator: now,
      denominator: before,
      ...(value === null
        ? { reason: `no ${def.growthOf} a year earlier (${yearBefore(at)}): growth undefined` }
        : {}),
    };
  }

  /** How many region-attributed rights the figures were computed from (snapshots record it). */
  async recordCount(s: Scope): Promise<number> {
    const index = await this.countIndex(await this.sync());
    return index.size(CountIndex.scopeKey(s.region, s.street));
  }

  /** High-value categories of each asset on a date (only the high-value ones appear in the map). */
  async highValue(assetIds: number[], at: string): Promise<Map<number, HighValueCategory[]>> {
    await this.sync();
    const out = new Map<number, HighValueCategory[]>();
    for (let i = 0; i < assetIds.length; i += 1000) {
      const rows = await this.repo.attributionOf(this.db, assetIds.slice(i, i + 1000));
      for (const r of rows) {
        if (!r.valid_from || r.valid_from > at || (r.valid_to !== null && r.valid_to <= at)) continue;
        const cats = highValueCategoriesOn(
          JSON.parse(r.hv_since) as Partial<Record<HighValueCategory, string>>,
          at,
        );
        if (cats.length) out.set(Number(r.asset_id), cats);
      }
    }
    return out;
  }

  // -------------------------------------------------------------------------------------------------
  // denominators

  private denominatorView(
    r: Awaited<ReturnType<AnalyticsRepository['denominators']>>[number],
  ): DenominatorView {
    return {
      id: Number(r.id),
      region: r.region_code,
      street: r.street_code || null,
      kind: r.kind as DenominatorKind,
      periodFrom: r.period_from || null,
      at: r.at,
      value: Number(r.value),
      source: r.source,
      confidence: r.confidence,
      note: r.note,
      isDemo: r.is_demo === 1,
    };
  }

  async listDenominators(f: { region?: string; kind?: string }): Promise<DenominatorView[]> {
    return (await this.repo.denominators(this.db, f)).map((r) => this.denominatorView(r));
  }

  /** Field-level check of a denominator figure; streets must belong to the region. */
  private async checkDenominator(d: DenominatorInput, prefix = ''): Promise<FieldError[]> {
    const errors: FieldError[] = [];
    const f = (n: string) => `${prefix}${n}`;
    if (!/^\d{6}$/.test(d.region))
      errors.push({ field: f('region'), reason: `"${d.region}" is not a 6-digit region code` });
    if (d.street) {
      const streets = await this.registry.streets(d.region);
      if (!streets.some((s: { code: string }) => s.code === d.street))
        errors.push({ field: f('street'), reason: `${d.street} is not a street of region ${d.region}` });
    }
    if (!(DENOMINATOR_KINDS as readonly string[]).includes(d.kind))
      errors.push({ field: f('kind'), reason: `must be one of ${DENOMINATOR_KINDS.join(', ')}` });
    if (!isIsoDate(d.at)) errors.push({ field: f('at'), reason: `"${d.at}" is not a date (YYYY-MM-DD)` });
    if (d.kind === 'new_market_entities') {
      if (!d.periodFrom || !isIsoDate(d.periodFrom))
        errors.push({
          field: f('periodFrom'),
          reason: 'new market entities need the first day of the period (YYYY-MM-DD)',
        });
      else if (isIsoDate(d.at) && d.periodFrom > d.at)
        errors.push({ field: f('periodFrom'), reason: 'is after the end of the period (at)' });
    } else if (d.periodFrom)
      errors.push({ field: f('periodFrom'), reason: `${d.kind} is a figure at a date: no period start` });
    if (!(Number.isFinite(d.value) && d.value > 0))
      errors.push({ field: f('value'), reason: 'must be a number more than 0' });
    else if (d.kind !== 'population' && !Number.isInteger(d.value))
      errors.push({ field: f('value'), reason: 'a count of entities is a whole number' });
    if (!d.source?.trim())
      errors.push({ field: f('source'), reason: 'the source of the figure is required' });
    if (d.confidence !== undefined && !CONFIDENCE.has(d.confidence))
      errors.push({ field: f('confidence'), reason: 'must be H, M or L' });
    return errors;
  }

  private denominatorRecord(d: DenominatorInput, actor: Actor, demo: boolean) {
    return {
      region_code: d.region,
      street_code: d.street ?? '',
      kind: d.kind,
      period_from: d.kind === 'new_market_entities' ? (d.periodFrom ?? '') : '',
      at: d.at,
      value: d.value,
      source: d.source.trim(),
      confidence: d.confidence ?? 'M',
      note: d.note ?? null,
      is_demo: demo ? 1 : 0,
      updated_at: new Date().toISOString(),
      updated_by: actor.id,
    };
  }

  /** Create or replace the figure with the same region, street, kind, period and date. */
  async saveDenominator(
    actor: Actor,
    d: DenominatorInput,
    opts: { demo?: boolean } = {},
  ): Promise<DenominatorView> {
    const errors = await this.checkDenominator(d);
    if (errors.length) throw new RuleError('VALIDATION', 'The denominator is not valid', errors);
    const id = await this.db.transaction().execute(async (tx) => {
      const r = await this.repo.upsertDenominator(tx, this.denominatorRecord(d, actor, opts.demo ?? false));
      await this.audit.record(tx, actor, {
        action: r.inserted ? 'analytics.denominator_create' : 'analytics.denominator_update',
        targetType: 'analytics_denominator',
        targetId: r.id,
        detail: d,
      });
      return r.id;
    });
    return this.denominatorView((await this.repo.denominator(this.db, id))!);
  }

  async deleteDenominator(actor: Actor, id: number): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      const cur = await this.repo.denominator(tx, id);
      if (!cur || (await this.repo.deleteDenominator(tx, id)) === 0)
        throw new NotFoundError(`denominator ${id}`);
      await this.audit.record(tx, actor, {
        action: 'analytics.denominator_delete',
        targetType: 'analytics_denominator',
        targetId: id,
        detail: this.denominatorView(cur),
      });
    });
  }

  /**
   * Demo district: the Xuhui denominators of domain-rules §6.6 with their sources and confidence (no market-entity
   * count was found, so that ratio stays empty), and a few pledges on granted inventions, marked demo.
   */
  async seedDemo(actor: Actor, region: string): Promise<{ denominators: number; pledges: number }> {
    const facts: DenominatorInput[] = [
      {
        region,
        kind: 'population',
        at: '2020-12-31',
        value: 1_113_100,
        source:
          '徐汇区 常住人口 2020年末 111.31万 (http://15th-29thdemocraticclub.com/shanghai/xuhuiqu_info.html)',
        confidence: 'M',
        note: 'domain-rules §6.6; 户籍 76.87万, 外来 34.44万',
      },
      {
        region,
        kind: 'population',
        at: '2022-12-31',
        value: 1_098_500,
        source: '徐汇区 常住人口 2022年末 109.85万 (http://www.investxuhuiqu.cn/zone)',
        confidence: 'M',
        note: 'domain-rules §6.6',
      },
      {
        region,
        kind: 'new_market_entities',
        periodFrom: '2019-01-01',
        at: '2019-06-30',
        value: 2264,
        source:
          '2019H1 上海各区商标活跃情况排名表 (商标局 + 上海市市场监督管理局), https://qiye.gongchang.com/grounze/news/itemid-5571162.html',
        confidence: 'H',
        note: 'domain-rules §6.3: 6510 new trademarks / 2264 new market entities = 2.88',
      },
    ];
    for (const f of facts) await this.saveDenominator(actor, f, { demo: true });
    await this.sync();
    const all: Access = { canReadPrivate: true, canWriteAll: true, canWriteOwn: true };
    const targets = await this.repo.grantedInventions(this.db, region, today(), 3);
    const demoPledges = [
      { amount: 5_000_000, pledgee: '演示银行上海徐汇支行（演示）' },
      { amount: 12_000_000, pledgee: '演示商业银行上海分行（演示）' },
      { amount: 3_000_000, pledgee: '演示科技融资担保公司（演示）' },
    ];
    let pledges = 0;
    for (const [i, t] of targets.entries()) {
      const p = demoPledges[i]!;
      const date = t.valid_from! > '2022-03-01' ? t.valid_from! : '2022-03-01';
      const existing = await this.finance.pledgesOf([Number(t.asset_id)]);
      if (existing.length) continue;
      await this.finance.addPledge(
        actor,
        all,
        Number(t.asset_id),
        {
          registrationNumber: `DEMO-${date.slice(0, 4)}-${String(i + 1).padStart(4, '0')}`,
          registrationDate: date,
          amount: p.amount,
          pledgee: p.pledgee,
          pledgor: t.owner ?? '（演示）',
        },
        { demo: true },
      );
      pledges++;
    }
    return { denominators: facts.length, pledges };
  }

  /** Columns of the denominator import template (CSV or XLSX, header row first). */
  static readonly DENOMINATOR_COLUMNS = [
    'region',
    'street',
    'kind',
    'periodFrom',
    'at',
    'value',
    'source',
    'confidence',
    'note',
  ] as const;

  /**
   * Import denominator figures from CSV/XLSX (DENOMINATOR_COLUMNS by header name). Valid lines are saved in one
   * transaction; each rejected line is reported with its field and reason and saves nothing.
   */
  async importDenominators(actor: Actor, buf: Buffer, fileName: string) {
    const [header, ...lines] = await readTableFile(buf, fileName);
    const cols = AnalyticsService.DENOMINATOR_COLUMNS;
    const index = new Map(header!.cells.map((h, i) => [h.trim(), i]));
    const missing = cols.filter(
      (c) => !['street', 'periodFrom', 'confidence', 'note'].includes(c) && !index.has(c),
    );
    if (missing.length)
      throw new RuleError(
        'VALIDATION',
        `the header lacks ${missing.join(', ')}`,
        missing.map((m) => ({ field: m, reason: 'column missing from the header row' })),
      );
    const good: DenominatorInput[] = [];
    const rejects: { ref: string; field: string; reason: string }[] = [];
    for (const l of lines) {
      if (l.cells.every((c) => c === '')) continue;
      const cell = (c: (typeof cols)[number]) => (index.has(c) ? (l.cells[index.get(c)!] ?? '').trim() : '');
      const d: DenominatorInput = {
        region: cell('region'),
        street: cell('street') || null,
        kind: cell('kind'),
        periodFrom: cell('periodFrom') || null,
        at: cell('at'),
        value: cell('value') === '' ? Number.NaN : Number(cell('value').replace(/,/g, '')),
        source: cell('source'),
        ...(cell('confidence') ? { confidence: cell('confidence') } : {}),
        note: cell('note') || null,
      };
      const errors = await this.checkDenominator(d);
      if (errors.length) for (const e of errors) rejects.push({ ref: l.ref, ...e });
      else good.push(d);
    }
    let inserted = 0;
    let updated = 0;
    await this.db.transaction().execute(async (tx) => {
      for (const d of good) {
        const r = await this.repo.upsertDenominator(tx, this.denominatorRecord(d, actor, false));
        if (r.inserted) inserted++;
        else updated++;
      }
      await this.audit.record(tx, actor, {
        action: 'analytics.denominator_import',
        targetType: 'analytics_denominator',
        detail: { fileName, inserted, updated, rejected: new Set(rejects.map((r) => r.ref)).size },
      });
    });
    return { inserted, updated, rejected: new Set(rejects.map((r) => r.ref)).size, rejects };
  }
}

function groupBy<T>(rows: readonly T[], key: (r: T) => number): Map<number, T[]> {
  const m = new Map<number, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}
