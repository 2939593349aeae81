import { eq } from 'drizzle-orm'
import type { DB } from '#db/client.server'
import { rateLimits } from '#db/schema'
import { nowMs } from '~/utils/clock'

/**
 * Counts one attempt for a key in a fixed window and says whether it is still
 * within the limit. Kept in the database so every server process agrees.
 */
export function allowAttempt(db: DB, key: string, limit: number, windowMs: number): boolean {
  const at = nowMs()
  return db.transaction((tx) => {
    const row = tx.select().from(rateLimits).where(eq(rateLimits.key, key)).get()
    if (!row || row.windowStart.getTime() + windowMs <= at) {
      tx.insert(rateLimits)
        .values({ key, windowStart: new Date(at), count: 1 })
        .onConflictDoUpdate({ target: rateLimits.key, set: { windowStart: new Date(at), count: 1 } })
        .run()
      return true
    }
    tx.update(rateLimits).set({ count: row.count + 1 }).where(eq(rateLimits.key, key)).run()
    return row.count + 1 <= limit
  }, { behavior: 'immediate' })
}

export function clearAttempts(db: DB, key: string): void {
  db.delete(rateLimits).where(eq(rateLimits.key, key)).run()
}
