import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Database, Executor } from '../../db/connect.ts';
import { RuleError, type FieldError } from '../../domain/errors.ts';
import { isIsoDate } from '../../domain/calendar/dates.ts';
import { INDUSTRY_SECTIONS } from '../../domain/registry/entity.ts';
import { ipcTitle } from '../../domain/analytics/ipc.ts';
import { WIPO_FIELDS, wipoField, wipoFieldOf } from '../../domain/analytics/wipo-fields.ts';
import { validateStreetOutlines, type FeatureCollection } from '../../domain/analytics/geojson.ts';
import { encodeCursor, decodeCursor, type Page } from '../../db/pagination.ts';
import type { Breakdown, BreakdownRow } from '../../domain/analytics/views.ts';
import type { AuditService, Actor } from '../audit/audit.service.ts';
import {
  DashboardRepository,
  type DashFilter,
  type Dim,
  type DimKey,
  type GroupRow,
  type Measure,
  type RecordRow,
} from './dashboard.repository.ts';

export type { Dim, Measure } from './dashboard.repository.ts';

export { DIMS, MEASURES } from '../../domain/analytics/dimensions.ts';

/** The query of every dashboard call, as the routes receive it. */
export interface DashQuery {
  region?: string;
  /** `YYYY` or `YYYY-MM-DD` */
  from?: string;
  to?: string;
  street?: string;
  industry?: string;
  kind?: string;
  subType?: string;
  measure?: Measure;
}

export type { Breakdown, BreakdownRow };

/** Part A's high-value classification (AnalyticsService.highValue), plugged in when it exists. */
export type HighValueSource = (assetIds: number[], at: string) => Promise<Map<number, unknown[]>>;

const GEO_DIR = fileURLToPath(new URL('./geo/', import.meta.url));
const CACHE_SIZE = 500;
/** the drill-down key of the rows without a value (no street, no IPC …); an empty key means the same */
export const NO_VALUE = '_none';
/** audited writes that change nothing the dashboards count: sign-ins, users, saved searches, reports, jobs */
const UNRELATED_WRITES = ['auth.', 'user.', 'search.', 'navigation.', 'jobs.', 'reminders.', 'geo.'] as const;
const YEAR_DIMS = new Set<Dim>(['filing_year', 'grant_year']);
const today = (): string => new Date().toISOString().slice(0, 10);

function periodBound(v: string | undefined, field: 'from' | 'to', errors: FieldError[]): string | undefined {
  if (v === undefined || v === '') return undefined;
  if (/^\d{4}$/.test(v)) return field === 'from' ? `${v}-01-01` : `${v}-12-31`;
  if (isIsoDate(v)) return v;
  errors.push({ field, reason: `"${v}" is neither a year (YYYY) nor a date (YYYY-MM-DD)` });
  return undefined;
}

function sortRows(dim: Dim, rows: BreakdownRow[]): BreakdownRow[] {
  if (YEAR_DIMS.has(dim)) return rows.sort((a, b) => String(a.key).localeCompare(String(b.key)));
  return rows.sort((a, b) => b.value - a.value || String(a.key ?? '~').localeCompare(String(b.key ?? '~')));
}

/** Sum the per-symbol counts of the wipo_field grouping into the 35 fields (and the unmatched rest). */
function foldWipo(rows: GroupRow[]): BreakdownRow[] {
  const byField = new Map<number | null, number>();
  for (const r of rows) {
    const f = r.key ? (wipoFieldOf(r.key) ?? null) : null;
    byField.set(f, (byField.get(f) ?? 0) + r.value);
  }
  return [...byField].map(([f, value]) => ({
    key: f === null ? null : String(f),
    label: f === null ? null : `${wipoField(f)!.sector} · ${wipoField(f)!.name}`,
    value,
  }));
}

/**
 * Dashboards (issue 5 part B, docs/analytics.md): breakdowns, trend, rankings and the records behind each
 * number, over the rights of a region attributed by first owner; results are cached per data version
 * (the audit head, which every write moves) and day, so repeated dashboard reads cost one indexed lookup.
 */
export class DashboardService {
  private readonly repo = new DashboardRepository();
  private readonly cache = new Map<string, { version: number; day: string; value: Promise<unknown> }>();
  private highValueSource: HighValueSource | undefined;

