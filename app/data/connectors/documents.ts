// Documents and images that are part of a person's data (an X-ray named in a
// journal, a scanned letter): PDF, JPEG and PNG files, uploaded by an officer
// or returned by a connector. Nothing here trusts the file's name or the type
// a service declares: the type is read from the file's own first bytes, its
// end is checked so that a cut-off download is refused, and the size is held
// to a limit per file (docs/decisions/021). Pure: no I/O.

import type { CollectedFileType } from '#db/schema'
import { fail, type CollectedFile, type Failure } from './collected'

export type { CollectedFile, CollectedFileType }

export const FILE_LIMITS = {
  /** One file: an X-ray or a scanned letter, well within what an officer's upload may carry. */
  bytes: 5 * 1024 * 1024,
  /** Every file of one answer together, and how many. */
  answerBytes: 20 * 1024 * 1024,
  answerFiles: 20,
  /** A file's name, in characters. */
  nameCharacters: 120,
} as const

/** What each type's name ends with; the first is the one a delivered file gets. */
export const EXTENSIONS: Record<CollectedFileType, readonly string[]> = {
  'application/pdf': ['pdf'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/png': ['png'],
}

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

/** The type the bytes themselves say, or null for anything but a PDF, JPEG or PNG file. */
export function sniffType(bytes: Uint8Array): CollectedFileType | null {
  const starts = (signature: number[]) => bytes.length >= signature.length && signature.every((b, i) => bytes[i] === b)
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf' // %PDF-
  if (starts(PNG)) return 'image/png'
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg'
  return null
}

/** The type a file's name claims, by its extension, or null when it names none of the three. */
export function typeOfName(name: string): CollectedFileType | null {
  const extension = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase()
  if (!extension) return null
  const found = Object.entries(EXTENSIONS).find(([, extensions]) => extensions.includes(extension))
  return found ? (found[0] as CollectedFileType) : null
}

const ascii = (text: string) => Array.from(text, (c) => c.charCodeAt(0))

function includesAt(bytes: Uint8Array, pattern: number[], from: number): boolean {
  return pattern.every((b, i) => bytes[from + i] === b)
}

function lastIndexOf(bytes: Uint8Array, pattern: number[], within: number): number {
  for (let i = bytes.length - pattern.length; i >= Math.max(0, bytes.length - within); i--) if (includesAt(bytes, pattern, i)) return i
  return -1
}

/**
 * Whether the file is whole: a PNG starts with its header chunk and ends with
 * IEND; a JPEG ends with its end-of-image marker; a PDF ends with %%EOF.
 * Writers may leave a few bytes after the end (a line break, padding).
 */
function isWhole(type: CollectedFileType, bytes: Uint8Array): boolean {
  switch (type) {
    case 'image/png':
      return bytes.length >= 8 + 25 + 12 && includesAt(bytes, ascii('IHDR'), 12) && lastIndexOf(bytes, ascii('IEND'), 64) >= 0
    case 'image/jpeg':
      return bytes.length > 4 && lastIndexOf(bytes, [0xff, 0xd9], 64) >= 0
    case 'application/pdf':
      return lastIndexOf(bytes, ascii('%%EOF'), 1024) >= 0
  }
}

/**
 * A file's name as kept and shown: the last part of a path, without control
 * characters, at most FILE_LIMITS.nameCharacters long; "file" when nothing is left.
 */
export function cleanFileName(name: string): string {
  const last = name.split(/[\\/]/).pop() ?? ''
  const cleaned = Array.from(last.normalize('NFC').replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '').trim())
  const text = cleaned.slice(0, FILE_LIMITS.nameCharacters).join('').trim()
  return text === '' || text === '.' || text === '..' ? 'file' : text
}

/**
 * Checks one file: not empty, within the size limit, a PDF, JPEG or PNG by
 * its own bytes, named as what it is where its name says a type, and whole.
 */
export function readDocumentFile(file: { name: string; bytes: Uint8Array }): { ok: true; file: CollectedFile } | Failure {
  const name = cleanFileName(file.name)
  if (file.bytes.length === 0) return fail('collection:errors.file.empty', { filename: name })
  if (file.bytes.length > FILE_LIMITS.bytes) return fail('collection:errors.file.tooLarge', { filename: name, maxMegabytes: FILE_LIMITS.bytes / 1024 / 1024 })
  const type = sniffType(file.bytes)
  if (!type) return fail('collection:errors.file.notDocument', { filename: name })
  const named = typeOfName(name)
  if (named && named !== type) return fail('collection:errors.file.mismatch', { filename: name, named: EXTENSIONS[named][0]!.toUpperCase(), found: EXTENSIONS[type][0]!.toUpperCase() })
  if (!isWhole(type, file.bytes)) return fail('collection:errors.file.broken', { filename: name, type: EXTENSIONS[type][0]!.toUpperCase() })
  return { ok: true, file: { name, contentType: type, content: file.bytes } }
}

/** Whether an upload is meant as a document or image rather than a table: by its bytes, or by a name that says so. */
export function looksLikeDocument(file: { name: string; bytes: Uint8Array }): boolean {
  return sniffType(file.bytes) !== null || typeOfName(file.name) !== null
}
