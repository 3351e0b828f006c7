import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { SESSION_COOKIE } from '../../http/auth-hook.ts';
import type { AppContext } from '../../context.ts';
import { SESSION_TTL_HOURS } from './auth.service.ts';

const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);
const UserBody = Type.Object(
  {
    username: Type.String({ minLength: 3, maxLength: 64 }),
    password: Type.String({ maxLength: 200 }),
    displayName: Type.Optional(Type.String({ maxLength: 100 })),
    role: Type.String(),
    entityId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
    email: Type.Optional(Type.Union([Type.String({ maxLength: 254 }), Type.Null()])),
  },
  { additionalProperties: false },
);
const UserPatch = Type.Object(
  {
    password: Type.Optional(Type.String({ maxLength: 200 })),
    displayName: Type.Optional(Type.String({ maxLength: 100 })),
    role: Type.Optional(Type.String()),
    entityId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
    email: Type.Optional(Type.Union([Type.String({ maxLength: 254 }), Type.Null()])),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export function authRoutes(ctx: AppContext, opts: { secureCookies: boolean }): FastifyPluginAsync {
  return async (app0) => {
    const app = app0.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['auth'];
    app.post(
      '/auth/login',
      {
        schema: { tags, summary: 'Log in; sets an HttpOnly session cookie', body: LoginBody },
        config: { public: true },
      },
      async (req, reply) => {
        const r = await ctx.auth.login(req.body.username, req.body.password);
        void reply.setCookie(SESSION_COOKIE, r.token, {
          httpOnly: true,
          sameSite: 'strict',
          secure: opts.secureCookies,
          path: '/',
          maxAge: SESSION_TTL_HOURS * 3600,
        });
        return { user: r.user, permissions: ctx.auth.permissionsOf(r.user.role), expiresAt: r.expiresAt };
      },
    );
    app.post(
      '/auth/logout',
      { schema: { tags, summary: 'Log out' }, config: { public: true } },
      async (req, reply) => {
        const token = req.cookies[SESSION_COOKIE];
        if (token) await ctx.auth.logout(token);
        void reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.status(204).send();
      },
    );
    app.get(
      '/auth/me',
      {
        schema: { tags, summary: 'The current user and rights (role public when not logged in)' },
        config: { public: true },
      },
      async (req) => ({
        user: req.actor.user ?? null,
        role: req.actor.role,
        permissions: ctx.auth.permissionsOf(req.actor.role),
      }),
    );
    app.get(
      '/roles',
      { schema: { tags, summary: 'Roles and their rights' }, config: { permission: 'user:manage' } },
      async () => ctx.auth.roles(),
    );
    app.get(
      '/users',
      { schema: { tags, summary: 'List users' }, config: { permission: 'user:manage' } },
      async () => ctx.auth.listUsers(),
    );
    app.post(
      '/users',
      { schema: { tags, summary: 'Create a user', body: UserBody }, config: { permission: 'user:manage' } },
      async (req, reply) =>
        reply.status(201).send(
          await ctx.auth.createUser(req.actor, {
            username: req.body.username,
            password: req.body.password,
            displayName: req.body.displayName ?? req.body.username,
            role: req.body.role,
            entityId: req.body.entityId ?? null,
            email: req.body.email ?? null,
          }),
        ),
    );
    app.patch(
      '/users/:id',
      {
        schema: {
          tags,
          summary: 'Change a user',
          params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
          body: UserPatch,
        },
        config: { permission: 'user:manage' },
      },
      async (req) => ctx.auth.updateUser(req.actor, req.params.id, req.body),
    );
  };
}
