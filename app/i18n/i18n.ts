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
  return new Intl.DateTimeFormat(LANGUAGE_TAGS[lang], { dateStyle: style, timeZone }).format(date)
}

export function formatDateTime(date: Date, lang: Language, timeZone: string): string {
  return new Intl.DateTimeFormat(LANGUAGE_TAGS[lang], { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(date)
}

/** A number as the reader's language writes it (36 721, 36.721, 36,721). */
export function formatNumber(value: number, lang: Language): string {
  return new Intl.NumberFormat(LANGUAGE_TAGS[lang]).format(value)
}
