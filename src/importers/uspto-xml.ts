/**
 * USPTO full-text XML importer ("Red Book" bulk files).
 *
 * A weekly file is several complete XML documents concatenated, each with its own `<?xml …?>`
 * declaration and DOCTYPE. The stream is split on the XML declarations (never loading the file)
 * and each document is parsed with saxes, keeping only its bibliographic part and abstract.
 *
 * Document types:
 * - `us-patent-grant` (grant DTD v4.0 – v4.5) and `us-patent-application` (v4.0 – v4.4),
 * - `patent-application-publication` (pre-grant publications, PAP v1.5 / v1.6, 2001-2004),
 * - `PATDOC` (2001 ST.32 SGML-derived grant XML),
 * - `sequence-cwu` sequence listings: not patents, skipped silently.
 *
 * Entities from the external DTDs (`&lsquo;`, `&lsqb;` …) are decoded from a built-in table; unknown
 * ones are kept verbatim. A document that cannot be read yields `{ref: 'document N (US…)', error}`;
 * a file that ends inside a document (truncated) or is not XML throws ImportFileError.
 */
import type { Readable } from 'node:stream';
import type {
  CanonicalApplicant,
  CanonicalEvent,
  CanonicalRecord,
  ImportItem,
  PatentType,
} from '../domain/records/canonical.ts';
import type { Importer } from './types.ts';
import { ImportFileError } from './types.ts';
import { decodeHead, decodeText } from './text-decode.ts';
import { normaliseClassSymbol, parseDate } from './normalise.ts';
import type { XNode } from './xml-tree.ts';
import { XmlCollector, all, at, kids, paragraphsText, rawText, text, textAt } from './xml-tree.ts';

const PATENT_ROOTS = new Set([
  'us-patent-grant',
  'us-patent-application',
  'patent-application-publication',
  'PATDOC',
]);

/** Subtrees never needed for the canonical record (they hold most of the bytes). */
const SKIPPED = new Set([
  'description',
  'claims',
  'drawings',
  'us-claim-statement',
  'references-cited',
  'us-references-cited',
  'us-field-of-classification-search',
  'field-of-search',
  'examiners',
  'agents',
  'correspondence-address',
  'us-sequence-list-doc',
  'sequence-list-doc',
  'table-external-doc',
  'us-chemistry',
  'us-math',
  'us-bibliographic-data-grant-continued',
  'subdoc-description',
  'subdoc-claims',
  'subdoc-drawings',
  'subdoc-sequence-list',
  'SDODE',
  'SDOCL',
  'SDODR',
  'B560',
  'B580',
]);

/** Document ID used in refs: country + doc-number (`US07272630`), when known. */
function documentId(root: XNode | undefined): string | undefined {
  if (!root) return undefined;
  let doc: XNode | undefined;
  let country: string | undefined;
  if (root.name === 'PATDOC') {
    const num = textAt(root, 'SDOBI/B100/B110/DNUM/PDAT');
    country = textAt(root, 'SDOBI/B100/B190/PDAT');
    return num ? `${country ?? 'US'}${num}` : undefined;
  }
  if (root.name === 'patent-application-publication') {
    doc = at(root, 'subdoc-bibliographic-information/document-id');
  } else {
    const bib =
      kids(root, 'us-bibliographic-data-grant')[0] ?? kids(root, 'us-bibliographic-data-application')[0];
    doc = at(bib ?? root, 'publication-reference/document-id');
  }
  const num = textAt(doc, 'doc-number');
  country = textAt(doc, 'country');
  return num ? `${country ?? 'US'}${num}` : undefined;
}

class DateError extends Error {
  constructor(
    readonly field: string,
    readonly raw: string,
  ) {
    super(`${field}: invalid date "${raw}"`);
  }
}

/** `20050104` → `2005-01-04`; throws DateError (→ document error) for a non-date. */
function date(raw: string | undefined, field: string): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  const d = parseDate(raw);
  if (!d) throw new DateError(field, raw);
  return d;
}

