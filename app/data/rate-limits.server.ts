import { eq, lt, sql } from 'drizzle-orm'
import { perConnection, type DB } from '#db/client.server'
import { rateLimits } from '#db/schema'
import { nowMs } from '~/utils/clock'
import { keyedHash } from '~/utils/crypto.server'

// Fixed-window counters, kept in the database so every server process agrees.
// A key names what is counted ("sign-in:email", "reply:request") and the
// value counted (an address, a client address, an id) goes in only as a keyed
// hash: the table never holds a typed address, and old windows are removed.

function rowKey(scope: string, value: string): string {
  return `${scope}:${keyedHash('rate-limit', value)}`
}

/** Counts one attempt and says whether it is still within the limit. */
export function allowAttempt(db: DB, scope: string, value: string, limit: number, windowMs: number): boolean {
  return countAttempt(db, scope, value, windowMs).count <= limit
}

/**
 * Counts one attempt and gives the count in the current window, this one
 * included, and when the window ends. Counting is serialised, so exactly one
 * caller sees any given count: the one that reaches a limit can act on it once.
 */
export function countAttempt(db: DB, scope: string, value: string, windowMs: number): { count: number; windowEndsAt: Date } {
  const at = nowMs()
  const row = counting(db).get({ key: rowKey(scope, value), at, windowMs, windowStart: new Date(at) })
  return { count: row.count, windowEndsAt: new Date(row.windowStart.getTime() + windowMs) }
}

// Every filing and every new draft counts: the statement is built once per connection.
const counting = perConnection((db) => {
  const at = sql.placeholder('at')
  const windowMs = sql.placeholder('windowMs')
  // One statement (so one write, and atomic): a new window starts when the row's has ended.
  const ended = sql`${rateLimits.windowStart} + ${windowMs} <= ${at}`
  return db
    .insert(rateLimits)
    .values({ key: sql.placeholder('key'), windowStart: sql.placeholder('windowStart'), windowMs, count: 1 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`case when ${ended} then 1 else ${rateLimits.count} + 1 end`,
        windowStart: sql`case when ${ended} then ${at} else ${rateLimits.windowStart} end`,
        windowMs: sql`case when ${ended} then ${windowMs} else ${rateLimits.windowMs} end`,
      },
    })
    .returning({ count: rateLimits.count, windowStart: rateLimits.windowStart })
    .prepare()
})

/** Whether the limit is reached, without counting an attempt. */
export function isLimited(db: DB, scope: string, value: string, limit: number): boolean {
  const row = db.select().from(rateLimits).where(eq(rateLimits.key, rowKey(scope, value))).get()
  return !!row && row.windowStart.getTime() + row.windowMs > nowMs() && row.count >= limit
}

export function clearAttempts(db: DB, scope: string, value: string): void {
  db.delete(rateLimits).where(eq(rateLimits.key, rowKey(scope, value))).run()
}

/** Removes every window that has ended. */
export function removeEndedWindows(db: DB): number {
  return db
    .delete(rateLimits)
    .where(lt(sql`${rateLimits.windowStart} + ${rateLimits.windowMs}`, nowMs()))
    .run().changes
}

/** How many attempts the current window holds (0 when none, or when it ended), without counting one. */
export function attemptsInWindow(db: DB, scope: string, value: string): number {
  const row = db.select().from(rateLimits).where(eq(rateLimits.key, rowKey(scope, value))).get()
  return row && row.windowStart.getTime() + row.windowMs > nowMs() ? row.count : 0
}
