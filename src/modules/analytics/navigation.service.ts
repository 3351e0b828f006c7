import type { Database } from '../../db/connect.ts';
import { HIGH_VALUE_CATEGORIES, type HighValueCategory } from '../../domain/analytics/high-value.ts';
import { ipcTitle } from '../../domain/analytics/ipc.ts';
import { normalizePattern, seiMatches, type SeiRow } from '../../domain/analytics/sei.ts';
import {
  checkIndustryCode,
  ipcPatternPrefix,
  matchesAnyIpc,
  navigationSections,
  NAVIGATION_RULES,
  parseIpcPatterns,
  DEFAULT_GAP_RULE,
  type GapRule,
  type NavigationSections,
  type NavPatent,
} from '../../domain/analytics/navigation.ts';
import type {
  NavigationInput,
  NavigationParams,
  NavReportSummary,
  ReportFormat,
} from '../../domain/analytics/views.ts';
import { NotFoundError, RuleError, type FieldError } from '../../domain/errors.ts';
import type { Actor, AuditService } from '../audit/audit.service.ts';
import { mainGroupTitle } from './navigation.titles.ts';
import { NavigationRepository, type NavReportRow, type ScopeFilter } from './navigation.repository.ts';
import { renderNavigationPdf } from './navigation.pdf.ts';
import { renderNavigationXlsx } from './navigation.xlsx.ts';

export type { NavigationInput, NavigationParams, NavReportSummary, ReportFormat };

export interface HighValueItem {
  id: number;
  number: string | null;
  title: string | null;
  categories: HighValueCategory[];
}

/** A built report: the sections with titles, the high-value section, and where the numbers come from. */
export interface NavigationResult {
  title: string;
  params: NavigationParams;
  regionName: string;
  generatedAt: string;
  asOf: string;
  sections: Omit<NavigationSections, 'regionIds' | 'subclasses' | 'mainGroups' | 'gaps'> & {
    subclasses: (NavigationSections['subclasses'][number] & { title: string | null })[];
    mainGroups: (NavigationSections['mainGroups'][number] & { title: string | null })[];
    gaps: (NavigationSections['gaps'][number] & { title: string | null })[];
  };
  highValue:
    | { available: true; total: number; byCategory: Record<string, number>; items: HighValueItem[] }
    | { available: false; reason: string };
  gapRule: GapRule;
  rules: Record<string, string>;
  sources: string[];
}

/** What part A provides: the high-value classification and the loaded 战略性新兴产业 concordance. */
export interface NavigationDeps {
  highValue?: (assetIds: number[], at: string) => Promise<Map<number, HighValueCategory[]>>;
  seiRows?: () => Promise<readonly SeiRow[]>;
}

const PAGE = 2000;
const MIN_YEAR = 1985;
const MAX_YEAR = 2100;
const HIGH_VALUE_LIST = 50;

const STEPS = { collect: 5, analyse: 62, high_value: 68, pdf: 75, xlsx: 90 } as const;

export const NAVIGATION_SOURCES = [
  '本平台登记的专利著录项目（ip_asset / ip_owner），演示数据含 9,740 件真实中国专利（cn-patent-titles-ipc，公开号、标题、IPC 小类）',
  'IPC 小类与大组标题：WIPO IPC 2022.01（ipc-scheme 数据集，英文）',
  '区域归属：第一申请人/专利权人为本区市场主体（docs/analytics.md first_owner）',
  '高价值发明专利：国家知识产权局 2021 年口径五类之并集（domain-rules §6.2），由指标模块计算',
];

function summaryOf(
  r: Omit<NavReportRow, 'result'>,
  files: { format: string; size: number }[],
): NavReportSummary {
  return {
    id: Number(r.id),
    title: r.title,
    params: JSON.parse(r.params) as NavigationParams,
    status: r.status as NavReportSummary['status'],
    progress: r.progress,
    step: r.step,
    error: r.error,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
    files: files.map((f) => ({ format: f.format as ReportFormat, size: f.size })),
  };
}

