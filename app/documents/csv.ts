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

/**
 * csvDateTime and csvDate for many instants in one zone (an export's), with
 * the same text, at a fraction of the cost: the zone's offset is looked up
 * once per quarter of an hour (every change of a zone's offset falls on one),
 * not for every instant. Keep one for one export: it remembers the offsets it met.
 */
export function csvDates(timeZone: string): { dateTime: (instant: Date) => string; date: (instant: Date) => string } {
  // UTC is written with a Z by luxon: left to luxon, as any zone it does not know.
  const zone = DateTime.fromMillis(0, { zone: timeZone })
  if (!zone.isValid || zone.toISO()?.endsWith('Z')) return { dateTime: (i) => csvDateTime(i, timeZone), date: (i) => csvDate(i, timeZone) }
  const offsets = new Map<number, number>()
  const local = (instant: Date) => {
    const ms = instant.getTime()
    const quarter = Math.floor(ms / QUARTER_HOUR)
    let offset = offsets.get(quarter)
    if (offset === undefined) {
      offset = DateTime.fromMillis(quarter * QUARTER_HOUR, { zone: timeZone }).offset
      offsets.set(quarter, offset)
    }
    return { wall: new Date(ms + offset * 60_000), offset }
  }
  const day = (wall: Date) => `${wall.getUTCFullYear()}-${two(wall.getUTCMonth() + 1)}-${two(wall.getUTCDate())}`
  const usual = (instant: Date) => {
    const year = instant.getUTCFullYear()
    return year > 1000 && year < 9000
  }
  return {
    dateTime(instant) {
      if (!usual(instant)) return csvDateTime(instant, timeZone)
      const { wall, offset } = local(instant)
      const millis = wall.getUTCMilliseconds()
      const sign = offset < 0 ? '-' : '+'
      const abs = Math.abs(offset)
      return `${day(wall)}T${two(wall.getUTCHours())}:${two(wall.getUTCMinutes())}:${two(wall.getUTCSeconds())}${millis ? `.${String(millis).padStart(3, '0')}` : ''}${sign}${two(Math.floor(abs / 60))}:${two(abs % 60)}`
    },
    date(instant) {
      return usual(instant) ? day(local(instant).wall) : csvDate(instant, timeZone)
    },
  }
}

const QUARTER_HOUR = 15 * 60_000
const two = (n: number) => String(n).padStart(2, '0')

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
