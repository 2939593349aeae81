import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { getDb } from '#db/client.server'
import { and, eq } from 'drizzle-orm'
import { dashboardMonths, requests, type Organisation } from '#db/schema'
import { emailHash } from '~/data/officer-requests.server'
import { dashboardStats } from '~/data/dashboard.server'
import { getOrganisationBySlug, readOrganisationFiles } from '~/data/organisations.server'
import { importOrganisations } from '~/domain/organisations.server'
import { isClosed } from '~/domain/lifecycle'
import type { RequestDetails } from '~/domain/request-types'
import type { RequestStatus, RequestType } from '~/vocabulary'
import { resetClock, setClock } from '~/utils/clock'
import { startApp, type TestApp } from './support/app'
import { createOfficer, signedInCookie } from './support/officers'

// The dashboard's figures on a set of requests whose answers are known by
// hand. The requests are written directly so that receipt, deadline and
// answer times are exact.

const DAY = 86_400_000
const NOW = '2026-06-15T10:00:00Z'
const db = getDb()
let orgA: Organisation
let orgB: Organisation
let counter = 0

function add(org: Organisation, r: { type: RequestType; status: RequestStatus; receivedAt: string; answeredAfterDays?: number; dueAt: string }) {
  const receivedAt = new Date(r.receivedAt)
  const dueAt = new Date(r.dueAt)
  const closedAt = r.answeredAfterDays === undefined ? null : new Date(receivedAt.getTime() + r.answeredAfterDays * DAY)
  counter++
  db.insert(requests)
    .values({
      orgId: org.id,
      reference: `DASH-${String(counter).padStart(4, '0')}`,
      type: r.type,
      status: r.status,
      closed: isClosed(r.status),
      language: 'da',
      details: { type: 'access', scope: 'all' } as RequestDetails,
      subjectName: 'Test Person',
      subjectEmail: `person${counter}@test.example`,
      emailHash: emailHash(`person${counter}@test.example`),
      subjectIdentifiers: {},
      filedAt: receivedAt,
      receivedAt,
      dueAt,
      slaDueAt: dueAt,
      lastActivityAt: closedAt ?? receivedAt,
      closedAt,
      createdAt: receivedAt,
      updatedAt: closedAt ?? receivedAt,
    })
    .run()
}

beforeAll(() => {
  setClock(NOW)
  importOrganisations(db, readOrganisationFiles('db/organisations'))
  orgA = getOrganisationBySlug(db, 'klartone-tm')!
  orgB = getOrganisationBySlug(db, 'dyrevaernsringen')!

  // Before the period (June 2025): counted nowhere.
  add(orgA, { type: 'access', status: 'completed', receivedAt: '2025-06-20T10:00:00Z', answeredAfterDays: 2, dueAt: '2025-07-21T21:59:59Z' })
  // 00:30 on 1 July 2025 in Copenhagen (still June in UTC): July.
  add(orgA, { type: 'access', status: 'completed', receivedAt: '2025-06-30T22:30:00Z', answeredAfterDays: 5, dueAt: '2025-08-01T21:59:59Z' })

  // April 2026: 5 received, 3 answered, 2 of them on time; one open past its deadline.
  const april = '2026-04-10T10:00:00Z'
  const aprilDue = '2026-05-11T21:59:59Z'
  add(orgA, { type: 'access', status: 'completed', receivedAt: april, answeredAfterDays: 10, dueAt: aprilDue })
  add(orgA, { type: 'erasure', status: 'refused', receivedAt: april, answeredAfterDays: 20, dueAt: aprilDue })
  add(orgA, { type: 'access', status: 'completed', receivedAt: april, answeredAfterDays: 40, dueAt: aprilDue })
  add(orgA, { type: 'rectification', status: 'withdrawn', receivedAt: april, answeredAfterDays: 1, dueAt: aprilDue })
  add(orgA, { type: 'access', status: 'in_progress', receivedAt: april, dueAt: aprilDue })

  // May 2026: 4 received, 2 answered, both on time.
  const may = '2026-05-05T08:00:00Z'
  const mayDue = '2026-06-05T21:59:59Z'
  add(orgA, { type: 'portability', status: 'completed', receivedAt: may, answeredAfterDays: 3, dueAt: mayDue })
  add(orgA, { type: 'objection', status: 'completed', receivedAt: may, answeredAfterDays: 8, dueAt: mayDue })
  // Extended: the deadline is in the future, so not overdue.
  add(orgA, { type: 'erasure', status: 'received', receivedAt: may, dueAt: '2026-08-05T21:59:59Z' })
  add(orgA, { type: 'rectification', status: 'unverified', receivedAt: may, dueAt: '2026-08-05T21:59:59Z' })

  // 00:30 on 1 June 2026 in Copenhagen (31 May in UTC): June.
  add(orgA, { type: 'restriction', status: 'in_progress', receivedAt: '2026-05-31T22:30:00Z', dueAt: '2026-07-01T21:59:59Z' })

  // Organisation B, in the same months, with figures unlike A's.
  for (let i = 0; i < 7; i++) {
    add(orgB, { type: 'objection', status: 'completed', receivedAt: april, answeredAfterDays: 60, dueAt: aprilDue })
    add(orgB, { type: 'access', status: 'awaiting_subject', receivedAt: may, dueAt: mayDue })
  }
})

