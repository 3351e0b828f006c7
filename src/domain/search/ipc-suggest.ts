/**
 * IPC suggestions for the query box: sections, classes and subclasses whose code starts with what was typed
 * (`g06` → G06, G06C, G06D, …), or whose title contains it (`battery`). Titles come from the ipc-scheme dataset
 * through domain/analytics/ipc.ts: subclasses in English, classes in French (the only class titles there),
 * sections in Chinese and English.
 */
import { IPC_SECTIONS, ipcTitle } from '../analytics/ipc.ts';
import { IPC_CLASS_TITLES_FR, IPC_SUBCLASS_TITLES_EN } from '../analytics/ipc-data.ts';

export interface IpcSuggestion {
  value: string;
  label: string;
}

let codes: string[] | undefined;

/** Every section, class and subclass code, in code order. */
function allCodes(): string[] {
  codes ??= [
    ...Object.keys(IPC_SECTIONS),
    ...Object.keys(IPC_CLASS_TITLES_FR),
    ...Object.keys(IPC_SUBCLASS_TITLES_EN),
  ].sort();
  return codes;
}

const CODE_PREFIX = /^[A-H](?:\d{1,2}[A-Z]?)?$/;

export function ipcSuggestions(typed: string, limit: number): IpcSuggestion[] {
  const t = typed.replace(/\s+/g, '').replace(/\*$/, '');
  if (t === '') return [];
  const upper = t.toUpperCase();
  const byCode = CODE_PREFIX.test(upper);
  const lower = t.toLowerCase();
  const out: IpcSuggestion[] = [];
  for (const code of allCodes()) {
    const label = ipcTitle(code) ?? '';
    if (byCode ? code.startsWith(upper) : label.toLowerCase().includes(lower))
      out.push({ value: code, label });
    if (out.length >= limit) break;
  }
  return out;
}
