import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../context.ts';

const AuditQuery = Type.Object({
  beforeSeq: Type.Optional(Type.Integer({ minimum: 1 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  targetType: Type.Optional(Type.String()),
  targetId: Type.Optional(Type.String()),
  actorId: Type.Optional(Type.Integer()),
});

export function auditRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app0) => {
    const app = app0.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['audit'];
    app.get(
      '/audit',
      {
        schema: { tags, summary: 'Audit log, newest first', querystring: AuditQuery },
        config: { permission: 'audit:read' },
      },
      async (req) => {
        const limit = req.query.limit ?? 100;
        const items = await ctx.audit.list(ctx.database.db, { ...req.query, limit });
        return { items, nextBeforeSeq: items.length === limit ? items[items.length - 1]!.seq : null };
      },
    );
    app.get(
      '/audit/verify',
      {
        schema: { tags, summary: 'Verify the hash chain of the audit log' },
        config: { permission: 'audit:read' },
      },
      async () => ctx.audit.verify(ctx.database.db),
    );
  };
}
