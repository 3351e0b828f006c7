/**
 * Trademark XML importer: WIPO ST.66 (`Transaction/…/TradeMark`) and WIPO ST.96
 * (`Transaction` 1.D3 or `TrademarkTransaction` 2.x, `…/Trademark`), as served e.g. by USPTO TSDR.
 *
 * One record per TradeMark/Trademark element, streamed with saxes (element names matched without
 * namespace prefixes). ST.66 files from USPTO put `ApplicantDetails` next to the TradeMark
 * (in `TransactionData`), so ST.66 marks are emitted when their TransactionData closes.
 *
 * Applicants: the parties of the latest ownership stage. USPTO lists every party with a party-type
 * code (10 original applicant, 20 owner at publication, 30 original registrant, 31+ subsequent
 * owners; ST.66 `PartyTypeCode`, ST.96 `sequenceNumber` + role comment); when every party carries
 * such a code, only those with the highest code are applicants. All parties are kept in
 * `extra.parties`.
 */
import type { Readable } from 'node:stream';
import type {
  CanonicalApplicant,
  CanonicalEvent,
  CanonicalRecord,
  ImportItem,
} from '../domain/records/canonical.ts';
import type { Importer } from './types.ts';
import { ImportFileError } from './types.ts';
import { decodeHead, decodeText } from './text-decode.ts';
import { parseDate } from './normalise.ts';
import type { XNode } from './xml-tree.ts';
import { XmlCollector, all, at, descendants, kids, text, textAt } from './xml-tree.ts';

type Flavour = 'ST.66' | 'ST.96';

interface Party {
  name: string;
  role?: string;
  code?: number;
  applicant: CanonicalApplicant;
}

class FieldError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** `2000-05-09-04:00` / `1998-08-04` → `YYYY-MM-DD` */
function date(raw: string | undefined, field: string): string | undefined {
  if (!raw) return undefined;
  const d = parseDate(raw.slice(0, 10)) ?? parseDate(raw);
  if (!d) throw new FieldError(field, `${field}: invalid date "${raw}"`);
  return d;
}

function addressOf(n: XNode | undefined): { address?: string; country?: string } {
  if (!n) return {};
  // ST.66 FormattedAddress / ST.96 PostalStructuredAddress / PostalAddressText lines
  const lines = [
    ...['AddressBuilding', 'AddressRoom', 'AddressStreet'].flatMap((k) => descendants(n, k).map(text)),
    ...descendants(n, 'AddressLineText').map(text),
    ...descendants(n, 'PostalAddressText').map(text),
    ...['AddressCity', 'CityName', 'AddressState', 'GeographicRegionName'].flatMap((k) =>
      descendants(n, k).map(text),
    ),
  ].filter(Boolean);
  const country =
    descendants(n, 'FormattedAddressCountryCode').map(text)[0] || descendants(n, 'CountryCode').map(text)[0];
  const out: { address?: string; country?: string } = {};
  if (lines.length) out.address = lines.join(', ');
  if (country) out.country = country;
  return out;
}

/** ST.66 Applicant (ApplicantAddressBook / FreeFormatName lines, ApplicantExt party type). */
function st66Party(n: XNode): Party | undefined {
  const book = at(n, 'ApplicantAddressBook');
  const nameLines = descendants(at(book, 'FormattedNameAddress/Name'), 'FreeFormatNameLine').map(text);
  const name =
    nameLines.filter(Boolean).join(' ') ||
    text(at(book, 'FormattedNameAddress/Name/FormattedName/OrganizationName')) ||
    '';
  if (!name) return undefined;
  const { address, country } = addressOf(at(book, 'FormattedNameAddress/Address'));
  const applicant: CanonicalApplicant = { name };
  const cc = country ?? textAt(n, 'ApplicantIncorporationCountryCode');
  if (cc) applicant.country = cc;
  if (address) applicant.address = address;
  const codeText = descendants(n, 'PartyTypeCode').map(text)[0];
  const role = descendants(n, 'PartyTypeDescriptionText').map(text)[0];
  return {
    name,
    role: role || undefined,
    code: codeText && /^\d+$/.test(codeText) ? Number(codeText) : undefined,
    applicant,
  };
}

