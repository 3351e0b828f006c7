import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { accessOf } from '../../http/auth-hook.ts';
import type { AppContext } from '../../context.ts';

export function searchRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app0) => {
    const app = app0.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/search',
      {
        schema: {
          tags: ['search'],
          summary:
            'Full-text and faceted search. q: words, "phrases", title:/abstract:/applicant:/ipc:G06F*/nice:9/street:/year:2019..2022/status:有效, AND OR NOT ( ), numbers in any written form. A query that does not parse gets a 400 naming the position.',
          querystring: Type.Object({
            q: Type.String({ maxLength: 1000 }),
            sort: Type.Optional(Type.String()),
            cursor: Type.Optional(Type.String()),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
            facets: Type.Optional(Type.Array(Type.String(), { maxItems: 20 })),
          }),
        },
        config: { permission: 'registry:read' },
      },
      async (req) => ctx.search.search(req.actor, accessOf(ctx.auth, req.actor), req.query),
    );
  };
}
