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
  return keptFormat(`date\u0000${lang}\u0000${style}\u0000${timeZone}`, () => dateTimeFormat(LANGUAGE_TAGS[lang], { dateStyle: style, timeZone })).format(date)
}

export function formatDateTime(date: Date, lang: Language, timeZone: string): string {
  return keptFormat(`dateTime\u0000${lang}\u0000${timeZone}`, () => dateTimeFormat(LANGUAGE_TAGS[lang], { dateStyle: 'medium', timeStyle: 'short', timeZone })).format(date)
}

/** The formatters of formatDate and formatDateTime by a key made without JSON (a queue page formats hundreds of dates). */
const keptFormats = new Map<string, Intl.DateTimeFormat>()
function keptFormat(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let format = keptFormats.get(key)
  if (!format) keptFormats.set(key, (format = make()))
  return format
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
  const key = `${locale}\u0000${JSON.stringify(options)}`
  let format = dateTimeFormats.get(key)
  if (!format) dateTimeFormats.set(key, (format = new Intl.DateTimeFormat(locale, options)))
  return format
}

/** The one Intl.NumberFormat of these locales and options, made on first use and kept. */
export function numberFormat(locale: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = `${locale}\u0000${JSON.stringify(options)}`
  let format = numberFormats.get(key)
  if (!format) numberFormats.set(key, (format = new Intl.NumberFormat(locale, options)))
  return format
}