/** Check a request and turn it into the stored parameters; every problem names its field. */
export function validateNavigationInput(
  input: NavigationInput,
  defaultRegion: string,
  seiCategories: ReadonlyMap<string, string> = new Map(),
): NavigationParams {
  const errors: FieldError[] = [];
  const ipc = (input.ipc ?? []).map((s) => s.trim()).filter((s) => s !== '');
  const parsed = parseIpcPatterns(ipc, 'ipc');
  errors.push(...parsed.errors);
  let industry: string | null = null;
  if (input.industry !== undefined && input.industry.trim() !== '') {
    const c = checkIndustryCode(input.industry);
    if (c.ok) industry = c.code;
    else errors.push({ field: 'industry', reason: c.reason });
  }
  let sei: NavigationParams['sei'] = null;
  if (input.sei !== undefined && input.sei.trim() !== '') {
    const code = input.sei.trim();
    const name = seiCategories.get(code);
    if (name !== undefined) sei = { code, name };
    else
      errors.push({
        field: 'sei',
        reason: `"${code}" is not a category of the loaded 战略性新兴产业 concordance (${[...seiCategories.keys()].join(', ') || 'none loaded'})`,
      });
  }
  if (ipc.length === 0 && industry === null && sei === null && !errors.some((e) => e.field !== 'ipc'))
    errors.push({ field: 'ipc', reason: 'give IPC patterns, an industry or a 战略性新兴产业 category' });
  for (const k of ['from', 'to'] as const) {
    const y = input[k];
    if (y !== undefined && (!Number.isInteger(y) || y < MIN_YEAR || y > MAX_YEAR))
      errors.push({ field: k, reason: `must be a year from ${MIN_YEAR} to ${MAX_YEAR}` });
  }
  if (input.from !== undefined && input.to !== undefined && input.from > input.to)
    errors.push({ field: 'to', reason: `must not be before from (${input.from})` });
  if (errors.length) throw new RuleError('VALIDATION', 'the report request is not valid', errors);
  return {
    ipc: parsed.patterns.map((p) => p.text),
    industry,
    sei,
    from: input.from ?? null,
    to: input.to ?? null,
    region: input.region ?? defaultRegion,
  };
}

function titleOf(p: NavigationParams): string {
  const scope = [
    p.ipc.join(', '),
    p.sei ? `战略性新兴产业 ${p.sei.code} ${p.sei.name}` : '',
    p.industry ? `行业 ${p.industry}` : '',
  ]
    .filter(Boolean)
    .join(' / ');
  const period = p.from || p.to ? ` ${p.from ?? '…'}–${p.to ?? '…'}` : '';
  return `专利导航：${scope}${period}`;
}

/**
 * 专利导航 reports. A build is a job: the row is created (and audited) at once, the build runs in this process and
 * writes its progress; the result and both files are stored in one transaction at the end, so a report is either
 * done with everything or not done. A build left running by a stopped server is marked failed on the next start.
 */
export class NavigationService {
  private readonly repo = new NavigationRepository();
  private readonly running = new Map<number, Promise<void>>();

  constructor(
    private readonly database: Database,
    private readonly audit: AuditService,
    private readonly defaultRegion: string,
    private readonly deps: NavigationDeps = {},
  ) {}

  private async seiRowsOf(code: string | undefined): Promise<readonly SeiRow[]> {
    const rows = (await this.deps.seiRows?.()) ?? [];
    return code === undefined ? rows : rows.filter((r) => r.code === code);
  }

  async init(): Promise<void> {
    await this.repo.failStale(
      this.database.db,
      'the server stopped while this report was being built; build it again',
      new Date().toISOString(),
    );
  }

  async start(actor: Actor, input: NavigationInput): Promise<NavReportSummary> {
    const categories = input.sei?.trim()
      ? new Map((await this.seiRowsOf(undefined)).map((r) => [r.code, r.name]))
      : undefined;
    const params = validateNavigationInput(input, this.defaultRegion, categories);
    const title = input.title?.trim() || titleOf(params);
    const id = await this.database.db.transaction().execute(async (tx) => {
      const id = await this.repo.create(tx, {
        title,
        params: JSON.stringify(params),
        created_at: new Date().toISOString(),
        created_by: actor.id,
      });
      await this.audit.record(tx, actor, {
        action: 'navigation.build',
        targetType: 'nav_report',
        targetId: id,
        detail: { title, ...params },
      });
      return id;
    });
    const run = this.build(actor, id, title, params).finally(() => this.running.delete(id));
    this.running.set(id, run);
    return this.get(id);
  }

  /** Resolves when the build of a report has ended (at once when it is not running in this process). */
  async settled(id: number): Promise<void> {
    await this.running.get(id);
  }

