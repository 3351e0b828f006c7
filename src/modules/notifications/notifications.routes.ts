import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { RuleError } from '../../domain/errors.ts';
import { MAX_LEAD_DAYS, MAX_LEADS, REMINDER_CHANNELS } from '../../domain/lifecycle/reminders.ts';
import { accessOf } from '../../http/auth-hook.ts';
import type { AppContext } from '../../context.ts';

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

const Settings = Type.Object(
  {
    leadDays: Type.Array(Type.Integer({ minimum: 1, maximum: MAX_LEAD_DAYS }), { maxItems: MAX_LEADS }),
    graceWeekly: Type.Boolean(),
    channels: Type.Array(Type.Union(REMINDER_CHANNELS.map((c) => Type.Literal(c))), { maxItems: 2 }),
    tracked: Type.Boolean(),
  },
  { additionalProperties: false },
);

export function notificationsRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app0) => {
    const app = app0.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['notifications'];
    const { notifications, auth } = ctx;

    app.get(
      '/notifications',
      {
        schema: {
          tags,
          summary: 'My in-app notifications, newest first, with the unread count',
          querystring: Type.Object({
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
            cursor: Type.Optional(Type.String({ maxLength: 200 })),
            unread: Type.Optional(Type.Boolean()),
          }),
        },
        config: { permission: 'notification:read' },
      },
      async (req) =>
        notifications.list(req.actor, {
          limit: req.query.limit ?? 50,
          ...(req.query.cursor ? { cursor: req.query.cursor } : {}),
          unread: req.query.unread ?? false,
        }),
    );
    app.get(
      '/notifications/unread-count',
      {
        schema: { tags, summary: 'How many of my notifications are unread (the bell)' },
        config: { permission: 'notification:read' },
      },
      async (req) => notifications.unreadCount(req.actor),
    );
    app.post(
      '/notifications/read',
      {
        schema: {
          tags,
          summary: 'Mark my notifications read: the given ids, or all',
          body: Type.Object(
            {
              ids: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 500 })),
              all: Type.Optional(Type.Literal(true)),
            },
            { additionalProperties: false },
          ),
        },
        config: { permission: 'notification:read' },
      },
      async (req) => {
        const { ids, all } = req.body;
        if (!ids && !all)
          throw new RuleError('VALIDATION', 'say which notifications to mark read', [
            { field: 'ids', reason: 'give ids, or all: true' },
          ]);
        return notifications.markRead(req.actor, all ? 'all' : ids!);
      },
    );
    app.get(
      '/entities/:id/reminder-settings',
      {
        schema: {
          tags,
          summary:
            "An entity's reminder settings (lead times, weekly in grace, channels, tracked by the bureau)",
          params: IdParams,
        },
        config: { permission: ['registry:write', 'registry:write_own'] },
      },
      async (req) => notifications.getSettings(req.actor, accessOf(auth, req.actor), req.params.id),
    );
    app.put(
      '/entities/:id/reminder-settings',
      {
        schema: {
          tags,
          summary: "Change an entity's reminder settings (enterprise users: their own entity; staff: any)",
          params: IdParams,
          body: Settings,
        },
        config: { permission: ['registry:write', 'registry:write_own'] },
      },
      async (req) => notifications.setSettings(req.actor, accessOf(auth, req.actor), req.params.id, req.body),
    );
  };
}
