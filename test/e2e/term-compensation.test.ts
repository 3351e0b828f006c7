/**
 * End-to-end: 专利权期限补偿 entered by hand. The asset form shows the field for inventions only and checks it
 * as the user types with the record rule the server runs; the saved right's page shows the days next to the
 * compensated expiry.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import {
  ADMIN_PASSWORD,
  e2eSkip,
  login,
  screenshot,
  startE2e,
  stopE2e,
  until,
  type E2eEnv,
} from './browser.ts';

const STEP_MS = 30_000;

describe('term compensation in the web UI', { skip: e2eSkip('term-compensation') }, () => {
  let env: E2eEnv | undefined;
  let base: string;
  let page: Page;
  let pageErrors: string[] = [];

  const formItem = (inputId: string): Locator =>
    page.locator('.ant-form-item').filter({ has: page.locator(`#${inputId}`) });
  const fieldError = (inputId: string): Locator => formItem(inputId).locator('.ant-form-item-explain-error');
  const fillDate = async (id: string, date: string) => {
    await page.locator(`#${id}`).click();
    await page.locator(`#${id}`).fill(date);
    await page.locator(`#${id}`).press('Enter');
  };

  before(async () => {
    env = await startE2e({ tmpPrefix: 'zhihui-e2e-tc-', timeoutMs: 15_000 });
    ({ base, page, pageErrors } = env);
    await login(page, base, 'admin', ADMIN_PASSWORD);
  });

  after(() => stopE2e(env));

  test(
    'the form refuses days before a 2021-06-01 grant as typed, saves 120 days, and the page shows the expiry 2039-07-12',
    { timeout: STEP_MS },
    async () => {
      await page.goto(`${base}/assets/new`);
      await page.locator('#asset_applicationNumber').fill('201920123456.5');
      // a utility model: no term-compensation field
      await page.locator('#asset_filingDate').waitFor();
      assert.equal(await page.locator('#asset_termCompensationDays').count(), 0);

      await page.locator('#asset_applicationNumber').fill('201910123456.X');
      await page.locator('#asset_termCompensationDays').waitFor();
      await fillDate('asset_filingDate', '2019-03-15');
      await fillDate('asset_grantDate', '2021-05-31');
      await page.locator('#asset_termCompensationDays').fill('120');
      await fieldError('asset_termCompensationDays')
        .filter({ hasText: 'term compensation applies to grants announced on or after 2021-06-01' })
        .waitFor();
      await page.locator('#asset_termCompensationDays').fill('0');
      await fieldError('asset_termCompensationDays')
        .filter({ hasText: 'must be a whole number of days above 0' })
        .waitFor();
      await screenshot(page, 'tc-01-refused-as-typed');

      await fillDate('asset_grantDate', '2023-08-01');
      await page.locator('#asset_termCompensationDays').fill('120');
      await page.locator('#asset_title').fill('一种期限补偿测试发明');
      await page.locator('#asset_applicants_0_name').fill('上海徐汇示例科技有限公司');
      await until(
        'the days error to clear',
        async () => (await fieldError('asset_termCompensationDays').count()) === 0,
      );
      await page.getByRole('button', { name: /保\s*存/ }).click();
      await page.waitForURL(/\/assets\/\d+$/);
      await page.getByRole('heading', { name: '一种期限补偿测试发明' }).waitFor();
      await page.getByText('2039-07-12（含期限补偿 120 天）').waitFor();
      await screenshot(page, 'tc-02-detail');
      // the days with their label, next to the expiry
      await page.getByText('期限补偿天数', { exact: true }).waitFor();
      await page.getByText('120 天', { exact: true }).waitFor();
      // the deadlines card says the term runs 120 days past 2039-03-14 and that fee is unknown
      const card = page.getByTestId('deadlines-term-compensation');
      await card.waitFor();
      await screenshot(page, 'tc-03-deadlines-card');
      assert.match(
        await card.innerText(),
        /专利权期限补偿：保护期延长 120 天（2039-03-15 至 2039-07-12）[\s\S]*年费金额未知/,
      );
      assert.deepEqual(pageErrors, []);
    },
  );
});
