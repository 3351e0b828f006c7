import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { openImport } from '../../importers/registry.ts';
import { indexTokens, normalizeText, segmentForIndex, segmentQuery } from './segment.ts';
import { highlightTerms, planQuery, queryWords } from './plan.ts';
import { parseQuery } from '../../domain/search/query.ts';
import { DATASETS } from '../../../test/helpers.ts';

const TITLES = path.join(DATASETS, 'cn-patent-titles-ipc/cn_patents_title_ipc_9740.csv');

async function titles(): Promise<string[]> {
  const out: string[] = [];
  const { items } = await openImport(TITLES, 'cn-patent-csv');
  for await (const it of items) if ('record' in it && it.record?.title) out.push(it.record.title);
  return out;
}

describe('segmentation (jieba)', () => {
  test('index tokens of real titles: search-mode words, then the Han characters and pairs not yet there', () => {
    // line 2 of the titles dataset
    assert.equal(
      segmentForIndex('一种水电站高压输电线路驱鸟保护装置'),
      '一种 水电 电站 水电站 高压 输电 线路 驱鸟 保护 装置 保护装置 ' +
        '一 种 种水 水 电 站 站高 高 压 压输 输 电线 线 路 路驱 驱 鸟 鸟保 保 护 护装 装 置',
    );
    // line 3: search mode gives 人工 智能 inside 人工智能
    assert.ok(
      segmentForIndex('基于人工智能的流体输送系统精确计量方法及计量装置').startsWith(
        '基于 人工 智能 人工智能 的 流体 输送 系统 精确 计量 方法 及 计量 装置 ',
      ),
    );
    // 芯片 is indexed inside 半导体芯片
    assert.deepEqual(indexTokens('半导体芯片封装结构').slice(0, 7), [
      '半导',
      '导体',
      '芯片',
      '半导体',
      '半导体芯片',
      '封装',
      '结构',
    ]);
    // line 336: digits stay words, the comma is dropped
    assert.ok(
      segmentForIndex('一种2,6二异丙基苯胺生产用灌装设备').startsWith('一种 2 6 二 丙基 异丙基 苯胺 '),
    );
  });

  test('Latin words lower case, full width folded, punctuation dropped', () => {
    assert.equal(
      segmentForIndex('Wi-Fi 6E模块的ＬＥＤ灯，ABC-123'),
      'wi fi 6e 模块 的 led 灯 abc 123 模 块 块的',
    );
    assert.equal(segmentForIndex('（）、。；'), '');
    assert.equal(segmentForIndex(null), '');
    assert.equal(normalizeText('ＬＥＤ灯　Ａ'), 'led灯 a');
  });

  test('on all 9,740 titles: every Han character and pair is a token, every token is in the text', async () => {
    const all = await titles();
    assert.equal(all.length, 9740);
    let tokens = 0;
    for (const title of all) {
      const text = normalizeText(title);
      const toks = indexTokens(title);
      const set = new Set(toks);
      tokens += toks.length;
      for (const tok of toks) assert.ok(text.includes(tok), `${title}: ${tok}`);
      for (const run of text.match(/\p{Script=Han}+/gu) ?? []) {
        const chars = Array.from(run);
        chars.forEach((c, i) => {
          assert.ok(set.has(c), `${title}: ${c}`);
          if (i + 1 < chars.length) assert.ok(set.has(c + chars[i + 1]!), `${title}: ${c}${chars[i + 1]}`);
        });
      }
      // the jieba search-mode words are there, so 2-character words inside longer words are found
      for (const w of segmentQuery(title)) assert.ok(set.has(w), `${title}: ${w}`);
    }
    assert.ok(
      tokens / all.length > 20 && tokens / all.length < 45,
      `${tokens / all.length} tokens per title`,
    );
  });

  test('query words: jieba precise mode; lone characters kept together', () => {
    assert.deepEqual(segmentQuery('锂离子电池负极材料'), ['锂离子', '电池', '负极', '材料']);
    assert.deepEqual(segmentQuery('一种用于电池的装置'), ['一种', '用于', '电池', '的', '装置']);
    assert.deepEqual(segmentQuery('LED灯'), ['led', '灯']);
    assert.deepEqual(segmentQuery('，。'), []);
    assert.deepEqual(segmentQuery('钠电负极'), ['钠', '电', '负极']);
    assert.deepEqual(queryWords('钠电负极'), ['钠电', '负极']);
    assert.deepEqual(queryWords('电机'), ['电机']);
    assert.deepEqual(queryWords('人工智能'), ['人工智能']);
  });
});

describe('query plan', () => {
  const ALL = ['title', 'abstract', 'applicants'];
  test('Han strings of 1–2 characters are tokens, longer ones substrings; phrases are exact', () => {
    assert.deepEqual(planQuery(parseQuery('锂离子电池')), {
      op: 'and',
      children: [
        { a: 'substring', columns: ALL, text: '锂离子' },
        { a: 'token', columns: ALL, token: '电池', prefix: false },
      ],
    });
    assert.deepEqual(planQuery(parseQuery('"固态电池"')), { a: 'substring', columns: ALL, text: '固态电池' });
    assert.deepEqual(planQuery(parseQuery('applicant:"华为"')), {
      a: 'token',
      columns: ['applicants'],
      token: '华为',
      prefix: false,
    });
    assert.deepEqual(planQuery(parseQuery('title:电机 -铅酸')), {
      op: 'and',
      children: [
        { a: 'token', columns: ['title'], token: '电机', prefix: false },
        { op: 'not', child: { a: 'token', columns: ALL, token: '铅酸', prefix: false } },
      ],
    });
  });

  test('Latin words and prefixes; digits also search the numbers', () => {
    assert.deepEqual(planQuery(parseQuery('LED*')), { a: 'token', columns: ALL, token: 'led', prefix: true });
    assert.deepEqual(planQuery(parseQuery('106844')), {
      op: 'or',
      children: [
        { a: 'token', columns: ALL, token: '106844', prefix: false },
        { a: 'substring', columns: ['numbers'], text: '106844' },
      ],
    });
    assert.deepEqual(planQuery(parseQuery('CN106844774A')), { a: 'number', keys: ['CN106844774'] });
  });

  test('the empty query, NOT of everything, punctuation only', () => {
    assert.deepEqual(planQuery(parseQuery('')), { a: 'all' });
    assert.deepEqual(planQuery(parseQuery('"，。"')), { a: 'none' });
    assert.deepEqual(planQuery(parseQuery('-"，。"')), { a: 'all' });
    assert.deepEqual(planQuery(parseQuery('电池 "，。"')), { a: 'none' });
    assert.deepEqual(planQuery(parseQuery('电池 OR "，。"')), {
      a: 'token',
      columns: ALL,
      token: '电池',
      prefix: false,
    });
  });

  test('highlight terms: positive words and whole phrases', () => {
    assert.deepEqual(highlightTerms(parseQuery('锂离子电池 title:"固态 电池" -铅酸 ipc:H01M* LED')), [
      { field: null, text: '锂离子' },
      { field: null, text: '电池' },
      { field: 'title', text: '固态 电池' },
      { field: null, text: 'led' },
    ]);
  });
});
