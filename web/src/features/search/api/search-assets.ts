import { request } from '../../../lib/api.ts';
import type { SearchParams, SearchResponse } from '../types.ts';

/**
 * Full-text and faceted search (GET /api/v1/search). A query that does not parse is refused with a 400
 * whose field error on `q` ends with `(at position N)`.
 */
export function searchAssets(params: SearchParams, signal?: AbortSignal): Promise<SearchResponse> {
  return request<SearchResponse>('/search', {
    query: {
      q: params.q,
      sort: params.sort,
      cursor: params.cursor,
      limit: params.limit,
      facets: params.facets,
    },
    signal,
  });
}
