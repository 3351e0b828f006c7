import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { IDENTIFIER_KINDS, checkIdentifier, isIdentifierKind, type IdentifierKind } from './check.ts';

const NOW = new Date('2025-06-01T00:00:00Z');

describe('checkIdentifier', () => {
  test('lists the six kinds', () => {
    assert.deepEqual(IDENTIFIER_KINDS, ['uscc', 'regno15', 'cn-appno', 'cn-pubno', 'tm-regno', 'cr-regno']);
  });

  const valid: [IdentifierKind, string, string][] = [
    ['uscc', '91110000600037341l', '91110000600037341L'],
    ['regno15', '110108000000016', '110108000000016'],
    ['cn-appno', 'ZL 201710601862.3', '201710601862.3'],
    ['cn-pubno', 'cn106844774a', 'CN106844774A'],
    ['tm-regno', '16435657', '16435657'],
    ['cr-regno', '2016sr309930', '2016SR309930'],
  ];
  for (const [kind, input, value] of valid) {
    test(`${kind} ${input} → ${value}`, () => {
      const r = checkIdentifier(kind, input, { now: NOW });
      assert.equal(r.ok && r.value, value);
    });
  }

  test('options reach the application-number checker', () => {
    assert.deepEqual(checkIdentifier('cn-appno', '201710601862', { now: NOW }), {
      ok: false,
      reason: "has no check character (the computed check character would be '3')",
    });
    const r = checkIdentifier('cn-appno', '201710601862', { now: NOW, allowMissingCheck: true });
    assert.equal(r.ok && r.value, '201710601862.3');
  });

  test('a kind checker, not a different one, answers', () => {
    assert.deepEqual(checkIdentifier('uscc', '110108000000017'), {
      ok: false,
      reason:
        'has 15 characters, expected 18 (a 15-digit number may be a legacy 工商注册号: check it as regno15)',
    });
  });

  test('an unknown kind from untyped input gives a reason', () => {
    assert.deepEqual(checkIdentifier('isbn' as IdentifierKind, '123'), {
      ok: false,
      reason:
        "'isbn' is not an identifier kind: expected one of uscc, regno15, cn-appno, cn-pubno, tm-regno, cr-regno",
    });
  });

  test('isIdentifierKind', () => {
    assert.equal(isIdentifierKind('cn-appno'), true);
    assert.equal(isIdentifierKind('CN-APPNO'), false);
    assert.equal(isIdentifierKind('isbn'), false);
  });
});
