import { runChild } from '../lib/child'
import { failedRow, withLoad, type BenchCase } from '../lib/context'
import { stats } from '../lib/stats'
import type { Row } from '../lib/table'

// Answer documents, each drawn in a process of its own (warmed by a small one
// first) so its peak memory is its own: the access PDF with 1,000 data rows
// against bare pdfkit drawing the same table with the same font, and the
// portability ZIP of 1k / 10k / 100k rows against a bare ZIP (yazl) of the
// same rows as JSON and CSV. Each pair interleaved. The rows a ZIP is given
// are an array its caller holds: what they take alone is measured too, so
// that "memory independent of size" is judged on what the ZIP adds to them.

async function pair(repeats: number, a: () => ReturnType<typeof runChild>, b: () => ReturnType<typeof runChild>) {
  const out = { a: [] as Awaited<ReturnType<typeof runChild>>[], b: [] as Awaited<ReturnType<typeof runChild>>[] }
  for (let i = 0; i < repeats; i++) {
    out.a.push(await a())
    out.b.push(await b())
  }
  return { time: { a: stats(out.a.map((r) => r.ms)), b: stats(out.b.map((r) => r.ms)) }, peak: { a: stats(out.a.map((r) => r.peakMb)), b: stats(out.b.map((r) => r.peakMb)) } }
}

export const documents: BenchCase = {
  name: 'documents',
  async run(ctx) {
    return withLoad(async () => {
      const rows: Row[] = []
      // A smoke run draws a tenth: it shows the case works, quickly.
      const pdfRows = ctx.smoke ? 100 : 1000
      try {
        const r = await pair(ctx.repeats, () => runChild('access-pdf', { rows: pdfRows }, ctx), () => runChild('bare-pdfkit', { rows: pdfRows }, ctx))
        rows.push(
          { case: 'documents', figure: `access PDF, ${pdfRows.toLocaleString('en-GB')} data rows, warm`, unit: 'ms', portal: r.time.a, baseline: r.time.b, baselineName: 'bare pdfkit, same table and font', targets: [{ on: 'value', op: '<', limit: 1000 }, { on: 'ratio', op: '<=', limit: 1.5 }] },
          { case: 'documents', figure: `access PDF, ${pdfRows.toLocaleString('en-GB')} data rows, peak memory of its process`, unit: 'MB', portal: r.peak.a, baseline: r.peak.b, baselineName: 'bare pdfkit', targets: [{ on: 'value', op: '<', limit: 200 }] },
        )
      } catch (error) {
        rows.push(failedRow('documents', 'access PDF', 'ms', error))
      }
      const sizes = ctx.smoke ? [1000] : [1000, 10_000, 100_000]
      const peaks: number[] = []
      const inputs: number[] = []
      for (const n of sizes) {
        const label = `${n / 1000}k`
        try {
          const r = await pair(ctx.repeats, () => runChild('portability-zip', { rows: n }, ctx), () => runChild('bare-zip', { rows: n }, ctx))
          const held: number[] = []
          for (let i = 0; i < ctx.repeats; i++) held.push(Number((await runChild('zip-input', { rows: n }, ctx)).heldMb))
          const input = stats(held).median
          peaks.push(r.peak.a.median)
          inputs.push(input)
          const inputGrowth = Math.max(0, input - inputs[0]!)
          rows.push(
            { case: 'documents', figure: `portability ZIP, ${label} rows`, unit: 'ms', portal: r.time.a, baseline: r.time.b, baselineName: 'bare yazl, same rows', targets: [{ on: 'value', op: '<', limit: 1000 }] },
            {
              case: 'documents',
              figure: `portability ZIP, ${label} rows, peak memory of its process`,
              unit: 'MB',
              portal: r.peak.a,
              baseline: r.peak.b,
              baselineName: 'bare yazl',
              // Memory independent of size: above the 1k figure of this run by no more than the rows given
              // take above theirs (held in a process of their own), and a quarter of that. A writer that held its output or
              // a copy of its input would not pass; the 1k figure itself is the process's floor, the same as bare yazl's.
              targets: peaks.length > 1 ? [{ on: 'value', op: '<=', limit: Math.round(peaks[0]! + inputGrowth * 1.25) }] : [],
              ...(peaks.length > 1 ? { note: `the ${label} rows alone take ${inputGrowth.toFixed(0)} MB more than 1k rows` } : {}),
            },
          )
        } catch (error) {
          rows.push(failedRow('documents', `portability ZIP, ${label} rows`, 'ms', error))
        }
      }
      return rows
    })
  },
}
