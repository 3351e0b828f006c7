/**
 * Streaming CSV reader shared by the CSV importers: decodes the bytes (UTF-8 ± BOM, UTF-16 with
 * BOM, GBK/GB18030), normalises CRLF, detects the delimiter (comma, tab or semicolon) from the
 * header line, and yields rows with the (1-based) line on which each row starts.
 * Blank rows (empty lines, or only delimiters and whitespace) are skipped.
 * CSV syntax errors (an unclosed quote …) throw ImportFileError naming the line.
 */
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { ImportFileError } from './types.ts';
import { decodeText, normaliseNewlines } from './text-decode.ts';

export interface CsvRow {
  /** line on which the row starts (the header is line 1 unless blank lines precede it) */
  line: number;
  cells: string[];
}

/** Pick the delimiter from the first line: the most frequent of `,` `\t` `;` outside quotes. */
export function detectDelimiter(firstLine: string): string {
  const counts: Record<string, number> = { ',': 0, '\t': 0, ';': 0 };
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch in counts) counts[ch]!++;
  }
  let best = ',';
  for (const d of ['\t', ';']) if (counts[d]! > counts[best]!) best = d;
  return best;
}

export function isBlankRow(cells: readonly unknown[]): boolean {
  return cells.every((c) => c === undefined || c === null || String(c).trim() === '');
}

/**
 * Rows of a CSV byte stream; the first yielded row is the header (first non-blank row).
 * `maxRecordSize` bounds memory for a single row (default 16 MiB).
 */
export async function* readCsvRows(
  input: AsyncIterable<Buffer | string>,
  fileName = '',
  maxRecordSize = 16 * 1024 * 1024,
): AsyncGenerator<CsvRow> {
  const where = fileName ? ` in ${fileName}` : '';
  const text = normaliseNewlines(decodeText(input));
  // peek at the first line to choose the delimiter
  let head = '';
  const it = text[Symbol.asyncIterator]();
  let done = false;
  while (!head.includes('\n')) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    head += r.value;
  }
  if (head.trim() === '') throw new ImportFileError(`empty file${where}: no header row`);
  const firstLine = head.split('\n').find((l) => l.trim() !== '') ?? '';
  const delimiter = detectDelimiter(firstLine);

  async function* rest(): AsyncGenerator<string> {
    yield head;
    if (done) return;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield r.value;
    }
  }

  const parser = parse({
    delimiter,
    record_delimiter: '\n',
    relax_column_count: true,
    raw: true,
    max_record_size: maxRecordSize,
  });
  const source = Readable.from(rest(), { objectMode: false });
  source.on('error', (e) => parser.destroy(e));
  source.pipe(parser);

  let line = 1;
  try {
    for await (const rec of parser as AsyncIterable<{ record: string[]; raw: string }>) {
      const start = line;
      for (let i = rec.raw.indexOf('\n'); i >= 0; i = rec.raw.indexOf('\n', i + 1)) line++;
      if (isBlankRow(rec.record)) continue;
      yield { line: start, cells: rec.record };
    }
  } catch (e) {
    if (e instanceof ImportFileError) throw e;
    const err = e as { code?: string; message?: string; lines?: number };
    const at = err.lines ?? line;
    let what = err.message ?? String(e);
    if (err.code === 'CSV_QUOTE_NOT_CLOSED')
      what = `a quoted field opened at or after line ${line} is never closed`;
    else if (err.code === 'CSV_MAX_RECORD_SIZE')
      what = `a row starting at line ${line} is larger than ${maxRecordSize} bytes`;
    throw new ImportFileError(`malformed CSV${where} at line ${at}: ${what}`, `line ${at}`);
  } finally {
    source.destroy();
  }
}
