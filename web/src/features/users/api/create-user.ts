import { request } from '../../../lib/api.ts';
import type { PublicUser } from '../../auth/types.ts';
import type { NewUser } from '../types.ts';

export function createUser(u: NewUser): Promise<PublicUser> {
  return request<PublicUser>('/users', { method: 'POST', body: u });
}
