import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

/** WIPO IPC 2022.01 main-group titles (English), from ../shared/datasets/ipc-scheme (see its SOURCE.md). */
export const IPC_MAIN_GROUPS_TSV = fileURLToPath(
  new URL('../../../../shared/datasets/ipc-scheme/ipc_2022_01_main_groups_en.tsv', import.meta.url),
);

let titles: Map<string, string> | undefined;

/** `A01B 1<TAB>Hand tools (…)` → `A01B1/00` → `Hand tools`; the title is cut before its first parenthesised reference. */
export function parseMainGroupTitles(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split(/\r?\n/).slice(1)) {
    const m = /^([A-H]\d{2}[A-Z]) (\d{1,4})\t(.*)$/.exec(line);
    if (m) out.set(`${m[1]}${Number(m[2])}/00`, m[3]!.replace(/\s*\(.*$/, '').trim());
  }
  return out;
}

/** The title of a main group (`H01M10/00`); undefined when the scheme file is not beside the checkout. */
export function mainGroupTitle(code: string): string | undefined {
  if (!titles)
    titles = fs.existsSync(IPC_MAIN_GROUPS_TSV)
      ? parseMainGroupTitles(fs.readFileSync(IPC_MAIN_GROUPS_TSV, 'utf8'))
      : new Map();
  return titles.get(code);
}
