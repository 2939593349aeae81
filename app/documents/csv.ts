import { stringify } from 'csv-stringify/sync'

export type CsvValue = string | number | boolean | null

/**
 * A CSV file as spreadsheet programs read it: a header row, RFC 4180 quoting
 * and CRLF line ends, UTF-8 with a byte order mark (without it Excel reads
 * æ ø å as mojibake). Text starting with = + - @, tab or CR gets a leading
 * apostrophe, so that a value a person once typed is never run as a formula
 * when they open their own data; numbers, negative ones too, stay numbers.
 */
export function csvText(columns: string[], rows: CsvValue[][]): string {
  return stringify(rows, {
    bom: true,
    header: true,
    columns,
    record_delimiter: 'windows',
    // Given a record delimiter, csv-stringify would leave a bare \n in a cell unquoted; RFC 4180 quotes any line break.
    quote_record_delimiter: true,
    escape_formulas: true,
    // csv-stringify writes true as 1 and false as an empty cell; a reader could not tell false from missing.
    cast: { boolean: (value) => (value ? 'true' : 'false') },
  })
}
