export type { JobRunView as JobRun, JobView as Job } from '../../../../src/domain/jobs/views.ts';
