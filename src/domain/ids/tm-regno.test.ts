import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkTrademarkRegNumber } from './tm-regno.ts';

describe('checkTrademarkRegNumber: domestic', () => {
  // Sourced (domain-rules §4.2, BenDaye/Nuxt-Vuetify-Koa mock-shangbiaoxinxi.js).
  for (const number of ['16435657', '16435655', '15392502']) {
    test(number, () => {
      assert.deepEqual(checkTrademarkRegNumber(number), {
        ok: true,
        value: number,
        display: number,
        meaning: `注册商标 trademark registration (= application) number ${number}`,
        madrid: false,
      });
    });
  }
  test('spaces (including U+3000) and full-width digits are normalised', () => {
    for (const written of [' 1643 5657 ', '16435657\u3000', '１６４３５６５７']) {
      const r = checkTrademarkRegNumber(written);
      assert.equal(r.ok && r.value, '16435657', written);
    }
  });
  test('leading zeros are kept (only whitespace is removed)', () => {
    const r = checkTrademarkRegNumber('016435657');
    assert.equal(r.ok && r.value, '016435657');
  });
  test('1 to 9 digits', () => {
    assert.equal(checkTrademarkRegNumber('1').ok, true);
    assert.equal(checkTrademarkRegNumber('123456789').ok, true);
  });
});

describe('checkTrademarkRegNumber: Madrid', () => {
  for (const written of [
    'G123456',
    'g123456',
    'G 123456',
    '国际注册123456',
    '国际注册号 123456',
    '国际注册号：123456',
  ]) {
    test(JSON.stringify(written), () => {
      assert.deepEqual(checkTrademarkRegNumber(written), {
        ok: true,
        value: 'G123456',
        display: 'G123456',
        meaning: '马德里国际注册 Madrid international registration 123456',
        madrid: true,
      });
    });
  }
});

describe('checkTrademarkRegNumber: exact reasons', () => {
  const cases: [string, string][] = [
    ['', 'is empty'],
    [' \u3000', 'is empty'],
    [
      '1643565A',
      "contains 'A', which is not a digit: a trademark registration number is digits only (Madrid numbers are written G followed by digits)",
    ],
    ['1234567890', 'has 10 digits; a trademark registration number has at most 9'],
    ['G12345678', 'international registration number has 8 digits; at most 7'],
    ['G', 'has no digits after the international-registration prefix'],
    ['G12A456', "contains 'A' after the international-registration prefix; only digits may follow"],
  ];
  for (const [input, reason] of cases) {
    test(`${JSON.stringify(input)} → ${reason}`, () => {
      assert.deepEqual(checkTrademarkRegNumber(input), { ok: false, reason });
    });
  }
});
