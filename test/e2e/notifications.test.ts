/**
 * End-to-end: the notification bell and page, reminder settings on the entity page, and the scheduled-jobs page,
 * in headless Chromium against the real server on a fresh embedded database (web/dist must be built).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { AppContext } from '../../src/context.ts';
import { SYSTEM_ACTOR } from '../../src/modules/audit/audit.service.ts';
import { ADMIN_PASSWORD, e2eSkip, login as loginAt, startE2e, stopE2e, type E2eEnv } from './browser.ts';

const PASSWORD = 'e2e-enterprise-pass-1';
const USCC = '91320621MA1MRHG205'; // shared/reference/vectors/uscc.tsv

describe(
  'notifications, reminder settings and jobs in the browser',
  { skip: e2eSkip('notifications') },
  () => {
    let env: E2eEnv | undefined;
    let ctx: AppContext;
    let base: string;
    let page: Page;
    let pageErrors: string[] = [];
    let entityId = 0;
    let assetId = 0;

    const login = (username: string, password: string) => loginAt(page, env!.base, username, password);

    before(async () => {
      env = await startE2e({ tmpPrefix: 'zhihui-e2e-n-', timeoutMs: 15_000, seed });
      ({ ctx, page, pageErrors } = env);
      base = `${env.base}/`;
    });

    after(() => stopE2e(env));

    /** An enterprise with a 1997 invention patent whose year-6 fee reminder is due, and its user. */
    async function seed(c: AppContext): Promise<void> {
      const e = await c.registry.createEntity(SYSTEM_ACTOR, {
        uscc: USCC,
        name: '上海示例有限公司',
        kind: 'enterprise',
      });
      entityId = e.id;
      // domain-rules §3.4: filed 1997-06-03, grant announced 2001-08-01; the year-6 fee (1200 yuan) is due 2002-06-03
      const a = await c.registry.createAsset(
        SYSTEM_ACTOR,
        { canReadPrivate: true, canWriteAll: true, canWriteOwn: true },
        {
          kind: 'patent',
          office: 'CN',
          applicationNumber: '97101765.4',
          filingDate: '1997-06-03',
          grantDate: '2001-08-01',
          title: '审查指南示例',
          applicants: [{ name: '上海示例有限公司', uscc: USCC }],
        },
      );
      assetId = a.id;
      await c.auth.createUser(SYSTEM_ACTOR, {
        username: 'ent',
        password: PASSWORD,
        displayName: '示例企业用户',
        role: 'enterprise',
        entityId,
      });
      await c.lifecycle.recompute(undefined, '2002-03-05');
      await c.notifications.runReminders('2002-03-05');
    }

    test('the bell counts the unread reminder; following it opens the right and clears the count', async () => {
      await login('ent', PASSWORD);
      const bell = page.getByTestId('notification-bell');
      await page.locator('.ant-badge').filter({ has: bell }).getByText('1').waitFor();
      await bell.click();
      await page.waitForURL(/\/notifications$/);
      const list = page.getByTestId('notifications-list');
      await list.getByText('第6年年费提醒：专利 97101765.4《审查指南示例》').waitFor();
      assert.ok((await list.innerText()).includes('应缴金额：全额 1200 元'));
      await list.getByRole('button', { name: /查\s*看/ }).click();
      await page.waitForURL(new RegExp(`/assets/${assetId}$`));
      await page.goto(`${base}notifications`);
      await page.getByTestId('notifications-list').getByText('已读').waitFor();
      assert.equal(
        await page.locator('.ant-badge').filter({ has: bell }).locator('.ant-badge-count').count(),
        0,
      );
    });

    test('an enterprise user edits its own reminder settings; tracking is for the bureau; bad lead times are refused as typed', async () => {
      await page.goto(`${base}entities/${entityId}`);
      const card = page.getByTestId('reminder-settings');
      await card.waitFor();
      assert.equal(await card.locator('#tracked').isDisabled(), true);
      await card.locator('#leadDays').fill('400');
      await card.locator('#leadDays').press('Enter');
      await card.getByText('请输入 1–365 之间的整数，不可重复').waitFor();
      await card
        .locator('.ant-select-selection-item')
        .filter({ hasText: '400' })
        .locator('.ant-select-selection-item-remove')
        .click();
      // the stored settings (weekly in grace: on) must have loaded before the switch is turned off
      await card.locator('#graceWeekly[aria-checked="true"]').waitFor();
      await card.locator('#graceWeekly').click();
      await card.locator('#graceWeekly[aria-checked="false"]').waitFor();
      await card.getByRole('button', { name: /保\s*存/ }).click();
      await page.getByText('提醒设置已保存').waitFor();
      const saved = await ctx.notifications.getSettings(
        SYSTEM_ACTOR,
        { canReadPrivate: true, canWriteAll: true, canWriteOwn: true },
        entityId,
      );
      assert.deepEqual([saved.leadDays, saved.graceWeekly, saved.tracked], [[90, 30, 7], false, false]);
    });

    test('系统管理 → 定时任务: the jobs with their schedules, and run now', async () => {
      await login('admin', ADMIN_PASSWORD);
      await page.goto(`${base}jobs`);
      const table = page.getByTestId('jobs-table');
      await table.getByText('每日期限提醒').waitFor();
      for (const cron of ['0 2 * * *', '0 8 * * *']) await table.getByText(cron, { exact: true }).waitFor();
      await page.getByTestId('run-deadlines-recompute').click();
      await page.getByText(/夜间期限重算 运行完成：成功/).waitFor();
      const runs = await ctx.jobs.runs('deadlines-recompute', 5);
      assert.deepEqual(
        runs.items.map((r) => [r.trigger, r.status]),
        [['manual', 'done']],
      );
      assert.deepEqual(pageErrors, []);
    });
  },
);
