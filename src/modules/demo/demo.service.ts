import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AppContext } from '../../context.ts';
import { DEFAULT_REGION } from '../../context.ts';
import type { CanonicalRecord } from '../../domain/records/canonical.ts';
import { openImport } from '../../importers/registry.ts';
import { SYSTEM_ACTOR, type Actor } from '../audit/audit.service.ts';
import { isoDate, makeEntities, pick, rng, zipfPicker, type DemoEntity } from './generate.ts';
import { cnAppNoCheckChar } from '../../domain/ids/cn-appno.ts';
import { addMonthsPeriod, addYearsPeriod } from '../../domain/lifecycle/periods.ts';

const TODAY = new Date().toISOString().slice(0, 10);

export const CN_PATENT_DATASET = fileURLToPath(
  new URL('../../../../shared/datasets/cn-patent-titles-ipc/cn_patents_title_ipc_9740.csv', import.meta.url),
);

export interface DemoResult {
  entities: number;
  patents: number;
  trademarks: number;
  copyrights: number;
  users: string[];
}

const DEMO_ACTOR: Actor = { ...SYSTEM_ACTOR, name: 'demo' };
const DEMO_USERS = [
  { username: 'analyst', role: 'analyst', displayName: '数据分析员（演示）' },
  { username: 'officer', role: 'enforcement', displayName: '执法人员（演示）' },
  { username: 'mediator', role: 'mediator', displayName: '调解员（演示）' },
  { username: 'member', role: 'member_unit', displayName: '成员单位（演示）' },
  { username: 'bank', role: 'finance', displayName: '合作银行（演示）' },
  { username: 'enterprise', role: 'enterprise', displayName: '企业用户（演示）' },
];

/**
 * The demo district: generated entities with valid USCCs on Xuhui's streets, the real CN patents of
 * the shared dataset attached to them, and generated trademarks and copyrights. Everything is marked demo.
 */
export class DemoService {
  constructor(private readonly ctx: AppContext) {}

  async loadIfEmpty(opts: { password?: string } = {}): Promise<DemoResult | undefined> {
    const page = await this.ctx.registry.listEntities(
      SYSTEM_ACTOR,
      { canReadPrivate: true, canWriteAll: true, canWriteOwn: true },
      { limit: 1 },
    );
    if (page.total > 0) return undefined;
    return this.load(opts);
  }

  async load(
    opts: { password?: string; entityCount?: number; patentLimit?: number } = {},
  ): Promise<DemoResult> {
    const { registry } = this.ctx;
    const streets = await registry.streets(DEFAULT_REGION);
    if (streets.length === 0) throw new Error(`region ${DEFAULT_REGION} has no streets loaded`);
    const entities = makeEntities(20211229, opts.entityCount ?? 240, streets, DEFAULT_REGION);
    const ids = new Map<string, number>();
    await this.ctx.database.db.transaction().execute(async (tx) => {
      for (const e of entities) {
        const existing = await registry.entityIdByUscc(e.uscc, tx);
        if (existing) {
          ids.set(e.uscc, Number(existing));
          continue;
        }
        const v = await registry.createEntity(
          DEMO_ACTOR,
          {
            uscc: e.uscc,
            name: e.name,
            kind: e.kind,
            industry: e.industry,
            streetCode: e.streetCode,
            address: e.address,
            flags: e.flags,
          },
          { isDemo: true, tx },
        );
        ids.set(e.uscc, v.id);
      }
    });

    const patents = await this.loadPatents(entities, opts.patentLimit);
    const granted = this.grantedPatents(entities);
    const patentsGranted = await this.store(granted);
    await this.payFees(granted);
    const trademarks = await this.store(this.trademarks(entities));
    const copyrights = await this.store(this.copyrights(entities));
    const users = await this.users(ids.get(entities[3]!.uscc)!, opts.password);
    await this.ctx.lifecycle.recompute();
    await this.ctx.analytics.seedDemo(DEMO_ACTOR, DEFAULT_REGION); // Xuhui denominators (§6.6), demo pledges
    // the public statistics page of the demo shows the last two full years, frozen and published (demo data)
    const year = Number(new Date().toISOString().slice(0, 4));
    for (const period of [String(year - 2), String(year - 1)]) {
      if ((await this.ctx.snapshots.list({ region: DEFAULT_REGION, period })).length > 0) continue; // a reload
      const snap = await this.ctx.snapshots.create(DEMO_ACTOR, { region: DEFAULT_REGION, period });
      await this.ctx.snapshots.publish(DEMO_ACTOR, snap.id);
    }
    return { entities: entities.length, patents: patents + patentsGranted, trademarks, copyrights, users };
  }

  private async store(records: CanonicalRecord[]): Promise<number> {
    let n = 0;
    for (let i = 0; i < records.length; i += 1000) {
      const chunk = records.slice(i, i + 1000);
      const r = await this.ctx.database.db
        .transaction()
        .execute((tx) => this.ctx.registry.upsertRecords(tx, DEMO_ACTOR, chunk, { isDemo: true }));
      if (r.rejects.length) throw new Error(`demo data rejected: ${r.rejects[0]!.reason}`);
      n += r.inserted + r.updated + r.unchanged;
    }
    return n;
  }

