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
}

export interface CalendarTokenTable {
  entity_id: number;
  token_hash: string;
  created_at: string;
  created_by: number | null;
}

export interface DB {
  calendar_token: CalendarTokenTable;
  fee_payment: FeePaymentTable;
  fee_reduction: FeeReductionTable;
  deadline: DeadlineTable;
  job_run: JobRunTable;
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
  search_doc: SearchDocTable;
  search_fts: SearchFtsTable;
  search_tri: SearchTriTable;
}
