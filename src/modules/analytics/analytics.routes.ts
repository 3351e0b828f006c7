import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { accessOf } from '../../http/auth-hook.ts';
import type { AppContext } from '../../context.ts';
import { RuleError } from '../../domain/errors.ts';
import { DENOMINATOR_KINDS, INDICATORS } from '../../domain/analytics/indicators.ts';
import { HIGH_VALUE_CATEGORIES } from '../../domain/analytics/high-value.ts';
import { AnalyticsService } from './analytics.service.ts';

const DateStr = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const Region = Type.String({ pattern: '^\\d{6}$', description: '6-digit region code' });
const Street = Type.String({ pattern: '^\\d{9}$', description: '9-digit street code' });
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
/** A right and one of the high-value categories set by hand. */
const MarkParams = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  category: Type.Union([Type.Literal('foreign_family'), Type.Literal('award')]),
});
const MAX_TABLE_BYTES = 5 * 1024 * 1024;

/** The uploaded file (multipart field "file") of a small reference table, read into memory. */
async function uploaded(req: FastifyRequest): Promise<{ buf: Buffer; name: string }> {
  if (!req.isMultipart())
    throw new RuleError(
      'VALIDATION',
      'send the file as multipart/form-data',
      [{ field: 'file', reason: 'no multipart body' }],
      415,
    );
  const file = await req.file({ limits: { fileSize: MAX_TABLE_BYTES } });
  if (!file)
    throw new RuleError('VALIDATION', 'no file uploaded', [{ field: 'file', reason: 'is required' }]);
  const buf = await file.toBuffer().catch(() => {
    throw new RuleError(
      'TOO_LARGE',
      'the file is larger than 5 MB',
      [{ field: 'file', reason: 'too large' }],
      413,
    );
  });
  return { buf, name: file.filename || 'upload' };
}

const DenominatorBody = Type.Object(
  {
    region: Region,
    street: Type.Optional(Type.Union([Street, Type.Null()])),
    kind: Type.Union(DENOMINATOR_KINDS.map((k) => Type.Literal(k))),
    periodFrom: Type.Optional(Type.Union([DateStr, Type.Null()])),
    at: DateStr,
    value: Type.Number({ exclusiveMinimum: 0 }),
    source: Type.String({ minLength: 1, maxLength: 500 }),
    confidence: Type.Optional(Type.Union([Type.Literal('H'), Type.Literal('M'), Type.Literal('L')])),
    note: Type.Optional(Type.Union([Type.String({ maxLength: 1000 }), Type.Null()])),
  },
  { additionalProperties: false },
);

