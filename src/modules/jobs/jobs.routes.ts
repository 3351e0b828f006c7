import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../context.ts';

const NameParams = Type.Object({ name: Type.String({ maxLength: 100 }) });

export function jobsRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app0) => {
    const app = app0.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['jobs'];
    const { jobs } = ctx;

    app.get(
      '/jobs',
      {
        schema: { tags, summary: 'Scheduled jobs: schedule, next run and the latest runs' },
        config: { permission: 'jobs:manage' },
      },
      async () => ({ items: await jobs.list() }),
    );
    app.get(
      '/jobs/:name/runs',
      {
        schema: {
          tags,
          summary: 'Runs of one job, newest first',
          params: NameParams,
          querystring: Type.Object({
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
            cursor: Type.Optional(Type.String({ maxLength: 200 })),
          }),
        },
        config: { permission: 'jobs:manage' },
      },
      async (req) => jobs.runs(req.params.name, req.query.limit ?? 50, req.query.cursor),
    );
    app.post(
      '/jobs/:name/run',
      {
        schema: { tags, summary: 'Run a job now (recorded as a manual run)', params: NameParams },
        config: { permission: 'jobs:manage' },
      },
      async (req) => jobs.runNow(req.actor, req.params.name),
    );
  };
}
