import { request } from '../../../lib/api.ts';
import type { ImportReject } from '../types.ts';

/** Rejected lines/documents of an import with the reason for each. */
export async function getImportRejects(
  id: number,
  p: { limit?: number; offset?: number } = {},
  signal?: AbortSignal,
): Promise<ImportReject[]> {
  return (await request<{ items: ImportReject[] }>(`/imports/${id}/rejects`, { query: p, signal })).items;
}
