import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { ImportItem } from '../domain/records/canonical.ts';
import { ImportFileError } from './types.ts';
import type { EntityItem, TemplateKind } from './tabular.ts';
import {
  TEMPLATES,
  csvImporter,
  looksLikeTabularCsv,
  looksLikeXlsx,
  parseEntityRows,
  parseTabular,
  resolveHeader,
  templateCsv,
  templateXlsx,
  xlsxImporter,
} from './tabular.ts';

async function csv(
  text: string | Buffer,
  opts: Parameters<typeof parseTabular>[2] = {},
): Promise<ImportItem[]> {
  const out: ImportItem[] = [];
  for await (const item of parseTabular(Readable.from([Buffer.from(text)]), 'test.csv', opts)) out.push(item);
  return out;
}

async function xlsx(buf: Buffer): Promise<ImportItem[]> {
  const out: ImportItem[] = [];
  for await (const item of parseTabular(Readable.from([buf]), 'test.xlsx')) out.push(item);
  return out;
}

async function entities(input: Buffer, name: string): Promise<EntityItem[]> {
  const out: EntityItem[] = [];
  for await (const item of parseEntityRows(Readable.from([input]), name)) out.push(item);
  return out;
}

const PATENT_EXAMPLE = {
  kind: 'patent',
  office: 'CN',
  applicants: [
    { name: '上海徐汇示例科技有限公司', uscc: '91310104MA1FL8C21Q' },
    { name: '示例大学', uscc: '12100000425000479R' },
  ],
  applicationNumber: '202110123456.7',
  patentType: 'invention',
  filingDate: '2021-03-01',
  publicationNumber: 'CN112987654A',
  publicationDate: '2021-06-15',
  grantDate: '2022-01-04',
  termCompensationDays: 120,
  termCompensationKind: 'examination_delay',
  title: '一种基于物联网的智能灌溉系统',
  abstract: '本发明公开了一种智能灌溉系统……',
  ipc: ['G06F16/35', 'G06N3/08'],
  inventors: ['张三', '李四'],
  events: [
    { code: 'PB01', date: '2021-06-15', note: '公开' },
    { code: 'GR01', date: '2022-01-04', note: '授权' },
  ],
  extra: { grantNumber: 'CN112987654B', legalStatus: '有权' },
  source: 'tabular',
};

const TRADEMARK_EXAMPLE = {
  kind: 'trademark',
  office: 'CN',
  applicants: [{ name: '上海徐汇示例科技有限公司', uscc: '91310104MA1FL8C21Q' }],
  registrationNumber: '51234567',
  applicationNumber: '51234567',
  filingDate: '2020-11-20',
  publicationDate: '2021-06-13',
  registrationDate: '2021-09-14',
  title: '知汇',
  niceClasses: [9, 35],
  goodsServices: '计算机软件（已录制）;数据处理设备',
  events: [{ code: 'TMZC', date: '2021-09-14', note: '注册公告' }],
  extra: { expiryDate: '2031-09-13', legalStatus: '注册' },
  source: 'tabular',
};

const COPYRIGHT_EXAMPLE = {
  kind: 'copyright',
  office: 'CN',
  applicants: [{ name: '上海徐汇示例科技有限公司', uscc: '91310104MA1FL8C21Q' }],
  registrationNumber: '2023SR0123456',
  copyrightType: 'software',
  category: '应用软件',
  title: '知汇知识产权数据平台软件',
  publicationDate: '2023-02-01',
  registrationDate: '2023-03-10',
  extra: { shortName: '知汇平台', version: 'V1.0', completionDate: '2023-01-15', authors: ['王五'] },
  source: 'tabular',
};

const ENTITY_EXAMPLE = {
  uscc: '91310104MA1FL8C21Q',
  name: '上海徐汇示例科技有限公司',
  formerNames: ['上海示例信息技术有限公司'],
  entityType: '企业',
  industry: 'I65',
  street: '漕河泾街道',
  address: '上海市徐汇区宜山路700号',
  highTech: true,
  foundedDate: '2015-06-18',
  legalRepresentative: '赵六',
};

const EXAMPLES: Record<'patent' | 'trademark' | 'copyright', object> = {
  patent: PATENT_EXAMPLE,
  trademark: TRADEMARK_EXAMPLE,
  copyright: COPYRIGHT_EXAMPLE,
};

