import fs from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it, test } from 'vitest'
import { COLLECTION_MESSAGES, expectFailure, render } from '~/data/connectors/test-support'
import { LANGUAGES } from '~/vocabulary'
import {
  LIMITS,
  MAX_NESTING,
  SAMPLE_ROWS,
  applyMapping,
  collectedData,
  parseUpload,
  type CategorisedPreview,
  type ListPreview,
  type UploadResult,
} from './collected-data'

const CATEGORIES = ['contact-details', 'orders', 'newsletter']
const SAMI = 'Áile Ŋuollaš Čiekču'
const BOM = [0xef, 0xbb, 0xbf]

const bytesOf = (content: string | number[]) => (typeof content === 'string' ? new TextEncoder().encode(content) : Uint8Array.from(content))
const upload = (filename: string, content: string | number[] | Uint8Array) =>
  parseUpload({ filename, bytes: content instanceof Uint8Array ? content : bytesOf(content), categories: CATEGORIES })

function list(result: UploadResult): ListPreview {
  if (!result.ok) throw new Error(`expected a preview, got ${JSON.stringify(result.error)}`)
  if (result.preview.shape !== 'list') throw new Error('expected a list preview')
  return result.preview
}

function categorised(result: UploadResult): CategorisedPreview {
  if (!result.ok) throw new Error(`expected a preview, got ${JSON.stringify(result.error)}`)
  if (result.preview.shape !== 'categorised') throw new Error('expected a preview by category')
  return result.preview
}

