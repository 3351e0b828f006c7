import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chinaDay, digestMail } from './digest.ts';

test('the digest day is the date in China Standard Time (UTC+8)', () => {
  assert.equal(chinaDay(new Date('2026-03-02T15:59:59Z')), '2026-03-02');
  assert.equal(chinaDay(new Date('2026-03-02T16:00:00Z')), '2026-03-03');
  assert.equal(chinaDay(new Date('2026-12-31T16:00:00Z')), '2027-01-01');
});

test('a digest lists each search with its count, its first records and how many more', () => {
  const m = digestMail('王分析', '2026-03-02', [
    {
      name: '水电',
      query: 'title:水电站',
      newCount: 2,
      // CN114081026A is the first record of ../shared/datasets/cn-patent-titles-ipc
      records: [{ number: 'CN114081026A', title: '一种水电站高压输电线路驱鸟保护装置', applicants: [] }],
    },
    { name: '空', query: '', newCount: 0, records: [] },
  ]);
  assert.equal(m.subject, '知汇检索订阅：2 条新记录 (2026-03-02)');
  assert.deepEqual(m.text.split('\n').slice(0, 11), [
    '王分析，您好：',
    '',
    '您订阅的检索有 2 条新记录（2026-03-02）。 Your saved searches have 2 new records (2026-03-02).',
    '',
    '【水电】 title:水电站',
    '  新记录 2 条 / 2 new',
    '  1. CN114081026A  一种水电站高压输电线路驱鸟保护装置',
    '  … 另有 1 条，请登录查看 / 1 more: open the search to see them',
    '',
    '【空】 （全部记录 all records）',
    '  无新记录 / no new records',
  ]);
});
