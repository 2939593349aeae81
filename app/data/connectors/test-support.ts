import zlib from 'node:zlib'
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

/** A real PNG image, `width` by `height` pixels of one colour, made here so that tests need no file. */
export function tinyPng(width = 2, height = 2, rgb: [number, number, number] = [200, 40, 40]): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    return c >>> 0
  })
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff
    for (const b of bytes) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8)
    return (c ^ 0xffffffff) >>> 0
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
    const length = Buffer.alloc(4)
    length.writeUInt32BE(data.length)
    const sum = Buffer.alloc(4)
    sum.writeUInt32BE(crc(body))
    return Buffer.concat([length, body, sum])
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([8, 2, 0, 0, 0], 8) // 8 bits per channel, truecolour, no interlace
  const scanline = Buffer.from([0, ...Array.from({ length: width }, () => rgb).flat()])
  const pixels = zlib.deflateSync(Buffer.concat(Array.from({ length: height }, () => scanline)))
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))])
}

/** A minimal whole PDF file: its header and its end marker around one empty page. */
export function tinyPdf(): Buffer {
  return Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1')
}