function uniq(values: Array<string | undefined>): string[] {
  const out: string[] = [];
  for (const v of values) if (v && !out.includes(v)) out.push(v);
  return out;
}

/** IPC/CPC symbol from the structured IPCR/CPC form (section, class, subclass, main-group, subgroup). */
function structuredSymbol(n: XNode): string | undefined {
  const section = textAt(n, 'section');
  const cls = textAt(n, 'class');
  const subclass = textAt(n, 'subclass');
  const group = textAt(n, 'main-group');
  const subgroup = textAt(n, 'subgroup');
  if (!section || !cls || !subclass) return undefined;
  if (!group) return `${section}${cls}${subclass}`;
  return normaliseClassSymbol(`${section}${cls}${subclass}${group}/${subgroup ?? '00'}`);
}

/** Locarno class as written `2102` / `1403` → `21-02`. */
function locarno(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const s = raw.replace(/\s+/g, '');
  const m = /^(\d{1,2})[-./]?(\d{2})$/.exec(s);
  if (m) return `${m[1]!.padStart(2, '0')}-${m[2]}`;
  return s || undefined;
}

function personName(book: XNode | undefined): string | undefined {
  if (!book) return undefined;
  const org = textAt(book, 'orgname');
  if (org) return org;
  const name = [textAt(book, 'first-name'), textAt(book, 'middle-name'), textAt(book, 'last-name')]
    .filter(Boolean)
    .join(' ');
  if (name) return name;
  return textAt(book, 'name');
}

/** A party (assignee, applicant, inventor) of the v4.x DTDs. */
function party(n: XNode): CanonicalApplicant | undefined {
  const book = at(n, 'addressbook') ?? n;
  const name = personName(book);
  if (!name) return undefined;
  const addr = at(book, 'address');
  const applicant: CanonicalApplicant = { name };
  const country = textAt(addr, 'country') ?? textAt(n, 'residence/country');
  if (country && country.toLowerCase() !== 'unknown') applicant.country = country;
  const address = [textAt(addr, 'street'), textAt(addr, 'city'), textAt(addr, 'state')]
    .filter(Boolean)
    .join(', ');
  if (address) applicant.address = address;
  return applicant;
}

function dedupeApplicants(list: Array<CanonicalApplicant | undefined>): CanonicalApplicant[] {
  const out: CanonicalApplicant[] = [];
  for (const a of list) if (a && !out.some((o) => o.name === a.name)) out.push(a);
  return out;
}

interface TypeInfo {
  patentType?: PatentType;
  extra: Record<string, unknown>;
}

/** patentType from the application type (`appl-type`) or, failing that, the kind code. */
function typeOf(applType: string | undefined, kind: string | undefined): TypeInfo {
  const extra: Record<string, unknown> = {};
  const t = applType?.toLowerCase();
  const k = kind?.toUpperCase() ?? '';
  if (t === 'reissue' || k.startsWith('E')) {
    extra.reissue = true;
    return { patentType: 'invention', extra };
  }
  if (t === 'sir' || k.startsWith('H')) {
    extra.statutoryInventionRegistration = true;
    return { patentType: 'invention', extra };
  }
  if (t === 'design' || k.startsWith('S')) return { patentType: 'design', extra };
  if (t === 'plant' || k.startsWith('P')) return { patentType: 'plant', extra };
  if (t === 'utility' || /^[AB]/.test(k)) return { patentType: 'invention', extra };
  return { extra };
}

function prune<T extends object>(obj: T): T {
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0))
      delete (obj as Record<string, unknown>)[k];
  }
  return obj;
}

