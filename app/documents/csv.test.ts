import { parse } from 'csv-parse/sync'
import { describe, expect, test } from 'vitest'
import { csvDate, csvDates, csvDateTime, csvHead, csvRows, csvText } from './csv'

describe('csvDateTime and csvDate', () => {
  test('write ISO 8601 in the zone given, with its offset, summer and winter', () => {
    expect(csvDateTime(new Date('2026-03-10T09:00:00Z'), 'Europe/Copenhagen')).toBe('2026-03-10T10:00:00+01:00')
    expect(csvDateTime(new Date('2026-07-01T21:30:05Z'), 'Europe/Helsinki')).toBe('2026-07-02T00:30:05+03:00')
    // The zone's calendar date, not UTC's.
    expect(csvDate(new Date('2026-07-01T22:30:00Z'), 'Europe/Oslo')).toBe('2026-07-02')
    expect(csvDate(new Date('2026-07-01T21:30:00Z'), 'Europe/Oslo')).toBe('2026-07-01')
  })
})

describe('csvText', () => {
  test('starts with a UTF-8 byte order mark and a header row, with CRLF line ends', () => {
    const csv = csvText(['name', 'city'], [['Søren Ærø', 'Åbenrå']])
    expect(csv.startsWith('\uFEFF')).toBe(true)
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]))
    expect(csv).toBe('\uFEFFname,city\r\nSøren Ærø,Åbenrå\r\n')
  })

  test('quotes commas, quotes and line breaks as RFC 4180 says, and reads back unchanged', () => {
    const rows = [['Áile Ŋuollaš Čiekču', 'a, b', 'she said "hei"', 'line one\nline two', 'carriage\r\nreturn']]
    const csv = csvText(['a', 'b', 'c', 'd', 'e'], rows)
    expect(csv).toContain('"a, b"')
    expect(csv).toContain('"she said ""hei"""')
    expect(csv).toContain('"line one\nline two"')
    expect(parse(csv, { bom: true, columns: false })).toEqual([['a', 'b', 'c', 'd', 'e'], ...rows])
  })

  test('writes numbers as numbers, booleans as true and false, and null as an empty cell', () => {
    const csv = csvText(['n', 'yes', 'no', 'missing'], [[42.5, true, false, null]])
    expect(csv.split('\r\n')[1]).toBe('42.5,true,false,')
  })

  test.each(['=HYPERLINK("http://evil.example")', '+47 00 00 00 05', '-2+3', '@SUM(A1)', '\tindent', '\rreturn'])(
    'neutralises a formula-like text cell: %j',
    (value) => {
      const [, row] = parse(csvText(['v'], [[value]]), { bom: true }) as string[][]
      expect(row).toEqual([`'${value}`])
    },
  )

  test('leaves negative numbers and ordinary text alone', () => {
    const [, row] = parse(csvText(['a', 'b', 'c'], [[-5, 'a=b', 'plain']]), { bom: true }) as string[][]
    expect(row).toEqual(['-5', 'a=b', 'plain'])
  })
})

describe('csvHead and csvRows', () => {
  test('joined, the parts are exactly the whole file', () => {
    const columns = ['name', 'note', 'n', 'ok']
    const rows = [
      ['Søren', '=1+1', -3, true],
      ['Line\nbreak', 'with "quotes", and a comma', 0, false],
      [null, '@home', 2.5, null],
    ]
    expect(csvHead(columns) + csvRows(rows.slice(0, 1)) + csvRows([]) + csvRows(rows.slice(1))).toBe(csvText(columns, rows))
    expect(csvHead(columns)).toBe('\uFEFFname,note,n,ok\r\n')
  })
})

describe('csvDates', () => {
  test('writes exactly what csvDateTime and csvDate write, across changes of offset, in zones with odd offsets too', () => {
    const zones = ['Europe/Copenhagen', 'America/St_Johns', 'Australia/Lord_Howe', 'Asia/Kolkata', 'UTC']
    const instants: Date[] = []
    // Every 10 hours and 13 seconds for two years, a millisecond now and then, and a few far years.
    for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2028, 0, 1); ms += 36_013_000) instants.push(new Date(ms + (ms % 7 === 0 ? 123 : 0)))
    instants.push(new Date('1970-01-01T00:00:00Z'), new Date('0999-06-01T12:00:00Z'), new Date('2999-03-26T01:00:00Z'))
    // And every 11 minutes through each day of 2026 on which a zone's offset changes.
    for (const zone of zones)
      for (let day = Date.UTC(2026, 0, 1); day < Date.UTC(2027, 0, 1); day += 86_400_000)
        if (csvDateTime(new Date(day), zone).slice(-6) !== csvDateTime(new Date(day + 86_400_000), zone).slice(-6)) for (let ms = day; ms < day + 86_400_000; ms += 660_000) instants.push(new Date(ms))
    for (const zone of zones) {
      const dates = csvDates(zone)
      for (const instant of instants) {
        expect(dates.dateTime(instant), `${zone} ${instant.toISOString()}`).toBe(csvDateTime(instant, zone))
        expect(dates.date(instant), `${zone} ${instant.toISOString()}`).toBe(csvDate(instant, zone))
      }
    }
  })
})
