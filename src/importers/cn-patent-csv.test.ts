import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import type { CanonicalRecord, ImportItem } from '../domain/records/canonical.ts';
import { ImportFileError } from './types.ts';
import {
  cnPatentCsvImporter,
  looksLikeCnPatentCsv,
  parseCnPatentCsv,
  splitPatentText,
} from './cn-patent-csv.ts';

const TITLES = '/work/shared/datasets/cn-patent-titles-ipc/cn_patents_title_ipc_9740.csv';
const ABSTRACTS = '/work/shared/datasets/cn-patent-abstracts-cpc';

async function collect(source: AsyncIterable<Buffer | string>): Promise<ImportItem[]> {
  const out: ImportItem[] = [];
  for await (const item of parseCnPatentCsv(source, 'test.csv')) out.push(item);
  return out;
}

type Rec = { ref: string; record: CanonicalRecord };

test('cn-patent-csv: titles/IPC dataset → 9,740 records, real IPC subclasses only', async () => {
  const items = await collect(createReadStream(TITLES));
  assert.equal(items.length, 9740);
  assert.ok(items.every((i) => 'record' in i));
  const recs = items as Rec[];
  assert.deepEqual(recs[0], {
    ref: 'line 2',
    record: {
      kind: 'patent',
      office: 'CN',
      publicationNumber: 'CN114081026A',
      applicants: [],
      source: 'cn-patent-csv',
      patentType: 'invention',
      title: '一种水电站高压输电线路驱鸟保护装置',
      ipc: ['A01M', 'G06F', 'H02G'], // predicted_subclasses A01M|G06V|H02J is NOT used
    },
  });
  assert.deepEqual(recs[1]!.record.ipc, ['G01D', 'G01F']); // predicted: G06F|G06Q
  assert.equal(recs[1]!.record.publicationNumber, 'CN111504366B');
  assert.equal(recs[2]!.record.publicationNumber, 'CN215792497U');
  assert.equal(recs[2]!.record.patentType, 'utility_model');
  assert.equal(recs[2]!.record.title, '一种膜纸自动化印刷技术生产线结构');
  // a quoted title containing a comma (line 336)
  const quoted = recs.find((r) => r.record.publicationNumber === 'CN215756344U')!;
  assert.equal(quoted.ref, 'line 336');
  assert.equal(quoted.record.title, '一种2,6二异丙基苯胺生产用灌装设备');
  assert.deepEqual(quoted.record.ipc, ['B67C']);
  assert.deepEqual(recs[9739], {
    ref: 'line 9741',
    record: {
      kind: 'patent',
      office: 'CN',
      publicationNumber: 'CN111805571B',
      applicants: [],
      source: 'cn-patent-csv',
      patentType: 'invention',
      title: '一种含弹性储能与释能装置的仿生多体节机构',
      ipc: ['B25J'],
    },
  });
  const types: Record<string, number> = {};
  for (const r of recs) types[r.record.patentType!] = (types[r.record.patentType!] ?? 0) + 1;
  assert.deepEqual(types, { invention: 4696 + 524, utility_model: 4520 });
  assert.ok(recs.every((r) => !('fold' in r.record) && r.record.extra === undefined));
});

test('cn-patent-csv: abstracts/CPC datasets → 19 records per file (57), trailing blank rows skipped', async () => {
  const counts: Record<string, number> = {};
  for (const f of ['sample_train.csv', 'sample_val.csv', 'sample_test.csv']) {
    const items = await collect(createReadStream(`${ABSTRACTS}/${f}`));
    assert.ok(
      items.every((i) => 'record' in i),
      f,
    );
    counts[f] = items.length;
  }
  assert.deepEqual(counts, { 'sample_train.csv': 19, 'sample_val.csv': 19, 'sample_test.csv': 19 });
});

