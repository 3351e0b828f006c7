import { request } from '../../../lib/api.ts';
import type { RoleInfo } from '../types.ts';

/** Roles and their rights. */
export function getRoles(signal?: AbortSignal): Promise<RoleInfo[]> {
  return request<RoleInfo[]>('/roles', { signal });
}
