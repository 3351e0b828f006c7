import { request } from '../../../lib/api.ts';
import type { Denominator, DenominatorInput, LineReject } from '../types.ts';

export function getDenominators(
  q: { region?: string; kind?: string },
  signal?: AbortSignal,
): Promise<{ items: Denominator[] }> {
  return request('/analytics/denominators', { query: q, signal });
}

/** Create or replace the figure with the same region, street, kind, period and date. */
export function saveDenominator(d: DenominatorInput): Promise<Denominator> {
  return request('/analytics/denominators', { method: 'PUT', body: d });
}

export function deleteDenominator(id: number): Promise<void> {
  return request(`/analytics/denominators/${id}`, { method: 'DELETE' });
}

export function importDenominators(
  file: File,
): Promise<{ inserted: number; updated: number; rejected: number; rejects: LineReject[] }> {
  const fd = new FormData();
  fd.append('file', file);
  return request('/analytics/denominators/import', { method: 'POST', body: fd });
}
