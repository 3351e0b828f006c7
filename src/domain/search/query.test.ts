import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { parseQuery, positiveTextTerms, QUERY_FIELDS, QueryError, type QueryNode } from './query.ts';
import { assetNumberForms, assetNumberKeys, readNumber } from './numbers.ts';
import { RuleError } from '../errors.ts';

const NOW = new Date('2024-06-01T00:00:00Z');
const parse = (q: string) => parseQuery(q, { now: NOW });

/** a text node */
const t = (
  value: string,
  o: { field?: 'title' | 'abstract' | 'applicant'; phrase?: boolean; prefix?: boolean } = {},
): QueryNode => ({
  type: 'text',
  field: o.field ?? null,
  value,
  phrase: o.phrase ?? false,
  prefix: o.prefix ?? false,
});
const and = (...children: QueryNode[]): QueryNode => ({ type: 'and', children });
const or = (...children: QueryNode[]): QueryNode => ({ type: 'or', children });
const not = (child: QueryNode): QueryNode => ({ type: 'not', child });
const num = (value: string, ...keys: string[]): QueryNode => ({ type: 'number', value, keys });

/** Assert that `q` fails with a QueryError at `position` whose message matches `message`. */
function fails(q: string, position: number, message: RegExp): void {
  assert.throws(
    () => parse(q),
    (e: unknown) => {
      assert.ok(e instanceof QueryError, `${q}: ${String(e)}`);
      assert.equal(e.position, position, `${q}: position of "${e.message}"`);
      assert.match(e.message, message, q);
      return true;
    },
  );
}

describe('query language: terms', () => {
  test('words, implicit AND, the empty query', () => {
    assert.deepEqual(parse('固态电池'), t('固态电池'));
    assert.deepEqual(parse('固态电池 负极'), and(t('固态电池'), t('负极')));
    assert.deepEqual(parse('  锂离子   电池  负极 '), and(t('锂离子'), t('电池'), t('负极')));
    assert.deepEqual(parse(''), { type: 'all' });
    assert.deepEqual(parse(' \u3000 '), { type: 'all' });
    // lower-case and / or / not are words
    assert.deepEqual(parse('a and b'), and(t('a'), t('and'), t('b')));
    assert.deepEqual(parse('LED灯 5G'), and(t('LED灯'), t('5G')));
  });

  test('phrases in straight, curly and corner quotes; escapes', () => {
    assert.deepEqual(parse('"固态电池"'), t('固态电池', { phrase: true }));
    assert.deepEqual(parse('“固态电池”'), t('固态电池', { phrase: true }));
    assert.deepEqual(parse('”固态电池”'), t('固态电池', { phrase: true }));
    assert.deepEqual(parse('「固态电池」'), t('固态电池', { phrase: true }));
    assert.deepEqual(parse('『固态电池』'), t('固态电池', { phrase: true }));
    assert.deepEqual(parse('"  散热 结构 "'), t('散热 结构', { phrase: true }));
    assert.deepEqual(parse('"a\\"b"'), t('a"b', { phrase: true }));
    assert.deepEqual(parse('"a\\\\b"'), t('a\\b', { phrase: true }));
    assert.deepEqual(parse('"NOT" "OR"'), and(t('NOT', { phrase: true }), t('OR', { phrase: true })));
    // a phrase ends a word and a word ends at a quote
    assert.deepEqual(parse('“a”b'), and(t('a', { phrase: true }), t('b')));
    assert.deepEqual(parse('a"b c"'), and(t('a'), t('b c', { phrase: true })));
  });

  test('prefix wildcard', () => {
    assert.deepEqual(parse('led*'), t('led', { prefix: true }));
    assert.deepEqual(parse('title:sens*'), t('sens', { field: 'title', prefix: true }));
    assert.deepEqual(parse('电池**'), t('电池', { prefix: true }));
  });

  test('full-width ASCII reads as half-width', () => {
    assert.deepEqual(parse('（电池 ＯＲ 电容）'), or(t('电池'), t('电容')));
    assert.deepEqual(parse('title：电池'), t('电池', { field: 'title' }));
    assert.deepEqual(parse('ＬＥＤ'), t('LED'));
  });
});

