import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { CanonicalRecord, ImportItem } from '../domain/records/canonical.ts';
import { ImportFileError } from './types.ts';
import { looksLikeUsptoXml, parseUsptoXml, usptoXmlImporter } from './uspto-xml.ts';

const GRANTS = '/work/shared/datasets/uspto-grant-xml';
const SAMPLES = '/work/shared/datasets/uspto-format-samples';

async function collect(source: AsyncIterable<Buffer | string>, name = 'test.xml'): Promise<ImportItem[]> {
  const out: ImportItem[] = [];
  for await (const item of parseUsptoXml(source, name)) out.push(item);
  return out;
}

async function records(path: string): Promise<Array<{ ref: string; record: CanonicalRecord }>> {
  const items = await collect(createReadStream(path), path);
  const errors = items.filter((i) => 'error' in i);
  assert.deepEqual(errors, [], `no document errors in ${path}`);
  return items as Array<{ ref: string; record: CanonicalRecord }>;
}

function byNumber(list: Array<{ record: CanonicalRecord }>, publicationNumber: string): CanonicalRecord {
  const found = list.find((r) => r.record.publicationNumber === publicationNumber);
  assert.ok(found, `record ${publicationNumber}`);
  return found.record;
}

function typeCounts(list: Array<{ record: CanonicalRecord }>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const { record } of list) out[record.patentType!] = (out[record.patentType!] ?? 0) + 1;
  return out;
}

// record counts and patent types per file (SOURCE.md table; types counted from appl-type)
const EXPECTED: Record<string, { count: number; types: Record<string, number> }> = {
  'ipg050104.small.xml': { count: 25, types: { invention: 25 } },
  'ipg060103.small.xml': { count: 25, types: { design: 2, invention: 23 } }, // 22 utility + 1 SIR
  'ipg070102.small.xml': { count: 25, types: { design: 4, invention: 21 } },
  'ipg080101.small.xml': { count: 25, types: { design: 6, plant: 1, invention: 18 } },
  'ipg090106.small.xml': { count: 25, types: { design: 3, invention: 22 } },
  'ipg100105.small.xml': { count: 25, types: { design: 3, invention: 22 } },
  'ipg110104.small.xml': { count: 25, types: { design: 1, invention: 24 } },
  'ipg120103.small.xml': { count: 25, types: { design: 3, invention: 22 } },
  'ipg120327.196.xml': { count: 196, types: { design: 196 } },
  'ipg130416.small.xml': { count: 25, types: { design: 2, invention: 23 } },
  'ipa061228.one.xml': { count: 1, types: { invention: 1 } },
  'ipa130117.one.xml': { count: 2, types: { invention: 2 } },
  'pa040101.two.xml': { count: 1, types: { invention: 1 } },
};

for (const [file, want] of Object.entries(EXPECTED)) {
  test(`uspto-xml: ${file} → ${want.count} records`, async () => {
    const list = await records(`${GRANTS}/${file}`);
    assert.equal(list.length, want.count);
    assert.deepEqual(typeCounts(list), want.types);
    for (const { record } of list) {
      assert.equal(record.kind, 'patent');
      assert.equal(record.office, 'US');
      assert.equal(record.source, 'uspto-xml');
      assert.match(record.publicationNumber!, /^US[A-Z0-9]+[A-Z]\d?$/);
      assert.match(record.filingDate!, /^\d{4}-\d{2}-\d{2}$/);
      assert.ok(record.title, 'title');
      assert.ok(record.applicants.length > 0, 'applicants');
      for (const code of [...(record.ipc ?? []), ...(record.cpc ?? [])])
        assert.match(code, /^[A-HY]\d\d[A-Z]\d{1,4}\/\d{2,6}$/);
    }
  });
}

test('uspto-xml: sequence-cwu documents are skipped but counted in document refs', async () => {
  const list = await records(`${GRANTS}/ipg060103.small.xml`);
  // 27 documents in the file: 25 grants + 2 sequence listings (documents 13 and 15)
  assert.equal(list.at(-1)!.ref, 'document 27 (US06983169)');
  assert.deepEqual(
    list.slice(11, 14).map((r) => r.ref),
    ['document 12 (US06982130)', 'document 14 (US06982157)', 'document 16 (US06982249)'],
  );
  const seq = await records(`${GRANTS}/ipg130416.small.xml`);
  assert.equal(seq.length, 25);
});

