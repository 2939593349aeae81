import type { CollectedRow, Withholding, WithholdReason } from '#db/schema'

// Art. 15(4): the copy must not adversely affect the rights and freedoms of
// others. An officer leaves out single rows or cells of the collected data,
// each with its reason; every document of the answer (the letter, its JSON,
// the portability package) is made from what is left, and the letter says
// how much was left out of which category and why, never what
// (docs/decisions/021). Pure.

export { WITHHOLD_REASONS, type Withholding, type WithholdReason } from '#db/schema'

/** What was left out of one table: how many rows, how many single values, for which reasons. */
export type LeftOut = { rows: number; cells: number; reasons: WithholdReason[] }

/** The rows without what was withheld: a withheld row is gone, a withheld cell's column is gone from its row. */
export function withoutWithheld(rows: readonly CollectedRow[], withheld: readonly Withholding[] | null): { rows: CollectedRow[]; leftOut: LeftOut } {
  const list = withheld ?? []
  const wholeRows = new Set(list.filter((w) => w.column === undefined).map((w) => w.row))
  const cells = new Map<number, Set<string>>()
  for (const w of list) if (w.column !== undefined && !wholeRows.has(w.row)) cells.set(w.row, (cells.get(w.row) ?? new Set()).add(w.column))
  const kept: CollectedRow[] = []
  let cellCount = 0
  rows.forEach((row, i) => {
    if (wholeRows.has(i)) return
    const out = cells.get(i)
    if (!out) return kept.push(row)
    const entries = Object.entries(row).filter(([column]) => !out.has(column))
    cellCount += Object.keys(row).length - entries.length
    kept.push(Object.fromEntries(entries))
  })
  const reasons = [...new Set(list.map((w) => w.reason))].sort()
  return { rows: kept, leftOut: { rows: [...wholeRows].filter((i) => i < rows.length).length, cells: cellCount, reasons } }
}

/**
 * Adds one withholding: a row (1-based, as the officer counts) or one of its
 * cells. Null with the problem when the row or column is not in the table.
 */
export function withhold(
  rows: readonly CollectedRow[],
  current: readonly Withholding[] | null,
  w: { row: number; column?: string; reason: WithholdReason },
): { ok: true; withheld: Withholding[] } | { ok: false; problem: 'noSuchRow' | 'noSuchColumn' } {
  const row = rows[w.row - 1]
  if (!row || !Number.isSafeInteger(w.row)) return { ok: false, problem: 'noSuchRow' }
  if (w.column !== undefined && !Object.hasOwn(row, w.column)) return { ok: false, problem: 'noSuchColumn' }
  const entry: Withholding = { row: w.row - 1, ...(w.column !== undefined ? { column: w.column } : {}), reason: w.reason }
  const others = (current ?? []).filter((x) => !(x.row === entry.row && x.column === entry.column))
  return { ok: true, withheld: [...others, entry] }
}
