/**
 * End-to-end: the dashboards and the public statistics page in headless Chromium against the real server,
 * on a fresh embedded database with a small demo district (real CN patents on generated entities) and the
 * indicator snapshots it publishes. `npm test` builds the web app first; this file builds nothing.
 *
 * Set ZHIHUI_E2E_SHOTS=<dir> to keep a screenshot of each step.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import type { Browser, Download, Page } from 'playwright-core';
import { DEFAULT_REGION, type AppContext } from '../../src/context.ts';
import { DemoService } from '../../src/modules/demo/demo.service.ts';
import {
  ADMIN_PASSWORD,
  e2eSkip,
  login,
  screenshot,
  startE2e,
  stopE2e,
  until as untilWithin,
  type E2eEnv,
} from './browser.ts';

const STEP_MS = 60_000;

/** RFC 4180 rows of a CSV text (the app writes a BOM and CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const s = text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted && c === '"' && s[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      row.push(cell);
      cell = '';
    } else if (!quoted && c === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else {
      cell += c;
    }
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

describe('analytics UI end to end', { skip: e2eSkip('analytics') }, () => {
  let env: E2eEnv | undefined;
  let ctx: AppContext;
  let base: string;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[] = [];

  const shot = (p: Page, name: string) => screenshot(p, `analytics-${name}`);
  const until = (what: string, check: () => Promise<boolean>, ms = 15_000) => untilWithin(what, check, ms);
  const fileOf = async (d: Download) => fs.readFileSync((await d.path())!);
  /** What the server says the dashboard should show (the same service the routes call). */
  const breakdown = (dim: 'street' | 'entity', street?: string) =>
    ctx.dashboard.breakdown(
      { dim, ...(street ? { street } : {}), ...(dim === 'entity' ? { limit: 20 } : {}) },
      false,
    );

  before(async () => {
    env = await startE2e({
      tmpPrefix: 'zhihui-e2e-analytics-',
      timeoutMs: 20_000,
      acceptDownloads: true,
      // the demo publishes the indicator snapshots of the last two full years
      seed: async (c) => {
        await new DemoService(c).load({ password: 'demo-password-1', entityCount: 60, patentLimit: 400 });
      },
    });
    ({ ctx, base, browser, page, pageErrors } = env);
  });

  after(() => stopE2e(env));

  test(
    'the dashboard shows the region, and filtering by a street changes the numbers',
    { timeout: STEP_MS },
    async () => {
      await login(page, base, 'admin', ADMIN_PASSWORD);
      await page
        .locator('.ant-layout-sider')
        .getByRole('menuitem', { name: /数据分析看板/ })
        .click();
      await page.waitForURL(/\/analytics$/);
      const region = await breakdown('street');
      assert.ok(region.total > 0, 'the demo district has rights');
      const total = page.getByTestId('dash-total');
      await until('the region total', async () =>
        (await total.innerText()).includes(region.total.toLocaleString('zh-CN')),
      );
      assert.match(await total.innerText(), /^全区申请量合计/);
      // without street outlines the map says so and the streets are compared as bars
      await page.getByTestId('map-no-streets').waitFor();
      await page.getByTestId('chart-streets').locator('canvas').first().waitFor();
      await page.getByTestId('chart-trend').locator('canvas').first().waitFor();
      await shot(page, '01-region');

      // the street with the most rights
      const top = region.rows[0]!;
      await page.getByTestId('dash-street').click();
      await page.locator('.ant-select-dropdown:visible').getByText(top.label!, { exact: true }).click();
      await page.waitForURL(new RegExp(`street=${top.key}`));
      const street = await breakdown('street', top.key!);
      assert.equal(street.total, top.value);
      assert.ok(street.total < region.total, 'a street has fewer rights than the district');
      await until('the street total', async () =>
        (await total.innerText()).startsWith(
          `${top.label}申请量合计 ${street.total.toLocaleString('zh-CN')}`,
        ),
      );
      await shot(page, '02-street');
    },
  );

  test('a chart exports its data as CSV and XLSX and its picture as PNG', { timeout: STEP_MS }, async () => {
    const streetCode = new URL(page.url()).searchParams.get('street')!;
    const expected = await breakdown('entity', streetCode);
    const card = page.getByTestId('chart-entities');
    await card.locator('canvas').first().waitFor();
    const exportAs = async (label: string) => {
      // the menu of the previous export must have closed (antd animates it out) before it opens again
      await page.mouse.move(0, 0);
      await until(
        'the export menu to close',
        async () => (await page.locator('.ant-dropdown:visible').count()) === 0,
      );
      await card.getByTestId('export-entities').click();
      const item = page.locator('.ant-dropdown:visible').getByText(label);
      await item.waitFor();
      const [d] = await Promise.all([page.waitForEvent('download', { timeout: 45_000 }), item.click()]);
      return d;
    };
    const csv = await exportAs('导出数据 CSV');
    assert.match(csv.suggestedFilename(), /^zhihui-entities-\d{8}-\d{4}\.csv$/);
    const rows = parseCsv((await fileOf(csv)).toString('utf8'));
    assert.deepEqual(rows[0], ['市场主体', '代码', '申请量']);
    assert.deepEqual(
      rows.slice(1),
      expected.rows.map((r) => [r.label, r.key, String(r.value)]),
    );

    const xlsx = await exportAs('导出数据 Excel');
    const wb = new ExcelJS.Workbook();
    const buf = await fileOf(xlsx);
    await wb.xlsx.load(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    assert.equal(ws.rowCount, expected.rows.length + 1);
    assert.equal(ws.getRow(2).getCell(1).value, expected.rows[0]!.label);
    assert.equal(ws.getRow(2).getCell(3).value, expected.rows[0]!.value);

    const png = await exportAs('导出图片 PNG');
    const bytes = await fileOf(png);
    assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.ok(bytes.length > 2000, 'a real picture, not an empty canvas');
  });

  test(
    'clicking a number opens the records behind it, linking to each right',
    { timeout: STEP_MS },
    async () => {
      const streetCode = new URL(page.url()).searchParams.get('street')!;
      const expected = await breakdown('street', streetCode);
      // the streets chart holds one bar (the filtered street): click its middle
      const canvas = page.getByTestId('chart-streets').locator('canvas').first();
      await canvas.scrollIntoViewIfNeeded();
      // the bar grows in with an animation
      await page.waitForTimeout(1200);
      const box = (await canvas.boundingBox())!;
      await page.mouse.click(box.x + box.width / 2, box.y + box.height - 60);
      const drawer = page.getByTestId('records-drawer');
      await drawer.waitFor();
      await until('the drawer count', async () =>
        (await drawer.innerText()).includes(`共 ${expected.total.toLocaleString('zh-CN')} 件`),
      );
      const firstLink = drawer.locator('a[href^="/assets/"]').first();
      await firstLink.waitFor();
      await shot(page, '03-drill');
      const href = (await firstLink.getAttribute('href'))!;
      await firstLink.click();
      await page.waitForURL(new RegExp(`${href}$`));
      assert.deepEqual(pageErrors, []);
    },
  );

  test(
    'an administrator uploads street outlines: refusals are listed, then the map becomes a choropleth',
    { timeout: STEP_MS },
    async () => {
      await page.goto(`${base}/analytics`);
      await page.getByTestId('map-no-streets').waitFor();
      const streets = await ctx.registry.streets(DEFAULT_REGION);
      // TEST FIXTURE: the real Xuhui bounding box cut into one strip per street — not street boundaries
      const xuhui = JSON.parse(
        fs.readFileSync(
          path.resolve(import.meta.dirname, '../../src/modules/analytics/geo/310104.geojson'),
          'utf8',
        ),
      );
      const pts: number[][] = xuhui.features[0].geometry.coordinates.flat(2);
      const [w, e] = [Math.min(...pts.map((p) => p[0]!)), Math.max(...pts.map((p) => p[0]!))];
      const [s, n] = [Math.min(...pts.map((p) => p[1]!)), Math.max(...pts.map((p) => p[1]!))];
      const h = (n - s) / streets.length;
      const strips = streets.map((st, i) => ({
        type: 'Feature',
        properties: { name: st.name },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [w, s + i * h],
              [e, s + i * h],
              [e, s + (i + 1) * h],
              [w, s + (i + 1) * h],
              [w, s + i * h],
            ],
          ],
        },
      }));
      const input = page.getByTestId('chart-map').locator('input[type=file]');
      const bad = {
        type: 'FeatureCollection',
        features: [...strips.slice(1), { ...strips[0]!, properties: { name: '外滩街道' } }],
      };
      await input.setInputFiles({
        name: 'bad.geojson',
        mimeType: 'application/geo+json',
        buffer: Buffer.from(JSON.stringify(bad)),
      });
      const modal = page.locator('.ant-modal:visible');
      await modal.waitFor();
      const refused = await modal.innerText();
      assert.ok(refused.includes(`features[${strips.length - 1}].properties.name`), refused);
      assert.ok(refused.includes('外滩街道'), refused);
      await modal.locator('.ant-modal-close').click();
      assert.equal((await ctx.dashboard.geo(DEFAULT_REGION)).zhihui.streetsLoaded, false, 'nothing stored');
      const good = { type: 'FeatureCollection', features: strips };
      await input.setInputFiles({
        name: 'strips.geojson',
        mimeType: 'application/geo+json',
        buffer: Buffer.from(JSON.stringify(good)),
      });
      await until('the choropleth', async () => (await page.getByTestId('map-no-streets').count()) === 0);
      assert.equal((await ctx.dashboard.geo(DEFAULT_REGION)).zhihui.streetsLoaded, true);
      await page.getByTestId('chart-map').locator('canvas').first().waitFor();
      await shot(page, '04-choropleth');
    },
  );

  test(
    'the public statistics page opens without login and offers the CSV',
    { timeout: STEP_MS },
    async () => {
      const anon = await browser.newContext({
        locale: 'zh-CN',
        viewport: { width: 1280, height: 900 },
        acceptDownloads: true,
      });
      try {
        const p = await anon.newPage();
        await p.goto(`${base}/public/stats`);
        await p.getByTestId('public-stats').waitFor();
        assert.ok(!p.url().includes('/login'));
        const published = await ctx.snapshots.publicIndicators(DEFAULT_REGION);
        const first = published[0]!.items.find((i) => i.value !== null)!;
        const cell = p.getByTestId(`pub-value-${first.id}`);
        await cell.waitFor();
        assert.match(
          await cell.innerText(),
          new RegExp(first.value!.toLocaleString('zh-CN').replace(/\./g, '\\.')),
        );
        assert.match(await p.getByTestId('pub-table').innerText(), new RegExp(first.nameZh));
        await shot(p, '04-public');
        const [d] = await Promise.all([p.waitForEvent('download'), p.getByTestId('pub-csv').click()]);
        const text = (await fileOf(d)).toString('utf8');
        assert.match(text.replace(/^\uFEFF/, ''), /^region,street,period,at,version/);
        assert.ok(text.includes(first.id));
      } finally {
        await anon.close();
      }
    },
  );
});
