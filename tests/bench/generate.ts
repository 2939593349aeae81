import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type Database from 'better-sqlite3'
import { migrateDatabase, openDatabase } from '#db/client.server'
import { parseOrganisationFile, type OrganisationFile } from '#db/organisation-file'
import { readOrganisationFiles, upsertOrganisation } from '~/data/organisations.server'
import { keyedHash, seal } from '~/utils/crypto.server'
import { resetEnv } from '~/utils/env.server'
import { phoneE164 } from '~/utils/phone'
import { generateReference } from '~/utils/reference'
import { normaliseEmail, searchWords } from '~/utils/search-terms'
import type { Language } from '~/vocabulary'
import { planRequest, type BenchOrg, type PlannedRequest } from './generate-lifecycle'
import { commonSurname, person } from './generate-names'
import { benchAdminEmail, benchOfficerEmail, benchPasswordHash, benchTotpSecret } from './generate-officers'
import { seededRandom, weighted } from './generate-random'
import { applyBenchEnv, BENCH_PASSWORD } from './keys'

export { benchOfficer, type BenchOfficer } from './generate-officers'
export { BENCH_ENV, BENCH_PASSWORD } from './keys'

// The benchmark database (issue #16): N requests over 200 organisations, one
// of which holds 60 % of them, with their messages, audit events (one valid
// hash chain), emails, name-search terms and some collected data, every
// personal value sealed with the portal's own functions under the keys of
// tests/bench/keys.ts. Deterministic: the same seed, count and `now` give the
// same content (sealed values differ only by their random IVs).
//
//   npx tsx tests/bench/generate.ts --requests 1000000 --out /work/bench-data/1m.sqlite [--seed 1] [--now 2026-12-05]

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
  sqlite.pragma('journal_mode = OFF')
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

  const random = seededRandom(seed)
  const chain = new Chain(sqlite)
  const start = now - 3 * YEAR + 40 * DAY
  const orgs = createOrganisations(db, sqlite, chain, { count: orgCount, seed, at: start - 2 * DAY })
  log(`${orgs.length} organisations, ${orgs.reduce((n, o) => n + o.officers.length, 0)} officers`)

  // The big organisation holds bigShare of the requests; the others share the rest, a few large, most small.
  const bigShare = opts.bigShare ?? 0.6
  const orgTable = weighted(orgs.map((o, i) => [i, i === 0 ? bigShare : ((1 - bigShare) * (1 / Math.pow(i, 0.8))) / harmonic(orgs.length - 1, 0.8)] as const))
  const writer = new Writer(sqlite, chain, orgs, now)
  const perOrg = new Map<number, number>()
  const commonWord = commonSurname(orgs[0]!.country)
  const commonHash = keyedHash('name-term', searchWords(commonWord)[0]!)
  let commonMatches = 0

  const references = new Set<string>()
  const pick = (n: number) => random.int(n)
  const BATCH = 5000
  const span = now - 2 * DAY - start
  const days = Math.floor(span / DAY)
  for (let done = 0; done < total; ) {
    const end = Math.min(total, done + BATCH)
    sqlite.transaction(() => {
      for (let i = done; i < end; i++) {
        // Receipts spread evenly over the period, in order, between 06:00 and 20:00 UTC.
        const x = ((i + random.next()) / total) * days
        const day = Math.floor(x)
        const t0 = start + day * DAY + 6 * 3_600_000 + Math.floor((x - day) * 14 * 3_600_000)
        const orgIndex = random.weighted(orgTable)
        const org = orgs[orgIndex]!
        let reference = generateReference(pick)
        while (references.has(reference)) reference = generateReference(pick)
        references.add(reference)
        const who = person(random, org.country, i)
        const plan = planRequest(random, org, t0, now)
        const terms = writer.request(org, reference, who, plan, random)
        if (orgIndex === 0 && terms.includes(commonHash)) commonMatches++
        perOrg.set(org.id, (perOrg.get(org.id) ?? 0) + 1)
      }
    })()
    done = end
    if (done % 50_000 === 0 || done === total) log(`${done.toLocaleString('en')} requests (${Math.round((Date.now() - started) / 1000)} s)`)
  }
  references.clear()

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

const GENESIS = 'genesis'

