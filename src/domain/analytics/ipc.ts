/**
 * IPC hierarchy levels and titles for the breakdowns: section (A) → class (A61) → subclass (A61K).
 * Subclass titles are WIPO's English IPC 2022.01 titles and class titles the French IPC 2021.01 ones (the only
 * class titles in ../shared/datasets/ipc-scheme), generated into ipc-data.ts by scripts/gen-analytics-data.ts.
 * The eight section titles are those of the IPC itself (WIPO, English; CNIPA's Chinese edition).
 */
import { IPC_CLASS_TITLES_FR, IPC_SUBCLASS_TITLES_EN } from './ipc-data.ts';

export type IpcLevel = 'section' | 'class' | 'subclass';

export const IPC_SECTIONS: Record<string, { zh: string; en: string }> = {
  A: { zh: '人类生活必需', en: 'Human necessities' },
  B: { zh: '作业；运输', en: 'Performing operations; transporting' },
  C: { zh: '化学；冶金', en: 'Chemistry; metallurgy' },
  D: { zh: '纺织；造纸', en: 'Textiles; paper' },
  E: { zh: '固定建筑物', en: 'Fixed constructions' },
  F: {
    zh: '机械工程；照明；加热；武器；爆破',
    en: 'Mechanical engineering; lighting; heating; weapons; blasting',
  },
  G: { zh: '物理', en: 'Physics' },
  H: { zh: '电学', en: 'Electricity' },
};

const LENGTH: Record<IpcLevel, number> = { section: 1, class: 3, subclass: 4 };

/** The code of a normalised IPC symbol at a level (`G06F17/30` → `G`, `G06`, `G06F`). */
export function ipcAt(symbol: string, level: IpcLevel): string {
  return symbol.slice(0, LENGTH[level]);
}

export function ipcLevelLength(level: IpcLevel): number {
  return LENGTH[level];
}

/** The code is a well-formed IPC code of that level. */
export function isIpcCode(code: string, level: IpcLevel): boolean {
  const re = { section: /^[A-H]$/, class: /^[A-H]\d{2}$/, subclass: /^[A-H]\d{2}[A-Z]$/ }[level];
  return re.test(code);
}

/** A readable title of an IPC code at its level (undefined when the scheme has none). */
export function ipcTitle(code: string): string | undefined {
  if (code.length === 1)
    return IPC_SECTIONS[code] ? `${IPC_SECTIONS[code].zh} ${IPC_SECTIONS[code].en}` : undefined;
  if (code.length === 3) return IPC_CLASS_TITLES_FR[code];
  if (code.length === 4) return IPC_SUBCLASS_TITLES_EN[code];
  return undefined;
}
