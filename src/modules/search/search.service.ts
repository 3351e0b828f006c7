import type { Database } from '../../db/connect.ts';
import { FACET_NAMES, type FacetName, type SearchSort } from '../../db/search/search-index.ts';
import { RuleError } from '../../domain/errors.ts';
import { parseQuery } from '../../domain/search/query.ts';
import type { Actor } from '../audit/audit.service.ts';
import type { Access, AssetView, RegistryService } from '../registry/registry.service.ts';

export interface SearchResponse {
  query: string;
  total: number;
  items: AssetView[];
  facets: Record<string, { value: string; count: number; label?: string }[]>;
  nextCursor: string | null;
}

const SORTS: readonly SearchSort[] = [
  'relevance',
  'newest',
  'oldest',
  'filingDate',
  '-filingDate',
  'publicationDate',
  '-publicationDate',
];

/** Chinese full-text and faceted search over the registry, through the search index of db/search. */
export class SearchService {
  constructor(
    private readonly database: Database,
    private readonly registry: RegistryService,
  ) {}

  async search(
    actor: Actor,
    access: Access,
    q: { q: string; sort?: string; cursor?: string; limit?: number; facets?: string[] },
  ): Promise<SearchResponse> {
    const ast = parseQuery(q.q ?? '');
    const sort = (q.sort ?? 'relevance') as SearchSort;
    if (!SORTS.includes(sort))
      throw new RuleError('VALIDATION', `cannot sort by "${q.sort}"`, [
        { field: 'sort', reason: `must be one of ${SORTS.join(', ')}` },
      ]);
    const facets = (q.facets?.length ? q.facets : FACET_NAMES) as FacetName[];
    const unknown = facets.filter((f) => !FACET_NAMES.includes(f));
    if (unknown.length)
      throw new RuleError('VALIDATION', `unknown facet ${unknown.join(', ')}`, [
        { field: 'facets', reason: `must be among ${FACET_NAMES.join(', ')}` },
      ]);
    const r = await this.registry.search.search(this.database.db, ast, {
      limit: q.limit ?? 20,
      ...(q.cursor ? { cursor: q.cursor } : {}),
      sort,
      facets,
      confidential: access.canReadPrivate
        ? 'include'
        : actor.entityId !== null
          ? { ownerEntityId: actor.entityId }
          : 'exclude',
    });
    const items = await this.registry.assetsByIds(actor, access, r.ids);
    return {
      query: q.q,
      total: r.total,
      items,
      facets: r.facets as SearchResponse['facets'],
      nextCursor: r.nextCursor,
    };
  }

  /** Rebuild the whole index (after a restore, or when the segmentation dictionary changes). */
  async reindex(onProgress?: (done: number, total: number) => void): Promise<number> {
    return this.registry.search.rebuild(this.database.db, onProgress);
  }
}
