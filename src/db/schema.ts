import type { ColumnType, Generated } from 'kysely';

/** Timestamps are ISO-8601 strings on both dialects; dates are `YYYY-MM-DD` strings. */
type Id = Generated<number>;

export interface RegionTable {
  code: string;
  name: string;
  parent_code: string | null;
  level: string;
  population: number | null;
  is_default: number;
}

export interface StreetTable {
  code: string;
  region_code: string;
  name: string;
}

export interface EntityTable {
  id: Id;
  uscc: string | null;
  name: string;
  name_norm: string;
  former_names: string;
  kind: string;
  industry: string | null;
  street_code: string | null;
  region_code: string | null;
  address: string | null;
  flags: string;
  founded_date: string | null;
  legal_representative: string | null;
  contact_name: string | null;
  contact_phone: string | null;
  notes: string | null;
  is_demo: number;
  version: Generated<number>;
  created_at: string;
  created_by: number | null;
  updated_at: string;
  updated_by: number | null;
}

export interface EntityNameTable {
  id: Id;
  entity_id: number;
  name_norm: string;
}

export interface IpAssetTable {
  id: Id;
  kind: string;
  office: string;
  sub_type: string | null;
  app_key: string | null;
  pub_key: string | null;
  application_number: string | null;
  registration_number: string | null;
  publication_number: string | null;
  title: string | null;
  abstract: string | null;
  filing_date: string | null;
  publication_date: string | null;
  grant_date: string | null;
  registration_date: string | null;
  ipc: string;
  ipc_main: string | null;
  nice_classes: string;
  details: string;
  status: string;
  expiry_date: string | null;
  confidential: number;
  content_hash: string;
  source: string | null;
  is_demo: number;
  version: Generated<number>;
  created_at: string;
  created_by: number | null;
  updated_at: string;
  updated_by: number | null;
}

export interface IpOwnerTable {
  id: Id;
  asset_id: number;
  seq: number;
  name: string;
  name_norm: string;
  uscc: string | null;
  entity_id: number | null;
  share: number | null;
}

export interface IpEventTable {
  id: Id;
  asset_id: number;
  code: string;
  date: string;
  note: string | null;
}

export interface ImportJobTable {
  id: Id;
  file_name: string;
  format: string | null;
  status: string;
  total: Generated<number>;
  inserted: Generated<number>;
  updated: Generated<number>;
  unchanged: Generated<number>;
  rejected: Generated<number>;
  error: string | null;
  started_at: string;
  finished_at: string | null;
  user_id: number | null;
}

export interface ImportRejectTable {
  id: Id;
  job_id: number;
  ref: string;
  field: string | null;
  reason: string;
}

export interface UserTable {
  id: Id;
  username: string;
  password_hash: string;
  display_name: string;
  role: string;
  entity_id: number | null;
  email: string | null;
  active: Generated<number>;
  created_at: string;
}

export interface SessionTable {
  token_hash: string;
  user_id: number;
  created_at: string;
  expires_at: string;
}

export interface RolePermissionTable {
  role: string;
  permission: string;
}

export interface RoleTable {
  code: string;
  name_zh: string;
  name_en: string;
}

export interface AuditLogTable {
  seq: ColumnType<number, number, never>;
  at: string;
  actor_id: number | null;
  actor: string;
  action: string;
  target_type: string;
  target_id: string | null;
  detail: string;
  prev_hash: string;
  hash: string;
}

export interface AppMetaTable {
  key: string;
  value: string;
}

/** Search index (src/db/search/): exact keys of an asset — `num` identifier keys, `ipc` symbols, `nice` classes. */
export interface SearchKeyTable {
  asset_id: number;
  k: string;
  v: string;
}

/** Assets whose search document changed, in write order (migration 0013); asset_id 0: all of them. */
export interface SearchChangeTable {
  seq: Generated<number>;
  asset_id: number;
}

