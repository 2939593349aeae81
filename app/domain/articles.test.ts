import { describe, expect, test } from 'vitest'
import { citeArticle } from './articles'

// GDPR articles as each language's official text cites them.

describe('citeArticle', () => {
  test.each([
    ['Art. 15(1)(a)', 'Article 15(1)(a)', 'artikel 15, stk. 1, litra a', 'artikkel 15 nr. 1 bokstav a', '15 artiklan 1 kohdan a alakohta'],
    ['Art. 17(3)(b)', 'Article 17(3)(b)', 'artikel 17, stk. 3, litra b', 'artikkel 17 nr. 3 bokstav b', '17 artiklan 3 kohdan b alakohta'],
    ['Art. 18(1)', 'Article 18(1)', 'artikel 18, stk. 1', 'artikkel 18 nr. 1', '18 artiklan 1 kohta'],
    ['Art. 16', 'Article 16', 'artikel 16', 'artikkel 16', '16 artikla'],
    ['Art. 11(2), 12(2)', 'Articles 11(2) and 12(2)', 'artikel 11, stk. 2, og artikel 12, stk. 2', 'artikkel 11 nr. 2 og artikkel 12 nr. 2', '11 artiklan 2 kohta ja 12 artiklan 2 kohta'],
  ])('%s', (citation, en, da, no, fi) => {
    expect(citeArticle(citation, 'en')).toBe(en)
    expect(citeArticle(citation, 'da')).toBe(da)
    expect(citeArticle(citation, 'no')).toBe(no)
    expect(citeArticle(citation, 'fi')).toBe(fi)
  })

  test('a list may repeat "Art."', () => {
    expect(citeArticle('Art. 11(2), Art. 12(2)', 'fi')).toBe('11 artiklan 2 kohta ja 12 artiklan 2 kohta')
  })

  test('a national act’s section, or anything not in the short notation, is left as written', () => {
    for (const lang of ['da', 'no', 'fi', 'en'] as const) {
      expect(citeArticle('databeskyttelsesloven § 22', lang)).toBe('databeskyttelsesloven § 22')
      expect(citeArticle('Art. 15(x)', lang)).toBe('Art. 15(x)')
    }
  })
})
