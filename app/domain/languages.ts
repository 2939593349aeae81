export const LANGUAGES = ['da', 'no', 'fi', 'en'] as const
export type Language = (typeof LANGUAGES)[number]
export const DEFAULT_LANGUAGE: Language = 'en'

/** Each language named in itself. */
export const LANGUAGE_NAMES: Record<Language, string> = {
  da: 'Dansk',
  no: 'Norsk',
  fi: 'Suomi',
  en: 'English',
}

/** BCP 47 tags for Intl formatting and <html lang>. */
export const LANGUAGE_TAGS: Record<Language, string> = { da: 'da', no: 'nb', fi: 'fi', en: 'en' }

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

export type Localized = Partial<Record<Language, string>>

/** Text an organisation wrote, in the person's language where it exists, else English, else any. */
export function localize(text: Localized | undefined, lang: Language): string {
  if (!text) return ''
  return text[lang] ?? text.en ?? Object.values(text).find(Boolean) ?? ''
}
