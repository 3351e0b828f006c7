import { request } from '../../../lib/api.ts';
import type { ImportJob } from '../types.ts';

/** The most recent imports, newest first. */
export async function getImports(signal?: AbortSignal): Promise<ImportJob[]> {
  return (await request<{ items: ImportJob[] }>('/imports', { signal })).items;
}
