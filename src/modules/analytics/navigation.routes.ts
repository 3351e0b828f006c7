import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../context.ts';

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const CONTENT_TYPES = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/** ASCII fallback plus the UTF-8 name (RFC 6266) for a download. */
function disposition(title: string, id: number, format: string): string {
  const name = `${title.replace(/[\\/:*?"<>|\r\n]+/g, '_').slice(0, 80)}.${format}`;
  return `attachment; filename="zhihui-navigation-${id}.${format}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function navigationRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app0) => {
    const app = app0.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['analytics'];
    const { navigation } = ctx;

    app.post(
      '/analytics/navigation/reports',
      {
        schema: {
          tags,
          summary:
            '专利导航: start building a report for IPC patterns (H01M*, G06N3/*), a 战略性新兴产业 category (1.6) and/or a GB/T 4754 industry over filing years; 202 with the job',
          body: Type.Object(
            {
              title: Type.Optional(Type.String({ maxLength: 200 })),
              ipc: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 50 })),
              industry: Type.Optional(Type.String({ maxLength: 10 })),
              sei: Type.Optional(Type.String({ maxLength: 20 })),
              from: Type.Optional(Type.Integer()),
              to: Type.Optional(Type.Integer()),
            },
            { additionalProperties: false },
          ),
        },
        config: { permission: 'navigation:build' },
      },
      async (req, reply) => {
        const r = await navigation.start(req.actor, req.body);
        return reply.status(202).header('location', `/api/v1/analytics/navigation/reports/${r.id}`).send(r);
      },
    );
    app.get(
      '/analytics/navigation/reports',
      {
        schema: {
          tags,
          summary: 'Past 专利导航 reports, newest first, with their build state and files',
          querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) }),
        },
        config: { permission: 'navigation:read' },
      },
      async (req) => ({ items: await navigation.list(req.query.limit ?? 100) }),
    );
    app.get(
      '/analytics/navigation/reports/:id',
      {
        schema: {
          tags,
          summary: 'One report: status, progress % and step while building; its sections when done',
          params: IdParams,
        },
        config: { permission: 'navigation:read' },
      },
      async (req) => navigation.get(req.params.id),
    );
    app.get(
      '/analytics/navigation/reports/:id/:format',
      {
        schema: {
          tags,
          summary: 'Download the report as PDF (CJK, charts) or XLSX (a sheet per section)',
          params: Type.Object({
            id: Type.Integer({ minimum: 1 }),
            format: Type.Union([Type.Literal('pdf'), Type.Literal('xlsx')]),
          }),
        },
        config: { permission: 'navigation:read' },
      },
      async (req, reply) => {
        const { id, format } = req.params;
        const f = await navigation.file(id, format);
        return reply
          .header('content-disposition', disposition(f.title, id, format))
          .type(CONTENT_TYPES[format])
          .send(f.content);
      },
    );
  };
}
