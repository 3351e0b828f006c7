/**
 * Canonical JSON Lines importer: one CanonicalRecord per line, checked against the rules of
 * schemas/canonical-record.schema.json by a small hand-written validator (`validateRecord`).
 * The rule tables below mirror the schema; jsonl.test.ts checks that both agree.
 *
 * - blank lines are skipped; a line that is not JSON yields `{ref: 'line N', error: 'invalid JSON: …'}`;
 * - a schema violation yields `{ref, field, error}` (field is the JSON path, e.g. `applicants[0].name`);
 * - `office` defaults to CN, `applicants` to []; unknown top-level fields are kept in `extra`.
 */
import type { Readable } from 'node:stream';
import type { CanonicalRecord, ImportItem } from '../domain/records/canonical.ts';
import type { Importer } from './types.ts';
import { ImportFileError } from './types.ts';
import { decodeHead, decodeText, looksBinary, textLines } from './text-decode.ts';
import { isValidYmd } from './normalise.ts';

export type FieldRule =
  | { type: 'enum'; values: readonly string[] }
  | { type: 'string'; minLength?: number; pattern?: RegExp }
  | { type: 'date' }
  | { type: 'stringArray'; itemMinLength?: number }
  | { type: 'number'; minimum: number; maximum: number }
  | { type: 'integer'; minimum: number }
  | { type: 'integerArray'; minimum: number; maximum: number }
  | { type: 'applicants' }
  | { type: 'events' }
  | { type: 'object' };

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** Top-level fields of the canonical record and their rules (same as the JSON Schema). */
export const RECORD_RULES: Readonly<Record<string, FieldRule>> = {
  kind: { type: 'enum', values: ['patent', 'trademark', 'copyright'] },
  office: { type: 'string', pattern: /^[A-Z]{2}$/ },
  patentType: { type: 'enum', values: ['invention', 'utility_model', 'design', 'plant'] },
  copyrightType: { type: 'enum', values: ['work', 'software'] },
  applicationNumber: { type: 'string', minLength: 1 },
  registrationNumber: { type: 'string', minLength: 1 },
  publicationNumber: { type: 'string', minLength: 1 },
  filingDate: { type: 'date' },
  publicationDate: { type: 'date' },
  grantDate: { type: 'date' },
  termCompensationDays: { type: 'integer', minimum: 1 },
  termCompensationKind: { type: 'enum', values: ['examination_delay', 'new_drug'] },
  registrationDate: { type: 'date' },
  title: { type: 'string' },
  abstract: { type: 'string' },
  ipc: { type: 'stringArray', itemMinLength: 1 },
  cpc: { type: 'stringArray', itemMinLength: 1 },
  locarno: { type: 'string' },
  niceClasses: { type: 'integerArray', minimum: 1, maximum: 45 },
  goodsServices: { type: 'string' },
  category: { type: 'string' },
  applicants: { type: 'applicants' },
  inventors: { type: 'stringArray', itemMinLength: 1 },
  events: { type: 'events' },
  source: { type: 'string' },
  extra: { type: 'object' },
};

export const REQUIRED_FIELDS: readonly string[] = ['kind'];
/** at least one of these identifiers must be present */
export const IDENTIFIER_FIELDS: readonly string[] = [
  'applicationNumber',
  'registrationNumber',
  'publicationNumber',
];

export const APPLICANT_RULES: Readonly<Record<string, FieldRule>> = {
  name: { type: 'string', minLength: 1 },
  uscc: { type: 'string' },
  share: { type: 'number', minimum: 0, maximum: 100 },
  country: { type: 'string' },
  address: { type: 'string' },
};
export const APPLICANT_REQUIRED: readonly string[] = ['name'];

export const EVENT_RULES: Readonly<Record<string, FieldRule>> = {
  code: { type: 'string', minLength: 1 },
  date: { type: 'date' },
  note: { type: 'string' },
};
export const EVENT_REQUIRED: readonly string[] = ['code', 'date'];

export interface ValidationError {
  field: string;
  message: string;
}

const typeName = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

function isDate(v: unknown): boolean {
  if (typeof v !== 'string' || !DATE_PATTERN.test(v)) return false;
  return isValidYmd(Number(v.slice(0, 4)), Number(v.slice(5, 7)), Number(v.slice(8, 10)));
}

function checkString(
  v: unknown,
  path: string,
  rule: { minLength?: number; pattern?: RegExp },
  errs: ValidationError[],
): void {
  if (typeof v !== 'string') errs.push({ field: path, message: `expected a string, got ${typeName(v)}` });
  else if (rule.minLength && v.length < rule.minLength)
    errs.push({ field: path, message: 'must not be empty' });
  else if (rule.pattern && !rule.pattern.test(v))
    errs.push({ field: path, message: `"${v}" does not match ${rule.pattern.source}` });
}

function checkObject(
  v: unknown,
  path: string,
  rules: Readonly<Record<string, FieldRule>>,
  required: readonly string[],
  errs: ValidationError[],
): void {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    errs.push({ field: path, message: `expected an object, got ${typeName(v)}` });
    return;
  }
  const o = v as Record<string, unknown>;
  for (const r of required)
    if (o[r] === undefined) errs.push({ field: `${path}.${r}`, message: 'is required' });
  for (const [k, val] of Object.entries(o)) {
    const rule = rules[k];
    if (!rule) {
      errs.push({ field: `${path}.${k}`, message: 'unknown property' });
      continue;
    }
    checkField(val, `${path}.${k}`, rule, errs);
  }
}

