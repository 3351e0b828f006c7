import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { RuleError } from '../../domain/errors.ts';
import { TEMPLATES, templateCsv, templateXlsx } from '../../importers/tabular.ts';
import type { ImportFormat } from '../../importers/types.ts';
import type { AppContext } from '../../context.ts';

const FORMATS = ['jsonl', 'csv', 'xlsx', 'uspto-xml', 'tm-xml', 'cn-patent-csv'] as const;

export function importsRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app0) => {
    const app = app0.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['imports'];

    app.post(
      '/imports',
      {
        schema: {
          tags,
          summary:
            'Upload a file (multipart field "file") and import it; 202 with the job, or 200 with the summary when wait=true',
          querystring: Type.Object({
            format: Type.Optional(Type.Union(FORMATS.map((f) => Type.Literal(f)))),
            wait: Type.Optional(Type.Boolean()),
          }),
        },
        config: { permission: 'import:run' },
      },
      async (req, reply) => {
        if (!req.isMultipart())
          throw new RuleError(
            'VALIDATION',
            'send the file as multipart/form-data',
            [{ field: 'file', reason: 'no multipart body' }],
            415,
          );
        const file = await req.file();
        if (!file)
          throw new RuleError('VALIDATION', 'no file uploaded', [{ field: 'file', reason: 'is required' }]);
        const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'zhihui-import-'));
        const safeName = path.basename(file.filename || 'upload').replace(/[^\w.\-\u4e00-\u9fff]/g, '_');
        const tmp = path.join(dir, safeName);
        await pipeline(file.file, fs.createWriteStream(tmp));
        if (file.file.truncated) {
          await fs.promises.rm(dir, { recursive: true, force: true });
          throw new RuleError(
            'TOO_LARGE',
            'the file is larger than the upload limit',
            [{ field: 'file', reason: 'too large' }],
            413,
          );
        }
        const size = (await fs.promises.stat(tmp)).size;
        let announce: (id: number) => void = () => undefined;
        const jobReady = new Promise<number>((resolve) => (announce = resolve));
        const run = ctx.imports
          .importFile(req.actor, tmp, {
            fileName: file.filename,
            format: req.query.format as ImportFormat | undefined,
            fileSize: size,
            onJob: (id) => announce(id),
          })
          .finally(() => fs.promises.rm(dir, { recursive: true, force: true }));
        if (req.query.wait) {
          const summary = await run;
          return reply.status(200).send(summary);
        }
        run.catch((e: unknown) => req.log.error({ err: e }, 'import failed'));
        const id = await Promise.race([jobReady, run.then((r) => r.jobId)]);
        return reply
          .status(202)
          .header('location', `/api/v1/imports/${id}`)
          .send(await ctx.imports.getJob(id));
      },
    );

    app.get(
      '/imports',
      { schema: { tags, summary: 'Recent imports' }, config: { permission: 'import:read' } },
      async () => ({
        items: await ctx.imports.listJobs(100),
      }),
    );
    app.get(
      '/imports/:id',
      {
        schema: {
          tags,
          summary: 'One import: counts, state and progress',
          params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        },
        config: { permission: 'import:read' },
      },
      async (req) => ctx.imports.getJob(req.params.id),
    );
    app.get(
      '/imports/:id/rejects',
      {
        schema: {
          tags,
          summary: 'Rejected lines/documents of an import with the reason for each',
          params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
          querystring: Type.Object({
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000, default: 500 })),
            offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
          }),
        },
        config: { permission: 'import:read' },
      },
      async (req) => {
        await ctx.imports.getJob(req.params.id);
        return {
          items: await ctx.imports.rejects(req.params.id, req.query.limit ?? 500, req.query.offset ?? 0),
        };
      },
    );
    app.get(
      '/import-templates/:kind',
      {
        schema: {
          tags,
          summary: 'Download the column template of a kind (Chinese headers) as CSV or XLSX',
          params: Type.Object({ kind: Type.Union(Object.keys(TEMPLATES).map((k) => Type.Literal(k))) }),
          querystring: Type.Object({
            format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('xlsx')])),
          }),
        },
        config: { public: true },
      },
      async (req, reply) => {
        const kind = req.params.kind as keyof typeof TEMPLATES;
        if (req.query.format === 'xlsx') {
          const buf = await templateXlsx(kind);
          return reply
            .header('content-disposition', `attachment; filename="zhihui-${String(kind)}-template.xlsx"`)
            .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
            .send(buf);
        }
        return reply
          .header('content-disposition', `attachment; filename="zhihui-${String(kind)}-template.csv"`)
          .type('text/csv; charset=utf-8')
          .send(templateCsv(kind));
      },
    );
  };
}
