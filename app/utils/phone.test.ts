import { describe, expect, test } from 'vitest'
import { toE164 } from './phone'

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