test('uspto-xml: v4.1 design grant (ipg060103 document 1)', async () => {
  const list = await records(`${GRANTS}/ipg060103.small.xml`);
  assert.equal(list[0]!.ref, 'document 1 (USD0513425)');
  assert.deepEqual(list[0]!.record, {
    kind: 'patent',
    office: 'US',
    patentType: 'design',
    applicationNumber: '29220973',
    publicationNumber: 'USD0513425S1',
    filingDate: '2005-01-07',
    publicationDate: '2006-01-03',
    grantDate: '2006-01-03',
    title: 'Skateboard',
    locarno: '21-02',
    applicants: [
      { name: 'Harald Kohl', country: 'FR', address: '18 rue du huit mai 1945, 33560 Carbon Blanc' },
    ],
    inventors: ['Harald Kohl'],
    events: [{ code: 'GRANT', date: '2006-01-03' }],
    source: 'uspto-xml',
    extra: {
      documentType: 'us-patent-grant',
      dtdVersion: 'v4.1 2005-08-25',
      kindCode: 'S1',
      applicationType: 'design',
      seriesCode: '29',
      locarnoEdition: '8',
    },
  });
});

test('uspto-xml: v4.1 utility grant with assignee, IPCR and character reference (US06981431)', async () => {
  const r = byNumber(await records(`${GRANTS}/ipg060103.small.xml`), 'US06981431B2');
  assert.equal(r.applicationNumber, '10679435');
  assert.equal(r.filingDate, '2003-10-07');
  assert.equal(r.grantDate, '2006-01-03');
  assert.equal(
    r.title,
    'Cork extractor for corks of bottles of champagne, sparkling wine, prosecco, cider or the like',
  );
  assert.deepEqual(r.ipc, ['B67B7/16']);
  // assignee wins over the applicant-inventor
  assert.deepEqual(r.applicants, [{ name: 'Fackelmann GmbH + Co.', country: 'DE', address: 'Hersbruck' }]);
  assert.deepEqual(r.inventors, ['Ralph Krämer']); // Kr&#xe4;mer
  assert.ok(r.abstract!.startsWith('In a cork extractor for corks of bottles of champagne'));
  assert.ok(
    r.abstract!.endsWith(
      'while said cork is guided along said second half-cylinder shell during its being lifted.',
    ),
  );
  assert.equal(r.extra!.relatedPublication, 'US20040168552A1');
  assert.equal(r.extra!.seriesCode, '10');
});

test('uspto-xml: statutory invention registration (H kind) → invention + extra flag', async () => {
  const r = byNumber(await records(`${GRANTS}/ipg060103.small.xml`), 'USH0002140H1');
  assert.equal(r.patentType, 'invention');
  assert.equal(r.extra!.statutoryInventionRegistration, true);
  assert.equal(r.extra!.applicationType, 'sir');
  assert.equal(r.title, 'Bio-oxidation process and apparatus');
  assert.deepEqual(r.ipc, ['C22B3/18']);
  assert.deepEqual(r.inventors, ['Mike Rhodes', 'Paul C. Miller', 'Richard Winby']);
});

test('uspto-xml: v4.0 grant with fixed-width classification-ipc (ipg050104)', async () => {
  const list = await records(`${GRANTS}/ipg050104.small.xml`);
  const first = list[0]!;
  assert.equal(first.ref, 'document 1 (US06836899)');
  assert.equal(first.record.publicationNumber, 'US06836899B1');
  assert.equal(first.record.applicationNumber, '10339710');
  assert.equal(first.record.filingDate, '2003-01-09');
  assert.equal(first.record.title, 'Device for detachably holding an absorbent napkin across the torso');
  assert.deepEqual(first.record.ipc, ['A45F5/04']); // <main-classification>A45F  504</main-classification>
  assert.deepEqual(first.record.applicants, [
    { name: 'Samuel G. Glasmire', country: 'US', address: '146 Bentwood Cir., Bath, PA' },
  ]);
  assert.equal(first.record.extra!.dtdVersion, 'v40 2004-12-02');
  const last = list[24]!;
  assert.equal(last.record.publicationNumber, 'US06839175B2');
  assert.deepEqual(last.record.ipc, ['G02B5/20', 'G02F1/21', 'G02F1/23']);
  assert.deepEqual(last.record.applicants, [
    { name: 'Fuji Photo Film Co., Ltd.', country: 'JP', address: 'Kanagawa' },
  ]);
});

