// What an organisation holds about a person, as an officer attaches it to an
// answer: rows of plain values per data category of the register. Uploaded
// files (app/domain/collected-data.ts) and connectors produce this one shape
// under the same limits and the same normalisation, so the answer a person
// gets does not depend on where the data came from. Pure: no I/O.

import type { CollectedFileType } from '#db/schema'
import { cleanData } from '~/utils/text'

export type CellValue = string | number | boolean | null
export type CollectedRow = Record<string, CellValue>
/** One document or image as collected (./documents.ts): its cleaned name, its real type, its bytes. */
export type CollectedFile = { name: string; contentType: CollectedFileType; content: Uint8Array }
/** A category's rows, and the documents and images that came with them. */
export type CollectedCategory = { category: string; rows: CollectedRow[]; files?: CollectedFile[] }

/** An i18next key in the `collection` namespace, with its interpolation values. */
export type CollectionError = { key: `collection:errors.${string}`; values?: Record<string, string | number> }
export type Failure = { ok: false; error: CollectionError }
export type Collected = { ok: true; collected: CollectedCategory[] } | Failure

export function fail(key: CollectionError['key'], values?: CollectionError['values']): Failure {
  return { ok: false, error: values ? { key, values } : { key } }
}

/**
 * Large enough for any one person's data in a small organisation's system,
 * small enough to preview, keep in a draft answer and put in a PDF.
 */
export const LIMITS = {
  /** An uploaded file, or a webhook's response without documents. */
  bytes: 5 * 1024 * 1024,
  /** A webhook's response with documents, in base64: an answer's worth of files (FILE_LIMITS.answerBytes) and its rows. */
  responseBytes: 32 * 1024 * 1024,
  /** Per uploaded file, and per category from a connector. */
  rows: 10_000,
  columns: 100,
  cellCharacters: 10_000,
} as const

export function normaliseValue(value: CellValue): CellValue {
  if (typeof value === 'string') return cleanData(value)
  // SQLite can return ±Infinity, which JSON would silently turn into null.
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value)
  return value
}

export function isTooLong(value: CellValue): boolean {
  if (typeof value !== 'string' || value.length <= LIMITS.cellCharacters) return false
  // Counted in characters, not UTF-16 units, as the person reading the limit would.
  let count = 0
  for (const _ of value) if (++count > LIMITS.cellCharacters) return true
  return false
}

export type RecordProblem = { problem: 'emptyName' } | { problem: 'duplicateName' | 'tooLong'; column: string }

/**
 * One row from named values: names and values normalised, each name once.
 * Built with Object.fromEntries so that a column called "__proto__" is data,
 * not the row's prototype.
 */
export function normaliseRecord(entries: Iterable<readonly [string, CellValue]>): { ok: true; row: CollectedRow } | ({ ok: false } & RecordProblem) {
  const seen = new Set<string>()
  const out: Array<[string, CellValue]> = []
  for (const [rawName, rawValue] of entries) {
    const name = cleanData(rawName)
    if (name === '') return { ok: false, problem: 'emptyName' }
    if (seen.has(name)) return { ok: false, problem: 'duplicateName', column: name }
    seen.add(name)
    const value = normaliseValue(rawValue)
    if (isTooLong(value)) return { ok: false, problem: 'tooLong', column: name }
    out.push([name, value])
  }
  return { ok: true, row: Object.fromEntries(out) }
}

/** Every column of the rows, in the order they first appear. */
export function columnsOf(rows: readonly CollectedRow[]): string[] {
  const columns = new Set<string>()
  for (const row of rows) for (const name of Object.keys(row)) columns.add(name)
  return [...columns]
}

/** A connector's rows for one category, normalised and held to the limits. */
export function connectorCategory(category: string, rows: ReadonlyArray<Iterable<readonly [string, CellValue]>>): { ok: true; value: CollectedCategory } | Failure {
  if (rows.length > LIMITS.rows) return fail('collection:errors.connector.tooManyRows', { category, max: LIMITS.rows })
  const out: CollectedRow[] = []
  for (const [index, entries] of rows.entries()) {
    const record = normaliseRecord(entries)
    if (!record.ok) {
      if (record.problem === 'emptyName') return fail('collection:errors.connector.emptyColumnName', { category })
      if (record.problem === 'duplicateName') return fail('collection:errors.connector.duplicateColumn', { category, column: record.column })
      return fail('collection:errors.connector.cellTooLong', { category, row: index + 1, column: record.column, max: LIMITS.cellCharacters })
    }
    out.push(record.row)
  }
  const columns = columnsOf(out)
  if (columns.length > LIMITS.columns) return fail('collection:errors.connector.tooManyColumns', { category, max: LIMITS.columns, found: columns.length })
  return { ok: true, value: { category, rows: out } }
}
