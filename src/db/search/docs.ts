/** Search documents built from the registry tables (ip_asset, ip_owner, entity). */
import type { Executor } from '../connect.ts';
import { assetNumberForms } from '../../domain/search/numbers.ts';
import type { SearchDoc, SearchIndex } from './search-index.ts';

const CHUNK = 500;

function jsonList(text: string | null): unknown[] {
  if (!text) return [];
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
}

/** The documents of these assets (missing ids are skipped), in the order of `assetIds`. */
export async function loadSearchDocs(exec: Executor, assetIds: readonly number[]): Promise<SearchDoc[]> {
  const out: SearchDoc[] = [];
  for (let i = 0; i < assetIds.length; i += CHUNK) {
    const ids = assetIds.slice(i, i + CHUNK);
    const assets = await exec
      .selectFrom('ip_asset')
      .select([
        'id',
        'kind',
        'sub_type',
        'status',
        'app_key',
        'pub_key',
        'application_number',
        'publication_number',
        'registration_number',
        'title',
        'abstract',
        'filing_date',
        'ipc',
        'nice_classes',
      ])
      .where('id', 'in', ids)
      .execute();
    const owners = await exec
      .selectFrom('ip_owner as o')
      .leftJoin('entity as e', 'e.id', 'o.entity_id')
      .select(['o.asset_id', 'o.seq', 'o.name', 'o.entity_id', 'e.street_code'])
      .where('o.asset_id', 'in', ids)
      .orderBy('o.asset_id')
      .orderBy('o.seq')
      .execute();
    const byAsset = new Map<number, typeof owners>();
    for (const o of owners) {
      const id = Number(o.asset_id);
      const list = byAsset.get(id) ?? [];
      list.push(o);
      byAsset.set(id, list);
    }
    const byId = new Map(assets.map((a) => [Number(a.id), a]));
    for (const id of ids) {
      const a = byId.get(id);
      if (!a) continue;
      const own = byAsset.get(id) ?? [];
      const year = a.filing_date ? Number(a.filing_date.slice(0, 4)) : NaN;
      out.push({
        assetId: id,
        title: a.title,
        abstract: a.abstract,
        applicants: own.map((o) => o.name),
        numbers: assetNumberForms({
          appKey: a.app_key,
          pubKey: a.pub_key,
          applicationNumber: a.application_number,
          publicationNumber: a.publication_number,
          registrationNumber: a.registration_number,
        }),
        ipc: jsonList(a.ipc).filter((x): x is string => typeof x === 'string'),
        niceClasses: jsonList(a.nice_classes).filter((x): x is number => typeof x === 'number'),
        kind: a.kind,
        subType: a.sub_type,
        status: a.status,
        filingYear: Number.isFinite(year) ? year : null,
        streetCodes: [...new Set(own.map((o) => o.street_code).filter((s): s is string => !!s))],
        entityIds: [...new Set(own.map((o) => o.entity_id).filter((e): e is number => e !== null))].map(
          Number,
        ),
      });
    }
  }
  return out;
}

/** Rebuild the documents of these assets: ids that no longer exist are removed, the others re-written. */
export async function refreshDocs(
  index: Pick<SearchIndex, 'remove' | 'upsert'>,
  tx: Executor,
  assetIds: readonly number[],
): Promise<void> {
  const docs = await loadSearchDocs(tx, assetIds);
  const found = new Set(docs.map((d) => d.assetId));
  await index.remove(
    tx,
    assetIds.filter((id) => !found.has(id)),
  );
  await index.upsert(tx, docs);
}

/** Every asset's search document, 1000 at a time in id order (index rebuilds); returns how many. */
export async function forEachDocPage(
  exec: Executor,
  write: (docs: SearchDoc[]) => Promise<void>,
  onProgress?: (done: number, total: number) => void,
): Promise<number> {
  const { n } = await exec
    .selectFrom('ip_asset')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const total = Number(n);
  let done = 0;
  let last = 0;
  for (;;) {
    const rows = await exec
      .selectFrom('ip_asset')
      .select('id')
      .where('id', '>', last)
      .orderBy('id')
      .limit(1000)
      .execute();
    if (rows.length === 0) break;
    const ids = rows.map((r) => Number(r.id));
    await write(await loadSearchDocs(exec, ids));
    last = ids[ids.length - 1]!;
    done += ids.length;
    onProgress?.(done, total);
  }
  return done;
}

/** The text of a search document: what the word index holds. */
export type DocText = Pick<SearchDoc, 'assetId' | 'title' | 'abstract' | 'applicants'>;

/**
 * Every asset's text (title, abstract, applicant names in published order), `page` assets at a time in id order,
 * each page read with two range statements (no long transaction); returns how many.
 */
export async function forEachTextPage(
  exec: Executor,
  take: (docs: DocText[]) => void,
  page = 5000,
): Promise<number> {
  let done = 0;
  let last = 0;
  for (;;) {
    const assets = await exec
      .selectFrom('ip_asset')
      .select(['id', 'title', 'abstract'])
      .where('id', '>', last)
      .orderBy('id')
      .limit(page)
      .execute();
    if (assets.length === 0) break;
    const first = Number(assets[0]!.id);
    last = Number(assets[assets.length - 1]!.id);
    const owners = await exec
      .selectFrom('ip_owner')
      .select(['asset_id', 'name'])
      .where('asset_id', '>=', first)
      .where('asset_id', '<=', last)
      .orderBy('asset_id')
      .orderBy('seq')
      .execute();
    const names = new Map<number, string[]>();
    for (const o of owners) {
      const id = Number(o.asset_id);
      const list = names.get(id);
      if (list) list.push(o.name);
      else names.set(id, [o.name]);
    }
    take(
      assets.map((a) => ({
        assetId: Number(a.id),
        title: a.title,
        abstract: a.abstract,
        applicants: names.get(Number(a.id)) ?? [],
      })),
    );
    done += assets.length;
  }
  return done;
}
