import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { asc, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type DB } from '#db/client.server'
import { events, messages, organisations, outbox, requests, requestTerms, sessions, users } from '#db/schema'
import { verifyChain } from '~/data/audit.server'
import { queuePage } from '~/data/officer-requests.server'
import { dashboardStats } from '~/data/dashboard.server'
import { EVENTS } from '~/domain/events'
import { purge } from '~/domain/purge.server'
import { resetClock, setClock } from '~/utils/clock'
import { keyedHash } from '~/utils/crypto.server'
import { resetEnv } from '~/utils/env.server'
import { searchWords } from '~/utils/search-terms'
import { renderEmail } from '#emails/templates'
import { benchOfficer, generateDatabase, type GenerateSummary } from './bench/generate'
import { planRequest, type BenchOrg } from './bench/generate-lifecycle'
import { seededRandom } from './bench/generate-random'
import { BENCH_ENV } from './bench/keys'

// The benchmark database generator (tests/bench/generate.ts), at a small N:
// the shape, a valid audit chain, values sealed under the bench keys, the
// name index as the queue searches it, and the same content from the same seed.

const NOW = Date.parse('2026-11-20T12:00:00Z')
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-generate-'))
const first = path.join(dir, 'a.sqlite')
const second = path.join(dir, 'b.sqlite')
let summary: GenerateSummary
let db: DB

beforeAll(async () => {
  summary = await generateDatabase({ path: first, requests: 300, organisations: 12, seed: 7, now: NOW })
  db = openDatabase(first)
}, 60_000)

