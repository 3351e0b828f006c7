/**
 * A search result set written as CSV (UTF-8 with BOM, so Excel opens Chinese correctly; RFC 4180 quoting) or
 * XLSX (exceljs streaming WorkbookWriter), page by page as the rows come, without holding the set in memory.
 */
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { STATUS_LABELS, type AssetStatus } from '../../domain/lifecycle/status.ts';
import type { AssetView } from '../registry/registry.service.ts';
import type { PublicAssetView } from './search.service.ts';

type Row = AssetView | PublicAssetView;

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_COLUMNS: readonly { header: string; value: (a: Row) => string }[] = [
  { header: '申请号 Application no.', value: (a) => a.applicationNumber ?? '' },
  { header: '公开/公告号 Publication no.', value: (a) => a.publicationNumber ?? '' },
  { header: '注册/登记号 Registration no.', value: (a) => a.registrationNumber ?? '' },
  { header: '种类 Kind', value: (a) => a.kind },
  { header: '类型 Type', value: (a) => a.subType ?? '' },
  { header: '名称 Title', value: (a) => a.title ?? '' },
  { header: '申请人/权利人 Applicants', value: (a) => a.owners.map((o) => o.name).join('; ') },
  { header: '申请日 Filing date', value: (a) => a.filingDate ?? '' },
  { header: '公开日 Publication date', value: (a) => a.publicationDate ?? '' },
  { header: '授权日 Grant date', value: (a) => a.grantDate ?? '' },
  {
    header: '法律状态 Status',
    value: (a) => STATUS_LABELS[a.status as AssetStatus]?.zh ?? a.status,
  },
  { header: 'IPC', value: (a) => a.ipc.join('; ') },
  { header: '尼斯分类 Nice classes', value: (a) => a.niceClasses.join('; ') },
];

/** One CSV field: quoted when needed; a leading = + - @ (a spreadsheet formula) is kept as text. */
function csvField(v: string): string {
  const safe = /^[=+\-@\t\r]/.test(v) && !/^-?\d+(\.\d+)?$/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function csvLine(cells: readonly string[]): string {
  return `${cells.map(csvField).join(',')}\r\n`;
}

/** The CSV text of the pages, as a stream. */
export function csvStream(pages: AsyncIterable<Row[]>): Readable {
  return Readable.from(
    (async function* () {
      yield `\uFEFF${csvLine(EXPORT_COLUMNS.map((c) => c.header))}`;
      for await (const page of pages)
        yield page.map((a) => csvLine(EXPORT_COLUMNS.map((c) => c.value(a)))).join('');
    })(),
  );
}

/** The XLSX workbook of the pages (one sheet, header row first), written to a stream as rows come. */
export function xlsxStream(pages: AsyncIterable<Row[]>, onError: (e: unknown) => void): Readable {
  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useSharedStrings: false,
    useStyles: true,
  });
  wb.creator = '知汇 Zhihui';
  const ws = wb.addWorksheet('检索结果 Results');
  ws.columns = EXPORT_COLUMNS.map((c) => ({
    header: c.header,
    width: c.header.startsWith('名称') ? 60 : 20,
  }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
  void (async () => {
    for await (const page of pages)
      for (const a of page) ws.addRow(EXPORT_COLUMNS.map((c) => c.value(a))).commit();
    ws.commit();
    await wb.commit();
  })().catch((e: unknown) => {
    onError(e);
    out.destroy(e instanceof Error ? e : new Error(String(e)));
  });
  return out;
}
