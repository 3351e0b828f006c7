/**
 * Indicator bench (DESIGN §5: indicator requests p95 ≤ 20 ms at 1 000 000 records). Loads N generated patent
 * records whose applicants are entities on the district's streets, builds the per-right validity table, then times
 * GET /api/v1/analytics/indicators: the current date (repeated requests, the dashboard case), past dates (as-of,
 * each date computed once: reported separately), a street, and the first request after a write.
 * Run alone: `node --import tsx bench/analytics.ts --records 200000`; `npm run bench` calls runAnalyticsBench.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createContext, DEFAULT_REGION, type AppContext } from '../src/context.ts';
import { buildApp } from '../src/http/app.ts';
import { SYSTEM_ACTOR } from '../src/modules/audit/audit.service.ts';
import { rng } from '../src/modules/demo/generate.ts';
import { applicantPool, writeRecords } from './generate.ts';

const PASSWORD = 'bench-admin-password';

function pct(samples: number[], p: number): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}
const fmt = (xs: number[]) =>
  `p50 ${pct(xs, 50).toFixed(2)} ms, p95 ${pct(xs, 95).toFixed(2)} ms, max ${Math.max(...xs).toFixed(2)} ms (n=${xs.length})`;

/** The applicant pool of bench/generate.ts (same seed, same order), as entities spread over the streets. */
async function createPoolEntities(ctx: AppContext): Promise<void> {
  const streets = await ctx.registry.streets(DEFAULT_REGION);
  const rows = applicantPool(rng(42)).map((a, i) => ({
    ...a,
    street: streets[i % streets.length]!.code,
    entityType: 'enterprise',
  }));
  await ctx.database.db.transaction().execute((tx) => ctx.registry.upsertEntities(tx, SYSTEM_ACTOR, rows));
}

export async function runAnalyticsBench(n: number, dir: string): Promise<void> {
  const file = path.join(dir, 'analytics-records.jsonl');
  await writeRecords(file, n, false);
  const ctx = await createContext(`sqlite:${path.join(dir, 'analytics.db')}`);
  try {
    await createPoolEntities(ctx);
    const s = await ctx.imports.importFile({ ...SYSTEM_ACTOR, name: 'bench' }, file, {
      format: 'jsonl',
      recompute: false,
    });
    if (s.status !== 'done') throw new Error(`import did not complete: ${JSON.stringify(s)}`);
    let t = performance.now();
    await ctx.analytics.sync();
    console.log(
      `[analytics] validity table built for ${n} rights in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );

    await ctx.auth.ensureAdmin(PASSWORD);
    const app = await buildApp(ctx, { serveWeb: false });
    await app.ready();
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: PASSWORD },
    });
    const cookie = `zhihui_session=${login.cookies.find((c) => c.name === 'zhihui_session')!.value}`;
    const get = async (q: string) => {
      const t0 = performance.now();
      const res = await app.inject({
        method: 'GET',
        url: `/api/v1/analytics/indicators?${q}`,
        headers: { cookie },
      });
      const ms = performance.now() - t0;
      if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body}`);
      return { ms, body: res.json() as { items: { id: string; numerator: number }[] } };
    };
    const region = `region=${DEFAULT_REGION}`;
    const today = new Date().toISOString().slice(0, 10);

    const first = await get(`${region}&at=${today}`);
    const valid = first.body.items.find((i) => i.id === 'valid_invention_patents')!.numerator;
    console.log(
      `[analytics] first request (computes all indicators): ${first.ms.toFixed(1)} ms; valid inventions ${valid}`,
    );
    const current: number[] = [];
    for (let i = 0; i < 300; i++) current.push((await get(`${region}&at=${today}`)).ms);
    console.log(
      `[analytics] indicators, current date (dashboard, cached by data version): ${fmt(current)}  (target p95 ≤ 20 ms)`,
    );

    const past: number[] = [];
    for (let y = 2005; y <= 2025; y++)
      for (const md of ['03-31', '06-30', '09-30', '12-31'])
        past.push((await get(`${region}&at=${y}-${md}`)).ms);
    console.log(
      `[analytics] indicators as of past dates, each computed once (84 quarter ends): ${fmt(past)}`,
    );

    const streets = await ctx.registry.streets(DEFAULT_REGION);
    const street: number[] = [];
    for (const st of streets) street.push((await get(`${region}&street=${st.code}&at=${today}`)).ms);
    console.log(`[analytics] indicators of one street, current date, computed: ${fmt(street)}`);

    const [someAsset] = await ctx.registry.idsByNumber(
      JSON.parse(fs.readFileSync(file, 'utf8').split('\n', 1)[0]!).applicationNumber,
    );
    await ctx.analytics.setMark(
      SYSTEM_ACTOR,
      { canReadPrivate: true, canWriteAll: true, canWriteOwn: true },
      someAsset!,
      {
        category: 'award',
        since: '2020-01-01',
      },
    );
    t = performance.now();
    const afterWrite = await get(`${region}&at=${today}`);
    console.log(
      `[analytics] first request after a write (refresh 1 right + recompute): ${afterWrite.ms.toFixed(1)} ms (${(performance.now() - t).toFixed(1)} ms)`,
    );
    await app.close();
  } finally {
    await ctx.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const i = args.indexOf('--records');
  const n = i >= 0 ? Number(args[i + 1]) : 200_000;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhihui-bench-analytics-'));
  try {
    console.log(`Zhihui analytics bench — ${n} records, ${os.cpus().length} cores, node ${process.version}`);
    await runAnalyticsBench(n, dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