test('uspto-xml: plant patent with entity-encoded quotes (ipg080101)', async () => {
  const r = byNumber(await records(`${GRANTS}/ipg080101.small.xml`), 'USPP018398P2');
  assert.equal(r.patentType, 'plant');
  assert.equal(r.title, 'Sedum telephium plant named \u2018Beka\u2019');
  assert.deepEqual(r.ipc, ['A01H5/00']);
  assert.deepEqual(r.applicants, [
    { name: 'Brent Horvath', country: 'US', address: '10702 Seaman Rd., Hebron, IL' },
  ]);
});

test('uspto-xml: v4.3 design grant with us-parties (ipg130416 document 1)', async () => {
  const list = await records(`${GRANTS}/ipg130416.small.xml`);
  const r = list[0]!.record;
  assert.equal(list[0]!.ref, 'document 1 (USD0680087)');
  assert.equal(r.publicationNumber, 'USD0680087S1');
  assert.equal(r.patentType, 'design');
  assert.equal(r.locarno, '14-03');
  assert.equal(r.title, 'Television set');
  assert.deepEqual(r.applicants, [{ name: 'Sharp Kabushiki Kaisha', country: 'JP', address: 'Osaka' }]);
  assert.deepEqual(r.inventors, ['Yoshito Fujii', 'Katsuhiro Iida', 'Tohru Ohtani', 'Hiroshi Gomi']);
  assert.equal(r.abstract, undefined);
});

test('uspto-xml: 196 design patents (ipg120327.196), first and last', async () => {
  const list = await records(`${GRANTS}/ipg120327.196.xml`);
  assert.equal(list[0]!.record.publicationNumber, 'USD0656296S1');
  assert.equal(list[0]!.record.title, 'Ready to eat snack piece');
  assert.equal(list[0]!.record.locarno, '01-01');
  assert.deepEqual(list[0]!.record.applicants, [
    { name: 'Frito-Lay North America, Inc.', country: 'US', address: 'Plano, TX' },
  ]);
  assert.equal(list[195]!.ref, 'document 196 (USD0656491)');
  assert.equal(list[195]!.record.title, 'Earphone');
  assert.equal(list[195]!.record.locarno, '14-01');
  assert.ok(list.every((r) => r.record.locarno && r.record.patentType === 'design'));
});

test('uspto-xml: v4.3 applications (ipa130117): US20130014308 and US20130014306', async () => {
  const list = await records(`${GRANTS}/ipa130117.one.xml`);
  assert.deepEqual(
    list.map((r) => r.ref),
    ['document 1 (US20130014308)', 'document 2 (US20130014306)'],
  );
  const a = list[0]!.record;
  assert.equal(a.publicationNumber, 'US20130014308A1');
  assert.equal(a.applicationNumber, '13181579');
  assert.equal(a.filingDate, '2011-07-13');
  assert.equal(a.publicationDate, '2013-01-17');
  assert.equal(a.grantDate, undefined);
  assert.equal(a.title, 'TYPING-MATE');
  assert.deepEqual(a.ipc, ['A41D13/08']);
  assert.deepEqual(a.applicants, [{ name: 'Yennifer Feliciano', country: 'US', address: 'Kissimmee, FL' }]);
  assert.deepEqual(a.events, [{ code: 'PUB', date: '2013-01-17' }]);
  assert.equal(
    a.abstract,
    'A finger nail tip cover which acts as a typing aid for users when typing with long finger nails. It is made of rubber material and has one hard end, to prevent the nail tip from passing thru when typing and a semi-oval stretchy cavity at the other end where the finger nail tip is placed in.',
  );
  const b = list[1]!.record;
  assert.equal(b.publicationNumber, 'US20130014306A1');
  assert.equal(b.applicationNumber, '13353293');
  assert.equal(b.filingDate, '2012-01-18');
  assert.equal(b.title, 'TACTICAL MIXED MARTIAL ARTS GLOVE');
  assert.deepEqual(b.ipc, ['A41D13/08', 'A41D19/02']);
  assert.deepEqual(b.inventors, ['Christopher Mechling', 'Nicholas Mechling']);
});

