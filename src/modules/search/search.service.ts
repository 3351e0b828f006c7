import type { Database } from '../../db/connect.ts';
import {
  FACET_NAMES,
  type ConfidentialScope,
  type FacetBucket,
  type FacetName,
  type SearchOptions,
  type SearchSort,
} from '../../db/search/search-index.ts';
import { applicantSuggestions, highestAssetId } from '../../db/search/lookups.ts';
import { FacetSnapshots } from '../../db/search/facet-snapshot.ts';
import { MemoryIndexes } from '../../db/search/memory-index.ts';
import { isMemoryCursor } from '../../db/search/memory-search.ts';
import { ipcTitle } from '../../domain/analytics/ipc.ts';
import { RuleError } from '../../domain/errors.ts';
import { parseQuery, QueryError, type QueryNode } from '../../domain/search/query.ts';
import type { Mailer } from '../../mail/mailer.ts';
import type { Actor, AuditService } from '../audit/audit.service.ts';
import type { AuthService } from '../auth/auth.service.ts';
import type { Access, AssetView, RegistryService } from '../registry/registry.service.ts';
import { ipcSuggestions } from '../../domain/search/ipc-suggest.ts';
import { SavedSearches } from './saved-searches.ts';

/** What the public (no `registry:read`) sees of a right: the published bibliographic fields. */
export type PublicAssetView = Pick<
  AssetView,
  | 'id'
  | 'kind'
  | 'office'
  | 'subType'
  | 'applicationNumber'
  | 'registrationNumber'
  | 'publicationNumber'
  | 'title'
  | 'abstract'
  | 'filingDate'
  | 'publicationDate'
  | 'grantDate'
  | 'registrationDate'
  | 'ipc'
  | 'niceClasses'
  | 'status'
  | 'expiryDate'
  | 'owners'
>;

export const PUBLIC_ASSET_FIELDS: readonly (keyof PublicAssetView)[] = [
  'id',
  'kind',
  'office',
  'subType',
  'applicationNumber',
  'registrationNumber',
  'publicationNumber',
  'title',
  'abstract',
  'filingDate',
  'publicationDate',
  'grantDate',
  'registrationDate',
  'ipc',
  'niceClasses',
  'status',
  'expiryDate',
  'owners',
];

export interface SearchResponse {
  query: string;
  total: number;
  items: (AssetView | PublicAssetView)[];
  facets: Record<string, FacetBucket[]>;
  nextCursor: string | null;
}

export interface SearchRequest {
  q: string;
  sort?: string;
  cursor?: string;
  limit?: number;
  facets?: string[];
}

export interface Suggestion {
  value: string;
  label?: string;
  count?: number;
}

/** At most this many rows in one export; the rest are cut and the response says so. */
export const EXPORT_CAP = 100_000;
const EXPORT_PAGE = 1000;

const SORTS: readonly SearchSort[] = [
  'relevance',
  'newest',
  'oldest',
  'filingDate',
  '-filingDate',
  'publicationDate',
  '-publicationDate',
];

const COUNT_CACHE_SIZE = 500;

const IPC_FACETS: readonly FacetName[] = ['ipcSection', 'ipcClass', 'ipcSubclass'];

function checkSort(sort: string | undefined): SearchSort {
  const s = (sort ?? 'relevance') as SearchSort;
  if (!SORTS.includes(s))
    throw new RuleError('VALIDATION', `cannot sort by "${sort}"`, [
      { field: 'sort', reason: `must be one of ${SORTS.join(', ')}` },
    ]);
  return s;
}

function checkFacets(requested: string[] | undefined): FacetName[] {
  const facets = (requested?.length ? requested : FACET_NAMES) as FacetName[];
  const unknown = facets.filter((f) => !FACET_NAMES.includes(f));
  if (unknown.length)
    throw new RuleError('VALIDATION', `unknown facet ${unknown.join(', ')}`, [
      { field: 'facets', reason: `must be among ${FACET_NAMES.join(', ')}` },
    ]);
  return facets;
}

