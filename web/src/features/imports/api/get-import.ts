import { request } from '../../../lib/api.ts';
import type { ImportJob } from '../types.ts';

/** One import: counts, state and (while running) progress. */
export function getImport(id: number, signal?: AbortSignal): Promise<ImportJob> {
  return request<ImportJob>(`/imports/${id}`, { signal });
}