  async list(limit = 100): Promise<NavReportSummary[]> {
    const rows = await this.repo.list(this.database.db, limit);
    const files = await this.repo.fileSizes(
      this.database.db,
      rows.map((r) => Number(r.id)),
    );
    return rows.map((r) =>
      summaryOf(
        r,
        files.filter((f) => Number(f.report_id) === Number(r.id)),
      ),
    );
  }

  async get(id: number): Promise<NavReportSummary & { result?: NavigationResult }> {
    const r = await this.repo.get(this.database.db, id);
    if (!r) throw new NotFoundError(`navigation report ${id}`);
    const files = await this.repo.fileSizes(this.database.db, [id]);
    return {
      ...summaryOf(r, files),
      ...(r.result ? { result: JSON.parse(r.result) as NavigationResult } : {}),
    };
  }

  async file(id: number, format: ReportFormat): Promise<{ title: string; content: Buffer }> {
    const r = await this.repo.get(this.database.db, id);
    if (!r) throw new NotFoundError(`navigation report ${id}`);
    if (r.status !== 'done')
      throw new RuleError(
        'NOT_READY',
        `report ${id} is ${r.status}`,
        [{ field: 'id', reason: r.status }],
        409,
      );
    const content = await this.repo.file(this.database.db, id, format);
    if (!content) throw new NotFoundError(`${format} of navigation report ${id}`);
    return { title: r.title, content };
  }

  private async progress(id: number, progress: number, step: string): Promise<void> {
    await this.repo.setProgress(this.database.db, id, Math.round(progress), step);
  }

  private async build(actor: Actor, id: number, title: string, params: NavigationParams): Promise<void> {
    try {
      const rows = await this.collect(id, params);
      await this.progress(id, STEPS.analyse, 'analyse');
      const sections = navigationSections(rows, {
        ...(params.from !== null ? { from: params.from } : {}),
        ...(params.to !== null ? { to: params.to } : {}),
      });
      await this.progress(id, STEPS.high_value, 'high_value');
      const asOf = params.to !== null ? `${params.to}-12-31` : new Date().toISOString().slice(0, 10);
      const result: NavigationResult = {
        title,
        params,
        regionName: (await this.repo.regionName(this.database.db, params.region)) ?? params.region,
        generatedAt: new Date().toISOString(),
        asOf,
        sections: withTitles(sections),
        highValue: await this.highValue(sections.regionIds, asOf, rows),
        gapRule: DEFAULT_GAP_RULE,
        rules: {
          ...NAVIGATION_RULES,
          gap: `${NAVIGATION_RULES.gap} (minActive=${DEFAULT_GAP_RULE.minActive}, maxRta=${DEFAULT_GAP_RULE.maxRta})`,
          ...(params.sei
            ? {
                sei: `战略性新兴产业分类与国际专利分类参照关系表（2021）category ${params.sei.code} ${params.sei.name}: ${(await this.seiRowsOf(params.sei.code)).length} rows of the table loaded in the platform (IPC pattern, exclusions, keyword in title/abstract unless IPC-only)`,
              }
            : {}),
        },
        sources: NAVIGATION_SOURCES,
      };
      await this.progress(id, STEPS.pdf, 'pdf');
      const pdf = await renderNavigationPdf(result);
      await this.progress(id, STEPS.xlsx, 'xlsx');
      const xlsx = await renderNavigationXlsx(result);
      await this.database.db.transaction().execute(async (tx) => {
        await this.repo.insertFile(tx, { report_id: id, format: 'pdf', content: pdf });
        await this.repo.insertFile(tx, { report_id: id, format: 'xlsx', content: xlsx });
        await this.repo.finish(tx, id, JSON.stringify(result), new Date().toISOString());
        await this.audit.record(tx, actor, {
          action: 'navigation.done',
          targetType: 'nav_report',
          targetId: id,
          detail: { patents: result.sections.totals.all, region: result.sections.totals.region },
        });
      });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      await this.repo.fail(this.database.db, id, message, new Date().toISOString());
    }
  }

