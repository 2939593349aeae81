import fs from 'node:fs'
import path from 'node:path'
import { connectorPathProblem } from '#db/organisation-file'
import { fail, type Failure } from './collected'

// The files an organisation file names (an SQLite database, a CA file) are
// read from the organisation's own folder in the one folder the operator keeps
// for them, CONNECTOR_DIR/<slug>/, and never from anywhere else: not another
// organisation's folder, not the portal's own database, its WAL or journal,
// and not through a symlink or a hard link that leads out of the folder or to
// the database. Opening and closing the live database through another handle
// would also release the server's POSIX locks on it (fcntl locks belong to
// the process, and any close drops them), so the check is made with stat and
// realpath, which open nothing. docs/decisions/012.

export type ConnectorFiles = {
  /** The organisation whose file names the connector: it reads from CONNECTOR_DIR/<slug>/ only. */
  orgSlug: string
  /** The folder of every organisation's connector folder. */
  connectorDir: string
  /** The portal's database, which no connector may read whatever the folder holds. */
  databasePath: string
}

/** The real path of the file, or the error that names it as the organisation file wrote it. */
export function resolveConnectorFile(file: string, where: ConnectorFiles, missing: Failure): { ok: true; path: string } | Failure {
  // The import refused these already; the file may have been imported by an older portal, or not at all.
  if (connectorPathProblem(file) || path.isAbsolute(file)) return fail('collection:errors.connector.outsideFolder', { file })
  // A slug is one path segment by its schema; a context from elsewhere is held to that too.
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(where.orgSlug)) return fail('collection:errors.connector.outsideFolder', { file })
  let dir: string
  let real: string
  try {
    dir = fs.realpathSync(path.join(where.connectorDir, where.orgSlug))
    real = fs.realpathSync(path.resolve(dir, file))
  } catch {
    return missing
  }
  if (!isInside(real, dir)) return fail('collection:errors.connector.outsideFolder', { file })
  let found: fs.Stats
  try {
    found = fs.statSync(real)
  } catch {
    return missing
  }
  if (!found.isFile()) return missing
  if (isPortalDatabase(real, found, where.databasePath)) return fail('collection:errors.connector.portalDatabase', { file })
  return { ok: true, path: real }
}

/**
 * By path and by identity (device and inode), so that a hard link to the
 * database or its WAL inside the folder is refused as surely as a symlink.
 */
function isPortalDatabase(real: string, found: fs.Stats, databasePath: string): boolean {
  // SQLite keeps the WAL and shared memory beside the database's real file, not beside a symlink to it.
  let database = path.resolve(databasePath)
  try {
    database = fs.realpathSync(database)
  } catch {
    // not there yet: nothing of it can be in the folder either
  }
  for (const companion of ['', '-wal', '-shm', '-journal'].map((suffix) => database + suffix)) {
    let same: fs.Stats
    try {
      if (fs.realpathSync(companion) === real) return true
      same = fs.statSync(companion)
    } catch {
      continue // not there now; a file that is not there is not the one found
    }
    if (same.dev === found.dev && same.ino === found.ino) return true
  }
  return false
}

function isInside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file)
  return relative !== '' && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative)
}
