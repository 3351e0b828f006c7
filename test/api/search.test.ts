import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ipcTitle } from '../../src/domain/analytics/ipc.ts';
import { SYSTEM_ACTOR } from '../../src/modules/audit/audit.service.ts';
import { PUBLIC_ASSET_FIELDS } from '../../src/modules/search/search.service.ts';
import { isMemoryCursor } from '../../src/db/search/memory-search.ts';
import { DATASETS, dialects, startEnv, USCC, type TestEnv } from '../helpers.ts';

/** A title from the IPC scheme files of ../shared/datasets/ipc-scheme. */
function schemeTitle(file: 'classes_fr' | 'subclasses_en', code: string): string | undefined {
  const name = file === 'classes_fr' ? 'ipc_2021_01_classes_fr.tsv' : 'ipc_2022_01_subclasses_en.tsv';
  const line = fs
    .readFileSync(path.join(DATASETS, 'ipc-scheme', name), 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${code}\t`));
  return line?.split('\t')[1]?.trim();
}

const all = { canReadPrivate: true, canWriteAll: true, canWriteOwn: true };

for (const d of dialects()) {
  describe(`search API on ${d.name}`, () => {
    let env: TestEnv;
    let admin: string;
    let ids: number[] = [];
    before(async () => {
      env = await startEnv(d);
      admin = await env.login('admin');
      const e = await env.ctx.registry.createEntity(SYSTEM_ACTOR, {
        uscc: USCC.a,
        name: '上海检索测试科技有限公司',
        kind: 'enterprise',
        streetCode: '310104017',
      });
      const mk = (applicationNumber: string, title: string, ipc: string[], confidential = false) =>
        env.ctx.registry.createAsset(
          SYSTEM_ACTOR,
          all,
          {
            kind: 'patent',
            office: 'CN',
            applicationNumber,
            title,
            ipc,
            applicants: [{ name: e.name, uscc: USCC.a }],
          },
          confidential,
        );
      ids = [
        (await mk('201710601862.3', '一种锂离子电池负极材料及其制备方法', ['H01M4/36'])).id,
        (await mk('202010933716.2', '芯片封装结构', ['H01L23/31'])).id,
        (await mk('201210581535.3', '固态电池电解质', ['H01M10/0562'], true)).id,
      ];
      await env.ctx.auth.createUser(SYSTEM_ACTOR, {
        username: 'ent2',
        password: 'enterprise-pass-1',
        displayName: 'x',
        role: 'enterprise',
        entityId: (
          await env.ctx.registry.createEntity(SYSTEM_ACTOR, {
            uscc: USCC.b,
            name: '上海另一家公司',
            kind: 'enterprise',
          })
        ).id,
      });
    });
    after(async () => env.close());

    const search = (q: string, cookie = admin, extra = '') =>
      env.app.inject({
        method: 'GET',
        url: `/api/v1/search?q=${encodeURIComponent(q)}${extra}`,
        headers: { cookie },
      });

    test('a two-character word, a field query and facets', async () => {
      const r = (await search('电池')).json();
      assert.equal(r.total, 2);
      assert.deepEqual(r.items.map((a: { id: number }) => a.id).sort(), [ids[0], ids[2]].sort());
      assert.deepEqual(r.facets.subType, [{ value: 'invention', count: 2 }]);
      const f = (await search('ipc:H01L* street:漕河泾街道')).json();
      assert.deepEqual(
        f.items.map((a: { id: number }) => a.id),
        [ids[1]],
      );
    });

    test('an application number in any written form finds the same right', async () => {
      for (const form of [
        '201710601862.3',
        'CN201710601862.3',
        'ZL201710601862.3',
        'cn 201710601862.3',
        '2017106018623',
        '201710601862',
      ]) {
        const r = (await search(form)).json();
        assert.deepEqual(
          r.items.map((a: { id: number }) => a.id),
          [ids[0]],
          form,
        );
      }
    });

    test('a query that does not parse is a 400 pointing at the position', async () => {
      const r = await search('电池 AND (芯片');
      assert.equal(r.statusCode, 400);
      assert.equal(r.json().errors[0].field, 'q');
      assert.match(r.json().detail, /position|\(/);
    });

    test('the index follows updates and deletes', async () => {
      await env.ctx.registry.updateAsset(SYSTEM_ACTOR, all, ids[1]!, {
        kind: 'patent',
        office: 'CN',
        applicationNumber: '202010933716.2',
        title: '芯片散热装置',
        applicants: [{ name: '上海检索测试科技有限公司', uscc: USCC.a }],
      });
      assert.equal((await search('封装')).json().total, 0);
      assert.equal((await search('散热')).json().total, 1);
      await env.ctx.registry.deleteAsset(SYSTEM_ACTOR, ids[1]!);
      assert.equal((await search('散热')).json().total, 0);
    });

    test('other enterprises do not find a confidential right', async () => {
      const ent = await env.login('ent2', 'enterprise-pass-1');
      const r = (await search('电池', ent)).json();
      assert.deepEqual(
        r.items.map((a: { id: number }) => a.id),
        [ids[0]],
      );
      assert.equal(r.total, 1);
    });

    test('the public searches without login: public fields of non-confidential rights only', async () => {
      const anon = await env.app.inject({
        method: 'GET',
        url: `/api/v1/search?q=${encodeURIComponent('电池')}`,
      });
      assert.equal(anon.statusCode, 200);
      const r = anon.json();
      assert.equal(r.total, 1);
      assert.deepEqual(Object.keys(r.items[0]).sort(), [...PUBLIC_ASSET_FIELDS].sort());
      assert.equal(r.items[0].title, '一种锂离子电池负极材料及其制备方法');
      // the confidential right is found by no query of the public, not even by its number or in the facets
      assert.equal((await search('201210581535.3', '')).json().total, 0);
      assert.deepEqual((await search('ipc:H01M', '')).json().facets.ipcSubclass, [
        { value: 'H01M', count: 1, label: ipcTitle('H01M') },
      ]);
      const csv = await env.app.inject({ method: 'GET', url: '/api/v1/search/export?q=&format=csv' });
      // two rights remain (the third was deleted above), one of them confidential
      assert.equal(csv.headers['x-total-count'], '1');
      assert.ok(csv.body.includes('201710601862.3'));
      assert.ok(!csv.body.includes('201210581535.3'));
      // bureau staff see the private fields too
      assert.ok('source' in (await search('电池')).json().items[0]);
    });

    test('IPC facets carry the scheme titles: section, class (French), subclass (English)', async () => {
      const f = (await search('电池')).json().facets;
      assert.deepEqual(f.ipcSection, [{ value: 'H', count: 2, label: '电学 Electricity' }]);
      // titles as in ../shared/datasets/ipc-scheme
      assert.deepEqual(f.ipcClass, [{ value: 'H01', count: 2, label: schemeTitle('classes_fr', 'H01') }]);
      assert.equal(schemeTitle('classes_fr', 'H01'), 'ÉLÉMENTS ÉLECTRIQUES FONDAMENTAUX');
      assert.deepEqual(f.ipcSubclass, [
        { value: 'H01M', count: 2, label: schemeTitle('subclasses_en', 'H01M') },
      ]);
    });

    test('a number written in spaced groups finds the right like the joined form', async () => {
      for (const form of ['ZL 2017 1 0601862.3', 'CN 2017 1060 1862.3', '2017 1 0601862 3']) {
        const r = (await search(form)).json();
        assert.deepEqual(
          r.items.map((a: { id: number }) => a.id),
          [ids[0]],
          form,
        );
      }
    });

    test('suggestions: applicant names by prefix with visible asset counts, IPC codes with titles', async () => {
      const suggest = (qs: string, cookie = admin) =>
        env.app.inject({ method: 'GET', url: `/api/v1/search/suggest?${qs}`, headers: { cookie } });
      const staff = (await suggest(`field=applicant&prefix=${encodeURIComponent('上海')}`)).json();
      // 上海另一家公司 is registered but holds no right: not suggested
      assert.deepEqual(staff.items, [{ value: '上海检索测试科技有限公司', count: 2 }]);
      const pub = (await suggest(`field=applicant&prefix=${encodeURIComponent('上海检索')}`, '')).json();
      assert.deepEqual(pub.items, [{ value: '上海检索测试科技有限公司', count: 1 }]);
      const ipc = (await suggest('field=ipc&prefix=h01m')).json();
      assert.deepEqual(ipc.items, [{ value: 'H01M', label: schemeTitle('subclasses_en', 'H01M') }]);
      const cls = (await suggest('field=ipc&prefix=H0&limit=3')).json();
      assert.deepEqual(
        cls.items.map((i: { value: string }) => i.value),
        ['H01', 'H01B', 'H01C'],
      );
      const bad = await suggest('field=owner&prefix=x');
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /field/);
    });

    test('answered from memory once it is up: the same results, scopes and pages, also across a write', async () => {
      assert.equal(await env.ctx.search.warmFacets(), true);
      const page1 = (await search('电池', admin, '&limit=1')).json();
      assert.equal(page1.total, 2);
      // a relevance cursor made from memory is marked as one
      assert.ok(isMemoryCursor(page1.nextCursor, 'relevance'));
      // the enterprise of another entity and the public do not find the confidential right from memory either
      const ent = await env.login('ent2', 'enterprise-pass-1');
      // a sign-in changes nothing a search reads: memory still answers
      assert.ok(isMemoryCursor((await search('电池', admin, '&limit=1')).json().nextCursor, 'relevance'));
      assert.deepEqual(
        (await search('电池', ent)).json().items.map((a: { id: number }) => a.id),
        [ids[0]],
      );
      assert.equal((await search('电池', '')).json().total, 1);
      // a write moves the data version: the next page of the cursor waits for memory to catch up
      const added = await env.ctx.registry.createAsset(
        SYSTEM_ACTOR,
        all,
        {
          kind: 'patent',
          office: 'CN',
          applicationNumber: '201180044267.5',
          title: '电池管理系统',
          ipc: ['H02J7/00'],
          applicants: [{ name: '上海检索测试科技有限公司', uscc: USCC.a }],
        },
        false,
      );
      const page2 = await search('电池', admin, `&limit=1&cursor=${page1.nextCursor}`);
      assert.equal(page2.statusCode, 200);
      assert.equal(page2.json().total, 3);
      const seen = new Set([page1.items[0].id, ...page2.json().items.map((a: { id: number }) => a.id)]);
      assert.equal(seen.size, 2, 'the second page does not repeat the first');
      // right after an edit, the facet snapshot is patched and the memory index catches up while the search waits
      await env.ctx.registry.updateAsset(SYSTEM_ACTOR, all, added.id, {
        kind: 'patent',
        office: 'CN',
        applicationNumber: '201180044267.5',
        title: '电池管理系统及其均衡方法',
        ipc: ['H02J7/00'],
        applicants: [{ name: '上海检索测试科技有限公司', uscc: USCC.a }],
      });
      assert.ok(isMemoryCursor((await search('电池', admin, '&limit=1')).json().nextCursor, 'relevance'));
      const edited = (await search('均衡', admin)).json();
      assert.deepEqual(
        edited.items.map((a: { id: number }) => a.id),
        [added.id],
      );
      // the new right is found from memory once both are up again
      assert.equal(await env.ctx.search.warmFacets(), true);
      const again = (await search('电池', admin, '&limit=5')).json();
      assert.equal(again.total, 3);
      assert.ok(again.items.some((a: { id: number }) => a.id === added.id));
      // the facet snapshot was patched with the new right (asset.create), not read again whole
      assert.deepEqual(again.facets.kind, [{ value: 'patent', count: 3 }]);
      assert.deepEqual(
        again.facets.ipcClass.map((b: { value: string; count: number }) => [b.value, b.count]),
        [
          ['H01', 2],
          ['H02', 1],
        ],
      );
      assert.equal((await search('电池管理', admin)).json().total, 1);
    });
  });
}