  /** The real CN patents (publication number, title, IPC) with applicants from the demo entities. */
  private async loadPatents(entities: DemoEntity[], limit?: number): Promise<number> {
    if (!fs.existsSync(CN_PATENT_DATASET))
      throw new Error(
        `the CN patent dataset is missing at ${CN_PATENT_DATASET} (expected ../shared beside the checkout)`,
      );
    const r = rng(7);
    const holders = zipfPicker(r, entities.length);
    const { items } = await openImport(CN_PATENT_DATASET, 'cn-patent-csv');
    const records: CanonicalRecord[] = [];
    for await (const item of items) {
      if (!('record' in item)) continue;
      const owner = entities[holders()]!;
      const applicants: { name: string; uscc?: string }[] = [{ name: owner.name, uscc: owner.uscc }];
      if (r() < 0.08) {
        const co = entities[holders()]!;
        if (co.uscc !== owner.uscc) applicants.push({ name: co.name, uscc: co.uscc });
      }
      // Some co-applicants are outside the district and have no entity: they appear in the
      // unmatched-names list for a person to resolve.
      if (r() < 0.05)
        applicants.push({ name: `${pick(r, ['北京', '深圳', '杭州'])}${owner.brand}科技有限公司` });
      records.push({ ...item.record, applicants, source: 'demo:cn-patent-titles-ipc' });
      if (limit && records.length >= limit) break;
    }
    return this.store(records);
  }

  /**
   * Generated granted CN patents (marked demo) with filing and grant dates, so the lifecycle views have
   * fees to show: valid application numbers (check digit computed), template titles, no real record behind them.
   */
  private grantedPatents(entities: DemoEntity[]): CanonicalRecord[] {
    const r = rng(17);
    const out: CanonicalRecord[] = [];
    const serial = new Map<string, number>();
    // template topics with the IPC subclass that covers them (subclasses of ipc_2022_01_subclasses_en.tsv)
    const TOPICS: [string, string][] = [
      ['数据处理方法及装置', 'G06F'],
      ['锂离子电池负极材料', 'H01M'],
      ['芯片散热结构', 'H01L'],
      ['图像识别系统', 'G06V'],
      ['医用导管', 'A61M'],
      ['智能传感器', 'G01D'],
      ['光伏组件清洗装置', 'H02S'],
      ['药物缓释制剂', 'A61K'],
    ];
    for (const [i, e] of entities.entries()) {
      if (i % 2 === 1) continue;
      const n = 1 + Math.floor(r() * 3);
      for (let k = 0; k < n; k++) {
        const year = 2008 + Math.floor(r() * 15);
        const type = r() < 0.6 ? 1 : r() < 0.8 ? 2 : 3;
        const key = `${year}${type}`;
        const next = (serial.get(key) ?? 9_000_000 + Math.floor(r() * 1000)) + 1 + Math.floor(r() * 50);
        serial.set(key, next);
        const digits = `${year}${type}${String(next).padStart(7, '0')}`;
        const filing = isoDate(year, 1 + Math.floor(r() * 12), 1 + Math.floor(r() * 28));
        const grantYear = year + (type === 1 ? 2 + Math.floor(r() * 2) : 1);
        const grant = isoDate(grantYear, 1 + Math.floor(r() * 12), 1 + Math.floor(r() * 28));
        const [topic, ipc] = pick(r, TOPICS);
        out.push({
          kind: 'patent',
          office: 'CN',
          patentType: type === 1 ? 'invention' : type === 2 ? 'utility_model' : 'design',
          applicationNumber: `${digits}.${cnAppNoCheckChar(digits)}`,
          filingDate: filing,
          grantDate: grant > filing ? grant : filing,
          title: `${type === 3 ? '外观设计：' : '一种'}${topic}（演示）`,
          // designs are classified by Locarno, not IPC
          ...(type === 3 ? {} : { ipc: [ipc] }),
          applicants: [{ name: e.name, uscc: e.uscc }],
          events: [{ code: 'GRANT', date: grant > filing ? grant : filing }],
          source: 'demo:generated',
        });
      }
    }
    return out;
  }

