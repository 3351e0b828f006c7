import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { ImportItem } from '../domain/records/canonical.ts';
import type { FieldRule } from './jsonl.ts';
import {
  APPLICANT_REQUIRED,
  APPLICANT_RULES,
  EVENT_REQUIRED,
  EVENT_RULES,
  IDENTIFIER_FIELDS,
  RECORD_RULES,
  REQUIRED_FIELDS,
  jsonlImporter,
  parseJsonLines,
  validateRecord,
} from './jsonl.ts';

const SCHEMA_PATH = new URL('../../schemas/canonical-record.schema.json', import.meta.url);

interface JsonSchema {
  $schema?: string;
  type?: string;
  enum?: string[];
  pattern?: string;
  format?: string;
  minLength?: number;
  minimum?: number;
  maximum?: number;
  required?: string[];
  anyOf?: Array<{ required: string[] }>;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  additionalProperties?: boolean;
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
}

const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as JsonSchema;

function resolve(s: JsonSchema): JsonSchema {
  if (!s.$ref) return s;
  const name = s.$ref.replace('#/$defs/', '');
  return schema.$defs![name]!;
}

/** The FieldRule the schema states for a property, to compare with the hand validator's rule. */
function ruleOf(prop: JsonSchema): FieldRule {
  const p = resolve(prop);
  if (p.enum) return { type: 'enum', values: p.enum };
  if (p.type === 'string' && p.format === 'date') return { type: 'date' };
  if (p.type === 'string') {
    const r: { type: 'string'; minLength?: number; pattern?: RegExp } = { type: 'string' };
    if (p.minLength) r.minLength = p.minLength;
    if (p.pattern) r.pattern = new RegExp(p.pattern);
    return r;
  }
  if (p.type === 'number') return { type: 'number', minimum: p.minimum!, maximum: p.maximum! };
  if (p.type === 'integer') return { type: 'integer', minimum: p.minimum! };
  if (p.type === 'object') return { type: 'object' };
  if (p.type === 'array') {
    const items = resolve(p.items!);
    if (items === schema.$defs!.applicant) return { type: 'applicants' };
    if (items === schema.$defs!.event) return { type: 'events' };
    if (items.type === 'integer')
      return { type: 'integerArray', minimum: items.minimum!, maximum: items.maximum! };
    if (items.type === 'string')
      return items.minLength
        ? { type: 'stringArray', itemMinLength: items.minLength }
        : { type: 'stringArray' };
  }
  throw new Error(`no rule for ${JSON.stringify(prop)}`);
}

function normaliseRule(r: FieldRule): unknown {
  return 'pattern' in r && r.pattern ? { ...r, pattern: r.pattern.source } : r;
}

test('jsonl: the JSON Schema is draft 2020-12 and agrees with the hand validator', () => {
  assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
  assert.deepEqual(Object.keys(schema.properties!), Object.keys(RECORD_RULES));
  assert.deepEqual(schema.required, REQUIRED_FIELDS);
  assert.deepEqual(
    schema.anyOf!.map((a) => a.required[0]),
    IDENTIFIER_FIELDS,
  );
  for (const [name, prop] of Object.entries(schema.properties!)) {
    assert.deepEqual(normaliseRule(ruleOf(prop)), normaliseRule(RECORD_RULES[name]!), name);
  }
  const applicant = schema.$defs!.applicant!;
  assert.deepEqual(Object.keys(applicant.properties!), Object.keys(APPLICANT_RULES));
  assert.deepEqual(applicant.required, APPLICANT_REQUIRED);
  assert.equal(applicant.additionalProperties, false);
  for (const [name, prop] of Object.entries(applicant.properties!)) {
    assert.deepEqual(normaliseRule(ruleOf(prop)), normaliseRule(APPLICANT_RULES[name]!), `applicant.${name}`);
  }
  const event = schema.$defs!.event!;
  assert.deepEqual(Object.keys(event.properties!), Object.keys(EVENT_RULES));
  assert.deepEqual(event.required, EVENT_REQUIRED);
  for (const [name, prop] of Object.entries(event.properties!)) {
    assert.deepEqual(normaliseRule(ruleOf(prop)), normaliseRule(EVENT_RULES[name]!), `event.${name}`);
  }
  // the core fields the brief lists are all described
  for (const f of [
    'kind',
    'office',
    'patentType',
    'applicationNumber',
    'registrationNumber',
    'filingDate',
    'publicationNumber',
    'publicationDate',
    'grantDate',
    'registrationDate',
    'title',
    'abstract',
    'ipc',
    'niceClasses',
    'applicants',
    'events',
  ]) {
    assert.ok(f in schema.properties!, f);
  }
});

test('jsonl: the CanonicalRecord fields are all in the schema', () => {
  // keep in sync with src/domain/records/canonical.ts (CanonicalRecord)
  const canonical = [
    'kind',
    'office',
    'patentType',
    'copyrightType',
    'applicationNumber',
    'registrationNumber',
    'publicationNumber',
    'filingDate',
    'publicationDate',
    'grantDate',
    'registrationDate',
    'title',
    'abstract',
    'termCompensationDays',
    'termCompensationKind',
    'ipc',
    'cpc',
    'locarno',
    'niceClasses',
    'goodsServices',
    'category',
    'applicants',
    'inventors',
    'events',
    'source',
    'extra',
  ];
  assert.deepEqual(Object.keys(schema.properties!).sort(), [...canonical].sort());
});

