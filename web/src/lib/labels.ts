/**
 * UI code lists with Chinese and English labels. Entity kinds, flags, statuses and roles are imported
 * straight from src/domain (the same tables the server serves at /api/v1/enums).
 */
export type Label = { zh: string; en: string };

export const ASSET_KINDS = ['patent', 'trademark', 'copyright'] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];

export const ASSET_KIND_LABELS: Record<AssetKind, Label> = {
  patent: { zh: '专利', en: 'Patent' },
  trademark: { zh: '商标', en: 'Trademark' },
  copyright: { zh: '著作权', en: 'Copyright' },
};

export const SUB_TYPE_LABELS: Record<string, Label> = {
  invention: { zh: '发明', en: 'Invention' },
  utility_model: { zh: '实用新型', en: 'Utility model' },
  design: { zh: '外观设计', en: 'Design' },
  plant: { zh: '植物专利', en: 'Plant patent' },
  trademark: { zh: '商标', en: 'Trademark' },
  software: { zh: '软件著作权', en: 'Software copyright' },
  work: { zh: '作品著作权', en: 'Work copyright' },
};

/** Sub-types that belong to each kind (for the dependent filter). */
export const SUB_TYPES_OF: Record<AssetKind, string[]> = {
  patent: ['invention', 'utility_model', 'design'],
  trademark: ['trademark'],
  copyright: ['software', 'work'],
};

/** CNIPA legal-event codes (domain-rules §10.1) and the platform's own codes. */
export const EVENT_LABELS: Record<string, Label> = {
  PUB: { zh: '公开', en: 'Published' },
  PB01: { zh: '公布', en: 'Published' },
  SE01: { zh: '实质审查的生效', en: 'Substantive examination' },
  GRANT: { zh: '授权', en: 'Granted' },
  GR01: { zh: '专利权授予', en: 'Granted' },
  REG: { zh: '登记', en: 'Registered' },
  TM_REG: { zh: '商标注册', en: 'Trademark registered' },
  TM_RENEW: { zh: '商标续展', en: 'Trademark renewed' },
  TM_CANCEL: { zh: '商标注销', en: 'Trademark cancelled' },
  TM_INVALID: { zh: '商标无效', en: 'Trademark invalidated' },
  TM_REVOKE: { zh: '商标撤销', en: 'Trademark revoked' },
  AV01: { zh: '专利权的主动放弃', en: 'Surrendered' },
  CB03: { zh: '著录事项变更', en: 'Bibliographic change' },
  CF01: { zh: '未缴年费专利权终止', en: 'Lapsed (fees unpaid)' },
  CX01: { zh: '专利权有效期届满', en: 'Term expired' },
  CP01: { zh: '专利权人的姓名或者名称的变更', en: 'Owner name changed' },
  CP02: { zh: '专利权人的地址的变更', en: 'Owner address changed' },
  CP03: { zh: '专利权人的姓名或者名称、地址的变更', en: 'Owner name and address changed' },
  DD01: { zh: '文件的公告送达', en: 'Service by publication' },
  EE01: { zh: '专利实施许可合同备案的生效', en: 'Licence recorded' },
  EM01: { zh: '专利实施许可合同备案的变更', en: 'Licence record changed' },
  EC01: { zh: '专利实施许可合同备案的注销', en: 'Licence record cancelled' },
  IW01: { zh: '专利权全部无效', en: 'Invalidated' },
  IP01: { zh: '无效公告（部分无效）', en: 'Partly invalidated' },
  PE01: { zh: '专利权质押合同登记的生效', en: 'Pledge registered' },
  PM01: { zh: '专利权质押合同登记的变更', en: 'Pledge changed' },
  PC01: { zh: '专利权质押合同登记的注销', en: 'Pledge released' },
  PP01: { zh: '专利权的保全', en: 'Preservation' },
  PD01: { zh: '专利权保全的解除', en: 'Preservation lifted' },
  RR01: { zh: '权利的恢复', en: 'Restored' },
  TR01: { zh: '专利权的转移', en: 'Transferred' },
  RJ01: { zh: '驳回', en: 'Rejected' },
  WD01: { zh: '视为撤回', en: 'Deemed withdrawn' },
  WW01: { zh: '撤回', en: 'Withdrawn' },
};