test('uspto-xml: PAP v1.6 application publication (pa040101)', async () => {
  const [only] = await records(`${GRANTS}/pa040101.two.xml`);
  assert.equal(only!.ref, 'document 1 (US20040000002)');
  assert.deepEqual(
    { ...only!.record, abstract: undefined },
    {
      kind: 'patent',
      office: 'US',
      patentType: 'invention',
      applicationNumber: '10189364',
      publicationNumber: 'US20040000002A1',
      filingDate: '2002-06-27',
      publicationDate: '2004-01-01',
      title: 'Garment for preventing muscle strain',
      abstract: undefined,
      ipc: ['A41B1/00'],
      applicants: [{ name: 'Hill-Rom Services, Inc.' }],
      inventors: ['Scott Hollander'],
      events: [{ code: 'PUB', date: '2004-01-01' }],
      source: 'uspto-xml',
      extra: {
        documentType: 'patent-application-publication',
        kindCode: 'A1',
        seriesCode: '10',
        publicationFilingType: 'new',
      },
    },
  );
  assert.ok(
    only!.record.abstract!.startsWith(
      'A garment adapted for wear by persons desiring to maintain their arms',
    ),
  );
});

test('uspto-xml: format samples xml2004 / xml2006 / xml2014 / xmlApp2004', async () => {
  const r2006 = (await records(`${SAMPLES}/xml2006/US07272630B2.xml`))[0]!;
  assert.equal(r2006.ref, 'document 1 (US07272630)');
  assert.equal(r2006.record.applicationNumber, '10991571');
  assert.equal(r2006.record.filingDate, '2004-11-18');
  assert.equal(r2006.record.grantDate, '2007-09-18');
  assert.equal(
    r2006.record.title,
    'Locating potentially identical objects across multiple computers based on stochastic partitioning of workload',
  );
  assert.deepEqual(r2006.record.ipc, ['G06F15/13']);
  assert.deepEqual(r2006.record.applicants, [
    { name: 'Microsoft Corporation', country: 'US', address: 'Redmond, WA' },
  ]);
  assert.deepEqual(r2006.record.inventors, [
    'John R. Douceur',
    'Marvin M. Theimer',
    'Atul Adya',
    'William J. Bolosky',
  ]);

  const r2004 = (await records(`${SAMPLES}/xml2004/US06859910.xml`))[0]!.record;
  assert.equal(r2004.publicationNumber, 'US06859910B2');
  assert.deepEqual(r2004.ipc, ['G06F15/00', 'G06F17/00', 'G06F17/21', 'G06F17/24']);
  assert.deepEqual(r2004.applicants, [{ name: 'Bluestreak.com' }]);
  assert.equal(
    (await records(`${SAMPLES}/xml2004/US06970935.xml`))[0]!.record.publicationNumber,
    'US06970935B1',
  );

  const r2014 = (await records(`${SAMPLES}/xml2014/US08926509.xml`))[0]!.record;
  assert.equal(r2014.title, 'Wireless physiological sensor patches and systems');
  assert.equal(r2014.extra!.dtdVersion, 'v4.5 2014-04-03');
  assert.deepEqual(r2014.cpc!.slice(0, 5), [
    'A61B5/0205',
    'A61B5/0024',
    'A61B5/0404',
    'A61B5/1112',
    'A61B5/6833',
  ]);
  assert.equal(r2014.cpc!.length, 15);
  assert.deepEqual(r2014.applicants, [{ name: 'Hmicro, Inc.', country: 'US', address: 'Fremont, CA' }]);
  const r2014b = (await records(`${SAMPLES}/xml2014/US08930553.xml`))[0]!.record;
  assert.deepEqual(r2014b.ipc, ['G06F15/16']);
  assert.deepEqual(r2014b.applicants, [
    { name: 'International Business Machines Corporation', country: 'US', address: 'Armonk, NY' },
  ]);
  assert.deepEqual(r2014b.inventors, ['Nitzan Nissim', 'Brian Pulito', 'Asaf Zinger']);
  assert.equal((await records(`${SAMPLES}/xml2014/US08927118.xml`)).length, 1);

  const app = (await records(`${SAMPLES}/xmlApp2004/US20050004437A1.xml`))[0]!.record;
  assert.equal(app.publicationNumber, 'US20050004437A1');
  assert.deepEqual(app.ipc, ['A61B5/00']); // A61B005/00
  assert.deepEqual(
    app.applicants.map((a) => a.name),
    ['Heiner Kaufmann', 'Thomas Vering'],
  );
  assert.equal((await records(`${SAMPLES}/xmlApp2004/US20050004974A1.xml`)).length, 1);
});

