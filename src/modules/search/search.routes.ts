import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Permission } from '../../domain/auth/roles.ts';
import { accessOf } from '../../http/auth-hook.ts';
import type { AppContext } from '../../context.ts';
import { csvStream, xlsxStream } from './export.ts';
import { EXPORT_CAP } from './search.service.ts';
import {
  ExportQuery,
  IdParams,
  SavedSearchBody,
  SavedSearchPatch,
  SearchQuery,
  SuggestQuery,
} from './search.schemas.ts';

const tags = ['search'];
/** staff and enterprises search everything their rights allow; the public (no login) public fields only */
const SEARCH: Permission[] = ['registry:read', 'search:public'];
const SAVE: Permission = 'search:save';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function searchRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app0) => {
    const app = app0.withTypeProvider<TypeBoxTypeProvider>();
    const { search, auth } = ctx;
    app.get(
      '/search',
      {
        schema: {
          tags,
          summary:
            'Full-text and faceted search. q: words, "phrases", title:/abstract:/applicant:/ipc:G06F*/nice:9/street:/year:2019..2022/status:有效, AND OR NOT ( ), numbers in any written form (also spaced: ZL 2017 1 0601862.3). A query that does not parse gets a 400 naming the position. Without login: public fields of non-confidential records only.',
          querystring: SearchQuery,
        },
        config: { permission: SEARCH },
      },
      async (req) => search.search(req.actor, accessOf(auth, req.actor), req.query),
    );

    app.get(
      '/search/export',
      {
        schema: {
          tags,
          summary: `Export a whole result set as CSV (UTF-8 with BOM) or XLSX, streamed; at most ${EXPORT_CAP} rows. Headers: X-Total-Count (matching records), X-Export-Rows (rows written), X-Export-Truncated (true when the cap cut the set).`,
          querystring: ExportQuery,
        },
        config: { permission: SEARCH },
      },
      async (req, reply) => {
        const r = await search.exportPages(req.actor, accessOf(auth, req.actor), req.query);
        const stamp = new Date().toISOString().slice(0, 10).replace(/-/g, '');
        reply
          .header('x-total-count', String(r.total))
          .header('x-export-rows', String(r.rows))
          .header('x-export-truncated', String(r.truncated))
          .header('content-disposition', `attachment; filename="zhihui-search-${stamp}.${req.query.format}"`);
        if (req.query.format === 'csv') return reply.type('text/csv; charset=utf-8').send(csvStream(r.pages));
        return reply.type(XLSX_TYPE).send(xlsxStream(r.pages, (e) => req.log.error(e)));
      },
    );

    app.get(
      '/search/suggest',
      {
        schema: {
          tags,
          summary:
            'Query-box suggestions: applicant names by prefix (entity names and published owner names, most assets first), or IPC codes with their titles (subclasses in English, classes in French: the only titles in the IPC dataset)',
          querystring: SuggestQuery,
        },
        config: { permission: SEARCH },
      },
      async (req) => search.suggest(req.actor, accessOf(auth, req.actor), req.query),
    );

    app.get(
      '/saved-searches',
      {
        schema: {
          tags,
          summary: 'My saved searches, each with how many records are new since my last visit',
        },
        config: { permission: SAVE },
      },
      async (req) => ({ items: await search.saved.list(req.actor, accessOf(auth, req.actor)) }),
    );

    app.post(
      '/saved-searches',
      {
        schema: { tags, summary: 'Save a query (it must parse) under a name of mine', body: SavedSearchBody },
        config: { permission: SAVE },
      },
      async (req, reply) => reply.status(201).send(await search.saved.create(req.actor, req.body)),
    );

    app.post(
      '/saved-searches/:id/open',
      {
        schema: {
          tags,
          summary: 'Open a saved search: returns its count of new records, then marks them seen (the visit)',
          params: IdParams,
        },
        config: { permission: SAVE },
      },
      async (req) => search.saved.open(req.actor, accessOf(auth, req.actor), req.params.id),
    );

    app.patch(
      '/saved-searches/:id',
      {
        schema: {
          tags,
          summary: 'Rename, change the query, or subscribe to / unsubscribe from the daily e-mail digest',
          params: IdParams,
          body: SavedSearchPatch,
        },
        config: { permission: SAVE },
      },
      async (req) => search.saved.update(req.actor, accessOf(auth, req.actor), req.params.id, req.body),
    );

    app.delete(
      '/saved-searches/:id',
      { schema: { tags, summary: 'Delete a saved search', params: IdParams }, config: { permission: SAVE } },
      async (req, reply) => {
        await search.saved.remove(req.actor, req.params.id);
        return reply.status(204).send();
      },
    );
  };
}