/** ST.96 Applicant (Contact/Name, role in CommentText, USPTO party type in sequenceNumber). */
function st96Party(n: XNode): Party | undefined {
  const contact = at(n, 'Contact');
  const nameNode = at(contact, 'Name');
  const name =
    textAt(nameNode, 'EntityName') ??
    textAt(nameNode, 'OrganizationName/OrganizationStandardName') ??
    textAt(nameNode, 'PersonName/PersonFullName') ??
    text(nameNode);
  if (!name) return undefined;
  const { address, country } = addressOf(at(contact, 'PostalAddressBag'));
  const applicant: CanonicalApplicant = { name };
  const cc = country ?? textAt(n, 'IncorporationCountryCode');
  if (cc) applicant.country = cc;
  if (address) applicant.address = address;
  const role = textAt(n, 'CommentText') ?? textAt(n, 'Version/CommentText');
  const seq = n.attrs.sequenceNumber;
  return {
    name,
    role,
    code: role && seq && /^\d+$/.test(seq) ? Number(seq) : undefined,
    applicant,
  };
}

/** Parties of the latest ownership stage (see module comment). */
function currentApplicants(parties: Party[]): CanonicalApplicant[] {
  let chosen = parties;
  if (parties.length > 1 && parties.every((p) => p.code !== undefined)) {
    const max = Math.max(...parties.map((p) => p.code!));
    chosen = parties.filter((p) => p.code === max);
  }
  const out: CanonicalApplicant[] = [];
  for (const p of chosen) if (!out.some((a) => a.name === p.applicant.name)) out.push(p.applicant);
  return out;
}

function classNumber(raw: string, field: string): number {
  const n = Number(raw.trim());
  if (!Number.isInteger(n) || n < 1 || n > 45)
    throw new FieldError(field, `${field}: invalid Nice class "${raw}"`);
  return n;
}

function prune<T extends object>(obj: T): T {
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0))
      delete (obj as Record<string, unknown>)[k];
  }
  return obj;
}