  constructor(
    private readonly database: Database,
    private readonly audit: AuditService,
    private readonly defaultRegion: string,
  ) {}

  /** Connect part A's high-value classification; without it the high_value measure is refused. */
  useHighValue(source: HighValueSource): void {
    this.highValueSource = source;
  }

  private get db() {
    return this.database.db;
  }

  /**
   * The result for a key at the current data version and day; concurrent first requests share one computation
   * (the promise is cached), and a failed computation is not kept.
   */
  private async cached<T>(key: string, compute: () => Promise<T>): Promise<T & { dataVersion: number }> {
    const version = await this.audit.dataVersionExcept(this.db, UNRELATED_WRITES);
    const day = today();
    const hit = this.cache.get(key);
    if (hit && hit.version === version && hit.day === day)
      return hit.value as Promise<T & { dataVersion: number }>;
    const value = compute().then((v) => ({ ...v, dataVersion: version }));
    if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, { version, day, value });
    value.catch(() => {
      if (this.cache.get(key)?.value === value) this.cache.delete(key);
    });
    return value;
  }

  /** Resolve and check the filters; every problem is reported with its field. */
  private async filter(q: DashQuery, publicOnly: boolean): Promise<DashFilter> {
    const errors: FieldError[] = [];
    const region = q.region ?? this.defaultRegion;
    const from = periodBound(q.from, 'from', errors);
    const to = periodBound(q.to, 'to', errors);
    if (from && to && from > to)
      errors.push({ field: 'to', reason: `ends (${to}) before the period starts (${from})` });
    const streets = await this.repo.streetNames(this.db, region);
    if (streets.size === 0)
      errors.push({ field: 'region', reason: `"${region}" is not a region profile with streets` });
    else if (q.street && !streets.has(q.street))
      errors.push({ field: 'street', reason: `"${q.street}" is not a street (街道) of region ${region}` });
    if (q.industry && !INDUSTRY_SECTIONS[q.industry.slice(0, 1)])
      errors.push({ field: 'industry', reason: `"${q.industry}" is not a GB/T 4754 section or code` });
    if (errors.length) throw new RuleError('BAD_FILTER', 'the dashboard filters are not valid', errors);
    return {
      region,
      publicOnly,
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      ...(q.street ? { street: q.street } : {}),
      ...(q.industry ? { industry: q.industry } : {}),
      ...(q.kind ? { kind: q.kind } : {}),
      ...(q.subType ? { subType: q.subType } : {}),
    };
  }

  private requireHighValue(): HighValueSource {
    if (!this.highValueSource)
      throw new RuleError('NOT_AVAILABLE', 'the high-value classification is not available', [
        { field: 'measure', reason: 'high_value needs the indicator engine (AnalyticsService.highValue)' },
      ]);
    return this.highValueSource;
  }

  /** Ids of the candidates that part A classifies as high-value today. */
  private async highValueIds(ids: number[]): Promise<Set<number>> {
    const classified = await this.requireHighValue()(ids, today());
    return new Set([...classified.keys()]);
  }

  private async groups(tx: Executor, f: DashFilter, m: Measure, dim: Dim): Promise<GroupRow[]> {
    if (m !== 'high_value') return this.repo.groupCounts(tx, f, m, dim);
    const candidates = await this.repo.candidateKeys(tx, f, dim);
    const hv = await this.highValueIds(candidates.map((c) => c.id));
    const counts = new Map<string | null, GroupRow>();
    for (const c of candidates) {
      if (!hv.has(c.id)) continue;
      const g = counts.get(c.key) ?? { key: c.key, label: c.label, value: 0 };
      g.value++;
      counts.set(c.key, g);
    }
    return [...counts.values()];
  }

  private async label(f: DashFilter, dim: Dim, rows: GroupRow[]): Promise<BreakdownRow[]> {
    if (dim === 'wipo_field') return foldWipo(rows);
    const streets = dim === 'street' ? await this.repo.streetNames(this.db, f.region) : undefined;
    return rows.map((r) => {
      let label = r.label;
      if (r.key !== null) {
        if (streets) label = streets.get(r.key) ?? null;
        else if (dim === 'industry') label = INDUSTRY_SECTIONS[r.key] ?? null;
        else if (dim.startsWith('ipc_')) label = ipcTitle(r.key) ?? null;
      }
      return { key: r.key, label, value: r.value };
    });
  }

  async breakdown(q: DashQuery & { dim: Dim; limit?: number }, publicOnly: boolean): Promise<Breakdown> {
    const f = await this.filter(q, publicOnly);
    const measure = q.measure ?? 'filings';
    if (measure === 'high_value') this.requireHighValue();
    const key = JSON.stringify(['breakdown', f, measure, q.dim, q.limit ?? null]);
    return this.cached(key, async () => {
      const rows = sortRows(q.dim, await this.label(f, q.dim, await this.groups(this.db, f, measure, q.dim)));
      const stock = measure === 'valid' || measure === 'high_value';
      return {
        dim: q.dim,
        measure,
        region: f.region,
        asOf: today(),
        period: stock ? null : { from: f.from ?? null, to: f.to ?? null },
        total: rows.reduce((n, r) => n + r.value, 0),
        rows: q.limit ? rows.slice(0, q.limit) : rows,
      };
    });
  }

  /** Filings or grants per year by sub-type. */
  async trend(q: DashQuery, publicOnly: boolean) {
    const f = await this.filter(q, publicOnly);
    const measure = q.measure ?? 'filings';
    if (measure !== 'filings' && measure !== 'grants')
      throw new RuleError('BAD_MEASURE', 'the trend counts filings or grants by year', [
        { field: 'measure', reason: 'must be filings or grants' },
      ]);
    return this.cached(JSON.stringify(['trend', f, measure]), async () => ({
      measure,
      region: f.region,
      rows: (await this.repo.trend(this.db, f, measure)).map((r) => ({
        year: Number(r.year),
        subType: r.sub_type,
        value: r.value,
      })),
    }));
  }

  /** Turn a drill-down key into the condition that selects exactly the records behind it. */
  private dimKey(dim: Dim, key: string): DimKey {
    const k = key === '' || key === NO_VALUE ? null : key;
    const bad = (reason: string) =>
      new RuleError('BAD_KEY', `"${key}" is not a value of ${dim}`, [{ field: 'key', reason }]);
    if (dim === 'wipo_field') {
      if (k === null) return { dim, prefixes: null, excludePrefixes: WIPO_FIELDS.flatMap((w) => w.patterns) };
      const field = wipoField(Number(k));
      if (!field) throw bad('must be a WIPO technology field number 1–35, or empty for unclassified');
      return { dim, prefixes: field.patterns };
    }
    if (k !== null && YEAR_DIMS.has(dim) && !/^\d{4}$/.test(k)) throw bad('must be a year (YYYY)');
    if (k !== null && dim === 'entity' && !/^[1-9]\d{0,15}$/.test(k)) throw bad('must be an entity id');
    if (k !== null && dim.startsWith('ipc_') && !/^[A-H](\d{2}[A-Z]?)?$/.test(k))
      throw bad('must be an IPC code');
    return { dim, key: k };
  }

  /** The rights behind one number of a breakdown (same filters, plus the dimension value), in id order. */
  async records(
    q: DashQuery & { dim?: Dim; key?: string; cursor?: string; limit: number },
    publicOnly: boolean,
  ): Promise<Page<RecordRow>> {
    const f = await this.filter(q, publicOnly);
    const measure = q.measure ?? 'filings';
    if ((q.dim === undefined) !== (q.key === undefined))
      throw new RuleError('BAD_KEY', 'a drill-down names both the dimension and its value', [
        { field: q.dim === undefined ? 'dim' : 'key', reason: 'dim and key go together' },
      ]);
    const k = q.dim !== undefined ? this.dimKey(q.dim, q.key!) : undefined;
    const after = decodeCursor(q.cursor)?.id ?? 0;
    if (measure === 'high_value') return this.highValueRecords(f, k, after, q.limit);
    const { rows, total } = await this.repo.records(this.db, f, measure, k, after, q.limit);
    const last = rows[rows.length - 1];
    return {
      items: rows,
      total,
      nextCursor: rows.length === q.limit && last ? encodeCursor({ v: null, id: last.id }) : null,
    };
  }

  private async highValueRecords(
    f: DashFilter,
    k: DimKey | undefined,
    after: number,
    limit: number,
  ): Promise<Page<RecordRow>> {
    const candidates = await this.repo.candidateKeys(this.db, f, k?.dim ?? 'sub_type', k);
    const hv = await this.highValueIds(candidates.map((c) => c.id));
    const ids = candidates
      .map((c) => c.id)
      .filter((id) => hv.has(id))
      .sort((a, b) => a - b);
    const page = ids.filter((id) => id > after).slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: await this.repo.recordsByIds(this.db, page),
      total: ids.length,
      nextCursor: page.length === limit && last !== undefined ? encodeCursor({ v: null, id: last }) : null,
    };
  }

  // ---------- map outlines ----------

  /** The shipped outline of a district (or the districts of a city), from ./geo/<code>.geojson. */
  private shippedOutline(code: string): FeatureCollection | undefined {
    const file = `${GEO_DIR}${code}.geojson`;
    if (!/^\d{6}$/.test(code) || !fs.existsSync(file)) return undefined;
    return JSON.parse(fs.readFileSync(file, 'utf8')) as FeatureCollection;
  }

  /**
   * The map of a region profile: its street outlines when an administrator has uploaded them, else the
   * district outline that ships with the code (streetsLoaded false). `layer=city` gives the city's districts.
   */
  async geo(region: string | undefined, layer: 'auto' | 'district' | 'city' = 'auto') {
    const code = region ?? this.defaultRegion;
    const streets = layer === 'auto' ? await this.repo.geo(this.db, code, 'streets') : undefined;
    const meta = (l: string, loaded: boolean, source: string) => ({
      region: code,
      layer: l,
      streetsLoaded: loaded,
      source,
    });
    if (streets)
      return {
        ...(JSON.parse(streets.geojson) as FeatureCollection),
        zhihui: { ...meta('streets', true, streets.source ?? ''), uploadedAt: streets.uploaded_at },
      };
    const shipped = this.shippedOutline(layer === 'city' ? `${code.slice(0, 2)}0000` : code);
    if (!shipped)
      throw new RuleError(
        'NOT_FOUND',
        `no outline of region ${code} ships with the platform`,
        [{ field: 'region', reason: 'no outline for this region profile' }],
        404,
      );
    return {
      ...shipped,
      zhihui: meta(
        layer === 'city' ? 'city' : 'district',
        false,
        'GeoMapData_CN (Aliyun DataV.GeoAtlas), GCJ-02; development data without 审图号 — see src/modules/analytics/geo/SOURCE.md',
      ),
    };
  }

  /** Store the street outlines of a region after checking every feature against the profile's streets. */
  async putStreetOutlines(
    actor: Actor,
    region: string | undefined,
    body: unknown,
    source: string | undefined,
  ) {
    const code = region ?? this.defaultRegion;
    const streets = await this.repo.streetNames(this.db, code);
    if (streets.size === 0)
      throw new RuleError('BAD_REGION', `"${code}" is not a region profile with streets`, [
        { field: 'region', reason: 'unknown region profile' },
      ]);
    const r = validateStreetOutlines(body, streets);
    if (!r.ok) throw new RuleError('BAD_GEOJSON', 'the street outlines are not valid', r.errors);
    await this.db.transaction().execute(async (tx) => {
      await this.repo.saveGeo(tx, {
        region_code: code,
        layer: 'streets',
        geojson: JSON.stringify(r.value),
        feature_count: r.value.features.length,
        source: source ?? null,
        uploaded_at: new Date().toISOString(),
        uploaded_by: actor.id,
      });
      await this.audit.record(tx, actor, {
        action: 'geo.streets.put',
        targetType: 'region',
        targetId: code,
        detail: {
          features: r.value.features.length,
          streets: r.value.features.map((x) => x.properties.code),
          source,
        },
      });
    });
    return {
      region: code,
      features: r.value.features.length,
      missing: [...streets.keys()].filter((s) => !r.value.features.some((x) => x.properties.code === s)),
    };
  }

  async deleteStreetOutlines(actor: Actor, region: string | undefined): Promise<{ deleted: number }> {
    const code = region ?? this.defaultRegion;
    return this.db.transaction().execute(async (tx) => {
      const deleted = await this.repo.deleteGeo(tx, code, 'streets');
      if (deleted)
        await this.audit.record(tx, actor, {
          action: 'geo.streets.delete',
          targetType: 'region',
          targetId: code,
        });
      return { deleted };
    });
  }
}