afterAll(() => {
  db?.$client.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('the benchmark database generator', () => {
  it('fills the shape asked for: organisations with officers, one holding most requests, events, messages and email per request', () => {
    expect(summary.counts.organisations).toBe(12)
    expect(summary.counts.requests).toBe(300)
    expect(db.select().from(requests).all()).toHaveLength(300)
    const big = db.select().from(organisations).where(eq(organisations.slug, summary.bigOrganisation.slug)).get()!
    const bigCount = db.select().from(requests).where(eq(requests.orgId, big.id)).all().length
    expect(bigCount).toBe(summary.bigOrganisation.requests)
    expect(bigCount / 300).toBeGreaterThan(0.5)
    expect(bigCount / 300).toBeLessThan(0.7)
    // Per request on average: about 4.85 events, 0.64 messages and 3.07 emails (issue #16).
    expect(summary.counts.events! / 300).toBeGreaterThan(4)
    expect(summary.counts.events! / 300).toBeLessThan(6)
    expect(summary.counts.messages! / 300).toBeGreaterThan(0.4)
    expect(summary.counts.messages! / 300).toBeLessThan(0.9)
    expect(summary.counts.outbox! / 300).toBeGreaterThan(2.5)
    expect(summary.counts.outbox! / 300).toBeLessThan(3.6)
    const rows = db.select().from(requests).all()
    // At 300 requests over three years few are open (an unconfirmed one is rarer still): every closed status, and several open ones.
    const statuses = new Set(rows.map((r) => r.status))
    for (const status of ['received', 'in_progress', 'completed', 'refused', 'withdrawn'] as const) expect(statuses).toContain(status)
    expect(new Set(rows.map((r) => r.channel)).size).toBe(5)
    expect(new Set(rows.map((r) => r.type)).size).toBe(7)
    expect(rows.filter((r) => !r.closed).length).toBeGreaterThan(0)
    expect(rows.filter((r) => !r.closed && r.status !== 'unverified' && r.dueAt.getTime() < NOW).length).toBeGreaterThan(0)
    expect(rows.every((r) => r.closed === ['completed', 'refused', 'withdrawn'].includes(r.status))).toBe(true)
    expect(rows.every((r) => r.receivedAt.getTime() <= NOW && r.lastActivityAt.getTime() <= NOW && r.receivedAt.getTime() > NOW - 3 * 366 * 86_400_000)).toBe(true)
    expect(db.$client.prepare('select count(*) as n from events where at > ?').get(NOW)).toEqual({ n: 0 })
    expect(db.$client.prepare('select count(*) as n from outbox where created_at > ? or next_attempt_at > ?').get(NOW, NOW)).toEqual({ n: 0 })
    // Every event is one the portal declares, with data its declaration accepts.
    for (const e of db.select().from(events).all()) {
      const declaration = (EVENTS as Record<string, { data: { strict?: () => { safeParse: (v: unknown) => { success: boolean } } } }>)[e.kind]
      expect(declaration, e.kind).toBeDefined()
      expect(declaration!.data.strict!().safeParse(e.data).success, `${e.kind} ${JSON.stringify(e.data)}`).toBe(true)
    }
  })

  it('writes one audit chain that the portal verifies', () => {
    const check = verifyChain(db)
    expect(check.ok).toBe(true)
    expect(check.checked).toBe(summary.counts.events)
  })

  it('seals personal data under the bench keys: the file holds no name in clear, the portal opens it', () => {
    const raw = db.$client.prepare('select subject_name, subject_email from requests where id = 1').get() as { subject_name: string; subject_email: string | null }
    expect(raw.subject_name).toMatch(/^v1\.bench1\./)
    const opened = db.select().from(requests).where(eq(requests.id, 1)).get()!
    expect(opened.subjectName).toMatch(/^\p{L}+( \p{L}+)* [\p{L}-]+$/u)
    expect(opened.subjectName).not.toBe(raw.subject_name)
    const file = fs.readFileSync(first)
    expect(file.includes(Buffer.from(opened.subjectName, 'utf8'))).toBe(false)
    expect(process.env.DATA_KEYS).toBe(BENCH_ENV.DATA_KEYS)
  })

  it('fills the name index as the portal does, so the queue finds a common surname', () => {
    const big = db.select().from(organisations).where(eq(organisations.slug, summary.bigOrganisation.slug)).get()!
    for (const r of db.select().from(requests).where(eq(requests.orgId, big.id)).all()) {
      const stored = db.select().from(requestTerms).where(eq(requestTerms.requestId, r.id)).all().map((t) => t.termHash).sort()
      expect(stored).toEqual(searchWords(r.subjectName).map((w) => keyedHash('name-term', w)).sort())
    }
    const admin = db.select().from(users).where(eq(users.orgId, big.id)).orderBy(asc(users.id)).get()!
    const found = queuePage(db, { orgId: big.id, userId: admin.id, now: new Date(NOW), filters: { q: summary.commonNameWord, status: 'completed', sort: 'received', dir: 'desc' }, limit: 500 }).rows
    expect(summary.commonNameMatches).toBeGreaterThan(5)
    expect(found.length).toBeGreaterThan(0)
    for (const row of found) expect(db.select().from(requests).where(eq(requests.id, row.id)).get()!.subjectName).toContain(summary.commonNameWord)
    const stats = dashboardStats(db, { orgId: big.id, timeZone: big.timeZone, months: 12 })
    expect(stats.total.received).toBeGreaterThan(0)
  })

  it('holds nothing the purge would erase: a portal started on it keeps the shape', async () => {
    setClock(NOW)
    try {
      const report = await purge(db, { dryRun: true })
      expect(report.requests).toBe(0)
      expect(Object.values(report.tables).every((n) => n === 0)).toBe(true)
    } finally {
      resetClock()
    }
  })

  it('gives every email the parameters its template needs, so the outbox can send what waits', () => {
    const org = db.select().from(organisations).where(eq(organisations.slug, summary.bigOrganisation.slug)).get()!
    const bench: BenchOrg = {
      id: org.id,
      slug: org.slug,
      name: org.name,
      country: org.country,
      timeZone: org.timeZone,
      slaDays: org.slaDays,
      pauseClockOnInfoRequest: org.pauseClockOnInfoRequest,
      privacyEmail: org.privacyEmail,
      languages: [...org.profile.languages],
      identityMethods: [...org.profile.identityMethods],
      identifiers: org.profile.identifiers.map((f) => ({ key: f.key, type: f.type })),
      categories: org.profile.register.dataCategories.map((c) => ({ key: c.key, fields: c.fields.map((f) => f.key) })),
      authority: { name: { ...org.profile.authority.name }, complaintUrl: org.profile.authority.complaintUrl },
      officers: db.select().from(users).where(eq(users.orgId, org.id)).all().map((u) => u.id),
    }
    const random = seededRandom(3)
    const templates = new Set<string>()
    for (let i = 0; i < 600; i++) {
      const plan = planRequest(random, bench, NOW - random.int(120) * 86_400_000 - random.int(14) * 3_600_000, NOW)
      for (const email of plan.emails) {
        // As tests/bench/generate-rows.ts completes them: the reference, and an officer's link to the request.
        const params = { ...email.params, reference: 'ABCD-EFGH', ...(email.toKind === 'subject' ? {} : { link: '/en/officer/requests/1' }) }
        const links = Object.fromEntries((email.links as Array<{ name: string }>).map((l) => [l.name, { url: 'http://localhost/x', expiresAt: new Date(NOW) }]))
        expect(() => renderEmail(email.template, plan.language, params, links), `${email.template} ${JSON.stringify(params)}`).not.toThrow()
        templates.add(email.template)
      }
    }
    expect(templates.size).toBeGreaterThanOrEqual(8)
  })

  it('signs in an officer of the big organisation with a session cookie', () => {
    const officer = benchOfficer(first, summary.bigOrganisation.slug)
    expect(officer.cookie).toMatch(/^__officer=/)
    const user = db.select().from(users).where(eq(users.id, officer.userId)).get()!
    expect(user.role).toBe('admin')
    expect(user.email).toBe(summary.officer.email)
    expect(db.select().from(sessions).where(eq(sessions.userId, officer.userId)).all()).toHaveLength(1)
  })

  it('gives the same content for the same seed (sealed values compared opened)', async () => {
    // Made in a worker thread this time: the content must not depend on which thread made it.
    await generateDatabase({ path: second, requests: 300, organisations: 12, seed: 7, now: NOW, workers: 1 })
    resetEnv()
    const other = openDatabase(second)
    try {
      for (const table of [requests, messages, events, outbox, users, requestTerms] as const) {
        const a = db.select().from(table).all()
        const b = other.select().from(table).all()
        expect(b).toEqual(a)
      }
      const sessionsLeft = db.select().from(sessions).all().length
      expect(other.select().from(sessions).all().length).toBe(sessionsLeft - 1)
    } finally {
      other.$client.close()
    }
  }, 60_000)
})