describe('query language: operators', () => {
  test('AND / OR / NOT / -word and precedence', () => {
    assert.deepEqual(parse('电池 AND 芯片'), and(t('电池'), t('芯片')));
    assert.deepEqual(parse('电池 OR 电容'), or(t('电池'), t('电容')));
    assert.deepEqual(parse('电池 NOT 铅酸'), and(t('电池'), not(t('铅酸'))));
    assert.deepEqual(parse('电池 -铅酸'), and(t('电池'), not(t('铅酸'))));
    assert.deepEqual(parse('NOT 铅酸'), not(t('铅酸')));
    assert.deepEqual(parse('-铅酸'), not(t('铅酸')));
    // NOT binds tighter than AND, AND tighter than OR
    assert.deepEqual(parse('a OR b c'), or(t('a'), and(t('b'), t('c'))));
    assert.deepEqual(parse('a b OR c'), or(and(t('a'), t('b')), t('c')));
    assert.deepEqual(parse('a AND b OR c AND d'), or(and(t('a'), t('b')), and(t('c'), t('d'))));
    assert.deepEqual(parse('NOT a b'), and(not(t('a')), t('b')));
    assert.deepEqual(parse('NOT a OR b'), or(not(t('a')), t('b')));
    assert.deepEqual(parse('a OR NOT b'), or(t('a'), not(t('b'))));
    assert.deepEqual(parse('NOT NOT a'), not(not(t('a'))));
    assert.deepEqual(parse('-"固态 电池"'), not(t('固态 电池', { phrase: true })));
    // '-' inside a word is part of it
    assert.deepEqual(parse('Wi-Fi'), t('Wi-Fi'));
  });

  test('parentheses group and flatten', () => {
    assert.deepEqual(parse('(电池 OR 电容) AND 汽车'), and(or(t('电池'), t('电容')), t('汽车')));
    assert.deepEqual(
      parse('(电池 OR 电容) -铅酸 NOT 汽车'),
      and(or(t('电池'), t('电容')), not(t('铅酸')), not(t('汽车'))),
    );
    assert.deepEqual(parse('a (b c) d'), and(t('a'), t('b'), t('c'), t('d')));
    assert.deepEqual(parse('a OR (b OR c)'), or(t('a'), t('b'), t('c')));
    assert.deepEqual(parse('((a))'), t('a'));
    assert.deepEqual(parse('-(a OR b)'), not(or(t('a'), t('b'))));
    assert.deepEqual(parse('NOT (a b)'), not(and(t('a'), t('b'))));
    assert.deepEqual(parse('(a)(b)'), and(t('a'), t('b')));
  });
});

