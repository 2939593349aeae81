import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { zipFiles } from '~/documents/zip.server'
import { portabilityPackage } from '~/domain/answer-documents'
import { paymentsAnswer } from '../docs-fixtures'

// The portability ZIP of an answer with `rows` data rows: its time (median
// of `runs` after a warm-up) and the peak memory of a fresh process that
// makes it once, against the peak of a fresh process that only builds the
// answer's input (the rows themselves, which any way of writing the ZIP must
// hold): the difference is what writing the ZIP costs, and it should not
// grow with the rows.

export type ZipBench = { rows: number; medianMs: number; peakRssMb: number; inputRssMb: number; zipOverInputMb: number; bytes: number }

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

async function makeZip(rows: number): Promise<Buffer> {
  const input = paymentsAnswer(rows, 'portability')
  return zipFiles(portabilityPackage(input), { mtime: input.answeredAt, timeZone: input.org.timeZone })
}

export async function benchZip(rows = 10_000, runs = 3): Promise<ZipBench> {
  const sample = await makeZip(rows)
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const started = performance.now()
    await makeZip(rows)
    times.push(performance.now() - started)
  }
  // Interleaved: the input alone, then the ZIP, each in a fresh process.
  const input: number[] = []
  const zip: number[] = []
  for (let i = 0; i < runs; i++) {
    input.push(peakRss('input', rows))
    zip.push(peakRss('zip', rows))
  }
  const peakRssMb = median(zip)
  const inputRssMb = median(input)
  return { rows, medianMs: median(times), peakRssMb, inputRssMb, zipOverInputMb: peakRssMb - inputRssMb, bytes: sample.byteLength }
}

/** Peak resident memory (MB) of a fresh process that builds the input (and, for 'zip', makes the ZIP) once. */
export function peakRss(what: 'input' | 'zip', rows: number): number {
  const out = execFileSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--peak', what, String(rows)], { encoding: 'utf8' })
  return Number(out.trim().split('\n').at(-1))
}

const args = process.argv.slice(2)
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (args[0] === '--peak') {
    const rows = Number(args[2])
    if (args[1] === 'zip') await makeZip(rows)
    else paymentsAnswer(rows, 'portability')
    console.log((process.resourceUsage().maxRSS / 1024).toFixed(1))
  } else {
    for (const rows of (args[0] ?? '1000,10000,100000').split(',').map(Number)) console.log(JSON.stringify(await benchZip(rows, Number(args[1] ?? 3))))
  }
}
