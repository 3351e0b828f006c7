import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { CanonicalRecord, ImportItem } from '../domain/records/canonical.ts';
import { ImportFileError } from './types.ts';
import { looksLikeTrademarkXml, parseTrademarkXml, tmXmlImporter } from './tm-xml.ts';

const DIR = '/work/shared/datasets/trademark-xml-samples';

async function collect(source: AsyncIterable<Buffer | string>): Promise<ImportItem[]> {
  const out: ImportItem[] = [];
  for await (const item of parseTrademarkXml(source, 'test.xml')) out.push(item);
  return out;
}

async function only(file: string): Promise<{ ref: string; record: CanonicalRecord }> {
  const items = await collect(createReadStream(`${DIR}/${file}`));
  assert.equal(items.length, 1);
  assert.ok('record' in items[0]!, JSON.stringify(items[0]));
  return items[0] as { ref: string; record: CanonicalRecord };
}

test('tm-xml: WIPO ST.66 (sn76044902, PYTHON)', async () => {
  const { ref, record } = await only('sn76044902-ST66.xml');
  assert.equal(ref, 'trademark 1 (reg. 2824281)');
  const { events, extra, ...rest } = record;
  assert.deepEqual(rest, {
    kind: 'trademark',
    office: 'US',
    applicationNumber: '76044902',
    registrationNumber: '2824281',
    filingDate: '2000-05-09',
    publicationDate: '2003-12-30',
    registrationDate: '2004-03-23',
    title: 'PYTHON',
    niceClasses: [9, 42],
    goodsServices:
      '009: Computer programs and downloadable computer programs that implement an object-oriented computer programming language\n' +
      '042: Providing information relating to an object-oriented computer programming language and its development environment',
    applicants: [
      {
        name: 'PYTHON SOFTWARE FOUNDATION',
        country: 'US',
        address: 'P.O. Box 37, Wolfeboro Falls, NEW HAMPSHIRE',
      },
    ],
    source: 'tm-xml',
  });
  assert.equal(events!.length, 31);
  assert.deepEqual(events![0], {
    code: 'C15A',
    date: '2010-09-08',
    note: 'REGISTERED - SEC. 8 (6-YR) ACCEPTED & SEC. 15 ACK.',
  });
  assert.deepEqual(
    events!.find((e) => e.code === 'R.PR'),
    { code: 'R.PR', date: '2004-03-23', note: 'REGISTERED-PRINCIPAL REGISTER' },
  );
  assert.deepEqual(events!.at(-1), { code: 'DOCK', date: '2000-09-28', note: 'ASSIGNED TO EXAMINER' });
  assert.deepEqual(extra, {
    format: 'ST.66',
    markCategory: 'Trademark, Service Mark',
    markFeature: 'TYPESET WORD(S) /LETTER(S) /NUMBER(S)',
    statusCode: '702',
    statusDate: '2010-09-08',
    status: 'A Sections 8 and 15 combined declaration has been accepted and acknowledged.',
    parties: [
      { name: 'PYTHON SOFTWARE FOUNDATION', role: 'ORIGINAL REGISTRANT', code: 30 },
      { name: 'PYTHON SOFTWARE FOUNDATION', role: 'OWNER AT PUBLICATION', code: 20 },
      { name: 'Corporation for National Research Initiatives', role: 'ORIGINAL APPLICANT', code: 10 },
    ],
  });
});

const JAVA_GOODS =
  '009: computer programs for use in developing and executing other computer programs on computers, computer networks, and global communications networks, and instruction manuals sold therewith; computer programs for use in navigating, browsing, transferring information, and distributing and viewing other computer programs on computers, computer networks and global communications networks, and instruction manuals sold therewith';

