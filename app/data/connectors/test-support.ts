import i18next from 'i18next'
import { expect } from 'vitest'
import da from '#locales/da/collection.json'
import en from '#locales/en/collection.json'
import fi from '#locales/fi/collection.json'
import no from '#locales/no/collection.json'
import { LANGUAGES } from '~/vocabulary'
import type { CollectionError } from './collected'

// For the collection tests only: an error is checked against its message in
// every language, so a test of an error path also proves that the officer
// reads a whole sentence, with every {{placeholder}} filled, in each of them.

export const COLLECTION_MESSAGES = { da, no, fi, en }

const translators = LANGUAGES.map((lng) => {
  const instance = i18next.createInstance()
  void instance.init({
    lng,
    fallbackLng: false,
    resources: { [lng]: { collection: COLLECTION_MESSAGES[lng] } },
    ns: ['collection'],
    interpolation: { escapeValue: false },
    initImmediate: false,
  })
  return { lng, t: instance.t }
})

/** The names of {{name}} and {{name, format}} placeholders, each once, sorted. */
export function placeholders(message: string): string[] {
  return [...new Set([...message.matchAll(/\{\{\s*(\w+)\s*(?:,[^}]*)?\}\}/g)].map((m) => m[1]!))].sort()
}

export function message(lang: keyof typeof COLLECTION_MESSAGES, key: string): string | undefined {
  let node: unknown = COLLECTION_MESSAGES[lang]
  for (const part of key.replace(/^collection:/, '').split('.')) node = (node as Record<string, unknown> | undefined)?.[part]
  return typeof node === 'string' ? node : undefined
}

/** The text of an error in each language. */
export function render(error: CollectionError): Record<string, string> {
  return Object.fromEntries(translators.map(({ lng, t }) => [lng, t(error.key, error.values ?? {})]))
}

export function expectFailure(
  result: { ok: true } | { ok: false; error: CollectionError },
  key: CollectionError['key'],
  values?: CollectionError['values'],
): CollectionError {
  if (result.ok) throw new Error(`expected the error ${key}, got a success`)
  expect(result.error.key).toBe(key)
  if (values) expect(result.error.values).toEqual(values)
  for (const lang of LANGUAGES) {
    const text = message(lang, key)
    expect(text, `${key} in locales/${lang}/collection.json`).toBeDefined()
    expect(Object.keys(result.error.values ?? {}).sort(), `the values of ${key} against its ${lang} message`).toEqual(placeholders(text!))
  }
  for (const [lang, text] of Object.entries(render(result.error))) expect(text, `${key} rendered in ${lang}`).not.toMatch(/\{\{|\}\}|^collection:/)
  return result.error
}
