import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import { Ajv } from 'ajv';
import ajvFormats from 'ajv-formats';
import cookie from '@fastify/cookie';
import etag from '@fastify/etag';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import type { AppContext } from '../context.ts';
import { auditRoutes } from '../modules/audit/audit.routes.ts';
import { authRoutes } from '../modules/auth/auth.routes.ts';
import { importsRoutes } from '../modules/imports/imports.routes.ts';
import { lifecycleRoutes } from '../modules/lifecycle/lifecycle.routes.ts';
import { jobsRoutes } from '../modules/jobs/jobs.routes.ts';
import { notificationsRoutes } from '../modules/notifications/notifications.routes.ts';
import { searchRoutes } from '../modules/search/search.routes.ts';
import { referenceRoutes } from '../modules/reference/reference.routes.ts';
import { registryRoutes } from '../modules/registry/registry.routes.ts';
import { dashboardRoutes } from '../modules/analytics/dashboard.routes.ts';
import { analyticsRoutes } from '../modules/analytics/analytics.routes.ts';
import { navigationRoutes } from '../modules/analytics/navigation.routes.ts';
import { financeRoutes } from '../modules/finance/finance.routes.ts';
import { registerAuth, type RouteInfo } from './auth-hook.ts';
import { errorHandler } from './errors.ts';

export const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

export interface AppOptions {
  logger?: boolean;
  secureCookies?: boolean;
  /** serve the built web app (web/dist) when it exists */
  serveWeb?: boolean;
  maxUploadBytes?: number;
}

export type App = FastifyInstance & { routeList: RouteInfo[] };

export async function buildApp(ctx: AppContext, opts: AppOptions = {}): Promise<App> {
  const app = Fastify({
    logger: opts.logger ? { level: 'info' } : false,
    bodyLimit: 2 * 1024 * 1024,
  });
  // Query strings, params and headers arrive as text and are coerced; JSON bodies are checked strictly.
  const strict = new Ajv({ allErrors: true, useDefaults: true, removeAdditional: false, coerceTypes: false });
  const coercing = new Ajv({
    allErrors: true,
    useDefaults: true,
    removeAdditional: false,
    coerceTypes: 'array',
  });
  const addFormats = ajvFormats as unknown as (a: Ajv) => Ajv;
  for (const a of [strict, coercing]) addFormats(a);
  app.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === 'body' ? strict : coercing).compile(schema),
  );
  const routeList: RouteInfo[] = [];

  // external plugins
  await app.register(cookie);
  await app.register(etag, { weak: true });
  await app.register(multipart, {
    limits: { fileSize: opts.maxUploadBytes ?? 2 * 1024 * 1024 * 1024, files: 1 },
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Zhihui 知汇 API',
        version: '1',
        description:
          'Regional IP big-data public service platform. Errors are RFC 9457 application/problem+json with a field-level `errors` list; lists use cursor pagination (`nextCursor`).',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'zhihui_session' } } },
      security: [{ session: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.setErrorHandler(errorHandler);
  registerAuth(app, ctx.auth, routeList);

  await app.register(
    async (api) => {
      await api.register(referenceRoutes(ctx));
      await api.register(authRoutes(ctx, { secureCookies: opts.secureCookies ?? false }));
      await api.register(registryRoutes(ctx));
      await api.register(importsRoutes(ctx));
      await api.register(lifecycleRoutes(ctx));
      await api.register(notificationsRoutes(ctx));
      await api.register(jobsRoutes(ctx));
      await api.register(searchRoutes(ctx));
      await api.register(auditRoutes(ctx));
      await api.register(dashboardRoutes(ctx));
      await api.register(analyticsRoutes(ctx));
      await api.register(navigationRoutes(ctx));
      await api.register(financeRoutes(ctx));
    },
    { prefix: '/api/v1' },
  );

  const webReady = opts.serveWeb !== false && fs.existsSync(path.join(WEB_DIST, 'index.html'));
  if (webReady) await app.register(fastifyStatic, { root: WEB_DIST, wildcard: true });
  app.setNotFoundHandler((req, reply) => {
    if (webReady && req.method === 'GET' && !req.url.startsWith('/api/')) return reply.sendFile('index.html');
    return reply
      .status(404)
      .type('application/problem+json')
      .send({
        type: 'urn:zhihui:problem:not_found',
        title: 'Not Found',
        status: 404,
        detail: `no route ${req.method} ${req.url}`,
        code: 'NOT_FOUND',
        errors: [],
      });
  });

  return Object.assign(app, { routeList }) as unknown as App;
}
