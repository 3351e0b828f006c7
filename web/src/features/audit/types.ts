export interface AuditEntry {
  seq: number;
  at: string;
  actorId: number | null;
  actor: string;
  action: string;
  targetType: string;
  targetId: string | null;
  /** JSON text */
  detail: string;
  prevHash: string;
  hash: string;
}

export interface AuditFilter {
  targetType?: string;
  targetId?: string;
  actorId?: number;
}

export interface VerifyReport {
  ok: boolean;
  entries: number;
  problems: { seq: number; problem: string }[];
}
