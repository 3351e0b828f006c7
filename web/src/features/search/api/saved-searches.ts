import { apiUrl, request } from '../../../lib/api.ts';
import type { SavedSearch, Suggestion } from '../types.ts';

/** My saved searches, each with its count of records new since my last visit. */
export async function listSavedSearches(signal?: AbortSignal): Promise<SavedSearch[]> {
  return (await request<{ items: SavedSearch[] }>('/saved-searches', { signal })).items;
}

export function createSavedSearch(body: {
  name: string;
  query: string;
  subscribed: boolean;
}): Promise<SavedSearch> {
  return request<SavedSearch>('/saved-searches', { method: 'POST', body });
}

/** Open one: the answer carries its new-record count, then the server marks them seen. */
export function openSavedSearch(id: number): Promise<SavedSearch> {
  return request<SavedSearch>(`/saved-searches/${id}/open`, { method: 'POST' });
}

export function updateSavedSearch(
  id: number,
  body: { name?: string; query?: string; subscribed?: boolean },
): Promise<SavedSearch> {
  return request<SavedSearch>(`/saved-searches/${id}`, { method: 'PATCH', body });
}

export function deleteSavedSearch(id: number): Promise<void> {
  return request<void>(`/saved-searches/${id}`, { method: 'DELETE' });
}

/** Query-box suggestions: applicant names (most rights first) or IPC codes with their titles. */
export async function suggest(
  field: 'applicant' | 'ipc',
  prefix: string,
  signal?: AbortSignal,
): Promise<Suggestion[]> {
  return (
    await request<{ items: Suggestion[] }>('/search/suggest', { query: { field, prefix, limit: 8 }, signal })
  ).items;
}

/** The URL of a whole result set as CSV or XLSX (streamed by the server, at most 100 000 rows). */
export function exportUrl(q: string, sort: string, format: 'csv' | 'xlsx'): string {
  return apiUrl('/search/export', { q, sort, format });
}
