import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';

const CLI = path.resolve(import.meta.dirname, '../../bin/zhihui.js');
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

test('zhihui check prints the normalised value and meaning, exit 0', () => {
  const r = run('check', 'cn-appno', 'ZL 2017 1 0601862.3');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^valid cn-appno: 201710601862\.3$/m);
  assert.match(r.stdout, /^normalised: 201710601862\.3$/m);
  assert.match(r.stdout, /invention/);
});

test('zhihui check prints the reason, exit 1', () => {
  const r = run('check', 'uscc', '91110000600037341N');
  assert.equal(r.status, 1);
  assert.match(r.stdout, /^invalid uscc: .*check character/m);
});

test('zhihui check --json and an unknown kind', () => {
  const r = run('check', 'cr-regno', '2016SR309930', '--json');
  assert.equal(r.status, 0);
  const j = JSON.parse(r.stdout);
  assert.equal(j.ok, true);
  assert.equal(j.value, '2016SR309930');
  assert.equal(j.copyrightType, 'software');
  const u = run('check', 'isbn', '123');
  assert.equal(u.status, 2);
  assert.match(u.stderr, /unknown kind "isbn"/);
});
