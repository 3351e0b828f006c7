/**
 * Importer for the two public CN patent CSV datasets (see /work/shared/datasets):
 *
 * - "titles/IPC" (`dataset_row, fold, publication_numbers, patent_title, true_subclasses_all,
 *   true_subclasses_benchmark, predicted_subclasses`): publication number, title and the real IPC
 *   subclasses (`true_subclasses_all`, `|`-separated). `fold`, `true_subclasses_benchmark` and
 *   `predicted_subclasses` are a classifier's experiment data and are never imported.
 * - "abstracts/CPC" (`publication_number, text, labels, n_labels`): `text` is either
 *   `Title: …\nKeywords: …\nAbstract: …` or `title [SEP] keywords [SEP] abstract`; `labels` is a
 *   JSON list of CPC subgroups.
 *
 * Office CN, kind patent; patentType from the publication number (type digit, else kind code).
 * Blank rows (the trailing `,,,` rows of the abstracts files) are skipped.
 */
import type { Readable } from 'node:stream';
import type { CanonicalRecord, ImportItem } from '../domain/records/canonical.ts';
import type { Importer } from './types.ts';
import { ImportFileError } from './types.ts';
import { readCsvRows } from './csv-rows.ts';
import { cnPatentType, normaliseClassSymbol } from './normalise.ts';
import { decodeHead } from './text-decode.ts';

export const CN_TITLES_COLUMNS = [
  'dataset_row',
  'fold',
  'publication_numbers',
  'patent_title',
  'true_subclasses_all',
  'true_subclasses_benchmark',
  'predicted_subclasses',
] as const;
export const CN_ABSTRACTS_COLUMNS = ['publication_number', 'text', 'labels', 'n_labels'] as const;

type Layout = 'titles' | 'abstracts';

const REQUIRED: Record<Layout, readonly string[]> = {
  titles: ['publication_numbers', 'patent_title', 'true_subclasses_all'],
  abstracts: ['publication_number', 'text', 'labels'],
};

function layoutOf(header: string[]): Layout | undefined {
  if (header.includes('publication_numbers') || header.includes('true_subclasses_all')) return 'titles';
  if (header.includes('publication_number') && header.includes('labels')) return 'abstracts';
  return undefined;
}

/** Split the `text` cell of the abstracts dataset into title, keywords and abstract. */
export function splitPatentText(text: string): { title?: string; keywords?: string; abstract?: string } {
  const t = text.replace(/\r\n?/g, '\n').trim();
  if (/^Title:/i.test(t)) {
    const m = /^Title:\s*([\s\S]*?)(?:\n\s*Keywords:\s*([\s\S]*?))?(?:\n\s*Abstract:\s*([\s\S]*))?$/i.exec(t);
    if (m) {
      return {
        title: m[1]?.trim() || undefined,
        keywords: m[2]?.trim() || undefined,
        abstract: m[3]?.trim() || undefined,
      };
    }
  }
  if (t.includes('[SEP]')) {
    const [title, keywords, ...rest] = t.split('[SEP]').map((s) => s.trim());
    return {
      title: title || undefined,
      keywords: keywords || undefined,
      abstract: rest.join(' [SEP] ').trim() || undefined,
    };
  }
  return { title: t || undefined };
}

function splitList(s: string | undefined, sep: RegExp): string[] {
  if (!s) return [];
  const out: string[] = [];
  for (const part of s.split(sep)) {
    const v = part.trim();
    if (v && !out.includes(v)) out.push(v);
  }
  return out;
}