/** The facets with IPC buckets labelled by their scheme titles (section → class → subclass); a new object. */
function labelIpc(facets: Partial<Record<FacetName, FacetBucket[]>>): Record<string, FacetBucket[]> {
  const out: Record<string, FacetBucket[]> = {};
  for (const [name, buckets] of Object.entries(facets))
    out[name] = IPC_FACETS.includes(name as FacetName)
      ? buckets.map((b) => {
          const label = ipcTitle(b.value);
          return label ? { ...b, label } : b;
        })
      : buckets;
  return out;
}

function publicView(a: AssetView): PublicAssetView {
  const out: Partial<Record<keyof PublicAssetView, unknown>> = {};
  for (const k of PUBLIC_ASSET_FIELDS) out[k] = a[k];
  return out as PublicAssetView;
}

/** audited writes that change nothing a search finds or counts (see SearchService.dataVersion) */
const UNRELATED_WRITES = [
  'auth.',
  'user.',
  'search.',
  'reminders.',
  'navigation.',
  'finance.',
  'analytics.',
] as const;

/** Chinese full-text and faceted search over the registry, through the search index of db/search. */
export class SearchService {
  /** saved searches, "new since the last visit" and the daily digest */
  readonly saved: SavedSearches;
  /** total and facet counts by query key, valid while the data version is `version` (least recently used first) */
  private readonly counts = new Map<
    string,
    { version: number; total: number; facets: Partial<Record<FacetName, FacetBucket[]>> }
  >();

  /** every asset's facet values at the current data version, for fast facet counts */
  private readonly facetSnapshots: FacetSnapshots;
  /** the in-memory word index of this process, following every write (off with ZHIHUI_SEARCH_MEMORY=off) */
  private readonly memoryIndexes?: MemoryIndexes;

  constructor(
    private readonly database: Database,
    private readonly registry: RegistryService,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
    mailer: Mailer,
  ) {
    this.saved = new SavedSearches(database, this, auth, audit, mailer);
    this.facetSnapshots = new FacetSnapshots(
      database.db,
      () => this.dataVersion(),
      undefined,
      (from, to) => this.changedBetween(from, to),
    );
    if (process.env.ZHIHUI_SEARCH_MEMORY !== 'off')
      this.memoryIndexes = new MemoryIndexes(database.db, database.dialect);
  }

  /**
   * What the index may answer from at `version`: the facet snapshot and the memory index when both are up to
   * date. A relevance cursor made from memory needs them again, so for one they are waited for.
   */
  private async inMemory(
    version: number,
    opts: SearchOptions,
  ): Promise<Pick<SearchOptions, 'facetSnapshot' | 'memory'>> {
    let facetSnapshot = await this.facetSnapshots.atOrPatch(version);
    let memory = await this.memoryIndexes?.at(version);
    if (isMemoryCursor(opts.cursor, opts.sort) && !(facetSnapshot && memory)) {
      facetSnapshot ??= await this.facetSnapshots.ready();
      memory ??= await this.memoryIndexes?.ready(await this.dataVersion());
      if (!facetSnapshot || !memory)
        throw new RuleError('BAD_CURSOR', 'the cursor has expired: run the search again', [
          { field: 'cursor', reason: 'expired' },
        ]);
    }
    return { ...(facetSnapshot ? { facetSnapshot } : {}), ...(memory ? { memory } : {}) };
  }

  /**
   * The version of the data a search reads: the audit log head, passing over entries that change nothing a
   * search finds or counts (sign-ins, users, saved searches and digests, reminders settings, navigation reports,
   * pledges, indicator snapshots) — so a sign-in does not throw away the facet snapshot, the counts and the
   * memory index's place at a million records.
   */
  private dataVersion(): Promise<number> {
    return this.audit.dataVersionExcept(this.database.db, UNRELATED_WRITES);
  }

