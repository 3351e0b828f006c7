import { request } from '../../../lib/api.ts';
import type { FeeForecast } from '../types.ts';

/**
 * Annual fees an entity owes per calendar year for the next `years` years, and its next `nextLimit`
 * deadlines (50 by default; the portfolio calendar asks for more).
 */
export function getFeeForecast(
  entityId: number,
  years = 5,
  signal?: AbortSignal,
  nextLimit?: number,
): Promise<FeeForecast> {
  return request<FeeForecast>(`/entities/${entityId}/fee-forecast`, {
    query: { years, ...(nextLimit ? { nextLimit } : {}) },
    signal,
  });
}
