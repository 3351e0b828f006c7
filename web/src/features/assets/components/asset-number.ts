import type { Asset } from '../types.ts';

/** The number people quote for a right: application number (patents) or registration number. */
export function mainNumber(
  a: Pick<Asset, 'kind' | 'applicationNumber' | 'registrationNumber' | 'publicationNumber'>,
): string {
  if (a.kind === 'patent') return a.applicationNumber ?? a.publicationNumber ?? '—';
  return a.registrationNumber ?? a.applicationNumber ?? '—';
}
