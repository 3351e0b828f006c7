/**
 * The search index behind one interface (DESIGN §2): SQLite FTS5 (sqlite-fts.ts) or PostgreSQL tsvector +
 * GIN with pg_trgm (pg-fts.ts), chosen by dialect. A dedicated engine can replace both by implementing
 * {@link SearchIndex}; nothing outside src/db/search knows how the index is stored.
 *
 * Keeping it in step: call `upsert` (or `refresh`) with the asset's document in the same transaction as
 * every insert, update and import of an asset, and `remove` when one is deleted (on both dialects a deleted
 * asset also drops out of the index by itself: trigger / foreign-key cascade). `rebuild` re-indexes every
 * asset (`zhihui reindex`).
 *
 * What the SQL implementations keep: the text (title, abstract, applicant names), the numbers, IPC symbols
 * and Nice classes of a document. Kind, sub-type, status, filing year, street and entity are read from
 * ip_asset / ip_owner / entity at query time, so they are never stale (status is re-derived, an entity can
 * move to another street, without the asset being re-indexed). The SearchDoc still carries them for an
 * engine that keeps its own copy.
 *
 * Matching rules: plan.ts. Facets are counted over the whole matching set (not the page): from the facet
 * snapshot of the current data version when the caller passes one (facet-snapshot.ts: typed arrays, one pass
 * over the matching ids), else in one SQL statement with the matching set materialised once (sql-common.ts);
 * both give the same counts. Where the plan allows, the matching ids come from the indexes alone
 * (sql-common.ts idSetOf) and relevance pages are picked from the engine's own order or one scan
 * (sqlite-fts.ts rankedPage, pg-fts.ts), with the same order as the SQL sort.
 */
import type { Database, Dialect, Executor } from '../connect.ts';
import type { QueryNode } from '../../domain/search/query.ts';
import type { SearchSort } from './plan.ts';
import type { FacetSnapshot } from './facet-snapshot.ts';
import type { MemoryIndex } from './memory-index.ts';
import { SqliteFtsIndex } from './sqlite-fts.ts';
import { PgFtsIndex } from './pg-fts.ts';

export type { SearchSort } from './plan.ts';

/** What the index knows about one asset. */
export interface SearchDoc {
  assetId: number;
  title: string | null;
  abstract: string | null;
  /** applicant / owner names as published */
  applicants: string[];
  /** every key (domain/search/numbers.ts assetNumberKeys) and usual written form (assetNumberForms) */
  numbers: string[];
  ipc: string[];
  niceClasses: number[];
  kind: string;
  subType: string | null;
  status: string;
  filingYear: number | null;
  streetCodes: string[];
  entityIds: number[];
}

export type FacetName =
  | 'kind'
  | 'subType'
  | 'status'
  | 'ipcSection'
  | 'ipcClass'
  | 'ipcSubclass'
  | 'year'
  | 'nice'
  | 'street'
  | 'entity'
  | 'industry';

export const FACET_NAMES: readonly FacetName[] = [
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
  'industry',
];

/** One value of a facet: how many matching assets have it. `label`: street or entity name. */
export interface FacetBucket {
  value: string;
  count: number;
  label?: string;
}

/**
 * Which confidential assets a search may return: `exclude` (public users), `include` (bureau staff), or
 * the confidential assets of one entity besides the public ones (an enterprise user).
 */
export type ConfidentialScope = 'exclude' | 'include' | { ownerEntityId: number };

export interface SearchOptions {
  /** page size (1–1000) */
  limit: number;
  /** from the previous page's `nextCursor`; only valid with the same query and sort */
  cursor?: string;
  /** default `relevance` (which is `newest` when the query has no text) */
  sort?: SearchSort;
  facets?: readonly FacetName[];
  /** buckets per facet, most frequent first (default 50) */
  facetLimit?: number;
  /** default `include` */
  confidential?: ConfidentialScope;
  /** only assets whose id is greater (ids only grow: the records that entered after a saved search's mark) */
  afterAssetId?: number;
  /** only assets whose id is at most this (the other end of such a window) */
  upToAssetId?: number;
  /** count the matching set and the facets (default true); false (export paging): `total` is -1, no facets */
  count?: boolean;
  /**
   * Facet values of every asset at the current data version (facet-snapshot.ts): the counts are then taken
   * from it over the matching ids, with the same result as the SQL statement, much faster for large sets.
   */
  facetSnapshot?: FacetSnapshot;
  /**
   * The in-memory word index, up to date (memory-index.ts): with a facet snapshot the whole search is answered
   * from memory (memory-search.ts), SQL only reading substrings and numbers.
   */
  memory?: MemoryIndex;
}

export interface SearchResult {
  /** number of matching assets */
  total: number;
  /** asset ids of this page, in order */
  ids: number[];
  facets: Partial<Record<FacetName, FacetBucket[]>>;
  /** cursor of the next page, null on the last page */
  nextCursor: string | null;
}

export interface SearchIndex {
  readonly dialect: Dialect;
  /** index (or re-index) documents; run it in the transaction that wrote the assets */
  upsert(tx: Executor, docs: readonly SearchDoc[]): Promise<void>;
  /** build the documents of these assets from the registry tables and upsert them */
  refresh(tx: Executor, assetIds: readonly number[]): Promise<void>;
  remove(tx: Executor, assetIds: readonly number[]): Promise<void>;
  /** the matching assets of a parsed query: total, one page of ids, facet counts */
  search(exec: Executor, ast: QueryNode, opts: SearchOptions): Promise<SearchResult>;
  /** drop the index and index every asset again (in one transaction); returns the number of assets */
  rebuild(exec: Executor, onProgress?: (done: number, total: number) => void): Promise<number>;
}

/** The index of a database's dialect. */
export function createSearchIndex(database: Database): SearchIndex {
  return database.dialect === 'postgres' ? new PgFtsIndex() : new SqliteFtsIndex(database.sqlite);
}