/** us-patent-grant / us-patent-application (DTD v4.0 – v4.5). */
function fromRedBook(root: XNode): CanonicalRecord {
  const isGrant = root.name === 'us-patent-grant';
  const bib = at(root, isGrant ? 'us-bibliographic-data-grant' : 'us-bibliographic-data-application');
  if (!bib) throw new Error(`missing <us-bibliographic-data-${isGrant ? 'grant' : 'application'}>`);
  const pub = at(bib, 'publication-reference/document-id');
  const docNumber = textAt(pub, 'doc-number');
  const kind = textAt(pub, 'kind');
  const country = textAt(pub, 'country') ?? 'US';
  const pubDate = date(textAt(pub, 'date'), 'publicationDate');
  const appRef = at(bib, 'application-reference');
  const applType = appRef?.attrs['appl-type'];
  const appDoc = at(appRef, 'document-id');

  const ipc = uniq([
    ...all(bib, 'classification-ipc').flatMap((c) =>
      [...kids(c, 'main-classification'), ...kids(c, 'further-classification')].map((n) =>
        normaliseClassSymbol(rawText(n)),
      ),
    ),
    ...all(bib, 'classifications-ipcr/classification-ipcr').map(structuredSymbol),
  ]);
  const cpc = uniq(
    [
      ...all(bib, 'classifications-cpc/main-cpc/classification-cpc'),
      ...all(bib, 'classifications-cpc/further-cpc/classification-cpc'),
    ].map(structuredSymbol),
  );

  const assignees = dedupeApplicants(all(bib, 'assignees/assignee').map(party));
  const applicantNodes = [
    ...all(bib, 'parties/applicants/applicant'),
    ...all(bib, 'us-parties/us-applicants/us-applicant'),
  ];
  const inventorNodes = [
    ...all(bib, 'parties/inventors/inventor'),
    ...all(bib, 'us-parties/inventors/inventor'),
  ];
  const inventors = uniq(
    (inventorNodes.length
      ? inventorNodes
      : applicantNodes.filter((n) => (n.attrs['app-type'] ?? '').includes('inventor'))
    ).map((n) => personName(at(n, 'addressbook') ?? n)),
  );
  const applicants = assignees.length ? assignees : dedupeApplicants(applicantNodes.map(party));

  const { patentType, extra } = typeOf(applType, kind);
  const series = textAt(bib, 'us-application-series-code');
  const locarnoNode = at(bib, 'classification-locarno');
  const related = at(bib, 'us-related-documents/related-publication/document-id');
  Object.assign(extra, {
    documentType: root.name,
    dtdVersion: root.attrs['dtd-version'],
    kindCode: kind,
    applicationType: applType,
    seriesCode: series,
    locarnoEdition: textAt(locarnoNode, 'edition'),
    relatedPublication: related
      ? `${textAt(related, 'country') ?? 'US'}${textAt(related, 'doc-number') ?? ''}${textAt(related, 'kind') ?? ''}`
      : undefined,
  });

  const record: CanonicalRecord = {
    kind: 'patent',
    office: country,
    patentType,
    applicationNumber: textAt(appDoc, 'doc-number'),
    publicationNumber: docNumber ? `${country}${docNumber}${kind ?? ''}` : undefined,
    filingDate: date(textAt(appDoc, 'date'), 'filingDate'),
    publicationDate: pubDate,
    grantDate: isGrant ? pubDate : undefined,
    title: text(at(bib, 'invention-title')),
    abstract: paragraphsText(at(root, 'abstract')),
    ipc,
    cpc,
    locarno: locarno(textAt(locarnoNode, 'main-classification')),
    applicants,
    inventors,
    events: pubDate ? [{ code: isGrant ? 'GRANT' : 'PUB', date: pubDate }] : [],
    source: 'uspto-xml',
    extra: prune(extra),
  };
  return prune(record);
}

/** PAP name: given-name middle-name family-name name-suffix. */
function papName(n: XNode | undefined): string | undefined {
  const name = at(n, 'name');
  if (!name) return undefined;
  const parts = ['given-name', 'middle-name', 'family-name', 'name-suffix'].map((k) => textAt(name, k));
  const s = parts.filter(Boolean).join(' ');
  return s || text(name) || undefined;
}

