import i18next from 'i18next'
import { describe, expect, test } from 'vitest'
import { LANGUAGES, type Language } from '~/vocabulary'
import { dateTimeFormat, fixedT, formatDate, getI18n, formatDateTime, formatNumber, numberFormat } from './i18n'
import { callOf } from './instances'
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

/** A new i18next with one language's texts, set up as the portal's own instances are, but with nothing kept. */
function freshI18n(lang: Language) {
  const fresh = i18next.createInstance()
  void fresh.init({ lng: lang, fallbackLng: false, resources: { [lang]: resources[lang] as Record<string, Record<string, unknown>> }, ns: [...NAMESPACES], defaultNS: 'common', interpolation: { escapeValue: false }, returnNull: false, initImmediate: false })
  return fresh
}

describe('texts kept after their first lookup', () => {
  const PLURAL = /_(zero|one|two|few|many|other)$/
  /** Every text's key in a namespace, plural forms as their base key. */
  const keysOf = (tree: unknown, prefix = ''): string[] =>
    Object.entries(tree as Record<string, unknown>).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? keysOf(v, `${prefix}${k}.`) : [`${prefix}${k.replace(PLURAL, '')}`]))
  type Lookup = (key: string, options?: never) => unknown
  type TextCase = { lang: Language; ns: (typeof NAMESPACES)[number]; key: string; t: Lookup; hookT: Lookup; reference: Lookup }
  /**
   * Every key of every namespace in every language, with the three ways to
   * ask for it: the portal's fixedT, react-i18next's t (no language named,
   * the instance's own), and a fresh i18next's, the reference.
   */
  const eachText = (check: (c: TextCase) => void) => {
    for (const lang of LANGUAGES) {
      const fresh = freshI18n(lang)
      for (const ns of NAMESPACES) {
        const c = { lang, ns, t: fixedT(lang, ns) as Lookup, hookT: getI18n(lang).getFixedT(null, ns) as Lookup, reference: fresh.getFixedT(lang, ns) as Lookup }
        for (const key of new Set(keysOf(resources[lang][ns]))) check({ ...c, key })
      }
    }
  }

  test('every text of every language, with counts, is the same kept as looked up by a fresh i18next, on the first call and after', () => {
    eachText(({ lang, ns, key, t, hookT, reference }) => {
      for (const options of [undefined, { count: 0 }, { count: 1 }, { count: 2 }, { count: 5 }, { count: 21 }]) {
        const expected = reference(key, options as never)
        expect(t(key, options as never), `${lang} ${ns}:${key} ${JSON.stringify(options)}`).toEqual(expected)
        expect(t(key, options as never)).toEqual(expected)
        expect(hookT(key, options as never)).toEqual(expected)
      }
    })
  })

  /** A key's texts, all its plural forms. */
  const textsOf = (tree: Record<string, unknown>, key: string): string[] => {
    const path = key.split('.')
    const leaf = path.pop()!
    let node: unknown = tree
    for (const part of path) node = (node as Record<string, unknown>)[part]
    return Object.entries(node as Record<string, unknown>)
      .filter(([k]) => k.replace(PLURAL, '') === leaf)
      .map(([, v]) => v)
      .filter((v): v is string => typeof v === 'string')
  }
  const PLACEHOLDER = /\{\{\s*([\w.]+)\s*(,[^}]*)?\}\}/g

  test('every text with values, in every language, is the same from its kept template as from a fresh i18next, and a value is put in as it is, whatever it holds', () => {
    // Plain text, the characters HTML and i18next treat specially, another text's placeholder, and Nordic and Sámi letters.
    const samples = ['A-1', '<b>Åse & "Ølstykke"</b>', '{{reference}} $t(common:serviceName)', 'Áile Ŋuollaš Čiekču', '']
    let templated = 0
    eachText(({ lang, ns, key, t, hookT, reference }) => {
      const placeholders = textsOf(resources[lang][ns] as Record<string, unknown>, key).flatMap((text) => [...text.matchAll(PLACEHOLDER)])
      const names = [...new Set(placeholders.map((m) => m[1]!))].filter((name) => name !== 'count')
      if (names.length === 0) return
      // A value through a format (the texts have only {{x, number}}) is looked up as before: i18next's text.
      const formatted = placeholders.some((m) => m[2] && m[1] !== 'count')
      templated++
      for (const [i, sample] of samples.entries()) {
        for (const count of [undefined, 1, 2, 21]) {
          const values = Object.fromEntries(names.map((name, n) => [name, n % 2 ? samples[(i + n) % samples.length]! : sample]))
          const options = count === undefined ? values : { ...values, count }
          // Each value put in as it is. i18next agrees, except that it also fills a placeholder that
          // arrives inside an earlier value (a name "{{reference}}"); the template never does.
          const tokens = Object.fromEntries(names.map((name, n) => [name, `@@${n}@@`]))
          const verbatim = formatted ? String(reference(key, options as never)) : String(reference(key, { ...options, ...tokens } as never)).replace(/@@(\d+)@@/g, (_, n: string) => values[names[Number(n)]!]!)
          if (!Object.values(values).some((v) => v.includes('{{'))) expect(reference(key, options as never)).toEqual(verbatim)
          expect(t(key, options as never), `${lang} ${ns}:${key} ${JSON.stringify(options)}`).toEqual(verbatim)
          expect(hookT(key, options as never)).toEqual(verbatim)
        }
      }
    })
    expect(templated).toBeGreaterThan(100)
  })

  test('a value through a format, a number, or an option that changes the lookup is looked up as before', () => {
    // The texts format values only as numbers; a marker through a number format does not come back, so the template is refused.
    const formats = new Set(LANGUAGES.flatMap((lang) => NAMESPACES.flatMap((ns) => [...JSON.stringify(resources[lang][ns]).matchAll(/\{\{\s*[\w.]+\s*,\s*([^}]*)\}\}/g)].map((m) => m[1]!.trim()))))
    expect([...formats]).toEqual(['number'])
    const t = fixedT('en', 'collection')
    const fresh = freshI18n('en')
    expect(callOf(['x', { name: 'A', count: 2, ns: 'officer' }])).toMatchObject({ names: ['name'], values: ['A'] })
    expect(callOf(['x', { name: 3 }])).toBeNull()
    expect(callOf(['x', { name: 'A', context: 'male' }])).toBeNull()
    expect(callOf(['x', { name: 'A', defaultValue: 'B' }])).toBeNull()
    expect(callOf(['x', { name: '\uE0000\uE001' }])).toBeNull()
    expect(callOf(['x', { count: 2 }])).toMatchObject({ names: [] })
    // A string given where the text formats a number: the same text as i18next's, for each value.
    for (const max of ['12', '3400', 'many']) expect(t('errors.tooManyRows', { max } as never)).toBe(fresh.getFixedT('en', 'collection')('errors.tooManyRows', { max } as never))
    expect(t('errors.tooManyRows', { max: '3400' } as never)).toContain('3,400')
  })

  test('a fixed t gives what i18next’s own gives, with a key prefix, a default value, another language or several keys', () => {
    const fresh = freshI18n('da')
    const ours = getI18n('da')
    const calls: Array<[lng: string | null, ns: string, prefix: string | undefined, key: unknown, ...rest: unknown[]]> = [
      [null, 'officer', undefined, 'queue.selectOne', { reference: 'A-1' }],
      ['da', 'officer', 'queue', 'selectOne', { reference: 'A-1' }],
      ['da', 'officer', 'queue', ['nope', 'selectOne'], { reference: 'A-1' }],
      ['da', 'officer', 'queue', 'queue.selectOne', { reference: 'A-1', keyPrefix: '' }],
      ['da', 'officer', undefined, 'nope.missing', 'a default {{x}}', { x: 'y' }],
      ['da', 'officer', undefined, 'nope.missing', { defaultValue: 'a default {{x}}', x: 'y' }],
      ['da', 'officer', undefined, 'due.overdue', { count: 3, lng: 'en' }],
      ['da', 'officer', undefined, 'due.overdue', { count: 3, ns: 'officer' }],
      ['da', 'officer', undefined, 'due.overdue', null],
      ['da', 'officer', undefined, 'queue.title'],
    ]
    for (const [lng, ns, prefix, key, ...rest] of calls) {
      const a = (ours.getFixedT(lng, ns, prefix) as unknown as (...args: unknown[]) => unknown)(key, ...rest)
      const b = (fresh.getFixedT(lng, ns, prefix) as unknown as (...args: unknown[]) => unknown)(key, ...rest)
      expect(a, JSON.stringify([lng, ns, prefix, key, ...rest])).toEqual(b)
    }
  })

  test('a call with a value to put in is never kept: each gets its own text, and a plain call is kept by key, namespace and count', () => {
    const t = fixedT('en', 'officer')
    expect(t('queue.selectOne', { reference: 'A-1' })).toContain('A-1')
    expect(t('queue.selectOne', { reference: 'B-2' })).toContain('B-2')
    // Its template is kept under the names of its values, never under the values.
    expect(callOf(['queue.selectOne', { reference: 'A-1', ns: 'officer' }])).toEqual({ id: 'queue.selectOne\u0000ns=officer\u0000$reference', names: ['reference'], values: ['A-1'] })
    expect(callOf(['due.left', { count: 3, ns: ['officer'], lng: 'en' }])?.id).toBe(callOf(['due.left', { count: 3, ns: ['officer'], lng: 'en' }])?.id)
    expect(callOf(['due.left', { count: 3, ns: 'officer' }])?.id).not.toBe(callOf(['due.left', { count: 4, ns: 'officer' }])?.id)
    expect(callOf(['due.left', { count: 3, ns: 'officer' }])?.id).not.toBe(callOf(['due.left', { count: 3, ns: 'request' }])?.id)
    // As react-i18next's useTranslation calls it: the instance's own language.
    expect(callOf(['serviceName', { lngs: null, ns: 'common' }])?.id).toBe(callOf(['serviceName', { ns: 'common' }])?.id)
    expect(callOf([['a', 'b']])).toBeNull()
    expect(callOf(['a', 'default value', {}])).toBeNull()
  })
})
