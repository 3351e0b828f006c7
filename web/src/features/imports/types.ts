export type ImportStatus = 'running' | 'done' | 'failed';

export interface ImportJob {
  jobId: number;
  file: string;
  format: string | null;
  status: ImportStatus;
  total: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
  /** while running: bytes of the file read so far */
  progress?: { bytesRead: number; bytesTotal: number };
}

export interface ImportReject {
  ref: string;
  field: string | null;
  reason: string;
}