export function analyticsRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app0) => {
    const app = app0.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['analytics'];
    const { analytics, snapshots, auth } = ctx;

    app.get(
      '/analytics/indicators',
      {
        schema: {
          tags,
          summary: 'All indicators of domain-rules §6 for a region (or one street) as of a date',
          querystring: Type.Object({ region: Region, at: DateStr, street: Type.Optional(Street) }),
        },
        config: { permission: 'analytics:read' },
      },
      async (req) => ({
        region: req.query.region,
        at: req.query.at,
        ...(req.query.street ? { street: req.query.street } : {}),
        items: await analytics.indicators(req.query),
      }),
    );
    app.get(
      '/analytics/definitions',
      {
        schema: { tags, summary: 'Indicator definitions: formula, unit, rounding, rule version, basis' },
        config: { public: true },
      },
      async () => ({ indicators: INDICATORS, highValueCategories: HIGH_VALUE_CATEGORIES }),
    );
    app.get(
      '/analytics/settings',
      {
        schema: { tags, summary: 'Analytics settings (the pledge threshold of the high-value category)' },
        config: { permission: 'analytics:read' },
      },
      async () => analytics.settings(),
    );
    app.put(
      '/analytics/settings',
      {
        schema: {
          tags,
          summary: 'Set the pledge threshold (yuan) of the high-value category; null stops applying it',
          body: Type.Object(
            { pledgeThreshold: Type.Union([Type.Number({ exclusiveMinimum: 0 }), Type.Null()]) },
            { additionalProperties: false },
          ),
        },
        config: { permission: 'analytics:manage' },
      },
      async (req) => analytics.setPledgeThreshold(req.actor, req.body.pledgeThreshold),
    );

    // high-value view and hand marks of a right
    app.get(
      '/assets/:id/high-value',
      {
        schema: {
          tags,
          summary: 'Which high-value categories apply to a right on a date, and its hand marks',
          params: IdParams,
          querystring: Type.Object({ at: Type.Optional(DateStr) }),
        },
        config: { permission: 'registry:read' },
      },
      async (req) =>
        analytics.assetHighValue(req.actor, accessOf(auth, req.actor), req.params.id, req.query.at),
    );
    app.put(
      '/assets/:id/high-value/marks/:category',
      {
        schema: {
          tags,
          summary:
            'Mark an invention patent: granted foreign family member, or national S&T / China Patent Award',
          params: MarkParams,
          body: Type.Object(
            {
              since: DateStr,
              note: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
            },
            { additionalProperties: false },
          ),
        },
        config: { permission: 'analytics:manage' },
      },
      async (req) =>
        analytics.setMark(req.actor, accessOf(auth, req.actor), req.params.id, {
          category: req.params.category,
          ...req.body,
        }),
    );
    app.delete(
      '/assets/:id/high-value/marks/:category',
      {
        schema: {
          tags,
          summary: 'Remove a hand mark',
          params: MarkParams,
        },
        config: { permission: 'analytics:manage' },
      },
      async (req) =>
        analytics.deleteMark(req.actor, accessOf(auth, req.actor), req.params.id, req.params.category),
    );

    // strategic emerging industry concordance
    app.get(
      '/analytics/sei',
      {
        schema: {
          tags,
          summary: 'The loaded 战略性新兴产业–IPC concordance rows and the import template columns',
        },
        config: { permission: 'analytics:read' },
      },
      async () => ({ rows: await analytics.seiRows(), template: analytics.seiTemplate() }),
    );
    app.post(
      '/analytics/sei/import',
      {
        schema: {
          tags,
          summary:
            'Replace the concordance from CSV/XLSX (multipart "file"; columns as the template); nothing changes when a line is rejected',
          querystring: Type.Object({ source: Type.Optional(Type.String({ maxLength: 500 })) }),
        },
        config: { permission: 'analytics:manage' },
      },
      async (req) => {
        const f = await uploaded(req);
        return analytics.importSei(req.actor, f.buf, f.name, req.query.source ?? '');
      },
    );

    // denominators
    app.get(
      '/analytics/denominators',
      {
        schema: {
          tags,
          summary:
            'Indicator denominators (population, market entities, new market entities) with their sources',
          querystring: Type.Object({
            region: Type.Optional(Region),
            kind: Type.Optional(Type.Union(DENOMINATOR_KINDS.map((k) => Type.Literal(k)))),
          }),
        },
        config: { permission: 'analytics:read' },
      },
      async (req) => ({ items: await analytics.listDenominators(req.query) }),
    );
    app.put(
      '/analytics/denominators',
      {
        schema: {
          tags,
          summary: 'Create or replace the figure with the same region, street, kind, period and date',
          body: DenominatorBody,
        },
        config: { permission: 'analytics:manage' },
      },
      async (req) => analytics.saveDenominator(req.actor, req.body),
    );
    app.delete(
      '/analytics/denominators/:id',
      {
        schema: { tags, summary: 'Delete a denominator figure', params: IdParams },
        config: { permission: 'analytics:manage' },
      },
      async (req, reply) => {
        await analytics.deleteDenominator(req.actor, req.params.id);
        return reply.status(204).send();
      },
    );
    app.post(
      '/analytics/denominators/import',
      {
        schema: {
          tags,
          summary: `Import denominators from CSV/XLSX (multipart "file"; header: ${AnalyticsService.DENOMINATOR_COLUMNS.join(', ')}); rejected lines are listed with their reasons`,
        },
        config: { permission: 'analytics:manage' },
      },
      async (req) => {
        const f = await uploaded(req);
        return analytics.importDenominators(req.actor, f.buf, f.name);
      },
    );
    app.get(
      '/analytics/denominators/template.csv',
      {
        schema: { tags, summary: 'The denominator import template (CSV header)' },
        config: { permission: 'analytics:read' },
      },
      async (_req, reply) =>
        reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="zhihui-denominators-template.csv"')
          .send(`${AnalyticsService.DENOMINATOR_COLUMNS.join(',')}\r\n`),
    );

    // snapshots
    app.get(
      '/analytics/snapshots',
      {
        schema: {
          tags,
          summary: 'Snapshot versions of a region (or street), newest period first',
          querystring: Type.Object({
            region: Region,
            street: Type.Optional(Street),
            period: Type.Optional(Type.String({ maxLength: 10 })),
          }),
        },
        config: { permission: 'analytics:read' },
      },
      async (req) => ({ items: await snapshots.list(req.query) }),
    );
    app.get(
      '/analytics/snapshots/:id',
      {
        schema: { tags, summary: 'One snapshot version with its frozen values and inputs', params: IdParams },
        config: { permission: 'analytics:read' },
      },
      async (req) => snapshots.get(req.params.id),
    );
    app.get(
      '/analytics/snapshots/:id/compare/:other',
      {
        schema: {
          tags,
          summary: 'Two versions of one period side by side',
          params: Type.Object({ id: Type.Integer({ minimum: 1 }), other: Type.Integer({ minimum: 1 }) }),
        },
        config: { permission: 'analytics:read' },
      },
      async (req) => snapshots.compare(req.params.id, req.params.other),
    );
    app.post(
      '/analytics/snapshots',
      {
        schema: {
          tags,
          summary:
            'Freeze a period (2025, 2025H1, 2025Q4, 2025M03): version 1, or a correcting version that supersedes the last one (reason required)',
          body: Type.Object(
            {
              region: Region,
              street: Type.Optional(Type.Union([Street, Type.Null()])),
              period: Type.String({ minLength: 4, maxLength: 10 }),
              reason: Type.Optional(Type.Union([Type.String({ maxLength: 1000 }), Type.Null()])),
            },
            { additionalProperties: false },
          ),
        },
        config: { permission: 'analytics:manage' },
      },
      async (req, reply) => reply.status(201).send(await snapshots.create(req.actor, req.body)),
    );
    app.post(
      '/analytics/snapshots/:id/publish',
      {
        schema: { tags, summary: 'Publish a snapshot version (the latest of its period)', params: IdParams },
        config: { permission: 'analytics:publish' },
      },
      async (req) => snapshots.publish(req.actor, req.params.id),
    );

    // public, no login
    app.get(
      '/public/indicators',
      {
        schema: {
          tags: ['public'],
          summary: 'Published indicators: the latest published version of each period, with sources',
          querystring: Type.Object({ region: Type.Optional(Region) }),
        },
        config: { public: true },
      },
      async (req) => ({ items: await snapshots.publicIndicators(req.query.region) }),
    );
    app.get(
      '/public/indicators.csv',
      {
        schema: {
          tags: ['public'],
          summary: 'Published indicators as CSV (UTF-8 with BOM)',
          querystring: Type.Object({ region: Type.Optional(Region) }),
        },
        config: { public: true },
      },
      async (req, reply) =>
        reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="zhihui-indicators.csv"')
          .send(await snapshots.publicCsv(req.query.region)),
    );
  };
}
