import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImportItem } from '../domain/records/canonical.ts';
import { ImportFileError } from './types.ts';
import { HEAD_BYTES, IMPORTERS, detectImporter, openImport } from './registry.ts';
import { templateCsv, templateXlsx } from './tabular.ts';

const D = '/work/shared/datasets';

function head(path: string): Buffer {
  return readFileSync(path).subarray(0, HEAD_BYTES);
}

test('registry: IMPORTERS cover every format once', () => {
  assert.deepEqual(
    IMPORTERS.map((i) => i.format),
    ['uspto-xml', 'tm-xml', 'xlsx', 'jsonl', 'cn-patent-csv', 'csv'],
  );
});

test('registry: detection by content', async () => {
  const cases: Array<[string, string]> = [
    [`${D}/uspto-grant-xml/ipg120327.196.xml`, 'uspto-xml'],
    [`${D}/uspto-grant-xml/pa040101.two.xml`, 'uspto-xml'],
    [`${D}/uspto-format-samples/pap/US20010000044A1.xml`, 'uspto-xml'],
    [`${D}/trademark-xml-samples/sn76044902-ST66.xml`, 'tm-xml'],
    [`${D}/trademark-xml-samples/rn2178784-ST-961_D3.xml`, 'tm-xml'],
    [`${D}/trademark-xml-samples/rn2178784-ST-962.2.1.xml`, 'tm-xml'],
    [`${D}/cn-patent-titles-ipc/cn_patents_title_ipc_9740.csv`, 'cn-patent-csv'],
    [`${D}/cn-patent-abstracts-cpc/sample_test.csv`, 'cn-patent-csv'],
  ];
  for (const [path, format] of cases) {
    // the file name does not matter for content formats
    assert.equal(detectImporter(head(path), 'upload.bin').format, format, path);
  }
  assert.equal(detectImporter(await templateXlsx('patent'), 'upload.bin').format, 'xlsx');
  assert.equal(detectImporter(Buffer.from(templateCsv('trademark')), 'x').format, 'csv');
  assert.equal(
    detectImporter(Buffer.from('{"kind":"patent","applicationNumber":"1"}\n'), 'x').format,
    'jsonl',
  );
  // explicit format wins
  assert.equal(detectImporter(Buffer.from('anything'), 'x', 'jsonl').format, 'jsonl');
  assert.equal(
    detectImporter(head(`${D}/cn-patent-titles-ipc/cn_patents_title_ipc_9740.csv`), 'x', 'csv').format,
    'csv',
  );
});

test('registry: unrecognised, binary and empty files → ImportFileError', () => {
  const unrecognised: Array<[Buffer, RegExp]> = [
    [Buffer.from(''), /the file is empty/],
    [Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe, 0x00]), /binary data/],
    [
      readFileSync(`${D}/uspto-format-samples/xml4ip/sample_XML4IP.ZIP`),
      /a ZIP archive that is not an XLSX workbook/,
    ],
    [head(`${D}/uspto-format-samples/cpcScheme/cpc-scheme-A01L.xml`), /XML with root element <class-scheme>/],
    [head(`${D}/uspto-format-samples/greenbook/US03937375.greenbook`), /text starting with "PATN"/],
    [head(`${D}/cn-patent-abstracts-cpc/selected_labels.json`), /text starting with "\["/],
  ];
  for (const [buf, why] of unrecognised) {
    assert.throws(
      () => detectImporter(buf, 'file.dat'),
      (e: unknown) => {
        assert.ok(e instanceof ImportFileError);
        assert.match(e.message, /^unrecognised file format \(file\.dat\): /);
        assert.match(e.message, why);
        return true;
      },
    );
  }
  assert.throws(() => detectImporter(Buffer.from('x'), 'x', 'pdf' as never), /unknown import format "pdf"/);
});

async function drain(items: AsyncIterable<ImportItem>): Promise<{ records: number; errors: number }> {
  let records = 0;
  let errors = 0;
  for await (const item of items) {
    if ('record' in item) records++;
    else errors++;
  }
  return { records, errors };
}

test('registry: openImport on the real datasets (format and record counts)', async () => {
  const files: Array<[string, string, number]> = [
    [`${D}/uspto-grant-xml/ipg130416.small.xml`, 'uspto-xml', 25],
    [`${D}/uspto-grant-xml/ipa130117.one.xml`, 'uspto-xml', 2],
    [`${D}/trademark-xml-samples/sn76044902-ST66.xml`, 'tm-xml', 1],
    [`${D}/cn-patent-titles-ipc/cn_patents_title_ipc_9740.csv`, 'cn-patent-csv', 9740],
    [`${D}/cn-patent-abstracts-cpc/sample_train.csv`, 'cn-patent-csv', 19],
  ];
  for (const [path, format, count] of files) {
    const { importer, items } = await openImport(path);
    assert.equal(importer.format, format, path);
    assert.deepEqual(await drain(items), { records: count, errors: 0 }, path);
  }
});

test('registry: openImport on uploaded CSV / XLSX / JSONL files, explicit format, bad file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'zhihui-import-'));
  try {
    writeFileSync(join(dir, 'p.csv'), templateCsv('patent'));
    writeFileSync(join(dir, 'c.xlsx'), await templateXlsx('copyright'));
    writeFileSync(join(dir, 'r.jsonl'), '{"kind":"patent","applicationNumber":"1"}\n{"kind":"x"}\n');
    writeFileSync(join(dir, 'junk.bin'), Buffer.from([0, 1, 2, 3, 4, 5, 250, 251]));
    writeFileSync(join(dir, 'empty.csv'), '');
    const csv = await openImport(join(dir, 'p.csv'));
    assert.equal(csv.importer.format, 'csv');
    assert.deepEqual(await drain(csv.items), { records: 1, errors: 0 });
    const xlsx = await openImport(join(dir, 'c.xlsx'));
    assert.equal(xlsx.importer.format, 'xlsx');
    assert.deepEqual(await drain(xlsx.items), { records: 1, errors: 0 });
    const jsonl = await openImport(join(dir, 'r.jsonl'));
    assert.equal(jsonl.importer.format, 'jsonl');
    assert.deepEqual(await drain(jsonl.items), { records: 1, errors: 1 });
    const forced = await openImport(join(dir, 'p.csv'), 'jsonl');
    assert.equal(forced.importer.format, 'jsonl');
    assert.deepEqual(await drain(forced.items), { records: 0, errors: 2 }); // two lines, neither is JSON
    await assert.rejects(
      openImport(join(dir, 'junk.bin')),
      /unrecognised file format \(junk\.bin\): binary data/,
    );
    await assert.rejects(openImport(join(dir, 'empty.csv')), /empty file \(empty\.csv\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