/** patent-application-publication (PAP v1.5 / v1.6). */
function fromPap(root: XNode): CanonicalRecord {
  const bib = at(root, 'subdoc-bibliographic-information');
  if (!bib) throw new Error('missing <subdoc-bibliographic-information>');
  const doc = at(bib, 'document-id');
  const docNumber = textAt(doc, 'doc-number');
  const kind = textAt(doc, 'kind-code');
  const country = textAt(doc, 'country-code') ?? 'US';
  const pubDate = date(textAt(doc, 'document-date'), 'publicationDate');
  const filing = at(bib, 'domestic-filing-data');
  const tech = at(bib, 'technical-information');
  const ipc = uniq(
    [
      ...all(tech, 'classification-ipc/classification-ipc-primary/ipc'),
      ...all(tech, 'classification-ipc/classification-ipc-secondary/ipc'),
    ].map((n) => normaliseClassSymbol(rawText(n))),
  );
  const inventorNodes = [...all(bib, 'inventors/first-named-inventor'), ...all(bib, 'inventors/inventor')];
  const inventors = uniq(inventorNodes.map(papName));
  const assignees = dedupeApplicants(
    all(bib, 'assignee').map((a) => {
      const name = textAt(a, 'organization-name') ?? papName(a);
      return name ? { name } : undefined;
    }),
  );
  const applicants = assignees.length
    ? assignees
    : dedupeApplicants(
        inventorNodes.map((n) => {
          const name = papName(n);
          if (!name) return undefined;
          const a: CanonicalApplicant = { name };
          const res = at(n, 'residence/residence-us') ?? at(n, 'residence/residence-non-us');
          const c = textAt(res, 'country-code');
          if (c) a.country = c;
          const address = [textAt(res, 'city'), textAt(res, 'state')].filter(Boolean).join(', ');
          if (address) a.address = address;
          return a;
        }),
      );
  const { patentType, extra } = typeOf(undefined, kind);
  Object.assign(extra, {
    documentType: root.name,
    kindCode: kind,
    seriesCode: textAt(filing, 'application-number-series-code'),
    publicationFilingType: textAt(bib, 'publication-filing-type'),
  });
  const record: CanonicalRecord = {
    kind: 'patent',
    office: country,
    patentType,
    applicationNumber: textAt(filing, 'application-number/doc-number'),
    publicationNumber: docNumber ? `${country}${docNumber}${kind ?? ''}` : undefined,
    filingDate: date(textAt(filing, 'filing-date'), 'filingDate'),
    publicationDate: pubDate,
    title: textAt(tech, 'title-of-invention'),
    abstract: paragraphsText(at(root, 'subdoc-abstract')),
    ipc,
    applicants,
    inventors,
    events: pubDate ? [{ code: 'PUB', date: pubDate }] : [],
    source: 'uspto-xml',
    extra: prune(extra),
  };
  return prune(record);
}

/** Text of an ST.32 element: the PDAT leaves. */
function pdat(n: XNode | undefined): string | undefined {
  const t = text(n);
  return t === '' ? undefined : t;
}

function st32Party(p: XNode | undefined): CanonicalApplicant | undefined {
  const nam = at(p, 'NAM');
  if (!nam) return undefined;
  const org = pdat(at(nam, 'ONM'));
  const name = org ?? [pdat(at(nam, 'FNM')), pdat(at(nam, 'SNM'))].filter(Boolean).join(' ');
  if (!name) return undefined;
  const a: CanonicalApplicant = { name };
  const country = pdat(at(p, 'ADR/CTRY'));
  if (country) a.country = country;
  const address = [pdat(at(p, 'ADR/STR')), pdat(at(p, 'ADR/CITY')), pdat(at(p, 'ADR/STATE'))]
    .filter(Boolean)
    .join(', ');
  if (address) a.address = address;
  return a;
}

