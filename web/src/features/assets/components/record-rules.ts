/**
 * The hand-entry rules of the canonical record in the browser: the very function the server runs on
 * every record (src/domain/records/normalize.ts), so a reason shown while typing is the one a save would
 * get back.
 */
import { normalizeRecord } from '../../../../../src/domain/records/normalize.ts';
import type { FieldError } from '../../../lib/api.ts';
import type { AssetInput } from '../types.ts';

/** Every field error of a hand-entered record. */
export function recordErrors(r: AssetInput): FieldError[] {
  const { confidential: _confidential, ...record } = r;
  const n = normalizeRecord({ ...record, office: record.office ?? 'CN' });
  return n.ok ? [] : n.errors;
}
