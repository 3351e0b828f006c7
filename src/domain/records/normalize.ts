import { isIsoDate } from '../calendar/dates.ts';
import type { FieldError } from '../errors.ts';
import { checkCnApplicationNumber } from '../ids/cn-appno.ts';
import { checkCnPublicationNumber } from '../ids/cn-pubno.ts';
import { checkTrademarkRegNumber } from '../ids/tm-regno.ts';
import { checkCopyrightRegNumber } from '../ids/cr-regno.ts';
import { checkUscc } from '../ids/uscc.ts';
import {
  normalizeForeignNumber,
  normalizeUsApplicationNumber,
  normalizeUsPatentNumber,
} from '../ids/foreign.ts';
import { checkTermCompensation } from '../lifecycle/term.ts';
import { normalizeEntityName, toHalfWidth } from '../names.ts';
import type { CanonicalRecord } from './canonical.ts';

/** A canonical record checked and brought into storage form. */
export interface NormalizedAsset {
  kind: CanonicalRecord['kind'];
  office: string;
  subType: string | null;
  /** identity keys: app_key (application / registration number), pub_key (publication number without kind) */
  appKey: string | null;
  pubKey: string | null;
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
  owners: { name: string; nameNorm: string; uscc: string | null; share: number | null }[];
  events: { code: string; date: string; note: string | null }[];
  source: string | null;
  /**
   * Canonical JSON of everything above: equal for records with equal content, whatever the key order
   * in the source. The registry stores its hash to tell an unchanged re-import from an update.
   */
  contentKey: string;
}

/** A real calendar date written YYYY-MM-DD (the one date rule of domain/calendar). */
export const isValidDate = isIsoDate;

const IPC_RE = /^[A-H]\d{2}[A-Z](\d{1,4}\/\d{1,6})?$/;

/** `G06F 17/30` / `G06F0017300000` / `g06f17/30` → `G06F17/30`; subclass-only codes stay as they are. */
export function normalizeIpc(code: string): string | undefined {
  const c = code.replace(/\s+/g, '').toUpperCase();
  const padded = /^([A-H]\d{2}[A-Z])(\d{4})(\d{6})$/.exec(c);
  if (padded) {
    const main = String(Number(padded[2]));
    const sub = padded[3]!.replace(/0+$/, '').padStart(2, '0');
    return `${padded[1]}${main}/${sub}`;
  }
  return IPC_RE.test(c) ? c : undefined;
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v as Record<string, unknown>)
        .sort()
        .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}

/**
 * Canonical JSON of a normalised asset. Its fields are built in a fixed order, so only the free-form
 * `details` (key order as in the source) needs sorting; this keeps it cheap on bulk imports.
 */
function canonicalJson(a: Omit<NormalizedAsset, 'contentKey'>): string {
  const details = Object.keys(a.details).length ? sortKeys(a.details) : a.details;
  return JSON.stringify({ ...a, details });
}

/** Trademark numbers of foreign offices have no check rule here: office code + letters and digits. */
function compactNumber(office: string, v: string): string {
  const body = toHalfWidth(v)
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');
  return body.startsWith(office) ? body : `${office}${body}`;
}

function str(v: string | undefined | null): string | null {
  if (v === undefined || v === null) return null;
  const t = v.trim();
  return t === '' ? null : t;
}

/** Checks recorded term-compensation days (domain/lifecycle/term.ts) and keeps them in `details`. */
function termCompensationInto(
  details: Record<string, unknown>,
  r: CanonicalRecord,
  office: string,
  subType: string | null,
): FieldError[] {
  if (r.termCompensationDays === undefined && r.termCompensationKind === undefined) return [];
  const errors = checkTermCompensation({
    kind: r.kind,
    office,
    subType,
    filingDate: r.filingDate,
    grantDate: str(r.grantDate),
    days: r.termCompensationDays,
    compensationKind: r.termCompensationKind,
  });
  if (errors.length === 0 && r.termCompensationDays !== undefined) {
    details.termCompensationDays = r.termCompensationDays;
    if (r.termCompensationKind) details.termCompensationKind = r.termCompensationKind;
  }
  return errors;
}

/**
 * Validate and normalise one record. Returns the asset, or every field error found.
 * Numbers follow the office: CN numbers are check-digit verified; other offices are normalised.
 */