test('cn-patent-csv: abstracts — "Title/Keywords/Abstract" and "[SEP]" text forms', async () => {
  const recs = (await collect(createReadStream(`${ABSTRACTS}/sample_train.csv`))) as Rec[];
  const first = recs[0]!;
  assert.equal(first.ref, 'line 2');
  assert.equal(first.record.publicationNumber, 'CN117151122A');
  assert.equal(first.record.patentType, 'invention');
  assert.equal(first.record.title, '一种基于自然语言处理的银行客服会话问答处理方法及系统');
  assert.ok(
    first.record.abstract!.startsWith(
      '本发明涉及人工智能技术领域，尤其是涉及一种基于自然语言处理的银行客服会话问答处理方法及系统。',
    ),
  );
  assert.ok(first.record.abstract!.endsWith('以提高银行客服会话问答处理的及时性和准确性。'));
  assert.deepEqual(first.record.cpc, [
    'G06F16/3329',
    'G06F16/35',
    'G06F40/247',
    'G06F40/253',
    'G06F40/284',
    'G06F40/35',
  ]);
  assert.deepEqual(first.record.extra, { keywords: 'data; word; question; text; answer' });
  assert.equal(first.record.ipc, undefined);

  const second = recs[1]!;
  assert.equal(second.ref, 'line 5'); // the first record spans lines 2-4
  assert.equal(second.record.publicationNumber, 'CN115794481A');
  assert.equal(second.record.title, '存储器控制器和包括其的存储器系统');
  assert.deepEqual(second.record.cpc, ['G06F11/1068']);

  const sep = recs[2]!;
  assert.equal(sep.ref, 'line 8');
  assert.equal(sep.record.publicationNumber, 'CN118395868A');
  assert.equal(sep.record.title, '一种耦合机理模型和深度学习的洪水预报模型和方法');
  assert.deepEqual(sep.record.extra, { keywords: 'data flood model layer flood forecasting' });
  assert.ok(sep.record.abstract!.startsWith('本发明涉及洪水预报技术领域'));
  assert.deepEqual(sep.record.cpc, ['G06F30/27']);

  const last = recs[18]!;
  assert.equal(last.ref, 'line 44');
  assert.equal(last.record.publicationNumber, 'CN117493160A');
  assert.equal(last.record.title, '用于分析测试实施的方法和系统');
  assert.deepEqual(last.record.cpc, ['G06F11/3684', 'G06F11/3688', 'G06F11/3692', 'G06F11/3698']);

  const val = (await collect(createReadStream(`${ABSTRACTS}/sample_val.csv`))) as Rec[];
  assert.equal(val[0]!.record.publicationNumber, 'CN116226907A');
  assert.deepEqual(val[0]!.record.cpc, ['G06F21/6245', 'G06F9/4806', 'G06F9/505', 'G06F9/5083']);
  const test = (await collect(createReadStream(`${ABSTRACTS}/sample_test.csv`))) as Rec[];
  assert.equal(test[0]!.record.publicationNumber, 'CN118866379A');
  assert.equal(test[0]!.record.title, '一种用于心理障碍测评的数据处理及管理方法及系统');
  assert.deepEqual(test[0]!.record.cpc, ['G06F18/2433', 'G06F40/216']);
});

test('cn-patent-csv: GBK and UTF-16 encodings, LF and CRLF give the same records', async () => {
  const text =
    readFileSync(TITLES, 'utf8')
      .replace(/^\uFEFF/, '')
      .split('\n')
      .slice(0, 51)
      .join('\n') + '\n';
  const expected = await collect(Readable.from([Buffer.from(text, 'utf8')]));
  assert.equal(expected.length, 50);
  const variants = [
    iconv.encode(text, 'gbk'),
    iconv.encode(text, 'gb18030'),
    Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf16le')]),
    Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(text, 'utf16be')]),
    Buffer.from('\uFEFF' + text.replace(/\n/g, '\r\n'), 'utf8'),
  ];
  for (const v of variants) {
    const chunks: Buffer[] = [];
    for (let i = 0; i < v.length; i += 997) chunks.push(v.subarray(i, i + 997));
    assert.deepEqual(await collect(Readable.from(chunks)), expected);
  }
});

test('cn-patent-csv: row errors and file errors', async () => {
  const header = 'publication_number,text,labels,n_labels\n';
  const items = await collect(
    Readable.from([
      header +
        'CN117151122A,"Title: 标题",not json,1\n,,,\n,"Title: x","[]",0\nCN1,"a [SEP] b [SEP] c","[""G06F1/00""]",1\n',
    ]),
  );
  assert.deepEqual(items[0], {
    ref: 'line 2',
    field: 'cpc',
    error: 'labels (cpc): not a JSON list: not json',
  });
  assert.deepEqual(items[1], {
    ref: 'line 4',
    field: 'publicationNumber',
    error: 'publication_number (publicationNumber): empty',
  });
  assert.deepEqual(items[2], {
    ref: 'line 5',
    record: {
      kind: 'patent',
      office: 'CN',
      publicationNumber: 'CN1',
      applicants: [],
      source: 'cn-patent-csv',
      title: 'a',
      abstract: 'c',
      cpc: ['G06F1/00'],
      extra: { keywords: 'b' },
    },
  });
  await assert.rejects(
    collect(Readable.from([header.replace('n_labels', 'n_labels,extra_col') + 'a,b,c,d,e\n'])),
    (e: unknown) => {
      assert.ok(e instanceof ImportFileError);
      assert.match(e.message, /unknown column\(s\) in test\.csv \(line 1\): "extra_col"/);
      return true;
    },
  );
  await assert.rejects(collect(Readable.from(['foo,bar\n1,2\n'])), /unknown CN patent CSV header/);
  await assert.rejects(collect(Readable.from([''])), /empty file/);
  await assert.rejects(
    collect(Readable.from([header + 'CN1,"unterminated\n'])),
    /malformed CSV in test\.csv at line \d+/,
  );
});

test('cn-patent-csv: splitPatentText and detection', () => {
  assert.deepEqual(splitPatentText('Title: 标题\nKeywords: a; b\nAbstract: 摘要'), {
    title: '标题',
    keywords: 'a; b',
    abstract: '摘要',
  });
  assert.deepEqual(splitPatentText('只有标题'), { title: '只有标题' });
  assert.equal(looksLikeCnPatentCsv(readFileSync(TITLES).subarray(0, 4096)), true);
  assert.equal(
    cnPatentCsvImporter.detect(readFileSync(`${ABSTRACTS}/sample_val.csv`).subarray(0, 4096), 'x'),
    true,
  );
  assert.equal(looksLikeCnPatentCsv(Buffer.from('申请号,专利名称\n')), false);
});
