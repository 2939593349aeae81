import { CsvError, parse as parseCsvText } from 'csv-parse/sync'
import {
  LIMITS,
  columnsOf,
  fail,
  isTooLong,
  normaliseRecord,
  normaliseValue,
  type CellValue,
  type CollectedCategory,
  type CollectedRow,
  type CollectionError,
  type Failure,
} from '~/data/connectors/collected'
import { cleanData } from '~/utils/text'

// An export from the organisation's own system, uploaded by an officer to be
// attached to an answer. Nothing here trusts the file: every way it can be
// wrong ends in an error the officer can act on ("save it as UTF-8"), never
// in an exception, and the officer sees a preview before anything is kept.

export { LIMITS, type CellValue, type CollectedCategory, type CollectedRow, type CollectionError }

/** Rows shown in the preview of each table. */
export const SAMPLE_ROWS = 5
/** Levels of objects inside a JSON row that are flattened to dotted names (address.city). */
export const MAX_NESTING = 5

export type PreviewTable = {
  columns: string[]
  rowCount: number
  /** The first SAMPLE_ROWS rows, for the officer to check before accepting. */
  sample: CollectedRow[]
  rows: CollectedRow[]
}

/** A CSV file or a JSON array: one table, whose category the officer chooses among the register's. */
export type ListPreview = { shape: 'list'; format: 'csv' | 'json'; filename: string; categoryChoices: string[]; table: PreviewTable }
/** Tables with their categories: a JSON object by category key, or a list once mapped. */
export type CategorisedPreview = { shape: 'categorised'; format: 'csv' | 'json'; filename: string; tables: Array<PreviewTable & { category: string }> }
export type UploadPreview = ListPreview | CategorisedPreview

export type UploadResult = { ok: true; preview: UploadPreview } | Failure

type Result<T> = { ok: true; value: T } | Failure

export function parseUpload(upload: { filename: string; bytes: Uint8Array; categories: string[] }): UploadResult {
  const { filename, bytes, categories } = upload
  const text = decode(filename, bytes)
  if (!text.ok) return text
  if (text.value.format === 'csv') {
    const table = parseCsv(text.value.text)
    if (!table.ok) return table
    return { ok: true, preview: { shape: 'list', format: 'csv', filename, categoryChoices: categories, table: table.value } }
  }
  return parseJson(filename, text.value.text, categories)
}

/** The officer's choice of category for a CSV file or a JSON array. */
export function applyMapping(preview: ListPreview, mapping: { category: string }): { ok: true; preview: CategorisedPreview } | Failure {
  if (!preview.categoryChoices.includes(mapping.category)) return fail('collection:errors.unknownCategory', { category: mapping.category })
  return {
    ok: true,
    preview: { shape: 'categorised', format: preview.format, filename: preview.filename, tables: [{ ...preview.table, category: mapping.category }] },
  }
}

/** What an accepted preview attaches to the answer. */
export function collectedData(preview: CategorisedPreview): CollectedCategory[] {
  return preview.tables.map(({ category, rows }) => ({ category, rows }))
}

// ---------------------------------------------------------------------------
// Bytes to text

const SIGNATURES: Array<{ bytes: number[]; error: CollectionError['key'] }> = [
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], error: 'collection:errors.pdf' }, // %PDF-
  // .xlsx, .ods and .docx are ZIP archives; .xls is an OLE compound file.
  { bytes: [0x50, 0x4b, 0x03, 0x04], error: 'collection:errors.spreadsheet' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], error: 'collection:errors.spreadsheet' },
]