test('tabular: TEMPLATES are complete and consistent', () => {
  assert.deepEqual(Object.keys(TEMPLATES), ['patent', 'trademark', 'copyright', 'entity']);
  for (const [kind, t] of Object.entries(TEMPLATES)) {
    assert.equal(t.kind, kind);
    const keys = t.columns.map((c) => c.key);
    const headers = t.columns.map((c) => c.header);
    assert.equal(new Set(keys).size, keys.length, `${kind} keys unique`);
    assert.equal(new Set(headers).size, headers.length, `${kind} headers unique`);
    for (const c of t.columns) {
      assert.ok(c.header && c.key && c.example && c.description, `${kind}.${c.key}`);
      assert.match(c.header, /[\u4e00-\u9fff]/, `${kind}.${c.key} has a Chinese header`);
    }
  }
  const required = (k: TemplateKind) => TEMPLATES[k].columns.filter((c) => c.required).map((c) => c.header);
  assert.deepEqual(required('patent'), ['申请号', '专利名称', '申请人']);
  assert.deepEqual(required('trademark'), ['注册号', '商标名称', '注册人']);
  assert.deepEqual(required('copyright'), ['登记号', '登记类别', '作品名称/软件全称', '著作权人']);
  assert.deepEqual(required('entity'), ['统一社会信用代码', '名称']);
  assert.deepEqual(
    TEMPLATES.patent.columns.map((c) => c.header),
    [
      '申请号',
      '专利类型',
      '申请日',
      '公开号',
      '公开日',
      '授权公告号',
      '授权公告日',
      '期限补偿天数',
      '期限补偿类型',
      '专利名称',
      '摘要',
      'IPC分类号',
      '申请人',
      '申请人统一社会信用代码',
      '发明人',
      '当前法律状态',
      '法律状态事件',
      '受理局',
    ],
  );
});

test('tabular: templateCsv is UTF-8 with BOM, header + example row, and reads back exactly', async () => {
  const t = templateCsv('patent');
  assert.ok(t.startsWith('\uFEFF申请号,专利类型,申请日,公开号,'));
  assert.equal(t.split('\r\n').length, 3);
  for (const kind of ['patent', 'trademark', 'copyright'] as const) {
    assert.deepEqual(await csv(templateCsv(kind)), [{ ref: 'line 2', record: EXAMPLES[kind] }], kind);
  }
  assert.deepEqual(await entities(Buffer.from(templateCsv('entity')), 'e.csv'), [
    { ref: 'line 2', entity: ENTITY_EXAMPLE },
  ]);
});

test('tabular: templateXlsx has a data sheet and a 说明 sheet, and reads back exactly', async () => {
  const buf = await templateXlsx('patent');
  assert.ok(Buffer.isBuffer(buf));
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  assert.deepEqual(
    wb.worksheets.map((w) => w.name),
    ['专利导入', '说明'],
  );
  const data = wb.worksheets[0]!;
  assert.equal(data.getRow(1).getCell(1).value, '申请号');
  assert.equal(data.getRow(2).getCell(1).value, '202110123456.7');
  const help = wb.getWorksheet('说明')!;
  assert.deepEqual((help.getRow(1).values as unknown[]).slice(1), ['列名', '字段', '必填', '示例', '说明']);
  assert.deepEqual((help.getRow(2).values as unknown[]).slice(1, 4), ['申请号', 'applicationNumber', '是']);
  assert.deepEqual((help.getRow(3).values as unknown[]).slice(1, 4), ['专利类型', 'patentType', '否']);
  for (const kind of ['patent', 'trademark', 'copyright'] as const) {
    assert.deepEqual(await xlsx(await templateXlsx(kind)), [{ ref: 'row 2', record: EXAMPLES[kind] }], kind);
  }
  assert.deepEqual(await entities(await templateXlsx('entity'), 'e.xlsx'), [
    { ref: 'row 2', entity: ENTITY_EXAMPLE },
  ]);
});

