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
    keepTexts(instance)
    instances.set(lang, instance)
  }
  return instance
}

// i18next looks a text up anew at every call (namespaces, key path, plural
// rules, nesting, interpolation): 5 to 17 µs, hundreds of times a page, a
// sixth of an officer queue's server time. A call whose text depends only on
// its key, namespace and count (no values to put in) always gives the same
// text, so each is kept after its first call. Calls with values (names,
// references, dates) are never kept: they are looked up as before, and no
// personal data stays in this cache. The text never changes while the
// process runs: the resources are bundled, never added to.

/** The options a kept call may have; any other (a value, a context, returnObjects) bypasses the cache. */
const PLAIN_OPTIONS = new Set(['lng', 'lngs', 'ns', 'keyPrefix', 'count'])
/** Distinct (key, namespace, count) calls kept per language; past it the cache starts again (counts are unbounded). */
const KEPT_MAX = 10_000

function keepTexts(instance: i18n) {
  const translate = instance.t.bind(instance) as unknown as (...args: unknown[]) => unknown
  const kept = new Map<string, unknown>()
  instance.t = ((...args: unknown[]) => {
    const id = textId(args)
    if (id === null) return translate(...args)
    let text = kept.get(id)
    if (text === undefined) {
      text = translate(...args)
      if (typeof text !== 'string') return text
      if (kept.size >= KEPT_MAX) kept.clear()
      kept.set(id, text)
    }
    return text
  }) as unknown as i18n['t']
}

/** What a call's text depends on, as a string; null when it depends on more (values to interpolate, several keys). */
export function textId(args: unknown[]): string | null {
  const [key, options] = args
  if (typeof key !== 'string' || args.length > 2) return null
  if (options === undefined) return key
  if (typeof options !== 'object' || options === null) return null
  let id = key
  for (const [name, value] of Object.entries(options)) {
    if (!PLAIN_OPTIONS.has(name)) return null
    // react-i18next's t passes lngs: null (the instance's own language).
    if (value === undefined || value === null) continue
    if (typeof value === 'string' || typeof value === 'number') id += `\u0000${name}=${value}`
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) id += `\u0000${name}=${value.join(',')}`
    else return null
  }
  return id
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