afterAll(() => {
  resetClock()
})

describe('dashboard figures', () => {
  test('counts by status and by type cover the requests received in the period', () => {
    const stats = dashboardStats(db, { orgId: orgA.id, timeZone: orgA.timeZone })
    expect(stats.byStatus).toEqual({
      unverified: 1,
      received: 1,
      in_progress: 2,
      awaiting_subject: 0,
      completed: 5,
      refused: 1,
      withdrawn: 1,
    })
    expect(stats.byType).toEqual({ access: 4, rectification: 2, erasure: 2, restriction: 1, objection: 1, portability: 1, automated_decision: 0 })
  })

  test('per month: received, answered, on-time share and median days, by local month of receipt', () => {
    const stats = dashboardStats(db, { orgId: orgA.id, timeZone: orgA.timeZone })
    expect(stats.months.map((m) => m.month)).toEqual([
      '2025-07',
      '2025-08',
      '2025-09',
      '2025-10',
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
    ])
    expect(stats.from).toEqual(new Date('2025-06-30T22:00:00Z'))
    expect(stats.to).toEqual(new Date('2026-06-30T22:00:00Z'))
    const month = (key: string) => {
      const { start: _start, ...figures } = stats.months.find((m) => m.month === key)!
      return figures
    }
    expect(month('2025-07')).toEqual({ month: '2025-07', received: 1, answered: 1, onTime: 1, onTimeShare: 1, medianDays: 5, openOverdue: 0 })
    expect(month('2025-08')).toEqual({ month: '2025-08', received: 0, answered: 0, onTime: 0, onTimeShare: null, medianDays: null, openOverdue: 0 })
    expect(month('2026-04')).toEqual({ month: '2026-04', received: 5, answered: 3, onTime: 2, onTimeShare: 2 / 3, medianDays: 20, openOverdue: 1 })
    expect(month('2026-05')).toEqual({ month: '2026-05', received: 4, answered: 2, onTime: 2, onTimeShare: 1, medianDays: 5.5, openOverdue: 0 })
    expect(month('2026-06')).toEqual({ month: '2026-06', received: 1, answered: 0, onTime: 0, onTimeShare: null, medianDays: null, openOverdue: 0 })
    // Answered in 5, 10, 20, 40, 3 and 8 days: the middle two are 8 and 10.
    expect(stats.total).toEqual({ received: 11, answered: 6, onTime: 5, onTimeShare: 5 / 6, medianDays: 9, openOverdue: 1 })
  })

  test("one organisation's figures never include another's requests", () => {
    const a = dashboardStats(db, { orgId: orgA.id, timeZone: orgA.timeZone })
    const b = dashboardStats(db, { orgId: orgB.id, timeZone: orgB.timeZone })
    expect(a.total.received).toBe(11)
    expect(a.byStatus.awaiting_subject).toBe(0)
    expect(b.total).toEqual({ received: 14, answered: 7, onTime: 0, onTimeShare: 0, medianDays: 60, openOverdue: 7 })
    expect(b.byType).toEqual({ access: 7, rectification: 0, erasure: 0, restriction: 0, objection: 7, portability: 0, automated_decision: 0 })
    expect(b.byStatus).toMatchObject({ completed: 7, awaiting_subject: 7, in_progress: 0 })
    const empty = getOrganisationBySlug(db, 'aivokipina')!
    expect(dashboardStats(db, { orgId: empty.id, timeZone: empty.timeZone }).total).toEqual({
      received: 0,
      answered: 0,
      onTime: 0,
      onTimeShare: null,
      medianDays: null,
      openOverdue: 0,
    })
  })

  test('median days keep one decimal: the middle answer, or the mean of the two middle ones', () => {
    const org = getOrganisationBySlug(db, 'granlia-dyreklinikk')!
    const due = '2026-06-01T21:59:59Z'
    for (const days of [0.5, 1.26, 4.04])
      add(org, { type: 'access', status: 'completed', receivedAt: '2026-03-02T09:00:00Z', answeredAfterDays: days, dueAt: due })
    for (const days of [2, 2.3]) add(org, { type: 'access', status: 'refused', receivedAt: '2026-02-02T09:00:00Z', answeredAfterDays: days, dueAt: due })
    const stats = dashboardStats(db, { orgId: org.id, timeZone: org.timeZone })
    expect(stats.months.find((m) => m.month === '2026-03')?.medianDays).toBe(1.3)
    expect(stats.months.find((m) => m.month === '2026-02')?.medianDays).toBe(2.2)
    // 0.5, 1.26, 2, 2.3, 4.04
    expect(stats.total.medianDays).toBe(2)
  })

  test('the months kept between views are dropped when a request received in them changes, however it is written: the figures always equal a recount', () => {
    const org = getOrganisationBySlug(db, 'granlia-dyreklinikk')!
    const stats = () => dashboardStats(db, { orgId: org.id, timeZone: org.timeZone })
    const kept = () => db.select().from(dashboardMonths).where(eq(dashboardMonths.orgId, org.id)).all().length
    const recount = () => {
      db.delete(dashboardMonths).where(eq(dashboardMonths.orgId, org.id)).run()
      return stats()
    }
    const ofOrg = (reference: string) => and(eq(requests.orgId, org.id), eq(requests.reference, reference))
    const due = '2026-06-01T21:59:59Z'
    add(org, { type: 'access', status: 'in_progress', receivedAt: '2026-04-02T09:00:00Z', dueAt: '2026-05-01T21:59:59Z' })
    const open = `DASH-${String(counter).padStart(4, '0')}`
    const before = stats()
    expect(kept()).toBe(12)
    expect(stats()).toEqual(before)

    const changes: Array<[string, () => void, (s: ReturnType<typeof stats>) => void]> = [
      ['a request filed', () => add(org, { type: 'erasure', status: 'received', receivedAt: '2026-04-03T09:00:00Z', dueAt: due }), (s) => expect(s.byType.erasure).toBe(before.byType.erasure + 1)],
      [
        'a request answered',
        () => db.update(requests).set({ status: 'completed', outcome: 'granted', closed: true, closedAt: new Date('2026-04-20T09:00:00Z') }).where(ofOrg(open)).run(),
        (s) => expect(s.byStatus.completed).toBe(before.byStatus.completed + 1),
      ],
      ['its receipt moved to another month', () => db.update(requests).set({ receivedAt: new Date('2026-05-02T09:00:00Z') }).where(ofOrg(open)).run(), (s) => expect(s.months.find((m) => m.month === '2026-05')?.received).toBe(1)],
      ['its deadline moved', () => db.update(requests).set({ dueAt: new Date('2026-05-10T21:59:59Z') }).where(ofOrg(open)).run(), () => {}],
      ['it was purged', () => db.update(requests).set({ purgedAt: new Date(NOW) }).where(ofOrg(open)).run(), (s) => expect(s.months.find((m) => m.month === '2026-05')?.received).toBe(0)],
      ['it was deleted', () => db.delete(requests).where(ofOrg(open)).run(), () => {}],
    ]
    for (const [what, change, check] of changes) {
      stats()
      expect(kept(), what).toBe(12)
      change()
      const cached = stats()
      check(cached)
      expect(cached, what).toEqual(recount())
    }
    // A change the figures do not read keeps every month.
    db.update(requests).set({ lastActivityAt: new Date(NOW) }).where(eq(requests.orgId, org.id)).run()
    expect(kept()).toBe(12)
  })

  test('a shorter period only counts its own months', () => {
    const stats = dashboardStats(db, { orgId: orgA.id, months: 2, timeZone: orgA.timeZone })
    expect(stats.months.map((m) => m.month)).toEqual(['2026-05', '2026-06'])
    expect(stats.total).toEqual({ received: 5, answered: 2, onTime: 2, onTimeShare: 1, medianDays: 5.5, openOverdue: 0 })
    expect(stats.byType.access).toBe(0)
  })
})

