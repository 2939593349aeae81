import { spawn } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { inject } from 'vitest'
import { closeDb, getDb, type DB } from '#db/client.server'
import { auditCheckpoints, events, organisations, requests, type Organisation } from '#db/schema'
import { main } from '~/cli/main'
import { auditHead, verifyChain } from '~/data/audit.server'
import { sealedKeyCounts } from '~/data/maintenance.server'
import { newKey } from '~/utils/crypto.server'
import { resetEnv } from '~/utils/env.server'
import { freePort } from './support/app'
import { HttpClient } from './support/http'
import { allowConsoleError } from './support/console'
import { createOfficer, TEST_PASSWORD } from './support/officers'
import { spawnCompiledPortal } from './support/server-process'
import { loadDemoOrganisations, newRequest } from './support/requests'

// Running the portal: stopping it, commands beside it, keys, the audit trail
// and backups (issue: shutdown and locking; protection at rest and in backups).

const OLD = `old:${newKey()}`
const NEW = `new:${newKey()}`
let db: DB
let org: Organisation
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rights-portal-maintenance-'))

function useKeys(keys: string) {
  process.env.DATA_KEYS = keys
  resetEnv()
}

beforeAll(() => {
  // This file's data is sealed under keys of its own, so rotating them can be tried.
  process.env.INDEX_KEY = newKey()
  useKeys(OLD)
  db = getDb()
  org = loadDemoOrganisations(db)['lygtebaererne']!
})

afterAll(() => {
  closeDb()
  delete process.env.DATA_KEYS
  delete process.env.INDEX_KEY
  resetEnv()
  fs.rmSync(dir, { recursive: true, force: true })
})

/** Runs a CLI command as the operator does, and returns its exit code and what it printed. */
async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = []
  const err: string[] = []
  const log = console.log
  const error = console.error
  console.log = (...a: unknown[]) => void out.push(a.join(' '))
  console.error = (...a: unknown[]) => void err.push(a.join(' '))
  try {
    return { code: await main(argv), out: out.join('\n'), err: err.join('\n') }
  } finally {
    console.log = log
    console.error = error
  }
}

describe('rotating the data key', () => {
  test('every value is sealed again under the new key; the old key can then go, and everything still reads', async () => {
    const filed = await Promise.all(['Rotta Roth', 'Vera Vaihto'].map((name) => newRequest(db, org, { name, type: 'erasure', details: { type: 'erasure', what: `${name}’s own words`, why: 'No longer a member' } })))
    expect(Object.keys(sealedKeyCounts(db))).toEqual(['old'])

    useKeys(`${NEW},${OLD}`)
    const rotated = await cli('rotate-keys')
    expect(rotated.code, rotated.err).toBe(0)
    expect(sealedKeyCounts(db)).toEqual({ new: expect.any(Number) })
    expect(db.select().from(events).where(eq(events.kind, 'keys_rotated')).all()).toHaveLength(1)

    useKeys(NEW)
    for (const { request } of filed) {
      const row = db.select().from(requests).where(eq(requests.id, request.id)).get()!
      expect(row.subjectName).toBe(request.subjectName)
      expect(row.subjectEmail).toBe(request.subjectEmail)
      expect(row.details).toEqual(request.details)
    }
  })
})

describe('the audit trail', () => {
  test('verify-audit passes an intact trail and names the first entry changed, or the one after an entry removed', async () => {
    await newRequest(db, org, { name: 'Audit Trail' })
    expect((await cli('verify-audit')).code).toBe(0)
    const rows = db.select().from(events).all()
    const changed = rows[rows.length - 3]!
    const original = db.$client.prepare('select data from events where id = ?').pluck().get(changed.id) as string
    db.$client.prepare('update events set data = ? where id = ?').run(original.replace(/}$/, ',"forged":true}'), changed.id)
    allowConsoleError()
    const broken = await cli('verify-audit')
    expect(broken.code).toBe(1)
    expect(broken.err).toContain(`broken at entry ${changed.id}`)
    db.$client.prepare('update events set data = ? where id = ?').run(original, changed.id)
    expect(verifyChain(db)).toMatchObject({ ok: true })

    db.$client.prepare('delete from events where id = ?').run(changed.id)
    expect(verifyChain(db)).toMatchObject({ ok: false, firstBroken: { id: rows[rows.length - 2]!.id } })
  })
})

