/**
 * The search index on real data, on SQLite always and on PostgreSQL when ZHIHUI_TEST_PG_URL is set: the
 * 9,740 CN patents of ../shared/datasets/cn-patent-titles-ipc and the CN patents with abstracts of
 * cn-patent-abstracts-cpc, stored as ip_asset rows and indexed. Every expectation is computed from the data.
 *
 * Besides the real fields (publication number, title, abstract, IPC), each record gets — by its position,
 * deterministically — a status, a filing date (four in five records), and for some records an owner among
 * three entities on three Xuhui streets; three more patents carry real application ↔ publication number
 * pairs from ../shared/reference/vectors/cn-patent-appno.tsv, and three trademarks carry Nice classes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import path from 'node:path';
import { openDatabase, type Database } from '../connect.ts';
import { migrateToLatest } from '../migrations.ts';
import { openImport } from '../../importers/registry.ts';
import { normalizeRecord, type NormalizedAsset } from '../../domain/records/normalize.ts';
import { parseQuery } from '../../domain/search/query.ts';
import { assetNumberForms } from '../../domain/search/numbers.ts';
import { normalizeText } from './segment.ts';
import {
  createSearchIndex,
  FACET_NAMES,
  type FacetBucket,
  type FacetName,
  type SearchIndex,
  type SearchOptions,
  type SearchResult,
} from './search-index.ts';
import { FacetSnapshot, FacetSnapshots } from './facet-snapshot.ts';
import { MemoryIndex, MemoryIndexes } from './memory-index.ts';
import { isMemoryCursor } from './memory-search.ts';
import { rankTokens, type SearchSort } from './plan.ts';
import { SqliteFtsIndex } from './sqlite-fts.ts';
import { DATASETS, dialects, STREET } from '../../../test/helpers.ts';

const TITLES = path.join(DATASETS, 'cn-patent-titles-ipc/cn_patents_title_ipc_9740.csv');
const ABSTRACTS = ['sample_train.csv', 'sample_val.csv', 'sample_test.csv'].map((f) =>
  path.join(DATASETS, 'cn-patent-abstracts-cpc', f),
);
const NOW = '2024-06-01T00:00:00.000Z';
const STATUSES = ['pending', 'in_force', 'terminated', 'abandoned', 'invalid', 'expired'] as const;

interface Row {
  id: number;
  kind: string;
  subType: string | null;
  title: string;
  abstract: string;
  ipc: string[];
  nice: number[];
  status: string;
  filingDate: string | null;
  owners: { name: string; entity: number | null }[];
  numbers: string[];
  confidential: boolean;
}

interface Entity {
  id: number;
  name: string;
  street: string;
  industry: string;
}

const ENTITIES = [
  { name: '上海知汇新能源科技有限公司', street: STREET.徐家汇街道, industry: 'C38' },
  { name: '上海漕河泾芯片设计有限公司', street: STREET.漕河泾街道, industry: 'I65' },
  { name: '上海田林智能装备有限公司', street: STREET.田林街道, industry: 'C34' },
];

/** Real application ↔ publication pairs (vectors/cn-patent-appno.tsv). */
const NUMBERED = [
  { applicationNumber: '202010933716.2', publicationNumber: 'CN111912484A', patentType: 'invention' },
  { applicationNumber: '201180044267.5', publicationNumber: 'CN103250167A', patentType: 'invention' },
  { applicationNumber: '201730033448.8', publicationNumber: 'CN304218960S', patentType: 'design' },
] as const;

async function records(): Promise<NormalizedAsset[]> {
  const out: NormalizedAsset[] = [];
  for (const file of [TITLES, ...ABSTRACTS]) {
    const { items } = await openImport(file, 'cn-patent-csv');
    for await (const it of items) {
      if (!('record' in it) || !it.record) continue;
      const r = normalizeRecord(it.record);
      assert.ok(r.ok, `${file} ${it.ref}`);
      out.push(r.asset);
    }
  }
  for (const n of NUMBERED) {
    const r = normalizeRecord({ kind: 'patent', office: 'CN', ...n, applicants: [] });
    assert.ok(r.ok);
    out.push(r.asset);
  }
  for (const [no, classes] of [
    ['16435657', [9, 35]],
    ['24589410', [9]],
    ['30112233', [30, 43]],
  ] as const) {
    const r = normalizeRecord({
      kind: 'trademark',
      office: 'CN',
      registrationNumber: no,
      title: '知汇',
      niceClasses: [...classes],
      applicants: [],
    });
    assert.ok(r.ok);
    out.push(r.asset);
  }
  return out;
}

