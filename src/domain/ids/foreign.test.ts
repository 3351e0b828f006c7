import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { normalizeForeignNumber, normalizeUsApplicationNumber, normalizeUsPatentNumber } from './foreign.ts';

describe('normalizeUsPatentNumber', () => {
  const cases: [string, string | undefined, string][] = [
    ['07272630', undefined, 'US7272630'],
    ['D0512345', undefined, 'USD512345'],
    ['RE039876', undefined, 'USRE39876'],
    ['PP012345', undefined, 'USPP12345'],
    ['H0002123', undefined, 'USH2123'],
    ['07272630', 'B2', 'US7272630'],
    ['US 7,272,630 B2', undefined, 'US7272630'],
    ['us7272630b1', undefined, 'US7272630'],
    ['D512,345', undefined, 'USD512345'],
    ['10123456', 'B2', 'US10123456'],
    // the kind supplies a missing prefix
    ['0512345', 'S1', 'USD512345'],
    ['039876', 'E', 'USRE39876'],
    ['012345', 'P3', 'USPP12345'],
    ['0002123', 'H1', 'USH2123'],
    // pre-grant publication: the 11 digits are kept
    ['20050123456', 'A1', 'US20050123456'],
    ['2005/0123456', undefined, 'US20050123456'],
  ];
  for (const [doc, kind, expected] of cases) {
    test(`${doc}${kind === undefined ? '' : ` (${kind})`} → ${expected}`, () => {
      assert.equal(normalizeUsPatentNumber(doc, kind), expected);
    });
  }

  test('malformed or contradictory numbers throw with a precise message', () => {
    assert.throws(() => normalizeUsPatentNumber('D0512345', 'B2'), {
      name: 'RangeError',
      message: "US patent number 'D0512345' has prefix 'D' but kind 'B2' implies '(none: utility)'",
    });
    assert.throws(() => normalizeUsPatentNumber('7272630B1', 'B2'), {
      message: "US patent number '7272630B1' ends with kind 'B1' but kind 'B2' was given",
    });
    assert.throws(() => normalizeUsPatentNumber('00000000'), {
      message: "US patent number '00000000' is zero",
    });
    assert.throws(() => normalizeUsPatentNumber('123456789'), {
      message: "US patent number '123456789' has 9 digits; at most 8",
    });
    assert.throws(() => normalizeUsPatentNumber('EP1234567'), {
      message: "US patent number 'EP1234567' is not a document-type prefix, digits and a kind code",
    });
  });
});

describe('normalizeUsApplicationNumber', () => {
  for (const written of ['10/123,456', '10/123456', '10123456', 'US 10/123,456', '10 123 456']) {
    test(`${JSON.stringify(written)} → US10123456`, () => {
      assert.equal(normalizeUsApplicationNumber(written), 'US10123456');
    });
  }
  test('other shapes throw', () => {
    assert.throws(() => normalizeUsApplicationNumber('10/12345'), {
      name: 'RangeError',
      message:
        "US application number '10/12345' should be a 2-digit series code and a 6-digit serial (e.g. 10/123,456)",
    });
  });
});

describe('normalizeForeignNumber', () => {
  const cases: [string, string, string][] = [
    ['EP', 'EP 1 234 567 A1', 'EP1234567A1'],
    ['ep', '1234567', 'EP1234567'],
    ['JP', '2005-123456', 'JP2005123456'],
    ['WO', 'WO 2005/012345', 'WO2005012345'],
    ['DE', 'de 10 2005 012 345.6', 'DE1020050123456'],
    ['KR', '１０－２００５－００１２３４５', 'KR1020050012345'],
  ];
  for (const [office, value, expected] of cases) {
    test(`${office} ${JSON.stringify(value)} → ${expected}`, () => {
      assert.equal(normalizeForeignNumber(office, value), expected);
    });
  }
  test('CN, US, bad office codes and empty numbers throw', () => {
    assert.throws(() => normalizeForeignNumber('CN', '201710601862.3'), {
      message: 'CN numbers: use checkCnApplicationNumber or checkCnPublicationNumber',
    });
    assert.throws(() => normalizeForeignNumber('us', '7272630'), {
      message: 'US numbers: use normalizeUsPatentNumber or normalizeUsApplicationNumber',
    });
    assert.throws(() => normalizeForeignNumber('EPO', '1234567'), {
      message: "office 'EPO' is not a two-letter office code (WIPO ST.3)",
    });
    assert.throws(() => normalizeForeignNumber('EP', ' - / '), {
      message: "EP number ' - / ' has no letters or digits",
    });
  });
});