function decode(filename: string, bytes: Uint8Array): Result<{ format: 'csv' | 'json'; text: string }> {
  if (bytes.length > LIMITS.bytes) return fail('collection:errors.tooLarge', { maxMegabytes: LIMITS.bytes / 1024 / 1024 })
  if (bytes.length === 0) return fail('collection:errors.empty')
  // Checked before the file name: a PDF or a workbook renamed .csv is a common mistake.
  const signature = SIGNATURES.find((s) => s.bytes.every((b, i) => bytes[i] === b))
  if (signature) return fail(signature.error)
  const format = /\.csv$/i.test(filename) ? 'csv' : /\.json$/i.test(filename) ? 'json' : null
  if (!format) return fail('collection:errors.unsupportedType', { filename })
  let text: string
  try {
    // Removes a UTF-8 byte order mark; UTF-16 (Excel's "Unicode text") and
    // Windows-1252 (Excel's plain "CSV") are not valid UTF-8 and land here.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return fail('collection:errors.notUtf8')
  }
  if (text.includes('\u0000')) return fail('collection:errors.binary')
  if (text.trim() === '') return fail('collection:errors.empty')
  return { ok: true, value: { format, text } }
}

// ---------------------------------------------------------------------------
// CSV

/** The delimiter that occurs more often in the header line, outside quotes: Nordic Excel writes ";". */
function detectDelimiter(text: string): ',' | ';' {
  let commas = 0
  let semicolons = 0
  let quoted = false
  // Blank lines before the header are skipped by the parser, so here too.
  for (let i = text.search(/[^\n]/); i < text.length; i++) {
    const c = text[i]
    if (c === '"') quoted = !quoted
    else if (quoted) continue
    else if (c === '\n') break
    else if (c === ',') commas++
    else if (c === ';') semicolons++
  }
  return semicolons > commas ? ';' : ','
}

type CsvRecord = { record: string[]; info: { lines: number } }

function parseCsv(original: string): Result<PreviewTable> {
  // One kind of line break, so that files mixing them parse and line numbers
  // count as an editor does; values get \n line breaks anyway.
  const text = original.replace(/\r\n?/g, '\n')
  let records: CsvRecord[]
  try {
    records = parseCsvText(text, {
      delimiter: detectDelimiter(text),
      relax_column_count: true, // ragged rows are refused below, with the line and the counts
      skip_empty_lines: true,
      skip_records_with_empty_values: true, // the ";;;" lines spreadsheets leave at the end
      info: true,
      to: LIMITS.rows + 2, // the header, the limit, and one more to know it was passed
    }) as unknown as CsvRecord[]
  } catch (error) {
    return csvError(error)
  }
  const [header, ...body] = records
  if (!header) return fail('collection:errors.empty')
  if (body.length > LIMITS.rows) return fail('collection:errors.tooManyRows', { max: LIMITS.rows })
  const columns = header.record.map(cleanData)
  if (columns.length > LIMITS.columns) return fail('collection:errors.tooManyColumns', { max: LIMITS.columns, found: columns.length })
  const seen = new Set<string>()
  for (const [i, name] of columns.entries()) {
    if (name === '') return fail('collection:errors.csv.emptyColumnName', { column: i + 1 })
    if (seen.has(name)) return fail('collection:errors.csv.duplicateColumn', { column: name })
    seen.add(name)
  }
  const rows: CollectedRow[] = []
  for (const { record, info } of body) {
    if (record.length !== columns.length) return fail('collection:errors.csv.ragged', { line: info.lines, expected: columns.length, found: record.length })
    const values = record.map((cell) => normaliseValue(cell))
    const tooLong = values.findIndex(isTooLong)
    if (tooLong >= 0) return fail('collection:errors.csv.cellTooLong', { line: info.lines, column: columns[tooLong]!, max: LIMITS.cellCharacters })
    rows.push(Object.fromEntries(columns.map((name, i) => [name, values[i]!])))
  }
  return { ok: true, value: table(columns, rows) }
}

