import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Permission } from '../domain/auth/roles.ts';
import { RuleError } from '../domain/errors.ts';
import type { Actor } from '../modules/audit/audit.service.ts';
import type { AuthService, PublicUser } from '../modules/auth/auth.service.ts';
import type { Access } from '../modules/registry/registry.service.ts';

export const SESSION_COOKIE = 'zhihui_session';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor & { user?: PublicUser };
  }
  interface FastifyContextConfig {
    /** route is open to everyone (the public role included) */
    public?: boolean;
    /** the caller needs at least one of these permissions */
    permission?: Permission | Permission[];
  }
}

export interface RouteInfo {
  method: string;
  url: string;
  public: boolean;
  permissions: Permission[];
}

/** Authenticate every request from its session cookie and check the route's declared permission. */
export function registerAuth(app: FastifyInstance, auth: AuthService, routes: RouteInfo[]): void {
  app.decorateRequest('actor', undefined as unknown as Actor);
  app.addHook('onRoute', (r) => {
    if (!r.url.startsWith('/api/v1')) return;
    const cfg = (r.config ?? {}) as { public?: boolean; permission?: Permission | Permission[] };
    if (!cfg.public && !cfg.permission)
      throw new Error(`route ${String(r.method)} ${r.url} declares neither public nor permission`);
    const methods = Array.isArray(r.method) ? r.method : [r.method];
    for (const m of methods)
      if (m !== 'HEAD')
        routes.push({
          method: m,
          url: r.url,
          public: !!cfg.public,
          permissions: cfg.permission
            ? Array.isArray(cfg.permission)
              ? cfg.permission
              : [cfg.permission]
            : [],
        });
  });
  app.addHook('onRequest', async (req: FastifyRequest) => {
    req.actor = await auth.actorForToken(req.cookies[SESSION_COOKIE]);
    const cfg = req.routeOptions.config as
      { public?: boolean; permission?: Permission | Permission[] } | undefined;
    if (!req.url.startsWith('/api/v1') || !cfg || cfg.public) return;
    const needed = cfg.permission ? (Array.isArray(cfg.permission) ? cfg.permission : [cfg.permission]) : [];
    if (needed.length === 0) return;
    if (needed.some((p) => auth.can(req.actor.role, p))) return;
    if (req.actor.id === null) throw new RuleError('UNAUTHENTICATED', 'please log in', [], 401);
    throw new RuleError(
      'FORBIDDEN',
      `your role (${req.actor.role}) may not do this: it needs ${needed.join(' or ')}`,
      [],
      403,
    );
  });
}

export function accessOf(auth: AuthService, actor: Actor): Access {
  return {
    canReadPrivate: auth.can(actor.role, 'registry:read_private'),
    canWriteAll: auth.can(actor.role, 'registry:write'),
    canWriteOwn: auth.can(actor.role, 'registry:write_own'),
  };
}
