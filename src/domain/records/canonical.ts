/**
 * The canonical IP record: the one shape every importer produces and the registry stores.
 * It is a public interface (schemas/canonical-record.schema.json describes the JSON Lines form).
 * Numbers here are as written in the source; the registry normalises and validates them.
 */
export type IpKind = 'patent' | 'trademark' | 'copyright';
export type PatentType = 'invention' | 'utility_model' | 'design' | 'plant';
export type CopyrightType = 'work' | 'software';

export interface CanonicalApplicant {
  /** name exactly as published */
  name: string;
  uscc?: string;
  /** ownership share in percent, when known */
  share?: number;
  country?: string;
  address?: string;
}

export interface CanonicalEvent {
  /** CNIPA legal-event code (CF01, PE01 …) or a platform code (PUB, GRANT, REG …) */
  code: string;
  date: string;
  note?: string;
}

export interface CanonicalRecord {
  kind: IpKind;
  /** issuing office, ISO 3166 / WIPO ST.3 code; CN when absent */
  office: string;
  patentType?: PatentType;
  copyrightType?: CopyrightType;
  applicationNumber?: string;
  registrationNumber?: string;
  publicationNumber?: string;
  filingDate?: string;
  publicationDate?: string;
  /** patents: grant announcement date */
  grantDate?: string;
  /**
   * CN invention patents: 专利权期限补偿 days as decided by CNIPA (positive integer; grant announced on or
   * after 2021-06-01). The platform records the decided number; the last protected day moves by it.
   */
  termCompensationDays?: number;
  /** which compensation the days are: examination delay (a) or new drug (b, at most 5 years) */
  termCompensationKind?: 'examination_delay' | 'new_drug';
  registrationDate?: string;
  title?: string;
  abstract?: string;
  ipc?: string[];
  cpc?: string[];
  locarno?: string;
  niceClasses?: number[];
  /** trademark goods/services text */
  goodsServices?: string;
  /** copyright: 作品类别 or software classification */
  category?: string;
  applicants: CanonicalApplicant[];
  inventors?: string[];
  events?: CanonicalEvent[];
  /** where the record came from (format name) */
  source?: string;
  /** free-form kind-specific extras kept verbatim */
  extra?: Record<string, unknown>;
}

/** A market entity as read from an entity list (主体 template); the registry validates and matches it. */
export interface CanonicalEntity {
  uscc: string;
  name: string;
  formerNames?: string[];
  /** 企业 / 个体工商户 / 高校 / 科研院所 / 个人 / 其他, or the English kind code */
  entityType?: string;
  /** GB/T 4754 code (I65) or section name (信息传输、软件和信息技术服务业) */
  industry?: string;
  /** street (街道) name or code */
  street?: string;
  address?: string;
  highTech?: boolean;
  foundedDate?: string;
  legalRepresentative?: string;
}

/** One item produced by an importer: a record, an entity, or a line/document that could not be read. */
export type ImportItem =
  | { ref: string; record: CanonicalRecord }
  | { ref: string; entity: CanonicalEntity }
  | { ref: string; error: string; field?: string };
