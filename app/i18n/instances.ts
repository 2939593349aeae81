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
    quickFixedT(instance)
    instances.set(lang, instance)
  }
  return instance
}

// i18next looks a text up anew at every call (namespaces, key path, plural
// rules, nesting, interpolation): 5 to 17 µs, hundreds of times a page, a
// sixth of an officer queue's server time. A call whose text depends only on
// its key, namespace and count (no values to put in) always gives the same
// text, so each is kept after its first call. A call with values (names,
// references) keeps its text's template instead: i18next is asked once with
// a marker for each value, and the values are put where the markers come
// back. No value is kept, so no personal data stays in these caches. A value
// that is not plain text (a number, a date, an object), an option that
// changes the lookup (context, defaultValue, returnObjects…), or a text that
// does not give each marker back unchanged (a value passed through a format
// such as {{count, number}}) is looked up as before. The text never changes
// while the process runs: the resources are bundled, never added to.

/** The options a kept call may have besides its values. */
const PLAIN_OPTIONS = new Set(['lng', 'lngs', 'ns', 'keyPrefix', 'count'])
/** Options that change what i18next looks up or returns: never kept, never taken for values. */
const LOOKUP_OPTIONS = new Set(['context', 'replace', 'interpolation', 'returnObjects', 'returnDetails', 'joinArrays', 'postProcess', 'ordinal', 'fallbackLng', 'skipInterpolation', 'nsSeparator', 'keySeparator', 'appendNamespaceToMissingKey', 'appendNamespaceToCIMode'])
/** Distinct calls kept per language, of each kind; past it the cache starts again (counts are unbounded). */
const KEPT_MAX = 10_000
/** A value's marker: private-use characters around its position, which no format in the texts changes and no plain value holds. */
const MARK_OPEN = '\uE000'
const MARK_CLOSE = '\uE001'
const MARK = /\uE000(\d+)\uE001/

/** A text with values, as literal parts and the positions of the values between them. */
type Template = Array<string | number>

function keepTexts(instance: i18n) {
  const translate = instance.t.bind(instance) as unknown as (...args: unknown[]) => unknown
  const kept = new Map<string, unknown>()
  const templates = new Map<string, Template | null>()
  instance.t = ((...args: unknown[]) => {
    const call = callOf(args)
    if (call === null) return translate(...args)
    if (call.names.length === 0) {
      let text = kept.get(call.id)
      if (text === undefined) {
        text = translate(...args)
        if (typeof text !== 'string') return text
        if (kept.size >= KEPT_MAX) kept.clear()
        kept.set(call.id, text)
      }
      return text
    }
    let template = templates.get(call.id)
    if (template === undefined) {
      const marked: Record<string, unknown> = { ...(args[1] as Record<string, unknown>) }
      call.names.forEach((name, i) => (marked[name] = `${MARK_OPEN}${i}${MARK_CLOSE}`))
      template = templateOf(translate(args[0], marked), call.names.length)
      if (templates.size >= KEPT_MAX) templates.clear()
      templates.set(call.id, template)
    }
    if (template === null) return translate(...args)
    let text = ''
    for (const part of template) text += typeof part === 'number' ? call.values[part] : part
    return text
  }) as unknown as i18n['t']
}

// i18next's getFixedT (behind every useTranslation t and every fixedT) copies
// a call's options with a spread and then adds lng, lngs, ns and keyPrefix to
// the copy: in V8 that shape of object costs 1 to 4 µs a call, ten times the
// lookup itself. The same options are built here as one object with those
// fields first, and everything else is i18next's own fixedT.
type FixedT = ((key: unknown, options?: unknown, ...rest: unknown[]) => unknown) & { lng?: string; lngs?: readonly string[]; ns?: string | readonly string[]; keyPrefix?: string }

function quickFixedT(instance: i18n) {
  const original = instance.getFixedT.bind(instance) as unknown as (lng: unknown, ns: unknown, keyPrefix: unknown) => FixedT
  instance.getFixedT = ((lng: unknown, ns: unknown, keyPrefix: unknown) => {
    const fixed = original(lng, ns, keyPrefix)
    const t: FixedT = (key, options, ...rest) => {
      // A default value or other arguments in place of options: i18next's own path.
      if ((typeof options !== 'object' && options !== undefined) || rest.length > 0) return fixed(key, options, ...rest)
      const o: { lng?: string; lngs?: readonly string[]; ns?: string | readonly string[]; keyPrefix?: string } & Record<string, unknown> = Object.assign({ lng: undefined, lngs: undefined, ns: undefined, keyPrefix: undefined }, options)
      o.lng = o.lng || t.lng
      o.lngs = o.lngs || t.lngs
      o.ns = o.ns || t.ns
      if (o.keyPrefix !== '') o.keyPrefix = o.keyPrefix || (keyPrefix as string | undefined) || t.keyPrefix
      const prefix = o.keyPrefix
      const separator = instance.options.keySeparator || '.'
      const resultKey = prefix ? (Array.isArray(key) ? key.map((k) => `${prefix}${separator}${k}`) : `${prefix}${separator}${key as string}`) : key
      return (instance.t as unknown as FixedT)(resultKey, o)
    }
    t.lng = fixed.lng
    t.lngs = fixed.lngs
    t.ns = fixed.ns
    t.keyPrefix = fixed.keyPrefix
    return t
  }) as unknown as i18n['getFixedT']
}

/**
 * What a call's text or template depends on (key and options, the names of
 * its values, never the values), and its plain-text values in order; null
 * when it depends on more (several keys, a value that is not plain text, an
 * option that changes the lookup).
 */
export function callOf(args: unknown[]): { id: string; names: string[]; values: string[] } | null {
  const key = args[0]
  const options = args[1]
  if (typeof key !== 'string' || args.length > 2) return null
  if (options === undefined) return { id: key, names: [], values: [] }
  if (typeof options !== 'object' || options === null || Array.isArray(options)) return null
  let id = key
  const names: string[] = []
  const values: string[] = []
  for (const name in options) {
    const value = (options as Record<string, unknown>)[name]
    if (PLAIN_OPTIONS.has(name)) {
      // react-i18next's t passes lngs: null (the instance's own language).
      if (value === undefined || value === null) continue
      if (typeof value === 'string' || typeof value === 'number') id += `\u0000${name}=${value}`
      else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) id += `\u0000${name}=${value.join(',')}`
      else return null
    } else if (LOOKUP_OPTIONS.has(name) || name.startsWith('defaultValue') || typeof value !== 'string' || value.includes(MARK_OPEN) || value.includes(MARK_CLOSE)) {
      return null
    } else {
      names.push(name)
      values.push(value)
    }
  }
  if (names.length) id += `\u0000$${names.join(',')}`
  return { id, names, values }
}

/** The template of a text asked for with markers; null unless every value's marker came back unchanged and nothing else of the kind. */
function templateOf(text: unknown, count: number): Template | null {
  if (typeof text !== 'string') return null
  const pieces = text.split(MARK)
  const template: Template = []
  const seen = new Set<number>()
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i]!
    if (i % 2 === 0) {
      if (piece.includes(MARK_OPEN) || piece.includes(MARK_CLOSE)) return null
      if (piece) template.push(piece)
      continue
    }
    const position = Number(piece)
    if (position >= count) return null
    seen.add(position)
    template.push(position)
  }
  return seen.size === count ? template : null
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
