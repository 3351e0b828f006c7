import type { Database } from '../../db/connect.ts';
import { ConflictError, NotFoundError, RuleError } from '../../domain/errors.ts';
import { lastQuarterEnded, periodEndOf } from '../../domain/analytics/indicators.ts';
import type { Actor, AuditService } from '../audit/audit.service.ts';
import type { IndicatorValue, SnapshotView } from '../../domain/analytics/views.ts';
import type { AnalyticsService } from './analytics.service.ts';
import { SnapshotRepository, type SnapshotRow } from './snapshot.repository.ts';

export type { SnapshotView };

const view = (r: SnapshotRow, superseded: boolean): SnapshotView => ({
  id: Number(r.id),
  region: r.region_code,
  street: r.street_code || null,
  period: r.period,
  at: r.at,
  version: r.version,
  supersedes: r.supersedes === null ? null : Number(r.supersedes),
  superseded,
  reason: r.reason,
  dataVersion: Number(r.data_version),
  recordCount: Number(r.record_count),
  createdAt: r.created_at,
  publishedAt: r.published_at,
  items: JSON.parse(r.items) as IndicatorValue[],
});

/** CSV cell: quoted when it holds a separator, a quote or a line break. */
const csvCell = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/**
 * Snapshots: a period's indicator values frozen with their inputs (numerator, denominator and its source, rule
 * version, record count, data version). A correction is a new version that supersedes the previous one; no version
 * is ever changed, except that it can be published once. The public sees the latest published version per period.
 */
export class SnapshotService {
  private readonly repo = new SnapshotRepository();

  constructor(
    private readonly database: Database,
    private readonly audit: AuditService,
    private readonly analytics: AnalyticsService,
  ) {}

  private get db() {
    return this.database.db;
  }

  /** Freeze the values of a period: version 1, or the next version (a correction, which needs a reason). */
  async create(
    actor: Actor,
    q: { region: string; street?: string | null; period: string; reason?: string | null },
  ): Promise<SnapshotView> {
    const at = periodEndOf(q.period);
    if (!at)
      throw new RuleError('VALIDATION', 'The period is not valid', [
        { field: 'period', reason: `"${q.period}" is not a period such as 2025, 2025H1, 2025Q4 or 2025M03` },
      ]);
    const street = q.street ?? '';
    const scope = { region: q.region, at, ...(street ? { street } : {}) };
    const items = await this.analytics.indicators(scope);
    const recordCount = await this.analytics.recordCount({ region: q.region, ...(street ? { street } : {}) });
    const dataVersion = await this.audit.dataVersion(this.db);
    const id = await this.db.transaction().execute(async (tx) => {
      const prev = await this.repo.latest(tx, q.region, street, q.period);
      if (prev && !q.reason?.trim())
        throw new RuleError('VALIDATION', 'A correction needs a reason', [
          {
            field: 'reason',
            reason: `version ${prev.version} exists: say why version ${prev.version + 1} corrects it`,
          },
        ]);
      const id = await this.repo.insert(tx, {
        region_code: q.region,
        street_code: street,
        period: q.period,
        at,
        version: (prev?.version ?? 0) + 1,
        supersedes: prev ? Number(prev.id) : null,
        reason: q.reason?.trim() || null,
        items: JSON.stringify(items),
        data_version: dataVersion,
        record_count: recordCount,
        created_at: new Date().toISOString(),
        created_by: actor.id,
        published_at: null,
        published_by: null,
      });
      await this.audit.record(tx, actor, {
        action: 'analytics.snapshot_create',
        targetType: 'analytics_snapshot',
        targetId: id,
        detail: { region: q.region, street, period: q.period, version: (prev?.version ?? 0) + 1 },
      });
      return id;
    });
    return this.get(id);
  }

  async get(id: number): Promise<SnapshotView> {
    const r = await this.repo.get(this.db, id);
    if (!r) throw new NotFoundError(`snapshot ${id}`);
    const latest = await this.repo.latest(this.db, r.region_code, r.street_code, r.period);
    return view(r, latest!.version > r.version);
  }

  async list(f: { region: string; street?: string | null; period?: string }): Promise<SnapshotView[]> {
    const rows = await this.repo.versions(this.db, {
      region: f.region,
      street: f.street ?? '',
      ...(f.period ? { period: f.period } : {}),
    });
    const top = new Map<string, number>();
    for (const r of rows) top.set(r.period, Math.max(top.get(r.period) ?? 0, r.version));
    return rows.map((r) => view(r, top.get(r.period)! > r.version));
  }