describe('the audit trail’s anchor', () => {
  test('entries cut from the end, or all of them, verify as intact on their own but fail against the anchor; entries appended after it pass', async () => {
    // A fresh trail: the test above broke this one on purpose.
    db.delete(events).run()
    for (let i = 0; i < 3; i++) await newRequest(db, org, { name: `Anchored ${i}` })
    const head = await cli('audit-head')
    expect(head.code, head.err).toBe(0)
    const { entries, hash } = auditHead(db.$client)
    expect(entries).toBeGreaterThan(3)
    // The count is kept by triggers, through the delete of every entry and the inserts since.
    expect(entries).toBe(db.select().from(events).all().length)
    expect(head.out).toContain(`verify-audit --expect-count ${entries} --expect ${hash}`)
    const file = path.join(dir, 'anchored.sqlite')
    const backedUp = await cli('backup', file)
    expect(backedUp.code, backedUp.err).toBe(0)
    expect(JSON.parse(fs.readFileSync(`${file}.anchor.json`, 'utf8'))).toMatchObject({ entries, hash })
    expect(backedUp.out).toContain(`${entries} entries, head ${hash}`)

    await newRequest(db, org, { name: 'After The Anchor' })
    for (const args of [['--expect', hash, '--expect-count', String(entries)], ['--expect', hash], ['--anchor', `${file}.anchor.json`]]) {
      const checked = await cli('verify-audit', ...args)
      expect(checked.code, `${args.join(' ')}: ${checked.err}`).toBe(0)
    }

    // The newest entries, from two before the anchor on, are removed: what is left is a valid chain.
    const newest = db.$client.prepare('select id from events order by id desc limit 1 offset ?').pluck().get(db.select().from(events).all().length - entries + 1) as number
    db.$client.prepare('delete from events where id >= ?').run(newest)
    expect(verifyChain(db)).toMatchObject({ ok: true, checked: entries - 2 })
    expect(auditHead(db.$client).entries).toBe(entries - 2)
    allowConsoleError()
    const cut = await cli('verify-audit', '--expect', hash, '--expect-count', String(entries))
    expect(cut.code).toBe(1)
    expect(cut.err).toContain(`has ${entries - 2} entries, fewer than the ${entries} of the anchor: entries were removed from its end`)
    expect((await cli('verify-audit', '--expect', hash)).code).toBe(1)
    expect((await cli('verify-audit', '--anchor', `${file}.anchor.json`)).code).toBe(1)
    // Cut and written again past the anchor's position: the count alone would pass, the hash does not.
    for (let i = 0; i < 3; i++) await newRequest(db, org, { name: `Rewritten ${i}` })
    const rewritten = await cli('verify-audit', '--expect', hash, '--expect-count', String(entries))
    expect(rewritten.code).toBe(1)
    expect(rewritten.err).toContain(`Entry ${entries} of the audit trail has the hash`)

    db.delete(events).run()
    expect(verifyChain(db)).toMatchObject({ ok: true, checked: 0 })
    const none = await cli('verify-audit', '--anchor', `${file}.anchor.json`)
    expect(none.code).toBe(1)
    expect(none.err).toContain(`has 0 entries, fewer than the ${entries} of the anchor`)
  })
})

