/** UI strings of the lifecycle portfolio views, merged into the tables of ../i18n.ts. Every key in both languages. */
export const zh = {
  'portfolio.calendar.title': '期限日历',
  'portfolio.calendar.hint':
    '按规则计算的年费缴纳截止日与商标续展期届满日（宽限期内的年费显示在原截止日）；点击条目查看该知识产权',
  'portfolio.calendar.month': '本月 {n} 项期限',
  'portfolio.calendar.monthNone': '本月没有期限',
  'portfolio.calendar.more': '另有 {n} 项',
  'portfolio.calendar.yearCell': '{n} 项',
  'portfolio.calendar.fee': '第{n}年年费',
  'portfolio.calendar.renewal': '第{n}期续展',
  'lifecycle.termComp.extended': '专利权期限补偿：保护期延长 {days} 天（{from} 至 {to}）',
  'lifecycle.termComp.feeUnknown':
    '补偿期内的年费金额未知：参考资料仅列第 1–20 年的年费标准，平台不计算该期年费，请向国家知识产权局确认',
  'lifecycle.termComp.basis': '依据：{basis}',
};

export const en: Record<keyof typeof zh, string> = {
  'portfolio.calendar.title': 'Deadline calendar',
  'portfolio.calendar.hint':
    'Annual-fee due dates and trademark term expiries as the rules compute them (a fee in its grace period stays on its original due date); click an entry to open the right',
  'portfolio.calendar.month': '{n} deadlines this month',
  'portfolio.calendar.monthNone': 'No deadlines this month',
  'portfolio.calendar.more': '{n} more',
  'portfolio.calendar.yearCell': '{n}',
  'portfolio.calendar.fee': 'Year {n} fee',
  'portfolio.calendar.renewal': 'Term {n} renewal',
  'lifecycle.termComp.extended':
    'Patent term compensation: the term is extended by {days} days ({from} to {to})',
  'lifecycle.termComp.feeUnknown':
    'The annual fee for the compensated period is unknown: the reference sources list the fees of patent years 1–20 only, so it is not computed; ask CNIPA for the amount',
  'lifecycle.termComp.basis': 'Basis: {basis}',
};
