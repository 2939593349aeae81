import { describe, expect, test } from 'vitest'
import { languageFromAcceptLanguage, languageFromTag, localize } from './languages'

describe('languageFromAcceptLanguage', () => {
  test.each([
    ['nb-NO,nb;q=0.9', 'no'],
    ['nn', 'no'],
    ['no', 'no'],
    ['sv,fi;q=0.5', 'fi'],
    ['da-DK,da;q=0.9,en;q=0.8', 'da'],
    ['en-GB', 'en'],
    ['de;q=0.9,fi;q=0.8,da;q=0.95', 'da'],
    ['fi;q=0,en;q=0.1', 'en'],
  ])('%s → %s', (header, expected) => {
    expect(languageFromAcceptLanguage(header)).toBe(expected)
  })

  test.each([['garbage'], [';;;,,'], ['sv,de'], [''], [null], [undefined], ['fi;q=abc']])('%s → null', (header) => {
    expect(languageFromAcceptLanguage(header)).toBeNull()
  })
})

test('languageFromTag maps every Norwegian tag to no', () => {
  expect(['nb', 'nn', 'no', 'nb-NO', 'nn_NO'].map(languageFromTag)).toEqual(['no', 'no', 'no', 'no', 'no'])
  expect(languageFromTag('xx')).toBeNull()
})

test('localize prefers the language, then English, then anything', () => {
  expect(localize({ da: 'Hej', en: 'Hello' }, 'da')).toBe('Hej')
  expect(localize({ da: 'Hej', en: 'Hello' }, 'fi')).toBe('Hello')
  expect(localize({ no: 'Hei' }, 'fi')).toBe('Hei')
  expect(localize(undefined, 'fi')).toBe('')
})
