export interface Entity {
  id: number;
  uscc: string | null;
  name: string;
  formerNames: string[];
  kind: string;
  industry: string | null;
  streetCode: string | null;
  regionCode: string | null;
  address: string | null;
  flags: string[];
  isDemo: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
  assetCount?: number;
  contactName?: string | null;
  contactPhone?: string | null;
  notes?: string | null;
}

export interface PortfolioRow {
  kind: string;
  subType: string | null;
  status: string;
  count: number;
}

export type EntityDetail = Entity & { portfolio: PortfolioRow[] };

export interface EntityFilter {
  q?: string;
  kind?: string;
  streetCode?: string;
  flag?: string;
  industry?: string;
  sort?: string;
}

export interface EntityInput {
  uscc?: string | null;
  name: string;
  formerNames?: string[];
  kind: string;
  industry?: string | null;
  streetCode?: string | null;
  address?: string | null;
  flags?: string[];
  contactName?: string | null;
  contactPhone?: string | null;
  notes?: string | null;
}

export interface Street {
  code: string;
  name: string;
  regionCode: string;
}
