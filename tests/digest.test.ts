import { and, eq } from 'drizzle-orm'
import { DateTime } from 'luxon'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest'
import { getDb } from '#db/client.server'
import { events, outbox, requests, users, type Organisation, type User } from '#db/schema'
import { getOrganisationBySlug, importOrganisations, readOrganisationFiles } from '~/data/organisations.server'
import { daysLeft } from '~/domain/deadlines'
import type { RequestType } from '~/domain/request-types'
import { fileRequest } from '~/domain/requests.server'
import { sendDailyDigests, startDigestScheduler, type DigestOutcome } from '~/jobs/digest.server'
import { advanceClock, nowMs, resetClock, setClock } from '~/utils/clock'
import { createOfficer } from './support/officers'

// The daily digest against a real database: who gets it, in which language,
// what it lists (and never names), and that it goes out once a day.

const PUBLIC_URL = 'https://portal.test'
const DAY = 86_400_000
// Monday 2 March 2026, 09:00 in Copenhagen and 10:00 in Helsinki.
const TODAY = '2026-03-02T08:00:00Z'
const SUBJECT = { name: 'Margrethe Testesen-Hemmelig', email: 'margrethe.hemmelig@private.example' }

const db = getDb()
let orgA: Organisation
let orgB: Organisation
let quiet: Organisation
const officers: Record<string, User> = {}
const refs = { overdue: '', soon: '', sevenDays: '', eightDays: '', later: '', closed: '', orgB: '' }

function file(org: Organisation, type: RequestType, daysAgo: number, subject = SUBJECT) {
  setClock(new Date(new Date(TODAY).getTime() - daysAgo * DAY))
  const details = type === 'access' ? { type, scope: 'all' as const } : { type: 'erasure' as const, what: 'Everything', why: 'No longer needed' }
  const { reference } = fileRequest(db, { org, language: 'da', type: details.type, details, subject: { ...subject, identifiers: {} } }, PUBLIC_URL)
  return reference
}

/** Puts a request's queue date at the end of the local day `days` after TODAY. */
function dueIn(reference: string, org: Organisation, days: number) {
  const due = DateTime.fromISO(TODAY, { zone: org.timeZone }).startOf('day').plus({ days }).endOf('day').toJSDate()
  db.update(requests).set({ queueDueAt: due }).where(eq(requests.reference, reference)).run()
}

function digestEmails() {
  return db.select().from(outbox).where(eq(outbox.template, 'daily-digest')).all()
}

function emailTo(user: User) {
  const found = digestEmails().filter((e) => e.toAddress === user.email)
  expect(found, `digest emails to ${user.email}`).toHaveLength(1)
  return found[0]!
}

function outcomeOf(outcomes: DigestOutcome[], org: Organisation) {
  return outcomes.find((o) => o.orgId === org.id)
}

beforeAll(() => {
  setClock(TODAY)
  importOrganisations(db, readOrganisationFiles('db/organisations'))
  orgA = getOrganisationBySlug(db, 'engblomst-naturvaern')!
  orgB = getOrganisationBySlug(db, 'aivokipina')!
  quiet = getOrganisationBySlug(db, 'lygtebaererne')!

  refs.overdue = file(orgA, 'access', 45)
  refs.soon = file(orgA, 'erasure', 27)
  refs.sevenDays = file(orgA, 'access', 5)
  refs.eightDays = file(orgA, 'access', 5)
  refs.later = file(orgA, 'access', 3)
  refs.closed = file(orgA, 'erasure', 45)
  refs.orgB = file(orgB, 'access', 40, { name: 'Aino Salainen', email: 'aino.salainen@private.example' })
  dueIn(refs.sevenDays, orgA, 7)
  dueIn(refs.eightDays, orgA, 8)
  db.update(requests)
    .set({ status: 'completed', closed: true, closedAt: new Date(TODAY) })
    .where(eq(requests.reference, refs.closed))
    .run()
  setClock(TODAY)

  officers.da = createOfficer(db, { orgId: orgA.id, language: 'da', name: 'Dorte Officer' })
  officers.fi = createOfficer(db, { orgId: orgA.id, language: 'fi', name: 'Fanni Officer' })
  officers.admin = createOfficer(db, { orgId: orgA.id, role: 'admin', language: 'en', name: 'Anne Admin' })
  officers.removed = createOfficer(db, { orgId: orgA.id, language: 'da' })
  db.update(users)
    .set({ removedAt: new Date(TODAY) })
    .where(eq(users.id, officers.removed.id))
    .run()
  // Invited, but has not set a password yet.
  officers.invited = db
    .insert(users)
    .values({ orgId: orgA.id, role: 'officer', email: 'invited@test.example', name: 'Ines Invited', language: 'da', createdAt: new Date(TODAY) })
    .returning()
    .get()
  officers.orgB = createOfficer(db, { orgId: orgB.id, language: 'fi' })
  officers.quiet = createOfficer(db, { orgId: quiet.id, language: 'da' })
  officers.operator = createOfficer(db, { orgId: null, role: 'operator' })
})

beforeEach(() => {
  db.delete(outbox).run()
})

afterEach(() => {
  vi.useRealTimers()
})

afterAll(() => {
  resetClock()
})

