import type { FieldError } from '../errors.ts';
import { checkUscc } from '../ids/uscc.ts';
import { normalizeEntityName } from '../names.ts';

export const ENTITY_KINDS = [
  'enterprise',
  'individual_business',
  'university',
  'institute',
  'individual',
  'other',
] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];
export const ENTITY_KIND_LABELS: Record<EntityKind, { zh: string; en: string }> = {
  enterprise: { zh: '企业', en: 'Enterprise' },
  individual_business: { zh: '个体工商户', en: 'Individual business' },
  university: { zh: '高校', en: 'University' },
  institute: { zh: '科研院所', en: 'Research institute' },
  individual: { zh: '个人', en: 'Individual' },
  other: { zh: '其他', en: 'Other' },
};

export const ENTITY_FLAGS = ['high_tech', 'ip_demo', 'ip_advantage', 'specialized', 'listed'] as const;
export type EntityFlag = (typeof ENTITY_FLAGS)[number];
export const ENTITY_FLAG_LABELS: Record<EntityFlag, { zh: string; en: string }> = {
  high_tech: { zh: '高新技术企业', en: 'High-tech enterprise' },
  ip_demo: { zh: '知识产权示范企业', en: 'IP demonstration enterprise' },
  ip_advantage: { zh: '知识产权优势企业', en: 'IP advantage enterprise' },
  specialized: { zh: '专精特新企业', en: 'Specialised SME' },
  listed: { zh: '上市企业', en: 'Listed company' },
};

/** GB/T 4754-2017 sections (门类); codes are the section letter plus 2–4 digits (大类/中类/小类). */
export const INDUSTRY_SECTIONS: Record<string, string> = {
  A: '农、林、牧、渔业',
  B: '采矿业',
  C: '制造业',
  D: '电力、热力、燃气及水生产和供应业',
  E: '建筑业',
  F: '批发和零售业',
  G: '交通运输、仓储和邮政业',
  H: '住宿和餐饮业',
  I: '信息传输、软件和信息技术服务业',
  J: '金融业',
  K: '房地产业',
  L: '租赁和商务服务业',
  M: '科学研究和技术服务业',
  N: '水利、环境和公共设施管理业',
  O: '居民服务、修理和其他服务业',
  P: '教育',
  Q: '卫生和社会工作',
  R: '文化、体育和娱乐业',
  S: '公共管理、社会保障和社会组织',
  T: '国际组织',
};

export interface EntityInput {
  foundedDate?: string | null;
  legalRepresentative?: string | null;
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

export interface ValidEntity {
  foundedDate: string | null;
  legalRepresentative: string | null;
  uscc: string | null;
  name: string;
  nameNorm: string;
  formerNames: string[];
  kind: EntityKind;
  industry: string | null;
  streetCode: string | null;
  address: string | null;
  flags: EntityFlag[];
  contactName: string | null;
  contactPhone: string | null;
  notes: string | null;
}

function blank(v: string | null | undefined): string | null {
  const t = (v ?? '').trim();
  return t === '' ? null : t;
}

/** The same rules run in the browser (as you type) and on the server. */
export function validateEntity(
  input: EntityInput,
): { ok: true; value: ValidEntity } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const name = blank(input.name);
  if (!name) errors.push({ field: 'name', reason: 'is required' });
  else if (name.length > 200) errors.push({ field: 'name', reason: 'must be at most 200 characters' });

  if (!(ENTITY_KINDS as readonly string[]).includes(input.kind))
    errors.push({ field: 'kind', reason: `must be one of ${ENTITY_KINDS.join(', ')}` });

  let uscc: string | null = null;
  const rawUscc = blank(input.uscc);
  if (rawUscc) {
    const c = checkUscc(rawUscc);
    if (!c.ok) errors.push({ field: 'uscc', reason: c.reason });
    else uscc = c.value;
  } else if (input.kind !== 'individual') {
    errors.push({ field: 'uscc', reason: 'is required for every kind of entity except individuals' });
  }

