import path from 'node:path'
import Database from 'better-sqlite3'
import type { ConnectorConfig } from '#db/organisation-file'
import { LIMITS, connectorCategory, fail, type CellValue, type Collected, type CollectedCategory, type Failure } from './collected'

// A copy or replica of the organisation's own database, read with the
// queries its organisation file names, one per data category. The file is
// opened read-only and each statement must be a read-only query as well:
// answering a request must never change the organisation's data. The
// person's identifiers are bound as named parameters, never spliced into SQL.

export type SqliteConnector = Extract<ConnectorConfig, { kind: 'sqlite' }>

export function runSqliteConnector(config: SqliteConnector, identifiers: Record<string, string | null>, opts: { baseDir?: string } = {}): Collected {
  const file = path.resolve(opts.baseDir ?? process.cwd(), config.file)
  let db: Database.Database
  try {
    db = new Database(file, { readonly: true, fileMustExist: true })
  } catch (error) {
    if (codeOf(error) === 'SQLITE_CANTOPEN') return fail('collection:errors.sqlite.fileMissing', { file })
    return fail('collection:errors.sqlite.unreadable', { file, message: messageOf(error) })
  }
  try {
    const collected: CollectedCategory[] = []
    for (const query of config.queries) {
      const result = runQuery(db, file, query, identifiers)
      if (!result.ok) return result
      collected.push(result.value)
    }
    return { ok: true, collected }
  } finally {
    db.close()
  }
}

function runQuery(db: Database.Database, file: string, query: SqliteConnector['queries'][number], identifiers: Record<string, string | null>): { ok: true; value: CollectedCategory } | Failure {
  const { category } = query
  const failed = (error: unknown): Failure => {
    const code = codeOf(error)
    // Reading a file that is not SQLite fails only at the first statement.
    if (code === 'SQLITE_NOTADB' || code?.startsWith('SQLITE_IOERR')) return fail('collection:errors.sqlite.unreadable', { file, message: messageOf(error) })
    // better-sqlite3 names the parameter only in its message.
    const missing = /^Missing named parameter "(.+)"$/.exec(messageOf(error))
    if (missing) return fail('collection:errors.sqlite.missingParameter', { category, parameter: missing[1]! })
    return fail('collection:errors.sqlite.queryFailed', { category, message: messageOf(error) })
  }
  let statement: Database.Statement
  try {
    statement = db.prepare(query.sql)
  } catch (error) {
    return failed(error)
  }
  // `reader` alone would let INSERT … RETURNING through; `readonly` alone, ATTACH.
  if (!statement.reader || !statement.readonly) return fail('collection:errors.sqlite.notReadOnly', { category })
  const columns = statement.columns().map((c) => c.name)
  // Rows as arrays, so that two columns with one name are both seen (an
  // object would keep the last), and integers as bigint, so that none loses digits.
  statement.raw(true).safeIntegers(true)
  const rows: Array<Array<[string, CellValue]>> = []
  try {
    for (const values of statement.iterate(identifiers) as IterableIterator<unknown[]>) {
      // One row past the limit is enough to refuse; the rest is never read.
      if (rows.length === LIMITS.rows) return fail('collection:errors.connector.tooManyRows', { category, max: LIMITS.rows })
      const row: Array<[string, CellValue]> = []
      for (const [i, column] of columns.entries()) {
        const value = values[i]
        if (value instanceof Uint8Array) return fail('collection:errors.sqlite.binaryColumn', { category, column })
        row.push([column, typeof value === 'bigint' ? fromInteger(value) : (value as CellValue)])
      }
      rows.push(row)
    }
  } catch (error) {
    return failed(error)
  }
  return connectorCategory(category, rows)
}

/** A number when it is exact as one; otherwise its digits, as customer numbers and the like must stay exact. */
function fromInteger(value: bigint): number | string {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString()
}

function codeOf(error: unknown): string | undefined {
  return error instanceof Database.SqliteError ? error.code : undefined
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
