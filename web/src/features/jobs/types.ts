export interface JobRun {
  id: number;
  job: string;
  trigger: string | null;
  slot: string | null;
  status: string;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  items: number;
  error: string | null;
}

export interface Job {
  name: string;
  title: { zh: string; en: string };
  cron: string;
  timeZone: string;
  nextRun: string | null;
  lastRuns: JobRun[];
}
