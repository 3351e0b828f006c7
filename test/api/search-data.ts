/**
 * Slices of the real CN patent dataset (../shared/datasets/cn-patent-titles-ipc, 9,740 records with publication
 * number, title and IPC subclasses) written as small files of the same format, for the search API tests: the
 * expectations are computed from these rows.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { DATASETS } from '../helpers.ts';

export const TITLES_CSV = path.join(DATASETS, 'cn-patent-titles-ipc/cn_patents_title_ipc_9740.csv');

export interface RealPatent {
  publicationNumber: string;
  title: string;
  ipc: string[];
}

const text = fs.readFileSync(TITLES_CSV, 'utf8');
const lines = text.split(/\r?\n/).filter((l) => l !== '');
const rows = (parse(text, { bom: true, columns: true }) as Record<string, string>[]).map((r) => ({
  publicationNumber: r.publication_numbers!,
  title: r.patent_title!,
  ipc: r.true_subclasses_all!.split('|'),
}));
if (rows.length !== lines.length - 1)
  throw new Error('the titles dataset has multi-line fields: slice by records');

/** Records [from, to) of the dataset, and a file holding just them (with the dataset's header). */
export function realSlice(from: number, to: number): { file: string; rows: RealPatent[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhihui-slice-'));
  const file = path.join(dir, `cn_patents_title_ipc_${from}_${to}.csv`);
  fs.writeFileSync(file, [lines[0], ...lines.slice(from + 1, to + 1)].join('\n') + '\n');
  return { file, rows: rows.slice(from, to) };
}
