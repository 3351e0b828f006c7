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
};
