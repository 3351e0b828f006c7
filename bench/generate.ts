import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openImport } from '../src/importers/registry.ts';
import { cnAppNoCheckChar } from '../src/domain/ids/cn-appno.ts';
import { makeUscc, rng } from '../src/modules/demo/generate.ts';

export const TITLES_CSV = fileURLToPath(
  new URL('../../shared/datasets/cn-patent-titles-ipc/cn_patents_title_ipc_9740.csv', import.meta.url),
);

/** Real titles and IPC subclass sets from the shared CN dataset (material for generated records). */
export async function loadTitles(): Promise<{ title: string; ipc: string[] }[]> {
  const out: { title: string; ipc: string[] }[] = [];
  const { items } = await openImport(TITLES_CSV, 'cn-patent-csv');
  for await (const it of items)
    if ('record' in it && it.record.title) out.push({ title: it.record.title, ipc: it.record.ipc ?? [] });
  return out;
}

/** The 5000 applicants of the generated records (the first draws of `r`; bench/dashboard.ts registers them). */
export function applicantPool(r: () => number): { name: string; uscc: string }[] {
  return Array.from({ length: 5000 }, (_, i) => ({
    name: `上海基准测试${i}科技有限公司`,
    uscc: makeUscc(r, '91', '310104'),
  }));
}

/**
 * Write `n` canonical JSON Lines patent records: CN inventions / utility models / designs with valid
 * application numbers (check digit computed), real titles and IPC, applicants from a pool of entities.
 */
export async function writeRecords(file: string, n: number, withAbstracts = false): Promise<void> {
  const titles = await loadTitles();
  const r = rng(42);
  const pool = applicantPool(r);
  const out = fs.createWriteStream(file);
  const serials = new Map<string, number>();
  let buf = '';
  for (let i = 0; i < n; i++) {
    const year = 2003 + (i % 21);
    const type = i % 10 < 6 ? 1 : i % 10 < 9 ? 2 : 3;
    const key = `${year}${type}`;
    const serial = (serials.get(key) ?? 0) + 1;
    serials.set(key, serial);
    const digits = `${year}${type}${String(serial).padStart(7, '0')}`;
    const t = titles[i % titles.length]!;
    const a = pool[Math.floor(r() * pool.length)]!;
    const rec: Record<string, unknown> = {
      kind: 'patent',
      office: 'CN',
      patentType: type === 1 ? 'invention' : type === 2 ? 'utility_model' : 'design',
      applicationNumber: `${digits}.${cnAppNoCheckChar(digits)}`,
      filingDate: `${year}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
      // most are granted 1–3 years after filing, so the lifecycle rules have fees to compute
      ...(i % 10 < 7
        ? {
            grantDate: `${Math.min(year + 1 + (i % 3), 2025)}-${String(1 + ((i + 5) % 12)).padStart(2, '0')}-${String(1 + ((i + 3) % 28)).padStart(2, '0')}`,
          }
        : {}),
      title: t.title,
      ipc: type === 3 ? [] : t.ipc.map((c) => `${c}${1 + (i % 20)}/${String(i % 100).padStart(2, '0')}`),
      applicants: [a],
    };
    if (withAbstracts)
      rec.abstract =
        `${t.title}。本发明公开了一种${t.title}，包括主体、控制单元和传感模块，具有结构简单、成本低、可靠性高的优点。`.repeat(
          3,
        );
    buf += JSON.stringify(rec) + '\n';
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise<void>((res) => out.once('drain', () => res()));
      buf = '';
    }
  }
  out.write(buf);
  await new Promise<void>((res, rej) => out.end((e?: Error | null) => (e ? rej(e) : res())));
}
