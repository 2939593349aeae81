import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import * as schema from './schema'

export type DB = BetterSQLite3Database<typeof schema> & { $client: Database.Database }
export type Tx = Parameters<Parameters<DB['transaction']>[0]>[0]

/**
 * A transaction that writes: BEGIN IMMEDIATE takes the write lock at once, so
 * what it read cannot change before it writes (a deferred one would fail with
 * SQLITE_BUSY half-way instead of waiting on the busy timeout).
 */
export const write = <T>(db: DB, fn: (tx: Tx) => T): T => db.transaction(fn, { behavior: 'immediate' })

// Resolved from the working directory (the project root), because this module
// also runs from the bundled server build, where import.meta.url points elsewhere.
const MIGRATIONS = path.resolve('db/migrations')

/** Opens (creating if needed) the one SQLite file: WAL, foreign keys on, a busy timeout, deleted data overwritten. */
export function openDatabase(file: string): DB {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
  // The busy timeout comes first: switching to WAL already needs the lock, and
  // a CLI command beside a busy server would otherwise fail at once.
  const sqlite = new Database(file, { timeout: 5000 })
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = NORMAL')
  sqlite.pragma('foreign_keys = ON')
  // Freed pages are zeroed, so deleted rows do not linger in the file.
  sqlite.pragma('secure_delete = ON')
  keepStatements(sqlite)
  return drizzle(sqlite, { schema }) as DB
}

/**
 * Something made once per connection, such as drizzle prepared queries for a
 * hot path: `perConnection(make)(db)` makes it at the first call for that db.
 */
export function perConnection<T>(make: (db: DB) => T): (db: DB) => T {
  const made = new WeakMap<DB, T>()
  return (db) => {
    let value = made.get(db)
    if (value === undefined) made.set(db, (value = make(db)))
    return value
  }
}

/** Compiled statements kept per connection, the most recently used first to stay. */
export const KEPT_STATEMENTS = 500

/**
 * Drizzle prepares every query anew, and SQLite compiles each: an insert into
 * requests, with its 18 indexes and its triggers, took a millisecond to
 * compile and less to run. The connection keeps what it compiled, by SQL
 * text, and hands it out again: reset to give rows as objects (drizzle turns
 * `raw` on when it maps columns itself, and never off), and never while it is
 * still stepping through rows (a new one is compiled then).
 */
function keepStatements(sqlite: Database.Database) {
  const compile = sqlite.prepare.bind(sqlite)
  const kept = new Map<string, Database.Statement>()
  sqlite.prepare = ((source: string) => {
    const statement = kept.get(source)
    if (statement && !statement.busy) {
      kept.delete(source)
      kept.set(source, statement)
      if (statement.reader) statement.raw(false).pluck(false).expand(false)
      return statement
    }
    const fresh = compile(source)
    if (!statement) {
      kept.set(source, fresh)
      if (kept.size > KEPT_STATEMENTS) kept.delete(kept.keys().next().value!)
    }
    return fresh
  }) as typeof sqlite.prepare
}

/**
 * Databases made before the schema's baseline of December 2026 held personal
 * data in clear and cannot be upgraded in place: they are refused with a
 * message saying what to do (docs/decisions/010-encryption-at-rest.md).
 */
function refusePreBaseline(db: DB) {
  const sqlite = db.$client
  const table = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'").get()
  if (!table) return
  const hasEventsHash = sqlite.prepare("SELECT 1 FROM pragma_table_info('events') WHERE name = 'hash'").get()
  const hasEvents = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'").get()
  if (hasEvents && !hasEventsHash) {
    throw new Error(
      `${sqlite.name} was made by a development version of the portal from before personal data was encrypted at rest, and cannot be upgraded. Move it away (it holds only demo data) and run "npm run demo" again.`,
    )
  }
}

export function migrateDatabase(db: DB, migrationsFolder = MIGRATIONS): void {
  refusePreBaseline(db)
  // SQLite changes a column by rebuilding its table; with foreign keys on, the
  // DROP of the old table would cascade into every row that refers to it (a
  // request's messages, its name terms). The pragma is ignored inside the
  // migrations' transaction, so it is set around it, and the keys are checked after.
  // The check reads every row that refers to another (seconds at a million
  // requests), so it runs only when a migration was applied.
  const sqlite = db.$client
  sqlite.pragma('foreign_keys = OFF')
  try {
    const before = appliedMigrations(db)
    migrate(db, { migrationsFolder })
    if (appliedMigrations(db) === before) return
    const broken = sqlite.pragma('foreign_key_check') as unknown[]
    if (broken.length) throw new Error(`${sqlite.name}: ${broken.length} rows refer to rows that are missing after the migration`)
  } finally {
    sqlite.pragma('foreign_keys = ON')
  }
}

/** How many migrations the database has had (none before the first). */
function appliedMigrations(db: DB): number {
  const sqlite = db.$client
  if (!sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'").get()) return 0
  return (sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number }).n
}

// One connection per file for the process. Kept on globalThis so that the
// server bundle and code loaded beside it (CLI, tests) share it.
const KEY = Symbol.for('rights-portal.db')
const g = globalThis as unknown as Record<symbol, Map<string, DB> | undefined>
const open = (g[KEY] ??= new Map())

/** The database at DATABASE_PATH, opened and migrated on first use. */
export function getDb(file = process.env.DATABASE_PATH || 'data/portal.sqlite'): DB {
  const key = path.resolve(file)
  let db = open.get(key)
  if (!db) {
    db = openDatabase(file)
    migrateDatabase(db)
    open.set(key, db)
  }
  return db
}

export function closeDb(file = process.env.DATABASE_PATH || 'data/portal.sqlite'): void {
  const key = path.resolve(file)
  open.get(key)?.$client.close()
  open.delete(key)
}
