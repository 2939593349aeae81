import { getTableName } from 'drizzle-orm'
import type { ConnectorConfig } from '#db/organisation-file'
import { answerDocuments, events, organisations, requests, tokens } from '#db/schema'
import { LIMITS, connectorCategory, fail, type CellValue, type Collected, type CollectedCategory, type Failure } from './collected'
import { resolveConnectorFile, type ConnectorFiles } from './files.server'
import { runQueriesInChild, type QueryResult } from './sqlite-process.server'

// A copy or replica of the organisation's own database, read with the
// queries its organisation file names, one per data category. The file must
// be in the portal's connector folder (./files.server.ts); it is opened
// read-only and each statement must be a read-only query as well: answering
// a request must never change the organisation's data. The person's
// identifiers are bound as named parameters, never spliced into SQL. The
// queries run in a process of their own, stopped at the connector's time
// limit (./sqlite-process.server.ts), so no query can stall the portal.

export type SqliteConnector = Extract<ConnectorConfig, { kind: 'sqlite' }>

/**
 * The live database is refused before anything is opened (./files.server.ts);
 * a copy of it, such as a backup left in the connector folder, is known by
 * these tables and refused before any query runs.
 */
const PORTAL_TABLES = ['__drizzle_migrations', ...[organisations, requests, events, tokens, answerDocuments].map((table) => getTableName(table))]

export async function runSqliteConnector(config: SqliteConnector, identifiers: Record<string, string | null>, where: ConnectorFiles): Promise<Collected> {
  const shown = config.file // as the organisation file wrote it: the server's own folders are nobody's business
  const file = resolveConnectorFile(config.file, where, fail('collection:errors.sqlite.fileMissing', { file: shown }))
  if (!file.ok) return file
  const job = { file: file.path, queries: config.queries.map((q) => q.sql), params: identifiers, maxRows: LIMITS.rows, portalTables: PORTAL_TABLES }
  const run = await runQueriesInChild(job, config.timeoutMs)
  if (!run.ok) {
    if (run.reason === 'timeout') return fail('collection:errors.sqlite.timeout', { seconds: config.timeoutMs / 1000 })
    return fail('collection:errors.sqlite.stopped')
  }
  const { reply } = run
  if ('crashed' in reply) return fail('collection:errors.sqlite.stopped')
  if ('portalDatabase' in reply) return fail('collection:errors.connector.portalDatabase', { file: shown })
  if ('open' in reply) {
    if (reply.open.code === 'SQLITE_CANTOPEN') return fail('collection:errors.sqlite.fileMissing', { file: shown })
    return fail('collection:errors.sqlite.unreadable', { file: shown, message: reply.open.message })
  }
  const collected: CollectedCategory[] = []
  for (const [i, query] of config.queries.entries()) {
    const result = readResult(shown, query.category, reply.results[i])
    if (!result.ok) return result
    collected.push(result.value)
  }
  return { ok: true, collected }
}

function readResult(file: string, category: string, result: QueryResult | undefined): { ok: true; value: CollectedCategory } | Failure {
  if (!result) return fail('collection:errors.sqlite.stopped')
  if ('notReadOnly' in result) return fail('collection:errors.sqlite.notReadOnly', { category })
  if ('error' in result) {
    const { code, message } = result.error
    // Reading a file that is not SQLite fails only at the first statement.
    if (code === 'SQLITE_NOTADB' || code?.startsWith('SQLITE_IOERR')) return fail('collection:errors.sqlite.unreadable', { file, message })
    // better-sqlite3 names the parameter only in its message.
    const missing = /^Missing named parameter "(.+)"$/.exec(message)
    if (missing) return fail('collection:errors.sqlite.missingParameter', { category, parameter: missing[1]! })
    return fail('collection:errors.sqlite.queryFailed', { category, message })
  }
  const rows: Array<Array<[string, CellValue]>> = []
  for (const values of result.rows) {
    if (rows.length === LIMITS.rows) return fail('collection:errors.connector.tooManyRows', { category, max: LIMITS.rows })
    const row: Array<[string, CellValue]> = []
    for (const [i, column] of result.columns.entries()) {
      const value = values[i]
      if (value instanceof Uint8Array) return fail('collection:errors.sqlite.binaryColumn', { category, column })
      row.push([column, typeof value === 'bigint' ? fromInteger(value) : (value as CellValue)])
    }
    rows.push(row)
  }
  return connectorCategory(category, rows)
}

/** A number when it is exact as one; otherwise its digits, as customer numbers and the like must stay exact. */
function fromInteger(value: bigint): number | string {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString()
}
