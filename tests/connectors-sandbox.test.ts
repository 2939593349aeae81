import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { getDb } from '#db/client.server'
import type { Organisation } from '#db/schema'
import { runConnector } from '~/data/connectors/index.server'
import { backupTo } from '~/data/maintenance.server'
import { expectFailure } from '~/data/connectors/test-support'
import { fileRequest } from '~/domain/requests.server'
import { env } from '~/utils/env.server'
import { loadDemoOrganisations } from './support/requests'

// A connector names files; the organisation file that names them is written
// outside the operator's control. Whatever it names, the portal's own
// database is neither read nor disturbed: reading it would show every
// organisation's requests, and merely opening and closing it through another
// handle in the server's process drops the server's POSIX locks, after which
// the next outside process to close the database deletes the live WAL and
// every write acknowledged afterwards is lost at a crash (docs/decisions/012).

const db = getDb()
const databasePath = path.resolve(env().DATABASE_PATH)
let folder: string
const driver = createRequire(import.meta.url).resolve('better-sqlite3')
let org: Organisation
let filed = 0
let scratch: string

beforeAll(() => {
  org = loadDemoOrganisations(db)['granlia-dyreklinikk']!
  // The organisation's own folder in this test file's CONNECTOR_DIR.
  folder = path.join(env().CONNECTOR_DIR, org.slug)
  fs.mkdirSync(folder, { recursive: true })
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'rights-portal-sandbox-'))
})

afterAll(() => {
  fs.rmSync(scratch, { recursive: true, force: true })
})

/** Requests filed and committed: writes the portal has acknowledged. */
function fileRequests(n: number) {
  for (let i = 0; i < n; i++) {
    const result = fileRequest(db, {
      org,
      language: 'no',
      type: 'access',
      details: { type: 'access', scope: 'all' },
      subject: { name: `Person ${filed}`, email: `person${filed}@example.com`, identifiers: {} },
    })
    if (!result.ok) throw new Error('not filed')
    filed++
  }
}

/** Runs JavaScript in a process of its own, as an operator's sqlite3 or a backup script would touch the database. */
function outside(code: string): string {
  return execFileSync(process.execPath, ['-e', `const Database = require(${JSON.stringify(driver)}); ${code}`], { encoding: 'utf8' })
}

/** What a crash now would leave: the database and its WAL as they are on disk, copied by another process, then opened. */
function requestsAfterCrash(): number {
  const copy = fs.mkdtempSync(path.join(scratch, 'crash-'))
  const files = [databasePath, `${databasePath}-wal`].filter((f) => fs.existsSync(f))
  execFileSync('cp', [...files, copy])
  const file = path.join(copy, path.basename(databasePath))
  return Number(outside(`const db = new Database(${JSON.stringify(file)}); process.stdout.write(String(db.prepare('SELECT count(*) AS n FROM requests').get().n)); db.close()`))
}

describe('whatever a connector names, the portal’s database is neither read nor disturbed', () => {
  test('each name for the database, its WAL or a way out of the folder is refused, and acknowledged writes survive a crash', async () => {
    fileRequests(10)
    expect(fs.statSync(`${databasePath}-wal`).size, 'the writes wait in the WAL').toBeGreaterThan(0)

    // Ways into the database from inside the connector folder.
    fs.symlinkSync(databasePath, path.join(folder, 'portal.sqlite'))
    fs.symlinkSync(`${databasePath}-wal`, path.join(folder, 'portal.sqlite-wal'))
    fs.symlinkSync(path.dirname(databasePath), path.join(folder, 'data'))
    fs.linkSync(databasePath, path.join(folder, 'hard-link.sqlite'))
    // A backup left in the folder by mistake: another file, with every organisation's data.
    await backupTo(db, path.join(folder, 'portal-backup.sqlite'))
    const relative = path.relative(folder, databasePath)
    expect(relative.startsWith('..')).toBe(true)

    const names: Array<[string, 'outsideFolder' | 'portalDatabase']> = [
      [databasePath, 'outsideFolder'],
      [`${databasePath}-wal`, 'outsideFolder'],
      [`${databasePath}-shm`, 'outsideFolder'],
      [relative, 'outsideFolder'],
      [`${relative}-wal`, 'outsideFolder'],
      ['portal.sqlite', 'outsideFolder'],
      ['portal.sqlite-wal', 'outsideFolder'],
      [`data/${path.basename(databasePath)}`, 'outsideFolder'],
      // Inside the folder by every path, and still the database: told by its identity.
      ['hard-link.sqlite', 'portalDatabase'],
      // Another file altogether, known by its tables (the sqlite connector only: a CA file is never a database).
      ['portal-backup.sqlite', 'portalDatabase'],
    ]
    // Straight to the connectors, as an organisation imported by an older portal would reach them: the import's checks are not relied on.
    const ctx = { orgSlug: org.slug, allowedHosts: [] }
    for (const [file, refusal] of names) {
      const read = await runConnector({ kind: 'sqlite', file, timeoutMs: 10_000, queries: [{ category: 'case-records', sql: 'SELECT slug FROM organisations' }] }, { reference: 'X', identifiers: {} }, ctx)
      expectFailure(read, `collection:errors.connector.${refusal}`, { file })
      expect(JSON.stringify(read), file).not.toContain(org.slug)
      if (file === 'portal-backup.sqlite') continue
      const ca = await runConnector({ kind: 'webhook', url: 'https://crm.granlia.example/dsr', categories: ['case-records'], caFile: file, timeoutMs: 1_000 }, { reference: 'X', identifiers: {} }, ctx)
      expectFailure(ca, `collection:errors.connector.${refusal}`, { file })
    }

    fileRequests(10)
    // An outside process opens and closes the database, as sqlite3 or a script would. Had
    // the server's locks been dropped, this close would checkpoint and delete the live WAL.
    outside(`const db = new Database(${JSON.stringify(databasePath)}); db.prepare('SELECT count(*) FROM requests').get(); db.close()`)
    fileRequests(5)
    expect(fs.existsSync(`${databasePath}-wal`), 'the live WAL is still there').toBe(true)
    expect(requestsAfterCrash()).toBe(filed)
  })
})