/** PostgreSQL only: the search document of an asset (weighted tsvector + normalised text for pg_trgm). */
export interface SearchDocTable {
  asset_id: number;
  tsv: string;
  title: string;
  abstract: string;
  applicants: string;
  numbers: string;
}

/** SQLite only: contentless FTS5 table of segmented words, rowid = ip_asset.id. */
export interface SearchFtsTable {
  rowid: number;
  title: string;
  abstract: string;
  applicants: string;
}

/** SQLite only: contentless FTS5 trigram table of the normalised text, rowid = ip_asset.id. */
export interface SearchTriTable {
  rowid: number;
  title: string;
  abstract: string;
  applicants: string;
  numbers: string;
}

export interface FeePaymentTable {
  id: Generated<number>;
  asset_id: number;
  kind: string;
  patent_year: number | null;
  paid_on: string;
  amount: number;
  note: string | null;
  created_at: string;
  created_by: number | null;
}

export interface FeeReductionTable {
  asset_id: number;
  rate: number;
  recorded_on: string;
  created_at: string;
  created_by: number | null;
}

export interface DeadlineTable {
  id: Generated<number>;
  asset_id: number;
  kind: string;
  /** patent year (annual fees) or term number (trademark renewals) */
  period: number;
  due_date: string;
  amount: number | null;
  reduced_amount: number | null;
  grace_end: string | null;
  state: string;
  computed_on: string;
}

export interface JobRunTable {
  id: Generated<number>;
  job: string;
  status: string;
  started_at: string;
  finished_at: string | null;
  items: Generated<number>;
  error: string | null;
  /** the schedule slot a scheduled run claimed (ISO instant); null for manual and ad-hoc runs */
  slot: string | null;
  /** schedule, catch-up or manual */
  trigger: string | null;
}

export interface ReminderSettingTable {
  entity_id: number;
  /** comma-separated days, e.g. "90,30,7" */
  lead_days: string;
  grace_weekly: number;
  /** comma-separated channels, e.g. "email,in_app" */
  channels: string;
  tracked: number;
  updated_at: string;
  updated_by: number | null;
}

export interface NotificationTable {
  id: Generated<number>;
  user_id: number;
  title: string;
  body: string;
  link: string | null;
  created_at: string;
  read_at: string | null;
}

export interface ReminderSentTable {
  id: Generated<number>;
  asset_id: number;
  deadline_kind: string;
  period: number;
  occasion: string;
  channel: string;
  user_id: number;
  /** sent, failed (retried next run) or sending (claimed by a run) */
  status: string;
  attempts: Generated<number>;
  error: string | null;
  created_at: string;
  updated_at: string;
}

export interface CalendarTokenTable {
  entity_id: number;
  token_hash: string;
  created_at: string;
  created_by: number | null;
}

/** Outlines uploaded for a region profile (layer 'streets'): a GeoJSON FeatureCollection as text. */
export interface RegionGeoTable {
  region_code: string;
  layer: string;
  geojson: string;
  feature_count: number;
  source: string | null;
  uploaded_at: string;
  uploaded_by: number | null;
}

/** A user's named search (0007); seen_asset_id / digest_asset_id: highest asset id at the last visit / digest. */
export interface SavedSearchTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  query: string;
  subscribed: number;
  seen_asset_id: number;
  digest_asset_id: number;
  last_visited_at: string;
  created_at: string;
  updated_at: string;
}

/** One digest per saved search and day (Asia/Shanghai). */
export interface SavedSearchDigestTable {
  saved_search_id: number;
  day: string;
  new_count: number;
  up_to_asset_id: number;
  sent_at: string;
}

/** 专利导航 report builds (0010): status/progress of the job and, once done, the sections as JSON. */
export interface NavReportTable {
  id: Generated<number>;
  title: string;
  params: string;
  status: string;
  progress: Generated<number>;
  step: string | null;
  error: string | null;
  result: string | null;
  created_at: string;
  created_by: number | null;
  finished_at: string | null;
}

/** The rendered files of a report (pdf, xlsx) as blobs, so backups contain them. */
export interface NavReportFileTable {
  report_id: number;
  format: string;
  size: number;
  content: Buffer;
}