const QUOTE_ERRORS = new Set(['CSV_QUOTE_NOT_CLOSED', 'CSV_INVALID_CLOSING_QUOTE', 'INVALID_OPENING_QUOTE', 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE'])

function csvError(error: unknown): Failure {
  // Anything but the parser's own report is a bug here, not a broken file.
  if (!(error instanceof CsvError)) throw error
  const line = typeof error.lines === 'number' ? error.lines : 1
  return fail(QUOTE_ERRORS.has(error.code) ? 'collection:errors.csv.quotes' : 'collection:errors.csv.invalid', { line })
}

// ---------------------------------------------------------------------------
// JSON

function parseJson(filename: string, text: string, categories: string[]): UploadResult {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    return fail('collection:errors.json.invalid', lineAndColumn(text, jsonErrorOffset(text) ?? text.length))
  }
  if (Array.isArray(data)) {
    if (data.length > LIMITS.rows) return fail('collection:errors.tooManyRows', { max: LIMITS.rows })
    const table = jsonTable(data, null)
    if (!table.ok) return table
    return { ok: true, preview: { shape: 'list', format: 'json', filename, categoryChoices: categories, table: table.value } }
  }
  if (!isObject(data)) return fail('collection:errors.json.shape')
  const entries = Object.entries(data)
  const unknown = entries.map(([key]) => key).filter((key) => !categories.includes(key))
  if (unknown.length > 0) return fail('collection:errors.json.unknownCategories', { categories: unknown.join(', '), known: categories.join(', ') })
  const lists: Array<[string, unknown[]]> = []
  for (const [category, value] of entries) {
    if (!Array.isArray(value)) return fail('collection:errors.json.notList', { category })
    lists.push([category, value])
  }
  if (lists.reduce((sum, [, items]) => sum + items.length, 0) > LIMITS.rows) return fail('collection:errors.tooManyRows', { max: LIMITS.rows })
  const tables: CategorisedPreview['tables'] = []
  for (const [category, items] of lists) {
    const table = jsonTable(items, category)
    if (!table.ok) return table
    tables.push({ ...table.value, category })
  }
  return { ok: true, preview: { shape: 'categorised', format: 'json', filename, tables } }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

type Key = CollectionError['key']

function jsonTable(items: unknown[], category: string | null): Result<PreviewTable> {
  // Rows are counted within their category, so an error names it when the file has categories.
  const problem = (inList: Key, inCategory: Key, values: Record<string, string | number>) =>
    category === null ? fail(inList, values) : fail(inCategory, { category, ...values })
  const rows: CollectedRow[] = []
  for (const [i, item] of items.entries()) {
    const row = i + 1
    if (!isObject(item)) return problem('collection:errors.json.rowNotObject', 'collection:errors.json.rowNotObjectIn', { row })
    const entries: Array<[string, CellValue]> = []
    const nested = flatten(item, '', 0, entries)
    if (nested !== null) return problem('collection:errors.json.nested', 'collection:errors.json.nestedIn', { row, column: nested })
    const record = normaliseRecord(entries)
    if (!record.ok) {
      if (record.problem === 'emptyName') return problem('collection:errors.json.emptyColumnName', 'collection:errors.json.emptyColumnNameIn', { row })
      if (record.problem === 'duplicateName') return problem('collection:errors.json.duplicateColumn', 'collection:errors.json.duplicateColumnIn', { row, column: record.column })
      return problem('collection:errors.json.cellTooLong', 'collection:errors.json.cellTooLongIn', { row, column: record.column, max: LIMITS.cellCharacters })
    }
    rows.push(record.row)
  }
  const columns = columnsOf(rows)
  if (columns.length > LIMITS.columns) return problem('collection:errors.tooManyColumns', 'collection:errors.json.tooManyColumnsIn', { max: LIMITS.columns, found: columns.length })
  return { ok: true, value: table(columns, rows) }
}

/**
 * Objects inside a row become dotted names ({"address": {"city": …}} gives
 * "address.city"); a list inside a row has no single value to show, so it is
 * refused, as is nesting deeper than MAX_NESTING. Returns the offending name.
 */
function flatten(object: Record<string, unknown>, prefix: string, depth: number, out: Array<[string, CellValue]>): string | null {
  for (const [key, value] of Object.entries(object)) {
    const name = prefix + key
    if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out.push([name, value])
    else if (!isObject(value) || depth >= MAX_NESTING) return name
    else {
      const nested = flatten(value, `${name}.`, depth + 1, out)
      if (nested !== null) return nested
    }
  }
  return null
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset)
  const lastBreak = before.lastIndexOf('\n')
  return { line: before.split('\n').length, column: offset - lastBreak }
}

const WHITESPACE = /[ \t\n\r]*/y
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9'

/**
 * Where JSON text first goes wrong, or null when it is valid. Node 20's
 * JSON.parse names no position for some errors ("Unexpected token '}'"), and
 * the officer needs one to find the mistake. A loop with a stack, not
 * recursion, so that deep nesting cannot overflow the call stack. Each
 * reader below leaves `i` where the text first breaks the grammar.
 */
function jsonErrorOffset(text: string): number | null {
  const stack: Array<'[' | '{'> = []
  let i = 0
  let expect: 'value' | 'key' | 'firstValue' | 'firstKey' | 'after' = 'value'
  const skipWhitespace = () => {
    WHITESPACE.lastIndex = i
    WHITESPACE.test(text)
    i = WHITESPACE.lastIndex
  }
  const digits = () => {
    if (!isDigit(text[i])) return false
    while (isDigit(text[i])) i++
    return true
  }
  const number = (): boolean => {
    if (text[i] === '-') i++
    if (text[i] === '0') i++
    else if (!digits()) return false
    if (text[i] === '.') {
      i++
      if (!digits()) return false
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++
      if (text[i] === '+' || text[i] === '-') i++
      if (!digits()) return false
    }
    return true
  }
  const literal = (): boolean => {
    const word = text[i] === 't' ? 'true' : text[i] === 'f' ? 'false' : 'null'
    for (const letter of word) {
      if (text[i] !== letter) return false
      i++
    }
    return true
  }
  const string = (): boolean => {
    i++ // the opening quote
    while (i < text.length) {
      const code = text.charCodeAt(i)
      if (code === 0x22) {
        i++
        return true
      }
      if (code < 0x20) return false
      if (code === 0x5c) {
        const escape = text[i + 1]
        if (escape === 'u') {
          i += 2
          for (let n = 0; n < 4; n++, i++) if (!/[0-9a-fA-F]/.test(text[i] ?? '')) return false
        } else if (escape !== undefined && '"\\/bfnrt'.includes(escape)) i += 2
        else {
          i++
          return false
        }
      } else i++
    }
    return false
  }
  for (;;) {
    skipWhitespace()
    const c = text[i]
    if (expect === 'value' || expect === 'firstValue') {
      if (expect === 'firstValue' && c === ']') {
        stack.pop()
        i++
      } else if (c === '[' || c === '{') {
        stack.push(c)
        i++
        expect = c === '[' ? 'firstValue' : 'firstKey'
        continue
      } else if (c === '"') {
        if (!string()) return i
      } else if (c === '-' || isDigit(c)) {
        if (!number()) return i
      } else if (!literal()) return i
      expect = 'after'
    } else if (expect === 'key' || expect === 'firstKey') {
      if (expect === 'firstKey' && c === '}') {
        stack.pop()
        i++
        expect = 'after'
        continue
      }
      if (c !== '"' || !string()) return i
      skipWhitespace()
      if (text[i] !== ':') return i
      i++
      expect = 'value'
    } else {
      const top = stack[stack.length - 1]
      if (top === undefined) return i < text.length ? i : null
      if (c === ',') expect = top === '[' ? 'value' : 'key'
      else if (c === (top === '[' ? ']' : '}')) stack.pop()
      else return i
      i++
    }
  }
}

function table(columns: string[], rows: CollectedRow[]): PreviewTable {
  return { columns, rowCount: rows.length, sample: rows.slice(0, SAMPLE_ROWS), rows }
}