test('uspto-xml: PAP v1.5 samples, one without XML declaration', async () => {
  const r = (await records(`${SAMPLES}/pap/US20010000044A1.xml`))[0]!.record;
  assert.equal(r.publicationNumber, 'US20010000044A1');
  assert.equal(
    r.title,
    'Systems and Methods For Transacting Business Over A Global Communications Network Such As The Internet',
  );
  assert.deepEqual(r.ipc, ['G06F17/60']);
  assert.deepEqual(r.applicants, [{ name: 'Wayne W Lin', country: 'US', address: 'Irvine, CA' }]);
  assert.equal(r.extra!.publicationFilingType, 'voluntary');
  const r2 = (await records(`${SAMPLES}/pap/US20010000943A1.xml`))[0]!.record;
  assert.deepEqual(r2.applicants, [{ name: 'IDEMITSU KOSAN CO., LTD.' }]);
  assert.deepEqual(r2.inventors, ['Kenichi Fukuoka', 'Mitsura Eida']);
  const r3 = (await records(`${SAMPLES}/pap/US20010009014A1.xml`))[0]!.record;
  assert.deepEqual(r3.inventors, ['James A. Savage III', 'Sophie Muller']);
});

test('uspto-xml: 2001 ST.32 PATDOC samples (sgml/)', async () => {
  const d = (await records(`${SAMPLES}/sgml/USD435854S1.xml`))[0]!.record;
  assert.equal(d.publicationNumber, 'USD0435854S');
  assert.equal(d.patentType, 'design');
  assert.equal(d.locarno, '14-02');
  assert.equal(d.title, 'Disc cartridge');
  assert.deepEqual(
    d.applicants.map((a) => a.name),
    ['Hitachi Maxell, Ltd.', 'Sanyo Electric Co.,Ltd.', 'Olympus Optical Co., Ltd.'],
  );
  assert.equal(d.inventors!.length, 8);
  const u = (await records(`${SAMPLES}/sgml/US06337117.xml`))[0]!.record;
  assert.deepEqual(u.ipc, ['B32B3/02']);
  assert.equal(u.filingDate, '1999-06-30');
  // &ldquo; / &rdquo; from the external DTD are decoded
  assert.match(u.abstract!, /\(hereinafter referred to as a \u201cluminous intensity\u201d\)/);
  const v = (await records(`${SAMPLES}/sgml/US06336130.xml`))[0]!.record;
  assert.deepEqual(v.ipc, ['G06F15/16', 'G06F13/00']);
  assert.deepEqual(v.applicants, [
    { name: 'Telefonaktiebolaget LM Ericsson (publ)', country: 'SE', address: 'Stockholm' },
  ]);
});

test('uspto-xml: tiny chunks (declarations split across chunks) give the same result', async () => {
  const bytes = readFileSync(`${GRANTS}/ipa130117.one.xml`);
  const whole = await collect(Readable.from([bytes]));
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += 7) chunks.push(bytes.subarray(i, i + 7));
  assert.deepEqual(await collect(Readable.from(chunks)), whole);
});

test('uspto-xml: truncated file → complete documents, then ImportFileError naming the document', async () => {
  const bytes = readFileSync(`${GRANTS}/ipg050104.small.xml`);
  let start10 = -1;
  for (let k = 0; k < 10; k++) start10 = bytes.indexOf('<?xml', start10 + 1);
  const cut = bytes.subarray(0, start10 + 20000); // in the middle of document 10
  const got: ImportItem[] = [];
  await assert.rejects(
    async () => {
      for await (const item of parseUsptoXml(Readable.from([cut]), 'ipg050104.cut.xml')) got.push(item);
    },
    (err: unknown) => {
      assert.ok(err instanceof ImportFileError);
      assert.match(err.message, /^truncated XML in ipg050104\.cut\.xml: document 10 \(US06837463\)/);
      assert.equal(err.ref, 'document 10 (US06837463)');
      return true;
    },
  );
  assert.equal(got.length, 9);
  assert.ok(got.every((i) => 'record' in i));
  assert.equal(got[8]!.ref, 'document 9 (US06837358)');
});

test('uspto-xml: a broken document in the middle yields an error item and the import goes on', async () => {
  const bytes = readFileSync(`${GRANTS}/ipg050104.small.xml`);
  let start10 = -1;
  for (let k = 0; k < 10; k++) start10 = bytes.indexOf('<?xml', start10 + 1);
  const start11 = bytes.indexOf('<?xml', start10 + 1);
  const broken = Buffer.concat([
    bytes.subarray(0, start10 + 20000),
    Buffer.from('\n'),
    bytes.subarray(start11),
  ]);
  const items = await collect(Readable.from([broken]));
  assert.equal(items.length, 25);
  const errors = items.filter((i) => 'error' in i);
  assert.equal(errors.length, 1);
  assert.equal(errors[0]!.ref, 'document 10 (US06837463)');
  assert.match((errors[0] as { error: string }).error, /^malformed XML at line \d+: unclosed tag/);
});

