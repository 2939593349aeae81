import { spawn, type ChildProcess } from 'node:child_process'
import { createRequire } from 'node:module'

// An organisation's queries run in a process of their own, never on the
// server's event loop, and are killed when they take longer than the
// connector's time limit. Not a worker thread: SQLite runs a query in native
// code, where a worker's terminate() cannot reach, so a runaway query would
// keep its thread (and the server's exit) forever; SIGKILL ends any query.
// better-sqlite3 exposes neither sqlite3_interrupt nor a progress handler.
//
// The child's code is plain JavaScript in a string, run with `node -e`: it
// needs no TypeScript transform and no file beside the server bundle, so it
// runs the same under vitest, tsx and the production build. It gets no
// environment (none of the portal's secrets), and the person's identifiers
// come over the IPC channel, never on the command line where `ps` shows them.

const CHILD = String.raw`
'use strict'
const errorOf = (error) => ({ code: error && typeof error.code === 'string' ? error.code : undefined, message: error instanceof Error ? error.message : String(error) })
function run(Database, job) {
  let db
  try {
    db = new Database(job.file, { readonly: true, fileMustExist: true })
  } catch (error) {
    return { open: errorOf(error) }
  }
  const results = []
  try {
    // A copy of the portal's own database (a backup left in the folder) is known by its tables.
    const marks = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN (" + job.portalTables.map(() => '?').join(', ') + ')').get(...job.portalTables)
    if (marks.n === job.portalTables.length) return { portalDatabase: true }
    for (const sql of job.queries) {
      let statement
      try {
        statement = db.prepare(sql)
      } catch (error) {
        results.push({ error: errorOf(error) })
        break
      }
      // 'reader' alone would let INSERT … RETURNING through; 'readonly' alone, ATTACH.
      if (!statement.reader || !statement.readonly) {
        results.push({ notReadOnly: true })
        break
      }
      const columns = statement.columns().map((c) => c.name)
      // Rows as arrays, so two columns with one name are both seen; integers as bigint, exact.
      statement.raw(true).safeIntegers(true)
      const rows = []
      try {
        for (const values of statement.iterate(job.params)) {
          rows.push(values)
          // One row past the limit is enough to refuse; the rest is never read.
          if (rows.length > job.maxRows) break
        }
      } catch (error) {
        results.push({ error: errorOf(error) })
        break
      }
      results.push({ columns, rows })
    }
  } catch (error) {
    results.push({ error: errorOf(error) })
  } finally {
    db.close()
  }
  return { results }
}
process.once('message', (job) => {
  let reply
  try {
    reply = run(require(job.driver), job)
  } catch (error) {
    reply = { crashed: errorOf(error) }
  }
  process.send(reply, () => process.disconnect())
})
`

type SqliteProblem = { code?: string; message: string }
export type QueryResult = { error: SqliteProblem } | { notReadOnly: true } | { columns: string[]; rows: unknown[][] }
export type ChildReply = { open: SqliteProblem } | { crashed: SqliteProblem } | { portalDatabase: true } | { results: QueryResult[] }
export type Job = {
  file: string
  queries: string[]
  params: Record<string, string | null>
  maxRows: number
  /** Tables that together say a file is a copy of the portal's own database. */
  portalTables: string[]
}

const driver = createRequire(import.meta.url).resolve('better-sqlite3')
const running = new Set<ChildProcess>()

/** Runs the queries in a child process; 'timeout' when it was killed at the limit, 'stopped' when it died on its own. */
export function runQueriesInChild(job: Job, timeoutMs: number): Promise<{ ok: true; reply: ChildReply } | { ok: false; reason: 'timeout' | 'stopped' }> {
  return new Promise((resolve) => {
    if (running.size === 0) process.once('exit', killAll)
    const child: ChildProcess = spawn(process.execPath, ['--max-old-space-size=512', '-e', CHILD], {
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
      serialization: 'advanced', // bigint and binary values arrive as they are
      env: {} as NodeJS.ProcessEnv,
    })
    running.add(child)
    let settled = false
    const finish = (result: { ok: true; reply: ChildReply } | { ok: false; reason: 'timeout' | 'stopped' }) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      running.delete(child)
      if (running.size === 0) process.removeListener('exit', killAll)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      resolve(result)
    }
    const timer = setTimeout(() => finish({ ok: false, reason: 'timeout' }), timeoutMs)
    child.once('message', (reply) => finish({ ok: true, reply: reply as ChildReply }))
    child.once('error', () => finish({ ok: false, reason: 'stopped' }))
    // 'close', not 'exit': it comes after the IPC channel has delivered everything the child sent.
    child.once('close', () => finish({ ok: false, reason: 'stopped' }))
    child.send({ ...job, driver })
  })
}

/** A query still running when the server exits would otherwise outlive it. */
function killAll() {
  for (const child of running) child.kill('SIGKILL')
}