test('tabular: English field names as headers, tab delimiter, blank rows skipped, line numbers kept', async () => {
  const text =
    'applicationNumber\ttitle\tapplicants\tfilingDate\tipc\n' +
    '\t\t\t\t\n' +
    '2021101234568\t一种装置\tA公司;B公司\t2021/3/1\tG06F 17/30|H04L9/00\n' +
    '\n' +
    'CN202220123456.X\t一种实用新型\tC公司\t20220105\t\n';
  assert.deepEqual(await csv(text), [
    {
      ref: 'line 3',
      record: {
        kind: 'patent',
        office: 'CN',
        applicants: [{ name: 'A公司' }, { name: 'B公司' }],
        applicationNumber: '2021101234568',
        title: '一种装置',
        filingDate: '2021-03-01',
        ipc: ['G06F17/30', 'H04L9/00'],
        patentType: 'invention',
        source: 'tabular',
      },
    },
    {
      ref: 'line 5',
      record: {
        kind: 'patent',
        office: 'CN',
        applicants: [{ name: 'C公司' }],
        applicationNumber: 'CN202220123456.X',
        title: '一种实用新型',
        filingDate: '2022-01-05',
        patentType: 'utility_model',
        source: 'tabular',
      },
    },
  ]);
});

test('tabular: date formats; a bad date or an empty required cell is a row error naming the column', async () => {
  const text =
    '申请号,专利名称,申请人,申请日,公开日\r\n' +
    '1,a,X,2021-03-01,2021/3/1\r\n' +
    '2,b,X,2021.03.01,20210301\r\n' +
    '3,c,X,2021年3月1日,2021/03/01 00:00:00\r\n' +
    '4,d,X,2021-02-30,\r\n' +
    ',e,X,,\r\n' +
    ',,,,\r\n' +
    '5,f,,2021-13-01,\r\n';
  const items = await csv(text);
  assert.equal(items.length, 6);
  for (const item of items.slice(0, 3)) {
    assert.ok('record' in item);
    assert.equal(item.record.filingDate, '2021-03-01');
    assert.equal(item.record.publicationDate, '2021-03-01');
  }
  assert.deepEqual(items[3], {
    ref: 'line 5',
    field: 'filingDate',
    error: '申请日 (filingDate): 日期无效 / invalid date "2021-02-30" (expected e.g. 2021-03-01)',
  });
  assert.deepEqual(items[4], {
    ref: 'line 6',
    field: 'applicationNumber',
    error: '申请号 (applicationNumber): 必填项为空 / required value is empty',
  });
  assert.deepEqual(items[5], {
    ref: 'line 8',
    field: 'applicants',
    error:
      '申请人 (applicants): 必填项为空 / required value is empty; 申请日 (filingDate): 日期无效 / invalid date "2021-13-01" (expected e.g. 2021-03-01)',
  });
});

test('tabular: XLSX with Excel date cells, serial numbers and numeric cells', async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('商标');
  ws.addRow(['注册号', '商标名称', '国际分类', '注册人', '申请日', '注册日', '专用权到期日']);
  ws.addRow([51234567, '知汇', 9, '某公司', new Date(Date.UTC(2020, 10, 20)), 44453, 20310913]);
  ws.getCell('E2').numFmt = 'yyyy-mm-dd';
  ws.addRow([]);
  ws.addRow(['61234567', '知汇 ZHIHUI', '9;35;42', '某公司', '2020-02-30', '', '']);
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  assert.deepEqual(await xlsx(buf), [
    {
      ref: 'row 2',
      record: {
        kind: 'trademark',
        office: 'CN',
        applicants: [{ name: '某公司' }],
        registrationNumber: '51234567',
        title: '知汇',
        niceClasses: [9],
        filingDate: '2020-11-20',
        registrationDate: '2021-09-14', // Excel serial 44453
        extra: { expiryDate: '2031-09-13' },
        source: 'tabular',
      },
    },
    {
      ref: 'row 4',
      field: 'filingDate',
      error: '申请日 (filingDate): 日期无效 / invalid date "2020-02-30" (expected e.g. 2021-03-01)',
    },
  ]);
});

test('tabular: unknown, duplicated and missing columns → ImportFileError', async () => {
  await assert.rejects(csv('申请号,专利名称,申请人,备注,颜色\n1,2,3,4,5\n'), (e: unknown) => {
    assert.ok(e instanceof ImportFileError);
    assert.match(
      e.message,
      /^unknown column\(s\) in the header in test\.csv \(line 1\): "备注", "颜色"; the 专利 \(patent\) template accepts: 申请号, /,
    );
    return true;
  });
  await assert.rejects(
    csv('申请号,专利名称\n1,2\n'),
    /missing required column\(s\) in test\.csv for the 专利 \(patent\) template: 申请人 \(applicants\)/,
  );
  await assert.rejects(
    csv('申请号,专利名称,申请人,title\n1,2,3,4\n'),
    /duplicated column\(s\) in the header in test\.csv \(line 1\): "title"/,
  );
  await assert.rejects(csv('foo,bar\n1,2\n'), /unrecognised header in test\.csv \(line 1\)/);
  await assert.rejects(csv(''), /empty file/);
  await assert.rejects(csv('\n\n,,\n'), /empty file/);
});

