/**
 * Dashboard benchmark (DESIGN §5: indicator dashboard p95 ≤ 20 ms at 1 000 000 records): generated patents
 * owned by 5000 entities on the region's streets, then the dashboard's breakdown / trend / ranking requests
 * through the HTTP app. Cold = first request after a write (computed from the tables); warm = the same
 * requests again at the same data version (served from the cache keyed by the audit head).
 * Standalone: `node --import tsx bench/dashboard.ts --records 200000`; `npm run bench` calls benchDashboard.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createContext } from '../src/context.ts';
import { buildApp } from '../src/http/app.ts';
import { rng } from '../src/modules/demo/generate.ts';
import { SYSTEM_ACTOR } from '../src/modules/audit/audit.service.ts';
import { applicantPool, writeRecords } from './generate.ts';

const PASSWORD = 'bench-admin-password';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** The requests a dashboard page makes, for the whole region and for one street. */
function dashboardUrls(street: string): string[] {
  const out: string[] = [];
  for (const filter of ['', `&street=${street}`]) {
    for (const dim of [
      'street',
      'industry',
      'ipc_section',
      'ipc_subclass',
      'wipo_field',
      'sub_type',
      'filing_year',
    ])
      out.push(`/api/v1/analytics/breakdown?dim=${dim}&measure=filings${filter}`);
    out.push(`/api/v1/analytics/breakdown?dim=street&measure=valid${filter}`);
    out.push(`/api/v1/analytics/breakdown?dim=grant_year&measure=grants${filter}`);
    out.push(`/api/v1/analytics/breakdown?dim=entity&measure=filings&limit=20${filter}`);
    out.push(`/api/v1/analytics/trend?measure=filings&from=2015&to=2023${filter}`);
  }
  return out;
}

export async function benchDashboard(n: number, dir: string): Promise<void> {
  const file = path.join(dir, 'dashboard-records.jsonl');
  await writeRecords(file, n);
  const ctx = await createContext(`sqlite:${path.join(dir, 'dashboard.db')}`);
  try {
    const streets = await ctx.registry.streets('310104');
    const industries = ['I65', 'C39', 'C27', 'M73', 'C35', 'R86'];
    const pool = applicantPool(rng(42)).map((a, i) => ({
      ...a,
      entityType: 'enterprise',
      industry: industries[i % industries.length]!,
      street: streets[i % streets.length]!.code,
    }));
    await ctx.database.db.transaction().execute((tx) => ctx.registry.upsertEntities(tx, SYSTEM_ACTOR, pool));
    const t = performance.now();
    const s = await ctx.imports.importFile({ ...SYSTEM_ACTOR, name: 'bench' }, file, {
      format: 'jsonl',
      recompute: false,
    });
    console.log(
      `[dashboard] imported ${s.inserted} records in ${((performance.now() - t) / 1000).toFixed(1)} s`,
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
    const urls = dashboardUrls(streets[0]!.code);
    const timeOne = async (url: string) => {
      const t0 = performance.now();
      const res = await app.inject({ method: 'GET', url, headers: { cookie } });
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
      return performance.now() - t0;
    };
    const cold: number[] = [];
    for (const u of urls) cold.push(await timeOne(u));
    const warm: number[] = [];
    for (let round = 0; round < 20; round++) for (const u of urls) warm.push(await timeOne(u));
    cold.sort((a, b) => a - b);
    warm.sort((a, b) => a - b);
    const total = (await app.inject({ method: 'GET', url: urls[0]!, headers: { cookie } })).json().total;
    console.log(`[dashboard] ${urls.length} dashboard requests over ${total} region-attributed rights`);
    console.log(
      `[dashboard] cold (first after a write): p50 ${percentile(cold, 50).toFixed(0)} ms, p95 ${percentile(cold, 95).toFixed(0)} ms, max ${cold[cold.length - 1]!.toFixed(0)} ms`,
    );
    console.log(
      `[dashboard] warm (same data version): p50 ${percentile(warm, 50).toFixed(2)} ms, p95 ${percentile(warm, 95).toFixed(2)} ms (target p95 ≤ 20 ms)`,
    );
    await app.close();
  } finally {
    await ctx.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const i = process.argv.indexOf('--records');
  const n = i >= 0 ? Number(process.argv[i + 1]) : 200_000;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhihui-bench-dash-'));
  try {
    await benchDashboard(n, dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
