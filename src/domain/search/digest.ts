/**
 * The daily saved-search digest e-mail: what it says, from the new records of each subscribed search (pure;
 * the search service finds the records and sends the mail).
 */

export interface DigestRecord {
  /** application, publication or registration number as written */
  number: string;
  title: string;
  applicants: string[];
}

export interface DigestSection {
  name: string;
  query: string;
  /** records that entered the index since the previous digest (or since subscribing) */
  newCount: number;
  /** the first of them, newest first */
  records: DigestRecord[];
}

/** The day of an instant in China Standard Time (UTC+8, no daylight saving), `YYYY-MM-DD`: one digest per day. */
export function chinaDay(now: Date): string {
  return new Date(now.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

function sectionText(s: DigestSection): string[] {
  const lines = [`【${s.name}】 ${s.query || '（全部记录 all records）'}`];
  if (s.newCount === 0) {
    lines.push('  无新记录 / no new records');
    return lines;
  }
  lines.push(`  新记录 ${s.newCount} 条 / ${s.newCount} new`);
  s.records.forEach((r, i) => {
    const who = r.applicants.length ? `  —  ${r.applicants.join('；')}` : '';
    lines.push(`  ${i + 1}. ${r.number}  ${r.title}${who}`);
  });
  const more = s.newCount - s.records.length;
  if (more > 0) lines.push(`  … 另有 ${more} 条，请登录查看 / ${more} more: open the search to see them`);
  return lines;
}

/** Subject and plain-text body of one user's digest. */
export function digestMail(
  userName: string,
  day: string,
  sections: readonly DigestSection[],
): { subject: string; text: string } {
  const total = sections.reduce((n, s) => n + s.newCount, 0);
  const text = [
    `${userName}，您好：`,
    '',
    `您订阅的检索有 ${total} 条新记录（${day}）。 Your saved searches have ${total} new records (${day}).`,
    '',
    ...sections.flatMap((s) => [...sectionText(s), '']),
    '— 知汇 知识产权大数据公共服务平台（退订：在“我的检索”中取消订阅 / unsubscribe under Saved searches）',
  ].join('\n');
  return { subject: `知汇检索订阅：${total} 条新记录 (${day})`, text };
}
