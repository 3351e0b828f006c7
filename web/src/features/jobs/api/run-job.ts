import { request } from '../../../lib/api.ts';
import type { JobRun } from '../types.ts';

/** Run a job now; resolves when the run has finished (done or failed). */
export function runJob(name: string): Promise<JobRun> {
  return request<JobRun>(`/jobs/${encodeURIComponent(name)}/run`, { method: 'POST' });
}
