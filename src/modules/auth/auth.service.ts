import { createHash, randomBytes } from 'node:crypto';
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import type { Database } from '../../db/connect.ts';
import {
  DEFAULT_ROLE_PERMISSIONS,
  ROLE_NAMES,
  ROLES,
  isRole,
  type Permission,
} from '../../domain/auth/roles.ts';
import { ConflictError, RuleError, type FieldError } from '../../domain/errors.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { type Actor } from '../audit/audit.service.ts';
import { AuthRepository, type UserRow } from './auth.repository.ts';

export const SESSION_TTL_HOURS = 12;
export const PUBLIC_ACTOR: Actor = { id: null, name: 'public', role: 'public', entityId: null };

export interface PublicUser {
  id: number;
  username: string;
  displayName: string;
  role: string;
  entityId: number | null;
  email: string | null;
  active: boolean;
}

function toPublic(u: UserRow): PublicUser {
  return {
    id: Number(u.id),
    username: u.username,
    displayName: u.display_name,
    role: u.role,
    entityId: u.entity_id === null ? null : Number(u.entity_id),
    email: u.email,
    active: u.active === 1,
  };
}

function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function validatePassword(pw: unknown, field = 'password'): FieldError | undefined {
  if (typeof pw !== 'string' || pw.length < 10) return { field, reason: 'must be at least 10 characters' };
  if (pw.length > 200) return { field, reason: 'must be at most 200 characters' };
  return undefined;
}

/** A plain mailbox address (local@domain.tld); the SMTP server does the rest. */
export function validateEmail(v: string, field = 'email'): FieldError | undefined {
  if (v.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v))
    return { field, reason: 'must be an e-mail address like name@example.cn' };
  return undefined;
}

export class AuthService {
  private readonly repo = new AuthRepository();
  private permissions = new Map<string, Set<string>>();

  constructor(
    private readonly database: Database,
    private readonly audit: AuditService,
  ) {}

  /** Seed the roles and their default rights (first start only), then load them. */
  async init(): Promise<void> {
    const db = this.database.db;
    await db.transaction().execute(async (tx) => {
      for (const r of ROLES) await this.repo.upsertRole(tx, r, ROLE_NAMES[r].zh, ROLE_NAMES[r].en);
      if ((await this.repo.roleCount(tx)) === 0) {
        const rows = ROLES.flatMap((role) =>
          DEFAULT_ROLE_PERMISSIONS[role].map((permission) => ({ role, permission })),
        );
        await this.repo.insertPermissions(tx, rows);
      }
    });
    await this.reloadPermissions();
  }

  async reloadPermissions(): Promise<void> {
    const rows = await this.repo.allPermissions(this.database.db);
    const m = new Map<string, Set<string>>();
    for (const r of rows) {
      if (!m.has(r.role)) m.set(r.role, new Set());
      m.get(r.role)!.add(r.permission);
    }
    this.permissions = m;
  }

  can(role: string, permission: Permission): boolean {
    return this.permissions.get(role)?.has(permission) ?? false;
  }

  permissionsOf(role: string): string[] {
    return [...(this.permissions.get(role) ?? [])].sort();
  }

  async roles(): Promise<{ code: string; nameZh: string; nameEn: string; permissions: string[] }[]> {
    const rows = await this.repo.roles(this.database.db);
    return rows.map((r) => ({
      code: r.code,
      nameZh: r.name_zh,
      nameEn: r.name_en,
      permissions: this.permissionsOf(r.code),
    }));
  }

  /**
   * Create the administrator on first start. The password comes from ZHIHUI_ADMIN_PASSWORD or is
   * generated; the generated one is returned so the caller can print it once.
   */
  async ensureAdmin(
    envPassword?: string,
  ): Promise<{ created: boolean; username: string; password?: string }> {
    const db = this.database.db;
    if ((await this.repo.countUsers(db)) > 0) return { created: false, username: 'admin' };
    const password = envPassword ?? randomBytes(12).toString('base64url');
    const bad = validatePassword(password, 'ZHIHUI_ADMIN_PASSWORD');
    if (bad) throw new RuleError('INVALID_ADMIN_PASSWORD', `ZHIHUI_ADMIN_PASSWORD ${bad.reason}`, [bad]);
    await this.createUser(
      { id: null, name: 'system', role: 'admin', entityId: null },
      { username: 'admin', password, displayName: '系统管理员', role: 'admin', entityId: null },
    );
    return { created: true, username: 'admin', password: envPassword ? undefined : password };
  }