describe('CSV', () => {
  it('reads a comma-separated file with a header, quoted fields and every Nordic and Sámi letter kept', () => {
    const csv = [
      'name,email,note',
      `${SAMI},aile@example.no,"Ringte, og spurgte om ""brevet"""`,
      'Søren Ærø Åberg,soren@example.dk,"Første linje',
      'anden linje"',
      'Päivi Öhman,paivi@example.fi,',
    ].join('\n')
    const preview = list(upload('export.csv', csv))
    expect(preview).toMatchObject({ format: 'csv', filename: 'export.csv', categoryChoices: CATEGORIES })
    expect(preview.table.columns).toEqual(['name', 'email', 'note'])
    expect(preview.table.rowCount).toBe(3)
    expect(preview.table.rows).toEqual([
      { name: SAMI, email: 'aile@example.no', note: 'Ringte, og spurgte om "brevet"' },
      { name: 'Søren Ærø Åberg', email: 'soren@example.dk', note: 'Første linje\nanden linje' },
      { name: 'Päivi Öhman', email: 'paivi@example.fi', note: '' },
    ])
  })

  it('detects the semicolons Nordic spreadsheets write, with decimal commas in the values', () => {
    const preview = list(upload('ordrer.csv', `navn;by;beløb\r\n${SAMI};Guovdageaidnu;12,50\r\n"Hansen; Jens";Aarhus;7\r\n`))
    expect(preview.table.columns).toEqual(['navn', 'by', 'beløb'])
    expect(preview.table.rows).toEqual([
      { navn: SAMI, by: 'Guovdageaidnu', beløb: '12,50' },
      { navn: 'Hansen; Jens', by: 'Aarhus', beløb: '7' },
    ])
  })

  it('decides the delimiter from the header line, outside quotes only', () => {
    expect(list(upload('x.csv', '"a;b",c\n1,2\n')).table.columns).toEqual(['a;b', 'c'])
    expect(list(upload('x.csv', '\r\n\na;b\n1,5;2,5\n')).table.rows).toEqual([{ a: '1,5', b: '2,5' }])
  })

  it('reads a file that mixes line breaks, and counts lines as an editor does', () => {
    expect(list(upload('x.csv', 'a;b\r\n1;2\n3;4\r5;6\r\n')).table.rows).toEqual([
      { a: '1', b: '2' },
      { a: '3', b: '4' },
      { a: '5', b: '6' },
    ])
    expectFailure(upload('x.csv', 'a;b\r\n1;"x\r\ny"\r\n3\r\n'), 'collection:errors.csv.ragged', { line: 4, expected: 2, found: 1 })
  })

  it('takes a file with a byte order mark, without the mark in the first column name', () => {
    const preview = list(upload('excel.csv', [...BOM, ...bytesOf(`navn;email\n${SAMI};aile@example.no\n`)]))
    expect(preview.table.columns).toEqual(['navn', 'email'])
    expect(preview.table.rows[0]).toEqual({ navn: SAMI, email: 'aile@example.no' })
  })

  it('skips blank lines and the empty lines spreadsheets leave at the end', () => {
    const preview = list(upload('x.csv', 'a;b\n\n1;2\n;\n;;\n\n'))
    expect(preview.table.rows).toEqual([{ a: '1', b: '2' }])
  })

  it('accepts a header without rows: nothing held in this category', () => {
    expect(list(upload('x.csv', 'name,email\n')).table).toEqual({ columns: ['name', 'email'], rowCount: 0, sample: [], rows: [] })
  })

  it('normalises values and names: NFC, control, direction and zero-width characters stripped, line breaks and tabs kept, trimmed', () => {
    const decomposed = SAMI.normalize('NFD')
    expect(decomposed).not.toBe(SAMI)
    const csv = `" Na\u0301vn\u200b ",note\n${decomposed},"  Linje 1\r\nLinje\u0007 2\u001b\u0085\tslut\u007f\u202e  "\n`
    const preview = list(upload('x.csv', csv))
    expect(preview.table.columns).toEqual(['Návn', 'note'])
    expect(preview.table.rows).toEqual([{ Návn: SAMI, note: 'Linje 1\nLinje 2\tslut' }])
  })

  it('shows the first rows and counts them all', () => {
    const rows = Array.from({ length: 12 }, (_, i) => `${i + 1},person${i + 1}@example.dk`)
    const preview = list(upload('x.csv', ['id,email', ...rows].join('\n')))
    expect(preview.table.rowCount).toBe(12)
    expect(preview.table.sample).toHaveLength(SAMPLE_ROWS)
    expect(preview.table.sample.map((r) => r.id)).toEqual(['1', '2', '3', '4', '5'])
    expect(preview.table.rows).toHaveLength(12)
  })

  it.each([
    ['too few values', 'a,b,c\n1,2,3\n4,5\n', { line: 3, expected: 3, found: 2 }],
    ['too many values', 'a;b\n1;2\n3;4;5\n', { line: 3, expected: 2, found: 3 }],
    ['a quoted line break before the short row', 'a,b\n"x\ny",2\n3\n', { line: 4, expected: 2, found: 1 }],
  ])('refuses a ragged row (%s) with its line', (_, csv, values) => {
    expectFailure(upload('x.csv', csv), 'collection:errors.csv.ragged', values)
  })

  it.each([
    ['an unclosed quote', 'a,b\n1,"2\n3,4\n'],
    ['text after a closing quote', 'a,b\n1,"2"x\n'],
    ['a quote inside an unquoted value', 'a,b\n1,2 "x"\n'],
  ])('refuses %s with its line', (_, csv) => {
    const error = expectFailure(upload('x.csv', csv), 'collection:errors.csv.quotes')
    expect(error.values?.line).toBeGreaterThanOrEqual(2)
  })

  it('refuses a column without a name, and two columns with one name', () => {
    expectFailure(upload('x.csv', 'a,,c\n1,2,3\n'), 'collection:errors.csv.emptyColumnName', { column: 2 })
    expectFailure(upload('x.csv', 'email, email\n1,2\n'), 'collection:errors.csv.duplicateColumn', { column: 'email' })
  })
})

