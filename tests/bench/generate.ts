import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import type Database from 'better-sqlite3'
import { migrateDatabase, openDatabase } from '#db/client.server'
import { parseOrganisationFile, type OrganisationFile } from '#db/organisation-file'
import { entryHash, GENESIS } from '~/data/audit.server'
import { readOrganisationFiles, upsertOrganisation } from '~/data/organisations.server'
import { keyedHash, seal } from '~/utils/crypto.server'
import { resetEnv } from '~/utils/env.server'
import { generateReference } from '~/utils/reference'
import { normaliseEmail, searchWords } from '~/utils/search-terms'
import type { ActorKind, Language } from '~/vocabulary'
import type { BenchOrg } from './generate-lifecycle'
import { commonSurname } from './generate-names'
import { benchAdminEmail, benchOfficerEmail, benchPasswordHash, benchTotpSecret } from './generate-officers'
import { seededRandom } from './generate-random'
import { Preparer, type PrepareContext, type PreparedRequest } from './generate-rows'
import { applyBenchEnv, BENCH_PASSWORD } from './keys'

const BATCH = 2000

export { benchOfficer, type BenchOfficer } from './generate-officers'
export { BENCH_ENV, BENCH_PASSWORD } from './keys'

// The benchmark database (issue #16): N requests over 200 organisations, one
// of which holds 60 % of them, with their messages, audit events (one valid
// hash chain), emails, name-search terms and some collected data, every
// personal value sealed with the portal's own functions under the keys of
// tests/bench/keys.ts. Deterministic: the same seed, count and `now` give the
// same content (sealed values differ only by their random IVs).
//
//   npx tsx tests/bench/generate.ts --requests 1000000 --out /work/bench-data/1m.sqlite [--seed 1] [--now 2026-12-05] [--workers 3]
//
// writes <out>.json beside it (the summary) and signs in with
//
//   npx tsx tests/bench/generate-officers.ts /work/bench-data/1m.sqlite bench-000-dyrevaernsringen
//
// or benchOfficer(path, slug) in code; start the portal on it with BENCH_ENV (tests/bench/keys.ts) and DATABASE_PATH.

const DAY = 86_400_000
const YEAR = 365 * DAY

export type GenerateOptions = {
  path: string
  requests: number
  organisations?: number
  seed?: number
  /** The instant the data is "as of" (ms); defaults to the start of the current UTC hour. */
  now?: number
  /** The share of requests in the big organisation (0.6). */
  bigShare?: number
  /** Worker threads that make the requests (0: all in this thread). The content is the same either way. */
  workers?: number
  log?: (line: string) => void
}

export type GenerateSummary = {
  path: string
  seed: number
  now: string
  requests: number
  durationMs: number
  counts: Record<string, number>
  bigOrganisation: { id: number; slug: string; requests: number }
  /** A surname many of the big organisation's requests carry: search the queue for it. */
  commonNameWord: string
  /** How many of the big organisation's requests carry that word. */
  commonNameMatches: number
  /** The big organisation's admin: sign in with benchOfficer(path, bigOrganisation.slug), or with these through the pages. */
  officer: { orgSlug: string; email: string; password: string; totpSecret: string }
  organisationSlugs: string[]
}

// Every secondary index of these tables is dropped during the bulk insert and made again after it.
const BULK_TABLES = ['requests', 'request_terms', 'messages', 'events', 'outbox', 'collected_data']

