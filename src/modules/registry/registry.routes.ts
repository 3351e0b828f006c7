import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { accessOf } from '../../http/auth-hook.ts';
import { RuleError } from '../../domain/errors.ts';
import type { CanonicalRecord } from '../../domain/records/canonical.ts';
import type { AppContext } from '../../context.ts';
import {
  AssetBody,
  AssetQuery,
  EntityBody,
  EntityPatch,
  EntityQuery,
  IdParams,
  ResolveBody,
  UnmatchedQuery,
  VersionHeader,
} from './registry.schemas.ts';

function ifMatch(h: string | undefined): number | undefined {
  if (h === undefined) return undefined;
  const m = /^(?:W\/)?"?v?(\d+)"?$/.exec(h.trim());
  if (!m)
    throw new RuleError('VALIDATION', 'If-Match must carry the version, e.g. "3"', [
      { field: 'If-Match', reason: 'not a version' },
    ]);
  return Number(m[1]);
}

function toRecord(body: Static<typeof AssetBody>): CanonicalRecord {
  const { confidential: _c, ...rest } = body;
  return { ...rest, office: rest.office ?? 'CN', source: 'manual' } as CanonicalRecord;
}

export function registryRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app0) => {
    const app = app0.withTypeProvider<TypeBoxTypeProvider>();
    const { registry, auth } = ctx;
    const tags = ['registry'];

    app.get(
      '/entities',
      {
        schema: { tags, summary: 'List market entities', querystring: EntityQuery },
        config: { permission: 'registry:read' },
      },
      async (req) => registry.listEntities(req.actor, accessOf(auth, req.actor), req.query),
    );
    app.post(
      '/entities',
      {
        schema: { tags, summary: 'Register a market entity', body: EntityBody },
        config: { permission: 'registry:write' },
      },
      async (req, reply) => reply.status(201).send(await registry.createEntity(req.actor, req.body)),
    );
    app.get(
      '/entities/:id',
      {
        schema: { tags, summary: 'One entity with its portfolio summary', params: IdParams },
        config: { permission: 'registry:read' },
      },
      async (req) => registry.getEntity(req.actor, accessOf(auth, req.actor), req.params.id),
    );
    app.patch(
      '/entities/:id',
      {
        schema: {
          tags,
          summary: 'Change an entity (If-Match: version for optimistic locking)',
          params: IdParams,
          body: EntityPatch,
          headers: VersionHeader,
        },
        config: { permission: ['registry:write', 'registry:write_own'] },
      },
      async (req) =>
        registry.updateEntity(
          req.actor,
          accessOf(auth, req.actor),
          req.params.id,
          req.body,
          ifMatch(req.headers['if-match']),
        ),
    );
    app.delete(
      '/entities/:id',
      {
        schema: { tags, summary: 'Delete an entity', params: IdParams },
        config: { permission: 'registry:delete' },
      },
      async (req, reply) => {
        await registry.deleteEntity(req.actor, req.params.id);
        return reply.status(204).send();
      },
    );

    app.get(
      '/assets',
      {
        schema: { tags, summary: 'List IP assets', querystring: AssetQuery },
        config: { permission: 'registry:read' },
      },
      async (req) => registry.listAssets(req.actor, accessOf(auth, req.actor), req.query),
    );
    app.post(
      '/assets',
      {
        schema: { tags, summary: 'Register an IP right by hand', body: AssetBody },
        config: { permission: ['registry:write', 'registry:write_own'] },
      },
      async (req, reply) =>
        reply
          .status(201)
          .send(
            await registry.createAsset(
              req.actor,
              accessOf(auth, req.actor),
              toRecord(req.body),
              req.body.confidential ?? false,
            ),
          ),
    );
    app.get(
      '/assets/:id',
      {
        schema: { tags, summary: 'One IP asset with owners and events', params: IdParams },
        config: { permission: 'registry:read' },
      },
      async (req) => registry.getAsset(req.actor, accessOf(auth, req.actor), req.params.id),
    );
    app.put(
      '/assets/:id',
      {
        schema: {
          tags,
          summary: 'Replace an IP asset record (If-Match: version)',
          params: IdParams,
          body: AssetBody,
          headers: VersionHeader,
        },
        config: { permission: ['registry:write', 'registry:write_own'] },
      },
      async (req) =>
        registry.updateAsset(req.actor, accessOf(auth, req.actor), req.params.id, toRecord(req.body), {
          confidential: req.body.confidential,
          expectedVersion: ifMatch(req.headers['if-match']),
        }),
    );
    app.delete(
      '/assets/:id',
      {
        schema: { tags, summary: 'Delete an IP asset', params: IdParams },
        config: { permission: 'registry:delete' },
      },
      async (req, reply) => {
        await registry.deleteAsset(req.actor, req.params.id);
        return reply.status(204).send();
      },
    );

    app.post(
      '/assets/:id/events',
      {
        schema: {
          tags,
          summary:
            'Record a legal-status event (CNIPA code, e.g. CF01, RR01, PE01); the status is re-derived',
          params: IdParams,
          body: Type.Object(
            {
              code: Type.String({ minLength: 1, maxLength: 16 }),
              date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
              note: Type.Optional(Type.String({ maxLength: 1000 })),
            },
            { additionalProperties: false },
          ),
        },
        config: { permission: ['registry:write', 'registry:write_own'] },
      },
      async (req, reply) =>
        reply
          .status(201)
          .send(await registry.addEvent(req.actor, accessOf(auth, req.actor), req.params.id, req.body)),
    );
    app.delete(
      '/assets/:id/events/:eventId',
      {
        schema: {
          tags,
          summary: 'Remove a wrongly recorded event; the status is re-derived',
          params: Type.Object({ id: Type.Integer({ minimum: 1 }), eventId: Type.Integer({ minimum: 1 }) }),
        },
        config: { permission: 'registry:write' },
      },
      async (req) =>
        registry.deleteEvent(req.actor, accessOf(auth, req.actor), req.params.id, req.params.eventId),
    );

    app.get(
      '/unmatched-names',
      {
        schema: { tags, summary: 'Applicant names not yet linked to an entity', querystring: UnmatchedQuery },
        config: { permission: 'registry:resolve' },
      },
      async (req) => registry.unmatchedNames(req.query.q, req.query.limit ?? 50, req.query.offset ?? 0),
    );
    app.post(
      '/unmatched-names/resolve',
      {
        schema: { tags, summary: 'Link a published applicant name to an entity', body: ResolveBody },
        config: { permission: 'registry:resolve' },
      },
      async (req) => registry.resolveName(req.actor, req.body.nameNorm, req.body.entityId),
    );
  };
}
