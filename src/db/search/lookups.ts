/**
 * Look-ups beside the index: applicant names by prefix (query-box suggestions) and the highest asset id (the
 * mark of "new since" for saved searches: asset ids only grow, so the assets that entered the registry — and the
 * index, in the same transaction — after a mark are exactly those with a larger id).
 */
import { sql, type SqlBool } from 'kysely';
import { normalizeEntityName } from '../../domain/names.ts';
import type { Dialect, Executor } from '../connect.ts';
import { confidentialCond, likeEscape, type Cond } from './sql-common.ts';
import type { ConfidentialScope } from './search-index.ts';

export interface NameSuggestion {
  /** the name as written (published owner name or entity name) */
  name: string;
  /** visible assets with this applicant */
  assets: number;
}

/** `name_norm` starts with `p`: LIKE on PostgreSQL (text_pattern_ops index), a range on SQLite (binary order). */
function prefixCond(dialect: Dialect, column: string, p: string): Cond {
  const col = sql.ref(column);
  if (dialect === 'postgres') return sql<SqlBool>`${col} LIKE ${`${likeEscape(p)}%`}`;
  const chars = Array.from(p);
  const last = chars.pop()!;
  // UTF-8 byte order (SQLite's BINARY collation) is code point order
  const end = chars.join('') + String.fromCodePoint(last.codePointAt(0)! + 1);
  return sql<SqlBool>`(${col} >= ${p} AND ${col} < ${end})`;
}

/**
 * Applicant names starting with `prefix` (compared as normalised names): the names owners were published
 * under and the registered entities' names, with how many assets visible in `scope` each has, most first;
 * names without a visible asset are left out.
 */
export async function applicantSuggestions(
  exec: Executor,
  dialect: Dialect,
  prefix: string,
  scope: ConfidentialScope,
  limit: number,
): Promise<NameSuggestion[]> {
  const p = normalizeEntityName(prefix);
  if (p === '') return [];
  const visible = confidentialCond(scope) ?? sql<SqlBool>`1 = 1`;
  const owners = await sql<{ norm: string; name: string; n: number | string }>`
    SELECT o.name_norm AS norm, max(o.name) AS name, count(DISTINCT o.asset_id) AS n
    FROM ip_owner o JOIN ip_asset a ON a.id = o.asset_id
    WHERE ${prefixCond(dialect, 'o.name_norm', p)} AND ${visible}
    GROUP BY o.name_norm ORDER BY n DESC, o.name_norm LIMIT ${limit}`.execute(exec);
  const entities = await sql<{ norm: string; name: string; n: number | string }>`
    SELECT e.name_norm AS norm, e.name AS name,
      (SELECT count(DISTINCT o.asset_id) FROM ip_owner o JOIN ip_asset a ON a.id = o.asset_id
        WHERE o.entity_id = e.id AND ${visible}) AS n
    FROM entity e WHERE ${prefixCond(dialect, 'e.name_norm', p)}
    ORDER BY n DESC, e.name_norm LIMIT ${limit}`.execute(exec);
  const byNorm = new Map<string, NameSuggestion>();
  for (const r of [...entities.rows, ...owners.rows]) {
    const assets = Number(r.n);
    // a name without a visible right would find nothing (and would tell the public about a confidential one)
    if (assets === 0) continue;
    const seen = byNorm.get(r.norm);
    if (!seen) byNorm.set(r.norm, { name: r.name, assets });
    else seen.assets = Math.max(seen.assets, assets);
  }
  return [...byNorm.values()]
    .sort((x, y) => y.assets - x.assets || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0))
    .slice(0, limit);
}

/** The highest asset id (0 when there is none). */
export async function highestAssetId(exec: Executor): Promise<number> {
  const r = await exec
    .selectFrom('ip_asset')
    .select((eb) => eb.fn.max('id').as('m'))
    .executeTakeFirst();
  return r?.m === null || r?.m === undefined ? 0 : Number(r.m);
}