for (const file of ['rn2178784-ST-961_D3.xml', 'rn2178784-ST-962.2.1.xml']) {
  test(`tm-xml: WIPO ST.96 ${file} (reg. 2178784, JAVA)`, async () => {
    const { ref, record } = await only(file);
    assert.equal(ref, 'trademark 1 (reg. 2178784)');
    assert.equal(record.kind, 'trademark');
    assert.equal(record.office, 'US');
    assert.equal(record.applicationNumber, '74631225');
    assert.equal(record.registrationNumber, '2178784');
    assert.equal(record.filingDate, '1995-02-07');
    assert.equal(record.publicationDate, '1996-10-08');
    assert.equal(record.registrationDate, '1998-08-04');
    assert.equal(record.title, 'JAVA');
    assert.deepEqual(record.niceClasses, [9]);
    assert.equal(record.goodsServices, JAVA_GOODS);
    // the current owner (party type 31 "SUBSEQUENT OWNER AFTER REGISTRATION"), not Sun Microsystems
    assert.deepEqual(record.applicants, [
      {
        name: 'Oracle America, Inc.',
        country: 'US',
        address: '500 ORACLE PARKWAY, REDWOOD SHORES, CALIFORNIA',
      },
    ]);
    assert.equal(record.events!.length, 33);
    assert.deepEqual(record.events![0], {
      code: 'CORV6',
      date: '2011-12-29',
      note: 'REVIEW OF CORRESPONDENCE COMPLETE - INFORMATION MADE OF RECORD',
    });
    assert.deepEqual(record.events!.at(-1), {
      code: 'DOCKD',
      date: '1995-07-03',
      note: 'ASSIGNED TO EXAMINER',
    });
    assert.equal(record.extra!.format, 'ST.96');
    assert.equal(record.extra!.statusCode, '800');
    assert.equal(record.extra!.status, 'The registration has been renewed.');
    assert.deepEqual(record.extra!.parties, [
      { name: 'Oracle America, Inc.', role: 'SUBSEQUENT OWNER AFTER REGISTRATION', code: 31 },
      { name: 'Sun Microsystems, Inc.', role: 'ORIGINAL REGISTRANT', code: 30 },
      { name: 'Sun Microsystems, Inc.', role: 'OWNER AT PUBLICATION', code: 20 },
      { name: 'Sun Microsystems, Inc.', role: 'ORIGINAL APPLICANT', code: 10 },
    ]);
  });
}

test('tm-xml: both ST.96 versions give the same record apart from format details', async () => {
  const a = (await only('rn2178784-ST-961_D3.xml')).record;
  const b = (await only('rn2178784-ST-962.2.1.xml')).record;
  const strip = (r: CanonicalRecord) => ({ ...r, extra: undefined });
  assert.deepEqual(strip(a), strip(b));
});

test('tm-xml: truncated file → ImportFileError; non-trademark XML → ImportFileError', async () => {
  const bytes = readFileSync(`${DIR}/rn2178784-ST-962.2.1.xml`);
  await assert.rejects(collect(Readable.from([bytes.subarray(0, 20000)])), (err: unknown) => {
    assert.ok(err instanceof ImportFileError);
    assert.match(
      err.message,
      /^truncated XML in test\.xml: the file ends at line \d+ before the closing <\/TrademarkTransaction> tag \(inside trademark 1 \(reg\. 2178784\)\)/,
    );
    return true;
  });
  await assert.rejects(
    collect(Readable.from([Buffer.from('<?xml version="1.0"?><us-patent-grant/>')])),
    /not a trademark XML file/,
  );
  await assert.rejects(collect(Readable.from([Buffer.from('')])), /empty file/);
  await assert.rejects(
    collect(Readable.from([Buffer.from('PK\u0003\u0004\u0000\u0000junk')])),
    ImportFileError,
  );
});

test('tm-xml: detection', () => {
  for (const f of ['sn76044902-ST66.xml', 'rn2178784-ST-961_D3.xml', 'rn2178784-ST-962.2.1.xml']) {
    assert.equal(tmXmlImporter.detect(readFileSync(`${DIR}/${f}`), f), true, f);
  }
  assert.equal(
    looksLikeTrademarkXml(readFileSync('/work/shared/datasets/uspto-grant-xml/ipa061228.one.xml')),
    false,
  );
});
