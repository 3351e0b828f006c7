import type { Readable } from 'node:stream';
import type { ImportItem } from '../domain/records/canonical.ts';

export type ImportFormat = 'jsonl' | 'csv' | 'xlsx' | 'uspto-xml' | 'tm-xml' | 'cn-patent-csv';

/**
 * One adapter per source format. `parse` streams the input and yields one item per record
 * (or per line/document it could not read, with the reason). A malformed file as a whole
 * (truncated XML, binary junk, unknown columns) makes `parse` throw an ImportFileError.
 */
export interface Importer {
  format: ImportFormat;
  /** true when the first bytes / file name look like this format */
  detect(head: Buffer, fileName: string): boolean;
  parse(input: Readable, fileName: string): AsyncIterable<ImportItem>;
}

export class ImportFileError extends Error {
  constructor(
    message: string,
    readonly ref?: string,
  ) {
    super(message);
    this.name = 'ImportFileError';
  }
}
