import type { Asset } from '../assets/types.ts';

/** Facets of GET /api/v1/search (src/db/search/search-index.ts FACET_NAMES). */
export const SEARCH_FACETS = [
  'kind',
  'subType',
  'status',
  'ipcSection',
  'ipcClass',
  'ipcSubclass',
  'year',
  'nice',
  'street',
  'entity',
] as const;
export type SearchFacet = (typeof SEARCH_FACETS)[number];

/** One value of a facet: how many matching rights have it; `label` is a street or entity name. */
export interface FacetBucket {
  value: string;
  count: number;
  label?: string;
}

export const SEARCH_SORTS = [
  'relevance',
  'newest',
  'oldest',
  '-filingDate',
  'filingDate',
  '-publicationDate',
  'publicationDate',
] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

export interface SearchParams {
  q: string;
  sort?: string;
  cursor?: string;
  limit?: number;
  facets?: readonly string[];
}

export interface SearchResponse {
  query: string;
  total: number;
  items: Asset[];
  facets: Partial<Record<SearchFacet, FacetBucket[]>>;
  nextCursor: string | null;
}

export type { SavedSearchView as SavedSearch } from '../../../../src/domain/saved-search/views.ts';

/** One suggestion of GET /api/v1/search/suggest: an applicant name with its count, or an IPC code with its title. */
export interface Suggestion {
  value: string;
  label?: string;
  count?: number;
}

/** The server's export cap (src/modules/search/search.service.ts EXPORT_CAP). */
export const EXPORT_CAP = 100_000;