// Last, because closing the app closes this file's database.
describe('the dashboard page', () => {
  let app: TestApp

  beforeAll(async () => {
    app = await startApp()
  })

  afterAll(async () => {
    await app?.close()
  })

  async function page(org: Organisation, lang: 'da' | 'fi' | 'en' | 'no') {
    const officer = createOfficer(db, { orgId: org.id, language: lang })
    const res = await fetch(`${app.url}/${lang}/officer/dashboard`, { headers: { cookie: signedInCookie(db, officer) }, redirect: 'manual' })
    expect(res.status).toBe(200)
    return res.text()
  }

  test("shows the officer's own organisation: figures, tables and a server-rendered chart", async () => {
    const html = await page(orgA, 'da')
    expect(html).toContain('<html lang="da"')
    expect(html).toContain('Overblik')
    expect(html).toMatch(/Modtagne anmodninger<\/dt><dd class="summary-list__value">11</)
    expect(html).toMatch(/Besvaret inden for fristen<\/dt><dd class="summary-list__value">83\s?%</)
    expect(html).toMatch(/Mediantid til svar i dage<\/dt><dd class="summary-list__value">9</)
    expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="chart-title chart-desc"/)
    expect(html).toContain('<title id="chart-title">Modtagne og besvarede anmodninger pr. måned</title>')
    expect(html).toContain('<desc id="chart-desc">')
    expect(html).toContain('fill="url(#chart-hatch)"')
    expect(html).toContain('<th scope="col">Status</th>')
    // Each cell names its column, for the cards the tables become on a narrow screen.
    expect(html).toMatch(/<th scope="row"[^>]*>Besvaret<\/th><td[^>]*>5<\/td>/)
    expect(html).toMatch(/<th scope="row"[^>]*>Indsigt<\/th><td[^>]*>4<\/td>/)
    expect(html).toMatch(/<th scope="row"[^>]*>april 2026<\/th><td[^>]*>5<\/td><td[^>]*>3<\/td><td[^>]*>67\s?%<\/td><td[^>]*>20<\/td><td[^>]*>1<\/td>/)
  })

  test("another organisation's officer sees only that organisation's figures", async () => {
    const html = await page(orgB, 'en')
    expect(html).toMatch(/Requests received<\/dt><dd class="summary-list__value">14</)
    expect(html).toMatch(/<th scope="row"[^>]*>Objection<\/th><td[^>]*>7<\/td>/)
    expect(html).toMatch(/<th scope="row"[^>]*>Access<\/th><td[^>]*>7<\/td>/)
  })

  test('asks for sign-in first', async () => {
    const res = await fetch(`${app.url}/fi/officer/dashboard`, { redirect: 'manual' })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toContain('/fi/officer/sign-in')
  })
})