describe('checking the audit trail from its last checkpoint', () => {
  test('each passing check records a checkpoint; --since-checkpoint recomputes only what came after it and catches a change there, --full catches one before it', async () => {
    db.delete(events).run()
    db.delete(auditCheckpoints).run()
    for (let i = 0; i < 2; i++) await newRequest(db, org, { name: `Checked ${i}` })
    // No checkpoint yet: the check starts from the first entry.
    const first = await cli('verify-audit', '--since-checkpoint')
    expect(first.code, first.err).toBe(0)
    expect(first.out).toContain('The audit trail is intact: ')
    const before = db.select().from(events).orderBy(events.id).all()
    const checkpoint = db.select().from(auditCheckpoints).all()
    expect(checkpoint).toMatchObject([{ eventId: before.at(-1)!.id, entries: before.length, hash: before.at(-1)!.hash, full: true }])

    for (let i = 0; i < 2; i++) await newRequest(db, org, { name: `After ${i}` })
    const after = db.select().from(events).orderBy(events.id).all().slice(before.length)
    expect(after.length).toBeGreaterThan(2)
    const tamper = (id: number) => {
      const original = db.$client.prepare('select data from events where id = ?').pluck().get(id) as string
      db.$client.prepare('update events set data = ? where id = ?').run(original.replace(/}$/, ',"forged":true}'), id)
      return () => db.$client.prepare('update events set data = ? where id = ?').run(original, id)
    }
    allowConsoleError()

    // An entry after the checkpoint, changed: caught by the incremental check.
    const undoAfter = tamper(after[1]!.id)
    const caught = await cli('verify-audit', '--since-checkpoint')
    expect(caught.code).toBe(1)
    expect(caught.err).toContain(`broken at entry ${after[1]!.id}`)
    undoAfter()

    // An entry before it, changed: not read again by the incremental check (which says so), caught by --full and by the default.
    const undoBefore = tamper(before[1]!.id)
    const incremental = await cli('verify-audit', '--since-checkpoint')
    expect(incremental.code, incremental.err).toBe(0)
    expect(incremental.out).toContain(`${after.length} entries recomputed, ${before.length + after.length} in all`)
    expect(incremental.out).toContain('verify-audit --full rechecks them')
    for (const args of [['--full'], []]) {
      const full = await cli('verify-audit', ...args)
      expect(full.code).toBe(1)
      expect(full.err).toContain(`broken at entry ${before[1]!.id}`)
    }
    undoBefore()
    // The incremental check that passed recorded the head as the newest checkpoint; a failed one records nothing.
    expect(db.select().from(auditCheckpoints).all().map((c) => c.eventId)).toEqual([before.at(-1)!.id, after.at(-1)!.id])

    // The checkpoint's own entry changed, the checkpoint rewritten without the key, or its entry removed: refused, pointing to --full.
    const undoHead = tamper(after.at(-1)!.id)
    const changed = await cli('verify-audit', '--since-checkpoint')
    expect(changed.code).toBe(1)
    expect(changed.err).toContain(`names entry ${after.at(-1)!.id}, whose hash or content has changed`)
    undoHead()
    const newest = db.select().from(auditCheckpoints).orderBy(auditCheckpoints.id).all().at(-1)!
    db.update(auditCheckpoints).set({ eventId: before.at(-1)!.id, entries: before.length, hash: before.at(-1)!.hash }).where(eq(auditCheckpoints.id, newest.id)).run()
    const forged = await cli('verify-audit', '--since-checkpoint')
    expect(forged.code).toBe(1)
    expect(forged.err).toContain('was not written by the portal')
    db.delete(auditCheckpoints).where(eq(auditCheckpoints.id, newest.id)).run()
    expect((await cli('verify-audit', '--since-checkpoint')).code).toBe(0)
    db.delete(events).run()
    const gone = await cli('verify-audit', '--since-checkpoint')
    expect(gone.code).toBe(1)
    expect(gone.err).toContain('which is no longer in the trail')
    expect((await cli('verify-audit', '--since-checkpoint', '--full')).code).toBe(2)
  })
})

describe('backup and restore', () => {
  test('a backup taken while requests are filed restores with every request it holds intact', async () => {
    // A fresh trail for this test: the one above was broken on purpose.
    db.delete(events).run()
    for (let i = 0; i < 20; i++) await newRequest(db, org, { name: `Before Backup ${i}` })
    const before = db.select().from(requests).all()
    const file = path.join(dir, 'backup.sqlite')
    // Requests keep being filed while the backup runs.
    let filing = true
    const during = (async () => {
      let n = 0
      while (filing) {
        await newRequest(db, org, { name: `During Backup ${n++}` })
        await new Promise((resolve) => setImmediate(resolve))
      }
      return n
    })()
    const backedUp = await cli('backup', file)
    filing = false
    expect(await during).toBeGreaterThan(0)
    expect(backedUp.code, backedUp.err).toBe(0)

    const target = path.join(dir, 'restored.sqlite')
    fs.writeFileSync(target, 'the database the restore replaces')
    const live = process.env.DATABASE_PATH
    process.env.DATABASE_PATH = target
    resetEnv()
    try {
      const restored = await cli('restore', file)
      expect(restored.code, restored.err).toBe(0)
      expect(restored.out).toContain('Audit trail: intact')
      const kept = fs.readdirSync(dir).find((f) => f.startsWith('restored.sqlite.before-restore-'))!
      expect(fs.readFileSync(path.join(dir, kept), 'utf8')).toBe('the database the restore replaces')
      const copy = getDb(target)
      const rows = new Map(copy.select().from(requests).all().map((r) => [r.id, r]))
      for (const r of before) expect(rows.get(r.id), r.reference).toEqual(r)
      expect(verifyChain(copy)).toMatchObject({ ok: true })
      closeDb(target)
    } finally {
      process.env.DATABASE_PATH = live
      resetEnv()
    }
  })

  test('a damaged backup is refused, and the database stays as it was', async () => {
    const broken = path.join(dir, 'broken.sqlite')
    const good = fs.readFileSync(path.join(dir, 'backup.sqlite'))
    fs.writeFileSync(broken, Buffer.concat([good.subarray(0, 4096), Buffer.alloc(good.length - 4096, 0x5a)]))
    const target = path.join(dir, 'untouched.sqlite')
    fs.writeFileSync(target, 'still here')
    const live = process.env.DATABASE_PATH
    process.env.DATABASE_PATH = target
    resetEnv()
    allowConsoleError()
    try {
      const restored = await cli('restore', broken)
      expect(restored.code).toBe(1)
      expect(restored.err).toMatch(/integrity|malformed|not a database/i)
      expect(fs.readFileSync(target, 'utf8')).toBe('still here')
    } finally {
      process.env.DATABASE_PATH = live
      resetEnv()
    }
  })
})

