import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import type { DB } from '#db/client.server'
import { SEALED_COLUMNS } from '#db/sealed'
import '#db/schema'
import { auditHead, type AuditAnchor } from '~/data/audit.server'
import { now } from '~/utils/clock'
import { currentKeyId, seal, sealBytes, sealedKeyId, unseal, unsealBytes } from '~/utils/crypto.server'

// Work on the database file as a whole: sealing every value again under the
// current key, online backups, and knowing whether a portal serves the file.

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

/**
 * An online copy of the whole database (SQLite's backup API), consistent while
 * the portal writes. The audit trail's head as the copy holds it is written
 * beside it (`<file>.anchor.json`): kept with the backups, off this machine,
 * it shows later whether entries were cut from the live trail's end.
 */
export async function backupTo(db: DB, file: string): Promise<{ pages: number; anchor: AuditAnchor; anchorFile: string }> {
  const anchorFile = `${file}.anchor.json`
  for (const f of [file, anchorFile]) if (fs.existsSync(f)) throw new Error(`${f} exists: choose a new file for the backup`)
  const result = await db.$client.backup(file)
  const copy = new Database(file, { readonly: true, fileMustExist: true })
  let anchor: AuditAnchor
  try {
    anchor = auditHead(copy)
  } finally {
    copy.close()
  }
  fs.writeFileSync(anchorFile, `${JSON.stringify({ ...anchor, at: now().toISOString(), backup: path.basename(file) }, null, 2)}\n`)
  return { pages: result.totalPages, anchor, anchorFile }
}

/**
 * Deletes all but the newest `keep` backups beside `latest`: the files in its
 * folder named like it (the same text before the first digit, the same
 * extension), newest by name (dates in the name sort), with their anchors.
 * Returns the files deleted.
 */
export function pruneBackups(latest: string, keep: number): string[] {
  const dir = path.dirname(latest)
  const name = path.basename(latest)
  const stem = name.split(/\d/)[0] ?? ''
  const ext = path.extname(name)
  if (!stem || !/\d/.test(name)) return []
  const backups = fs
    .readdirSync(dir)
    .filter((f) => f.startsWith(stem) && f.endsWith(ext) && /\d/.test(f.slice(stem.length)) && !f.endsWith('.anchor.json'))
    .sort()
    .reverse()
  const gone = backups.filter((f) => f !== name).slice(Math.max(0, keep - 1)).map((f) => path.join(dir, f))
  for (const file of gone) for (const f of [file, `${file}.anchor.json`]) fs.rmSync(f, { force: true })
  return gone
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

/** What a serving portal writes beside its database (`<database>.lock`), so commands can tell it is there and where it answers. */
export type ServerLock = { pid: number; publicUrl: string; since: string }

function lockFile(database: string): string {
  return `${path.resolve(database)}.lock`
}

/**
 * Records this process as the portal serving `database`; returns the function
 * that removes the record when it stops. A record left by a process that died
 * is ignored by serverHolding, so a crash never blocks a restore.
 */
export function holdServerLock(database: string, info: { publicUrl: string }): () => void {
  const file = lockFile(database)
  const lock: ServerLock = { pid: process.pid, publicUrl: info.publicUrl, since: now().toISOString() }
  fs.writeFileSync(file, `${JSON.stringify(lock)}\n`)
  return () => {
    // Another portal started on the same file since then owns the record now.
    if (readLock(file)?.pid === process.pid) fs.rmSync(file, { force: true })
  }
}

function readLock(file: string): ServerLock | null {
  try {
    const lock = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<ServerLock>
    return Number.isSafeInteger(lock.pid) && typeof lock.publicUrl === 'string' && typeof lock.since === 'string' ? (lock as ServerLock) : null
  } catch {
    return null
  }
}

/** The portal serving `database` now, from its lock record, or null when none is (no record, or its process is gone). */
export function serverHolding(database: string): ServerLock | null {
  const lock = readLock(lockFile(database))
  if (!lock) return null
  try {
    process.kill(lock.pid, 0)
    return lock
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? lock : null
  }
}

/**
 * Whether any process has the database open: SQLite's own locks, for what
 * keeps no lock record (the development server, a command, the sqlite3
 * shell). An exclusive transaction is refused at once while another
 * connection holds the file, even an idle one (in WAL mode it keeps a shared lock).
 */
export function databaseOpenElsewhere(database: string): boolean {
  if (!fs.existsSync(database)) return false
  const probe = new Database(database, { timeout: 0, fileMustExist: true })
  try {
    probe.pragma('locking_mode = EXCLUSIVE')
    probe.exec('BEGIN EXCLUSIVE')
    probe.exec('COMMIT')
    return false
  } catch (error) {
    const code = (error as { code?: string }).code
    // A file that is not a database is nobody's database.
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return true
    return false
  } finally {
    probe.close()
  }
}
