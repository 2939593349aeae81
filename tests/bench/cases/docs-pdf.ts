import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { renderLetter } from '~/documents/pdf.server'
import { accessLetter } from '~/domain/answer-documents'
import { barePdfTable } from '../bare-pdfkit'
import { PAYMENT_COLUMNS, paymentRows, paymentsAnswer } from '../docs-fixtures'

// The access PDF of an answer with `rows` data rows, against bare pdfkit
// drawing the same table with the same font (../bare-pdfkit.ts), interleaved
// in one process after a warm-up; and the peak memory of drawing it, in a
// process of its own (peak RSS never goes down, so it is measured fresh).

export type PdfBench = { rows: number; runs: number; portalMs: number[]; bareMs: number[]; portalMedianMs: number; bareMedianMs: number; ratio: number; peakRssMb: number; pages: number; bytes: number }

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

async function portalPdf(rows: number): Promise<Buffer> {
  return renderLetter(accessLetter(paymentsAnswer(rows, 'access')))
}

async function barePdf(rows: number): Promise<Buffer> {
  return barePdfTable(PAYMENT_COLUMNS, paymentRows(rows).map((r) => PAYMENT_COLUMNS.map((c) => r[c]!)))
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  await fn()
  return performance.now() - started
}

export async function benchPdf(rows = 1_000, runs = 5): Promise<PdfBench> {
  // Warm-up: fonts read, code compiled.
  const sample = await portalPdf(rows)
  await barePdf(rows)
  const portalMs: number[] = []
  const bareMs: number[] = []
  for (let i = 0; i < runs; i++) {
    // Interleaved, and alternating which goes first.
    if (i % 2 === 0) {
      portalMs.push(await time(() => portalPdf(rows)))
      bareMs.push(await time(() => barePdf(rows)))
    } else {
      bareMs.push(await time(() => barePdf(rows)))
      portalMs.push(await time(() => portalPdf(rows)))
    }
  }
  const pages = (sample.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length
  return { rows, runs, portalMs, bareMs, portalMedianMs: median(portalMs), bareMedianMs: median(bareMs), ratio: median(portalMs) / median(bareMs), peakRssMb: peakRss('pdf', rows), pages, bytes: sample.byteLength }
}

/** Peak resident memory (MB) of a fresh process that draws the document once. */
export function peakRss(what: 'pdf' | 'bare-pdf', rows: number): number {
  const out = execFileSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--peak', what, String(rows)], { encoding: 'utf8' })
  return Number(out.trim().split('\n').at(-1))
}

const args = process.argv.slice(2)
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (args[0] === '--peak') {
    const rows = Number(args[2])
    await (args[1] === 'pdf' ? portalPdf(rows) : barePdf(rows))
    console.log((process.resourceUsage().maxRSS / 1024).toFixed(1))
  } else {
    const result = await benchPdf(Number(args[0] ?? 1_000), Number(args[1] ?? 5))
    console.log(JSON.stringify({ ...result, bareRssMb: peakRss('bare-pdf', result.rows) }, null, 1))
  }
}
