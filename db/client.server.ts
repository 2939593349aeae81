import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import * as schema from './schema'

export type DB = BetterSQLite3Database<typeof schema> & { $client: Database.Database }
export type Tx = Parameters<Parameters<DB['transaction']>[0]>[0]

// Resolved from the working directory (the project root), because this module
// also runs from the bundled server build, where import.meta.url points elsewhere.
const MIGRATIONS = path.resolve('db/migrations')

/** Opens (creating if needed) the one SQLite file: WAL, foreign keys on, a busy timeout. */
export function openDatabase(file: string): DB {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
  const sqlite = new Database(file)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = NORMAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  return drizzle(sqlite, { schema }) as DB
}

export function migrateDatabase(db: DB, migrationsFolder = MIGRATIONS): void {
  migrate(db, { migrationsFolder })
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
