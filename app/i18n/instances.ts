import i18next, { type i18n } from 'i18next'
import { initReactI18next } from 'react-i18next'
import type { Language } from '~/vocabulary'
import type { LanguageResources } from './resources'

// One i18next instance per language, made once and kept. The server registers
// every language (app/i18n/i18n.ts); the browser registers the language of
// its page before hydrating (app/entry.client.tsx), so it downloads one
// language's text, not four. Changing language loads a new document.

const NAMESPACES = ['common', 'request', 'errors', 'emails', 'officer', 'auth', 'oversight', 'documents', 'collection', 'controller']
const instances = new Map<Language, i18n>()

export function registerLanguage(lang: Language, resources: LanguageResources): i18n {
  let instance = instances.get(lang)
  if (!instance) {
    instance = i18next.createInstance()
    void instance.use(initReactI18next).init({
      lng: lang,
      fallbackLng: false,
      resources: { [lang]: resources as Record<string, Record<string, unknown>> },
      ns: NAMESPACES,
      defaultNS: 'common',
      interpolation: { escapeValue: false }, // React and the email templates escape
      returnNull: false,
      initImmediate: false, // the text is at hand: initialise synchronously
    })
    instances.set(lang, instance)
  }
  return instance
}

export function registeredI18n(lang: Language): i18n | undefined {
  return instances.get(lang)
}

/** The browser's loaders, one chunk per language. */
export const loadLanguage: Record<Language, () => Promise<{ default: LanguageResources }>> = {
  da: () => import('./bundles/da'),
  no: () => import('./bundles/no'),
  fi: () => import('./bundles/fi'),
  en: () => import('./bundles/en'),
}
