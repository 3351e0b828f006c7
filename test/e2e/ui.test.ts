/**
 * End-to-end: the built web app (web/dist) in headless Chromium against the real server, in process, on a
 * fresh embedded database. `npm test` builds the web app first; this file builds nothing.
 *
 * Set ZHIHUI_E2E_SHOTS=<dir> to keep a screenshot of each step.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { checkUscc } from '../../src/domain/ids/uscc.ts';
import { ADMIN_PASSWORD, e2eSkip, screenshot, startE2e, stopE2e, until, type E2eEnv } from './browser.ts';

const REPO = path.resolve(import.meta.dirname, '../..');
const SAMPLE = path.resolve(REPO, '../shared/datasets/uspto-grant-xml/ipa130117.one.xml');
const STEP_MS = 30_000;

/** A valid USCC (shared/reference/vectors/uscc.tsv) and the same code with a wrong check character. */
const GOOD_USCC = '91320621MA1MRHG205';
const BAD_USCC = '91320621MA1MRHG204';

describe('web UI end to end', { skip: e2eSkip('UI') }, () => {
  let env: E2eEnv | undefined;
  let base: string;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[] = [];

  const shot = (name: string) => screenshot(page, name);
  /** The antd form item that holds the input with this id, and its error line(s). */
  const formItem = (inputId: string): Locator =>
    page.locator('.ant-form-item').filter({ has: page.locator(`#${inputId}`) });
  const fieldError = (inputId: string): Locator => formItem(inputId).locator('.ant-form-item-explain-error');

  before(async () => {
    env = await startE2e({ tmpPrefix: 'zhihui-e2e-', timeoutMs: 15_000 });
    ({ base, browser, page, pageErrors } = env);
  });

  after(() => stopE2e(env));

  test(
    'login: a wrong password shows the server’s reason, the right one opens the home page',
    { timeout: STEP_MS },
    async () => {
      await page.goto(`${base}/entities`);
      await page.waitForURL(/\/login$/);
      await page.locator('#login_username').fill('admin');
      await page.locator('#login_password').fill('not-the-password');
      await page.getByRole('button', { name: /登\s*录/ }).click();
      const error = page.getByTestId('login-error');
      await error.waitFor();
      assert.match(await error.innerText(), /登录失败[\s\S]*wrong user name or password/);
      await shot('01-login-refused');

      await page.locator('#login_password').fill(ADMIN_PASSWORD);
      await page.getByRole('button', { name: /登\s*录/ }).click();
      // back where the user wanted to go, inside the shell
      await page.waitForURL(/\/entities$/);
      await page.getByTestId('app-title').waitFor();
      assert.equal(
        await page.getByTestId('app-title').innerText(),
        '知汇 · 徐汇区知识产权大数据公共服务平台',
      );
      await page.goto(`${base}/`);
      await page.getByTestId('home-welcome').waitFor();
      assert.match(await page.getByTestId('home-welcome').innerText(), /您好，系统管理员/);
      assert.match(
        await page.locator('.ant-layout-sider').innerText(),
        /市场主体[\s\S]*知识产权[\s\S]*数据导入[\s\S]*用户管理/,
      );
      await shot('02-home');
    },
  );

  test(
    'entity hand entry: a wrong USCC check character is explained as you type and refused; a valid one is saved and listed',
    { timeout: STEP_MS },
    async () => {
      await page.goto(`${base}/entities/new`);
      await page.locator('#entity_name').fill('昆山测试电子科技有限公司');
      await page.locator('#entity_uscc').pressSequentially(BAD_USCC, { delay: 5 });
      const expected = checkUscc(BAD_USCC);
      assert.equal(expected.ok, false);
      const reason = expected.ok ? '' : expected.reason;
      assert.equal(reason, "check character is '5' but '4' was given");
      // shown under the field before any save, with the domain's exact words
      await fieldError('entity_uscc').filter({ hasText: reason }).waitFor();
      await shot('03-entity-bad-uscc');

      let posted = 0;
      const count = (r: { url(): string; method(): string }) => {
        if (r.method() === 'POST' && r.url().endsWith('/api/v1/entities')) posted++;
      };
      page.on('request', count);
      await page.getByRole('button', { name: /保\s*存/ }).click();
      await page.locator('.ant-message').filter({ hasText: '表单中有错误' }).waitFor();
      assert.equal(new URL(page.url()).pathname, '/entities/new', 'still on the form');
      await until('only the check-character reason under the USCC', async () => {
        const texts = await fieldError('entity_uscc').allInnerTexts();
        return texts.length === 1 && texts[0] === reason;
      });
      assert.equal(posted, 0, 'the browser did not send an invalid entity');
      page.off('request', count);
      const none = (await (await page.request.get(`${base}/api/v1/entities?q=${BAD_USCC}`)).json()) as {
        total: number;
      };
      assert.equal(none.total, 0);

      await page.locator('#entity_uscc').fill(GOOD_USCC);
      await page.getByTestId('uscc-ok').waitFor();
      await until(
        'the USCC error to go once the code is valid',
        async () => (await fieldError('entity_uscc').count()) === 0,
      );
      await page.getByRole('button', { name: /保\s*存/ }).click();
      await page.waitForURL(/\/entities\/\d+$/);
      await page.getByRole('heading', { name: '昆山测试电子科技有限公司' }).waitFor();
      await shot('04-entity-detail');

      await page.goto(`${base}/entities`);
      await page.getByPlaceholder('名称、曾用名或统一社会信用代码').fill(GOOD_USCC);
      await page.getByPlaceholder('名称、曾用名或统一社会信用代码').press('Enter');
      await page.waitForURL(new RegExp(`q=${GOOD_USCC}`));
      const row = page.locator('.ant-table-row').filter({ hasText: GOOD_USCC });
      await row.waitFor();
      assert.match(await row.innerText(), /昆山测试电子科技有限公司[\s\S]*企业/);
      assert.equal(await page.locator('.ant-table-row').count(), 1);
      assert.match(await page.getByTestId('list-count').innerText(), /已加载 1 \/ 共 1 条/);
      await shot('05-entity-list');
    },
  );

  test(
    'the server’s field errors land on their fields (a duplicate USCC)',
    { timeout: STEP_MS },
    async () => {
      await page.goto(`${base}/entities/new`);
      await page.locator('#entity_name').fill('另一家公司');
      await page.locator('#entity_uscc').fill(GOOD_USCC);
      await page.getByTestId('uscc-ok').waitFor();
      await page.getByRole('button', { name: /保\s*存/ }).click();
      await fieldError('entity_uscc')
        .filter({ hasText: /already registered as entity \d+ 昆山测试电子科技有限公司/ })
        .waitFor();
      await page.getByTestId('form-problem').waitFor();
      assert.equal(new URL(page.url()).pathname, '/entities/new');
    },
  );

  test(
    'import page: a real USPTO file shows progress and 2 inserted, the same file again 2 unchanged',
    { timeout: STEP_MS },
    async () => {
      assert.ok(fs.existsSync(SAMPLE), `sample file ${SAMPLE} is missing`);
      await page.goto(`${base}/imports`);
      await page.getByText('导入模板下载').waitFor();
      await page.locator('input[type=file]').setInputFiles(SAMPLE);
      await page.getByTestId('import-progress').waitFor();
      await page.getByTestId('import-done').waitFor();
      const stat = (k: string) => page.getByTestId(`import-${k}`).locator('.ant-statistic-content-value');
      assert.equal(await stat('inserted').innerText(), '2');
      assert.equal(await stat('unchanged').innerText(), '0');
      assert.equal(await stat('rejected').innerText(), '0');
      assert.match(await page.getByTestId('import-progress').innerText(), /ipa130117\.one\.xml[\s\S]*已完成/);
      assert.equal(
        await page.getByTestId('import-progress').locator('.ant-progress-status-success').count(),
        1,
      );
      await page.getByTestId('import-rejects').getByText('没有被拒收的记录').waitFor();
      await shot('06-import-first');

      await page.locator('input[type=file]').setInputFiles(SAMPLE);
      await page.getByTestId('import-done').filter({ hasText: '未变化 2' }).waitFor();
      assert.equal(await stat('inserted').innerText(), '0');
      assert.equal(await stat('unchanged').innerText(), '2');
      // both runs are in the history
      const history = page.locator('.ant-table-row').filter({ hasText: 'ipa130117.one.xml' });
      await history.nth(1).waitFor();
      assert.equal(await history.count(), 2);
      await shot('07-import-again');

      // the imported rights are in the asset list
      await page.goto(`${base}/assets`);
      await page.getByText('共 2 条', { exact: true }).waitFor();
    },
  );

  test('the English switch translates the shell and is remembered', { timeout: STEP_MS }, async () => {
    await page.goto(`${base}/`);
    await page.getByTestId('lang-switch').click();
    await page.locator('.ant-layout-sider').getByText('Market entities').waitFor();
    await page.reload();
    await page.getByTestId('app-title').filter({ hasText: 'Zhihui · Xuhui District' }).waitFor();
    await shot('08-english');
    await page.getByTestId('lang-switch').click();
    await page.locator('.ant-layout-sider').getByText('市场主体').waitFor();
  });

  test(
    'deadlines: a granted patent shows its annual fees; a late payment short of the late fee is refused on the field, the full one marks the year paid',
    { timeout: STEP_MS },
    async () => {
      // domain-rules §3.4 guideline example: filed 1997-06-03, grant announced 2001-08-01 → year 6 due 2002-06-03
      const res = await page.request.post(`${base}/api/v1/assets`, {
        data: {
          kind: 'patent',
          applicationNumber: '97101765.4',
          filingDate: '1997-06-03',
          grantDate: '2001-08-01',
          title: '审查指南示例',
          applicants: [{ name: '上海示例有限公司' }],
        },
      });
      assert.equal(res.status(), 201, await res.text());
      const { id } = (await res.json()) as { id: number };

      await page.goto(`${base}/assets/${id}`);
      await page.getByRole('heading', { name: '审查指南示例' }).waitFor();
      const year6 = page.getByTestId('deadlines-card').locator('tr[data-row-key="6"]');
      await year6.waitFor();
      assert.match(await year6.innerText(), /第 6 年[\s\S]*2002-06-03[\s\S]*¥1,200[\s\S]*2002-12-03/);
      assert.doesNotMatch(await year6.innerText(), /已缴/);
      await shot('09-asset-deadlines');

      await page.getByTestId('record-payment').click();
      const modal = page.locator('.ant-modal').filter({ hasText: '登记年费缴纳' });
      await modal.waitFor();
      // the next unpaid year is preselected
      await modal.getByText('第 6 年 · 截止 2002-06-03', { exact: false }).waitFor();
      await page.locator('#payment_paidOn').click();
      await page.locator('#payment_paidOn').fill('2002-08-10');
      await page.locator('#payment_paidOn').press('Enter');
      // paid 2002-08-10: more than 2 months after 2002-06-03, at most 3 → 10 % of the full 1200
      await page
        .getByTestId('payment-owed')
        .filter({ hasText: '应缴 ¥1,320 = 年费 ¥1,200 + 滞纳金 ¥120（10%）' })
        .waitFor();

      await page.locator('#payment_amount').fill('1200');
      await modal.getByRole('button', { name: /保\s*存/ }).click();
      await fieldError('payment_amount').filter({ hasText: 'paid 1200, required 1320' }).waitFor();
      await shot('10-payment-underpaid');

      await page.locator('#payment_amount').fill('1320');
      await modal.getByRole('button', { name: /保\s*存/ }).click();
      await until('the modal to close', async () => !(await modal.isVisible()));
      await until('year 6 to be paid', async () => /已缴/.test(await year6.innerText()));
      assert.match(await year6.innerText(), /2002-08-10 · ¥1,320/);
      await shot('11-payment-recorded');
    },
  );

  test(
    'search: a word finds exactly its patent with the word highlighted, the IPC facet narrows the query, a broken query shows where',
    { timeout: STEP_MS },
    async () => {
      for (const data of [
        {
          kind: 'patent',
          applicationNumber: '201710601862.3',
          title: '一种锂离子电池负极材料',
          ipc: ['H01M4/36'],
          applicants: [{ name: '上海检索测试有限公司' }],
        },
        {
          kind: 'patent',
          applicationNumber: '202010933716.2',
          title: '芯片封装结构',
          ipc: ['H01L23/31'],
          applicants: [{ name: '上海检索测试有限公司' }],
        },
      ]) {
        const res = await page.request.post(`${base}/api/v1/assets`, { data });
        assert.equal(res.status(), 201, await res.text());
      }

      await page.goto(`${base}/`);
      await page.locator('.ant-layout-sider').getByRole('link', { name: '检索', exact: true }).click();
      await page.waitForURL(/\/search$/);
      await page.getByTestId('search-start').waitFor();
      const input = page.getByTestId('search-input');
      await input.fill('电池');
      await input.press('Enter');
      await page.waitForURL((u) => u.pathname === '/search' && u.searchParams.get('q') === '电池');
      await page.getByTestId('search-total').filter({ hasText: '共找到 1 条' }).waitFor();
      const hits = page.getByTestId('search-hit');
      assert.equal(await hits.count(), 1);
      assert.match(
        await hits.first().innerText(),
        /一种锂离子电池负极材料[\s\S]*201710601862\.3[\s\S]*上海检索测试有限公司/,
      );
      assert.deepEqual(await hits.first().locator('mark').allInnerTexts(), ['电池']);
      await shot('12-search-hit');

      // the drawer shows the bibliographic data and links to the full record
      await hits.first().getByTestId('search-hit-title').click();
      const drawer = page.locator('.ant-drawer-content');
      await drawer.getByText('H01M4/36').waitFor();
      assert.match(await drawer.innerText(), /201710601862\.3[\s\S]*上海检索测试有限公司/);
      await drawer.locator('.ant-drawer-close').click();
      await until('the drawer to close', async () => !(await drawer.isVisible()));

      // IPC section H with its count; clicking it narrows the query to ipc:H* and drills down to classes
      const sectionH = page.getByTestId('facet-ipcSection-H');
      assert.match(await sectionH.innerText(), /^H\s*1$/);
      await sectionH.click();
      await page.waitForURL((u) => u.searchParams.get('q') === '电池 ipc:H*');
      // the box follows the URL on the next render
      await until(
        'the query box to show the narrowed query',
        async () => (await input.inputValue()) === '电池 ipc:H*',
      );
      await page.getByTestId('active-terms').getByText('ipc:H*').waitFor();
      await page.getByTestId('facet-ipcClass-H01').waitFor();
      assert.match(await page.getByTestId('facet-ipcClass-H01').innerText(), /^H01\s*1$/);
      await page.getByTestId('search-total').filter({ hasText: '共找到 1 条' }).waitFor();
      await shot('13-search-ipc-facet');

      // a query that does not parse: the server's reason, and the caret under position 7 (the '(')
      await input.fill('电池 AND (');
      await input.press('Enter');
      const error = page.getByTestId('query-error');
      await error.waitFor();
      assert.match(await error.innerText(), /检索式有误（第 8 个字符处）[\s\S]*unbalanced parenthesis/);
      assert.match(await page.getByTestId('query-error-caret').innerText(), /^电池 AND \(/);
      assert.match(await page.getByTestId('query-error-at').innerText(), /^\(/);
      assert.equal(await page.getByTestId('search-hit').count(), 0);
      await shot('14-search-parse-error');

      // the whole result set as CSV from the server; the search saved under a name shows under 我的检索
      await input.fill('电池');
      await input.press('Enter');
      await page.getByTestId('search-total').filter({ hasText: '共找到 1 条' }).waitFor();
      const href = await page.getByTestId('export-csv').getAttribute('href');
      const exportUrl = new URL(href ?? '', base);
      assert.deepEqual(
        [exportUrl.pathname, exportUrl.searchParams.get('q'), exportUrl.searchParams.get('format')],
        ['/api/v1/search/export', '电池', 'csv'],
      );
      const csv = await page.request.get(exportUrl.toString());
      assert.equal(csv.headers()['x-export-rows'], '1');
      assert.match(await csv.text(), /201710601862\.3/);
      await page.getByTestId('save-search').click();
      const saveModal = page.locator('.ant-modal-content').filter({ hasText: '保存当前检索' });
      await page.getByTestId('save-search-name').fill('电池专利');
      await saveModal.getByRole('button', { name: /保\s*存/ }).click();
      await until('the save modal to close', async () => !(await saveModal.isVisible()));
      await page.locator('.ant-layout-sider').getByRole('link', { name: '我的检索' }).click();
      await page.waitForURL(/\/saved-searches$/);
      await page.getByTestId('saved-table').getByText('电池专利').waitFor();
      await shot('15-saved-searches');

      // the public search page: no login, the same public right, nothing to save
      const anon = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
      try {
        const pub = await anon.newPage();
        pub.on('pageerror', (e) => pageErrors.push(e.message));
        await pub.goto(`${base}/public/search?q=${encodeURIComponent('电池')}`);
        await pub.getByTestId('search-total').filter({ hasText: '共找到 1 条' }).waitFor();
        assert.match(await pub.getByTestId('search-hit').first().innerText(), /一种锂离子电池负极材料/);
        assert.equal(await pub.getByTestId('save-search').count(), 0);
      } finally {
        await anon.close();
      }
    },
  );

  test('no uncaught errors in the page', () => {
    assert.deepEqual(pageErrors, []);
  });
});