describe('restoring beside a running portal', () => {
  test('is refused while the portal serves the database, which stays as it was; once the portal has stopped it works', async () => {
    const file = path.join(dir, 'served.sqlite')
    loadDemoOrganisations(getDb(file))
    closeDb(file)
    const port = await freePort()
    // The portal's PORT and PUBLIC_URL are its own; the commands below do not repeat them.
    const portal = await spawnPortal({ DATABASE_PATH: file, PORT: String(port), PUBLIC_URL: undefined })
    await portal.until(() => portal.output().includes('Rights portal on'))
    const live = process.env.DATABASE_PATH
    process.env.DATABASE_PATH = file
    delete process.env.PORT
    resetEnv()
    try {
      const demo = await cli('demo-officer', 'lygtebaererne')
      expect(demo.code, demo.err).toBe(0)
      expect(demo.out).toContain(`sign in:     http://localhost:${port}/da/officer/sign-in\n`)
      closeDb(file)

      const before = fs.statSync(file).ino
      allowConsoleError()
      const refused = await cli('restore', path.join(dir, 'backup.sqlite'))
      expect(refused.code).toBe(1)
      expect(refused.err).toContain(`The portal (process ${portal.child.pid}, at http://localhost:${port}`)
      expect(refused.err).toContain('Stop it first')
      expect(fs.statSync(file).ino).toBe(before)
      expect(fs.readdirSync(dir).filter((f) => f.startsWith('served.sqlite.before-restore-'))).toEqual([])
      // The portal still serves from the same file.
      expect((await fetch(`http://127.0.0.1:${port}/en`)).status).toBe(200)

      portal.child.kill('SIGTERM')
      expect(await portal.exited).toBe(0)
      expect(fs.existsSync(`${file}.lock`)).toBe(false)
      const stopped = await cli('demo-officer', 'lygtebaererne')
      expect(stopped.out).toContain('sign in:     http://localhost:3000/da/officer/sign-in (the portal is not running')
      closeDb(file)
      const restored = await cli('restore', path.join(dir, 'backup.sqlite'))
      expect(restored.code, restored.err).toBe(0)
      expect(fs.statSync(file).ino).not.toBe(before)
    } finally {
      closeDb(file)
      process.env.DATABASE_PATH = live
      resetEnv()
    }
  }, 60_000)

  test('is refused while anything else has the database open; a lock left by a portal that died does not stop it', async () => {
    const file = path.join(dir, 'held.sqlite')
    getDb(file)
    closeDb(file)
    const holder = spawn(process.execPath, ['-e', `const D = require('better-sqlite3'); new D(${JSON.stringify(file)}).prepare('select count(*) from events').get(); console.log('open'); setInterval(() => {}, 1000)`], { stdio: ['ignore', 'pipe', 'inherit'] })
    await new Promise((resolve) => holder.stdout.once('data', resolve))
    const dead = spawn(process.execPath, ['-e', ''])
    await new Promise((resolve) => dead.on('exit', resolve))
    fs.writeFileSync(`${file}.lock`, JSON.stringify({ pid: dead.pid, publicUrl: 'http://localhost:3000', since: new Date().toISOString() }))
    const live = process.env.DATABASE_PATH
    process.env.DATABASE_PATH = file
    resetEnv()
    try {
      allowConsoleError()
      const refused = await cli('restore', path.join(dir, 'backup.sqlite'))
      expect(refused.code).toBe(1)
      expect(refused.err).toContain('is open in another process')
      holder.kill()
      await new Promise((resolve) => holder.on('exit', resolve))
      const restored = await cli('restore', path.join(dir, 'backup.sqlite'))
      expect(restored.code, restored.err).toBe(0)
    } finally {
      holder.kill()
      closeDb(file)
      process.env.DATABASE_PATH = live
      resetEnv()
    }
  })
})