/**
 * The same canonical form and keyed hash as app/data/audit.server.ts (whose
 * entryHash is not exported): the test checks the result with its verifyChain.
 */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`
  }
  return JSON.stringify(value ?? null)
}

class Chain {
  private previous = GENESIS
  private id = 0
  private readonly insert: Database.Statement
  constructor(sqlite: Database.Database) {
    this.insert = sqlite.prepare('insert into events (id, at, org_id, request_id, actor_kind, actor_user_id, kind, data, hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?)')
  }
  append(e: { at: number; orgId: number | null; requestId: number | null; actorKind: string; actorUserId: number | null; kind: string; data: Record<string, unknown> }): number {
    const hash = keyedHash('audit-chain', `${this.previous}\n${canonical([e.at, e.orgId, e.requestId, e.actorKind, e.actorUserId, e.kind, e.data])}`)
    this.id++
    this.insert.run(this.id, e.at, e.orgId, e.requestId, e.actorKind, e.actorUserId, e.kind, JSON.stringify(e.data), hash)
    this.previous = hash
    return this.id
  }
}

// ---------------------------------------------------------------------------- organisations and officers

type DB = ReturnType<typeof openDatabase>

/** The big organisation is a copy of this one: Danish, pauses the clock, with an identifier of type phone. */
const BIG_TEMPLATE = 'dyrevaernsringen'

function createOrganisations(db: DB, sqlite: Database.Database, chain: Chain, o: { count: number; seed: number; at: number }): BenchOrg[] {
  const templates = readOrganisationFiles(path.resolve('db/organisations'))
    .map((f) => f.org)
    .filter((org) => org.kind === 'controller')
  const big = templates.find((t) => t.slug === BIG_TEMPLATE) ?? templates[0]!
  const others = templates.filter((t) => t !== big)
  const files: OrganisationFile[] = []
  for (let i = 0; i < o.count; i++) {
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
      ...(template.inbound ? { inbound: { ...template.inbound, addresses: [`persondata@bench-${n}.example`] } } : {}),
    }
    files.push(parseOrganisationFile(`${slug} (from ${template.slug})`, raw))
  }
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
  private requestId = 0
  private readonly termHashes = new Map<string, string>()
  private readonly officerEmails = new Map<number, { email: string; hash: string; language: Language }>()
  private readonly privacy = new Map<number, { email: string; hash: string }>()
  private readonly insertRequest: Database.Statement
  private readonly insertTerm: Database.Statement
  private readonly insertMessage: Database.Statement
  private readonly insertOutbox: Database.Statement
  private readonly insertCollected: Database.Statement

  constructor(
    sqlite: Database.Database,
    private readonly chain: Chain,
    orgs: BenchOrg[],
    private readonly now: number,
  ) {
    this.insertRequest = sqlite.prepare(`insert into requests (id, org_id, reference, type, status, outcome, closed, channel, language, details, subject_name, subject_email, subject_phone, subject_address, subject_identifiers,
      email_hash, phone_hash, registered_by_id, filed_at, received_at, email_verified_at, identity_verified_at, identity_method, due_at, sla_due_at, extension_months, paused_at, pause_reason, paused_days,
      assignee_id, last_activity_at, closed_at, created_at, updated_at) values (${Array.from({ length: 34 }, () => '?').join(', ')})`)
    this.insertTerm = sqlite.prepare('insert or ignore into request_terms (org_id, term_hash, request_id) values (?, ?, ?)')
    this.insertMessage = sqlite.prepare('insert into messages (id, org_id, request_id, author_kind, author_user_id, audience, purpose, body, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)')
    this.insertOutbox = sqlite.prepare(`insert into outbox (id, created_at, recipient, recipient_hash, language, template, params, links, message_id, status, attempts, next_attempt_at, sent_at, org_id, request_id)
      values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    this.insertCollected = sqlite.prepare('insert into collected_data (id, org_id, request_id, category, source, rows, row_count, created_at, created_by, accepted_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
    for (const org of orgs) {
      this.privacy.set(org.id, { email: org.privacyEmail, hash: keyedHash('email', normaliseEmail(org.privacyEmail)) })
      org.officers.forEach((id, k) => {
        const email = k === 0 ? benchAdminEmail(org.slug) : benchOfficerEmail(org.slug, k)
        this.officerEmails.set(id, { email, hash: keyedHash('email', email), language: org.languages[0]! })
      })
    }
  }

  private termHash(word: string): string {
    let hash = this.termHashes.get(word)
    if (!hash) this.termHashes.set(word, (hash = keyedHash('name-term', word)))
    return hash
  }

  /** Writes one planned request with everything that belongs to it; returns its name's term hashes. */
  request(org: BenchOrg, reference: string, who: { name: string; email: string; phone: string; address: string }, p: PlannedRequest, random: { int(n: number): number }): string[] {
    const id = ++this.requestId
    const email = p.withEmail ? normaliseEmail(who.email) : null
    const emailHash = email ? keyedHash('email', email) : null
    const phone = p.withPhone ? who.phone : null
    const e164 = phone ? phoneE164(phone, org.country) : null
    const closed = p.status === 'completed' || p.status === 'refused' || p.status === 'withdrawn'
    this.insertRequest.run(
      id, org.id, reference, p.type, p.status, p.outcome, closed ? 1 : 0, p.channel, p.language,
      seal(JSON.stringify(p.details), 'requests.details'),
      seal(who.name, 'requests.subject_name'),
      email === null ? null : seal(email, 'requests.subject_email'),
      phone === null ? null : seal(phone, 'requests.subject_phone'),
      p.withAddress ? seal(who.address, 'requests.subject_address') : null,
      seal(JSON.stringify(p.identifiers), 'requests.subject_identifiers'),
      emailHash, e164 ? keyedHash('phone', e164) : null, p.registeredById, p.filedAt, p.receivedAt, p.emailVerifiedAt, p.identityVerifiedAt, p.identityMethod,
      p.dueAt, p.slaDueAt, p.extensionMonths, p.pausedAt, p.pauseReason, p.pausedDays, p.assigneeId, p.lastActivityAt, p.closedAt, p.filedAt, p.lastActivityAt,
    )
    const terms = searchWords(who.name).map((w) => this.termHash(w))
    for (const hash of terms) this.insertTerm.run(org.id, hash, id)

    const messageIds = p.messages.map((m) => {
      const mid = ++this.messageId
      this.insertMessage.run(mid, org.id, id, m.authorKind, m.authorUserId, m.audience, m.purpose, seal(m.body, 'messages.body'), m.at)
      return mid
    })
    const collectedIds = p.collected.map((c) => {
      const cid = ++this.collectedId
      this.insertCollected.run(cid, org.id, id, c.category, 'upload', seal(JSON.stringify(c.rows), 'collected_data.rows'), c.rows.length, c.at, c.by, c.at)
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
      const to =
        m.toKind === 'subject'
          ? { email: email!, hash: emailHash!, language: p.language }
          : m.toKind === 'officer'
            ? this.officerEmails.get(m.officerId!)!
            : { ...this.privacy.get(org.id)!, language: org.languages[0]! }
      if (!to.email) continue
      // Email older than a day was delivered (its address and parameters cleared); newer email waits, sealed.
      const pending = m.at > this.now - DAY
      const links = m.links.map((l) => ({ ...(l as object), requestId: id }))
      const params = m.toKind === 'subject' ? { ...m.params, reference } : { ...m.params, reference, link: `/${to.language}/officer/requests/${id}` }
      const messageId = `<${hex(random, 8)}-${hex(random, 4)}-4${hex(random, 3)}-a${hex(random, 3)}-${hex(random, 12)}@rights-portal>`
      this.insertOutbox.run(
        oid, m.at, pending ? seal(to.email, 'outbox.recipient') : null, to.hash, to.language, m.template, pending ? seal(JSON.stringify(params), 'outbox.params') : null, JSON.stringify(links), messageId,
        pending ? 'pending' : 'sent', pending ? 0 : 1, m.at, pending ? null : m.at + 2000 + random.int(60_000), org.id, id,
      )
    }
    return terms
  }
}

function hex(random: { int(n: number): number }, n: number): string {
  let s = ''
  for (let i = 0; i < n; i++) s += '0123456789abcdef'[random.int(16)]
  return s
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
    now: nowArg ? Date.parse(nowArg) : undefined,
    log: (line) => console.log(line),
  })
  fs.renameSync(temporary, out)
  const size = fs.statSync(out).size
  console.log(JSON.stringify({ ...summary, path: out, bytes: size, organisationSlugs: `${summary.organisationSlugs.length} slugs` }, null, 2))
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error)
    process.exit(1)
  })
}