  /**
   * Pay the annual fees of the generated patents on time, except a few that are left in grace or missed.
   * The payments go in as one batch (one transaction), then the CF01s of the holders who stopped paying.
   */
  private async payFees(patents: CanonicalRecord[]): Promise<void> {
    const r = rng(19);
    const all = { canReadPrivate: true, canWriteAll: true, canWriteOwn: true };
    const asOf = new Date().toISOString().slice(0, 10);
    const payments: Parameters<AppContext['lifecycle']['recordPayments']>[2] = [];
    const lapses: { id: number; date: string }[] = [];
    for (const p of patents) {
      const [id] = await this.ctx.registry.idsByNumber(p.applicationNumber!);
      if (!id) continue;
      const skipFrom = r() < 0.1 ? 1 : Infinity; // about one in ten stops paying: in grace or missed
      const s = await this.ctx.lifecycle.schedule(DEMO_ACTOR, all, id, asOf);
      let paid = 0;
      for (const d of s.deadlines) {
        if (d.kind !== 'annual_fee' || d.grantYearFee || d.state === 'paid' || d.dueDate > asOf) continue;
        if (paid >= skipFrom) {
          // the holder stopped paying: once the grace period is over CNIPA announces the termination (CF01)
          if (d.graceEnd && d.graceEnd < asOf) lapses.push({ id, date: d.graceEnd });
          break;
        }
        payments.push({ assetId: id, patentYear: d.patentYear, paidOn: d.dueDate, amount: d.reducedAmount });
        paid++;
      }
    }
    // loaded again, a lapsed right refuses its payments: skipped, as a holder who stopped paying
    await this.ctx.lifecycle.recordPayments(DEMO_ACTOR, all, payments, { skipRefused: true });
    for (const l of lapses)
      await this.ctx.registry.addEvent(DEMO_ACTOR, all, l.id, {
        code: 'CF01',
        date: l.date,
        note: '未缴年费专利权终止（演示）',
      });
  }

  private trademarks(entities: DemoEntity[]): CanonicalRecord[] {
    const r = rng(11);
    const out: CanonicalRecord[] = [];
    let serial = 14_000_000;
    for (const e of entities) {
      const n = 1 + Math.floor(r() * 4);
      for (let i = 0; i < n; i++) {
        serial += 1 + Math.floor(r() * 9000);
        const year = 2008 + Math.floor(r() * 16);
        const filing = isoDate(year, 1 + Math.floor(r() * 12), 1 + Math.floor(r() * 28));
        const reg = isoDate(year + 1, 1 + Math.floor(r() * 12), 1 + Math.floor(r() * 28));
        const mark = i === 0 ? e.brand : `${e.brand}${pick(r, ['智联', '优选', '云', 'PRO', '星', '汇'])}`;
        out.push({
          kind: 'trademark',
          office: 'CN',
          registrationNumber: String(serial),
          filingDate: filing,
          registrationDate: reg,
          title: mark,
          niceClasses: [pick(r, e.nice)],
          applicants: [{ name: e.name, uscc: e.uscc }],
          events: [
            { code: 'TM_REG', date: reg },
            // most holders renew in the 12 months before expiry (商标法 第四十条): two months before here
            ...(addYearsPeriod(reg, 10) < TODAY && r() < 0.7
              ? [{ code: 'TM_RENEW', date: addMonthsPeriod(addYearsPeriod(reg, 10), -2) }]
              : []),
          ],
          source: 'demo:generated',
        });
      }
    }
    return out;
  }

  private copyrights(entities: DemoEntity[]): CanonicalRecord[] {
    const r = rng(13);
    const out: CanonicalRecord[] = [];
    let sw = 100_000;
    let works = 200_000;
    for (const e of entities.filter((_, i) => i % 2 === 0)) {
      const year = 2015 + Math.floor(r() * 9);
      const date = isoDate(year, 1 + Math.floor(r() * 12), 1 + Math.floor(r() * 28));
      if (e.industry.startsWith('I') || e.industry.startsWith('C39') || r() < 0.4) {
        sw += 1 + Math.floor(r() * 5000);
        out.push({
          kind: 'copyright',
          office: 'CN',
          copyrightType: 'software',
          registrationNumber: `${year}SR${String(sw).padStart(6, '0')}`,
          registrationDate: date,
          title: `${e.brand}${pick(r, ['智能管理系统', '数据分析平台', '移动办公软件', '知识产权管理系统', '嵌入式控制软件'])}V${1 + Math.floor(r() * 4)}.0`,
          applicants: [{ name: e.name, uscc: e.uscc }],
          source: 'demo:generated',
        });
      } else {
        works += 1 + Math.floor(r() * 90000);
        out.push({
          kind: 'copyright',
          office: 'CN',
          copyrightType: 'work',
          registrationNumber: `国作登字-${year}-F-${String(works).padStart(8, '0')}`,
          registrationDate: date,
          title: `${e.brand}品牌标识`,
          category: '美术',
          applicants: [{ name: e.name, uscc: e.uscc }],
          source: 'demo:generated',
        });
      }
    }
    return out;
  }

  private async users(enterpriseEntityId: number, password?: string): Promise<string[]> {
    const existing = new Set((await this.ctx.auth.listUsers()).map((u) => u.username));
    const pw = process.env.ZHIHUI_DEMO_PASSWORD ?? password;
    if (!pw) return [];
    const made: string[] = [];
    for (const u of DEMO_USERS) {
      if (existing.has(u.username)) continue;
      await this.ctx.auth.createUser(DEMO_ACTOR, {
        username: u.username,
        password: pw,
        displayName: u.displayName,
        role: u.role,
        entityId: u.role === 'enterprise' ? enterpriseEntityId : null,
        email: `${u.username}@demo.zhihui.test`, // reminders and digests reach the demo users (e.g. a local SMTP sink)
      });
      made.push(u.username);
    }
    return made;
  }
}