describe('a command beside a busy portal', () => {
  test('waits for the portal’s write to finish instead of failing with "database is locked"', async () => {
    const file = path.join(dir, 'busy.sqlite')
    getDb(file)
    closeDb(file)
    // The portal, in the middle of a write.
    const portal = new Database(file)
    portal.exec('BEGIN IMMEDIATE')
    // An organisation of the operator's own (demo ones come only from load-demo).
    const folder = fs.mkdtempSync(path.join(dir, 'own-'))
    fs.writeFileSync(path.join(folder, 'own.yaml'), fs.readFileSync('db/organisations/lygtebaererne.yaml', 'utf8').replace(/^slug: .*$/m, 'slug: own-clinic').replace(/^demo: true$/m, 'demo: false'))
    const command = spawn(process.execPath, ['--import', 'tsx', path.resolve('app/cli/main.ts'), 'import-organisations', folder], {
      env: { ...process.env, DATABASE_PATH: file },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let printed = ''
    command.stdout.on('data', (c: Buffer) => (printed += c.toString()))
    command.stderr.on('data', (c: Buffer) => (printed += c.toString()))
    const exited = new Promise<number | null>((resolve) => command.on('exit', resolve))
    // Once the command has the file open it meets the lock at once; the write then ends a little later.
    const opened = () => {
      try {
        return fs.readdirSync(`/proc/${command.pid}/fd`).some((fd) => fs.readlinkSync(`/proc/${command.pid}/fd/${fd}`) === file)
      } catch {
        return false
      }
    }
    while (!opened() && command.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 10))
    await new Promise((resolve) => setTimeout(resolve, 400))
    portal.exec('COMMIT')
    expect(await exited, printed).toBe(0)
    expect(printed).toContain('Created')
    portal.close()
    const copy = new Database(file, { readonly: true })
    expect((copy.prepare('select count(*) from organisations').pluck().get() as number) > 0).toBe(true)
    copy.close()
  })
})

describe('stopping the portal', () => {
  test('its log is one JSON line per event, without the personal data it handled; SIGTERM lets every sign-in already received finish, then it exits', async () => {
    const officer = createOfficer(db, { orgId: org.id })
    const port = await freePort()
    // Email fails (nobody listens there), so the log has something to say about a person's email.
    const deadSmtp = await freePort()
    const portal = await spawnPortal({ PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, SMTP_URL: `smtp://127.0.0.1:${deadSmtp}`, OUTBOX_INTERVAL_MS: '50', SHUTDOWN_GRACE_MS: '20000' })
    const { child, exited, until } = portal
    await until(() => portal.output().includes('Rights portal on'))
    const person = { name: 'Loggi Løvenskiold', email: 'loggi.lovenskiold@example.com' }
    const client = new HttpClient(`http://127.0.0.1:${port}`)
    for (const [step, form] of [['right', { type: 'access' }], ['details', { scope: 'all' }], ['identity', person], ['check', {}]] as const) {
      expect((await client.post(`/en/o/${org.slug}/request/${step}`, form)).status).toBe(302)
    }
    await until(() => portal.output().includes('email not sent'))
    // Client errors are logged as such, once a minute per kind: a method the portal does not take, a POST to a page without a form.
    for (let i = 0; i < 2; i++) {
      const trace = await new Promise<number | undefined>((resolve) => http.request({ host: '127.0.0.1', port, path: '/en', method: 'TRACE' }, (res) => resolve(res.resume().statusCode)).end())
      expect(trace).toBe(405)
      expect((await client.post('/en/organisations', { a: 'b' })).status).toBe(405)
    }

    // 100 sign-ins whose headers the portal has read (it answered "100 Continue")
    // and whose bodies are still on their way when SIGTERM arrives.
    const body = new URLSearchParams({ email: officer.email, password: TEST_PASSWORD }).toString()
    let reading = 0
    const sends: Array<() => void> = []
    const continued = Array.from(
      { length: 100 },
      () =>
        new Promise<string>((resolve) => {
          const req = http.request(
            {
              host: '127.0.0.1',
              port,
              path: '/en/officer/sign-in',
              method: 'POST',
              agent: false,
              headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body), Expect: '100-continue' },
            },
            (res) => {
              res.resume()
              resolve(`${res.statusCode} ${res.headers.location}`)
            },
          )
          req.on('continue', () => reading++)
          req.on('error', (e) => resolve(e.message))
          req.flushHeaders()
          sends.push(() => req.end(body))
        }),
    )
    await until(() => reading === 100)

    // 100 more that the machine has received whole but the portal has not read
    // yet, as when it is busy: it is paused while they arrive, and SIGTERM
    // reaches it together with them.
    child.kill('SIGSTOP')
    const raw = `POST /en/officer/sign-in HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
    const unread = Array.from({ length: 100 }, () => rawExchange(port, raw))
    await untilQueued(port, Buffer.byteLength(raw), 100)
    child.kill('SIGTERM')
    child.kill('SIGCONT')
    await until(() => portal.output().includes('stopping: finishing requests in flight'))
    for (const send of sends) send()
    const answers = await Promise.all([...continued, ...unread])
    const tally = (list: string[]) => list.reduce<Record<string, number>>((n, a) => ({ ...n, [a]: (n[a] ?? 0) + 1 }), {})
    expect(tally(answers)).toEqual({ '302 /en/officer/two-factor': 200 })
    expect(await exited).toBe(0)

    const lines = portal.output().split('\n').filter((l) => l && !l.startsWith('Rights portal on'))
    for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow()
    const clientErrors = lines.map((l) => JSON.parse(l) as { level: number; msg: string; method?: string; status?: number }).filter((l) => l.msg === 'client error')
    expect(clientErrors.map(({ level, method, status }) => ({ level, method, status }))).toEqual([
      { level: 30, method: 'TRACE', status: 405 },
      { level: 30, method: 'POST', status: 405 },
    ])
    expect(portal.output()).not.toContain('"level":50')
    // The audit trail's head is logged when the portal starts and when it stops: anchors kept off the machine.
    const anchors = lines.map((l) => JSON.parse(l) as { msg: string; when?: string; auditEntries?: number; auditHead?: string }).filter((l) => l.msg === 'audit anchor')
    expect(anchors.map((a) => a.when)).toEqual(['start', 'stop'])
    expect(anchors[1]).toMatchObject({ auditEntries: auditHead(db.$client).entries, auditHead: auditHead(db.$client).hash })
    expect(anchors[1]!.auditEntries).toBeGreaterThan(anchors[0]!.auditEntries!)
    for (const secret of [person.name, person.email, 'lovenskiold', officer.email, TEST_PASSWORD]) expect(portal.output().toLowerCase()).not.toContain(secret.toLowerCase())
  }, 60_000)
})

/** Sends a request as raw bytes on a connection of its own; resolves to "<status> <location>", or what went wrong. */
function rawExchange(port: number, request: string): Promise<string> {
  return new Promise((resolve) => {
    let reply = ''
    const socket = net.connect(port, '127.0.0.1', () => socket.write(request))
    socket.on('data', (chunk: Buffer) => (reply += chunk.toString('latin1')))
    socket.on('error', (e) => resolve(e.message))
    socket.on('close', () => {
      const status = /^HTTP\/1\.1 (\d{3})/.exec(reply)?.[1]
      resolve(status ? `${status} ${/\r\nlocation: ([^\r]*)/i.exec(reply)?.[1]}` : 'closed without an answer')
    })
  })
}

/** Waits until `count` connections to the port hold `bytes` unread in the receiving side's kernel buffer (Linux's /proc/net/tcp). */
async function untilQueued(port: number, bytes: number, count: number) {
  const local = `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`
  for (;;) {
    const queued = fs
      .readFileSync('/proc/net/tcp', 'utf8')
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter((f) => f[1] === local && f[3] === '01' && parseInt(f[4]!.split(':')[1]!, 16) === bytes).length
    if (queued >= count) return
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/** The portal as `npm run serve` runs it (plain node on the compiled entry), in a process of its own, on this run's build. */
function spawnPortal(extra: Record<string, string | undefined>) {
  return spawnCompiledPortal(inject('buildDir'), { LOG_LEVEL: 'info', ...extra })
}
