import { request } from '../../../lib/api.ts';
import type { AuditEntry, AuditFilter } from '../types.ts';

/** Audit log entries, newest first; page on with `beforeSeq`. */
export function getAudit(
  p: AuditFilter & { beforeSeq?: number; limit?: number },
  signal?: AbortSignal,
): Promise<{ items: AuditEntry[]; nextBeforeSeq: number | null }> {
  return request('/audit', { query: { ...p }, signal });
}