  const industry = blank(input.industry)?.toUpperCase() ?? null;
  if (industry && (!/^[A-T](\d{2}(\d{1,2})?)?$/.test(industry) || !INDUSTRY_SECTIONS[industry[0]!]))
    errors.push({
      field: 'industry',
      reason: `"${industry}" is not a GB/T 4754 code (section letter A–T and 2–4 digits, e.g. I65)`,
    });

  const flags: EntityFlag[] = [];
  for (const f of input.flags ?? []) {
    if (!(ENTITY_FLAGS as readonly string[]).includes(f))
      errors.push({ field: 'flags', reason: `unknown flag "${f}"` });
    else if (!flags.includes(f as EntityFlag)) flags.push(f as EntityFlag);
  }

  const foundedDate = blank(input.foundedDate);
  if (foundedDate && !/^\d{4}-\d{2}-\d{2}$/.test(foundedDate))
    errors.push({ field: 'foundedDate', reason: `"${foundedDate}" is not a date (YYYY-MM-DD)` });

  const formerNames = [...new Set((input.formerNames ?? []).map((n) => n.trim()).filter(Boolean))];
  const phone = blank(input.contactPhone);
  if (phone && !/^[0-9+\-() ]{5,30}$/.test(phone))
    errors.push({ field: 'contactPhone', reason: 'is not a telephone number' });

  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    value: {
      uscc,
      name: name!,
      nameNorm: normalizeEntityName(name!),
      formerNames,
      kind: input.kind as EntityKind,
      industry,
      streetCode: blank(input.streetCode),
      address: blank(input.address),
      flags,
      foundedDate,
      legalRepresentative: blank(input.legalRepresentative),
      contactName: blank(input.contactName),
      contactPhone: phone,
      notes: blank(input.notes),
    },
  };
}

/**
 * An entity-list row (主体 template) as an EntityInput: Chinese kind labels, industry codes or
 * section names, street names or codes. `streets` maps names and codes of known streets to codes.
 */
export function entityInputFromRow(
  row: {
    uscc: string;
    name: string;
    formerNames?: string[];
    entityType?: string;
    industry?: string;
    street?: string;
    address?: string;
    highTech?: boolean;
    foundedDate?: string;
    legalRepresentative?: string;
  },
  streets: ReadonlyMap<string, string>,
): { ok: true; input: EntityInput } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  let kind: string = 'enterprise';
  const t = row.entityType?.trim();
  if (t) {
    const found = ENTITY_KINDS.find(
      (k) => k === t || ENTITY_KIND_LABELS[k].zh === t || (t === '院所' && k === 'institute'),
    );
    if (!found)
      errors.push({
        field: 'entityType',
        reason: `"${t}" is not one of ${ENTITY_KINDS.map((k) => ENTITY_KIND_LABELS[k].zh).join(' / ')}`,
      });
    else kind = found;
  }
  let industry: string | null = null;
  const ind = row.industry?.trim();
  if (ind) {
    if (/^[A-Ta-t](\d{2}(\d{1,2})?)?$/.test(ind)) industry = ind.toUpperCase();
    else {
      const section = Object.entries(INDUSTRY_SECTIONS).find(
        ([, name]) => name === ind || name.replace(/、/g, '') === ind.replace(/[、，,]/g, ''),
      );
      if (section) industry = section[0];
      else
        errors.push({
          field: 'industry',
          reason: `"${ind}" is neither a GB/T 4754 code nor a section name (门类)`,
        });
    }
  }
  let streetCode: string | null = null;
  const st = row.street?.trim();
  if (st) {
    const code = streets.get(st);
    if (!code) errors.push({ field: 'street', reason: `"${st}" is not a street of the region profile` });
    else streetCode = code;
  }
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    input: {
      uscc: row.uscc,
      name: row.name,
      formerNames: row.formerNames ?? [],
      kind,
      industry,
      streetCode,
      address: row.address ?? null,
      flags: row.highTech ? ['high_tech'] : [],
      foundedDate: row.foundedDate ?? null,
      legalRepresentative: row.legalRepresentative ?? null,
    },
  };
}
