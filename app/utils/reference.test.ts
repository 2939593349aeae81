import { expect, test } from 'vitest'
import { generateReference, normaliseReference } from './reference'

const FORMAT = /^[34679ACDEFGHJKMNPQRTWXY]{4}-[34679ACDEFGHJKMNPQRTWXY]{4}$/

test('references are two groups of four from an alphabet without look-alikes', () => {
  for (let i = 0; i < 500; i++) expect(generateReference()).toMatch(FORMAT)
  // The lowest and highest pick give the alphabet's ends.
  expect(generateReference(() => 0)).toBe('3333-3333')
  expect(generateReference((n) => n - 1)).toBe('YYYY-YYYY')
})

test('references are random enough not to repeat in a few thousand', () => {
  const seen = new Set(Array.from({ length: 5000 }, () => generateReference()))
  expect(seen.size).toBe(5000)
})

test('normaliseReference accepts what people type', () => {
  expect(normaliseReference('k7m4-q9px')).toBe('K7M4-Q9PX')
  expect(normaliseReference(' K7M4 Q9PX ')).toBe('K7M4-Q9PX')
  expect(normaliseReference('K7M4Q9PX')).toBe('K7M4-Q9PX')
  expect(normaliseReference('K7-M4-Q9-PX')).toBe('K7M4-Q9PX')
})

test('normaliseReference refuses what cannot be a reference', () => {
  expect(normaliseReference('')).toBeNull()
  expect(normaliseReference('K7M4-Q9P')).toBeNull() // too short
  expect(normaliseReference('K7M4-Q9PXX')).toBeNull() // too long
  expect(normaliseReference('O7M4-Q9PX')).toBeNull() // O is not in the alphabet (looks like 0)
  expect(normaliseReference('K7M4-Q9P1')).toBeNull() // 1 looks like I and L
})
