import { request } from '../../../lib/api.ts';

/** The categories of the loaded 战略性新兴产业 concordance (part A's table), each once. */
export async function getSeiCategories(signal?: AbortSignal): Promise<{ code: string; name: string }[]> {
  const { rows } = await request<{ rows: { code: string; name: string }[] }>('/analytics/sei', { signal });
  const seen = new Map<string, string>();
  for (const r of rows) if (!seen.has(r.code)) seen.set(r.code, r.name);
  return [...seen].map(([code, name]) => ({ code, name }));
}