export function normalizeRecord(
  r: CanonicalRecord,
): { ok: true; asset: NormalizedAsset } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const office = (r.office || 'CN').toUpperCase();
  if (!/^[A-Z]{2}$/.test(office))
    errors.push({ field: 'office', reason: `"${r.office}" is not a two-letter office code` });
  if (!['patent', 'trademark', 'copyright'].includes(r.kind))
    errors.push({ field: 'kind', reason: `must be patent, trademark or copyright, not "${String(r.kind)}"` });

  for (const f of ['filingDate', 'publicationDate', 'grantDate', 'registrationDate'] as const) {
    const v = r[f];
    if (v !== undefined && v !== null && v !== '' && !isValidDate(v))
      errors.push({ field: f, reason: `"${v}" is not a valid date (YYYY-MM-DD)` });
  }

  let subType: string | null = null;
  let appKey: string | null = null;
  let pubKey: string | null = null;
  let applicationNumber = str(r.applicationNumber);
  let registrationNumber = str(r.registrationNumber);
  let publicationNumber = str(r.publicationNumber);
  const details: Record<string, unknown> = { ...(r.extra ?? {}) };

  if (r.kind === 'patent') {
    subType = r.patentType ?? null;
    if (office === 'CN') {
      if (applicationNumber) {
        const c = checkCnApplicationNumber(applicationNumber);
        if (!c.ok) errors.push({ field: 'applicationNumber', reason: c.reason });
        else {
          appKey = c.value;
          applicationNumber = c.value;
          if (subType && subType !== c.patentType)
            errors.push({
              field: 'patentType',
              reason: `"${subType}" contradicts application number ${c.value}, which is a ${c.patentType}`,
            });
          subType = c.patentType;
          if (c.pct) details.pct = true;
          if (r.filingDate && isValidDate(r.filingDate) && Number(r.filingDate.slice(0, 4)) !== c.filingYear)
            errors.push({
              field: 'filingDate',
              reason: `filing year ${r.filingDate.slice(0, 4)} differs from the year ${c.filingYear} in application number ${c.value}`,
            });
        }
      }
      if (publicationNumber) {
        const c = checkCnPublicationNumber(publicationNumber);
        if (!c.ok) errors.push({ field: 'publicationNumber', reason: c.reason });
        else {
          publicationNumber = c.value;
          pubKey = `CN${c.serial}`;
          // B/C (invention), U/Y (utility model), S/D (design) are grant announcements (ZC 0008-2004)
          if (/^[BCUYSD]/.test(c.kindCode)) details.granted = true;
          if (!subType) subType = c.patentType;
          else if (subType !== c.patentType && !appKey)
            errors.push({
              field: 'patentType',
              reason: `"${subType}" contradicts publication number ${c.value}, which is a ${c.patentType}`,
            });
        }
      }
    } else {
      const field = { app: 'applicationNumber', pub: 'publicationNumber' } as const;
      const attempt = (which: 'app' | 'pub', fn: () => void) => {
        try {
          fn();
        } catch (e) {
          errors.push({ field: field[which], reason: e instanceof Error ? e.message : String(e) });
        }
      };
      if (office === 'US') {
        if (applicationNumber)
          attempt('app', () => (appKey = normalizeUsApplicationNumber(applicationNumber!)));
        if (publicationNumber)
          attempt('pub', () => {
            const kind = /([A-Z]\d?)$/.exec(publicationNumber!.replace(/\s/g, '').toUpperCase())?.[1];
            pubKey = normalizeUsPatentNumber(publicationNumber!.replace(/^US/i, ''));
            publicationNumber = `${pubKey}${kind ?? ''}`;
          });
      } else {
        if (applicationNumber)
          attempt('app', () => (appKey = normalizeForeignNumber(office, applicationNumber!)));
        if (publicationNumber)
          attempt('pub', () => {
            publicationNumber = normalizeForeignNumber(office, publicationNumber!);
            pubKey = publicationNumber.replace(/[A-Z]\d?$/, '');
          });
      }
    }
    if (!applicationNumber && !publicationNumber)
      errors.push({
        field: 'applicationNumber',
        reason: 'a patent needs an application number or a publication number',
      });
    if (subType && !['invention', 'utility_model', 'design', 'plant'].includes(subType))
      errors.push({
        field: 'patentType',
        reason: `must be invention, utility_model or design, not "${subType}"`,
      });
  } else if (r.kind === 'trademark') {
    subType = 'trademark';
    const number = registrationNumber ?? applicationNumber;
    if (!number)
      errors.push({
        field: 'registrationNumber',
        reason: 'a trademark needs a registration or application number',
      });
    else if (office === 'CN') {
      const c = checkTrademarkRegNumber(number);
      if (!c.ok)
        errors.push({
          field: registrationNumber ? 'registrationNumber' : 'applicationNumber',
          reason: c.reason,
        });
      else {
        appKey = c.value;
        if (registrationNumber) registrationNumber = c.value;
        else applicationNumber = c.value;
      }
    } else {
      appKey = compactNumber(office, applicationNumber ?? number);
      if (registrationNumber) details.registrationKey = compactNumber(office, registrationNumber);
    }
    for (const n of r.niceClasses ?? [])
      if (!Number.isInteger(n) || n < 1 || n > 45)
        errors.push({ field: 'niceClasses', reason: `${String(n)} is not a Nice class (1–45)` });
  } else if (r.kind === 'copyright') {
    const number = registrationNumber;
    if (!number)
      errors.push({
        field: 'registrationNumber',
        reason: 'a copyright registration needs its registration number',
      });
    else {
      const c = checkCopyrightRegNumber(number);
      if (!c.ok) errors.push({ field: 'registrationNumber', reason: c.reason });
      else {
        appKey = c.value;
        registrationNumber = c.value;
        subType = c.copyrightType;
        if (r.copyrightType && r.copyrightType !== c.copyrightType)
          errors.push({
            field: 'copyrightType',
            reason: `"${r.copyrightType}" contradicts registration number ${c.value}, which is a ${c.copyrightType} registration`,
          });
      }
    }
    if (r.category) details.category = r.category;
  }

  errors.push(...termCompensationInto(details, r, office, subType));

  const ipc: string[] = [];
  for (const code of r.ipc ?? []) {
    const n = normalizeIpc(code);
    if (!n) errors.push({ field: 'ipc', reason: `"${code}" is not an IPC symbol` });
    else if (!ipc.includes(n)) ipc.push(n);
  }
  if (r.cpc?.length) details.cpc = r.cpc;
  if (r.locarno) details.locarno = r.locarno;
  if (r.goodsServices) details.goodsServices = r.goodsServices;
  if (r.inventors?.length) details.inventors = r.inventors;

  const owners: NormalizedAsset['owners'] = [];
  (r.applicants ?? []).forEach((a, i) => {
    const name = (a.name ?? '').trim();
    if (!name) {
      errors.push({ field: `applicants[${i}].name`, reason: 'is empty' });
      return;
    }
    let uscc: string | null = null;
    if (a.uscc) {
      const c = checkUscc(a.uscc);
      if (!c.ok) errors.push({ field: `applicants[${i}].uscc`, reason: c.reason });
      else uscc = c.value;
    }
    if (a.share !== undefined && (typeof a.share !== 'number' || a.share <= 0 || a.share > 100))
      errors.push({
        field: `applicants[${i}].share`,
        reason: 'must be a percentage above 0 and at most 100',
      });
    owners.push({ name, nameNorm: normalizeEntityName(name), uscc, share: a.share ?? null });
  });
  const shareSum = owners.reduce((s, o) => s + (o.share ?? 0), 0);
  if (owners.some((o) => o.share !== null) && Math.abs(shareSum - 100) > 0.01)
    errors.push({ field: 'applicants', reason: `ownership shares add up to ${shareSum}, not 100` });

  const events: NormalizedAsset['events'] = [];
  (r.events ?? []).forEach((e, i) => {
    // CNIPA codes (CF01 …), platform codes (TM_REG …) and other offices' own codes (USPTO "R.PRA", "89AGO")
    if (!e.code || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,15}$/.test(e.code))
      errors.push({ field: `events[${i}].code`, reason: `"${e.code}" is not an event code` });
    else if (!e.date || !isValidDate(e.date))
      errors.push({ field: `events[${i}].date`, reason: `"${e.date}" is not a valid date (YYYY-MM-DD)` });
    else events.push({ code: e.code, date: e.date, note: e.note ?? null });
  });
  events.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.code < b.code ? -1 : 1));

  if (errors.length) return { ok: false, errors };

  const asset: Omit<NormalizedAsset, 'contentKey'> = {
    kind: r.kind,
    office,
    subType,
    appKey,
    pubKey,
    applicationNumber,
    registrationNumber,
    publicationNumber,
    title: str(r.title),
    abstract: str(r.abstract),
    filingDate: str(r.filingDate),
    publicationDate: str(r.publicationDate),
    grantDate: str(r.grantDate),
    registrationDate: str(r.registrationDate),
    ipc,
    niceClasses: [...new Set(r.niceClasses ?? [])].sort((a, b) => a - b),
    details,
    owners,
    events,
    source: r.source ?? null,
  };
  return { ok: true, asset: { ...asset, contentKey: canonicalJson(asset) } };
}