/** Writes a new database at opts.path (replacing a file there). */
export async function generateDatabase(opts: GenerateOptions): Promise<GenerateSummary> {
  const started = Date.now()
  const log = opts.log ?? (() => {})
  const seed = opts.seed ?? 1
  const orgCount = opts.organisations ?? 200
  const total = opts.requests
  const now = opts.now ?? Math.floor(Date.now() / 3_600_000) * 3_600_000
  applyBenchEnv()
  resetEnv()

  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${opts.path}${suffix}`, { force: true })
  const db = openDatabase(opts.path)
  migrateDatabase(db)
  const sqlite = db.$client
  // No WAL while filling: a rollback journal in memory (better-sqlite3's defensive mode refuses journal_mode=OFF).
  sqlite.pragma('journal_mode = DELETE')
  sqlite.pragma('journal_mode = MEMORY')
  sqlite.pragma('synchronous = OFF')
  sqlite.pragma('foreign_keys = OFF')
  sqlite.pragma('secure_delete = OFF')
  sqlite.pragma('cache_size = -262144')
  sqlite.pragma('temp_store = MEMORY')
  sqlite.pragma('locking_mode = EXCLUSIVE')

  const indexes = sqlite
    .prepare(`select name, sql from sqlite_master where type = 'index' and sql is not null and tbl_name in (${BULK_TABLES.map(() => '?').join(',')})`)
    .all(...BULK_TABLES) as Array<{ name: string; sql: string }>
  for (const index of indexes) sqlite.exec(`drop index "${index.name}"`)

  const chain = new Chain(sqlite)
  const start = now - 3 * YEAR + 40 * DAY
  const orgs = createOrganisations(db, sqlite, chain, { count: orgCount, seed, at: start - 2 * DAY })
  log(`${orgs.length} organisations, ${orgs.reduce((n, o) => n + o.officers.length, 0)} officers`)

  // The big organisation holds bigShare of the requests; the others share the rest, a few large, most small.
  const bigShare = opts.bigShare ?? 0.6
  const shares = orgs.map((_, i) => (i === 0 ? bigShare : ((1 - bigShare) * (1 / Math.pow(i, 0.8))) / harmonic(orgs.length - 1, 0.8)))
  const officers: PrepareContext['officers'] = []
  for (const org of orgs) {
    org.officers.forEach((id, k) => {
      const email = k === 0 ? benchAdminEmail(org.slug) : benchOfficerEmail(org.slug, k)
      officers.push([id, { email, hash: keyedHash('email', email), language: org.languages[0]! }])
    })
  }
  const context: PrepareContext = { seed, total, now, start, days: Math.floor((now - 2 * DAY - start) / DAY), orgs, shares, officers }
  const writer = new Writer(sqlite, chain, seed)
  const perOrg = new Map<number, number>()
  const commonWord = commonSurname(orgs[0]!.country)
  const commonHash = keyedHash('name-term', searchWords(commonWord)[0]!)
  let commonMatches = 0

  let done = 0
  const write = (from: number, prepared: PreparedRequest[]) => {
    sqlite.transaction(() => {
      prepared.forEach((p, k) => {
        const org = orgs[p.orgIndex]!
        writer.request(from + k + 1, org, p)
        if (p.orgIndex === 0 && p.terms.includes(commonHash)) commonMatches++
        perOrg.set(org.id, (perOrg.get(org.id) ?? 0) + 1)
      })
    })()
    const before = done
    done += prepared.length
    if (Math.floor(done / 50_000) > Math.floor(before / 50_000) || done === total) log(`${done.toLocaleString('en')} requests (${Math.round((Date.now() - started) / 1000)} s)`)
  }
  const workers = Math.max(0, Math.floor(opts.workers ?? 0))
  if (workers === 0) {
    const preparer = new Preparer(context)
    for (let from = 0; from < total; from += BATCH) write(from, preparer.range(from, Math.min(total, from + BATCH)))
  } else {
    await inWorkers(workers, context, write)
  }

  log(`making ${indexes.length} indexes again`)
  const indexed = Date.now()
  for (const index of indexes) sqlite.exec(index.sql)
  log(`indexes made in ${Math.round((Date.now() - indexed) / 1000)} s`)

  const counts: Record<string, number> = {}
  for (const table of ['organisations', 'users', ...BULK_TABLES]) counts[table] = (sqlite.prepare(`select count(*) as n from "${table}"`).get() as { n: number }).n
  sqlite.pragma('locking_mode = NORMAL')
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = NORMAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.close()

  const big = orgs[0]!
  return {
    path: opts.path,
    seed,
    now: new Date(now).toISOString(),
    requests: total,
    durationMs: Date.now() - started,
    counts,
    bigOrganisation: { id: big.id, slug: big.slug, requests: perOrg.get(big.id) ?? 0 },
    commonNameWord: commonWord,
    commonNameMatches: commonMatches,
    officer: { orgSlug: big.slug, email: benchAdminEmail(big.slug), password: BENCH_PASSWORD, totpSecret: benchTotpSecret(seed, benchAdminEmail(big.slug)) },
    organisationSlugs: orgs.map((o) => o.slug),
  }
}

function harmonic(n: number, s: number): number {
  let sum = 0
  for (let i = 1; i <= n; i++) sum += 1 / Math.pow(i, s)
  return sum || 1
}

// ---------------------------------------------------------------------------- the audit chain

class Chain {
  private previous = GENESIS
  private id = 0
  private readonly insert: Database.Statement
  constructor(sqlite: Database.Database) {
    this.insert = sqlite.prepare('insert into events (id, at, org_id, request_id, actor_kind, actor_user_id, kind, data, hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?)')
  }
  append(e: { at: number; orgId: number | null; requestId: number | null; actorKind: ActorKind; actorUserId: number | null; kind: string; data: Record<string, unknown> }): number {
    const hash = entryHash(this.previous, { ...e, at: new Date(e.at), })
    this.id++
    this.insert.run(this.id, e.at, e.orgId, e.requestId, e.actorKind, e.actorUserId, e.kind, JSON.stringify(e.data), hash)
    this.previous = hash
    return this.id
  }
}

// ---------------------------------------------------------------------------- organisations and officers

type DB = ReturnType<typeof openDatabase>

/**
 * The organisation files of a benchmark database: copies of the demo
 * controllers under fictional slugs and `.example` addresses, the first one
 * (the big organisation) of BIG_TEMPLATE. Their retention periods are set so
 * that nothing of the generated data is due for the purge (docs/decisions/025):
 * closed requests and sent email kept 4 years, unconfirmed ones 14 days. The
 * data spans three years; a portal started on it purges nothing, so the
 * database keeps its shape however long a benchmark runs on it.
 */
export function benchOrganisationFiles(count: number): OrganisationFile[] {
  const templates = readOrganisationFiles(path.resolve('db/organisations'))
    .map((f) => f.org)
    .filter((org) => org.kind === 'controller')
  const big = templates.find((t) => t.slug === BIG_TEMPLATE) ?? templates[0]!
  const others = templates.filter((t) => t !== big)
  const files: OrganisationFile[] = []
  for (let i = 0; i < count; i++) {
    const template = i === 0 ? big : others[(i - 1) % others.length]!
    const n = String(i).padStart(3, '0')
    const slug = `bench-${n}-${template.slug}`
    const raw = {
      ...template,
      slug,
      name: `${template.name} ${n}`,
      privacyEmail: `privacy@bench-${n}.example`,
      demo: false,
      clients: [],
      requestRetention: { ...template.requestRetention, closedRequests: 'P4Y', unconfirmedRequests: 'P14D', sentEmails: 'P4Y' },
      ...(template.inbound ? { inbound: { ...template.inbound, addresses: [`persondata@bench-${n}.example`] } } : {}),
    }
    files.push(parseOrganisationFile(`${slug} (from ${template.slug})`, raw))
  }
  return files
}

/** The big organisation is a copy of this one: Danish, pauses the clock, with an identifier of type phone. */
const BIG_TEMPLATE = 'dyrevaernsringen'

function createOrganisations(db: DB, sqlite: Database.Database, chain: Chain, o: { count: number; seed: number; at: number }): BenchOrg[] {
  const files = benchOrganisationFiles(o.count)
  const at = new Date(o.at)
  const ids = db.transaction((tx) => files.map((file) => upsertOrganisation(tx, file, at).id))

  const passwordHash = benchPasswordHash()
  const insertUser = sqlite.prepare(
    'insert into users (org_id, role, email_hash, email, name, language, password_hash, totp_secret, totp_confirmed_at, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  )
  const addUser = (orgId: number | null, role: string, email: string, name: string, language: Language): number => {
    const address = normaliseEmail(email)
    return Number(
      insertUser.run(orgId, role, keyedHash('email', address), seal(address, 'users.email'), seal(name, 'users.name'), language, passwordHash, seal(benchTotpSecret(o.seed, address), 'users.totp_secret'), o.at, o.at)
        .lastInsertRowid,
    )
  }
  const orgs: BenchOrg[] = []
  sqlite.transaction(() => {
    addUser(null, 'operator', 'operator@bench-portal.example', 'Bench Operator', 'en')
    files.forEach((file, i) => {
      const id = ids[i]!
      chain.append({ at: o.at, orgId: id, requestId: null, actorKind: 'operator', actorUserId: null, kind: 'organisation_created', data: { slug: file.slug } })
      const language = file.languages[0] as Language
      const officers = [addUser(id, 'admin', benchAdminEmail(file.slug), 'Bench Admin', language)]
      const count = i === 0 ? 24 : 1 + (i % 4)
      for (let k = 1; k <= count; k++) officers.push(addUser(id, 'officer', benchOfficerEmail(file.slug, k), `Bench Officer ${k}`, language))
      orgs.push({
        id,
        slug: file.slug,
        name: file.name,
        country: file.country,
        timeZone: file.timeZone,
        slaDays: file.slaDays,
        pauseClockOnInfoRequest: file.pauseClockOnInfoRequest,
        privacyEmail: file.privacyEmail,
        languages: file.languages as Language[],
        identityMethods: [...file.identityMethods],
        identifiers: file.identifiers.map((f) => ({ key: f.key, type: f.type })),
        categories: file.register.dataCategories.map((c) => ({ key: c.key, fields: c.fields.map((f) => f.key) })),
        authority: { name: { ...file.authority.name }, complaintUrl: file.authority.complaintUrl },
        officers,
      })
    })
  })()
  return orgs
}

// ---------------------------------------------------------------------------- rows

class Writer {
  private messageId = 0
  private outboxId = 0
  private collectedId = 0
  private readonly references = new Set<string>()
  private readonly pick: (n: number) => number
  private readonly insertRequest: Database.Statement
  private readonly insertTerm: Database.Statement
  private readonly insertMessage: Database.Statement
  private readonly insertOutbox: Database.Statement
  private readonly insertCollected: Database.Statement

  constructor(
    sqlite: Database.Database,
    private readonly chain: Chain,
    seed: number,
  ) {
    // References come from one stream of their own, in request order, so they are unique and the same for the same seed.
    const random = seededRandom(seed, 0)
    this.pick = (n) => random.int(n)
    this.insertRequest = sqlite.prepare(`insert into requests (id, reference, org_id, type, status, outcome, closed, channel, language, details, subject_name, subject_email, subject_phone, subject_address, subject_identifiers,
      email_hash, phone_hash, registered_by_id, filed_at, received_at, email_verified_at, identity_verified_at, identity_method, due_at, sla_due_at, extension_months, paused_at, pause_reason, paused_days,
      assignee_id, last_activity_at, closed_at, created_at, updated_at) values (${Array.from({ length: 34 }, () => '?').join(', ')})`)
    this.insertTerm = sqlite.prepare('insert or ignore into request_terms (org_id, term_hash, request_id) values (?, ?, ?)')
    this.insertMessage = sqlite.prepare('insert into messages (id, org_id, request_id, author_kind, author_user_id, audience, purpose, body, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)')
    this.insertOutbox = sqlite.prepare(`insert into outbox (id, created_at, recipient, recipient_hash, language, template, params, links, message_id, status, attempts, next_attempt_at, sent_at, org_id, request_id)
      values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    this.insertCollected = sqlite.prepare('insert into collected_data (id, org_id, request_id, category, source, rows, row_count, created_at, created_by, accepted_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
  }

  /** Writes one prepared request with everything that belongs to it. */
  request(id: number, org: BenchOrg, p: PreparedRequest): void {
    let reference = generateReference(this.pick)
    while (this.references.has(reference)) reference = generateReference(this.pick)
    this.references.add(reference)
    this.insertRequest.run(id, reference, org.id, ...p.row)
    for (const hash of p.terms) this.insertTerm.run(org.id, hash, id)
    const messageIds = p.messages.map((m) => {
      const mid = ++this.messageId
      this.insertMessage.run(mid, org.id, id, ...m)
      return mid
    })
    const collectedIds = p.collected.map((c) => {
      const cid = ++this.collectedId
      this.insertCollected.run(cid, org.id, id, c[0], 'upload', c[1], c[2], c[3], c[4], c[3])
      return cid
    })
    let collected = 0
    for (const e of p.events) {
      const data = { ...e.data }
      for (const [key, ref] of e.messageRefs ?? []) data[key] = messageIds[ref]!
      if (e.kind === 'data_collected') data.collectedId = collectedIds[collected++]!
      this.chain.append({ at: e.at, orgId: org.id, requestId: id, actorKind: e.actorKind, actorUserId: e.actorUserId, kind: e.kind, data })
    }
    for (const m of p.emails) {
      const oid = ++this.outboxId
      const recipient = m.pending ? seal(m.to.email, 'outbox.recipient') : null
      const params = m.pending ? seal(JSON.stringify({ ...m.params, reference }), 'outbox.params') : null
      this.insertOutbox.run(oid, m.at, recipient, m.to.hash, m.to.language, m.template, params, m.links, m.messageId, m.pending ? 'pending' : 'sent', m.pending ? 0 : 1, m.at, m.sentAt, org.id, id)
    }
  }
}

