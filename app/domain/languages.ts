import { LANGUAGE_NAMES, LANGUAGE_TAGS, LANGUAGES, type Language, type Localized } from '~/vocabulary'

export { LANGUAGE_NAMES, LANGUAGE_TAGS, LANGUAGES, type Language, type Localized }
export const DEFAULT_LANGUAGE: Language = 'en'

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value)
}

/** nb, nn and no all mean Norwegian; regional variants (da-DK, en-GB) mean their language. */
export function languageFromTag(tag: string): Language | null {
  const base = tag.trim().toLowerCase().split(/[-_]/)[0] ?? ''
  if (base === 'nb' || base === 'nn' || base === 'no') return 'no'
  return isLanguage(base) ? base : null
}

/** Picks the best supported language from an Accept-Language header, honouring q-values. */
export function languageFromAcceptLanguage(header: string | null | undefined): Language | null {
  if (!header) return null
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';')
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
      return { tag, q: q ? Number(q.slice(2)) : 1, index }
    })
    .filter((r) => r.tag && r.q > 0 && !Number.isNaN(r.q))
    .sort((a, b) => b.q - a.q || a.index - b.index)
  for (const r of ranked) {
    const lang = languageFromTag(r.tag)
    if (lang) return lang
  }
  return null
}


/**
 * Where an organisation's text is missing in the reader's language, the
 * languages to try next, best first: a Danish reader reads Norwegian and a
 * Norwegian reader Danish more easily than English.
 */
export const FALLBACK_LANGUAGES: Record<Language, readonly Language[]> = {
  da: ['no', 'en'],
  no: ['da', 'en'],
  fi: ['en'],
  en: [],
}

/**
 * Text an organisation wrote, in the reader's language where it exists, else
 * the nearest language they can read, else any; with the language it is in,
 * so a page can mark a fallback with its own lang attribute (WCAG 3.1.2).
 */
export function localizeText(text: Localized | undefined, lang: Language): { text: string; lang: Language } {
  if (text) {
    for (const candidate of [lang, ...FALLBACK_LANGUAGES[lang]]) {
      const value = text[candidate]
      if (value) return { text: value, lang: candidate }
    }
    for (const candidate of LANGUAGES) {
      const value = text[candidate]
      if (value) return { text: value, lang: candidate }
    }
  }
  return { text: '', lang }
}

/** The text alone, where no lang attribute can be set (plain-text email, CSV). */
export function localize(text: Localized | undefined, lang: Language): string {
  return localizeText(text, lang).text
}