export const STATUS_COLORS: Record<string, string> = {
  pending: 'processing',
  in_force: 'success',
  in_grace: 'warning',
  terminated: 'warning',
  abandoned: 'default',
  invalid: 'error',
  expired: 'default',
};

/** Codes offered first when recording a legal event by hand (any other code may be typed). */
export const COMMON_EVENT_CODES = [
  'CF01',
  'RR01',
  'CX01',
  'AV01',
  'IW01',
  'PE01',
  'PC01',
  'EE01',
  'EC01',
  'TR01',
  'TM_RENEW',
] as const;

/** Deadline kinds of GET /api/v1/deadlines. */
export const DEADLINE_KINDS = ['annual_fee', 'trademark_renewal'] as const;
export const DEADLINE_KIND_LABELS: Record<(typeof DEADLINE_KINDS)[number], Label> = {
  annual_fee: { zh: '专利年费', en: 'Annual fee' },
  trademark_renewal: { zh: '商标续展', en: 'Trademark renewal' },
};

/** States of a patent annual fee (src/domain/lifecycle/deadlines.ts FeeState). */
export const FEE_STATE_LABELS: Record<string, Label> = {
  open: { zh: '待缴', en: 'Due' },
  in_grace: { zh: '宽限期内', en: 'In grace period' },
  missed: { zh: '逾期未缴', en: 'Missed' },
  not_yet_due: { zh: '未到缴费期', en: 'Not yet payable' },
  paid: { zh: '已缴', en: 'Paid' },
  not_owed: { zh: '无需缴纳', en: 'Not owed' },
};

/** States of a trademark term (src/domain/lifecycle/deadlines.ts RenewalState). */
export const RENEWAL_STATE_LABELS: Record<string, Label> = {
  in_window: { zh: '续展期内', en: 'Renewal window open' },
  in_grace: { zh: '宽展期内', en: 'In grace period' },
  before_window: { zh: '未到续展期', en: 'Before the window' },
  renewed: { zh: '已续展', en: 'Renewed' },
  lapsed: { zh: '逾期未续展', en: 'Lapsed' },
};

/** Every deadline state, for the region-wide filter (a state shared by both kinds is listed once). */
export const DEADLINE_STATE_LABELS: Record<string, Label> = {
  in_grace: { zh: '宽限期/宽展期内', en: 'In grace period' },
  open: { zh: '待缴年费', en: 'Fee due' },
  in_window: { zh: '续展期内', en: 'Renewal window open' },
  not_yet_due: { zh: '未到缴费期', en: 'Not yet payable' },
  before_window: { zh: '未到续展期', en: 'Before the window' },
  missed: { zh: '年费逾期未缴', en: 'Fee missed' },
  lapsed: { zh: '逾期未续展', en: 'Renewal lapsed' },
  paid: { zh: '已缴', en: 'Paid' },
  renewed: { zh: '已续展', en: 'Renewed' },
  not_owed: { zh: '无需缴纳', en: 'Not owed' },
};

/** Tag colours by urgency: act now (warning/processing), too late (error), done (success). */
export const DEADLINE_STATE_COLORS: Record<string, string> = {
  in_grace: 'warning',
  open: 'processing',
  in_window: 'processing',
  missed: 'error',
  lapsed: 'error',
  paid: 'success',
  renewed: 'success',
  not_yet_due: 'default',
  before_window: 'default',
  not_owed: 'default',
};

export const IMPORT_TEMPLATE_KINDS = ['patent', 'trademark', 'copyright', 'entity'] as const;
export const IMPORT_FORMATS = ['csv', 'xlsx', 'jsonl', 'uspto-xml', 'tm-xml', 'cn-patent-csv'] as const;
export const IMPORT_FORMAT_LABELS: Record<(typeof IMPORT_FORMATS)[number], Label> = {
  csv: { zh: 'CSV 表格（模板）', en: 'CSV (template)' },
  xlsx: { zh: 'Excel 表格 XLSX（模板）', en: 'Excel XLSX (template)' },
  jsonl: { zh: 'JSON Lines 规范记录', en: 'JSON Lines canonical records' },
  'uspto-xml': { zh: 'USPTO 全文 XML', en: 'USPTO full-text XML' },
  'tm-xml': { zh: '商标 XML（ST.66 / ST.96）', en: 'Trademark XML (ST.66 / ST.96)' },
  'cn-patent-csv': { zh: 'CNIPA 专利 CSV', en: 'CNIPA patent CSV' },
};
