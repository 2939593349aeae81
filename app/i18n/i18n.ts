import type { i18n, TFunction } from 'i18next'
import { LANGUAGE_TAGS, type Language } from '~/vocabulary'
import { registeredI18n, registerLanguage } from './instances'
import { resources, type Namespace } from './resources'

/** The instance for a language, with all its text (server side: every language is at hand). */
export function getI18n(lang: Language): i18n {
  return registeredI18n(lang) ?? registerLanguage(lang, resources[lang])
}

/** A t fixed to one language, for emails and anything rendered for someone other than the current visitor. */
export function fixedT(lang: Language, ns: Namespace | Namespace[] = 'common'): TFunction {
  return getI18n(lang).getFixedT(lang, ns)
}

export function formatDate(date: Date, lang: Language, timeZone: string, style: 'long' | 'medium' = 'long'): string {
  // Keyed without JSON: a queue page formats hundreds of dates.
  return kept(dateTimeFormats, `date\u0000${lang}\u0000${style}\u0000${timeZone}`, () => new Intl.DateTimeFormat(LANGUAGE_TAGS[lang], { dateStyle: style, timeZone })).format(date)
}

export function formatDateTime(date: Date, lang: Language, timeZone: string): string {
  return kept(dateTimeFormats, `dateTime\u0000${lang}\u0000${timeZone}`, () => new Intl.DateTimeFormat(LANGUAGE_TAGS[lang], { dateStyle: 'medium', timeStyle: 'short', timeZone })).format(date)
}

/** A number as the reader's language writes it (36 721, 36.721, 36,721). */
export function formatNumber(value: number, lang: Language): string {
  return numberFormat(LANGUAGE_TAGS[lang]).format(value)
}

// Each Intl formatter holds ICU objects of tens of kilobytes in native memory,
// which the garbage collector does not see: one made per date shown (a queue
// page shows hundreds) grew the server by hundreds of megabytes under officer
// pages, and making one costs more than formatting with it. So one formatter
// per language, style and time zone is made and kept; there are few of those.
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>()
const numberFormats = new Map<string, Intl.NumberFormat>()

/** The one Intl.DateTimeFormat of these locales and options, made on first use and kept. */
export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return kept(dateTimeFormats, `${locale}\u0000${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(locale, options))
}

/** The one Intl.NumberFormat of these locales and options, made on first use and kept. */
export function numberFormat(locale: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  return kept(numberFormats, `${locale}\u0000${JSON.stringify(options)}`, () => new Intl.NumberFormat(locale, options))
}

function kept<T>(formats: Map<string, T>, key: string, make: () => T): T {
  let format = formats.get(key)
  if (!format) formats.set(key, (format = make()))
  return format
}
