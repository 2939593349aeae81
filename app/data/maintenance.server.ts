import fs from 'node:fs'
import Database from 'better-sqlite3'
import type { DB } from '#db/client.server'
import { SEALED_COLUMNS } from '#db/sealed'
import '#db/schema'
import { currentKeyId, seal, sealBytes, sealedKeyId, unseal, unsealBytes } from '~/utils/crypto.server'

// Work on the database file as a whole: sealing every value again under the
// current key, and online backups.

/**
 * Re-seals, in short transactions of `batch` rows, every sealed value not
 * under the current data key, so the portal keeps serving meanwhile. Returns
 * how many values it re-sealed, per column.
 */
export function resealAll(db: DB, batch = 500): Record<string, number> {
  const sqlite = db.$client
  const keyId = currentKeyId()
  const done: Record<string, number> = {}
  for (const col of SEALED_COLUMNS) {
    let count = 0
    const prefix = col.kind === 'blob' ? null : `v1.${keyId}.`
    // Rows not yet under the current key, by rowid, a batch at a time.
    const select = sqlite.prepare(
      col.kind === 'blob'
        ? `select rowid as id, "${col.column}" as value from "${col.table}" where "${col.column}" is not null and rowid > ? order by rowid limit ?`
        : `select rowid as id, "${col.column}" as value from "${col.table}" where "${col.column}" is not null and substr("${col.column}", 1, ${prefix!.length}) != ? and rowid > ? order by rowid limit ?`,
    )
    const update = sqlite.prepare(`update "${col.table}" set "${col.column}" = ? where rowid = ? and "${col.column}" = ?`)
    let after = 0
    for (;;) {
      const rows = (col.kind === 'blob' ? select.all(after, batch) : select.all(prefix, after, batch)) as Array<{ id: number; value: string | Buffer }>
      if (rows.length === 0) break
      sqlite.transaction(() => {
        for (const row of rows) {
          after = row.id
          if (sealedKeyId(row.value) === keyId) continue
          const next = typeof row.value === 'string' ? seal(unseal(row.value, col.context), col.context) : sealBytes(unsealBytes(row.value, col.context), col.context)
          // Compare-and-set: a value the portal changed meanwhile is already under the current key.
          count += update.run(next, row.id, row.value).changes
        }
      }).immediate()
    }
    done[col.context] = count
  }
  return done
}

/** Values sealed with each key id, over every sealed column: what rotation has left to do. */
export function sealedKeyCounts(db: DB): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const col of SEALED_COLUMNS) {
    const rows = db.$client.prepare(`select "${col.column}" as value from "${col.table}" where "${col.column}" is not null`).all() as Array<{ value: string | Buffer }>
    for (const { value } of rows) {
      const id = sealedKeyId(value) ?? 'unsealed'
      counts[id] = (counts[id] ?? 0) + 1
    }
  }
  return counts
}

/** An online copy of the whole database (SQLite's backup API), consistent while the portal writes. */
export async function backupTo(db: DB, file: string): Promise<{ pages: number }> {
  if (fs.existsSync(file)) throw new Error(`${file} exists: choose a new file for the backup`)
  const result = await db.$client.backup(file)
  return { pages: result.totalPages }
}

/** Checks a backup file before it replaces the database: SQLite's own integrity check. */
export function checkBackup(file: string): string[] {
  const copy = new Database(file, { readonly: true, fileMustExist: true })
  try {
    const rows = copy.pragma('integrity_check') as Array<{ integrity_check: string }>
    return rows.map((r) => r.integrity_check).filter((r) => r !== 'ok')
  } finally {
    copy.close()
  }
}
