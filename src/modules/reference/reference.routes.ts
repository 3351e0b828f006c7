import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IDENTIFIER_KINDS, checkIdentifier, type IdentifierKind } from '../../domain/ids/check.ts';
import { ENTITY_FLAG_LABELS, ENTITY_KIND_LABELS, INDUSTRY_SECTIONS } from '../../domain/registry/entity.ts';
import { STATUS_LABELS } from '../../domain/lifecycle/status.ts';
import type { AppContext } from '../../context.ts';

export function referenceRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app0) => {
    const app = app0.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['reference'];
    app.get(
      '/health',
      { schema: { tags, summary: 'Liveness and database check' }, config: { public: true } },
      async () => {
        await ctx.reference.regions();
        return { status: 'ok', database: ctx.database.dialect, time: new Date().toISOString() };
      },
    );
    app.get(
      '/identifiers/:kind/:value',
      {
        schema: {
          tags,
          summary:
            'Validate one identifier and say why (uscc, regno15, cn-appno, cn-pubno, tm-regno, cr-regno)',
          params: Type.Object({
            kind: Type.Union(IDENTIFIER_KINDS.map((k) => Type.Literal(k))),
            value: Type.String({ maxLength: 100 }),
          }),
        },
        config: { permission: 'identifier:check' },
      },
      async (req) => ({
        kind: req.params.kind,
        input: req.params.value,
        ...checkIdentifier(req.params.kind as IdentifierKind, req.params.value),
      }),
    );
    app.get(
      '/regions',
      { schema: { tags, summary: 'Region profiles' }, config: { public: true } },
      async () => ctx.reference.regions(),
    );
    app.get(
      '/streets',
      {
        schema: {
          tags,
          summary: 'Streets (街道) of a region',
          querystring: Type.Object({ region: Type.Optional(Type.String()) }),
        },
        config: { public: true },
      },
      async (req) => ctx.registry.streets(req.query.region),
    );
    app.get(
      '/enums',
      { schema: { tags, summary: 'Code lists with Chinese and English labels' }, config: { public: true } },
      async () => ({
        entityKinds: ENTITY_KIND_LABELS,
        entityFlags: ENTITY_FLAG_LABELS,
        industrySections: INDUSTRY_SECTIONS,
        statuses: STATUS_LABELS,
      }),
    );
  };
}
