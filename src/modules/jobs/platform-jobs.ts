import { DEFAULT_REGION, type AppContext } from '../../context.ts';
import { SYSTEM_ACTOR, type Actor } from '../audit/audit.service.ts';
import { dateIn, type JobDefinition } from './jobs.service.ts';

const SCHEDULER: Actor = { ...SYSTEM_ACTOR, name: 'scheduler' };
const REGION = (): string => process.env.ZHIHUI_REGION ?? DEFAULT_REGION;

/**
 * The platform's scheduled jobs (schedules in Asia/Shanghai). Started by `zhihui serve` only; `zhihui jobs run`
 * and the admin page run one on demand.
 */
export function platformJobs(ctx: AppContext): JobDefinition[] {
  return [
    {
      name: 'deadlines-recompute',
      cron: '0 2 * * *',
      title: { zh: '夜间期限重算', en: 'Nightly deadline recompute' },
      run: async (at) => (await ctx.lifecycle.recompute(undefined, dateIn(at))).assets,
    },
    {
      name: 'reminders',
      cron: '0 8 * * *',
      title: { zh: '每日期限提醒', en: 'Daily deadline reminders' },
      run: async (at) => {
        const r = await ctx.notifications.runReminders(dateIn(at));
        return r.notifications + r.emails;
      },
    },
    {
      name: 'saved-search-digest',
      cron: '30 7 * * *',
      title: { zh: '订阅检索每日摘要', en: 'Daily saved-search digest' },
      run: async (at) => (await ctx.search.sendDigests(at)).sent,
    },
    {
      name: 'indicator-snapshots',
      cron: '0 3 * * *',
      title: { zh: '期末指标快照', en: 'Period-end indicator snapshots' },
      // creates version 1 of the quarter that last ended, once: a no-op on the other days
      run: async (at) => ((await ctx.snapshots.snapshotDue(at, REGION(), SCHEDULER)) ? 1 : 0),
    },
    // Jobs of other modules are added here: a name, a cron expression (Asia/Shanghai) and the service call.
  ];
}
