/** The scheduled-jobs API's shapes, written once for the jobs service and the web app. Types only. */

export interface JobRunView {
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

export interface JobView {
  name: string;
  title: { zh: string; en: string };
  cron: string;
  timeZone: string;
  nextRun: string | null;
  lastRuns: JobRunView[];
}