describe('query language: fields', () => {
  test('text fields and their aliases', () => {
    assert.deepEqual(parse('title:芯片'), t('芯片', { field: 'title' }));
    assert.deepEqual(parse('ti:芯片'), t('芯片', { field: 'title' }));
    assert.deepEqual(parse('TITLE:芯片'), t('芯片', { field: 'title' }));
    assert.deepEqual(parse('标题:芯片'), t('芯片', { field: 'title' }));
    assert.deepEqual(parse('abstract:"散热 结构"'), t('散热 结构', { field: 'abstract', phrase: true }));
    assert.deepEqual(parse('摘要：散热'), t('散热', { field: 'abstract' }));
    assert.deepEqual(parse('applicant:华为'), t('华为', { field: 'applicant' }));
    assert.deepEqual(parse('申请人:华为'), t('华为', { field: 'applicant' }));
    // a field applies to a group
    assert.deepEqual(
      parse('title:(电池 OR 电容) 汽车'),
      and(or(t('电池', { field: 'title' }), t('电容', { field: 'title' })), t('汽车')),
    );
    assert.deepEqual(
      parse('title:(电池 -铅酸)'),
      and(t('电池', { field: 'title' }), not(t('铅酸', { field: 'title' }))),
    );
    // a number in a text field is text
    assert.deepEqual(parse('title:201710601862.3'), t('201710601862.3', { field: 'title' }));
    // a Chinese word with a colon that is not a field stays a word
    assert.deepEqual(parse('注意:电池'), t('注意:电池'));
  });

  test('ipc: section, class, subclass, main group cover their subdivisions; * is a plain prefix', () => {
    assert.deepEqual(parse('ipc:G06F*'), { type: 'ipc', value: 'G06F', match: 'prefix' });
    assert.deepEqual(parse('ipc:G06F'), { type: 'ipc', value: 'G06F', match: 'prefix' });
    assert.deepEqual(parse('ipc:H'), { type: 'ipc', value: 'H', match: 'prefix' });
    assert.deepEqual(parse('ipc:h01'), { type: 'ipc', value: 'H01', match: 'prefix' });
    assert.deepEqual(parse('ipc:G0*'), { type: 'ipc', value: 'G0', match: 'prefix' });
    assert.deepEqual(parse('ipc:G06F1*'), { type: 'ipc', value: 'G06F1', match: 'prefix' });
    assert.deepEqual(parse('ipc:G06F17'), { type: 'ipc', value: 'G06F17/', match: 'prefix' });
    assert.deepEqual(parse('ipc:G06F017'), { type: 'ipc', value: 'G06F17/', match: 'prefix' });
    assert.deepEqual(parse('ipc:G06F17/'), { type: 'ipc', value: 'G06F17/', match: 'prefix' });
    assert.deepEqual(parse('ipc:G06F17/30'), { type: 'ipc', value: 'G06F17/30', match: 'exact' });
    assert.deepEqual(
      parse('ipc:g06f 17/30'),
      and({ type: 'ipc', value: 'G06F', match: 'prefix' }, t('17/30')),
    );
    assert.deepEqual(parse('分类号:H01M10/05'), { type: 'ipc', value: 'H01M10/05', match: 'exact' });
    assert.deepEqual(parse('ipc:G06F17/3*'), { type: 'ipc', value: 'G06F17/3', match: 'prefix' });
  });

  test('nice, street, year, status, kind, type', () => {
    assert.deepEqual(parse('nice:9'), { type: 'nice', value: 9 });
    assert.deepEqual(parse('nice:09'), { type: 'nice', value: 9 });
    assert.deepEqual(parse('nice:45'), { type: 'nice', value: 45 });
    assert.deepEqual(parse('street:徐家汇街道'), { type: 'street', value: '徐家汇街道' });
    assert.deepEqual(parse('街道:310104014'), { type: 'street', value: '310104014' });
    assert.deepEqual(parse('year:2020'), { type: 'year', from: 2020, to: 2020 });
    assert.deepEqual(parse('year:2019..2022'), { type: 'year', from: 2019, to: 2022 });
    assert.deepEqual(parse('year:2019..2019'), { type: 'year', from: 2019, to: 2019 });
    assert.deepEqual(parse('year:2019..'), { type: 'year', from: 2019, to: null });
    assert.deepEqual(parse('year:..2022'), { type: 'year', from: null, to: 2022 });
    const statuses: [string, string][] = [
      ['有效', 'in_force'],
      ['审查中', 'pending'],
      ['届满', 'expired'],
      ['无效', 'invalid'],
      ['未缴年费终止', 'terminated'],
      ['放弃', 'abandoned'],
      ['撤回', 'abandoned'],
      ['驳回', 'abandoned'],
      ['注销', 'invalid'],
      ['in_force', 'in_force'],
      ['Pending', 'pending'],
      ['expired', 'expired'],
      ['invalid', 'invalid'],
      ['terminated', 'terminated'],
      ['abandoned', 'abandoned'],
    ];
    for (const [label, code] of statuses)
      assert.deepEqual(parse(`status:${label}`), { type: 'status', value: code }, label);
    for (const [label, code] of [
      ['专利', 'patent'],
      ['patent', 'patent'],
      ['商标', 'trademark'],
      ['Trademark', 'trademark'],
      ['版权', 'copyright'],
      ['著作权', 'copyright'],
    ])
      assert.deepEqual(parse(`kind:${label}`), { type: 'kind', value: code }, label);
    for (const [label, code] of [
      ['发明', 'invention'],
      ['invention', 'invention'],
      ['实用新型', 'utility_model'],
      ['utility_model', 'utility_model'],
      ['外观设计', 'design'],
      ['design', 'design'],
      ['软件', 'software'],
      ['作品', 'work'],
    ])
      assert.deepEqual(parse(`type:${label}`), { type: 'subType', value: code }, label);
    assert.deepEqual(
      parse('ipc:H01M* status:有效 year:2019..2022 电池'),
      and(
        { type: 'ipc', value: 'H01M', match: 'prefix' },
        { type: 'status', value: 'in_force' },
        { type: 'year', from: 2019, to: 2022 },
        t('电池'),
      ),
    );
    assert.deepEqual(
      parse('status:(有效 OR 审查中)'),
      or({ type: 'status', value: 'in_force' }, { type: 'status', value: 'pending' }),
    );
    assert.deepEqual(
      parse('applicant:华为 -status:放弃'),
      and(t('华为', { field: 'applicant' }), not({ type: 'status', value: 'abandoned' })),
    );
  });
});