test('tabular: an entity list (主体 template) yields entity items', async () => {
  const items = await csv(templateCsv('entity'));
  assert.equal(items.length, 1);
  assert.ok('entity' in items[0]!);
  assert.equal(items[0].entity.uscc, '91310104MA1FL8C21Q');
  assert.equal(items[0].entity.street, '漕河泾街道');
  assert.equal(items[0].entity.highTech, true);
});

test('tabular: template chosen by header, or forced with the kind option', async () => {
  const tm = await csv('注册号,商标名称,注册人,国际分类\n123,知汇,某公司,第9类、35\n');
  assert.equal(tm.length, 1);
  assert.ok('record' in tm[0]!);
  assert.equal(tm[0].record.kind, 'trademark');
  assert.deepEqual(tm[0].record.niceClasses, [9, 35]);
  // a header valid for both patent and trademark templates: patent first, unless the kind is forced
  assert.throws(
    () => resolveHeader(['申请号', '申请日']),
    /for the 专利 \(patent\) template: 专利名称 \(title\)/,
  );
  assert.throws(
    () => resolveHeader(['申请号', '申请日'], 'trademark'),
    /for the 商标 \(trademark\) template: 注册号/,
  );
  assert.equal(resolveHeader(['registrationNumber', 'title', 'applicants']).kind, 'trademark');
  const forced = await csv('registrationNumber,title,applicants,filingDate\n1,知汇,某公司,2020-01-01\n', {
    kind: 'trademark',
  });
  assert.ok('record' in forced[0]! && forced[0].record.kind === 'trademark');
  const cr = await csv('登记号,登记类别,软件全称,著作权人,作者\n2023SR1,作品,示例,甲;乙,丙；丁\n');
  assert.ok('record' in cr[0]!);
  assert.equal(cr[0].record.kind, 'copyright');
  assert.equal(cr[0].record.copyrightType, 'work');
  assert.deepEqual(cr[0].record.applicants, [{ name: '甲' }, { name: '乙' }]);
  assert.deepEqual(cr[0].record.extra, { authors: ['丙', '丁'] });
});

test('tabular: value errors for classes, types, events and 统一社会信用代码 counts', async () => {
  const items = await csv(
    '注册号,商标名称,注册人,国际分类,注册人统一社会信用代码,法律状态事件\n' +
      '1,a,X,46,,\n' +
      '2,b,X,9,A;B,\n' +
      '3,c,X,9,,注册\n' +
      '4,d,X,9,,TMZC 2021/9/14 注册公告；TMSQ:20200101\n',
  );
  assert.deepEqual(items[0], {
    ref: 'line 2',
    field: 'niceClasses',
    error: '国际分类 (niceClasses): 尼斯分类应为 1–45 的整数 / Nice class must be an integer 1–45, got "46"',
  });
  assert.deepEqual(items[1], {
    ref: 'line 3',
    field: 'applicantUscc',
    error: '注册人统一社会信用代码 (applicantUscc): 2 个代码对应 1 个名称 / 2 codes for 1 names',
  });
  assert.equal((items[2] as { field: string }).field, 'events');
  assert.ok('record' in items[3]!);
  assert.deepEqual(items[3].record.events, [
    { code: 'TMZC', date: '2021-09-14', note: '注册公告' },
    { code: 'TMSQ', date: '2020-01-01' },
  ]);
  const bad = await csv('申请号,专利名称,申请人,专利类型\n1,a,X,新型\n2,b,X,外观设计\n');
  assert.deepEqual(bad[0], {
    ref: 'line 2',
    field: 'patentType',
    error: '专利类型 (patentType): 未知专利类型 / unknown patent type "新型" (发明 / 实用新型 / 外观设计)',
  });
  assert.ok('record' in bad[1]! && bad[1].record.patentType === 'design');
});