/** Makes the requests in worker threads, `BATCH` at a time, and writes them in order as they come back. */
async function inWorkers(count: number, context: PrepareContext, write: (from: number, prepared: PreparedRequest[]) => void): Promise<void> {
  // A worker does not inherit the TypeScript loader this process runs under: it registers tsx itself.
  const entry = new URL('./generate-worker.ts', import.meta.url).href
  const bootstrap = `import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(entry)}) })`
  const threads = Array.from({ length: count }, () => new Worker(bootstrap, { eval: true, workerData: context }))
  const ready = new Map<number, PreparedRequest[]>()
  let nextJob = 0
  let nextWrite = 0
  try {
    await new Promise<void>((resolve, reject) => {
      const send = (worker: Worker) => {
        if (nextJob >= context.total) return
        worker.postMessage({ from: nextJob, to: Math.min(context.total, nextJob + BATCH) })
        nextJob += BATCH
      }
      for (const worker of threads) {
        worker.on('error', reject)
        worker.on('message', (reply: { from: number; prepared: PreparedRequest[] }) => {
          ready.set(reply.from, reply.prepared)
          try {
            while (ready.has(nextWrite)) {
              const prepared = ready.get(nextWrite)!
              ready.delete(nextWrite)
              write(nextWrite, prepared)
              nextWrite += BATCH
            }
          } catch (error) {
            reject(error)
            return
          }
          // Keep a few batches ahead, but not unboundedly many waiting to be written.
          if (ready.size < count * 2) send(worker)
          if (nextWrite >= context.total) resolve()
        })
        send(worker)
        send(worker)
      }
    })
  } finally {
    await Promise.all(threads.map((t) => t.terminate()))
  }
}

