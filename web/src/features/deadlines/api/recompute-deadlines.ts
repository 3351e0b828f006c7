import { request } from '../../../lib/api.ts';

/** Recompute the stored deadlines of every right (a recorded job). */
export function recomputeDeadlines(): Promise<{ assets: number; deadlines: number }> {
  return request('/deadlines/recompute', { method: 'POST' });
}
