import { and, eq } from 'drizzle-orm'
import { DateTime } from 'luxon'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest'
import { getDb } from '#db/client.server'
import { events, outbox, requests, users, type Organisation, type User } from '#db/schema'
import { insertUser } from '~/data/users.server'
import { daysLeft } from '~/domain/deadlines'
import { savePreferences } from '~/domain/notifications.server'
import { assignRequest, withdrawRequest } from '~/domain/requests.server'
import { sendDailyDigests, startDigestScheduler, type DigestOutcome } from '~/jobs/digest.server'
import { nowMs, resetClock, setClock } from '~/utils/clock'
import type { RequestType } from '~/vocabulary'
import { deliverAll, type Delivered } from './support/mail'
import { createOfficer } from './support/officers'
import { loadDemoOrganisations, newRequest } from './support/requests'

// The daily round against a real database: who gets a digest, in which
// language, what it lists (each officer what they chose, never anyone's name),
// the "deadline at once" emails, and that it runs once a day.

const DAY = 86_400_000
// Monday 2 March 2026, 09:00 in Copenhagen and 10:00 in Helsinki.
const TODAY = '2026-03-02T08:00:00Z'
const SUBJECT = { name: 'Margrethe Testesen-Hemmelig', email: 'margrethe.hemmelig@private.example' }

const db = getDb()
let orgA: Organisation
let orgB: Organisation
let quiet: Organisation
const officers: Record<string, User> = {}
const refs = { overdue: '', soon: '', sevenDays: '', eightDays: '', tenDays: '', later: '', closed: '', orgB: '', fresh: '' }
const ids: Record<string, number> = {}

let filed = 0
async function file(org: Organisation, type: RequestType, daysAgo: number, subject = SUBJECT) {
  setClock(new Date(new Date(TODAY).getTime() - daysAgo * DAY))
  // An address of its own each: the clock moves back and forth here, and one address gets only a few confirmations an hour.
  const { request } = await newRequest(db, org, { language: 'da', type, name: subject.name, email: subject.email.replace('@', `+${++filed}@`) })
  ids[request.reference] = request.id
  return request.reference
}

/** Puts a request's legal deadline at the end of the local day `days` after TODAY. */
function dueIn(reference: string, org: Organisation, days: number) {
  const due = DateTime.fromISO(TODAY, { zone: org.timeZone }).startOf('day').plus({ days }).endOf('day').toJSDate()
  db.update(requests).set({ dueAt: due }).where(eq(requests.reference, reference)).run()
}

let delivered: Delivered[] = []
async function round(opts: { notBeforeHour?: number } = {}) {
  const outcomes = sendDailyDigests(db, opts)
  delivered = await deliverAll(db)
  return outcomes
}
const digests = () => delivered.filter((m) => m.template === 'daily-digest')
function digestTo(user: User) {
  const found = digests().filter((m) => m.to_ === user.email)
  expect(found, `digests to ${user.email}`).toHaveLength(1)
  return found[0]!
}
const outcomeOf = (outcomes: DigestOutcome[], org: Organisation) => outcomes.find((o) => o.orgId === org.id)

beforeAll(async () => {
  setClock(TODAY)
  const orgs = loadDemoOrganisations(db)
  orgA = orgs['engblomst-naturvaern']!
  orgB = orgs['aivokipina']!
  quiet = orgs['lygtebaererne']!

  // Officers first, so the "at once" emails of the fixture go to them (and are thrown away below).
  officers.da = createOfficer(db, { orgId: orgA.id, language: 'da', name: 'Dorte Officer' })
  officers.fi = createOfficer(db, { orgId: orgA.id, language: 'fi', name: 'Fanni Officer' })
  officers.admin = createOfficer(db, { orgId: orgA.id, role: 'admin', language: 'en', name: 'Anne Admin' })
  officers.removed = createOfficer(db, { orgId: orgA.id, language: 'da' })
  db.update(users).set({ removedAt: new Date(TODAY) }).where(eq(users.id, officers.removed.id)).run()
  // Invited, but has not set a password yet: cannot sign in to act on anything.
  officers.invited = db.transaction((tx) => insertUser(tx, { orgId: orgA.id, role: 'officer', email: 'invited@test.example', name: 'Ines Invited', language: 'da', createdAt: new Date(TODAY) }))
  officers.orgB = createOfficer(db, { orgId: orgB.id, language: 'fi' })
  officers.quiet = createOfficer(db, { orgId: quiet.id, language: 'da' })
  officers.operator = createOfficer(db, { orgId: null, role: 'operator' })

  refs.overdue = await file(orgA, 'access', 45)
  refs.soon = await file(orgA, 'erasure', 27)
  refs.sevenDays = await file(orgA, 'access', 5)
  refs.eightDays = await file(orgA, 'access', 5)
  refs.tenDays = await file(orgA, 'access', 4)
  refs.later = await file(orgA, 'access', 3)
  refs.closed = await file(orgA, 'erasure', 45)
  refs.orgB = await file(orgB, 'access', 40, { name: 'Aino Salainen', email: 'aino.salainen@private.example' })
  dueIn(refs.sevenDays, orgA, 7)
  dueIn(refs.eightDays, orgA, 8)
  dueIn(refs.tenDays, orgA, 10)
  withdrawRequest(db, { orgId: orgA.id, requestId: ids[refs.closed]!, officerId: officers.da.id })
  // Everything so far was taken by nobody and was announced at once; an earlier digest went out yesterday.
  setClock(new Date(new Date(TODAY).getTime() - DAY))
  sendDailyDigests(db)
  refs.fresh = await file(orgA, 'access', 0.5)
  setClock(TODAY)
})

