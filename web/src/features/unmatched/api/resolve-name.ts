import { request } from '../../../lib/api.ts';

/** Link every owner row published under `nameNorm` to the entity. */
export function resolveName(nameNorm: string, entityId: number): Promise<{ linked: number }> {
  return request('/unmatched-names/resolve', { method: 'POST', body: { nameNorm, entityId } });
}
