import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { readCsvRows } from '../../importers/csv-rows.ts';
import { looksLikeXlsx } from '../../importers/tabular.ts';
import { RuleError } from '../../domain/errors.ts';

export interface TableLine {
  /** `line N` (CSV) or `row N` (XLSX) */
  ref: string;
  cells: string[];
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText))
      return (o.richText as { text?: string }[]).map((r) => r.text ?? '').join('');
    if ('result' in o) return cellText(o.result);
    if ('text' in o) return cellText(o.text);
    return '';
  }
  return String(v).trim();
}

/** The lines of a small reference table (CSV in any encoding the importers read, or the first XLSX sheet), header first. */
export async function readTableFile(buf: Buffer, fileName: string): Promise<TableLine[]> {
  const out: TableLine[] = [];
  try {
    if (looksLikeXlsx(buf.subarray(0, 4096), fileName)) {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(buf as unknown as ArrayBuffer);
      const sheet = wb.worksheets.find((s) => !/说明/.test(s.name));
      if (!sheet) throw new Error('the workbook has no worksheet');
      sheet.eachRow((row, n) => {
        const values = (row.values as unknown[]) ?? [];
        out.push({ ref: `row ${n}`, cells: values.slice(1).map(cellText) });
      });
    } else {
      for await (const r of readCsvRows(Readable.from([buf]), fileName))
        out.push({ ref: `line ${r.line}`, cells: r.cells.map((c) => c.trim()) });
    }
  } catch (e) {
    throw new RuleError(
      'VALIDATION',
      `the file cannot be read: ${e instanceof Error ? e.message : String(e)}`,
      [{ field: 'file', reason: e instanceof Error ? e.message : String(e) }],
    );
  }
  if (out.length === 0)
    throw new RuleError('VALIDATION', 'the file is empty', [{ field: 'file', reason: 'no header row' }]);
  return out;
}