// ---------------------------------------------------------------------------- command line

function argument(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? args[i + 1] : undefined
}

async function main(args: string[]) {
  const requests = Number(argument(args, 'requests') ?? '1000')
  const out = argument(args, 'out') ?? '.bench/bench.sqlite'
  const seed = Number(argument(args, 'seed') ?? '1')
  const organisations = Number(argument(args, 'organisations') ?? '200')
  const workers = Number(argument(args, 'workers') ?? String(os.availableParallelism()))
  const nowArg = argument(args, 'now')
  if (!Number.isSafeInteger(requests) || requests < 1) throw new Error('--requests: a positive whole number')
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true })
  // Written under a temporary name and renamed when complete, so nobody opens half a database.
  const temporary = `${out}.partial-${process.pid}`
  const summary = await generateDatabase({
    path: temporary,
    requests,
    organisations,
    seed,
    workers,
    now: nowArg ? Date.parse(nowArg) : undefined,
    log: (line) => console.log(line),
  })
  const bytes = fs.statSync(temporary).size
  // The summary beside the file (<out>.json): the big organisation, the name to search for, the officer.
  fs.writeFileSync(`${out}.json`, `${JSON.stringify({ ...summary, path: out, bytes }, null, 2)}\n`)
  fs.renameSync(temporary, out)
  console.log(JSON.stringify({ ...summary, path: out, bytes, organisationSlugs: `${summary.organisationSlugs.length} slugs` }, null, 2))
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error)
    process.exit(1)
  })
}