describe('query language: numbers', () => {
  test('a CN application number in any written form, with or without its check digit', () => {
    const key = '201710601862.3';
    for (const form of [
      '201710601862.3',
      '2017106018623',
      '201710601862',
      'CN201710601862.3',
      'CN2017106018623',
      'ZL201710601862.3',
      'zl201710601862',
      'ＣＮ２０１７１０６０１８６２．３',
    ])
      assert.deepEqual(parse(form), num(form.normalize('NFKC'), key), form);
    // an office prefix written apart belongs to the number
    assert.deepEqual(parse('CN 201710601862.3'), num('CN201710601862.3', key));
    assert.deepEqual(parse('ZL 2017106018623 电池'), and(num('ZL2017106018623', key), t('电池')));
    assert.deepEqual(parse('CN 电池'), and(t('CN'), t('电池')));
    // the 8-digit form (before 2003-10-01); X as check character
    assert.deepEqual(parse('97101765.4'), num('97101765.4', '97101765.4'));
    assert.deepEqual(parse('971017654'), num('971017654', '97101765.4', '971017654'));
    assert.deepEqual(parse('95115608.X'), num('95115608.X', '95115608.X'));
    assert.deepEqual(parse('95115608x'), num('95115608x', '95115608.X'));
    // 8 digits: an application number without its check digit, or a trademark number
    assert.deepEqual(parse('97101765'), num('97101765', '97101765.4', '97101765'));
  });

  test('a CN application number written in spaced groups is one number (vectors: cn-patent-appno.tsv)', () => {
    const vectors = new Map(
      readFileSync(
        new URL('../../../../shared/reference/vectors/cn-patent-appno.tsv', import.meta.url),
        'utf8',
      )
        .split('\n')
        .filter((l) => l.includes('\tvalid\t'))
        .map((l) => [l.split('\t')[0]!, true]),
    );
    const cases: [string, string, string][] = [
      ['ZL 2017 1 0601862.3', 'ZL201710601862.3', '201710601862.3'],
      ['CN 2017 1060 1862.3', 'CN201710601862.3', '201710601862.3'],
      ['2017 1 0601862 3', '2017106018623', '201710601862.3'],
      ['CN 2020 1 0933716.2', 'CN202010933716.2', '202010933716.2'],
      ['2017 3 0033448 8', '2017300334488', '201730033448.8'],
      ['ZL 2011 8 0044267', 'ZL201180044267', '201180044267.5'],
      ['95 1 15608 X', '95115608X', '95115608.X'],
    ];
    for (const [written, value, key] of cases) {
      assert.ok(vectors.has(key), `${key} is a vector`);
      assert.deepEqual(parse(written), num(value, key), written);
    }
    // beside other terms, and a field keeps its own value
    assert.deepEqual(
      parse('电池 ZL 2017 1 0601862.3'),
      and(t('电池'), num('ZL201710601862.3', '201710601862.3')),
    );
    // a wrong check character, or digits without check character or office prefix, stay words
    assert.deepEqual(parse('2017 10 601862 4'), and(t('2017'), t('10'), t('601862'), t('4')));
    assert.deepEqual(parse('2019 2022'), and(t('2019'), t('2022')));
    assert.deepEqual(parse('year:2019 2022'), and({ type: 'year', from: 2019, to: 2019 }, t('2022')));
  });

  test('a CN publication number with or without CN and kind code; A and B share a key', () => {
    for (const form of ['CN106844774A', 'cn106844774a', '106844774A', 'CN106844774B', 'CN106844774'])
      assert.deepEqual(parse(form), num(form, 'CN106844774'), form);
    // nine digits alone: a publication serial, and a trademark number
    assert.deepEqual(parse('106844774'), num('106844774', 'CN106844774', '106844774'));
    assert.deepEqual(parse('CN1060277C'), num('CN1060277C', 'CN1060277'));
    assert.deepEqual(parse('CN304218960S'), num('CN304218960S', 'CN304218960'));
    assert.deepEqual(parse('number:CN304218960S'), num('CN304218960S', 'CN304218960'));
    assert.deepEqual(parse('申请号:2017106018623'), num('2017106018623', '201710601862.3'));
  });

  test('trademark and copyright registration numbers', () => {
    assert.deepEqual(parse('16435657'), num('16435657', '16435657'));
    assert.deepEqual(parse('2016SR309930'), num('2016SR309930', '2016SR309930'));
    assert.deepEqual(
      parse('国作登字-2019-F-00012345'),
      num('国作登字-2019-F-00012345', '国作登字-2019-F-00012345'),
    );
  });

  test('what is not a number stays text', () => {
    for (const w of ['2019', '5G', 'G06F', '123456', '2030106018623', 'CN1068447748', 'H01M10/05'])
      assert.deepEqual(parse(w), t(w), w);
  });

  test('every valid application number of the reference vectors is read to its canonical key', () => {
    const rows = readFileSync(
      new URL('../../../../shared/reference/vectors/cn-patent-appno.tsv', import.meta.url),
      'utf8',
    )
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => l.split('\t'));
    let n = 0;
    for (const [appno = '', verdict = ''] of rows) {
      if (verdict !== 'valid') continue;
      const body = appno.split('.')[0]!;
      for (const form of [appno, appno.replace('.', ''), `CN${appno}`, body]) {
        const r = readNumber(form, NOW);
        assert.ok(r?.keys.includes(appno), `${form} → ${appno}`);
      }
      n++;
    }
    assert.ok(n >= 9);
  });

  test('the keys of an asset include every key its numbers are read to', () => {
    const asset = {
      appKey: '202010933716.2',
      pubKey: 'CN111912484',
      applicationNumber: '202010933716.2',
      publicationNumber: 'CN111912484A',
    };
    assert.deepEqual(assetNumberKeys(asset), ['202010933716.2', 'CN111912484', 'CN111912484A']);
    assert.deepEqual(assetNumberForms(asset), [
      '202010933716.2',
      'CN111912484',
      'CN111912484A',
      '2020109337162',
      'CN202010933716.2',
      'ZL202010933716.2',
      '111912484',
      '111912484A',
    ]);
    const keys = new Set(assetNumberKeys(asset));
    for (const form of assetNumberForms(asset))
      for (const k of readNumber(form, NOW)?.keys ?? []) if (!/^\d+$/.test(k)) assert.ok(keys.has(k), form);
    assert.equal(readNumber('电池'), undefined);
    assert.equal(readNumber('2019'), undefined);
  });
});