  async createUser(
    actor: Actor,
    u: {
      username: string;
      password: string;
      displayName: string;
      role: string;
      entityId: number | null;
      email?: string | null;
    },
  ): Promise<PublicUser> {
    const errors: FieldError[] = [];
    if (u.email) {
      const bad = validateEmail(u.email);
      if (bad) errors.push(bad);
    }
    if (!/^[A-Za-z0-9_.@-]{3,64}$/.test(u.username))
      errors.push({ field: 'username', reason: 'must be 3–64 letters, digits or _ . @ -' });
    const pw = validatePassword(u.password);
    if (pw) errors.push(pw);
    if (!isRole(u.role)) errors.push({ field: 'role', reason: `unknown role "${u.role}"` });
    if (u.role === 'enterprise' && u.entityId === null)
      errors.push({ field: 'entityId', reason: 'an enterprise user must belong to an entity' });
    if (errors.length) throw new RuleError('VALIDATION', 'The user is not valid', errors);
    const passwordHash = await argonHash(u.password);
    return this.database.db.transaction().execute(async (tx) => {
      if (await this.repo.findUserByName(tx, u.username))
        throw new ConflictError(`user "${u.username}" already exists`, [
          { field: 'username', reason: 'already taken' },
        ]);
      const id = await this.repo.insertUser(tx, {
        username: u.username,
        password_hash: passwordHash,
        display_name: u.displayName || u.username,
        role: u.role,
        entity_id: u.entityId,
        email: u.email || null,
        created_at: new Date().toISOString(),
      });
      await this.audit.record(tx, actor, {
        action: 'user.create',
        targetType: 'user',
        targetId: id,
        detail: { username: u.username, role: u.role, entityId: u.entityId },
      });
      return toPublic((await this.repo.getUser(tx, id))!);
    });
  }

  async listUsers(): Promise<PublicUser[]> {
    return (await this.repo.listUsers(this.database.db)).map(toPublic);
  }

  async updateUser(
    actor: Actor,
    id: number,
    patch: {
      password?: string;
      displayName?: string;
      role?: string;
      entityId?: number | null;
      email?: string | null;
      active?: boolean;
    },
  ): Promise<PublicUser> {
    const errors: FieldError[] = [];
    if (patch.email) {
      const bad = validateEmail(patch.email);
      if (bad) errors.push(bad);
    }
    if (patch.password !== undefined) {
      const pw = validatePassword(patch.password);
      if (pw) errors.push(pw);
    }
    if (patch.role !== undefined && !isRole(patch.role))
      errors.push({ field: 'role', reason: `unknown role "${patch.role}"` });
    if (errors.length) throw new RuleError('VALIDATION', 'The change is not valid', errors);
    const passwordHash = patch.password !== undefined ? await argonHash(patch.password) : undefined;
    return this.database.db.transaction().execute(async (tx) => {
      const u = await this.repo.getUser(tx, id);
      if (!u) throw new RuleError('NOT_FOUND', `user ${id} not found`, [], 404);
      await this.repo.updateUser(tx, id, {
        ...(passwordHash ? { password_hash: passwordHash } : {}),
        ...(patch.displayName !== undefined ? { display_name: patch.displayName } : {}),
        ...(patch.role !== undefined ? { role: patch.role } : {}),
        ...(patch.entityId !== undefined ? { entity_id: patch.entityId } : {}),
        ...(patch.email !== undefined ? { email: patch.email || null } : {}),
        ...(patch.active !== undefined ? { active: patch.active ? 1 : 0 } : {}),
      });
      await this.audit.record(tx, actor, {
        action: 'user.update',
        targetType: 'user',
        targetId: id,
        detail: { ...patch, password: patch.password !== undefined ? '(changed)' : undefined },
      });
      return toPublic((await this.repo.getUser(tx, id))!);
    });
  }

  /** Check the password; on success open a session and return its token (for the HttpOnly cookie). */
  async login(
    username: string,
    password: string,
  ): Promise<{ token: string; user: PublicUser; expiresAt: string }> {
    const db = this.database.db;
    const u = await this.repo.findUserByName(db, username);
    // Verify against a dummy hash when the user is unknown, so timing does not reveal which names exist.
    const ok = u
      ? await argonVerify(u.password_hash, password)
      : await argonVerify(await this.dummyHash(), password).then(() => false);
    if (!u || !ok || u.active !== 1)
      throw new RuleError(
        'LOGIN_FAILED',
        'wrong user name or password',
        [{ field: 'password', reason: 'wrong user name or password' }],
        401,
      );
    const token = randomBytes(32).toString('base64url');
    const now = new Date();
    const expiresAt = new Date(now.getTime() + SESSION_TTL_HOURS * 3600_000).toISOString();
    await db.transaction().execute(async (tx) => {
      await this.repo.deleteExpiredSessions(tx, now.toISOString());
      await this.repo.insertSession(tx, {
        token_hash: tokenHash(token),
        user_id: Number(u.id),
        created_at: now.toISOString(),
        expires_at: expiresAt,
      });
      await this.audit.record(
        tx,
        { id: Number(u.id), name: u.username, role: u.role, entityId: u.entity_id },
        {
          action: 'auth.login',
          targetType: 'user',
          targetId: Number(u.id),
        },
      );
    });
    return { token, user: toPublic(u), expiresAt };
  }

  async logout(token: string): Promise<void> {
    await this.repo.deleteSession(this.database.db, tokenHash(token));
  }

  async actorForToken(token: string | undefined): Promise<Actor & { user?: PublicUser }> {
    if (!token) return PUBLIC_ACTOR;
    const u = await this.repo.findSession(this.database.db, tokenHash(token), new Date().toISOString());
    if (!u) return PUBLIC_ACTOR;
    const user = toPublic(u);
    return { id: user.id, name: user.username, role: user.role, entityId: user.entityId, user };
  }

  private dummy?: Promise<string>;
  private dummyHash(): Promise<string> {
    this.dummy ??= argonHash(randomBytes(16).toString('hex'));
    return this.dummy;
  }
}
