import { request } from '../../../lib/api.ts';
import type { FeeForecast } from '../types.ts';

/** Annual fees an entity owes per calendar year for the next `years` years, and its next deadlines. */
export function getFeeForecast(entityId: number, years = 5, signal?: AbortSignal): Promise<FeeForecast> {
  return request<FeeForecast>(`/entities/${entityId}/fee-forecast`, { query: { years }, signal });
}
