import { request } from '../../../lib/api.ts';
import type { PublicUser } from '../types.ts';

export interface LoginResult {
  user: PublicUser;
  permissions: string[];
  expiresAt: string;
}

/** Log in; the server sets the HttpOnly session cookie. */
export function login(username: string, password: string): Promise<LoginResult> {
  return request<LoginResult>('/auth/login', { method: 'POST', body: { username, password } });
}