  /** Read the patents in scope page by page (progress 5–60 %), applying the exact IPC pattern rule. */
  private async collect(
    id: number,
    params: NavigationParams,
  ): Promise<(NavPatent & { number: string | null; title: string | null; subType: string | null })[]> {
    const { patterns } = parseIpcPatterns(params.ipc);
    const sei = params.sei ? await this.seiRowsOf(params.sei.code) : [];
    if (params.sei && sei.length === 0)
      throw new Error(`战略性新兴产业 category ${params.sei.code} is no longer loaded`);
    const seiPrefixes = sei.flatMap((r) => r.ipcPatterns.map((p) => normalizePattern(p).replace(/\*$/, '')));
    const filter: ScopeFilter = {
      ipcPrefixGroups: [
        ...(patterns.length ? [[...new Set(patterns.map(ipcPatternPrefix))]] : []),
        ...(sei.length ? [[...new Set(seiPrefixes)]] : []),
      ],
      industry: params.industry,
    };
    const db = this.database.db;
    await this.progress(id, STEPS.collect, 'collect');
    const total = await this.repo.countScope(db, filter);
    const out: (NavPatent & { number: string | null; title: string | null; subType: string | null })[] = [];
    let after = 0;
    let seen = 0;
    for (;;) {
      const page = await this.repo.scopePage(db, filter, after, PAGE);
      if (page.length === 0) break;
      after = page[page.length - 1]!.id;
      seen += page.length;
      const hits = page
        .map((a) => ({ a, ipc: JSON.parse(a.ipc) as string[] }))
        .filter((x) => patterns.length === 0 || matchesAnyIpc(x.ipc, patterns))
        .filter(
          (x) =>
            sei.length === 0 ||
            seiMatches(sei, { ipc: x.ipc, text: `${x.a.title ?? ''} ${x.a.abstract ?? ''}` }).length > 0,
        );
      const owners = await this.repo.owners(
        db,
        hits.map((h) => h.a.id),
      );
      const byAsset = new Map<number, typeof owners>();
      for (const o of owners) byAsset.set(o.asset_id, [...(byAsset.get(o.asset_id) ?? []), o]);
      for (const { a, ipc } of hits) {
        const os = byAsset.get(a.id) ?? [];
        const names = [...new Set(os.map((o) => o.entity_name ?? o.name))];
        out.push({
          id: a.id,
          filingYear: a.filing_date ? Number(a.filing_date.slice(0, 4)) : null,
          ipc,
          applicants: names,
          regionApplicants: [
            ...new Set(os.filter((o) => o.region_code === params.region).map((o) => o.entity_name ?? o.name)),
          ],
          inRegion: os.some((o) => o.seq === 1 && o.region_code === params.region),
          number: a.publication_number ?? a.application_number,
          title: a.title,
          subType: a.sub_type,
        });
      }
      await this.progress(
        id,
        STEPS.collect + ((STEPS.analyse - STEPS.collect - 2) * seen) / Math.max(total, 1),
        'collect',
      );
    }
    return out;
  }

  private async highValue(
    regionIds: number[],
    asOf: string,
    rows: readonly { id: number; number: string | null; title: string | null }[],
  ): Promise<NavigationResult['highValue']> {
    if (!this.deps.highValue)
      return {
        available: false,
        reason: '高价值发明专利分类（指标模块 AnalyticsService.highValue）尚未启用，本节暂不提供，不作估计',
      };
    const map = await this.deps.highValue(regionIds, asOf);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const items: HighValueItem[] = [...map.entries()]
      .filter(([, cats]) => cats.length > 0)
      .map(([id, categories]) => ({
        id,
        number: byId.get(id)?.number ?? null,
        title: byId.get(id)?.title ?? null,
        categories,
      }))
      .sort((a, b) => b.categories.length - a.categories.length || a.id - b.id);
    const byCategory: Record<string, number> = {};
    for (const c of HIGH_VALUE_CATEGORIES)
      byCategory[c.id] = items.filter((i) => i.categories.includes(c.id)).length;
    return { available: true, total: items.length, byCategory, items: items.slice(0, HIGH_VALUE_LIST) };
  }
}

function withTitles(s: NavigationSections): NavigationResult['sections'] {
  const { regionIds: _ids, ...rest } = s;
  return {
    ...rest,
    subclasses: s.subclasses.map((r) => ({ ...r, title: ipcTitle(r.code) ?? null })),
    mainGroups: s.mainGroups.map((r) => ({ ...r, title: mainGroupTitle(r.code) ?? null })),
    gaps: s.gaps.map((r) => ({ ...r, title: ipcTitle(r.code) ?? null })),
  };
}
