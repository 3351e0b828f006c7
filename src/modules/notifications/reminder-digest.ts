import { daysBetween, type ReminderOccasion } from '../../domain/lifecycle/reminders.ts';

/** One right's deadline as a reminder shows it. */
export interface ReminderItem {
  assetId: number;
  assetKind: string;
  number: string | null;
  title: string | null;
  owners: string[];
  deadlineKind: string;
  period: number;
  dueDate: string;
  amount: number | null;
  reducedAmount: number | null;
  graceEnd: string | null;
  occasion: ReminderOccasion;
  /** the late fee if paid today (annual fees in their grace period) */
  lateFee: { percent: number; amount: number } | null;
}

const KIND_ZH: Record<string, string> = { patent: '专利', trademark: '商标', copyright: '著作权' };

const yuan = (n: number): string => `${Number.isInteger(n) ? n : n.toFixed(2)} 元`;

/** What is due: 第N年年费 / 商标续展 (第N期注册有效期届满). */
export function whatIsDue(i: Pick<ReminderItem, 'deadlineKind' | 'period'>): string {
  if (i.deadlineKind === 'annual_fee') return `第${i.period}年年费`;
  if (i.deadlineKind === 'trademark_renewal') return `商标续展（第${i.period}期注册有效期届满）`;
  return i.deadlineKind;
}

export function itemHeadline(i: ReminderItem): string {
  return `${KIND_ZH[i.assetKind] ?? i.assetKind} ${i.number ?? `#${i.assetId}`}${i.title ? `《${i.title}》` : ''}`;
}

/** The lines describing one item (without the headline), as in the e-mail and the in-app notification. */
export function itemLines(i: ReminderItem, today: string): string[] {
  const lines = [`事项：${whatIsDue(i)}`];
  if (i.owners.length) lines.push(`权利人：${i.owners.join('；')}`);
  const left = daysBetween(today, i.dueDate);
  const label = i.deadlineKind === 'trademark_renewal' ? '续展期限（有效期届满日）' : '缴费期限';
  lines.push(`${label}：${i.dueDate}${left >= 0 ? `（还有 ${left} 天）` : `（已逾期 ${-left} 天）`}`);
  if (i.amount !== null) {
    const reduced =
      i.reducedAmount !== null && i.reducedAmount !== i.amount ? `，费减后 ${yuan(i.reducedAmount)}` : '';
    lines.push(`应缴金额：全额 ${yuan(i.amount)}${reduced}`);
  }
  if (i.occasion.phase === 'grace' && i.graceEnd) {
    const what = i.deadlineKind === 'trademark_renewal' ? '宽展期' : '滞纳期';
    lines.push(`已进入${what}，最迟 ${i.graceEnd} 前办理，逾期权利终止`);
    if (i.lateFee) {
      const base = i.reducedAmount ?? i.amount ?? 0;
      lines.push(
        `今日缴纳需另付滞纳金 ${yuan(i.lateFee.amount)}（全额年费的 ${i.lateFee.percent}%），合计 ${yuan(base + i.lateFee.amount)}`,
      );
    }
  }
  return lines;
}

export function inAppText(i: ReminderItem, today: string): { title: string; body: string; link: string } {
  return {
    title: `${whatIsDue(i)}提醒：${itemHeadline(i)}`,
    body: itemLines(i, today).join('\n'),
    link: `/assets/${i.assetId}`,
  };
}

/** One e-mail digest for a user: every item due for them today, in Chinese, with links to the rights. */
export function emailDigest(
  recipient: string,
  items: ReminderItem[],
  today: string,
  publicUrl: string,
): { subject: string; text: string } {
  const base = publicUrl.replace(/\/+$/, '');
  const blocks = items.map((i, n) =>
    [`${n + 1}. ${itemHeadline(i)}`, ...itemLines(i, today), `查看：${base}/assets/${i.assetId}`]
      .map((l, k) => (k === 0 ? l : `   ${l}`))
      .join('\n'),
  );
  return {
    subject: `【知汇】知识产权期限提醒：${items.length} 项（${today}） / IP deadline reminder`,
    text: [
      `${recipient}，您好：`,
      '',
      `截至 ${today}，以下知识产权期限需要您关注：`,
      '',
      blocks.join('\n\n'),
      '',
      '金额依据国家知识产权局现行收费标准计算，以官方缴费通知为准。',
      '本邮件由知汇平台自动发送；提醒设置可在“市场主体”详情页修改。',
    ].join('\n'),
  };
}