function checkField(v: unknown, path: string, rule: FieldRule, errs: ValidationError[]): void {
  switch (rule.type) {
    case 'enum':
      if (typeof v !== 'string' || !rule.values.includes(v)) {
        errs.push({
          field: path,
          message: `expected one of ${rule.values.join(', ')}, got ${JSON.stringify(v)}`,
        });
      }
      return;
    case 'string':
      checkString(v, path, rule, errs);
      return;
    case 'date':
      if (!isDate(v))
        errs.push({ field: path, message: `expected a date YYYY-MM-DD, got ${JSON.stringify(v)}` });
      return;
    case 'stringArray':
      if (!Array.isArray(v)) errs.push({ field: path, message: `expected an array, got ${typeName(v)}` });
      else v.forEach((x, i) => checkString(x, `${path}[${i}]`, { minLength: rule.itemMinLength }, errs));
      return;
    case 'number':
      if (typeof v !== 'number' || !Number.isFinite(v) || v < rule.minimum || v > rule.maximum) {
        errs.push({
          field: path,
          message: `expected a number from ${rule.minimum} to ${rule.maximum}, got ${JSON.stringify(v)}`,
        });
      }
      return;
    case 'integer':
      if (typeof v !== 'number' || !Number.isInteger(v) || v < rule.minimum)
        errs.push({
          field: path,
          message: `expected an integer of at least ${rule.minimum}, got ${JSON.stringify(v)}`,
        });
      return;
    case 'integerArray':
      if (!Array.isArray(v)) errs.push({ field: path, message: `expected an array, got ${typeName(v)}` });
      else {
        v.forEach((x, i) => {
          if (typeof x !== 'number' || !Number.isInteger(x) || x < rule.minimum || x > rule.maximum) {
            errs.push({
              field: `${path}[${i}]`,
              message: `expected an integer from ${rule.minimum} to ${rule.maximum}, got ${JSON.stringify(x)}`,
            });
          }
        });
      }
      return;
    case 'applicants':
      if (!Array.isArray(v)) errs.push({ field: path, message: `expected an array, got ${typeName(v)}` });
      else v.forEach((x, i) => checkObject(x, `${path}[${i}]`, APPLICANT_RULES, APPLICANT_REQUIRED, errs));
      return;
    case 'events':
      if (!Array.isArray(v)) errs.push({ field: path, message: `expected an array, got ${typeName(v)}` });
      else v.forEach((x, i) => checkObject(x, `${path}[${i}]`, EVENT_RULES, EVENT_REQUIRED, errs));
      return;
    case 'object':
      if (typeof v !== 'object' || v === null || Array.isArray(v)) {
        errs.push({ field: path, message: `expected an object, got ${typeName(v)}` });
      }
      return;
  }
}

/** Validate a parsed JSON value against the canonical record rules. */
export function validateRecord(value: unknown): ValidationError[] {
  const errs: ValidationError[] = [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [{ field: '', message: `expected a JSON object, got ${typeName(value)}` }];
  }
  const o = value as Record<string, unknown>;
  for (const r of REQUIRED_FIELDS) if (o[r] === undefined) errs.push({ field: r, message: 'is required' });
  if (!IDENTIFIER_FIELDS.some((f) => o[f] !== undefined)) {
    errs.push({
      field: IDENTIFIER_FIELDS[0]!,
      message: `one of ${IDENTIFIER_FIELDS.join(', ')} is required`,
    });
  }
  for (const [k, v] of Object.entries(o)) {
    const rule = RECORD_RULES[k];
    if (rule) checkField(v, k, rule, errs);
  }
  return errs;
}

/** A validated JSON object → CanonicalRecord (defaults applied, unknown fields moved to extra). */
function toRecord(o: Record<string, unknown>): CanonicalRecord {
  const record: Record<string, unknown> = {};
  const unknown: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (k in RECORD_RULES) record[k] = v;
    else unknown[k] = v;
  }
  record.office ??= 'CN';
  record.applicants ??= [];
  if (Object.keys(unknown).length)
    record.extra = { ...unknown, ...((record.extra as object | undefined) ?? {}) };
  return record as unknown as CanonicalRecord;
}

export async function* parseJsonLines(
  input: AsyncIterable<Buffer | string>,
  fileName = '',
): AsyncGenerator<ImportItem> {
  let any = false;
  for await (const [n, line] of textLines(decodeText(input))) {
    if (line.trim() === '') continue;
    any = true;
    const ref = `line ${n}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      yield { ref, error: `invalid JSON: ${e instanceof Error ? e.message : String(e)}` };
      continue;
    }
    const errs = validateRecord(value);
    if (errs.length) {
      const item: ImportItem = {
        ref,
        error: errs.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join('; '),
      };
      if (errs[0]!.field) item.field = errs[0]!.field;
      yield item;
      continue;
    }
    yield { ref, record: toRecord(value as Record<string, unknown>) };
  }
  if (!any) throw new ImportFileError(`empty file${fileName ? ` ${fileName}` : ''}: no JSON line`);
}

/** true when the first non-blank line of the head starts a JSON object. */
export function looksLikeJsonLines(head: Buffer, fileName = ''): boolean {
  if (head.length === 0 || looksBinary(head)) return false;
  const first = decodeHead(head)
    .split(/\r?\n|\r/)
    .find((l) => l.trim() !== '');
  if (!first) return false;
  const t = first.trim();
  if (!t.startsWith('{')) return false;
  if (t.endsWith('}')) return true;
  return /\.(jsonl|ndjson)$/i.test(fileName) || head.length >= 65536;
}

export const jsonlImporter: Importer = {
  format: 'jsonl',
  detect: (head, fileName) => looksLikeJsonLines(head, fileName),
  parse: (input: Readable, fileName: string) => parseJsonLines(input, fileName),
};
