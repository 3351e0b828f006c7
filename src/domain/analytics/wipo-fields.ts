/**
 * The WIPO IPC-Technology concordance: 35 technology fields in 5 sectors (Schmoch 2008, WIPO), loaded as data
 * from ../shared/datasets/ipc-scheme/wipo_ipc_technology_concordance.csv into wipo-data.ts
 * (scripts/gen-analytics-data.ts). A symbol belongs to the field of its longest matching pattern.
 */
import { WIPO_FIELD_DATA, type WipoFieldData } from './wipo-data.ts';

export type WipoField = WipoFieldData;
export const WIPO_FIELDS: readonly WipoField[] = WIPO_FIELD_DATA;

const BY_ID = new Map(WIPO_FIELDS.map((f) => [f.id, f]));
const PATTERNS: readonly { prefix: string; field: number }[] = WIPO_FIELDS.flatMap((f) =>
  f.patterns.map((prefix) => ({ prefix, field: f.id })),
).sort((a, b) => b.prefix.length - a.prefix.length);

export function wipoField(id: number): WipoField | undefined {
  return BY_ID.get(id);
}

/** The field of a normalised IPC symbol (`H04N21/234`, or a bare subclass `G06F`); undefined when none matches. */
export function wipoFieldOf(ipc: string): number | undefined {
  // `H04N3/`-style patterns name a main group: the symbol's main group must equal it, not merely start with it
  const group = /^([A-H]\d{2}[A-Z]\d+)\//.exec(ipc)?.[1];
  for (const p of PATTERNS) {
    if (p.prefix.endsWith('/')) {
      if (group !== undefined && `${group}/` === p.prefix) return p.field;
    } else if (ipc.startsWith(p.prefix)) return p.field;
  }
  return undefined;
}