/** PATDOC (ST.32 2001 grant XML, "SGML" format). */
function fromPatdoc(root: XNode): CanonicalRecord {
  const bib = at(root, 'SDOBI');
  if (!bib) throw new Error('missing <SDOBI>');
  const docNumber = pdat(at(bib, 'B100/B110/DNUM'));
  const kind = pdat(at(bib, 'B100/B130'));
  const country = pdat(at(bib, 'B100/B190')) ?? 'US';
  const pubDate = date(pdat(at(bib, 'B100/B140/DATE')), 'publicationDate');
  const { patentType, extra } = typeOf(undefined, kind);
  const b510 = at(bib, 'B500/B510');
  // fixed-width symbols (`B32B  302`): keep the inner spaces
  const classes = [...kids(b510, 'B511'), ...kids(b510, 'B512')].map((n) => rawText(n).trim());
  let ipc: string[] = [];
  let loc: string | undefined;
  if (patentType === 'design') loc = locarno(classes[0]);
  else ipc = uniq(classes.map(normaliseClassSymbol));
  const inventors = uniq(all(bib, 'B700/B720/B721/PARTY-US').map((p) => st32Party(p)?.name));
  const assignees = dedupeApplicants(all(bib, 'B700/B730/B731/PARTY-US').map(st32Party));
  const applicants = assignees.length
    ? assignees
    : dedupeApplicants(all(bib, 'B700/B720/B721/PARTY-US').map(st32Party));
  Object.assign(extra, {
    documentType: root.name,
    dtdVersion: root.attrs.DTD,
    kindCode: kind,
    seriesCode: pdat(at(bib, 'B200/B211US')),
    locarnoEdition: patentType === 'design' ? pdat(at(b510, 'B516')) : undefined,
  });
  const record: CanonicalRecord = {
    kind: 'patent',
    office: country,
    patentType,
    applicationNumber: pdat(at(bib, 'B200/B210/DNUM')),
    publicationNumber: docNumber ? `${country}${docNumber}${kind ?? ''}` : undefined,
    filingDate: date(pdat(at(bib, 'B200/B220/DATE')), 'filingDate'),
    publicationDate: pubDate,
    grantDate: pubDate,
    title: pdat(at(bib, 'B500/B540')),
    abstract: paragraphsText(at(root, 'SDOAB')),
    ipc,
    locarno: loc,
    applicants,
    inventors,
    events: pubDate ? [{ code: 'GRANT', date: pubDate } satisfies CanonicalEvent] : [],
    source: 'uspto-xml',
    extra: prune(extra),
  };
  return prune(record);
}

function toItem(root: XNode, ref: string): ImportItem | undefined {
  try {
    switch (root.name) {
      case 'us-patent-grant':
      case 'us-patent-application':
        return { ref, record: fromRedBook(root) };
      case 'patent-application-publication':
        return { ref, record: fromPap(root) };
      case 'PATDOC':
        return { ref, record: fromPatdoc(root) };
      case 'sequence-cwu':
        return undefined;
      default:
        return { ref, error: `unsupported document type <${root.name}>` };
    }
  } catch (e) {
    if (e instanceof DateError) return { ref, field: e.field, error: e.message };
    return { ref, error: e instanceof Error ? e.message : String(e) };
  }
}