beforeEach(() => {
  db.delete(outbox).run()
  db.delete(events).where(and(eq(events.kind, 'digest_sent'), eq(events.at, new Date(TODAY)))).run()
})

afterEach(() => {
  vi.useRealTimers()
})

afterAll(() => {
  resetClock()
})

describe('the daily digest', () => {
  test('fixture: the requests sit where the test says', () => {
    const left = (reference: string) => daysLeft(db.select().from(requests).where(eq(requests.reference, reference)).get()!.dueAt, new Date(nowMs()), orgA.timeZone)
    expect(left(refs.overdue)).toBeLessThan(0)
    expect(left(refs.soon)).toBeGreaterThanOrEqual(0)
    expect(left(refs.soon)).toBeLessThan(7)
    expect(left(refs.sevenDays)).toBe(7)
    expect(left(refs.eightDays)).toBe(8)
    expect(left(refs.later)).toBeGreaterThan(10)
  })

  test("goes to each active officer, in the officer's language: the legal deadlines within 7 days, the new requests, the unassigned count", async () => {
    const outcomes = await round()
    expect(outcomeOf(outcomes, orgA)).toMatchObject({ result: 'sent', emails: 3, date: '2026-03-02' })
    expect(outcomeOf(outcomes, orgB)).toMatchObject({ result: 'sent', emails: 1 })
    expect(digests().map((m) => m.to_).sort()).toEqual([officers.da!.email, officers.fi!.email, officers.admin!.email, officers.orgB!.email].sort())

    const da = digestTo(officers.da!)
    const fi = digestTo(officers.fi!)
    const en = digestTo(officers.admin!)
    expect(String(da.html)).toContain('lang="da"')
    expect(String(fi.html)).toContain('lang="fi"')
    expect(da.text).toContain('/da/officer/queue')
    expect(fi.text).toContain('/fi/officer/queue')
    for (const mail of [da, fi, en]) {
      for (const body of [mail.text!, String(mail.html)]) {
        for (const listed of [refs.overdue, refs.soon, refs.sevenDays, refs.fresh]) expect(body).toContain(listed)
        for (const unlisted of [refs.eightDays, refs.tenDays, refs.later, refs.closed, refs.orgB]) expect(body).not.toContain(unlisted)
      }
    }
    // The new request of the last day is listed as new; the older ones were in yesterday's digest.
    expect(en.text).toMatch(new RegExp(`1 new request nobody has taken yet:[\\s\\S]*${refs.fresh}`))
    expect(en.text).toContain('7 open requests are assigned to nobody.')
    expect(en.text).toContain(`${refs.sevenDays}: Access – 7 days left`)
    // Reference and type only: nothing about the person who made the request.
    for (const m of digests()) {
      for (const part of [m.subject, m.text, String(m.html)]) {
        expect(part).not.toContain('Testesen')
        expect(part).not.toContain('Aino')
        expect(part).not.toContain('private.example')
      }
    }
  })

  test('each officer hears what they chose: more days ahead, deadlines off, or "at once" on the day', async () => {
    savePreferences(db, officers.da!, { request_confirmed: 'immediate', subject_replied: 'immediate', assigned_to_me: 'immediate', deadline_near: 'digest', deadlineDays: 10 })
    savePreferences(db, officers.fi!, { request_confirmed: 'immediate', subject_replied: 'immediate', assigned_to_me: 'immediate', deadline_near: 'off', deadlineDays: 7 })
    savePreferences(db, officers.admin!, { request_confirmed: 'immediate', subject_replied: 'immediate', assigned_to_me: 'immediate', deadline_near: 'immediate', deadlineDays: 10 })
    try {
      await round()
      const da = digestTo(officers.da!)
      expect(da.text).toContain(refs.eightDays)
      expect(da.text).toContain(refs.tenDays)
      expect(da.text).not.toContain(refs.later)
      const fi = digestTo(officers.fi!)
      expect(fi.text).not.toContain(refs.overdue)
      expect(fi.text).toContain(refs.fresh)
      // "At once": an email on the day the deadline is 10 days away, naming only that request.
      const notice = delivered.filter((m) => m.template === 'deadline-near' && m.to_ === officers.admin!.email)
      expect(notice).toHaveLength(1)
      expect(notice[0]!.text).toContain(refs.tenDays)
      expect(notice[0]!.text).not.toContain(refs.eightDays)
      expect(notice[0]!.text).not.toContain('Testesen')
    } finally {
      for (const o of [officers.da!, officers.fi!, officers.admin!]) {
        savePreferences(db, o, { request_confirmed: 'immediate', subject_replied: 'immediate', assigned_to_me: 'immediate', deadline_near: 'digest', deadlineDays: 7 })
      }
    }
  })

  test('a request given to one officer is listed for them, and no longer for the others', async () => {
    assignRequest(db, { orgId: orgA.id, requestId: ids[refs.soon]!, officerId: officers.admin!.id, assigneeId: officers.fi!.id })
    try {
      await round()
      expect(digestTo(officers.fi!).text).toContain(refs.soon)
      expect(digestTo(officers.da!).text).not.toContain(refs.soon)
    } finally {
      assignRequest(db, { orgId: orgA.id, requestId: ids[refs.soon]!, officerId: officers.admin!.id, assigneeId: null })
    }
  })

  test('goes out once a day: the same day again sends nothing, the next day sends again', async () => {
    const first = await round()
    expect(outcomeOf(first, orgA)?.result).toBe('sent')
    const event = db
      .select()
      .from(events)
      .where(and(eq(events.orgId, orgA.id), eq(events.kind, 'digest_sent')))
      .all()
      .find((e) => e.data.date === '2026-03-02')
    expect(event).toMatchObject({ requestId: null, actorKind: 'system' })
    setClock(new Date(new Date(TODAY).getTime() + 10 * 3_600_000)) // 19:00 the same day in Copenhagen
    const again = await round()
    expect(outcomeOf(again, orgA)?.result).toBe('already_sent')
    expect(digests()).toHaveLength(0)
    setClock(new Date(new Date(TODAY).getTime() + DAY)) // 09:00 the next day
    const nextDay = await round()
    expect(outcomeOf(nextDay, orgA)).toMatchObject({ result: 'sent', date: '2026-03-03' })
    db.delete(events).where(and(eq(events.kind, 'digest_sent'), eq(events.at, new Date(new Date(TODAY).getTime() + DAY)))).run()
    setClock(TODAY)
  })

  test("the scheduler runs each organisation's round once it is past 07:00 there", async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    // 06:30 in Copenhagen, 07:30 in Helsinki.
    setClock('2026-03-20T05:30:00Z')
    const stop = startDigestScheduler(db)
    try {
      vi.advanceTimersByTime(15 * 60_000)
      expect(db.select().from(outbox).all().map((e) => e.orgId)).toEqual([orgB.id])
      setClock('2026-03-20T06:05:00Z') // 07:05 in Copenhagen
      vi.advanceTimersByTime(15 * 60_000)
      expect(db.select().from(outbox).all()).toHaveLength(4)
      vi.advanceTimersByTime(15 * 60_000)
      expect(db.select().from(outbox).all()).toHaveLength(4)
    } finally {
      stop()
      setClock(TODAY)
    }
  })

  test('an organisation with nothing to say sends nothing', async () => {
    const outcome = outcomeOf(await round(), quiet)
    expect(outcome?.result).toBe('nothing_due')
    expect(digests().filter((m) => m.to_ === officers.quiet!.email)).toHaveLength(0)
  })
})