test('uspto-xml: random bytes, text, empty and foreign XML → ImportFileError', async () => {
  const random = Buffer.alloc(4096);
  let x = 12345;
  for (let i = 0; i < random.length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    random[i] = x >> 16;
  }
  for (const input of [
    random,
    Buffer.from('hello, world\n'),
    Buffer.from(''),
    Buffer.from('<?xml version="1.0"?><foo/>'),
  ]) {
    await assert.rejects(collect(Readable.from([input])), ImportFileError);
  }
});

test('uspto-xml: detection', () => {
  const head = readFileSync(`${GRANTS}/ipg050104.small.xml`).subarray(0, 65536);
  assert.equal(looksLikeUsptoXml(head), true);
  assert.equal(usptoXmlImporter.detect(readFileSync(`${SAMPLES}/pap/US20010000044A1.xml`), 'x.xml'), true);
  assert.equal(usptoXmlImporter.detect(readFileSync(`${SAMPLES}/sgml/US06336130.xml`), 'x.xml'), true);
  assert.equal(
    looksLikeUsptoXml(readFileSync('/work/shared/datasets/trademark-xml-samples/sn76044902-ST66.xml')),
    false,
  );
  assert.equal(looksLikeUsptoXml(Buffer.from('a,b,c\n')), false);
});

test('uspto-xml: reissue, DTD entities (known and unknown) and a foreign document in a concatenated file', async () => {
  const doc = (kind: string, applType: string, num: string, title: string): string =>
    `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE us-patent-grant SYSTEM "us-patent-grant-v42-2006-08-23.dtd" [ ]>
<us-patent-grant lang="EN" dtd-version="v4.2 2006-08-23">
<us-bibliographic-data-grant>
<publication-reference><document-id><country>US</country><doc-number>${num}</doc-number><kind>${kind}</kind><date>20070102</date></document-id></publication-reference>
<application-reference appl-type="${applType}"><document-id><country>US</country><doc-number>11123456</doc-number><date>20050607</date></document-id></application-reference>
<classification-ipc><edition>7</edition><main-classification>G06F 1730</main-classification></classification-ipc>
<invention-title id="t">${title}</invention-title>
<parties><applicants><applicant sequence="001" app-type="applicant-inventor"><addressbook><last-name>Doe</last-name><first-name>Jane</first-name><address><city>Austin</city><state>TX</state><country>US</country></address></addressbook></applicant></applicants></parties>
</us-bibliographic-data-grant>
<abstract id="abstract"><p id="p-0001" num="0000">First &lsqb;1&rsqb; paragraph &mdash; with &unknownentity; kept.</p>
<p id="p-0002" num="0001">Second   paragraph.</p></abstract>
<description id="description"><p>${'long description '.repeat(1000)}</p></description>
</us-patent-grant>
`;
  const file =
    doc('E1', 'reissue', 'RE039999', 'Reissued &lsquo;widget&rsquo;') +
    '<?xml version="1.0"?>\n<other-document><x/></other-document>\n' +
    doc('B1', 'utility', '07000001', 'Plain');
  const items = await collect(Readable.from([Buffer.from(file)]));
  assert.equal(items.length, 3);
  const re = items[0] as { ref: string; record: CanonicalRecord };
  assert.equal(re.ref, 'document 1 (USRE039999)');
  assert.equal(re.record.patentType, 'invention');
  assert.equal(re.record.extra!.reissue, true);
  assert.equal(re.record.publicationNumber, 'USRE039999E1');
  assert.equal(re.record.title, 'Reissued \u2018widget\u2019');
  assert.equal(
    re.record.abstract,
    'First [1] paragraph \u2014 with &unknownentity; kept.\nSecond paragraph.',
  );
  assert.deepEqual(re.record.ipc, ['G06F17/30']);
  assert.deepEqual(re.record.applicants, [{ name: 'Jane Doe', country: 'US', address: 'Austin, TX' }]);
  assert.deepEqual(items[1], { ref: 'document 2', error: 'unsupported document type <other-document>' });
  assert.equal((items[2] as { record: CanonicalRecord }).record.publicationNumber, 'US07000001B1');
});