describe('query language: errors point at the problem', () => {
  test('unbalanced parentheses', () => {
    fails('(电池', 0, /unbalanced parenthesis: '\(' is never closed/);
    fails('电池 (芯片 OR 电容', 3, /'\(' is never closed/);
    fails('((a)', 0, /'\(' is never closed/);
    fails('title:(a OR b', 6, /'\(' is never closed/);
    fails('电池)', 2, /unbalanced parenthesis: '\)' has no matching '\('/);
    fails(')', 0, /'\)' has no matching/);
    fails('(a))', 3, /'\)' has no matching/);
    fails('a OR b) c', 6, /'\)' has no matching/);
    fails('()', 0, /empty parentheses/);
    fails('a ( ) b', 2, /empty parentheses/);
  });

  test('empty field values', () => {
    fails('title:', 6, /empty value for field 'title'/);
    fails('title: 电池', 6, /empty value for field 'title'/);
    fails('(title:)', 7, /empty value for field 'title'/);
    fails('电池 year:', 8, /empty value for field 'year'/);
    fails('标题：', 3, /empty value for field '标题'/);
  });

  test('unknown fields list the known ones', () => {
    fails(
      'foo:bar',
      0,
      /unknown field 'foo'; known fields: title, abstract, applicant, ipc, nice, street, year, status, kind, type, number/,
    );
    fails('电池 inventor:张三', 3, /unknown field 'inventor'/);
    assert.deepEqual(
      [...QUERY_FIELDS],
      ['title', 'abstract', 'applicant', 'ipc', 'nice', 'street', 'year', 'status', 'kind', 'type', 'number'],
    );
  });

  test('bad ranges and bad values', () => {
    fails('year:2022..2019', 5, /bad range: 2022 is after 2019/);
    fails('year:20x', 5, /'20x' is not a year/);
    fails('电池 year:2019..20x', 14, /is not a year/);
    fails('year:2019...2020', 11, /is not a year/);
    fails('year:..', 5, /empty range/);
    fails('year:1799', 5, /outside the years 1800..2200/);
    fails('nice:0', 5, /not a Nice class/);
    fails('nice:46', 5, /not a Nice class/);
    fails('nice:九', 5, /not a Nice class/);
    fails('status:好', 7, /not a status; use 有效, 审查中/);
    fails('kind:专利权', 5, /not a kind/);
    fails('type:发明专利', 5, /not a type/);
    fails('ipc:Z01', 4, /not an IPC symbol or prefix/);
    fails('ipc:G06F1/3', 4, /not an IPC symbol/);
    fails('ipc:G*6', 4, /not an IPC symbol/);
    fails('number:abc', 7, /'abc' is not an application, publication or registration number/);
    fails('number:CN106844774X', 7, /not a valid publication number: kind code 'X'/);
    fails('201710601862.5', 0, /not a valid application number: check character is '3' but '5' was given/);
    fails('电池 CN201710601862.5', 3, /check character is '3'/);
  });

  test('operators without terms', () => {
    fails('电池 AND', 3, /AND needs a term after it/);
    fails('电池 OR', 3, /OR needs a term after it/);
    fails('OR 电池', 0, /OR needs a term before it/);
    fails('AND 电池', 0, /AND needs a term before it/);
    fails('(OR a)', 1, /OR needs a term before it/);
    fails('a AND AND b', 6, /AND cannot follow AND/);
    fails('a OR OR b', 5, /OR cannot follow OR/);
    fails('a AND OR b', 6, /OR cannot follow AND/);
    fails('a (b OR) c', 5, /OR needs a term after it/);
    fails('NOT', 0, /NOT needs a term after it/);
    fails('a NOT', 2, /NOT needs a term after it/);
    fails('a NOT OR b', 2, /NOT needs a term after it/);
    fails('-', 0, /'-' must be written directly before the term/);
    fails('电池 - 铅酸', 3, /'-' must be written directly before/);
    fails('a --b', 2, /'--' is not an operator/);
    fails('(a -)', 3, /'-' must be written directly before/);
  });

  test('phrases, wildcards, fields in fields', () => {
    fails('"固态电池', 0, /unterminated phrase: the quote at 0 is never closed/);
    fails('电池 “固态', 3, /unterminated phrase/);
    fails('""', 0, /empty phrase/);
    fails('title:"  "', 6, /empty phrase/);
    fails('*', 0, /'\*' needs the beginning of a word/);
    fails('le*d', 2, /'\*' may only end a word/);
    fails('title:title:x', 6, /must be a word, a phrase or a group/);
    fails('title:(abstract:x)', 7, /field 'abstract' inside the value of field 'title'/);
    fails('title:-x', 6, /must be a word, a phrase or a group/);
    fails('http://example.com', 0, /unknown field 'http'/);
  });

  test('QueryError is a 400 RuleError on the field q', () => {
    const e = new QueryError('empty phrase', 3);
    assert.ok(e instanceof RuleError);
    assert.equal(e.name, 'QueryError');
    assert.equal(e.position, 3);
    assert.equal(e.status, 400);
    assert.equal(e.code, 'BAD_QUERY');
    assert.deepEqual(e.errors, [{ field: 'q', reason: 'empty phrase (at position 3)' }]);
  });
});

test('positiveTextTerms: the text terms not under a NOT', () => {
  assert.deepEqual(positiveTextTerms(parse('电池 -铅酸 (芯片 OR NOT 电容) title:"固态" ipc:H01M*')), [
    t('电池'),
    t('芯片'),
    t('固态', { field: 'title', phrase: true }),
  ]);
  assert.deepEqual(positiveTextTerms(parse('NOT NOT 电池')), [t('电池')]);
});
