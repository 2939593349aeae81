import { describe, expect, it } from 'vitest'
import { withhold, withoutWithheld } from './withholding'

// What an officer leaves out of a copy under Art. 15(4): gone from the rows
// the documents are made of, counted, with its reasons; a row or column that
// is not there cannot be left out.

const rows = [
  { name: 'Áile', note: 'Naboen Jens ringte', phone: '+47 00 00 10 01' },
  { name: 'Áile', note: 'Kontroll', phone: null },
  { name: 'Áile', note: 'Faktura', phone: null },
]

describe('leaving things out of the copy', () => {
  it('drops a withheld row and a withheld cell, and counts each once', () => {
    let list = withhold(rows, null, { row: 1, column: 'note', reason: 'other_person' })
    if (!list.ok) throw new Error('refused')
    list = withhold(rows, list.withheld, { row: 3, reason: 'trade_secret' })
    if (!list.ok) throw new Error('refused')
    // The same cell twice is one.
    list = withhold(rows, list.withheld, { row: 1, column: 'note', reason: 'other_person' })
    if (!list.ok) throw new Error('refused')
    const copy = withoutWithheld(rows, list.withheld)
    expect(copy.rows).toEqual([{ name: 'Áile', phone: '+47 00 00 10 01' }, rows[1]])
    expect(copy.leftOut).toEqual({ rows: 1, cells: 1, reasons: ['other_person', 'trade_secret'] })
    expect(JSON.stringify(copy.rows)).not.toContain('Naboen')
  })

  it('counts a cell of a withheld row with the row, not again', () => {
    const copy = withoutWithheld(rows, [{ row: 0, reason: 'other_person' }, { row: 0, column: 'note', reason: 'other_person' }])
    expect(copy.leftOut).toEqual({ rows: 1, cells: 0, reasons: ['other_person'] })
    expect(copy.rows).toHaveLength(2)
  })

  it('refuses a row or a column that is not in the table', () => {
    expect(withhold(rows, null, { row: 4, reason: 'other_person' })).toEqual({ ok: false, problem: 'noSuchRow' })
    expect(withhold(rows, null, { row: 0, reason: 'other_person' })).toEqual({ ok: false, problem: 'noSuchRow' })
    expect(withhold(rows, null, { row: 1, column: 'email', reason: 'other_person' })).toEqual({ ok: false, problem: 'noSuchColumn' })
    expect(withhold(rows, null, { row: 1, column: '__proto__', reason: 'other_person' })).toEqual({ ok: false, problem: 'noSuchColumn' })
  })

  it('leaves everything in the copy when nothing is withheld', () => {
    expect(withoutWithheld(rows, null)).toEqual({ rows, leftOut: { rows: 0, cells: 0, reasons: [] } })
  })
})
