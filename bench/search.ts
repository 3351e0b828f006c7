/**
 * Search benchmark (DESIGN §5: Chinese keyword search with facet counts, p95 ≤ 50 ms at 1 000 000 records):
 * the index build time (`zhihui reindex` of every record), then a fixed mix of 200 distinct queries — 50 words,
 * 30 phrases, 40 field queries, 40 facet drill-downs, 40 number look-ups in their written forms — each with all
 * facet counts, as the search page asks. The facet snapshot and the memory word index are built first (their
 * build time and the process memory are reported: a server builds them in the background at its first search,
 * the SQL index answering meanwhile). Pass 1 is cold (every query new); pass 2 repeats the mix at the same
 * data version, where total and facet counts come from the cache keyed by the audit head.
 * On SQLite with the context of the import bench; on PostgreSQL too when ZHIHUI_BENCH_PG_URL or
 * ZHIHUI_TEST_PG_URL is set (a fresh database gets the same records file imported).
 * Standalone: `node --import tsx bench/search.ts --records 100000 [--abstracts]` (with `--abstracts` every
 * record also has a generated abstract of about 150 characters); on a database that already holds a
 * records file: `node --import tsx bench/search.ts --db sqlite:x.db --file records.jsonl`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import pg from 'pg';
import { createContext, type AppContext } from '../src/context.ts';
import { segmentQuery } from '../src/db/search/segment.ts';
import { SYSTEM_ACTOR } from '../src/modules/audit/audit.service.ts';
import { writeRecords } from './generate.ts';

const ALL = { canReadPrivate: true, canWriteAll: true, canWriteOwn: true };
const SAMPLE = 5000;

interface Sample {
  title: string;
  applicationNumber: string;
  applicant: string;
  ipc: string[];
  year: string;
}

type Category = 'word' | 'phrase' | 'field' | 'drill-down' | 'number';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export async function sampleRecords(file: string): Promise<Sample[]> {
  const out: Sample[] = [];
  const rl = readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of rl) {
    const r = JSON.parse(line) as {
      title: string;
      applicationNumber: string;
      applicants: { name: string }[];
      ipc: string[];
      filingDate: string;
    };
    out.push({
      title: r.title,
      applicationNumber: r.applicationNumber,
      applicant: r.applicants[0]!.name,
      ipc: r.ipc,
      year: r.filingDate.slice(0, 4),
    });
    if (out.length >= SAMPLE) break;
  }
  rl.close();
  return out;
}

/** Words of the sample's titles by frequency (two or more Han characters). */
function frequentWords(samples: Sample[]): string[] {
  const n = new Map<string, number>();
  for (const s of samples)
    for (const w of segmentQuery(s.title)) if (/^\p{Script=Han}{2,}$/u.test(w)) n.set(w, (n.get(w) ?? 0) + 1);
  return [...n].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([w]) => w);
}

/** The fixed mix of 200 distinct queries, from the records themselves (deterministic for a records file). */
export function queryMix(samples: Sample[]): { q: string; category: Category }[] {
  const words = frequentWords(samples);
  // broad (the 25 most frequent words) and selective (25 from further down)
  const pick = [...words.slice(0, 25), ...words.slice(100, 125)];
  const at = (i: number) => samples[(i * 97) % samples.length]!;
  const out: { q: string; category: Category }[] = [];
  for (const w of pick) out.push({ q: w, category: 'word' });
  for (let i = 0; out.length < 80; i++) {
    const t = Array.from(at(i).title.replace(/^一种/, ''));
    if (t.length >= 6) out.push({ q: `"${t.slice(0, 4).join('')}"`, category: 'phrase' });
  }
  for (let i = 0; i < 10; i++) out.push({ q: `title:${words[i + 25]!}`, category: 'field' });
  for (let i = 0; i < 10; i++) out.push({ q: `applicant:${at(i + 300).applicant}`, category: 'field' });
  for (let i = 0; i < 10; i++) out.push({ q: `ipc:${at(i + 400).ipc[0] ?? 'G06F'}`, category: 'field' });
  for (let i = 0; i < 5; i++) out.push({ q: `year:${2005 + i * 3}..${2007 + i * 3}`, category: 'field' });
  for (let i = 0; i < 5; i++) out.push({ q: `status:有效 ${words[i + 35]!}`, category: 'field' });
  for (let i = 0; i < 10; i++)
    out.push({ q: `${words[i]!} ipc:${(at(i + 500).ipc[0] ?? 'H').slice(0, 1)}`, category: 'drill-down' });
  for (let i = 0; i < 10; i++)
    out.push({
      q: `${words[i + 10]!} ipc:${(at(i + 600).ipc[0] ?? 'H01M').slice(0, 4)}`,
      category: 'drill-down',
    });
  for (let i = 0; i < 10; i++) out.push({ q: `${words[i + 20]!} year:${2010 + i}`, category: 'drill-down' });
  for (let i = 0; i < 10; i++) out.push({ q: `${words[i + 40]!} type:发明`, category: 'drill-down' });
  for (let i = 0; i < 40; i++) {
    const a = at(i + 700).applicationNumber; // 201710601862.3
    const [digits, check] = a.split('.') as [string, string];
    const forms = [
      a,
      `${digits}${check}`,
      `CN${a}`,
      `ZL ${digits.slice(0, 4)} ${digits.slice(4, 5)} ${digits.slice(5)}.${check}`,
    ];
    out.push({ q: forms[i % forms.length]!, category: 'number' });
  }
  if (new Set(out.map((x) => x.q)).size !== out.length) throw new Error('the query mix repeats a query');
  return out;
}

