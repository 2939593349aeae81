import { stringify } from 'csv-stringify/sync'
import { DateTime } from 'luxon'

export type CsvValue = string | number | boolean | null

/**
 * A CSV file as spreadsheet programs read it: a header row, RFC 4180 quoting
 * and CRLF line ends, UTF-8 with a byte order mark (without it Excel reads
 * æ ø å as mojibake). Text starting with = + - @, tab or CR gets a leading
 * apostrophe, so that a value a person once typed is never run as a formula
 * when they open their own data; numbers, negative ones too, stay numbers.
 */
/**
 * An instant as a spreadsheet and a program both read it, whatever the
 * officer's language: ISO 8601 in the organisation's zone, with its offset
 * ("2026-03-10T10:00:00+01:00"). `date` gives the zone's calendar date only.
 */
export function csvDateTime(instant: Date, timeZone: string): string {
  return DateTime.fromJSDate(instant, { zone: timeZone }).toISO({ suppressMilliseconds: true })!
}

export function csvDate(instant: Date, timeZone: string): string {
  return DateTime.fromJSDate(instant, { zone: timeZone }).toISODate()!
}

const OPTIONS = {
  record_delimiter: 'windows',
  // Given a record delimiter, csv-stringify would leave a bare \n in a cell unquoted; RFC 4180 quotes any line break.
  quote_record_delimiter: true,
  escape_formulas: true,
  // csv-stringify writes true as 1 and false as an empty cell; a reader could not tell false from missing.
  cast: { boolean: (value: boolean) => (value ? 'true' : 'false') },
} as const

export function csvText(columns: string[], rows: CsvValue[][]): string {
  return csvHead(columns) + csvRows(rows)
}

/**
 * A CSV file written in parts, so that a long one never has to be whole in
 * memory: csvHead(columns), then csvRows(...) for each batch of rows. The
 * parts joined are exactly csvText(columns, allRows).
 */
export function csvHead(columns: string[]): string {
  return stringify([], { ...OPTIONS, bom: true, header: true, columns })
}

export function csvRows(rows: CsvValue[][]): string {
  return rows.length === 0 ? '' : stringify(rows, OPTIONS)
}
