import Database from 'better-sqlite3'
import path from 'node:path'
import { SERVER_SCRIPT, type BaselineName } from '../baselines/build'
import { portalCommand, ROOT } from './portal'
import { freePort } from '../../support/ports'
import { load1, startServer, type Spawned } from './processes'
import type { Load, Row } from './table'

// What every case gets: the mode, the databases, the builds, and how to start
// the portal and the baselines.

export type Running = Spawned & { startedInMs: number }

export type BenchContext = {
  smoke: boolean
  /** Interleaved repetitions of each measurement (smoke: 1). */
  repeats: number
  /** Seconds of load per autocannon run. */
  seconds: number
  /** Smoke: a load run ends after this many answers instead, however long they take. */
  amount?: number
  /** Requests per latency run (a p95 is taken over them). */
  samples: number
  /** BENCH_ENV: the keys that open the benchmark databases. */
  env: Record<string, string>
  /** Working copies of the databases (smoke: the same small one twice). */
  db: { small: string; large: string }
  /** Labels of the two databases in figures: "1k" and "1M" (smoke: "smoke"). */
  label: { small: string; large: string }
  portalBuild: string
  baselineBuild: Record<BaselineName, string>
  /** Scratch folder of this run. */
  work: string
  log: (line: string) => void
  /**
   * Smoke runs share one server per database and baseline between cases (their
   * stop() does nothing; the run stops them at its end). Cases that measure a
   * fresh server (memory, a first export) ask for `fresh`, which a smoke run
   * ignores (its figures only show the case works); start-up asks for 'always'.
   */
  shared: Map<string, Running> | null
}

type Fresh = { fresh?: boolean | 'always' }

async function shared(ctx: BenchContext, key: string, fresh: Fresh['fresh'], start: () => Promise<Running>): Promise<Running> {
  if (!ctx.shared || fresh === 'always') return start()
  let server = ctx.shared.get(key)
  if (!server) {
    server = await start()
    ctx.shared.set(key, server)
  }
  return { ...server, stop: async () => {} }
}

/** Stops the servers a smoke run shared. */
export async function stopShared(ctx: BenchContext): Promise<void> {
  for (const server of ctx.shared?.values() ?? []) await server.stop()
  ctx.shared?.clear()
}

/** The portal on a database, started as production starts it (./portal.ts portalCommand). */
export async function startPortal(ctx: BenchContext, dbFile: string, o: Fresh = {}): Promise<Running> {
  return shared(ctx, `portal:${dbFile}`, o.fresh, () => spawnPortal(ctx, dbFile))
}

async function spawnPortal(ctx: BenchContext, dbFile: string): Promise<Running> {
  const port = await freePort()
  const { command, args, env } = portalCommand(ctx.portalBuild)
  const { VITEST: _, VITEST_MODE: __, VITEST_POOL_ID: ___, VITEST_WORKER_ID: ____, ...inherited } = process.env
  return startServer({
    command,
    args,
    cwd: ROOT,
    env: {
      ...inherited,
      ...ctx.env,
      ...env,
      DATABASE_PATH: dbFile,
      CONNECTOR_DIR: path.join(ctx.work, 'connectors'),
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      INBOUND_SMTP_PORT: '',
      SMTP_URL: '',
      // The generated outbox's waiting emails do not all open (a defect of the
      // generator): the dev mailbox's worker would retry them every two seconds
      // all through the run, which is no figure of the portal's.
      OUTBOX_INTERVAL_MS: '3600000',
    },
    url: `http://127.0.0.1:${port}`,
    firstPage: '/en',
  })
}

/** A baseline app, started with plain `node`. */
export async function startBaseline(ctx: BenchContext, name: BaselineName, o: Fresh = {}): Promise<Running> {
  return shared(ctx, `baseline:${name}`, o.fresh, () => spawnBaseline(ctx, name))
}

async function spawnBaseline(ctx: BenchContext, name: BaselineName): Promise<Running> {
  const port = await freePort()
  return startServer({ command: process.execPath, args: [SERVER_SCRIPT, ctx.baselineBuild[name], String(port)], cwd: ROOT, env: { ...process.env, NODE_ENV: 'production' }, url: `http://127.0.0.1:${port}`, firstPage: '/' })
}

/** Runs `fn` with servers started and stops them whatever happens. */
export async function withServers<T extends Record<string, Running>, R>(start: { [K in keyof T]: () => Promise<T[K]> }, fn: (servers: T) => Promise<R>): Promise<R> {
  const started: Partial<T> = {}
  try {
    for (const key of Object.keys(start) as Array<keyof T>) started[key] = await start[key]()
    return await fn(started as T)
  } finally {
    for (const s of Object.values(started) as Running[]) await s.stop()
  }
}

/** The load average around `fn`, put on every row it returns. */
export async function withLoad(fn: () => Promise<Row[]>): Promise<Row[]> {
  const before = load1()
  const rows = await fn()
  const load: Load = { before, after: load1() }
  return rows.map((r) => ({ ...r, load: r.load ?? load }))
}

/** The organisation with the most requests (the generator's big one), read directly from the file. */
export function busiestOrganisation(dbFile: string): { id: number; slug: string; processor: boolean } {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true })
  try {
    const row = db
      .prepare('select o.id as id, o.slug as slug, o.kind as kind from organisations o where o.id = (select org_id from requests group by org_id order by count(*) desc limit 1)')
      .get() as { id: number; slug: string; kind?: string } | undefined
    const any = row ?? (db.prepare('select id, slug, kind from organisations order by id limit 1').get() as { id: number; slug: string; kind?: string })
    return { id: any.id, slug: any.slug, processor: any.kind === 'processor' }
  } finally {
    db.close()
  }
}

/** Counts rows with a raw connection (the portal may be serving the file meanwhile). */
export function countRows(dbFile: string, sql: string, ...params: unknown[]): number {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true })
  try {
    return (db.prepare(sql).pluck().get(...params) as number) ?? 0
  } finally {
    db.close()
  }
}

/** A row for a case that could not run: the error stands in the table instead of a number. */
export function failedRow(caseName: string, figure: string, unit: string, error: unknown): Row {
  const message = error instanceof Error ? error.message.split('\n')[0]! : String(error)
  return { case: caseName, figure, unit, portal: null, targets: [], error: message.slice(0, 200) }
}

/** One module of the benchmark: its rows of the table. `name` is what `--only` takes. */
export type BenchCase = { name: string; run(ctx: BenchContext): Promise<Row[]> }