  async publish(actor: Actor, id: number): Promise<SnapshotView> {
    const cur = await this.get(id);
    if (cur.publishedAt)
      throw new ConflictError(`version ${cur.version} of ${cur.period} is already published`);
    if (cur.superseded)
      throw new ConflictError(
        `version ${cur.version} of ${cur.period} is superseded: publish the latest version`,
      );
    await this.db.transaction().execute(async (tx) => {
      await this.repo.publish(tx, id, actor.id, new Date().toISOString());
      await this.audit.record(tx, actor, {
        action: 'analytics.snapshot_publish',
        targetType: 'analytics_snapshot',
        targetId: id,
        detail: { period: cur.period, version: cur.version },
      });
    });
    return this.get(id);
  }

  /** Two versions side by side, indicator by indicator. */
  async compare(a: number, b: number) {
    const [x, y] = [await this.get(a), await this.get(b)];
    if (x.region !== y.region || x.street !== y.street || x.period !== y.period)
      throw new RuleError('VALIDATION', 'Only versions of the same period and region can be compared', [
        { field: 'b', reason: `snapshot ${b} is not a version of ${x.period} ${x.street ?? x.region}` },
      ]);
    const ids = [...new Set([...x.items.map((i) => i.id), ...y.items.map((i) => i.id)])];
    return {
      a: { id: x.id, version: x.version, publishedAt: x.publishedAt, reason: x.reason },
      b: { id: y.id, version: y.version, publishedAt: y.publishedAt, reason: y.reason },
      rows: ids.map((id) => {
        const p = x.items.find((i) => i.id === id);
        const q = y.items.find((i) => i.id === id);
        return {
          id,
          nameZh: (p ?? q)!.nameZh,
          nameEn: (p ?? q)!.nameEn,
          a: p ? { value: p.value, numerator: p.numerator, denominator: p.denominator } : null,
          b: q ? { value: q.value, numerator: q.numerator, denominator: q.denominator } : null,
          changed:
            JSON.stringify(p && [p.value, p.numerator, p.denominator]) !==
            JSON.stringify(q && [q.value, q.numerator, q.denominator]),
        };
      }),
    };
  }

  /** The latest published version of each period (per region and street), newest period first. */
  async publicIndicators(region?: string) {
    const seen = new Set<string>();
    const out: SnapshotView[] = [];
    for (const r of await this.repo.published(this.db, region)) {
      const key = `${r.region_code}|${r.street_code}|${r.period}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(view(r, false));
    }
    return out.map((s) => ({
      region: s.region,
      street: s.street,
      period: s.period,
      at: s.at,
      version: s.version,
      publishedAt: s.publishedAt,
      recordCount: s.recordCount,
      items: s.items,
    }));
  }

  async publicCsv(region?: string): Promise<string> {
    const header = [
      'region',
      'street',
      'period',
      'at',
      'version',
      'published_at',
      'indicator',
      'name_zh',
      'name_en',
      'unit',
      'value',
      'numerator',
      'denominator',
      'denominator_source',
      'rule_version',
    ];
    const lines = [header.join(',')];
    for (const s of await this.publicIndicators(region))
      for (const i of s.items)
        lines.push(
          [
            s.region,
            s.street ?? '',
            s.period,
            s.at,
            s.version,
            s.publishedAt,
            i.id,
            i.nameZh,
            i.nameEn,
            i.unit,
            i.value,
            i.numerator,
            i.denominator,
            i.denominatorSource ?? '',
            i.ruleVersion,
          ]
            .map(csvCell)
            .join(','),
        );
    return `\uFEFF${lines.join('\r\n')}\r\n`;
  }

  /**
   * The period-end job (registered by the scheduler): freeze version 1 of the last quarter that ended on or before
   * `now` (Asia/Shanghai date) for the region, unless that period already has a version. Returns what it created.
   */
  async snapshotDue(now: Date, region: string, actor: Actor): Promise<SnapshotView | null> {
    const local = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    const period = lastQuarterEnded(local);
    if (await this.repo.latest(this.db, region, '', period)) return null;
    return this.create(actor, { region, period });
  }
}
