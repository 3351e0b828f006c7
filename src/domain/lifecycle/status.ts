import { addMonthsPeriod } from './periods.ts';
/**
 * Asset status derived from events and dates only (DESIGN §3: never typed in by hand).
 * This is the registration-time derivation; the lifecycle rules (annual fees, grace, renewals)
 * refine it with deadlines.
 */
export type AssetStatus =
  | 'pending' // filed, not yet granted / registered
  | 'in_force' // granted / registered and not ended
  | 'in_grace' // trademark past its term, inside the 6-month 宽展期 (商标法 第四十条)
  | 'terminated' // lapsed for non-payment (CF01), restorable until restored (RR01)
  | 'abandoned' // surrendered (AV01) or application withdrawn / rejected
  | 'invalid' // invalidated (IW01) or trademark cancelled
  | 'expired'; // term ended (CX01) or past expiry

export const STATUS_LABELS: Record<AssetStatus, { zh: string; en: string }> = {
  pending: { zh: '审查中', en: 'Pending' },
  in_force: { zh: '有效', en: 'In force' },
  in_grace: { zh: '宽展期', en: 'In grace period' },
  terminated: { zh: '未缴年费终止', en: 'Terminated (fees)' },
  abandoned: { zh: '放弃/撤回/驳回', en: 'Abandoned' },
  invalid: { zh: '无效/注销', en: 'Invalid' },
  expired: { zh: '届满', en: 'Expired' },
};

export interface StatusInput {
  kind: 'patent' | 'trademark' | 'copyright';
  grantDate?: string | null;
  /** granted per its documents (e.g. a CN grant publication B/U/S) though the grant date is not known */
  granted?: boolean;
  registrationDate?: string | null;
  expiryDate?: string | null;
  events: readonly { code: string; date: string }[];
}

const ENDING: Record<string, AssetStatus> = {
  CF01: 'terminated',
  CX01: 'expired',
  IW01: 'invalid',
  AV01: 'abandoned',
  RJ01: 'abandoned',
  WD01: 'abandoned',
  WW01: 'abandoned',
  TM_CANCEL: 'invalid',
  TM_INVALID: 'invalid',
  TM_REVOKE: 'invalid',
};
const GRANTING = new Set(['GRANT', 'GR01', 'REG', 'TM_REG', 'TM_RENEW']);

/** Apply events in date order; RR01 (restoration) revives a terminated right. */
export function deriveStatus(a: StatusInput, today: string): AssetStatus {
  let status: AssetStatus =
    a.kind === 'copyright' || a.grantDate || a.granted || a.registrationDate ? 'in_force' : 'pending';
  const events = [...a.events].sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
  for (const e of events) {
    if (e.date > today) continue;
    const ending = ENDING[e.code];
    if (ending) status = ending;
    else if (e.code === 'RR01' && status === 'terminated') status = 'in_force';
    else if (GRANTING.has(e.code) && status === 'pending') status = 'in_force';
  }
  if (status === 'in_force' && a.expiryDate && a.expiryDate < today)
    status = a.kind === 'trademark' && today <= addMonthsPeriod(a.expiryDate, 6) ? 'in_grace' : 'expired';
  return status;
}
