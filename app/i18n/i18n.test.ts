import i18next from 'i18next'
import { describe, expect, test } from 'vitest'
import { LANGUAGES } from '~/vocabulary'
import { dateTimeFormat, fixedT, formatDate, getI18n, formatDateTime, formatNumber, numberFormat } from './i18n'
import { textId } from './instances'
import { NAMESPACES, resources } from './resources'

// Dates and numbers as each language writes them, through formatters made
// once and kept: a new Intl formatter per date shown held native memory the
// garbage collector does not see (docs/decisions/026).

describe('formatting dates and numbers', () => {
  const instant = new Date('2026-03-01T23:30:00Z')

  test('each language writes the date in the organisation’s time zone, not the server’s', () => {
    expect(formatDate(instant, 'en', 'Europe/Copenhagen')).toBe('March 2, 2026')
    expect(formatDate(instant, 'en', 'UTC')).toBe('March 1, 2026')
    expect(formatDate(instant, 'da', 'Europe/Copenhagen', 'medium')).toBe('2. mar. 2026')
    expect(formatDateTime(instant, 'fi', 'Europe/Helsinki')).toBe(new Intl.DateTimeFormat('fi', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Helsinki' }).format(instant))
    expect(formatNumber(36721, 'en')).toBe('36,721')
    expect(formatNumber(36721, 'da')).toBe('36.721')
  })

  test('one formatter per locale and options is made and kept; other options or zones get their own', () => {
    const a = dateTimeFormat('da-DK', { dateStyle: 'long', timeZone: 'Europe/Copenhagen' })
    expect(dateTimeFormat('da-DK', { dateStyle: 'long', timeZone: 'Europe/Copenhagen' })).toBe(a)
    expect(dateTimeFormat('da-DK', { dateStyle: 'long', timeZone: 'Europe/Oslo' })).not.toBe(a)
    expect(dateTimeFormat('nb-NO', { dateStyle: 'long', timeZone: 'Europe/Copenhagen' })).not.toBe(a)
    expect(numberFormat('fi', { style: 'percent' })).toBe(numberFormat('fi', { style: 'percent' }))
    expect(numberFormat('fi', { style: 'percent' })).not.toBe(numberFormat('fi'))
  })
})

describe('texts kept after their first lookup', () => {
  /** Every text's key in a namespace, plural forms as their base key. */
  const keysOf = (tree: unknown, prefix = ''): string[] =>
    Object.entries(tree as Record<string, unknown>).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? keysOf(v, `${prefix}${k}.`) : [`${prefix}${k.replace(/_(zero|one|two|few|many|other)$/, '')}`]))

  test('every text of every language, with counts, is the same kept as looked up by a fresh i18next, on the first call and after', () => {
    for (const lang of LANGUAGES) {
      const fresh = i18next.createInstance()
      void fresh.init({ lng: lang, fallbackLng: false, resources: { [lang]: resources[lang] as Record<string, Record<string, unknown>> }, ns: [...NAMESPACES], defaultNS: 'common', interpolation: { escapeValue: false }, returnNull: false, initImmediate: false })
      for (const ns of NAMESPACES) {
        const t = fixedT(lang, ns)
        // As react-i18next's useTranslation makes it: no language named, the instance's own.
        const hookT = getI18n(lang).getFixedT(null, ns)
        const reference = fresh.getFixedT(lang, ns)
        for (const key of new Set(keysOf(resources[lang][ns]))) {
          for (const options of [undefined, { count: 0 }, { count: 1 }, { count: 2 }, { count: 5 }, { count: 21 }]) {
            const expected = reference(key, options as never) as unknown
            expect(t(key, options as never), `${lang} ${ns}:${key} ${JSON.stringify(options)}`).toEqual(expected)
            expect(t(key, options as never)).toEqual(expected)
            expect(hookT(key, options as never)).toEqual(expected)
          }
        }
      }
    }
  })

  test('a call with a value to put in is never kept: each gets its own text', () => {
    const t = fixedT('en', 'officer')
    expect(t('queue.selectOne', { reference: 'A-1' })).toContain('A-1')
    expect(t('queue.selectOne', { reference: 'B-2' })).toContain('B-2')
    expect(textId(['queue.selectOne', { reference: 'A-1', ns: 'officer' }])).toBeNull()
    expect(textId(['due.left', { count: 3, ns: ['officer'], lng: 'en' }])).toBe(textId(['due.left', { count: 3, ns: ['officer'], lng: 'en' }]))
    expect(textId(['due.left', { count: 3, ns: 'officer' }])).not.toBe(textId(['due.left', { count: 4, ns: 'officer' }]))
    expect(textId(['due.left', { count: 3, ns: 'officer' }])).not.toBe(textId(['due.left', { count: 3, ns: 'request' }]))
    // As react-i18next's useTranslation calls it: the instance's own language.
    expect(textId(['serviceName', { lngs: null, ns: 'common' }])).toBe(textId(['serviceName', { ns: 'common' }]))
    expect(textId([['a', 'b']])).toBeNull()
    expect(textId(['a', 'default value', {}])).toBeNull()
  })
})
