import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { getDb, type DB } from '#db/client.server'
import { sessions } from '#db/schema'
import { allowDownloads, createSession, removeEndedSessions, revokeSession, revokeUserSessions, touchSession } from '~/data/sessions.server'
import { advanceClock, resetClock, setClock } from '~/utils/clock'
import { hashToken } from '~/utils/tokens.server'
import { createOfficer } from './support/officers'
import { loadDemoOrganisations, newRequest } from './support/requests'

// Server-side sessions on a real database file: what a signed-in officer or a
// person following their request notices (signed out when idle, revoked, or
// expired), and that the file holds only the token's hash.

const MINUTE = 60_000
const IDLE = 30 * MINUTE
let db: DB

beforeAll(() => {
  db = getDb()
  setClock('2026-05-04T08:00:00Z')
})
afterAll(() => resetClock())

const rowOf = (token: string) => db.select().from(sessions).where(eq(sessions.id, hashToken(token))).get()

describe('a session', () => {
  test('is found by its token, of its own kind only, and stores only the hash', () => {
    const token = createSession(db, { kind: 'subject', ttlMs: 2 * 60 * MINUTE })
    expect(touchSession(db, 'subject', token, IDLE)).toBeDefined()
    expect(touchSession(db, 'officer', token, IDLE)).toBeUndefined()
    expect(touchSession(db, 'subject', `${token}x`, IDLE)).toBeUndefined()
    expect(touchSession(db, 'subject', '', IDLE)).toBeUndefined()
    expect(touchSession(db, 'subject', null, IDLE)).toBeUndefined()
    const all = db.select().from(sessions).all()
    expect(all.some((s) => s.id === token)).toBe(false)
    expect(rowOf(token)?.requestId).toBeNull()
  })

  test('a person’s session belongs to their request, and to nobody’s else', async () => {
    const org = loadDemoOrganisations(db)['aivokipina']!
    const { request } = await newRequest(db, org, { name: 'Sanna Session', email: 'sanna@example.com' })
    const token = createSession(db, { kind: 'subject', requestId: request.id, ttlMs: 60 * MINUTE })
    expect(touchSession(db, 'subject', token, IDLE)?.requestId).toBe(request.id)
  })

  test('ends after the idle time without use, exactly then; each use renews it', () => {
    const token = createSession(db, { kind: 'officer', ttlMs: 12 * 60 * MINUTE })
    advanceClock(IDLE - 1)
    expect(touchSession(db, 'officer', token, IDLE), 'just inside the idle time').toBeDefined()
    advanceClock(IDLE - 1)
    expect(touchSession(db, 'officer', token, IDLE), 'renewed by the last use').toBeDefined()
    advanceClock(IDLE)
    expect(touchSession(db, 'officer', token, IDLE), 'idle for exactly the idle time').toBeUndefined()
  })

  test('its last use is written at most once a minute: pages in between renew nothing, and it ends at most a minute early', () => {
    const token = createSession(db, { kind: 'officer', ttlMs: 12 * 60 * MINUTE })
    const created = rowOf(token)!.lastSeenAt.getTime()
    advanceClock(MINUTE - 1)
    expect(touchSession(db, 'officer', token, IDLE)).toBeDefined()
    expect(rowOf(token)!.lastSeenAt.getTime(), 'not written within the minute').toBe(created)
    advanceClock(1)
    expect(touchSession(db, 'officer', token, IDLE)).toBeDefined()
    expect(rowOf(token)!.lastSeenAt.getTime(), 'written a minute after').toBe(created + MINUTE)
    // Used again 59.999 s later (not written), then idle: it ends 30 minutes after the last write.
    advanceClock(MINUTE - 1)
    expect(touchSession(db, 'officer', token, IDLE)).toBeDefined()
    advanceClock(IDLE - MINUTE + 1)
    expect(touchSession(db, 'officer', token, IDLE), 'idle time counted from the last write').toBeUndefined()
  })

  test('ends at its absolute expiry however often it is used', () => {
    const token = createSession(db, { kind: 'subject', ttlMs: 60 * MINUTE })
    for (const minutes of [11, 22, 33, 44, 55]) {
      advanceClock(11 * MINUTE)
      expect(touchSession(db, 'subject', token, IDLE), `after ${minutes} minutes`).toBeDefined()
    }
    advanceClock(5 * MINUTE)
    expect(touchSession(db, 'subject', token, IDLE), 'after 60 minutes, used 5 minutes ago').toBeUndefined()
  })

  test('revoked, it is gone at once; revoking one leaves the others', () => {
    const a = createSession(db, { kind: 'subject', ttlMs: 60 * MINUTE })
    const b = createSession(db, { kind: 'subject', ttlMs: 60 * MINUTE })
    revokeSession(db, a)
    expect(touchSession(db, 'subject', a, IDLE)).toBeUndefined()
    expect(touchSession(db, 'subject', b, IDLE)).toBeDefined()
  })

  test('removing an officer revokes every session of theirs, and only theirs', () => {
    const org = loadDemoOrganisations(db)['aivokipina']!
    const userId = createOfficer(db, { orgId: org.id, name: 'Outi Officer' }).id
    const other = createOfficer(db, { orgId: org.id, name: 'Olli Officer' }).id
    const mine = [createSession(db, { kind: 'officer', userId, ttlMs: 60 * MINUTE }), createSession(db, { kind: 'officer', userId, ttlMs: 60 * MINUTE })]
    const theirs = createSession(db, { kind: 'officer', userId: other, ttlMs: 60 * MINUTE })
    revokeUserSessions(db, userId)
    for (const token of mine) expect(touchSession(db, 'officer', token, IDLE)).toBeUndefined()
    expect(touchSession(db, 'officer', theirs, IDLE)?.userId).toBe(other)
  })

  test('may download answers only after a fresh confirmation, until the time given', () => {
    const token = createSession(db, { kind: 'subject', ttlMs: 60 * MINUTE })
    expect(touchSession(db, 'subject', token, IDLE)?.downloadsUntil ?? null).toBeNull()
    const until = new Date(Date.parse('2026-05-04T08:00:00Z') + 10 * 24 * 60 * MINUTE)
    allowDownloads(db, token, until)
    expect(touchSession(db, 'subject', token, IDLE)?.downloadsUntil?.getTime()).toBe(until.getTime())
  })

  test('ended more than a day ago, it is removed; a live one or one ended today stays', () => {
    setClock('2026-06-01T08:00:00Z')
    const expiredLong = createSession(db, { kind: 'subject', ttlMs: MINUTE })
    const revokedLong = createSession(db, { kind: 'subject', ttlMs: 10 * 24 * 60 * MINUTE })
    revokeSession(db, revokedLong)
    advanceClock(25 * 60 * MINUTE)
    const revokedNow = createSession(db, { kind: 'subject', ttlMs: 10 * 24 * 60 * MINUTE })
    revokeSession(db, revokedNow)
    const live = createSession(db, { kind: 'subject', ttlMs: 60 * MINUTE })
    const removed = removeEndedSessions(db)
    expect(removed).toBeGreaterThanOrEqual(2)
    expect(rowOf(expiredLong)).toBeUndefined()
    expect(rowOf(revokedLong)).toBeUndefined()
    expect(rowOf(revokedNow)).toBeDefined()
    expect(rowOf(live)).toBeDefined()
  })
})
