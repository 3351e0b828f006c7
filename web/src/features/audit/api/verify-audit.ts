import { request } from '../../../lib/api.ts';
import type { VerifyReport } from '../types.ts';

/** Walk the whole hash chain of the audit log. */
export function verifyAudit(): Promise<VerifyReport> {
  return request<VerifyReport>('/audit/verify');
}
