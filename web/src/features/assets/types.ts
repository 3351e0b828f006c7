export interface Owner {
  seq: number;
  name: string;
  uscc: string | null;
  entityId: number | null;
  entityName: string | null;
  share: number | null;
}

export interface AssetEvent {
  code: string;
  date: string;
  note: string | null;
}

export interface Asset {
  id: number;
  kind: 'patent' | 'trademark' | 'copyright';
  office: string;
  subType: string | null;
  applicationNumber: string | null;
  registrationNumber: string | null;
  publicationNumber: string | null;
  title: string | null;
  abstract: string | null;
  filingDate: string | null;
  publicationDate: string | null;
  grantDate: string | null;
  registrationDate: string | null;
  ipc: string[];
  niceClasses: number[];
  details: Record<string, unknown>;
  status: string;
  expiryDate: string | null;
  confidential: boolean;
  source: string | null;
  isDemo: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
  owners: Owner[];
  events?: AssetEvent[];
}

export interface AssetFilter {
  q?: string;
  kind?: string;
  subType?: string;
  status?: string;
  office?: string;
  entityId?: number;
  streetCode?: string;
  filingFrom?: string;
  filingTo?: string;
  sort?: string;
}

/** The canonical record as accepted for hand entry (POST /api/v1/assets). */
export interface AssetInput {
  kind: 'patent' | 'trademark' | 'copyright';
  office?: string;
  patentType?: 'invention' | 'utility_model' | 'design';
  copyrightType?: 'work' | 'software';
  applicationNumber?: string;
  registrationNumber?: string;
  publicationNumber?: string;
  filingDate?: string;
  publicationDate?: string;
  grantDate?: string;
  registrationDate?: string;
  /** 专利权期限补偿 days decided by CNIPA (CN inventions granted on or after 2021-06-01) */
  termCompensationDays?: number;
  termCompensationKind?: 'examination_delay' | 'new_drug';
  title?: string;
  abstract?: string;
  ipc?: string[];
  niceClasses?: number[];
  goodsServices?: string;
  category?: string;
  applicants: { name: string; uscc?: string; share?: number }[];
  events?: { code: string; date: string; note?: string }[];
  confidential?: boolean;
}
