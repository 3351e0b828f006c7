import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WIPO_FIELDS, wipoField, wipoFieldOf } from './wipo-fields.ts';
import { ipcAt, ipcTitle, isIpcCode } from './ipc.ts';

// Rows of ../shared/datasets/ipc-scheme/wipo_ipc_technology_concordance.csv
test('35 fields in 5 sectors, as in the concordance', () => {
  assert.equal(WIPO_FIELDS.length, 35);
  assert.equal(new Set(WIPO_FIELDS.map((f) => f.sector)).size, 5);
  assert.equal(
    WIPO_FIELDS.reduce((n, f) => n + f.patterns.length, 0),
    764,
  );
  assert.equal(wipoField(6)?.name, 'Computer technology');
  assert.equal(wipoField(35)?.name, 'Civil engineering');
});

test('subclass patterns: F21H% → 1, G06F% → 6, H01L% → 8', () => {
  assert.equal(wipoFieldOf('F21H'), 1);
  assert.equal(wipoFieldOf('G06F17/30'), 6);
  assert.equal(wipoFieldOf('H01L21/00'), 8);
});

test('main-group patterns: A61K 8/% → 14 (organic fine chemistry), A61K 31/% → 16 (pharmaceuticals); H04N 1/% → 3', () => {
  assert.equal(wipoFieldOf('A61K8/02'), 14);
  assert.equal(wipoFieldOf('A61K31/00'), 16);
  assert.equal(wipoFieldOf('H04N21/234'), wipoFieldOf('H04N21/00'));
  assert.equal(wipoFieldOf('H04N1/00'), 3);
  // a bare subclass split over groups in the concordance has no single field
  assert.equal(wipoFieldOf('A61K'), undefined);
});

test('IPC levels and titles come from the scheme files', () => {
  assert.equal(ipcAt('G06F17/30', 'section'), 'G');
  assert.equal(ipcAt('G06F17/30', 'class'), 'G06');
  assert.equal(ipcAt('G06F17/30', 'subclass'), 'G06F');
  assert.equal(
    ipcTitle('A01B'),
    'SOIL WORKING IN AGRICULTURE OR FORESTRY; PARTS, DETAILS, OR ACCESSORIES OF AGRICULTURAL MACHINES OR IMPLEMENTS, IN GENERAL',
  );
  assert.equal(ipcTitle('A01'), 'AGRICULTURE; SYLVICULTURE; ÉLEVAGE; CHASSE; PIÉGEAGE; PÊCHE');
  assert.match(ipcTitle('H')!, /电学/);
  assert.equal(isIpcCode('G06', 'class'), true);
  assert.equal(isIpcCode('G6', 'class'), false);
});