describe('the daily digest', () => {
  test('fixture: the requests sit where the test says', () => {
    setClock(TODAY)
    const left = (reference: string) => {
      const r = db.select().from(requests).where(eq(requests.reference, reference)).get()!
      return daysLeft(r.queueDueAt, new Date(nowMs()), orgA.timeZone)
    }
    expect(left(refs.overdue)).toBeLessThan(0)
    expect(left(refs.soon)).toBeGreaterThanOrEqual(0)
    expect(left(refs.soon)).toBeLessThan(7)
    expect(left(refs.sevenDays)).toBe(7)
    expect(left(refs.eightDays)).toBe(8)
    expect(left(refs.later)).toBeGreaterThan(8)
  })

  test("goes to each active officer of the organisation, in the officer's language, and lists only what is due within 7 days", () => {
    setClock(TODAY)
    const outcomes = sendDailyDigests(db, { publicUrl: PUBLIC_URL })
    expect(outcomeOf(outcomes, orgA)).toMatchObject({ result: 'sent', emails: 3, date: '2026-03-02' })
    expect(outcomeOf(outcomes, orgB)).toMatchObject({ result: 'sent', emails: 1 })
    expect(outcomeOf(outcomes, quiet)).toMatchObject({ result: 'nothing_due', emails: 0 })

    const recipients = digestEmails()
      .map((e) => e.toAddress)
      .sort()
    expect(recipients).toEqual([officers.da!.email, officers.fi!.email, officers.admin!.email, officers.orgB!.email].sort())

    const da = emailTo(officers.da!)
    const fi = emailTo(officers.fi!)
    const en = emailTo(officers.admin!)
    expect(da.language).toBe('da')
    expect(fi.language).toBe('fi')
    expect(en.language).toBe('en')
    expect(da.text).toContain('Åbn køen')
    expect(da.text).toMatch(/dage over fristen/)
    expect(da.html).toContain('lang="da"')
    expect(fi.text).toContain('Avaa jono')
    expect(fi.text).toMatch(/päivää myöhässä/)
    expect(fi.html).toContain('lang="fi"')
    expect(en.text).toContain('Open the queue')
    expect(da.text).not.toContain('Avaa jono')
    expect(fi.text).not.toContain('Åbn køen')
    expect(da.subject).not.toBe(fi.subject)
    expect(da.text).toContain(`${PUBLIC_URL}/da/officer/queue`)
    expect(fi.text).toContain(`${PUBLIC_URL}/fi/officer/queue`)

    for (const email of [da, fi, en]) {
      for (const body of [email.text, email.html]) {
        expect(body).toContain(refs.overdue)
        expect(body).toContain(refs.soon)
        expect(body).toContain(refs.sevenDays)
        expect(body).not.toContain(refs.eightDays)
        expect(body).not.toContain(refs.later)
        expect(body).not.toContain(refs.closed)
        expect(body).not.toContain(refs.orgB)
      }
    }
    const b = emailTo(officers.orgB!)
    expect(b.text).toContain(refs.orgB)
    expect(b.text).not.toContain(refs.overdue)

    // Reference and type only: nothing about the person who made the request.
    expect(en.text).toContain(`${refs.soon}: Erasure – `)
    expect(en.text).toContain(`${refs.sevenDays}: Access – 7 days left`)
    for (const e of digestEmails()) {
      for (const part of [e.subject, e.text, e.html]) {
        expect(part).not.toContain('Testesen')
        expect(part).not.toContain('Aino')
        expect(part).not.toContain('private.example')
      }
    }
  })

  test('goes out once a day: the same day again sends nothing, the next day sends again', () => {
    const dayOne = DateTime.fromISO(TODAY).plus({ days: 7 })
    setClock(dayOne.toJSDate())
    const first = sendDailyDigests(db, { publicUrl: PUBLIC_URL })
    expect(outcomeOf(first, orgA)?.result).toBe('sent')
    expect(digestEmails()).toHaveLength(4)

    const event = db
      .select()
      .from(events)
      .where(and(eq(events.orgId, orgA.id), eq(events.kind, 'digest_sent')))
      .all()
      .find((e) => e.data.date === '2026-03-09')
    expect(event).toMatchObject({ requestId: null, actorKind: 'system', kind: 'digest_sent' })

    advanceClock(10 * 3_600_000) // 19:00 the same day in Copenhagen
    const again = sendDailyDigests(db, { publicUrl: PUBLIC_URL })
    expect(outcomeOf(again, orgA)?.result).toBe('already_sent')
    expect(outcomeOf(again, orgB)?.result).toBe('already_sent')
    expect(digestEmails()).toHaveLength(4)

    advanceClock(14 * 3_600_000) // 09:00 the next day
    const nextDay = sendDailyDigests(db, { publicUrl: PUBLIC_URL })
    expect(outcomeOf(nextDay, orgA)).toMatchObject({ result: 'sent', date: '2026-03-10' })
    expect(digestEmails()).toHaveLength(8)
  })

  test("the scheduler sends each organisation's digest once it is past 07:00 there", () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    // 06:30 in Copenhagen, 07:30 in Helsinki.
    setClock('2026-03-20T05:30:00Z')
    const stop = startDigestScheduler(db, { publicUrl: PUBLIC_URL })
    try {
      vi.advanceTimersByTime(15 * 60_000)
      expect(digestEmails().map((e) => e.toAddress)).toEqual([officers.orgB!.email])

      setClock('2026-03-20T06:05:00Z') // 07:05 in Copenhagen
      vi.advanceTimersByTime(15 * 60_000)
      expect(digestEmails()).toHaveLength(4)

      vi.advanceTimersByTime(15 * 60_000)
      expect(digestEmails()).toHaveLength(4)
    } finally {
      stop()
    }
  })

  test('sends nothing, and records nothing, when nothing is due', () => {
    setClock(TODAY)
    const outcome = outcomeOf(sendDailyDigests(db, { publicUrl: PUBLIC_URL }), quiet)
    expect(outcome?.result).toBe('nothing_due')
    expect(digestEmails().filter((e) => e.toAddress === officers.quiet!.email)).toHaveLength(0)
    expect(
      db
        .select()
        .from(events)
        .where(and(eq(events.orgId, quiet.id), eq(events.kind, 'digest_sent')))
        .all()
    ).toHaveLength(0)
  })
})