export async function* parseCnPatentCsv(
  input: AsyncIterable<Buffer | string>,
  fileName = '',
): AsyncGenerator<ImportItem> {
  const where = fileName ? ` in ${fileName}` : '';
  let header: string[] | undefined;
  let layout: Layout | undefined;
  const col = new Map<string, number>();

  for await (const row of readCsvRows(input, fileName)) {
    if (!header) {
      header = row.cells.map((h) => h.trim());
      layout = layoutOf(header);
      if (!layout) {
        throw new ImportFileError(
          `unknown CN patent CSV header${where} (line ${row.line}): expected the columns ${CN_TITLES_COLUMNS.join(', ')} or ${CN_ABSTRACTS_COLUMNS.join(', ')}`,
          `line ${row.line}`,
        );
      }
      const known: readonly string[] = layout === 'titles' ? CN_TITLES_COLUMNS : CN_ABSTRACTS_COLUMNS;
      const unknown = header.filter((h) => h !== '' && !known.includes(h));
      if (unknown.length) {
        throw new ImportFileError(
          `unknown column(s)${where} (line ${row.line}): ${unknown.map((u) => `"${u}"`).join(', ')}; known columns: ${known.join(', ')}`,
          `line ${row.line}`,
        );
      }
      const missing = REQUIRED[layout].filter((r) => !header!.includes(r));
      if (missing.length) {
        throw new ImportFileError(
          `missing required column(s)${where}: ${missing.join(', ')}`,
          `line ${row.line}`,
        );
      }
      header.forEach((h, i) => {
        if (h && !col.has(h)) col.set(h, i);
      });
      continue;
    }
    const ref = `line ${row.line}`;
    const cell = (name: string): string => (row.cells[col.get(name) ?? -1] ?? '').trim();
    if (row.cells.length > header.length && row.cells.slice(header.length).some((c) => c.trim() !== '')) {
      yield { ref, error: `row has ${row.cells.length} columns, the header has ${header.length}` };
      continue;
    }
    if (layout === 'titles') {
      const publicationNumber = cell('publication_numbers');
      if (!publicationNumber) {
        yield { ref, field: 'publicationNumber', error: 'publication_numbers (publicationNumber): empty' };
        continue;
      }
      const title = cell('patent_title');
      const record: CanonicalRecord = {
        kind: 'patent',
        office: 'CN',
        publicationNumber,
        applicants: [],
        source: 'cn-patent-csv',
      };
      const type = cnPatentType(publicationNumber);
      if (type) record.patentType = type;
      if (title) record.title = title;
      const ipc = splitList(cell('true_subclasses_all'), /[|;]/).map(normaliseClassSymbol);
      if (ipc.length) record.ipc = ipc;
      yield { ref, record };
    } else {
      const publicationNumber = cell('publication_number');
      if (!publicationNumber) {
        yield { ref, field: 'publicationNumber', error: 'publication_number (publicationNumber): empty' };
        continue;
      }
      let cpc: string[] = [];
      const labels = cell('labels');
      if (labels) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(labels);
        } catch {
          yield { ref, field: 'cpc', error: `labels (cpc): not a JSON list: ${labels.slice(0, 80)}` };
          continue;
        }
        if (!Array.isArray(parsed) || !parsed.every((x) => typeof x === 'string')) {
          yield { ref, field: 'cpc', error: 'labels (cpc): expected a JSON list of CPC codes' };
          continue;
        }
        cpc = splitList(parsed.join('\n'), /\n/).map(normaliseClassSymbol);
      }
      const { title, keywords, abstract } = splitPatentText(cell('text'));
      const record: CanonicalRecord = {
        kind: 'patent',
        office: 'CN',
        publicationNumber,
        applicants: [],
        source: 'cn-patent-csv',
      };
      const type = cnPatentType(publicationNumber);
      if (type) record.patentType = type;
      if (title) record.title = title;
      if (abstract) record.abstract = abstract;
      if (cpc.length) record.cpc = cpc;
      if (keywords) record.extra = { keywords };
      yield { ref, record };
    }
  }
  if (!header) throw new ImportFileError(`empty file${where}: no header row`);
}

/** true when the first line is the header of one of the CN patent datasets. */
export function looksLikeCnPatentCsv(head: Buffer): boolean {
  const first = (
    decodeHead(head)
      .split(/\r?\n|\r/)
      .find((l) => l.trim() !== '') ?? ''
  ).trim();
  const cols = first.split(/[,\t;]/).map((c) => c.trim().replace(/^"|"$/g, ''));
  return layoutOf(cols) !== undefined;
}

export const cnPatentCsvImporter: Importer = {
  format: 'cn-patent-csv',
  detect: (head) => looksLikeCnPatentCsv(head),
  parse: (input: Readable, fileName: string) => parseCnPatentCsv(input, fileName),
};
