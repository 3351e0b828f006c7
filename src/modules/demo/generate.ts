import { USCC_ALPHABET, organizationCheckChar, usccCheckChar } from '../../domain/ids/uscc.ts';

/** Deterministic PRNG (mulberry32) so the demo district is the same on every machine. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

/** Characters valid both in GB 11714 bodies and in the GB 32100 alphabet. */
const BODY = USCC_ALPHABET;

/** A valid USCC registered in `region`: authority/kind prefix, 8-character body, GB 11714 check, GB 32100 check. */
export function makeUscc(r: () => number, prefix: '91' | '12' | '52', region: string): string {
  let body = 'MA1';
  while (body.length < 8) body += pick(r, BODY.split(''));
  const org = body + organizationCheckChar(body);
  const first17 = prefix + region + org;
  return first17 + usccCheckChar(first17);
}

const BRAND =
  '华 汇 徐 科 创 智 达 联 信 恒 瑞 博 德 源 新 海 天 星 光 云 誉 泽 铭 睿 宏 晟 嘉 盛 远 航 思 诚 安 驰 腾 启 微 芯 数 康'.split(
    ' ',
  );
const BUSINESS: readonly { word: string; industry: string; nice: number[] }[] = [
  { word: '信息科技', industry: 'I65', nice: [9, 42] },
  { word: '软件技术', industry: 'I65', nice: [9, 42] },
  { word: '人工智能科技', industry: 'I65', nice: [9, 42, 35] },
  { word: '集成电路设计', industry: 'C39', nice: [9] },
  { word: '电子科技', industry: 'C39', nice: [9, 11] },
  { word: '生物医药科技', industry: 'C27', nice: [5, 10, 44] },
  { word: '医疗器械', industry: 'C35', nice: [10] },
  { word: '新材料科技', industry: 'C30', nice: [1, 17, 19] },
  { word: '智能装备', industry: 'C34', nice: [7, 9] },
  { word: '新能源科技', industry: 'D44', nice: [4, 9, 11] },
  { word: '文化传媒', industry: 'R86', nice: [16, 35, 41] },
  { word: '检测技术服务', industry: 'M74', nice: [42] },
  { word: '环保科技', industry: 'N77', nice: [11, 40] },
  { word: '食品', industry: 'C14', nice: [29, 30, 32] },
];
const SUFFIX = ['有限公司', '股份有限公司', '有限公司'];

export interface DemoEntity {
  uscc: string;
  name: string;
  kind: 'enterprise' | 'university' | 'institute';
  industry: string;
  streetCode: string;
  address: string;
  flags: string[];
  nice: number[];
  brand: string;
}

const ROADS = [
  '漕溪北路',
  '虹桥路',
  '肇嘉浜路',
  '宜山路',
  '田林路',
  '桂平路',
  '钦州北路',
  '龙华中路',
  '天钥桥路',
  '凯旋路',
  '华泾路',
  '龙吴路',
];

export function makeEntities(
  seed: number,
  count: number,
  streets: readonly { code: string; name: string }[],
  region: string,
): DemoEntity[] {
  const r = rng(seed);
  const names = new Set<string>();
  const out: DemoEntity[] = [];
  const institutions: DemoEntity[] = [
    { name: '上海徐汇应用技术研究院', kind: 'institute', prefix: '12' as const, industry: 'M73' },
    { name: '上海漕河泾科技创新大学', kind: 'university', prefix: '12' as const, industry: 'P83' },
    { name: '上海徐汇知识产权服务中心', kind: 'institute', prefix: '52' as const, industry: 'M75' },
  ].map((x) => ({
    uscc: makeUscc(r, x.prefix, region),
    name: x.name,
    kind: x.kind as DemoEntity['kind'],
    industry: x.industry,
    streetCode: pick(r, streets).code,
    address: `上海市徐汇区${pick(r, ROADS)}${1 + Math.floor(r() * 999)}号`,
    flags: [],
    nice: [41, 42],
    brand: x.name.slice(2, 4),
  }));
  out.push(...institutions);
  while (out.length < count) {
    const brand = pick(r, BRAND) + pick(r, BRAND);
    const biz = pick(r, BUSINESS);
    const name = `上海${brand}${biz.word}${pick(r, SUFFIX)}`;
    if (names.has(name) || brand[0] === brand[1]) continue;
    names.add(name);
    const flags: string[] = [];
    if (r() < 0.3) flags.push('high_tech');
    if (r() < 0.08) flags.push('ip_demo');
    else if (r() < 0.12) flags.push('ip_advantage');
    if (r() < 0.1) flags.push('specialized');
    out.push({
      uscc: makeUscc(r, '91', region),
      name,
      kind: 'enterprise',
      industry: biz.industry,
      streetCode: pick(r, streets).code,
      address: `上海市徐汇区${pick(r, ROADS)}${1 + Math.floor(r() * 999)}号`,
      flags,
      nice: biz.nice,
      brand,
    });
  }
  return out;
}

/** Zipf-like choice: a few entities hold many rights, most hold a few. */
export function zipfPicker(r: () => number, n: number): () => number {
  const weights = Array.from({ length: n }, (_, i) => 1 / Math.pow(i + 1, 0.9));
  const total = weights.reduce((a, b) => a + b, 0);
  const cum: number[] = [];
  let acc = 0;
  for (const w of weights) cum.push((acc += w / total));
  return () => {
    const x = r();
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

export const isoDate = (y: number, m: number, d: number): string =>
  `${y}-${String(m).padStart(2, '0')}-${String(Math.min(d, 28)).padStart(2, '0')}`;
