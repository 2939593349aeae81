import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest'
import { getDb, type DB } from '#db/client.server'
import { events, type Organisation, type User } from '#db/schema'
import { attemptsInWindow } from '~/data/rate-limits.server'
import { decodeEvent } from '~/domain/events'
import { signIn, SIGN_IN_LIMIT, TOTP_LIMIT, verifySecondFactor } from '~/domain/sign-in.server'
import { totpCode } from '~/domain/totp.server'
import { advanceClock, resetClock, setClock } from '~/utils/clock'
import { createOfficer, TEST_PASSWORD } from './support/officers'
import { loadDemoOrganisations } from './support/requests'

// A sign-in a limit refuses checks nothing, so it is counted, not written to
// the hash-chained audit trail one row a try: a script that kept knocking
// once wrote 226 rows in one run. Now the first refusal of a window writes one
// event with the window's start, and the rest only raise the count.

const START = '2026-05-11T08:00:00.000Z'
let db: DB
let org: Organisation

beforeAll(() => {
  db = getDb()
  org = loadDemoOrganisations(db)['dyrevaernsringen']!
})
beforeEach(() => setClock(START))
afterAll(() => resetClock())

function refusals(reason: 'rate_limited' | 'code_needed', userId: number | null) {
  return db
    .select()
    .from(events)
    .where(eq(events.kind, 'officer_sign_in_failed'))
    .all()
    .map((row) => decodeEvent(row)!)
    .flatMap((e) => (e.kind === 'officer_sign_in_failed' && e.data.reason === reason && e.data.userId === userId ? [e] : []))
}

async function failFrom(u: User, ip: string, times: number) {
  for (let i = 0; i < times; i++) expect(await signIn(db, { email: u.email, password: `wrong password ${i}`, ip })).toEqual({ ok: false, reason: 'invalid' })
}

test('a client refused for an account: one audit row per window, every refusal counted', async () => {
  const u = createOfficer(db, { orgId: org.id })
  const ip = '10.40.0.1'
  await failFrom(u, ip, SIGN_IN_LIMIT.perAccountFromClient)
  for (let i = 0; i < 60; i++) expect(await signIn(db, { email: u.email, password: TEST_PASSWORD, ip })).toEqual({ ok: false, reason: 'rate_limited' })
  expect(refusals('rate_limited', u.id).map((e) => e.data)).toEqual([{ reason: 'rate_limited', userId: u.id, windowStart: START }])
  expect(attemptsInWindow(db, 'sign-in:refused', `rate_limited|pair|${u.email}|${ip}`)).toBe(60)

  // The next window: the client guesses again, is refused again, and that window has its own one row.
  advanceClock(SIGN_IN_LIMIT.windowMs)
  const second = new Date(Date.parse(START) + SIGN_IN_LIMIT.windowMs).toISOString()
  await failFrom(u, ip, SIGN_IN_LIMIT.perAccountFromClient)
  for (let i = 0; i < 30; i++) await signIn(db, { email: u.email, password: TEST_PASSWORD, ip })
  expect(refusals('rate_limited', u.id).map((e) => e.data.windowStart)).toEqual([START, second])
})

test('a client refused for every account: one row for the client, whatever addresses it tries', async () => {
  const ip = '10.41.0.1'
  for (let i = 0; i < SIGN_IN_LIMIT.perClient; i++) await signIn(db, { email: `guess-${i}@nowhere.example`, password: 'x'.repeat(12), ip })
  const before = refusals('rate_limited', null).length
  for (let i = 0; i < 80; i++) expect(await signIn(db, { email: `more-${i}@nowhere.example`, password: 'x'.repeat(12), ip })).toEqual({ ok: false, reason: 'rate_limited' })
  expect(refusals('rate_limited', null).length - before).toBe(1)
  expect(attemptsInWindow(db, 'sign-in:refused', `rate_limited|client|${ip}`)).toBe(80)
})

test('codes past their limit: one row per window', async () => {
  const u = createOfficer(db, { orgId: org.id })
  const first = await signIn(db, { email: u.email, password: TEST_PASSWORD, ip: '10.42.0.1' })
  if (!first.ok) throw new Error('sign-in failed')
  const wrong = totpCode(u.totpSecret!) === '000000' ? '111111' : '000000'
  for (let i = 0; i < TOTP_LIMIT.perUser; i++) verifySecondFactor(db, first.sessionToken, u, wrong)
  for (let i = 0; i < 40; i++) expect(verifySecondFactor(db, first.sessionToken, u, wrong)).toEqual({ ok: false, reason: 'rate_limited' })
  expect(refusals('rate_limited', u.id)).toHaveLength(1)
  // Password and code together hit the same limit: still the one row.
  for (let i = 0; i < 10; i++) await signIn(db, { email: u.email, password: TEST_PASSWORD, code: wrong, ip: '10.42.0.2' })
  expect(refusals('rate_limited', u.id)).toHaveLength(1)
  // The failures that were checked are each in the trail, as before.
  expect(db.select().from(events).where(and(eq(events.kind, 'officer_sign_in_failed'), eq(events.actorUserId, u.id))).all()).toHaveLength(TOTP_LIMIT.perUser + 1)
})