  /**
   * The assets whose facet values may have changed between two data versions, from the audit entries in
   * between: an asset's own writes (registry, events, payments and reductions), the assets of an updated
   * entity (street, industry, name); null for anything else (an import, a recompute, a new or deleted entity
   * that links or unlinks owners, more than 200 entries) — the facet snapshot is then read again whole.
   */
  private async changedBetween(from: number, to: number): Promise<number[] | null> {
    const entries = await this.audit.entriesBetween(this.database.db, from, to, UNRELATED_WRITES, 200);
    if (!entries) return null;
    const ids = new Set<number>();
    for (const e of entries) {
      const target = Number(e.targetId);
      if (!Number.isInteger(target) || target <= 0) return null;
      if (
        e.targetType === 'asset' &&
        (e.action.startsWith('asset.') || e.action.startsWith('lifecycle.')) &&
        e.action !== 'asset.import'
      )
        ids.add(target);
      else if (e.targetType === 'entity' && e.action === 'entity.update')
        for (const id of await this.registry.assetIdsOfEntity(target)) ids.add(id);
      else return null;
    }
    return [...ids];
  }

  /** Which confidential assets an actor may find: all (private readers), own entity's, or none. */
  scopeOf(actor: Actor, access: Pick<Access, 'canReadPrivate'>): ConfidentialScope {
    if (access.canReadPrivate) return 'include';
    return actor.entityId !== null ? { ownerEntityId: actor.entityId } : 'exclude';
  }

  /** true for the anonymous public and roles without registry access: public fields only. */
  isPublic(actor: Actor): boolean {
    return !this.auth.can(actor.role, 'registry:read');
  }

  /**
   * One page of matching ids (and, unless `count` is false, total and facets) in the actor's scope. Counts are
   * cached by query, scope and facets for as long as the data version (the audit log head, which every write
   * moves) stays the same: the next page, the same query again, a digest of many users cost no recount.
   */
  async find(actor: Actor, access: Pick<Access, 'canReadPrivate'>, ast: QueryNode, opts: SearchOptions) {
    const scope = this.isPublic(actor) ? 'exclude' : this.scopeOf(actor, access);
    const o: SearchOptions = { ...opts, confidential: scope };
    const version = await this.dataVersion();
    const fast = await this.inMemory(version, o);
    if (o.count === false) return this.registry.search.search(this.database.db, ast, { ...o, ...fast });
    const key = JSON.stringify([ast, scope, o.facets ?? [], o.facetLimit, o.afterAssetId, o.upToAssetId]);
    const hit = this.counts.get(key);
    if (hit?.version === version) {
      this.counts.delete(key);
      this.counts.set(key, hit);
      const r = await this.registry.search.search(this.database.db, ast, { ...o, ...fast, count: false });
      return { ...r, total: hit.total, facets: hit.facets };
    }
    const r = await this.registry.search.search(this.database.db, ast, { ...o, ...fast });
    this.counts.delete(key);
    if (this.counts.size >= COUNT_CACHE_SIZE) this.counts.delete(this.counts.keys().next().value!);
    this.counts.set(key, { version, total: r.total, facets: r.facets });
    return r;
  }

  /** Views of hits in order, public fields only for the public. */
  async views(actor: Actor, access: Access, ids: number[]): Promise<(AssetView | PublicAssetView)[]> {
    const pub = this.isPublic(actor);
    const items = await this.registry.assetsByIds(
      actor,
      pub ? { ...access, canReadPrivate: false } : access,
      ids,
    );
    return pub ? items.map(publicView) : items;
  }

  async search(actor: Actor, access: Access, q: SearchRequest): Promise<SearchResponse> {
    const ast = parseQuery(q.q ?? '');
    const sort = checkSort(q.sort);
    const facets = checkFacets(q.facets);
    const r = await this.find(actor, access, ast, {
      limit: q.limit ?? 20,
      ...(q.cursor ? { cursor: q.cursor } : {}),
      sort,
      facets,
    });
    return {
      query: q.q,
      total: r.total,
      items: await this.views(actor, access, r.ids),
      facets: labelIpc(r.facets),
      nextCursor: r.nextCursor,
    };
  }

