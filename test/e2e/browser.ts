/**
 * What every end-to-end file shares: the real server on a fresh embedded database serving the built web app
 * (web/dist), headless Debian Chromium driven by playwright-core, signing in, waiting for a page state to settle,
 * and screenshots (set ZHIHUI_E2E_SHOTS=<dir> to keep one per step). `npm test` builds the web app first; these
 * files build nothing.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createContext, DEFAULT_REGION, type AppContext } from '../../src/context.ts';
import { buildApp, WEB_DIST, type App } from '../../src/http/app.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const ADMIN_PASSWORD = 'e2e-admin-password-42';
const SHOTS = process.env.ZHIHUI_E2E_SHOTS;
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Why the browser tests cannot run here, or undefined when they can. */
const missing = !fs.existsSync(path.join(WEB_DIST, 'index.html'))
  ? 'web/dist is missing (run `npm run build:web` first)'
  : !fs.existsSync(CHROMIUM)
    ? `${CHROMIUM} is missing (apt-get install -y chromium fonts-wqy-microhei)`
    : undefined;
const ci = !!process.env.CI && process.env.CI !== 'false';

/** The `skip` option of an end-to-end describe(): skipped (and said so) when something is missing, never on CI. */
export function e2eSkip(what: string): string | false {
  if (!missing || ci) return false;
  console.log(`# skipping the ${what} end-to-end tests: ${missing}`);
  return missing;
}

export interface E2eEnv {
  dir: string;
  ctx: AppContext;
  app: App;
  /** the server's origin, without a trailing slash */
  base: string;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** uncaught errors of the page (each file asserts there are none) */
  pageErrors: string[];
}

export interface E2eOptions {
  /** prefix of the temporary directory that holds the database */
  tmpPrefix: string;
  /** playwright's default timeout of every page action */
  timeoutMs: number;
  acceptDownloads?: boolean;
  /** loads the file's data after the region profile and the admin exist, before the server starts */
  seed?: (ctx: AppContext) => Promise<void>;
}

/** A fresh database with the default region and the admin, the app serving web/dist, and a signed-out page. */
export async function startE2e(o: E2eOptions): Promise<E2eEnv> {
  if (missing) throw new Error(`CI is set, so the UI tests may not be skipped: ${missing}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), o.tmpPrefix));
  const ctx = await createContext(`sqlite:${path.join(dir, 'e2e.db')}`);
  try {
    await ctx.reference.ensureRegionProfile(DEFAULT_REGION, true);
    await ctx.auth.ensureAdmin(ADMIN_PASSWORD);
    await o.seed?.(ctx);
  } catch (e) {
    await ctx.close().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const app = await buildApp(ctx, { serveWeb: true });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const context = await browser.newContext({
    locale: 'zh-CN',
    viewport: { width: 1440, height: 900 },
    ...(o.acceptDownloads ? { acceptDownloads: true } : {}),
  });
  const page = await context.newPage();
  page.setDefaultTimeout(o.timeoutMs);
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  return { dir, ctx, app, base, browser, context, page, pageErrors };
}

/** Closes whatever startE2e got to open and removes the database. */
export async function stopE2e(env: E2eEnv | undefined): Promise<void> {
  if (!env) return;
  await env.context.close().catch(() => undefined);
  await env.browser.close().catch(() => undefined);
  await env.app.close().catch(() => undefined);
  await env.ctx.close().catch(() => undefined);
  fs.rmSync(env.dir, { recursive: true, force: true });
}

/** Signs in through the login page (dropping any earlier session) and waits for the app shell. */
export async function login(page: Page, base: string, username: string, password: string): Promise<void> {
  await page.context().clearCookies();
  await page.goto(`${base}/login`);
  await page.locator('#login_username').fill(username);
  await page.locator('#login_password').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByTestId('app-title').waitFor();
}

/** Polls until `check` passes (antd animates messages in and out, so a page state settles over time). */
export async function until(what: string, check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Keeps a full-page screenshot under ZHIHUI_E2E_SHOTS, when it is set. */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}
