import fs from 'node:fs'
import path from 'node:path'
import { BASELINES, buildBaseline, type BaselineName } from './baselines/build'
import { csvExport } from './cases/csv-export'
import { documents } from './cases/documents'
import { jobs } from './cases/jobs'
import { journeys } from './cases/journeys'
import { memory } from './cases/memory'
import { officerViews } from './cases/officer-views'
import { pages } from './cases/pages'
import { startup } from './cases/startup'
import { stopShared, type BenchCase, type BenchContext } from './lib/context'
import { benchEnv, ensureDatabase, workingCopy } from './lib/data'
import { ensurePortalBuild, ROOT } from './lib/portal'
import { killAll } from './lib/processes'
import { exitCode, markdownTable, textTable, type Row } from './lib/table'

// `npm run bench`: every figure of the benchmark table, each against its
// baseline measured in the same run, interleaved, with its target and pass or
// miss; exits 1 on any miss. `--smoke`: a tiny database, one repetition, about
// a second a case, targets not enforced (every case must still give a number).
// `--only <case>[,<case>]`, `--data <dir>` (holding 1k.sqlite and 1m.sqlite;
// default .bench/data, generated when missing), `--repeats <n>`, `--seconds <n>`.
// The table is printed and written as Markdown to .bench/last.md.

/** In the order they run: the purge, which may erase what is due, comes last. */
export const CASES: BenchCase[] = [pages, journeys, officerViews, csvExport, startup, memory, documents, jobs]

export type BenchOptions = {
  smoke: boolean
  only?: string[]
  dataDir?: string
  repeats?: number
  seconds?: number
  /** A portal build to use as it is (the test run's, once it is complete); otherwise build/, made when stale. */
  portalBuild?: Promise<string>
  benchDir?: string
  log?: (line: string) => void
}

/** The smoke database: a few hundred requests over a few organisations (the full ones have 200). */
export const SMOKE_REQUESTS = 300
export const SMOKE_ORGANISATIONS = 10

export function parseArgs(argv: string[]): BenchOptions {
  const o: BenchOptions = { smoke: false }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    const value = () => {
      const v = argv[++i]
      if (v === undefined) throw new Error(`${a} needs a value`)
      return v
    }
    if (a === '--smoke') o.smoke = true
    else if (a === '--only') o.only = value().split(',')
    else if (a === '--data') o.dataDir = path.resolve(value())
    else if (a === '--repeats') o.repeats = Number(value())
    else if (a === '--seconds') o.seconds = Number(value())
    else throw new Error(`unknown option ${a}; options: --smoke, --only <case>, --data <dir>, --repeats <n>, --seconds <n>`)
  }
  const unknown = o.only?.filter((name) => !CASES.some((c) => c.name === name)) ?? []
  if (unknown.length) throw new Error(`unknown case ${unknown.join(', ')}; cases: ${CASES.map((c) => c.name).join(', ')}`)
  return o
}

export async function runBench(o: BenchOptions): Promise<{ rows: Row[]; code: number; text: string; markdown: string; markdownFile: string }> {
  const log = o.log ?? ((line: string) => console.error(`bench: ${line}`))
  const benchDir = o.benchDir ?? path.join(ROOT, '.bench')
  const work = path.join(benchDir, 'work', String(process.pid))
  const env = benchEnv()
  const cases = CASES.filter((c) => !o.only || o.only.includes(c.name))
  // The builds and the databases at once: a test run's build may still be running meanwhile.
  const databases = async (): Promise<{ db: BenchContext['db']; label: BenchContext['label'] }> => {
    if (o.smoke) {
      const source = await ensureDatabase(path.join(benchDir, 'smoke.sqlite'), SMOKE_REQUESTS, { organisations: SMOKE_ORGANISATIONS, fresh: true, log })
      const copy = workingCopy(source, path.join(work, 'smoke.sqlite'))
      return { db: { small: copy, large: copy }, label: { small: 'smoke', large: 'smoke' } }
    }
    const dataDir = o.dataDir ?? path.join(benchDir, 'data')
    const small = await ensureDatabase(path.join(dataDir, '1k.sqlite'), 1000, { log })
    const large = await ensureDatabase(path.join(dataDir, '1m.sqlite'), 1_000_000, { log })
    log('copying the databases (a run never changes the files it is given)')
    return { db: { small: workingCopy(small, path.join(work, '1k.sqlite')), large: workingCopy(large, path.join(work, '1m.sqlite')) }, label: { small: '1k', large: '1M' } }
  }
  const [portalBuild, { db, label }, ...built] = await Promise.all([o.portalBuild ?? ensurePortalBuild(log), databases(), ...BASELINES.map((b) => buildBaseline(b, { benchDir, log }))])
  const baselineBuild = Object.fromEntries(BASELINES.map((b, i) => [b, built[i]!])) as Record<BaselineName, string>
  const ctx: BenchContext = {
    smoke: o.smoke,
    repeats: o.repeats ?? (o.smoke ? 1 : 3),
    seconds: o.seconds ?? (o.smoke ? 0.5 : 5),
    amount: o.smoke ? 30 : undefined,
    samples: o.smoke ? 5 : 40,
    env,
    db,
    label,
    portalBuild,
    baselineBuild,
    work,
    log,
    shared: o.smoke ? new Map() : null,
  }
  const rows: Row[] = []
  try {
    for (const c of cases) {
      log(`${c.name}…`)
      const t = performance.now()
      const caseRows = await c.run(ctx)
      rows.push(...caseRows)
      // Each case's rows as they come: an interrupted run keeps what it measured.
      log(`${c.name}: ${((performance.now() - t) / 1000).toFixed(1)} s\n${textTable(caseRows, { enforce: !o.smoke })}`)
    }
  } finally {
    await stopShared(ctx)
    fs.rmSync(work, { recursive: true, force: true })
  }
  const enforce = !o.smoke
  const text = textTable(rows, { enforce })
  const markdown = markdownTable(rows, { enforce, when: new Date(), mode: o.smoke ? 'smoke' : `${ctx.repeats} runs each` })
  fs.mkdirSync(benchDir, { recursive: true })
  const markdownFile = path.join(benchDir, o.smoke ? 'last-smoke.md' : 'last.md')
  fs.writeFileSync(markdownFile, markdown)
  return { rows, code: exitCode(rows, { enforce }), text, markdown, markdownFile }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      killAll()
      process.exit(130)
    })
  }
  const result = await runBench(parseArgs(process.argv.slice(2)))
  console.log(result.text)
  console.log(`\nMarkdown: ${path.relative(process.cwd(), result.markdownFile)}`)
  process.exit(result.code)
}
