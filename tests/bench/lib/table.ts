import os from 'node:os'
import type { Stats } from './stats'

// One row per figure of the benchmark table, its verdict, and the table as
// text (for the terminal) and as Markdown (for the README). Pure: the smoke
// test checks the verdicts on rows it makes up.

/** A target on the portal's own figure (`value`) or on its ratio to the baseline (`ratio` = portal / baseline). */
export type Target = { on: 'value' | 'ratio'; op: '<' | '<=' | '>=' | '>'; limit: number }

export type Load = { before: number; after: number }

export type Row = {
  /** The case module that made the row (`--only` takes its name). */
  case: string
  figure: string
  /** The unit of portal and baseline: 'req/s', 'ms', 'MB', 'journeys/s'. */
  unit: string
  portal: Stats | null
  baseline?: Stats | null
  /** What the baseline is: 'stub tree', 'one-page app', 'bare pdfkit'. */
  baselineName?: string
  targets: Target[]
  /**
   * Behaviour the figure depends on (every filed request present): a false one
   * is a miss in every mode; with `target`, it is one of the issue's targets
   * (the export streamed), a miss only where targets count.
   */
  checks?: Array<{ what: string; ok: boolean; target?: boolean }>
  /**
   * A measurement of the same run showing that the targets cannot be reached
   * on this machine whatever the portal does (the stub tree, with no code of
   * the portal's, itself falls short): when `holds` and a target is missed,
   * the row is "out of reach", shown with `proof`, not a miss. When the proof
   * does not hold, the targets count as on any row.
   */
  outOfReach?: { proof: string; holds: boolean }
  /** The thing to measure does not exist yet: what was measured instead. */
  error?: string
  /** The 1-minute load average before and after the row's runs. */
  load?: Load
  note?: string
}

export type Verdict = 'pass' | 'miss' | 'out of reach' | 'ran' | 'error'

/** The portal's median over the baseline's; null without a baseline. */
export function ratio(row: Row): number | null {
  if (!row.portal || !row.baseline) return null
  const r = row.portal.median / row.baseline.median
  return Number.isFinite(r) ? r : null
}

function holds(value: number, t: Target): boolean {
  switch (t.op) {
    case '<':
      return value < t.limit
    case '<=':
      return value <= t.limit
    case '>=':
      return value >= t.limit
    case '>':
      return value > t.limit
  }
}

/**
 * `enforce`: speed and memory targets count (a full run); without it (smoke)
 * a row passes on having a number and its checks holding.
 */
export function verdict(row: Row, opts: { enforce: boolean }): Verdict {
  if (row.error) return 'error'
  if (!row.portal || !Number.isFinite(row.portal.median)) return 'error'
  if (row.baseline !== undefined && (!row.baseline || !Number.isFinite(row.baseline.median))) return 'error'
  if (row.checks?.some((c) => !c.ok && !c.target)) return 'miss'
  if (!opts.enforce) return 'ran'
  if (row.checks?.some((c) => !c.ok)) return 'miss'
  for (const t of row.targets) {
    const value = t.on === 'value' ? row.portal.median : ratio(row)
    if (value === null || !holds(value, t)) return row.outOfReach?.holds ? 'out of reach' : 'miss'
  }
  return 'pass'
}

/** 0 when every row passes (full run), is shown out of reach by its own run, or ran (smoke); 1 on any miss or error. */
export function exitCode(rows: Row[], opts: { enforce: boolean }): number {
  const bad: Verdict[] = ['miss', 'error']
  return rows.length > 0 && rows.every((r) => !bad.includes(verdict(r, opts))) ? 0 : 1
}

// ---------------------------------------------------------------------------- formatting

function num(x: number): string {
  if (!Number.isFinite(x)) return '–'
  const abs = Math.abs(x)
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2
  return x.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits })
}

export function formatStats(s: Stats | null | undefined, unit: string): string {
  if (!s) return '–'
  const spread = s.n > 1 ? ` (${num(s.min)}–${num(s.max)})` : ''
  return `${num(s.median)} ${unit}${spread}`
}

export function formatTarget(t: Target, unit: string): string {
  return t.on === 'ratio' ? `${t.op} ${num(t.limit)}×` : `${t.op} ${num(t.limit)} ${unit}`
}

type Cells = { figure: string; portal: string; baseline: string; ratio: string; target: string; result: string; load: string }

function cells(row: Row, opts: { enforce: boolean }): Cells {
  const r = ratio(row)
  const v = verdict(row, opts)
  const failed = row.checks?.filter((c) => !c.ok).map((c) => c.what) ?? []
  const why = row.error ? `: ${row.error}` : failed.length ? `: ${failed.join('; ')}` : v === 'out of reach' ? `: ${row.outOfReach!.proof}` : ''
  return {
    figure: row.figure,
    portal: formatStats(row.portal, row.unit),
    baseline: row.baseline === undefined ? '–' : `${formatStats(row.baseline, row.unit)}${row.baselineName ? ` [${row.baselineName}]` : ''}`,
    ratio: r === null ? '–' : `${num(r)}×`,
    target: row.targets.map((t) => formatTarget(t, row.unit)).join(', ') || '–',
    result: `${v}${why}${row.note ? ` (${row.note})` : ''}`,
    load: row.load ? `${num(row.load.before)}→${num(row.load.after)}` : '–',
  }
}

const HEAD: Cells = { figure: 'figure', portal: 'portal', baseline: 'baseline', ratio: 'ratio', target: 'target', result: 'result', load: 'load' }
const COLUMNS = Object.keys(HEAD) as Array<keyof Cells>

export function textTable(rows: Row[], opts: { enforce: boolean }): string {
  const all = [HEAD, ...rows.map((r) => cells(r, opts))]
  const width = Object.fromEntries(COLUMNS.map((c) => [c, Math.max(...all.map((x) => x[c].length))])) as Record<keyof Cells, number>
  const line = (x: Cells) => COLUMNS.map((c) => x[c].padEnd(width[c])).join('  ').trimEnd()
  return [line(HEAD), COLUMNS.map((c) => '-'.repeat(width[c])).join('  '), ...all.slice(1).map(line)].join('\n')
}

export function markdownTable(rows: Row[], opts: { enforce: boolean; when: Date; mode: string }): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|')
  const cpus = os.cpus()
  const machine = `${cpus.length} × ${cpus[0]?.model.trim() ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}`
  return [
    `Benchmarks (${opts.mode}), ${opts.when.toISOString().slice(0, 16).replace('T', ' ')} UTC, ${machine}. Median of the runs (min–max); each portal run interleaved with its baseline's; load is the 1-minute load average before→after.`,
    '',
    `| ${COLUMNS.map((c) => HEAD[c]).join(' | ')} |`,
    `|${COLUMNS.map(() => '---').join('|')}|`,
    ...rows.map((r) => {
      const c = cells(r, opts)
      return `| ${COLUMNS.map((k) => esc(c[k])).join(' | ')} |`
    }),
    '',
  ].join('\n')
}
