/** A chart's data as CSV or XLSX, and its picture as PNG (from the chart instance). */
import { downloadText, stamp, toCsv, type CsvColumn } from '../../../lib/csv.ts';

/** A chart's table: column titles and rows of cells, the same for CSV and XLSX. */
export interface ChartTable {
  columns: string[];
  rows: (string | number | null)[][];
}

const fileName = (base: string, ext: string) => `${base}-${stamp()}.${ext}`;

export function exportCsv(base: string, table: ChartTable): void {
  const cols: CsvColumn<(string | number | null)[]>[] = table.columns.map((title, i) => ({
    title,
    value: (r) => r[i],
  }));
  downloadText(fileName(base, 'csv'), toCsv(table.rows, cols));
}

function downloadBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** XLSX through exceljs, loaded only when someone exports. */
export async function exportXlsx(base: string, sheet: string, table: ChartTable): Promise<void> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet.slice(0, 31).replace(/[\\/?*[\]:]/g, ' '));
  ws.addRow(table.columns).font = { bold: true };
  for (const r of table.rows) ws.addRow(r);
  ws.columns.forEach((c, i) => {
    c.width = Math.min(60, Math.max(10, ...table.rows.map((r) => String(r[i] ?? '').length + 2)));
  });
  const buf = await wb.xlsx.writeBuffer();
  downloadBlob(
    fileName(base, 'xlsx'),
    new Blob([buf], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }),
  );
}

/** any ECharts instance (the full and the core builds type it differently) */
interface Picturable {
  getDataURL(opts: { type: 'png'; pixelRatio: number; backgroundColor: string }): string;
}

export function exportPng(base: string, chart: Picturable): void {
  const url = chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' });
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName(base, 'png');
  document.body.appendChild(a);
  a.click();
  a.remove();
}
