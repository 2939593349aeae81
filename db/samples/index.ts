import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'

export { samplePeople, type SamplePerson } from './people'

// Sample databases of fictional people, one per demo organisation, so that a demo
// answer shows real data. Each db/samples/<slug>.sql holds the schema and the
// INSERTs; the organisation file's sqlite connector reads sample.sqlite in the
// organisation's own folder of the portal's connector folder, CONNECTOR_DIR/<slug>/
// (see `connectors:` in db/organisations/<slug>.yaml). Nothing binary is committed:
// the .sqlite files are built from the .sql files.
//
// Dates in the .sql files are relative to SQLite's 'now' (the day the database is
// built), so retention periods hold whenever the demo is set up: the hotline's
// callers are at most 6 weeks old, the clinic's oldest journal entries more than
// 10 years. Pass `today` (YYYY-MM-DD) to build as of a fixed day instead.

// From the compiled CLI (build/server/cli.js) this module is not beside its
// .sql files: they are then found from the working directory, the project root.
const FROM_SOURCE = import.meta.url.endsWith('/db/samples/index.ts')
const SAMPLES_DIR = FROM_SOURCE ? path.dirname(fileURLToPath(import.meta.url)) : path.resolve('db/samples')

/** The file a demo organisation's connector reads, in its own folder of the portal's CONNECTOR_DIR. */
export function sampleDatabaseFile(connectorDir: string, slug: string): string {
  return path.join(connectorDir, slug, 'sample.sqlite')
}

/** The slugs that have a sample database: one db/samples/<slug>.sql each. */
export function sampleSlugs(): string[] {
  return fs
    .readdirSync(SAMPLES_DIR)
    .filter((f) => /^[a-z0-9]+(?:-[a-z0-9]+)*\.sql$/.test(f))
    .map((f) => f.slice(0, -'.sql'.length))
    .sort()
}

/**
 * (Re)creates <connectorDir>/<slug>/sample.sqlite from each db/samples/<slug>.sql
 * and returns the paths. An existing file is replaced, never appended to.
 */
export function buildSampleDatabases(connectorDir: string, options: { today?: string } = {}): string[] {
  const { today } = options
  if (today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new Error(`today: expected YYYY-MM-DD, got "${today}"`)
  return sampleSlugs().map((slug) => {
    let sql = fs.readFileSync(path.join(SAMPLES_DIR, `${slug}.sql`), 'utf8').normalize('NFC')
    if (today) sql = sql.replaceAll("'now'", `'${today}'`)
    const file = sampleDatabaseFile(connectorDir, slug)
    fs.mkdirSync(path.dirname(file), { recursive: true })
    for (const suffix of ['', '-journal', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true })
    const db = new Database(file)
    try {
      db.exec('BEGIN')
      db.exec(sql)
      db.exec('COMMIT')
    } catch (error) {
      db.close()
      fs.rmSync(file, { force: true })
      throw new Error(`db/samples/${slug}.sql: ${(error as Error).message}`)
    }
    db.close()
    return file
  })
}

// `npx tsx db/samples/index.ts [outDir]` builds them from the command line.
if (FROM_SOURCE && process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const file of buildSampleDatabases(process.argv[2] ?? (process.env.CONNECTOR_DIR || 'data/connectors'))) console.log(file)
}
