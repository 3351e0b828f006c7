/**
 * The list of importers and format detection.
 *
 * Detection order (first match wins): an explicit format; else by content —
 * USPTO patent XML, WIPO trademark XML, XLSX (ZIP with workbook entries), JSON Lines (first line is
 * a JSON object), the CN patent dataset CSVs (by header), then a CSV whose header matches a
 * template (or any delimited text file named *.csv / *.tsv). Anything else — empty, binary or
 * unknown text/XML — is refused with ImportFileError('unrecognised file format …').
 */
import { open, stat } from 'node:fs/promises';
import { Transform, type Readable } from 'node:stream';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { ImportItem } from '../domain/records/canonical.ts';
import type { ImportFormat, Importer } from './types.ts';
import { ImportFileError } from './types.ts';
import { usptoXmlImporter } from './uspto-xml.ts';
import { tmXmlImporter } from './tm-xml.ts';
import { csvImporter, xlsxImporter } from './tabular.ts';
import { jsonlImporter } from './jsonl.ts';
import { cnPatentCsvImporter } from './cn-patent-csv.ts';
import { decodeHead, looksBinary } from './text-decode.ts';

/** All importers, in detection order. */
export const IMPORTERS: Importer[] = [
  usptoXmlImporter,
  tmXmlImporter,
  xlsxImporter,
  jsonlImporter,
  cnPatentCsvImporter,
  csvImporter,
];

/** Bytes read from the start of a file for detection. */
export const HEAD_BYTES = 64 * 1024;

function describe(head: Buffer): string {
  if (head.length === 0) return 'the file is empty';
  if (head.length >= 4 && head.readUInt32LE(0) === 0x04034b50) {
    return 'a ZIP archive that is not an XLSX workbook';
  }
  if (looksBinary(head)) return 'binary data';
  const text = decodeHead(head).trimStart();
  const root = /^(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*(?:<!DOCTYPE[^>]*>\s*)?<([\w:.-]+)/.exec(text);
  if (root) return `XML with root element <${root[1]}>, neither USPTO patent XML nor WIPO trademark XML`;
  const first = text.split(/\r?\n|\r/)[0] ?? '';
  return `text starting with "${first.slice(0, 60)}"`;
}

/**
 * The importer for a file, from its first bytes (see HEAD_BYTES) and name, or the explicit format.
 * Throws ImportFileError when the format cannot be recognised.
 */
export function detectImporter(head: Buffer, fileName: string, format?: ImportFormat): Importer {
  if (format) {
    const imp = IMPORTERS.find((i) => i.format === format);
    if (!imp) throw new ImportFileError(`unknown import format "${format}"`);
    return imp;
  }
  for (const imp of IMPORTERS) if (imp.detect(head, fileName)) return imp;
  const name = fileName ? ` (${fileName})` : '';
  throw new ImportFileError(
    `unrecognised file format${name}: ${describe(head)}; expected CSV / XLSX (template), JSON Lines, USPTO XML or WIPO trademark XML`,
  );
}

/**
 * Open a file for import: reads its head to choose the importer (unless `format` is given)
 * and returns the importer and the stream of items (the file is read lazily, as items are consumed).
 */
export async function openImport(
  path: string,
  format?: ImportFormat,
  onProgress?: (bytesRead: number, bytesTotal: number) => void,
): Promise<{ importer: Importer; items: AsyncIterable<ImportItem> }> {
  const fh = await open(path, 'r');
  let head: Buffer;
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await fh.read(buf, 0, HEAD_BYTES, 0);
    head = buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
  const fileName = basename(path);
  if (head.length === 0) throw new ImportFileError(`empty file (${fileName})`);
  const importer = detectImporter(head, fileName, format);
  async function* run(): AsyncGenerator<ImportItem> {
    const file = createReadStream(path);
    let stream: Readable = file;
    if (onProgress) {
      const total = (await stat(path)).size;
      let read = 0;
      stream = file.pipe(
        new Transform({
          transform(chunk: Buffer, _enc, cb) {
            onProgress((read += chunk.length), total);
            cb(null, chunk);
          },
        }),
      );
      file.on('error', (e) => stream.destroy(e));
    }
    try {
      yield* importer.parse(stream, fileName);
    } finally {
      file.destroy();
      stream.destroy();
    }
  }
  return { importer, items: { [Symbol.asyncIterator]: () => run() } };
}