describe('files that are not what they claim', () => {
  it.each([
    ['no bytes at all', []],
    ['only white space', bytesOf(' \n\r\n\t')],
    ['only a byte order mark', BOM],
    ['only empty spreadsheet lines', bytesOf(';;\n;;\n')],
  ])('refuses an empty file: %s', (_, bytes) => {
    expectFailure(upload('x.csv', bytes), 'collection:errors.empty')
  })

  it('refuses text in Windows-1252, as Excel saves a plain CSV', () => {
    // "navn\nSøren" with ø as the single byte 0xF8
    expectFailure(upload('x.csv', [0x6e, 0x61, 0x76, 0x6e, 0x0a, 0x53, 0xf8, 0x72, 0x65, 0x6e]), 'collection:errors.notUtf8')
  })

  it('refuses UTF-16, as Excel saves "Unicode text"', () => {
    const utf16 = [0xff, 0xfe, ...[...'navn\nSøren'].flatMap((c) => [c.charCodeAt(0), 0])]
    expectFailure(upload('x.csv', utf16), 'collection:errors.notUtf8')
  })

  it('recognises a PDF renamed .csv', () => {
    expectFailure(upload('export.csv', bytesOf('%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n')), 'collection:errors.pdf')
  })

  it.each([
    ['an .xlsx workbook', [0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]],
    ['an old .xls workbook', [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0x00]],
  ])('recognises %s renamed .csv', (_, bytes) => {
    expectFailure(upload('export.csv', bytes), 'collection:errors.spreadsheet')
  })

  it('refuses binary data that happens to be valid UTF-8', () => {
    expectFailure(upload('x.csv', [0x61, 0x2c, 0x62, 0x0a, 0x00, 0x00, 0x01, 0x02]), 'collection:errors.binary')
  })

  it('refuses a file that is neither .csv nor .json, by name', () => {
    expectFailure(upload('export.xml', '<people/>'), 'collection:errors.unsupportedType', { filename: 'export.xml' })
  })

  it('reads the format from the name whatever its case', () => {
    expect(upload('EXPORT.CSV', 'a\n1\n').ok).toBe(true)
    expect(upload('Export.Json', '[]').ok).toBe(true)
  })
})

describe('limits', () => {
  it(`accepts ${LIMITS.bytes} bytes and ${LIMITS.rows} rows, and refuses one byte more`, () => {
    const rows = Array.from({ length: LIMITS.rows }, () => 'x'.repeat(523))
    const csv = `a\n${rows.join('\n')}\n`
    const padded = csv.slice(0, -1) + 'y'.repeat(LIMITS.bytes - csv.length) + '\n'
    expect(padded.length).toBe(LIMITS.bytes)
    expect(list(upload('x.csv', padded)).table.rowCount).toBe(LIMITS.rows)
    expectFailure(upload('x.csv', padded + ' '), 'collection:errors.tooLarge', { maxMegabytes: 5 })
  })

  it(`refuses more than ${LIMITS.rows} rows in a CSV file`, () => {
    const csv = `a\n${Array.from({ length: LIMITS.rows + 1 }, (_, i) => i).join('\n')}\n`
    expectFailure(upload('x.csv', csv), 'collection:errors.tooManyRows', { max: LIMITS.rows })
  })

  it(`accepts ${LIMITS.columns} columns and refuses more`, () => {
    const header = (n: number) => Array.from({ length: n }, (_, i) => `c${i + 1}`).join(',')
    const row = (n: number) => Array.from({ length: n }, () => 'v').join(',')
    expect(list(upload('x.csv', `${header(LIMITS.columns)}\n${row(LIMITS.columns)}\n`)).table.columns).toHaveLength(LIMITS.columns)
    expectFailure(upload('x.csv', `${header(LIMITS.columns + 1)}\n${row(LIMITS.columns + 1)}\n`), 'collection:errors.tooManyColumns', {
      max: LIMITS.columns,
      found: LIMITS.columns + 1,
    })
  })

  it(`accepts ${LIMITS.cellCharacters} characters in a cell, counting characters, not UTF-16 units, and refuses more`, () => {
    expect(list(upload('x.csv', `a\n${'x'.repeat(LIMITS.cellCharacters)}\n`)).table.rowCount).toBe(1)
    // Outside the Basic Multilingual Plane, each character is two UTF-16 units.
    expect(list(upload('x.csv', `a\n${'𝔸'.repeat(LIMITS.cellCharacters)}\n`)).table.rowCount).toBe(1)
    expectFailure(upload('x.csv', `id,note\n1,ok\n2,${'x'.repeat(LIMITS.cellCharacters + 1)}\n`), 'collection:errors.csv.cellTooLong', {
      line: 3,
      column: 'note',
      max: LIMITS.cellCharacters,
    })
  })

  it('measures a cell after normalisation: surrounding spaces do not count', () => {
    expect(upload('x.csv', `a\n"  ${'x'.repeat(LIMITS.cellCharacters)}  "\n`).ok).toBe(true)
  })

  it(`refuses more than ${LIMITS.rows} rows in a JSON file, counted over all its categories`, () => {
    const half = (n: number) => Array.from({ length: n }, () => ({ a: 1 }))
    expectFailure(upload('x.json', JSON.stringify(half(LIMITS.rows + 1))), 'collection:errors.tooManyRows', { max: LIMITS.rows })
    const split = { 'contact-details': half(LIMITS.rows / 2), orders: half(LIMITS.rows / 2 + 1) }
    expectFailure(upload('x.json', JSON.stringify(split)), 'collection:errors.tooManyRows', { max: LIMITS.rows })
  })

  it('counts the columns of a JSON list over all its rows', () => {
    const rows = Array.from({ length: LIMITS.columns + 1 }, (_, i) => ({ [`field${i}`]: i }))
    expectFailure(upload('x.json', JSON.stringify(rows)), 'collection:errors.tooManyColumns', { max: LIMITS.columns, found: LIMITS.columns + 1 })
    expectFailure(upload('x.json', JSON.stringify({ orders: rows })), 'collection:errors.json.tooManyColumnsIn', {
      category: 'orders',
      max: LIMITS.columns,
      found: LIMITS.columns + 1,
    })
  })

  it('refuses a long JSON value, naming the record and, when there is one, the category', () => {
    const long = 'x'.repeat(LIMITS.cellCharacters + 1)
    expectFailure(upload('x.json', JSON.stringify([{ a: 1 }, { note: long }])), 'collection:errors.json.cellTooLong', {
      row: 2,
      column: 'note',
      max: LIMITS.cellCharacters,
    })
    expectFailure(upload('x.json', JSON.stringify({ newsletter: [{ note: long }] })), 'collection:errors.json.cellTooLongIn', {
      category: 'newsletter',
      row: 1,
      column: 'note',
      max: LIMITS.cellCharacters,
    })
  })
})