test('jsonl: validateRecord', () => {
  assert.deepEqual(validateRecord({ kind: 'patent', applicationNumber: '202110123456.7' }), []);
  assert.deepEqual(validateRecord([]), [{ field: '', message: 'expected a JSON object, got array' }]);
  assert.deepEqual(validateRecord({ applicationNumber: '1' }), [{ field: 'kind', message: 'is required' }]);
  assert.deepEqual(validateRecord({ kind: 'patent' }), [
    {
      field: 'applicationNumber',
      message: 'one of applicationNumber, registrationNumber, publicationNumber is required',
    },
  ]);
  assert.deepEqual(
    validateRecord({
      kind: 'design',
      registrationNumber: '1',
      filingDate: '2021-02-30',
      niceClasses: [0, 9, 46.5],
    }),
    [
      { field: 'kind', message: 'expected one of patent, trademark, copyright, got "design"' },
      { field: 'filingDate', message: 'expected a date YYYY-MM-DD, got "2021-02-30"' },
      { field: 'niceClasses[0]', message: 'expected an integer from 1 to 45, got 0' },
      { field: 'niceClasses[2]', message: 'expected an integer from 1 to 45, got 46.5' },
    ],
  );
  assert.deepEqual(
    validateRecord({
      kind: 'trademark',
      registrationNumber: '1',
      office: 'cn',
      applicants: [{ uscc: 'x', role: 'owner' }, 'A'],
    }),
    [
      { field: 'office', message: '"cn" does not match ^[A-Z]{2}$' },
      { field: 'applicants[0].name', message: 'is required' },
      { field: 'applicants[0].role', message: 'unknown property' },
      { field: 'applicants[1]', message: 'expected an object, got string' },
    ],
  );
  assert.deepEqual(
    validateRecord({
      kind: 'patent',
      publicationNumber: 'CN1A',
      events: [{ code: 'PUB', date: '2021/03/01' }],
      ipc: 'G06F',
    }),
    [
      { field: 'events[0].date', message: 'expected a date YYYY-MM-DD, got "2021/03/01"' },
      { field: 'ipc', message: 'expected an array, got string' },
    ],
  );
});

async function collect(text: string | Buffer): Promise<ImportItem[]> {
  const out: ImportItem[] = [];
  for await (const item of parseJsonLines(Readable.from([Buffer.from(text)]), 'test.jsonl')) out.push(item);
  return out;
}

test('jsonl: records, defaults, invalid JSON and schema violations per line', async () => {
  const lines = [
    '{"kind":"patent","applicationNumber":"202110123456.7","title":"一种装置","applicants":[{"name":"甲公司","uscc":"91310104MA1FL8C21Q"}],"ipc":["G06F17/30"],"events":[{"code":"CF01","date":"2023-05-16","note":"未缴年费专利权终止"}]}',
    '',
    '{"kind":"trademark","office":"US","registrationNumber":"2824281","niceClasses":[9,42],"status":"live"}',
    '{"kind":"patent",',
    '{"kind":"copyright","registrationNumber":"2023SR1","registrationDate":"2023-02-29"}',
    '   ',
  ];
  const items = await collect('\uFEFF' + lines.join('\r\n') + '\r\n');
  assert.equal(items.length, 4);
  assert.deepEqual(items[0], {
    ref: 'line 1',
    record: {
      kind: 'patent',
      applicationNumber: '202110123456.7',
      title: '一种装置',
      applicants: [{ name: '甲公司', uscc: '91310104MA1FL8C21Q' }],
      ipc: ['G06F17/30'],
      events: [{ code: 'CF01', date: '2023-05-16', note: '未缴年费专利权终止' }],
      office: 'CN',
    },
  });
  assert.deepEqual(items[1], {
    ref: 'line 3',
    record: {
      kind: 'trademark',
      office: 'US',
      registrationNumber: '2824281',
      niceClasses: [9, 42],
      applicants: [],
      extra: { status: 'live' },
    },
  });
  assert.equal(items[2]!.ref, 'line 4');
  assert.match((items[2] as { error: string }).error, /^invalid JSON: /);
  assert.deepEqual(items[3], {
    ref: 'line 5',
    field: 'registrationDate',
    error: 'registrationDate: expected a date YYYY-MM-DD, got "2023-02-29"',
  });
});

test('jsonl: empty file and detection', async () => {
  await assert.rejects(collect('\n\n'), /empty file/);
  assert.equal(jsonlImporter.detect(Buffer.from('{"kind":"patent"}\n'), 'x.jsonl'), true);
  assert.equal(jsonlImporter.detect(Buffer.from('\n  {"kind":"patent",\n'), 'x.ndjson'), true);
  assert.equal(jsonlImporter.detect(Buffer.from('[{"kind":"patent"}]'), 'x.json'), false);
  assert.equal(jsonlImporter.detect(Buffer.from('申请号,专利名称\n'), 'x.csv'), false);
});
