import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../context.ts';
import { DIMS, MEASURES } from './dashboard.service.ts';

const Period = Type.String({ pattern: '^\\d{4}(-\\d{2}-\\d{2})?$', description: 'YYYY or YYYY-MM-DD' });
const Region = Type.String({ pattern: '^\\d{6}$', description: 'region profile code, e.g. 310104' });

/** Filters every dashboard query takes (docs/analytics.md). */
const Filters = {
  region: Type.Optional(Region),
  from: Type.Optional(Period),
  to: Type.Optional(Period),
  street: Type.Optional(Type.String({ pattern: '^\\d{9}$', description: '街道 code' })),
  industry: Type.Optional(
    Type.String({ pattern: '^[A-T](\\d{2,4})?$', description: 'GB/T 4754 section letter or code' }),
  ),
  kind: Type.Optional(
    Type.Union([Type.Literal('patent'), Type.Literal('trademark'), Type.Literal('copyright')]),
  ),
  subType: Type.Optional(Type.String({ pattern: '^[a-z_]{1,20}$' })),
  measure: Type.Optional(Type.Enum([...MEASURES])),
};
const DimSchema = Type.Enum([...DIMS]);

/**
 * A cached result is the same object on every hit, so its JSON text is kept beside it: a repeated dashboard
 * read costs a lookup, not a serialisation.
 */
const serialized = new WeakMap<object, string>();
function sendJson(reply: FastifyReply, value: object) {
  let text = serialized.get(value);
  if (text === undefined) {
    text = JSON.stringify(value);
    serialized.set(value, text);
  }
  return reply.type('application/json; charset=utf-8').send(text);
}

export function dashboardRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app0) => {
    const app = app0.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['analytics'];
    const { dashboard, auth } = ctx;
    const publicOnly = (role: string) => !auth.can(role, 'registry:read_private');

    app.get(
      '/analytics/breakdown',
      {
        schema: {
          tags,
          summary:
            'Counts of the region’s rights by street, industry, IPC level, WIPO field, sub-type, year or entity (rankings)',
          querystring: Type.Object(
            { ...Filters, dim: DimSchema, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) },
            { additionalProperties: false },
          ),
        },
        config: { permission: 'dashboard:read' },
      },
      async (req, reply) => sendJson(reply, await dashboard.breakdown(req.query, publicOnly(req.actor.role))),
    );
    app.get(
      '/analytics/trend',
      {
        schema: {
          tags,
          summary: 'Filings or grants per year by sub-type',
          querystring: Type.Object(Filters, { additionalProperties: false }),
        },
        config: { permission: 'dashboard:read' },
      },
      async (req, reply) => sendJson(reply, await dashboard.trend(req.query, publicOnly(req.actor.role))),
    );
    app.get(
      '/analytics/records',
      {
        schema: {
          tags,
          summary:
            'The rights behind one number of a breakdown (same filters plus dim and key), cursor-paged',
          querystring: Type.Object(
            {
              ...Filters,
              dim: Type.Optional(DimSchema),
              key: Type.Optional(
                Type.String({
                  maxLength: 20,
                  description: 'the row key; empty or _none for the rows without a value',
                }),
              ),
              cursor: Type.Optional(Type.String({ maxLength: 200 })),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
            },
            { additionalProperties: false },
          ),
        },
        config: { permission: 'dashboard:read' },
      },
      async (req) =>
        dashboard.records({ ...req.query, limit: req.query.limit ?? 50 }, publicOnly(req.actor.role)),
    );
    app.get(
      '/analytics/geo',
      {
        schema: {
          tags,
          summary:
            'GeoJSON of a region profile: uploaded street outlines, else the district outline (zhihui.streetsLoaded false); layer=city for the city’s districts',
          querystring: Type.Object(
            {
              region: Type.Optional(Region),
              layer: Type.Optional(
                Type.Union([Type.Literal('auto'), Type.Literal('district'), Type.Literal('city')]),
              ),
            },
            { additionalProperties: false },
          ),
        },
        config: { permission: 'dashboard:read' },
      },
      async (req, reply) => {
        // revalidated by ETag every time: an upload must show at once
        reply.header('cache-control', 'private, no-cache');
        return dashboard.geo(req.query.region, req.query.layer);
      },
    );
    app.put(
      '/analytics/geo/streets',
      {
        bodyLimit: 50 * 1024 * 1024,
        schema: {
          tags,
          summary:
            'Upload the street (街道) outlines of a region: a GeoJSON FeatureCollection whose features name or code the profile’s streets',
          querystring: Type.Object(
            { region: Type.Optional(Region), source: Type.Optional(Type.String({ maxLength: 500 })) },
            { additionalProperties: false },
          ),
          body: Type.Unknown(),
        },
        config: { permission: 'geo:manage' },
      },
      async (req) => dashboard.putStreetOutlines(req.actor, req.query.region, req.body, req.query.source),
    );
    app.delete(
      '/analytics/geo/streets',
      {
        schema: {
          tags,
          summary:
            'Remove the uploaded street outlines of a region (the map falls back to the district outline)',
          querystring: Type.Object({ region: Type.Optional(Region) }, { additionalProperties: false }),
        },
        config: { permission: 'geo:manage' },
      },
      async (req) => dashboard.deleteStreetOutlines(req.actor, req.query.region),
    );
  };
}