/** Indicator denominators (0008): population / market entities at a date, new market entities per period. */
export interface AnalyticsDenominatorTable {
  id: Generated<number>;
  region_code: string;
  /** '' for the whole region */
  street_code: string;
  kind: string;
  /** first day of the period for new_market_entities; '' for the stock measures */
  period_from: string;
  at: string;
  value: number;
  source: string;
  confidence: string;
  note: string | null;
  is_demo: number;
  updated_at: string;
  updated_by: number | null;
}

/** Pledge register (0008): one row per pledged right and registration; amount = 被担保债权数额 in yuan. */
export interface FinancePledgeTable {
  id: Generated<number>;
  asset_id: number;
  registration_number: string;
  registration_date: string;
  amount: number;
  pledgee: string;
  pledgor: string;
  release_date: string | null;
  is_demo: number;
  created_at: string;
  created_by: number | null;
  updated_at: string;
}

export interface AnalyticsHvMarkTable {
  asset_id: number;
  category: string;
  since: string;
  note: string | null;
  created_at: string;
  created_by: number | null;
}

export interface AnalyticsSeiRowTable {
  id: Generated<number>;
  code: string;
  name: string;
  ipc_patterns: string;
  ipc_exclusions: string;
  keywords: string;
  ipc_only: number;
  source: string;
}

export interface AnalyticsSettingTable {
  key: string;
  value: string | null;
  updated_at: string;
  updated_by: number | null;
}

/** Per-asset validity interval [valid_from, valid_to), attribution and high-value start (0008, precomputed). */
export interface AnalyticsValidityTable {
  asset_id: number;
  kind_key: string;
  region_code: string | null;
  street_code: string | null;
  filing_date: string | null;
  registration_date: string | null;
  valid_from: string | null;
  valid_to: string | null;
  hv_from: string | null;
  /** JSON: high-value category → date it applies from */
  hv_since: string;
}

export interface AnalyticsSnapshotTable {
  id: Generated<number>;
  region_code: string;
  street_code: string;
  period: string;
  at: string;
  version: number;
  supersedes: number | null;
  reason: string | null;
  items: string;
  data_version: number;
  record_count: number;
  created_at: string;
  created_by: number | null;
  published_at: string | null;
  published_by: number | null;
}

export interface DB {
  analytics_denominator: AnalyticsDenominatorTable;
  finance_pledge: FinancePledgeTable;
  analytics_hv_mark: AnalyticsHvMarkTable;
  analytics_sei_row: AnalyticsSeiRowTable;
  analytics_setting: AnalyticsSettingTable;
  analytics_validity: AnalyticsValidityTable;
  analytics_snapshot: AnalyticsSnapshotTable;
  nav_report: NavReportTable;
  nav_report_file: NavReportFileTable;
  saved_search: SavedSearchTable;
  saved_search_digest: SavedSearchDigestTable;
  calendar_token: CalendarTokenTable;
  fee_payment: FeePaymentTable;
  fee_reduction: FeeReductionTable;
  deadline: DeadlineTable;
  job_run: JobRunTable;
  reminder_setting: ReminderSettingTable;
  notification: NotificationTable;
  reminder_sent: ReminderSentTable;
  region_geo: RegionGeoTable;
  app_meta: AppMetaTable;
  region: RegionTable;
  street: StreetTable;
  entity: EntityTable;
  entity_name: EntityNameTable;
  ip_asset: IpAssetTable;
  ip_owner: IpOwnerTable;
  ip_event: IpEventTable;
  import_job: ImportJobTable;
  import_reject: ImportRejectTable;
  app_user: UserTable;
  user_session: SessionTable;
  role: RoleTable;
  role_permission: RolePermissionTable;
  audit_log: AuditLogTable;
  search_key: SearchKeyTable;
  search_change: SearchChangeTable;
  search_doc: SearchDocTable;
  search_fts: SearchFtsTable;
  search_tri: SearchTriTable;
}