test('tabular: 期限补偿天数 / 期限补偿类型 cells become termCompensationDays / termCompensationKind', async () => {
  const items = await csv(
    '申请号,专利名称,申请人,期限补偿天数,期限补偿类型\n' +
      '1,a,X,120,新药\n' +
      '2,b,X,１５天,\n' +
      '3,c,X,很多,审查延迟\n' +
      '4,d,X,1.5,药\n',
  );
  assert.ok('record' in items[0]!);
  assert.deepEqual(
    [items[0].record.termCompensationDays, items[0].record.termCompensationKind],
    [120, 'new_drug'],
  );
  assert.ok('record' in items[1]! && items[1].record.termCompensationDays === 15);
  assert.deepEqual(items[2], {
    ref: 'line 4',
    field: 'termCompensationDays',
    error: '期限补偿天数 (termCompensationDays): 应为天数 / expected a number of days, got "很多"',
  });
  // a fraction is read as written: the registry rule refuses it (not a whole number of days)
  assert.equal((items[3] as { field: string }).field, 'termCompensationKind');
});

test('tabular: GBK-encoded CSV with Chinese headers (as saved by Excel)', async () => {
  const text =
    '申请号,专利名称,申请人,申请日\r\n202110123456.7,一种智能灌溉系统,上海徐汇示例科技有限公司,2021/3/1\r\n';
  const items = await csv(iconv.encode(text, 'gbk'));
  assert.deepEqual(items, [
    {
      ref: 'line 2',
      record: {
        kind: 'patent',
        office: 'CN',
        applicants: [{ name: '上海徐汇示例科技有限公司' }],
        applicationNumber: '202110123456.7',
        title: '一种智能灌溉系统',
        filingDate: '2021-03-01',
        patentType: 'invention',
        source: 'tabular',
      },
    },
  ]);
});

test('tabular: entity rows — values, errors, headers', async () => {
  const text =
    '统一社会信用代码,名称,高新技术企业,成立日期,曾用名\n' +
    '91310104MA1FL8C21Q,甲公司,否,2015/6/18,乙公司;丙公司\n' +
    ',丁公司,是,,\n' +
    '91310104MA1HK3P78B,戊公司,也许,,\n';
  assert.deepEqual(await entities(Buffer.from(text), 'e.csv'), [
    {
      ref: 'line 2',
      entity: {
        uscc: '91310104MA1FL8C21Q',
        name: '甲公司',
        highTech: false,
        foundedDate: '2015-06-18',
        formerNames: ['乙公司', '丙公司'],
      },
    },
    {
      ref: 'line 3',
      field: 'uscc',
      error: '统一社会信用代码 (uscc): 必填项为空 / required value is empty',
    },
    {
      ref: 'line 4',
      field: 'highTech',
      error: '高新技术企业 (highTech): 应为“是”或“否” / expected 是 or 否, got "也许"',
    },
  ]);
  await assert.rejects(
    entities(Buffer.from('申请号,专利名称,申请人\n1,2,3\n'), 'e.csv'),
    /unknown column\(s\)/,
  );
});

test('tabular: a ZIP that is not a workbook → ImportFileError', async () => {
  const notXlsx = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 7)]);
  await assert.rejects(xlsx(notXlsx), ImportFileError);
});

test('tabular: detection', async () => {
  assert.equal(looksLikeXlsx(await templateXlsx('patent'), 'x.xlsx'), true);
  assert.equal(xlsxImporter.detect(await templateXlsx('trademark'), 'upload.bin'), true);
  assert.equal(looksLikeXlsx(Buffer.from('申请号,专利名称\n'), 'x.xlsx'), false);
  assert.equal(looksLikeTabularCsv(Buffer.from(templateCsv('copyright'))), true);
  assert.equal(csvImporter.detect(iconv.encode('申请号,专利名称,申请人\r\n', 'gbk'), 'x.csv'), true);
  assert.equal(looksLikeTabularCsv(Buffer.from('applicationNumber,title\n')), true);
  assert.equal(looksLikeTabularCsv(Buffer.from('hello world\n'), 'notes.md'), false);
  assert.equal(looksLikeTabularCsv(Buffer.from('{"kind":"patent"}\n')), false);
});

test('tabular: values beyond the header or under an empty header cell are row errors', async () => {
  const items = await csv('申请号,专利名称,,申请人\n1,a,,X\n2,b,oops,X\n3,c,,X,extra\n');
  assert.ok('record' in items[0]!);
  assert.deepEqual(items[1], { ref: 'line 3', error: 'value(s) in column(s) 3 without a header' });
  assert.deepEqual(items[2], { ref: 'line 4', error: "row has 1 value(s) beyond the header's 4 columns" });
});
