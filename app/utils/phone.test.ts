import { describe, expect, test } from 'vitest'
import { toE164 } from './phone'
import { phoneE164 } from './phone-number.server'

describe('toE164', () => {
  test.each([
    ['+45 00 00 10 01', undefined, '+4500001001'],
    ['0045-0000-1001', undefined, '+4500001001'],
    ['(+47) 000 00 001', undefined, '+4700000001'],
    ['00 00 10 01', '45', '+4500001001'],
    ['040 000 0001', '358', '+358400000001'],
    ['00 00 10 01', undefined, null],
    ['+0 12 34 56', undefined, null],
    ['+45 12', undefined, null],
    ['+45 1234 5678 9012 3456', undefined, null],
    ['+45 abc', undefined, null],
    ['', '45', null],
  ])('%s (%s) → %s', (input, code, expected) => {
    expect(toE164(input, code)).toBe(expected)
  })
})

describe('phoneE164', () => {
  test.each([
    // The demo's invented numbers are not assigned, but they are numbers: kept whole, never shortened.
    ['+45 00 00 10 01', 'DK', '+4500001001'],
    ['0045 00001001', 'DK', '+4500001001'],
    ['0045 00 00 10 01', 'DK', '+4500001001'],
    ['00 00 10 01', 'DK', '+4500001001'],
    ['00001001', 'DK', '+4500001001'],
    ['+45-00-00-10-01', 'DK', '+4500001001'],
    ['31 41 59 26', 'DK', '+4531415926'],
    ['tel:+4531415926', 'DK', '+4531415926'],
    ['(+45) 3141 5926', 'DK', '+4531415926'],
    ['040 123 4567', 'FI', '+358401234567'],
    ['+358 40 123 4567', 'DK', '+358401234567'],
    ['00 00 10 01', 'NO', '+4700001001'],
    ['abc', 'DK', null],
    ['12', 'DK', null],
    ['', 'DK', null],
    ['+45 1234 5678 9012 3456', 'DK', null],
  ] as const)('%s (%s) → %s', (input, country, expected) => {
    expect(phoneE164(input, country)).toBe(expected)
  })
})
