import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { getDb, type DB } from '#db/client.server'
import { allowAttempt, countAttempt, isLimited } from '~/data/rate-limits.server'
import { advanceClock, resetClock, setClock } from '~/utils/clock'

// The fixed-window counters every limit uses (sign-in, drafts, filing,
// resends): each attempt counted once, a new window when the old one ended.

const MINUTE = 60_000
let db: DB

beforeAll(() => {
  db = getDb()
  setClock('2026-05-04T08:00:00Z')
})
afterAll(() => resetClock())

describe('an attempt counter', () => {
  test('counts each attempt in its window, says when the window ends, and starts again after it', () => {
    const start = Date.parse('2026-05-04T08:00:00Z')
    expect(countAttempt(db, 'test:window', 'a@example.com', 10 * MINUTE)).toEqual({ count: 1, windowEndsAt: new Date(start + 10 * MINUTE) })
    advanceClock(9 * MINUTE)
    expect(countAttempt(db, 'test:window', 'a@example.com', 10 * MINUTE)).toEqual({ count: 2, windowEndsAt: new Date(start + 10 * MINUTE) })
    // Another value, or another scope, has its own count.
    expect(countAttempt(db, 'test:window', 'b@example.com', 10 * MINUTE).count).toBe(1)
    expect(countAttempt(db, 'test:other', 'a@example.com', 10 * MINUTE).count).toBe(1)
    advanceClock(MINUTE)
    // The window has ended exactly now: a new one starts with this attempt.
    expect(countAttempt(db, 'test:window', 'a@example.com', 10 * MINUTE)).toEqual({ count: 1, windowEndsAt: new Date(start + 20 * MINUTE) })
    expect(countAttempt(db, 'test:window', 'a@example.com', 10 * MINUTE).count).toBe(2)
  })

  test('a limit lets exactly that many attempts through in a window, and isLimited says so without counting', () => {
    const results = Array.from({ length: 5 }, () => allowAttempt(db, 'test:limit', '10.0.0.1', 3, 10 * MINUTE))
    expect(results).toEqual([true, true, true, false, false])
    expect(isLimited(db, 'test:limit', '10.0.0.1', 3)).toBe(true)
    expect(isLimited(db, 'test:limit', '10.0.0.2', 3)).toBe(false)
    advanceClock(10 * MINUTE)
    expect(isLimited(db, 'test:limit', '10.0.0.1', 3)).toBe(false)
    expect(allowAttempt(db, 'test:limit', '10.0.0.1', 3, 10 * MINUTE)).toBe(true)
  })
})
