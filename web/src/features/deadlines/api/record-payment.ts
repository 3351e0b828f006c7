import { request } from '../../../lib/api.ts';
import type { PaymentInput, Schedule } from '../types.ts';

/**
 * Record an annual-fee payment; answers the new schedule. Refused with a field error on `amount` when
 * short (the reason says what is owed), on `patentYear` after the grace end without a restoration, and
 * 409 when the year is already paid.
 */
export function recordPayment(assetId: number, payment: PaymentInput): Promise<Schedule> {
  return request<Schedule>(`/assets/${assetId}/payments`, { method: 'POST', body: payment });
}
