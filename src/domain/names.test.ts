import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { normalizeEntityName, toHalfWidth } from './names.ts';

describe('normalizeEntityName', () => {
  test('the two written forms of the same company are equal', () => {
    assert.equal(normalizeEntityName('上海 某某科技有限公司（徐汇）'), '上海某某科技有限公司(徐汇)');
    assert.equal(normalizeEntityName('上海某某科技有限公司(徐汇)'), '上海某某科技有限公司(徐汇)');
  });

  const cases: [string, string][] = [
    ['上海某某科技有限公司【徐汇】', '上海某某科技有限公司(徐汇)'],
    ['上海某某科技有限公司[徐汇]', '上海某某科技有限公司(徐汇)'],
    ['上海某某科技有限公司［徐汇］', '上海某某科技有限公司(徐汇)'],
    ['上海某某科技有限公司〔徐汇〕', '上海某某科技有限公司(徐汇)'],
    ['\u3000上海\u00a0某某\t科技\n有限公司\u200b', '上海某某科技有限公司'],
    ['Apple Inc.', 'APPLEINC'],
    ['ａｐｐｌｅ　ｉｎｃ．', 'APPLEINC'],
    ['Siemens Co., Ltd.', 'SIEMENSCO.,LTD'],
    ['某某公司。', '某某公司'],
    ['某某公司.。,', '某某公司'],
    ['(徐汇)某某公司', '(徐汇)某某公司'],
    ['', ''],
  ];
  for (const [input, expected] of cases) {
    test(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => {
      assert.equal(normalizeEntityName(input), expected);
    });
  }

  test('is idempotent', () => {
    for (const [input] of cases) {
      const once = normalizeEntityName(input);
      assert.equal(normalizeEntityName(once), once);
    }
  });
});

describe('toHalfWidth', () => {
  test('maps full-width ASCII and U+3000 only', () => {
    assert.equal(toHalfWidth('ＣＮ２０１７．３　ｘ－'), 'CN2017.3 x-');
    assert.equal(toHalfWidth('①ﬁ（'), '①ﬁ(');
    assert.equal(toHalfWidth('上海'), '上海');
  });
});