describe('JSON', () => {
  it('reads a list of records as one table for the officer to place, keeping the types of values', () => {
    const data = [
      { name: SAMI, age: 41, subscribed: true, phone: null },
      { name: 'Jens Hansen', email: 'jens@example.dk' },
    ]
    const preview = list(upload('export.json', JSON.stringify(data, null, 2)))
    expect(preview.format).toBe('json')
    expect(preview.table.columns).toEqual(['name', 'age', 'subscribed', 'phone', 'email'])
    expect(preview.table.rows).toEqual(data)
  })

  it('reads an object by category key as tables already placed', () => {
    const data = { 'contact-details': [{ name: SAMI, email: 'aile@example.no' }], orders: [{ item: 'Lue', amount: 249.5 }, { item: 'Votter', amount: 199 }] }
    const preview = categorised(upload('export.json', [...BOM, ...bytesOf(JSON.stringify(data))]))
    expect(preview.tables).toEqual([
      { category: 'contact-details', columns: ['name', 'email'], rowCount: 1, sample: data['contact-details'], rows: data['contact-details'] },
      { category: 'orders', columns: ['item', 'amount'], rowCount: 2, sample: data.orders, rows: data.orders },
    ])
    expect(collectedData(preview)).toEqual([
      { category: 'contact-details', rows: data['contact-details'] },
      { category: 'orders', rows: data.orders },
    ])
  })

  it('flattens objects inside a row into dotted names', () => {
    const preview = list(upload('x.json', JSON.stringify([{ name: SAMI, address: { street: 'Bievllaš 3', city: 'Kárášjohka', geo: { lat: 69.47 } } }])))
    expect(preview.table.rows).toEqual([{ name: SAMI, 'address.street': 'Bievllaš 3', 'address.city': 'Kárášjohka', 'address.geo.lat': 69.47 }])
  })

  it('refuses a list inside a row, and objects nested deeper than the limit', () => {
    expectFailure(upload('x.json', JSON.stringify([{ a: 1 }, { name: 'x', tags: ['a', 'b'] }])), 'collection:errors.json.nested', { row: 2, column: 'tags' })
    let deep: Record<string, unknown> = { leaf: 1 }
    for (let i = 0; i < MAX_NESTING; i++) deep = { n: deep }
    expect(upload('x.json', JSON.stringify([deep])).ok).toBe(true)
    expectFailure(upload('x.json', JSON.stringify({ orders: [{ n: deep }] })), 'collection:errors.json.nestedIn', {
      category: 'orders',
      row: 1,
      column: 'n.'.repeat(MAX_NESTING + 1).slice(0, -1),
    })
  })

  it('reports category keys that are not in the register, by name', () => {
    expectFailure(upload('x.json', JSON.stringify({ orders: [], 'secret-notes': [], name: 'Áile' })), 'collection:errors.json.unknownCategories', {
      categories: 'secret-notes, name',
      known: CATEGORIES.join(', '),
    })
  })

  it('refuses a category that is not a list, and a record that is not an object', () => {
    expectFailure(upload('x.json', JSON.stringify({ orders: { item: 'Lue' } })), 'collection:errors.json.notList', { category: 'orders' })
    expectFailure(upload('x.json', JSON.stringify([{ a: 1 }, ['a', 1]])), 'collection:errors.json.rowNotObject', { row: 2 })
    expectFailure(upload('x.json', JSON.stringify({ orders: [null] })), 'collection:errors.json.rowNotObjectIn', { category: 'orders', row: 1 })
  })

  it.each(['"just text"', '42', 'null', 'true'])('refuses a file whose top level is %s', (json) => {
    expectFailure(upload('x.json', json), 'collection:errors.json.shape')
  })

  it('refuses names that are empty or the same once normalised', () => {
    expectFailure(upload('x.json', JSON.stringify([{ ' ': 1 }])), 'collection:errors.json.emptyColumnName', { row: 1 })
    expectFailure(upload('x.json', JSON.stringify([{ email: 1, ' email ': 2 }])), 'collection:errors.json.duplicateColumn', { row: 1, column: 'email' })
    expectFailure(upload('x.json', JSON.stringify({ orders: [{ 'a.b': 1, a: { b: 2 } }] })), 'collection:errors.json.duplicateColumnIn', {
      category: 'orders',
      row: 1,
      column: 'a.b',
    })
    expectFailure(upload('x.json', JSON.stringify({ orders: [{ '\u0007': 1 }] })), 'collection:errors.json.emptyColumnNameIn', { category: 'orders', row: 1 })
  })

  it('normalises strings, including what escapes produce', () => {
    const json = '[{"note": "  ring\\u0007 igen\\r\\ni morgen\\u0000 \\ud800 ", "name": "A\\u0301ile"}]'
    expect(list(upload('x.json', json)).table.rows).toEqual([{ note: 'ring igen\ni morgen \uFFFD', name: 'Áile' }])
  })

  it('keeps a field called __proto__ as data', () => {
    const rows = list(upload('x.json', '[{"__proto__": "x", "name": "y"}]')).table.rows
    expect(Object.getPrototypeOf(rows[0])).toBe(Object.prototype)
    expect(Object.entries(rows[0]!)).toEqual([
      ['__proto__', 'x'],
      ['name', 'y'],
    ])
  })

  it.each([
    ['a missing value', '[\n  {"navn": }\n]', { line: 2, column: 12 }],
    ['a trailing comma', '[{"a": 1},\n]', { line: 2, column: 1 }],
    ['a missing bracket', '[{"a": 1}', { line: 1, column: 10 }],
    ['single quotes', "{'orders': []}", { line: 1, column: 2 }],
    ['text after the value', '[]\n\nx', { line: 3, column: 1 }],
    ['a line break inside a string', '[{"a": "x\ny"}]', { line: 1, column: 10 }],
    ['a bad escape', '[{"a": "\\x"}]', { line: 1, column: 10 }],
    ['a leading zero', '[{"a": 01}]', { line: 1, column: 9 }],
  ])('refuses invalid JSON (%s) with the line and character', (_, json, values) => {
    expectFailure(upload('x.json', json), 'collection:errors.json.invalid', values)
  })

  it('finds the same position as V8 whenever V8 names one', () => {
    const mutated = fc
      .tuple(fc.json(), fc.nat(), fc.constantFrom('', ',', '}', ']', '"', ':', '{', '[', '1', 'x', '\\', '\n'))
      .map(([json, at, insert]) => {
        const i = at % (json.length + 1)
        return json.slice(0, i) + insert + json.slice(i + (at % 2))
      })
    fc.assert(
      fc.property(mutated, (text) => {
        let position: number | null = null
        try {
          JSON.parse(text)
          return
        } catch (error) {
          const match = /at position (\d+)/.exec((error as Error).message)
          if (match) position = Number(match[1])
        }
        const result = upload('x.json', text)
        if (text.trim() === '') return
        const error = expectFailure(result, 'collection:errors.json.invalid')
        if (position === null) return
        const before = text.slice(0, position)
        expect(error.values).toEqual({ line: before.split('\n').length, column: position - before.lastIndexOf('\n') })
      }),
      { numRuns: 500 },
    )
  })
})

