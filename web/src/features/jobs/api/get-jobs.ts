import { request } from '../../../lib/api.ts';
import type { Job } from '../types.ts';

/** The scheduled jobs with their schedules, next run and latest runs. */
export function getJobs(signal?: AbortSignal): Promise<{ items: Job[] }> {
  return request('/jobs', { signal });
}
