import i18next, { type i18n, type TFunction } from 'i18next'
import { initReactI18next } from 'react-i18next'
import { LANGUAGE_TAGS, type Language } from '~/domain/languages'
import { NAMESPACES, resources, type Namespace } from './resources'

function createI18n(lang: Language): i18n {
  const instance = i18next.createInstance()
  void instance.use(initReactI18next).init({
    lng: lang,
    fallbackLng: false,
    resources,
    ns: NAMESPACES,
    defaultNS: 'common',
    interpolation: { escapeValue: false }, // React and the email templates escape
    returnNull: false,
    initImmediate: false, // resources are bundled: initialise synchronously
  })
  return instance
}

// One instance per language, made on first use and kept.
const instances = new Map<Language, i18n>()
export function getI18n(lang: Language): i18n {
  let instance = instances.get(lang)
  if (!instance) {
    instance = createI18n(lang)
    instances.set(lang, instance)
  }
  return instance
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