interface Doc {
  index: number;
  startLine: number;
  collector: XmlCollector;
  root?: XNode;
  sawContent: boolean;
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** Index of the next `<?xml` declaration (followed by whitespace), -1 if none (or undecidable yet). */
function findDeclaration(buf: string, from: number): number {
  let i = buf.indexOf('<?xml', from);
  while (i >= 0) {
    if (i + 5 >= buf.length) return -1;
    if (/\s/.test(buf[i + 5]!)) return i;
    i = buf.indexOf('<?xml', i + 5);
  }
  return -1;
}

/** Splits a decoded text stream into documents and turns each into ImportItems. */
export async function* parseUsptoXml(
  input: AsyncIterable<Buffer | string>,
  fileName = '',
): AsyncGenerator<ImportItem> {
  let docs = 0;
  let line = 1;
  let doc: Doc | undefined;
  let buf = '';
  const out: ImportItem[] = [];
  const where = fileName ? ` in ${fileName}` : '';

  const newDoc = (): Doc => {
    const d: Doc = {
      index: ++docs,
      startLine: line,
      sawContent: false,
      collector: new XmlCollector({
        capture: (_name, depth) => depth === 1,
        skip: (name, depth, root) =>
          SKIPPED.has(name) ||
          (root.name === 'sequence-cwu' && depth === 2 && name !== 'publication-reference'),
        onNode: (node) => {
          d.root = node;
        },
      }),
    };
    return d;
  };

  const refOf = (d: Doc): string => {
    const id = documentId(d.root ?? d.collector.current);
    return `document ${d.index}${id ? ` (${id})` : ''}`;
  };

  const feed = (s: string): void => {
    if (s === '') return;
    if (!doc) {
      if (s.trim() === '') {
        line += countNewlines(s);
        return;
      }
      doc = newDoc();
    }
    if (!doc.sawContent) {
      const m = /\S/.exec(s);
      if (m) {
        doc.sawContent = true;
        if (s[m.index] !== '<') {
          const at = line + countNewlines(s.slice(0, m.index));
          throw new ImportFileError(
            `not an XML file${where}: unexpected text at line ${at} where an XML declaration or element was expected`,
            `line ${at}`,
          );
        }
      }
    }
    doc.collector.write(s);
    line += countNewlines(s);
  };

  const finish = (last: boolean): void => {
    const d = doc;
    doc = undefined;
    if (!d) return;
    d.collector.close();
    const c = d.collector;
    if (!c.rootName) {
      if (d.sawContent) out.push({ ref: refOf(d), error: 'no XML element found in document' });
      return;
    }
    if (c.error || !c.rootClosed) {
      const endLine = d.startLine + c.line - 1;
      const errLine = d.startLine + (c.errorLine ?? c.line) - 1;
      if (last && !c.rootClosed) {
        throw new ImportFileError(
          `truncated XML${where}: ${refOf(d)} (starting at line ${d.startLine}) ends at line ${endLine} before its closing </${c.rootName}> tag`,
          refOf(d),
        );
      }
      const why = (c.error ?? 'document is incomplete').replace(/^\d+:\d+: /, '');
      out.push({ ref: refOf(d), error: `malformed XML at line ${errLine}: ${why}` });
      return;
    }
    if (!d.root) return;
    if (d.index === 1 && !PATENT_ROOTS.has(d.root.name) && d.root.name !== 'sequence-cwu') {
      throw new ImportFileError(
        `not a USPTO patent XML file${where}: root element <${d.root.name}> (expected us-patent-grant, us-patent-application, patent-application-publication or PATDOC)`,
        refOf(d),
      );
    }
    const item = toItem(d.root, refOf(d));
    if (item) out.push(item);
  };

  const pump = (final: boolean): void => {
    for (;;) {
      const i = findDeclaration(buf, 0);
      if (i < 0) {
        const safe = final ? buf.length : Math.max(0, buf.length - 6);
        feed(buf.slice(0, safe));
        buf = buf.slice(safe);
        return;
      }
      feed(buf.slice(0, i));
      finish(false);
      doc = newDoc();
      feed(buf.slice(i, i + 6));
      buf = buf.slice(i + 6);
    }
  };

  for await (const chunk of decodeText(input)) {
    buf += chunk;
    pump(false);
    if (out.length) yield* out.splice(0);
  }
  pump(true);
  if (out.length) yield* out.splice(0);
  if (docs === 0) throw new ImportFileError(`empty file${where}: no XML document found`);
  finish(true);
  yield* out.splice(0);
}

/** true when the head of a file is USPTO patent XML. */
export function looksLikeUsptoXml(head: Buffer): boolean {
  const s = decodeHead(head).slice(0, 8192);
  if (!/^\s*(<\?xml|<!DOCTYPE|<!--)/.test(s)) return false;
  return /<(!DOCTYPE\s+)?(us-patent-grant|us-patent-application|patent-application-publication|PATDOC|sequence-cwu)[\s>]/.test(
    s,
  );
}

export const usptoXmlImporter: Importer = {
  format: 'uspto-xml',
  detect: (head) => looksLikeUsptoXml(head),
  parse: (input: Readable, fileName: string) => parseUsptoXml(input, fileName),
};
