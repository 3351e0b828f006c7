import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { accessOf } from '../../http/auth-hook.ts';
import type { AppContext } from '../../context.ts';
import { RuleError } from '../../domain/errors.ts';

const DateStr = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

export function lifecycleRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app0) => {
    const app = app0.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['lifecycle'];
    const { lifecycle, auth } = ctx;

    app.get(
      '/assets/:id/deadlines',
      {
        schema: {
          tags,
          summary:
            'Deadlines of one right (annual fees with amounts, grace and late fees; trademark renewals)',
          params: IdParams,
          querystring: Type.Object({ asOf: Type.Optional(DateStr) }),
        },
        config: { permission: 'registry:read' },
      },
      async (req) => lifecycle.schedule(req.actor, accessOf(auth, req.actor), req.params.id, req.query.asOf),
    );
    app.post(
      '/assets/:id/payments',
      {
        schema: {
          tags,
          summary:
            'Record an annual-fee payment (refused after the grace end unless a restoration RR01 is recorded)',
          params: IdParams,
          body: Type.Object(
            {
              patentYear: Type.Integer({ minimum: 1, maximum: 20 }),
              paidOn: DateStr,
              amount: Type.Number({ exclusiveMinimum: 0 }),
              note: Type.Optional(Type.String({ maxLength: 500 })),
            },
            { additionalProperties: false },
          ),
        },
        config: { permission: ['registry:write', 'registry:write_own'] },
      },
      async (req, reply) =>
        reply
          .status(201)
          .send(await lifecycle.recordPayment(req.actor, accessOf(auth, req.actor), req.params.id, req.body)),
    );
    app.put(
      '/assets/:id/reduction',
      {
        schema: {
          tags,
          summary: '费减备案: record the fee reduction of a right',
          params: IdParams,
          body: Type.Object({ rate: Type.Number(), recordedOn: DateStr }, { additionalProperties: false }),
        },
        config: { permission: ['registry:write', 'registry:write_own'] },
      },
      async (req) => lifecycle.setReduction(req.actor, accessOf(auth, req.actor), req.params.id, req.body),
    );
    app.get(
      '/deadlines',
      {
        schema: {
          tags,
          summary: 'Region-wide deadlines (e.g. state=in_grace, or due in a date range) with their rights',
          querystring: Type.Object({
            state: Type.Optional(Type.Array(Type.String(), { maxItems: 10 })),
            kind: Type.Optional(Type.Union([Type.Literal('annual_fee'), Type.Literal('trademark_renewal')])),
            dueFrom: Type.Optional(DateStr),
            dueTo: Type.Optional(DateStr),
            entityId: Type.Optional(Type.Integer({ minimum: 1 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
            offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
          }),
        },
        config: { permission: 'registry:read' },
      },
      async (req) =>
        lifecycle.listDeadlines(req.actor, accessOf(auth, req.actor), {
          ...req.query,
          limit: req.query.limit ?? 50,
          offset: req.query.offset ?? 0,
        }),
    );
    app.get(
      '/entities/:id/fee-forecast',
      {
        schema: {
          tags,
          summary:
            'Annual fees an entity owes by calendar year for the next years (after reductions), and its next deadlines',
          params: IdParams,
          querystring: Type.Object({
            years: Type.Optional(Type.Integer({ minimum: 1, maximum: 10, default: 5 })),
            asOf: Type.Optional(DateStr),
            /** how many of the next deadlines to list (the portfolio calendar asks for a few years' worth) */
            nextLimit: Type.Optional(Type.Integer({ minimum: 1, maximum: 2000, default: 50 })),
          }),
        },
        config: { permission: 'registry:read' },
      },
      async (req) => {
        await ctx.registry.getEntity(req.actor, accessOf(auth, req.actor), req.params.id);
        return lifecycle.entityForecast(
          req.actor,
          accessOf(auth, req.actor),
          req.params.id,
          req.query.years ?? 5,
          req.query.asOf,
          req.query.nextLimit ?? 50,
        );
      },
    );
    app.post(
      '/entities/:id/calendar-token',
      {
        schema: {
          tags,
          summary: 'Issue (or replace) the iCalendar feed URL of an entity; the token is shown once',
          params: IdParams,
        },
        config: { permission: ['registry:write', 'registry:write_own'] },
      },
      async (req, reply) =>
        reply
          .status(201)
          .send(await lifecycle.issueCalendarToken(req.actor, accessOf(auth, req.actor), req.params.id)),
    );
    app.get(
      '/calendar/:file',
      {
        schema: {
          tags,
          summary: "iCalendar feed of an entity's deadlines (the token in the URL is the credential)",
          params: Type.Object({ file: Type.String({ pattern: '^[A-Za-z0-9_-]{20,64}\\.ics$' }) }),
        },
        config: { public: true },
      },
      async (req, reply) => {
        const feed = await lifecycle.calendarFeed(req.params.file.replace(/\.ics$/, ''));
        if (feed === undefined) throw new RuleError('NOT_FOUND', 'no calendar behind this address', [], 404);
        return reply
          .type('text/calendar; charset=utf-8')
          .header('cache-control', 'private, max-age=300')
          .send(feed);
      },
    );
    app.post(
      '/deadlines/recompute',
      {
        schema: { tags, summary: 'Recompute the stored deadlines of all rights (a recorded job)' },
        config: { permission: 'registry:write' },
      },
      async () => lifecycle.recompute(),
    );
  };
}
