import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { accessOf } from '../../http/auth-hook.ts';
import type { AppContext } from '../../context.ts';

const DateStr = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const AssetParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const PledgeParams = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  pledgeId: Type.Integer({ minimum: 1 }),
});

export function financeRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app0) => {
    const app = app0.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['finance'];
    const { finance, auth } = ctx;
    app.get(
      '/assets/:id/pledges',
      {
        schema: { tags, summary: 'Pledge registrations (质押登记) of a right', params: AssetParams },
        config: { permission: 'finance:read' },
      },
      async (req) => ({
        items: await finance.pledgesOfAsset(req.actor, accessOf(auth, req.actor), req.params.id),
      }),
    );
    app.post(
      '/assets/:id/pledges',
      {
        schema: {
          tags,
          summary:
            'Register a pledge of a right: registration number and date, secured amount (yuan), parties',
          params: AssetParams,
          body: Type.Object(
            {
              registrationNumber: Type.String({ minLength: 1, maxLength: 100 }),
              registrationDate: DateStr,
              amount: Type.Number({ exclusiveMinimum: 0 }),
              pledgee: Type.String({ minLength: 1, maxLength: 200 }),
              pledgor: Type.String({ minLength: 1, maxLength: 200 }),
              releaseDate: Type.Optional(Type.Union([DateStr, Type.Null()])),
            },
            { additionalProperties: false },
          ),
        },
        config: { permission: 'finance:write' },
      },
      async (req, reply) =>
        reply
          .status(201)
          .send(await finance.addPledge(req.actor, accessOf(auth, req.actor), req.params.id, req.body)),
    );
    app.put(
      '/assets/:id/pledges/:pledgeId/release',
      {
        schema: {
          tags,
          summary: 'Record (or clear, with null) the release of a pledge',
          params: PledgeParams,
          body: Type.Object(
            { releaseDate: Type.Union([DateStr, Type.Null()]) },
            { additionalProperties: false },
          ),
        },
        config: { permission: 'finance:write' },
      },
      async (req) =>
        finance.releasePledge(
          req.actor,
          accessOf(auth, req.actor),
          req.params.id,
          req.params.pledgeId,
          req.body.releaseDate,
        ),
    );
    app.delete(
      '/assets/:id/pledges/:pledgeId',
      {
        schema: { tags, summary: 'Delete a pledge entered by mistake', params: PledgeParams },
        config: { permission: 'finance:write' },
      },
      async (req, reply) => {
        await finance.deletePledge(req.actor, accessOf(auth, req.actor), req.params.id, req.params.pledgeId);
        return reply.status(204).send();
      },
    );
  };
}