describe('choosing the category', () => {
  it('places a list in the category the officer chooses, ready to attach', () => {
    const preview = list(upload('x.csv', `name;email\n${SAMI};aile@example.no\n`))
    const mapped = applyMapping(preview, { category: 'contact-details' })
    if (!mapped.ok) throw new Error('expected the mapping to succeed')
    expect(mapped.preview).toMatchObject({ shape: 'categorised', format: 'csv', filename: 'x.csv' })
    expect(collectedData(mapped.preview)).toEqual([{ category: 'contact-details', rows: [{ name: SAMI, email: 'aile@example.no' }] }])
  })

  it('refuses a category that is not in the register', () => {
    const preview = list(upload('x.json', '[{"a": 1}]'))
    expectFailure(applyMapping(preview, { category: 'secret-notes' }), 'collection:errors.unknownCategory', { category: 'secret-notes' })
  })
})

describe('any input', () => {
  const KNOWN = new Set(Object.keys(flatten(COLLECTION_MESSAGES.en)).map((k) => `collection:${k}`))
  const filenames = fc.constantFrom('x.csv', 'x.json', 'x.CSV', 'x.pdf', 'x')

  function check(filename: string, bytes: Uint8Array) {
    const result = parseUpload({ filename, bytes, categories: CATEGORIES })
    if (!result.ok) expect(KNOWN, `an error key for ${filename}`).toContain(result.error.key)
    else if (result.preview.shape === 'list') expect(result.preview.table.rowCount).toBe(result.preview.table.rows.length)
  }

  test('any bytes give a preview or a known error, never an exception', () => {
    fc.assert(fc.property(filenames, fc.uint8Array({ maxLength: 3000 }), (filename, bytes) => check(filename, bytes)), { numRuns: 1000 })
  })

  test('any text gives a preview or a known error, never an exception', () => {
    const texts = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.array(fc.array(fc.constantFrom('a', 'Á', ',', ';', '"', '\n', '\r\n', ' ', '\t', '\u0007', ''), { maxLength: 20 }).map((l) => l.join('')), { maxLength: 12 }).map((ls) => ls.join('\n')),
      fc.json(),
    )
    fc.assert(fc.property(filenames, texts, (filename, text) => check(filename, new TextEncoder().encode(text))), { numRuns: 1000 })
  })
})