  /**
   * A whole result set for export: how many match, whether the cap cuts it, and its rows page by page
   * (keyset cursor over the index, `cap` rows at most, default {@link EXPORT_CAP}), to be written as they come.
   */
  async exportPages(
    actor: Actor,
    access: Access,
    q: { q: string; sort?: string },
    cap = EXPORT_CAP,
  ): Promise<{
    total: number;
    rows: number;
    truncated: boolean;
    pages: AsyncIterable<(AssetView | PublicAssetView)[]>;
  }> {
    const ast = parseQuery(q.q ?? '');
    const sort = checkSort(q.sort);
    const { total } = await this.find(actor, access, ast, { limit: 1, sort, facets: [] });
    const rows = Math.min(total, cap);
    const pages = async function* (this: SearchService) {
      let cursor: string | undefined;
      let left = rows;
      while (left > 0) {
        const r = await this.find(actor, access, ast, {
          limit: Math.min(EXPORT_PAGE, left),
          sort,
          count: false,
          ...(cursor ? { cursor } : {}),
        });
        if (r.ids.length === 0) return;
        left -= r.ids.length;
        yield await this.views(actor, access, r.ids);
        if (!r.nextCursor) return;
        cursor = r.nextCursor;
      }
    }.call(this);
    return { total, rows, truncated: total > cap, pages };
  }

  /** Query-box suggestions: applicant names by prefix (most assets first) or IPC codes with their titles. */
  async suggest(
    actor: Actor,
    access: Access,
    q: { field: 'applicant' | 'ipc'; prefix: string; limit?: number },
  ): Promise<{ field: string; prefix: string; items: Suggestion[] }> {
    const limit = q.limit ?? 10;
    const prefix = q.prefix.trim();
    if (q.field === 'ipc') return { field: q.field, prefix, items: ipcSuggestions(prefix, limit) };
    const scope = this.isPublic(actor) ? 'exclude' : this.scopeOf(actor, access);
    const names = await applicantSuggestions(this.database.db, this.database.dialect, prefix, scope, limit);
    return { field: q.field, prefix, items: names.map((n) => ({ value: n.name, count: n.assets })) };
  }

  /** The highest asset id: the "seen" mark of a saved search (ids only grow). */
  async highestAssetId(): Promise<number> {
    return highestAssetId(this.database.db);
  }

  /** Parse a query to save, reporting a problem on the `query` field. */
  parseToSave(query: string): QueryNode {
    try {
      return parseQuery(query);
    } catch (e) {
      if (e instanceof QueryError)
        throw new RuleError('BAD_QUERY', e.message, [
          { field: 'query', reason: e.errors[0]?.reason ?? e.message },
        ]);
      throw e;
    }
  }

  /** Send today's saved-search digests (see SavedSearches.sendDigests); the daily job calls this. */
  async sendDigests(now: Date) {
    return this.saved.sendDigests(now);
  }

  /**
   * Build the facet snapshot of the current data version now (it is otherwise built in the background after
   * the first search at a new version); false when writes kept moving the version.
   */
  async warmFacets(): Promise<boolean> {
    const snapshot = await this.facetSnapshots.ready();
    const memory = this.memoryIndexes ? await this.memoryIndexes.ready(await this.dataVersion()) : undefined;
    return snapshot !== undefined && (memory !== undefined || !this.memoryIndexes);
  }

  /** Stop the background builds of the facet snapshot and the memory index (before the database closes). */
  async close(): Promise<void> {
    await Promise.all([this.facetSnapshots.close(), this.memoryIndexes?.close()]);
  }

  /** Rebuild the whole index (after a restore, or when the segmentation dictionary changes). */
  async reindex(onProgress?: (done: number, total: number) => void): Promise<number> {
    return this.registry.search.rebuild(this.database.db, onProgress);
  }
}