/** Load the data: reference rows, entities, assets and owners (the index is built by the test). */
async function load(database: Database): Promise<{ rows: Row[]; entities: Entity[] }> {
  const db = database.db;
  await db
    .insertInto('region')
    .values({
      code: '310104',
      name: '徐汇区',
      parent_code: null,
      level: 'district',
      population: null,
      is_default: 1,
    })
    .execute();
  await db
    .insertInto('street')
    .values(Object.entries(STREET).map(([name, code]) => ({ code, name, region_code: '310104' })))
    .execute();
  const entities: Entity[] = [];
  for (const e of ENTITIES) {
    const r = await db
      .insertInto('entity')
      .values({
        name: e.name,
        name_norm: e.name,
        kind: 'enterprise',
        street_code: e.street,
        industry: e.industry,
        former_names: '[]',
        flags: '[]',
        is_demo: 0,
        created_at: NOW,
        updated_at: NOW,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    entities.push({ id: Number(r.id), ...e });
  }

  const assets = await records();
  const rows: Row[] = [];
  await db.transaction().execute(async (tx) => {
    for (let i = 0; i < assets.length; i += 250) {
      const batch = assets.slice(i, i + 250);
      const values = batch.map((a, j) => {
        const k = i + j;
        const filingDate =
          k % 5 === 0 ? null : `${2012 + (k % 11)}-${String(1 + (k % 12)).padStart(2, '0')}-15`;
        return {
          kind: a.kind,
          office: a.office,
          sub_type: a.subType,
          app_key: a.appKey,
          pub_key: a.pubKey,
          application_number: a.applicationNumber,
          registration_number: a.registrationNumber,
          publication_number: a.publicationNumber,
          title: a.title,
          abstract: a.abstract,
          filing_date: filingDate,
          ipc: JSON.stringify(a.ipc),
          ipc_main: a.ipc[0] ?? null,
          nice_classes: JSON.stringify(a.niceClasses),
          details: '{}',
          status: STATUSES[k % STATUSES.length]!,
          confidential: k % 97 === 0 ? 1 : 0,
          content_hash: 'x',
          source: a.source,
          is_demo: 0,
          created_at: NOW,
          updated_at: NOW,
        };
      });
      const ids = await tx.insertInto('ip_asset').values(values).returning('id').execute();
      const owners: { asset_id: number; seq: number; name: string; name_norm: string; entity_id: number }[] =
        [];
      batch.forEach((a, j) => {
        const k = i + j;
        const id = Number(ids[j]!.id);
        const own: Row['owners'] = [];
        entities.forEach((e, n) => {
          if (k % [7, 11, 13][n]! === 0) {
            own.push({ name: e.name, entity: e.id });
            owners.push({ asset_id: id, seq: own.length, name: e.name, name_norm: e.name, entity_id: e.id });
          }
        });
        rows.push({
          id,
          kind: a.kind,
          subType: a.subType,
          title: a.title ?? '',
          abstract: a.abstract ?? '',
          ipc: a.ipc,
          nice: a.niceClasses,
          status: values[j]!.status,
          filingDate: values[j]!.filing_date,
          owners: own,
          numbers: assetNumberForms(a),
          confidential: values[j]!.confidential === 1,
        });
      });
      if (owners.length) await tx.insertInto('ip_owner').values(owners).execute();
    }
  });
  return { rows, entities };
}

const has = (text: string, word: string) => normalizeText(text).includes(normalizeText(word));
const anyText = (r: Row, word: string) =>
  has(r.title, word) || has(r.abstract, word) || r.owners.some((o) => has(o.name, word));

function idsWhere(rows: Row[], pred: (r: Row) => boolean): number[] {
  return rows
    .filter(pred)
    .map((r) => r.id)
    .sort((a, b) => a - b);
}

function countBy(values: string[]): FacetBucket[] {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return [...m]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}

for (const d of dialects()) {
  describe(`search index on ${d.name}`, () => {
    let drop: () => Promise<void>;
    let database: Database;
    let index: SearchIndex;
    let rows: Row[];
    let entities: Entity[];

    /**
     * Update an asset's row and refresh its search document in one transaction; `rollback`: then roll it back
     * (the index must be as before).
     */
    async function setAsset(
      id: number,
      set: Record<string, string | number | null>,
      o: { rollback?: boolean } = {},
    ): Promise<void> {
      const write = database.db.transaction().execute(async (tx) => {
        await tx.updateTable('ip_asset').set(set).where('id', '=', id).execute();
        await index.refresh(tx, [id]);
        if (o.rollback) throw new Error('rollback');
      });
      if (o.rollback) await assert.rejects(write, /rollback/);
      else await write;
    }

    /** every matching id (all pages, following the cursor), sorted */
    async function ids(q: string, sort?: SearchSort): Promise<number[]> {
      return (await pages(q, 1000, sort)).sort((a, b) => a - b);
    }

    /** every matching id in result order */
    async function pages(q: string, limit: number, sort?: SearchSort): Promise<number[]> {
      const out: number[] = [];
      let cursor: string | undefined;
      for (;;) {
        const r = await index.search(database.db, parseQuery(q), {
          limit,
          ...(cursor ? { cursor } : {}),
          ...(sort ? { sort } : {}),
        });
        out.push(...r.ids);
        if (!r.nextCursor) {
          assert.equal(out.length, r.total, `${q}: pages add up to the total`);
          return out;
        }
        cursor = r.nextCursor;
      }
    }

    before(async () => {
      const created = await d.create();
      drop = created.drop;
      database = openDatabase(created.url);
      await migrateToLatest(database);
      ({ rows, entities } = await load(database));
      index = createSearchIndex(database);
      const progress: number[] = [];
      const n = await index.rebuild(database.db, (done) => progress.push(done));
      assert.equal(n, rows.length);
      assert.equal(progress.at(-1), rows.length);
    });

    after(async () => {
      await database?.close();
      await drop?.();
    });

    test('the data: 9,740 titles + the abstracts samples + 6 numbered records', () => {
      assert.ok(rows.length > 9740);
      assert.ok(rows.filter((r) => r.abstract).length >= 50);
    });

    test('a two-character word finds exactly the records whose text contains it', async () => {
      for (const w of ['电池', '芯片', '装置', '电机', '控制', '电极', '传感', '数据', '光伏']) {
        const expected = idsWhere(rows, (r) => anyText(r, w));
        assert.ok(expected.length > 0, w);
        assert.deepEqual(await ids(w), expected, w);
        assert.deepEqual(
          await ids(`title:${w}`),
          idsWhere(rows, (r) => has(r.title, w)),
          `title:${w}`,
        );
      }
      // 电机 inside 风电机组 and 控制 inside 调控制备 are found too: the text contains them
      const t = rows.find((r) => r.title.includes('风电机组'));
      assert.ok(t && (await ids('title:电机')).includes(t.id));
    });

    test('one character, three or more, Latin words', async () => {
      for (const w of ['锂', '钠', '机器人', '锂离子', '传感器', '人工智能', '半导体']) {
        assert.deepEqual(
          await ids(w),
          idsWhere(rows, (r) => anyText(r, w)),
          w,
        );
      }
      // Latin words are whole words: LED finds "LED灯" but not "OLED"
      const word = (r: Row, w: string) =>
        [r.title, r.abstract, ...r.owners.map((o) => o.name)].some((t) =>
          new RegExp(`(^|[^a-z0-9])${w}([^a-z0-9]|$)`).test(normalizeText(t)),
        );
      for (const w of ['led', 'ecc', 'pcb'])
        assert.deepEqual(
          await ids(w.toUpperCase()),
          idsWhere(rows, (r) => word(r, w)),
          w,
        );
    });

    test('an unquoted term needs all of its jieba words; a phrase the exact text', async () => {
      assert.deepEqual(
        await ids('锂离子电池'),
        idsWhere(rows, (r) => anyText(r, '锂离子') && anyText(r, '电池')),
      );
      assert.deepEqual(
        await ids('固态 电池'),
        idsWhere(rows, (r) => anyText(r, '固态') && anyText(r, '电池')),
      );
      for (const p of ['控制方法', '锂离子电池', '电池包', '一种基于']) {
        const expected = idsWhere(rows, (r) => anyText(r, p));
        assert.ok(expected.length > 0, p);
        assert.deepEqual(await ids(`"${p}"`), expected, p);
      }
      assert.deepEqual(
        await ids('title:“控制方法”'),
        idsWhere(rows, (r) => has(r.title, '控制方法')),
      );
      const withAbstract = idsWhere(rows, (r) => has(r.abstract, '卷积神经网络'));
      assert.ok(withAbstract.length > 0);
      assert.deepEqual(await ids('abstract:"卷积神经网络"'), withAbstract);
    });

    test('AND, OR, NOT, -word and parentheses', async () => {
      const all = rows.map((r) => r.id).sort((a, b) => a - b);
      assert.deepEqual(
        await ids('电池 -锂'),
        idsWhere(rows, (r) => anyText(r, '电池') && !anyText(r, '锂')),
      );
      assert.deepEqual(
        await ids('(电池 OR 电容) NOT 装置'),
        idsWhere(rows, (r) => (anyText(r, '电池') || anyText(r, '电容')) && !anyText(r, '装置')),
      );
      assert.deepEqual(
        await ids('芯片 OR 机器人 OR "控制方法"'),
        idsWhere(rows, (r) => anyText(r, '芯片') || anyText(r, '机器人') || anyText(r, '控制方法')),
      );
      assert.deepEqual(
        await ids('NOT 装置'),
        idsWhere(rows, (r) => !anyText(r, '装置')),
      );
      assert.deepEqual(
        await ids('-装置 -方法'),
        idsWhere(rows, (r) => !anyText(r, '装置') && !anyText(r, '方法')),
      );
      assert.deepEqual(
        await ids('电池 AND (ipc:H01M* OR ipc:H02J*) -"锂离子"'),
        idsWhere(
          rows,
          (r) =>
            anyText(r, '电池') &&
            r.ipc.some((c) => c.startsWith('H01M') || c.startsWith('H02J')) &&
            !anyText(r, '锂离子'),
        ),
      );
      assert.deepEqual(await ids(''), all);
    });

    test('field filters: ipc, year, status, kind, type, nice, street, applicant', async () => {
      assert.deepEqual(
        await ids('ipc:H01M*'),
        idsWhere(rows, (r) => r.ipc.some((c) => c.startsWith('H01M'))),
      );
      assert.deepEqual(
        await ids('ipc:H01'),
        idsWhere(rows, (r) => r.ipc.some((c) => c.startsWith('H01'))),
      );
      assert.deepEqual(
        await ids('ipc:G'),
        idsWhere(rows, (r) => r.ipc.some((c) => c.startsWith('G'))),
      );
      assert.deepEqual(
        await ids('ipc:G06F17/30'),
        idsWhere(rows, (r) => r.ipc.includes('G06F17/30')),
      );
      const year = (r: Row) => (r.filingDate ? Number(r.filingDate.slice(0, 4)) : null);
      assert.deepEqual(
        await ids('year:2019..2020'),
        idsWhere(rows, (r) => year(r) !== null && year(r)! >= 2019 && year(r)! <= 2020),
      );
      assert.deepEqual(
        await ids('year:2021'),
        idsWhere(rows, (r) => year(r) === 2021),
      );
      assert.deepEqual(
        await ids('year:..2013'),
        idsWhere(rows, (r) => year(r) !== null && year(r)! <= 2013),
      );
      assert.deepEqual(
        await ids('-year:2015..'),
        idsWhere(rows, (r) => !(year(r) !== null && year(r)! >= 2015)),
      );
      assert.deepEqual(
        await ids('status:有效'),
        idsWhere(rows, (r) => r.status === 'in_force'),
      );
      assert.deepEqual(
        await ids('status:未缴年费终止 芯片'),
        idsWhere(rows, (r) => r.status === 'terminated' && anyText(r, '芯片')),
      );
      assert.deepEqual(
        await ids('type:实用新型 装置'),
        idsWhere(rows, (r) => r.subType === 'utility_model' && anyText(r, '装置')),
      );
      assert.deepEqual(
        await ids('-type:发明'),
        idsWhere(rows, (r) => r.subType !== 'invention'),
      );
      assert.deepEqual(
        await ids('kind:商标'),
        idsWhere(rows, (r) => r.kind === 'trademark'),
      );
      assert.deepEqual(
        await ids('nice:9'),
        idsWhere(rows, (r) => r.nice.includes(9)),
      );
      assert.equal((await ids('nice:9')).length, 2);
      for (const [name, code] of Object.entries(STREET)) {
        const expected = idsWhere(rows, (r) =>
          r.owners.some((o) => entities.find((e) => e.id === o.entity)!.street === code),
        );
        assert.ok(expected.length > 0);
        assert.deepEqual(await ids(`street:${name}`), expected, name);
        assert.deepEqual(await ids(`street:${code}`), expected, code);
        assert.deepEqual(await ids(`street:${name.replace('街道', '')}`), expected, name);
      }
      assert.deepEqual(
        await ids('applicant:漕河泾'),
        idsWhere(rows, (r) => r.owners.some((o) => o.name.includes('漕河泾'))),
      );
      assert.deepEqual(
        await ids('applicant:"知汇新能源" 电池'),
        idsWhere(rows, (r) => r.owners.some((o) => o.name.includes('知汇新能源')) && anyText(r, '电池')),
      );
    });

    test('a number finds its record in every written form', async () => {
      const one = async (q: string) => {
        const r = await index.search(database.db, parseQuery(q), { limit: 10 });
        return r.ids;
      };
      const byPub = (p: string) => rows.find((r) => r.numbers.includes(p))!.id;
      const first = byPub('CN114081026A');
      for (const q of [
        'CN114081026A',
        'cn114081026a',
        '114081026A',
        'CN114081026',
        '114081026',
        'CN114081026B',
        'ＣＮ１１４０８１０２６Ａ',
        'number:CN114081026A',
      ])
        assert.deepEqual(await one(q), [first], q);
      const utility = byPub('CN215792497U');
      assert.deepEqual(await one('CN215792497U'), [utility]);
      assert.deepEqual(await one('215792497'), [utility]);
      for (const n of NUMBERED) {
        const id = byPub(n.publicationNumber);
        const [body, check] = n.applicationNumber.split('.') as [string, string];
        for (const q of [
          n.applicationNumber,
          `${body}${check}`,
          body, // without the check digit: computed
          `CN${n.applicationNumber}`,
          `ZL${n.applicationNumber}`,
          `ZL${body}${check}`,
          `CN ${n.applicationNumber}`,
          n.publicationNumber,
          n.publicationNumber.slice(2),
        ])
          assert.deepEqual(await one(q), [id], `${q} → ${n.publicationNumber}`);
      }
      // a number and a word: both must match
      assert.deepEqual(await one('CN114081026A 驱鸟'), [first]);
      assert.deepEqual(await one('CN114081026A title:芯片'), []);
      // a trademark registration number
      assert.deepEqual(await one('16435657'), [rows.find((r) => r.numbers.includes('16435657'))!.id]);
      // part of a number (not a whole number) is found as a substring of the written forms
      const part = '1140810';
      assert.deepEqual(
        await ids('114081'),
        idsWhere(rows, (r) => r.numbers.some((n) => n.includes('114081')) || anyText(r, '114081')),
      );
      assert.ok((await ids(part)).length <= 1);
    });

    test('facet counts equal the counts computed from the data (SQL and facet snapshot)', async () => {
      const snapshot = await FacetSnapshot.load(database.db, 0);
      assert.equal(snapshot.size, rows.length);
      const cases = ['电池', '', 'ipc:H01M* OR 芯片', '装置 -status:有效', '"锂离子电池"', '芯片 OR 电池'];
      for (const [q, facetSnapshot] of cases.flatMap(
        (c) =>
          [
            [c, undefined],
            [c, snapshot],
          ] as const,
      )) {
        const ast = parseQuery(q);
        const r = await index.search(database.db, ast, {
          limit: 5,
          facets: FACET_NAMES,
          facetLimit: 1000,
          ...(facetSnapshot ? { facetSnapshot } : {}),
        });
        const pred = new Set(await ids(q));
        const m = rows.filter((x) => pred.has(x.id));
        assert.equal(r.total, m.length, q);
        assert.deepEqual(r.facets.kind, countBy(m.map((x) => x.kind)), `${q} kind`);
        assert.deepEqual(
          r.facets.subType,
          countBy(m.flatMap((x) => (x.subType ? [x.subType] : []))),
          `${q} subType`,
        );
        assert.deepEqual(r.facets.status, countBy(m.map((x) => x.status)), `${q} status`);
        assert.deepEqual(
          r.facets.year,
          countBy(m.flatMap((x) => (x.filingDate ? [x.filingDate.slice(0, 4)] : []))),
          `${q} year`,
        );
        for (const [facet, len] of [
          ['ipcSection', 1],
          ['ipcClass', 3],
          ['ipcSubclass', 4],
        ] as const)
          assert.deepEqual(
            r.facets[facet],
            countBy(m.flatMap((x) => [...new Set(x.ipc.map((c) => c.slice(0, len)))])),
            `${q} ${facet}`,
          );
        assert.deepEqual(r.facets.nice, countBy(m.flatMap((x) => x.nice.map(String))), `${q} nice`);
        const ent = (x: Row) => x.owners.map((o) => entities.find((e) => e.id === o.entity)!);
        const street = countBy(m.flatMap((x) => [...new Set(ent(x).map((e) => e.street))]));
        assert.deepEqual(
          r.facets.street,
          street.map((b) => ({
            ...b,
            label: Object.entries(STREET).find(([, c]) => c === b.value)![0],
          })),
          `${q} street`,
        );
        const entity = countBy(m.flatMap((x) => ent(x).map((e) => String(e.id))));
        assert.deepEqual(
          r.facets.entity,
          entity.map((b) => ({ ...b, label: entities.find((e) => String(e.id) === b.value)!.name })),
          `${q} entity`,
        );
        assert.deepEqual(
          r.facets.industry,
          countBy(m.flatMap((x) => ent(x).map((e) => e.industry))),
          `${q} industry`,
        );
      }
      // facetLimit keeps the most frequent buckets, the same ones with the snapshot
      const top = await index.search(database.db, parseQuery('装置'), {
        limit: 1,
        facets: ['ipcSubclass', 'entity'],
        facetLimit: 3,
      });
      assert.equal(top.facets.ipcSubclass!.length, 3);
      assert.deepEqual(Object.keys(top.facets), ['ipcSubclass', 'entity']);
      const fromSnapshot = await index.search(database.db, parseQuery('装置'), {
        limit: 1,
        facets: ['ipcSubclass', 'entity'],
        facetLimit: 3,
        facetSnapshot: snapshot,
      });
      assert.deepEqual(fromSnapshot.facets, top.facets);
      assert.equal(fromSnapshot.total, top.total);
      await assert.rejects(
        index.search(database.db, parseQuery('装置'), {
          limit: 1,
          facets: ['colour' as FacetName],
          facetSnapshot: snapshot,
        }),
        /unknown facet/,
      );
    });

    test('relevance ranks title matches first; cursor pages are complete and disjoint', async () => {
      // 电池 in the title outranks 电池 only in the abstract
      const order = await pages('电池', 50);
      const titled = new Set(idsWhere(rows, (r) => has(r.title, '电池')));
      const firstUntitled = order.findIndex((id) => !titled.has(id));
      assert.ok(firstUntitled === -1 || order.slice(firstUntitled).every((id) => !titled.has(id)));
      assert.equal(new Set(order).size, order.length);
      for (const sort of ['newest', 'oldest', 'filingDate', '-filingDate'] as const) {
        const seq = await pages('装置 OR 芯片', 333, sort);
        assert.equal(new Set(seq).size, seq.length, sort);
        const byId = new Map(rows.map((r) => [r.id, r]));
        const key = (id: number) => byId.get(id)!.filingDate;
        for (let i = 1; i < seq.length; i++) {
          const [a, b] = [seq[i - 1]!, seq[i]!];
          if (sort === 'newest') assert.ok(a > b);
          if (sort === 'oldest') assert.ok(a < b);
          if (sort === 'filingDate')
            assert.ok(
              (key(a) ?? '9999') < (key(b) ?? '9999') || ((key(a) ?? '9999') === (key(b) ?? '9999') && a < b),
            );
          if (sort === '-filingDate')
            assert.ok((key(a) ?? '') > (key(b) ?? '') || ((key(a) ?? '') === (key(b) ?? '') && a > b));
        }
      }
      await assert.rejects(
        index.search(database.db, parseQuery('电池'), { limit: 5, cursor: 'not-a-cursor' }),
        /cursor/,
      );
      const r = await index.search(database.db, parseQuery('电池'), { limit: 5 });
      await assert.rejects(
        index.search(database.db, parseQuery('电池'), { limit: 5, cursor: r.nextCursor!, sort: 'newest' }),
        /another sort|belongs to sort/,
      );
    });

    test('relevance pages picked outside SQL equal the pages of the SQL order', async () => {
      // SQLite: read off FTS5's own bm25 order vs bm25 over every matching row in SQL (no raw handle);
      // PostgreSQL: ts_rank in the one scan of search_doc vs SQL over the ids (an id window forces it)
      const sqlOnly = d.name === 'sqlite' ? new SqliteFtsIndex() : index;
      const sqlWindow = d.name === 'sqlite' ? {} : { afterAssetId: 0 };
      const queries = [
        '电池',
        '装置 方法',
        '锂离子电池',
        '"锂离子电池"',
        '电池 OR ipc:H01M*',
        '电池 OR 芯片',
        '装置 -status:有效',
        '芯片 year:2015..2020',
        `applicant:${ENTITIES[0]!.name}`,
        'title:电池 OR abstract:电极',
        '电池 OR CN114081026A',
        '芯片 street:徐家汇',
        '电池 ipc:H01M -year:2015..2016',
        '装置 (ipc:H OR status:有效) type:发明',
      ];
      for (const q of queries)
        for (const scope of ['include', 'exclude'] as const) {
          const seq = async (ix: SearchIndex, window = {}) => {
            const out: { ids: number[]; total: number }[] = [];
            let cursor: string | undefined;
            do {
              const r = await ix.search(database.db, parseQuery(q), {
                limit: 37,
                confidential: scope,
                ...window,
                ...(cursor ? { cursor } : {}),
              });
              out.push({ ids: r.ids, total: r.total });
              cursor = r.nextCursor ?? undefined;
            } while (cursor);
            return out;
          };
          const expected = await seq(sqlOnly, sqlWindow);
          assert.ok(expected[0]!.total > 0, q);
          assert.deepEqual(await seq(index), expected, `${q} (${scope})`);
        }
    });

    test('the memory index scores exactly as FTS5 bm25 and answers every search as the SQL index does', async () => {
      const snapshot = await FacetSnapshot.load(database.db, 1);
      const memory = await MemoryIndex.build(database.db, d.name);
      assert.equal(memory.size, rows.length);
      if (d.name === 'sqlite') {
        // the scores themselves: FTS5's bm25 of the words' OR, row by row, to the last bit
        for (const q of ['电池', '装置 方法', '锂离子电池', 'title:芯片 abstract:电极', 'LED 灯']) {
          const words = rankTokens(parseQuery(q));
          const expr = words
            .map(
              (w) =>
                `${w.columns.length === 1 ? `${w.columns[0]} : ` : `{${w.columns.join(' ')}} : `}"${w.token}"`,
            )
            .join(' OR ');
          const fts = database
            .sqlite!.prepare(
              'SELECT rowid AS id, bm25(search_fts, 10.0, 2.0, 4.0) AS s FROM search_fts WHERE search_fts MATCH ? ORDER BY rowid',
            )
            .all(expr) as { id: number; s: number }[];
          assert.ok(fts.length > 0, q);
          const ids = Int32Array.from(fts.map((r) => r.id));
          assert.deepEqual(
            Array.from(memory.bm25(ids, words)),
            fts.map((r) => r.s),
            q,
          );
        }
      }
      const own = entities[0]!.id;
      const queries = [
        '电池',
        '装置',
        '锂',
        'LED',
        'led*',
        '锂离子电池',
        '"锂离子电池"',
        '固态 电池',
        'title:芯片',
        'abstract:"卷积神经网络"',
        '电池 -锂',
        '(电池 OR 电容) NOT 装置',
        '芯片 OR 机器人 OR "控制方法"',
        'NOT 装置',
        '-装置 -方法',
        '电池 AND (ipc:H01M* OR ipc:H02J*) -"锂离子"',
        'ipc:H01M*',
        'ipc:H01',
        'ipc:G',
        'ipc:G06F17/30',
        'ipc:G06F3*',
        'year:2019..2020',
        '-year:2015..',
        'status:有效',
        'status:未缴年费终止 芯片',
        'type:实用新型 装置',
        '-type:发明',
        'kind:商标',
        'nice:9',
        '芯片 street:徐家汇',
        'street:漕河泾街道 OR 电池',
        'applicant:漕河泾',
        `applicant:${ENTITIES[0]!.name}`,
        'CN114081026A',
        '电池 OR CN114081026A',
        '装置 (ipc:H OR status:有效) type:发明',
        '',
      ];
      const collect = async (q: string, opts: Partial<SearchOptions>) => {
        const out: number[] = [];
        let first: SearchResult | undefined;
        let cursor: string | undefined;
        do {
          const r = await index.search(database.db, parseQuery(q), {
            limit: 250,
            facets: FACET_NAMES,
            ...opts,
            ...(cursor ? { cursor } : {}),
          });
          first ??= r;
          out.push(...r.ids);
          cursor = r.nextCursor ?? undefined;
        } while (cursor);
        return { ids: out, total: first!.total, facets: first!.facets };
      };
      const variants = [
        ['include', 'relevance'],
        ['include', 'oldest'],
        ['exclude', 'newest'],
        [{ ownerEntityId: own }, 'relevance'],
        ['include', '-filingDate'],
      ] as const;
      for (const q of queries)
        for (const [confidential, sort] of variants) {
          const label = `${q} (${JSON.stringify(confidential)}, ${sort})`;
          const viaSql = await collect(q, { confidential, sort });
          const viaMemory = await collect(q, { confidential, sort, memory, facetSnapshot: snapshot });
          assert.equal(viaMemory.total, viaSql.total, label);
          assert.deepEqual(viaMemory.facets, viaSql.facets, label);
          assert.equal(viaMemory.ids.length, viaMemory.total, label);
          // ts_rank orders PostgreSQL's SQL pages; memory ranks by bm25 on both
          if (sort === 'relevance' && d.name === 'postgres')
            assert.deepEqual(
              [...viaMemory.ids].sort((a, b) => a - b),
              [...viaSql.ids].sort((a, b) => a - b),
              label,
            );
          else assert.deepEqual(viaMemory.ids, viaSql.ids, label);
        }
      // a relevance cursor of the SQL order is left to SQL; one made from memory is marked
      const r = await index.search(database.db, parseQuery('电池'), {
        limit: 5,
        memory,
        facetSnapshot: snapshot,
      });
      assert.ok(isMemoryCursor(r.nextCursor!, 'relevance'));
      const s = await index.search(database.db, parseQuery('电池'), { limit: 5 });
      assert.ok(!isMemoryCursor(s.nextCursor!, 'relevance'));
      const next = await index.search(database.db, parseQuery('电池'), {
        limit: 5,
        cursor: s.nextCursor!,
        memory,
        facetSnapshot: snapshot,
      });
      assert.deepEqual(
        next.ids,
        (await index.search(database.db, parseQuery('电池'), { limit: 5, cursor: s.nextCursor! })).ids,
      );
    });

    test('facet snapshots: one per data version, built in the background, dropped when a write came in between', async () => {
      let version = 1;
      const snapshots = new FacetSnapshots(database.db, () => Promise.resolve(version));
      assert.equal(snapshots.at(1), undefined, 'none yet: the caller counts in SQL, a build starts');
      const built = await snapshots.ready();
      assert.equal(built?.version, 1);
      assert.equal(built?.size, rows.length);
      assert.equal(snapshots.at(1), built);
      version = 2;
      assert.equal(snapshots.at(2), undefined, 'a new version needs a new snapshot');
      assert.equal((await snapshots.ready())?.version, 2);
      // a version that moves during every build never yields a snapshot
      const moving = new FacetSnapshots(database.db, () => Promise.resolve(version++));
      assert.equal(await moving.ready(), undefined);
    });

    test('confidential assets: excluded, included, or only one entity’s', async () => {
      const all = await ids('装置');
      const pub = (await index.search(database.db, parseQuery('装置'), { limit: 1, confidential: 'exclude' }))
        .total;
      const hidden = rows.filter((r) => r.confidential && anyText(r, '装置'));
      assert.ok(hidden.length > 0);
      assert.equal(pub, all.length - hidden.length);
      const own = entities[0]!;
      const mine = (
        await index.search(database.db, parseQuery('装置'), {
          limit: 1,
          confidential: { ownerEntityId: own.id },
        })
      ).total;
      assert.equal(mine, pub + hidden.filter((r) => r.owners.some((o) => o.entity === own.id)).length);
    });

    test('a word longer than an index token is found as a substring', async () => {
      const other = rows.find((r) => has(r.title, '电池') && !r.abstract)!;
      const dna = 'ATGCGTACGTTAGC'.repeat(12);
      await setAsset(other.id, { abstract: `序列为${dna}。` });
      assert.deepEqual(await ids(dna.toLowerCase()), [other.id]);
      assert.deepEqual(await ids(`abstract:"${dna.slice(5, 40)}"`), [other.id]);
      await setAsset(other.id, { abstract: null });
      assert.deepEqual(await ids(dna), []);
    });

    if (d.name === 'sqlite')
      test('SQLite without the raw handle (Kysely statements only) indexes the same', async () => {
        const kyselyOnly = new SqliteFtsIndex();
        const some = idsWhere(rows, (r) => anyText(r, '电池')).slice(0, 40);
        const before = await ids('电池 OR ipc:H01M* OR CN114081026A');
        await database.db.transaction().execute((tx) => kyselyOnly.refresh(tx, some));
        assert.deepEqual(await ids('电池 OR ipc:H01M* OR CN114081026A'), before);
        const r = await kyselyOnly.search(database.db, parseQuery('"锂离子电池"'), { limit: 1000 });
        assert.deepEqual(
          [...r.ids].sort((a, b) => a - b),
          idsWhere(rows, (x) => anyText(x, '锂离子电池')),
        );
      });

    test('the index follows updates and deletes in the same transaction', async () => {
      const target = rows.find((r) => has(r.title, '驱鸟'))!;
      const others = idsWhere(rows, (r) => r.id !== target.id && anyText(r, '钙钛矿'));
      await setAsset(target.id, { title: '一种钙钛矿叠层光伏组件' });
      assert.deepEqual(
        await ids('钙钛矿'),
        [...others, target.id].sort((a, b) => a - b),
      );
      assert.ok(!(await ids('驱鸟')).includes(target.id));
      // a rolled-back transaction leaves the index as it was
      await setAsset(target.id, { title: '量子点显示屏' }, { rollback: true });
      assert.deepEqual(await ids('"量子点显示屏"'), []);
      assert.ok((await ids('钙钛矿')).includes(target.id));
      // delete: the asset leaves the index (trigger / cascade), remove() is idempotent
      await database.db.transaction().execute(async (tx) => {
        await tx.deleteFrom('ip_asset').where('id', '=', target.id).execute();
        await index.remove(tx, [target.id]);
      });
      assert.deepEqual(await ids('钙钛矿'), others);
      assert.deepEqual(await ids('CN114081026A'), []);
      rows = rows.filter((r) => r.id !== target.id);
      // upsert of a document written by hand
      const other = rows.find((r) => has(r.title, '芯片'))!;
      await database.db.transaction().execute(async (tx) => {
        await index.upsert(tx, [
          {
            assetId: other.id,
            title: other.title,
            abstract: '石墨烯散热膜',
            applicants: [],
            numbers: other.numbers,
            ipc: other.ipc,
            niceClasses: [],
            kind: other.kind,
            subType: other.subType,
            status: other.status,
            filingYear: null,
            streetCodes: [],
            entityIds: [],
          },
        ]);
      });
      assert.deepEqual(await ids('abstract:石墨烯'), [other.id]);
      await database.db.transaction().execute((tx) => index.refresh(tx, [other.id]));
      assert.deepEqual(await ids('abstract:石墨烯'), []);
    });

    test('the memory index follows every write through the change log, and starts again after a rebuild', async () => {
      let version = 1;
      const indexes = new MemoryIndexes(database.db, d.name);
      assert.equal(await indexes.at(version), undefined, 'none yet: built in the background');
      const memory = await indexes.ready(version);
      assert.ok(memory);
      const snapshotAt = () => FacetSnapshot.load(database.db, version);
      const viaMemory = async (q: string) => {
        const m = await indexes.at(version);
        assert.ok(m, `${q}: up to date`);
        const r = await index.search(database.db, parseQuery(q), {
          limit: 1000,
          sort: 'oldest',
          memory: m,
          facetSnapshot: await snapshotAt(),
        });
        return r.ids;
      };
      const target = rows.find((r) => has(r.title, '电池') && !has(r.title, '钙钛矿'))!;
      const before = await ids('钙钛矿');
      assert.deepEqual(await viaMemory('钙钛矿'), before);
      // an update in a committed transaction
      await setAsset(target.id, { title: '钙钛矿太阳能电池组件' });
      version++;
      assert.deepEqual(
        await viaMemory('钙钛矿'),
        [...before, target.id].sort((a, b) => a - b),
      );
      assert.deepEqual(await viaMemory('钙钛矿'), await ids('钙钛矿'));
      // a rolled-back one leaves no trace
      await setAsset(target.id, { title: '量子点显示屏' }, { rollback: true });
      version++;
      assert.deepEqual(await viaMemory('量子点'), await ids('量子点'));
      assert.ok((await viaMemory('钙钛矿')).includes(target.id));
      // a delete (the trigger records it even without remove())
      await database.db.deleteFrom('ip_asset').where('id', '=', target.id).execute();
      version++;
      assert.deepEqual(await viaMemory('钙钛矿'), before);
      rows = rows.filter((r) => r.id !== target.id);
      // a rebuild of the whole index: the memory index is built again in the background
      await index.rebuild(database.db);
      version++;
      assert.equal(await indexes.at(version), undefined);
      assert.ok(await indexes.ready(version));
      assert.deepEqual(await viaMemory('电池 OR 钙钛矿'), await ids('电池 OR 钙钛矿', 'oldest'));
      // relevance pages keep the first page's statistics: a write between pages neither repeats nor skips a row
      const before2 = await ids('电池');
      const shown: number[] = [];
      let cursor: string | undefined;
      let added: Row | undefined;
      do {
        const r = await index.search(database.db, parseQuery('电池'), {
          limit: 40,
          memory: (await indexes.at(version))!,
          facetSnapshot: await snapshotAt(),
          ...(cursor ? { cursor } : {}),
        });
        shown.push(...r.ids);
        cursor = r.nextCursor ?? undefined;
        if (!added) {
          added = rows.find((x) => !anyText(x, '电池') && !x.abstract)!;
          await setAsset(added!.id, { title: '电池电池电池' });
          version++;
        }
      } while (cursor);
      const once = shown.filter((id) => id !== added!.id);
      assert.equal(new Set(once).size, once.length, 'no row twice');
      assert.deepEqual(
        once.sort((a, b) => a - b),
        before2,
        'every row that was there, once',
      );
    });

    test('a facet snapshot patched with the changed assets equals one read whole', async () => {
      const base = await FacetSnapshot.load(database.db, 1);
      const a = rows.find((r) => r.owners.length === 0 && r.ipc.length > 0 && !r.confidential)!;
      const b = rows.find((r) => r.owners.length === 0 && r.id !== a.id)!;
      const other = entities[1]!;
      await database.db.transaction().execute(async (tx) => {
        await tx
          .updateTable('ip_asset')
          .set({
            status: 'invalid',
            confidential: 1,
            filing_date: '2030-01-01',
            ipc: JSON.stringify(['C07D401/12']),
          })
          .where('id', '=', a.id)
          .execute();
        await tx
          .insertInto('ip_owner')
          .values({ asset_id: a.id, seq: 1, name: other.name, name_norm: other.name, entity_id: other.id })
          .execute();
        await index.refresh(tx, [a.id]);
        await tx.deleteFrom('ip_asset').where('id', '=', b.id).execute();
      });
      rows = rows.filter((r) => r.id !== a.id && r.id !== b.id);
      const patched = await FacetSnapshot.patch(base, database.db, [a.id, b.id], 2);
      const whole = await FacetSnapshot.load(database.db, 2);
      assert.deepEqual(Array.from(patched.ids()), Array.from(whole.ids()));
      assert.ok(!patched.has(b.id) && patched.has(a.id));
      assert.equal(patched.isConfidential(a.id), true);
      const all = whole.ids();
      assert.deepEqual(patched.count(all, FACET_NAMES, 1000), whole.count(all, FACET_NAMES, 1000));
      const some = all.filter((_, i) => i % 3 === 0);
      assert.deepEqual(patched.count(some, FACET_NAMES, 1000), whole.count(some, FACET_NAMES, 1000));
      const c07 = (s: FacetSnapshot) => Array.from(s.idsWhere('ipcClass', (v) => v === 'C07'));
      assert.deepEqual(c07(patched), c07(whole));
      assert.ok(c07(patched).includes(a.id));
    });
  });
}