function flatten(tree: object, prefix = ''): Record<string, string> {
  return Object.fromEntries(
    Object.entries(tree).flatMap(([key, value]) => {
      const name = prefix ? `${prefix}.${key}` : key
      return typeof value === 'string' ? [[name, value]] : Object.entries(flatten(value as object, name))
    }),
  )
}

describe('the collection messages', () => {
  const sources = ['app/domain/collected-data.ts', 'app/domain/answers.server.ts', ...fs.readdirSync('app/data/connectors').filter((f) => /\.ts$/.test(f) && !/test/.test(f)).map((f) => `app/data/connectors/${f}`)]
  const used = new Set(sources.flatMap((file) => [...fs.readFileSync(file, 'utf8').matchAll(/'collection:(errors\.[\w.]+)'/g)].map((m) => m[1]!)))
  const english = flatten(COLLECTION_MESSAGES.en)

  it('has a message for every key the code uses, and no message the code does not use', () => {
    expect(used.size).toBeGreaterThan(40)
    expect([...used].filter((key) => !(key in english))).toEqual([])
    expect(Object.keys(english).filter((key) => !used.has(key))).toEqual([])
  })

  test.each(LANGUAGES)('%s has the English keys, with the same placeholders and formats', (lang) => {
    const texts = flatten(COLLECTION_MESSAGES[lang])
    expect(Object.keys(texts).sort()).toEqual(Object.keys(english).sort())
    const formats = (s: string) => [...s.matchAll(/\{\{([^}]*)\}\}/g)].map((m) => m[1]!.replace(/\s/g, '')).sort()
    for (const [key, text] of Object.entries(texts)) expect(formats(text), `${lang}: ${key}`).toEqual(formats(english[key]!))
  })

  it('writes numbers as each language does', () => {
    const texts = render({ key: 'collection:errors.tooManyRows', values: { max: LIMITS.rows } })
    expect(texts.da).toContain('10.000')
    expect(texts.en).toContain('10,000')
    expect(texts.fi).toMatch(/10\s000/)
    expect(texts.no).toMatch(/10\s000/)
  })
})