async function timeQueries(ctx: AppContext, mix: { q: string; category: Category }[]) {
  const times: { ms: number; category: Category }[] = [];
  for (const { q, category } of mix) {
    const t = performance.now();
    await ctx.search.search(SYSTEM_ACTOR, ALL, { q, limit: 20 });
    times.push({ ms: performance.now() - t, category });
  }
  return times;
}

function report(tag: string, pass: string, times: { ms: number; category: Category }[]): void {
  const all = times.map((x) => x.ms).sort((a, b) => a - b);
  const p = (n: number) => percentile(all, n).toFixed(1);
  console.log(
    `${tag} ${pass}: ${times.length} queries with facets p50 ${p(50)} ms, p95 ${p(95)} ms, p99 ${p(99)} ms, max ${all.at(-1)!.toFixed(1)} ms (target p95 ≤ 50 ms)`,
  );
  const cats = [...new Set(times.map((x) => x.category))];
  console.log(
    `${tag} ${pass} p95 by kind: ${cats
      .map((c) => {
        const s = times
          .filter((x) => x.category === c)
          .map((x) => x.ms)
          .sort((a, b) => a - b);
        return `${c} ${percentile(s, 95).toFixed(1)}`;
      })
      .join(', ')} ms`,
  );
}

async function searchLeg(ctx: AppContext, tag: string, samples: Sample[], reindex = true): Promise<void> {
  let t = performance.now();
  if (reindex) {
    const n = await ctx.search.reindex();
    console.log(
      `${tag} index build (reindex): ${n} records in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );
  }
  t = performance.now();
  const warm = await ctx.search.warmFacets();
  global.gc?.();
  console.log(
    `${tag} facet snapshot${process.env.ZHIHUI_SEARCH_MEMORY === 'off' ? ' (memory word index off: SQL index only)' : ' + memory word index'}: ${warm ? 'built' : 'NOT built'} in ${((performance.now() - t) / 1000).toFixed(1)} s (process RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB, JS heap + typed arrays ${((process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers) / 1e6).toFixed(0)} MB)`,
  );
  const mix = queryMix(samples);
  t = performance.now();
  await timeQueries(ctx, mix.slice(0, 5)); // warm the statement cache and jieba
  report(tag, 'cold', await timeQueries(ctx, mix));
  report(tag, 'repeat (counts cached)', await timeQueries(ctx, mix));
}

/** The PostgreSQL leg: a fresh database, the same records imported, then the same measurements. */
async function postgresLeg(pgUrl: string, file: string, label: string, samples: Sample[]): Promise<void> {
  const name = `zhihui_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(pgUrl);
  u.pathname = `/${name}`;
  const ctx = await createContext(u.toString());
  try {
    const t = performance.now();
    const s = await ctx.imports.importFile({ ...SYSTEM_ACTOR, name: 'bench' }, file, {
      format: 'jsonl',
      recompute: false,
    });
    console.log(
      `[${label}] search postgres: imported ${s.inserted} records in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );
    await searchLeg(ctx, `[${label}] search postgres`, samples);
  } finally {
    await ctx.close();
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  }
}

/** The search bench on the import bench's SQLite database (`ctx`, holding `file`), and on PostgreSQL when configured. */
export async function benchSearch(ctx: AppContext, file: string, label: string): Promise<void> {
  const samples = await sampleRecords(file);
  await searchLeg(ctx, `[${label}] search sqlite`, samples);
  const pgUrl = process.env.ZHIHUI_BENCH_PG_URL ?? process.env.ZHIHUI_TEST_PG_URL;
  if (pgUrl) await postgresLeg(pgUrl, file, label, samples);
}

/** `--db <url> --file <records.jsonl>`: measure an existing database holding that file (no import, no reindex). */
async function existingDatabase(url: string, file: string): Promise<void> {
  const ctx = await createContext(url);
  try {
    await searchLeg(ctx, `[search] ${url.split(':')[0]}`, await sampleRecords(file), false);
  } finally {
    await ctx.close();
  }
}

const argOf = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

if (import.meta.url === `file://${process.argv[1]}` && argOf('--db')) {
  await existingDatabase(argOf('--db')!, argOf('--file') ?? 'records.jsonl');
} else if (import.meta.url === `file://${process.argv[1]}`) {
  const n = Number(argOf('--records') ?? 100_000);
  const abstracts = process.argv.includes('--abstracts');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhihui-bench-search-'));
  try {
    const file = path.join(dir, 'records.jsonl');
    await writeRecords(file, n, abstracts);
    const ctx = await createContext(`sqlite:${path.join(dir, 'zhihui.db')}`);
    const t = performance.now();
    const s = await ctx.imports.importFile({ ...SYSTEM_ACTOR, name: 'bench' }, file, {
      format: 'jsonl',
      recompute: false,
    });
    console.log(
      `[search] imported ${s.inserted} records in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );
    try {
      await benchSearch(ctx, file, 'search');
    } finally {
      await ctx.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
