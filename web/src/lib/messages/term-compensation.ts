/** UI strings of 专利权期限补偿 (term compensation), merged into the tables of ../i18n.ts. Every key in both languages. */
export const zh = {
  'termComp.days': '期限补偿天数',
  'termComp.days.extra':
    '国家知识产权局决定给予的专利权期限补偿天数（仅 2021-06-01 及以后授权公告的发明专利）',
  'termComp.kind': '补偿类型',
  'termComp.kind.examination_delay': '审查延迟补偿',
  'termComp.kind.new_drug': '新药相关补偿（最长 5 年）',
  'termComp.expiryWith': '{expiry}（含期限补偿 {days} 天）',
  'termComp.detail': '{days} 天',
  'termComp.feeUnknown': '补偿期内的年费标准未收录于参考资料（仅列第 1–20 年），平台不计算该期年费',
};

export const en: Record<keyof typeof zh, string> = {
  'termComp.days': 'Term compensation (days)',
  'termComp.days.extra':
    'Days of patent term compensation decided by CNIPA (invention patents granted on or after 2021-06-01 only)',
  'termComp.kind': 'Compensation kind',
  'termComp.kind.examination_delay': 'Examination delay',
  'termComp.kind.new_drug': 'New drug (at most 5 years)',
  'termComp.expiryWith': '{expiry} (incl. {days} days of term compensation)',
  'termComp.detail': '{days} days',
  'termComp.feeUnknown':
    'Annual fees for the compensated days are not in the reference sources (years 1–20 only): not computed',
};
