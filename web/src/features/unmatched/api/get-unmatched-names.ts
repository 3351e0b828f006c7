import { request } from '../../../lib/api.ts';
import type { UnmatchedName } from '../types.ts';

/** Applicant names as published that no entity carries yet, most frequent first (offset paging). */
export function getUnmatchedNames(
  p: { q?: string; limit?: number; offset?: number },
  signal?: AbortSignal,
): Promise<{ items: UnmatchedName[]; total: number }> {
  return request('/unmatched-names', { query: p, signal });
}