function buildRecord(tm: XNode, flavour: Flavour, outsideApplicants: XNode[]): CanonicalRecord {
  const office = textAt(tm, 'RegistrationOfficeCode') ?? textAt(tm, 'ApplicationNumber/IPOfficeCode') ?? 'US';
  const appNode = at(tm, 'ApplicationNumber');
  const applicationNumber = textAt(appNode, 'ApplicationNumberText') ?? (text(appNode) || undefined);

  // Nice classes and goods & services
  const classes: number[] = [];
  const goods: string[] = [];
  const pushClass = (n: number): void => {
    if (!classes.includes(n)) classes.push(n);
  };
  if (flavour === 'ST.66') {
    for (const cd of all(tm, 'GoodsServicesDetails/GoodsServices/ClassDescriptionDetails/ClassDescription')) {
      const cn = textAt(cd, 'ClassNumber');
      if (cn) pushClass(classNumber(cn, 'niceClasses'));
      const desc = textAt(cd, 'GoodsServicesDescription');
      if (desc) goods.push(cn ? `${cn}: ${desc}` : desc);
    }
  } else {
    const gsList = all(tm, 'GoodsServicesBag/GoodsServices');
    for (const gs of gsList) {
      for (const c of all(gs, 'GoodsServicesClassificationBag/GoodsServicesClassification')) {
        if (textAt(c, 'ClassificationKindCode')?.toLowerCase() === 'nice') {
          const cn = textAt(c, 'ClassNumber');
          if (cn) pushClass(classNumber(cn, 'niceClasses'));
        }
      }
      for (const cd of all(gs, 'ClassDescriptionBag/ClassDescription')) {
        const cn = textAt(cd, 'ClassNumber');
        const desc = kids(cd, 'GoodsServicesDescriptionText').map(text).filter(Boolean).join(' ');
        if (cn && classes.length === 0) pushClass(classNumber(cn, 'niceClasses'));
        if (desc) goods.push(cn ? `${cn}: ${desc}` : desc);
      }
    }
  }

  // parties
  const partyNodes =
    flavour === 'ST.66'
      ? [...all(tm, 'ApplicantDetails/Applicant'), ...outsideApplicants]
      : all(tm, 'ApplicantBag/Applicant');
  const parties = partyNodes
    .map((n) => (flavour === 'ST.66' ? st66Party(n) : st96Party(n)))
    .filter((p): p is Party => p !== undefined);

  // prosecution history
  const events: CanonicalEvent[] = [];
  const eventNodes =
    flavour === 'ST.66' ? all(tm, 'MarkEventDetails/MarkEvent') : all(tm, 'MarkEventBag/MarkEvent');
  for (const ev of eventNodes) {
    const code = textAt(ev, 'MarkEventCode') ?? textAt(ev, 'NationalMarkEvent/MarkEventCode');
    const d = date(textAt(ev, 'MarkEventDate'), 'events');
    if (!code || !d) continue;
    const note =
      textAt(ev, 'NationalMarkEvent/MarkEventDescriptionText') ??
      textAt(ev, 'MarkEventDescriptionText') ??
      textAt(ev, 'MarkEventExt/MarkEventInternalDescriptionText');
    events.push(note ? { code, date: d, note } : { code, date: d });
  }

  const publication =
    flavour === 'ST.66'
      ? textAt(tm, 'PublicationDetails/Publication/PublicationDate')
      : textAt(tm, 'PublicationBag/Publication/PublicationDate');
  const statusText =
    textAt(tm, 'TradeMarkExt/MarkCurrentStatusExternalDescriptionText') ??
    textAt(tm, 'NationalTrademarkInformation/MarkCurrentStatusExternalDescriptionText');

  const record: CanonicalRecord = {
    kind: 'trademark',
    office,
    applicationNumber,
    registrationNumber: textAt(tm, 'RegistrationNumber'),
    filingDate: date(textAt(tm, 'ApplicationDate'), 'filingDate'),
    publicationDate: date(publication, 'publicationDate'),
    registrationDate: date(textAt(tm, 'RegistrationDate'), 'registrationDate'),
    title:
      textAt(tm, 'WordMarkSpecification/MarkVerbalElementText') ??
      textAt(tm, 'MarkRepresentation/MarkReproduction/WordMarkSpecification/MarkVerbalElementText'),
    niceClasses: classes,
    goodsServices: goods.join('\n'),
    applicants: currentApplicants(parties),
    events,
    source: 'tm-xml',
    extra: prune({
      format: flavour,
      markCategory: textAt(tm, 'KindMark') ?? textAt(tm, 'MarkCategory'),
      markFeature:
        textAt(tm, 'MarkFeature') ?? textAt(tm, 'MarkRepresentation/MarkFeatureCategory') ?? undefined,
      statusCode: textAt(tm, 'MarkCurrentStatusCode'),
      statusDate: date(textAt(tm, 'MarkCurrentStatusDate'), 'extra.statusDate'),
      status: statusText,
      parties: parties.map((p) => prune({ name: p.name, role: p.role, code: p.code })),
    }),
  };
  if (record.applicants.length === 0) record.applicants = [];
  return prune(record);
}

const TM_ROOTS = new Set(['Transaction', 'TrademarkTransaction']);

export async function* parseTrademarkXml(
  input: AsyncIterable<Buffer | string>,
  fileName = '',
): AsyncGenerator<ImportItem> {
  const where = fileName ? ` in ${fileName}` : '';
  const out: ImportItem[] = [];
  let count = 0;
  // ST.66: marks wait for their TransactionData to close (applicants may follow them)
  let pendingMarks: XNode[] = [];
  let pendingApplicants: XNode[] = [];
  let sawContent = false;

  const refOf = (tm: XNode | undefined, n: number): string => {
    const id = textAt(tm, 'RegistrationNumber')
      ? `reg. ${textAt(tm, 'RegistrationNumber')}`
      : (textAt(tm, 'ApplicationNumber/ApplicationNumberText') ?? textAt(tm, 'ApplicationNumber'));
    return `trademark ${n}${id ? ` (${id})` : ''}`;
  };

  const emit = (tm: XNode, flavour: Flavour, outside: XNode[]): void => {
    const n = ++count;
    const ref = refOf(tm, n);
    try {
      out.push({ ref, record: buildRecord(tm, flavour, outside) });
    } catch (e) {
      if (e instanceof FieldError) out.push({ ref, field: e.field, error: e.message });
      else out.push({ ref, error: e instanceof Error ? e.message : String(e) });
    }
  };

  const collector = new XmlCollector({
    capture: (name) => name === 'TradeMark' || name === 'Trademark' || name === 'ApplicantDetails',
    onNode: (node) => {
      if (node.name === 'TradeMark') pendingMarks.push(node);
      else if (node.name === 'ApplicantDetails') pendingApplicants.push(...kids(node, 'Applicant'));
      else emit(node, 'ST.96', []);
    },
    onClose: (name) => {
      if (name === 'TransactionData' || name === 'TradeMarkTransactionBody') {
        for (const tm of pendingMarks) emit(tm, 'ST.66', pendingApplicants);
        pendingMarks = [];
        pendingApplicants = [];
      }
    },
  });

  for await (const chunk of decodeText(input)) {
    if (!sawContent) {
      const m = /\S/.exec(chunk);
      if (m) {
        sawContent = true;
        if (chunk[m.index] !== '<')
          throw new ImportFileError(`not an XML file${where}: text found before any element`);
      }
    }
    collector.write(chunk);
    if (collector.rootName && !TM_ROOTS.has(collector.rootName)) {
      throw new ImportFileError(
        `not a trademark XML file${where}: root element <${collector.rootName}> (expected WIPO ST.66 / ST.96 Transaction)`,
      );
    }
    if (collector.error) break;
    if (out.length) yield* out.splice(0);
  }
  collector.close();
  if (!sawContent) throw new ImportFileError(`empty file${where}`);
  if (collector.error || !collector.rootClosed) {
    const partial = collector.current;
    const ref = partial ? refOf(partial, count + 1) : undefined;
    throw new ImportFileError(
      collector.rootClosed
        ? `malformed XML${where} at line ${collector.errorLine ?? collector.line}: ${(collector.error ?? '').replace(/^\d+:\d+: /, '')}`
        : `truncated XML${where}: the file ends at line ${collector.line} before the closing </${collector.rootName ?? 'Transaction'}> tag${ref ? ` (inside ${ref})` : ''}`,
      ref,
    );
  }
  for (const tm of pendingMarks) emit(tm, 'ST.66', pendingApplicants);
  yield* out.splice(0);
}

/** true when the head of a file is a WIPO ST.66 / ST.96 trademark transaction. */
export function looksLikeTrademarkXml(head: Buffer): boolean {
  const s = decodeHead(head).slice(0, 8192);
  if (!/^\s*(<\?xml|<!--|<)/.test(s)) return false;
  return (
    /<([\w-]+:)?(Transaction|TrademarkTransaction)[\s>]/.test(s) &&
    /(XMLSchema\/trademarks|XMLSchema\/Trademark|ST96\/Trademark|TradeMark|Trademark)/.test(s)
  );
}

export const tmXmlImporter: Importer = {
  format: 'tm-xml',
  detect: (head) => looksLikeTrademarkXml(head),
  parse: (input: Readable, fileName: string) => parseTrademarkXml(input, fileName),
};
