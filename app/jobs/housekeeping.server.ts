import type { DB } from '#db/client.server'
import { removeEndedSuppressions } from '~/data/answers.server'
import { removeExpiredDrafts } from '~/data/drafts.server'
import { hashMissingPhones } from '~/data/officer-requests.server'
import { removeEndedWindows } from '~/data/rate-limits.server'
import { removeEndedSessions } from '~/data/sessions.server'
import { removeExpiredTokens } from '~/data/tokens.server'
import { purge } from '~/domain/purge.server'
import { nowMs } from '~/utils/clock'
import { logger } from '~/utils/logger.server'

// What the portal throws away as it goes: ended rate-limit windows, sessions,
// tokens and drafts nobody can use any more, and do-not-contact entries made
// for another purpose than an objection once their period has ended; and
// requests stored before phone numbers were hashed get their hash. None of it is a state change of a
// request, so none of it is audited; the counts are logged.

export function housekeep(db: DB) {
  return { windows: removeEndedWindows(db), sessions: removeEndedSessions(db), tokens: removeExpiredTokens(db), drafts: removeExpiredDrafts(db), doNotContact: removeEndedSuppressions(db), phoneHashes: hashMissingPhones(db) }
}

export function startHousekeeping(db: DB, intervalMs = 15 * 60_000): () => void {
  const timer = setInterval(() => {
    try {
      logger().info(housekeep(db), 'housekeeping')
    } catch (error) {
      logger().error({ error: error instanceof Error ? error.name : 'Error' }, 'housekeeping failed')
    }
  }, intervalMs)
  timer.unref()
  return () => clearInterval(timer)
}

/**
 * The daily purge (docs/decisions/025): checked hourly, run once per UTC day,
 * the first check after start included. It yields to pages between batches;
 * one run at a time.
 */
export function startPurge(db: DB, intervalMs = 3_600_000): () => void {
  let lastDay: string | null = null
  let running = false
  const tick = async () => {
    const day = new Date(nowMs()).toISOString().slice(0, 10)
    if (running || day === lastDay) return
    running = true
    try {
      const report = await purge(db)
      lastDay = day
      logger().info(report, 'purge')
    } catch (error) {
      logger().error({ error: error instanceof Error ? error.name : 'Error' }, 'purge failed')
    } finally {
      running = false
    }
  }
  const first = setTimeout(() => void tick(), 60_000)
  first.unref()
  const timer = setInterval(() => void tick(), intervalMs)
  timer.unref()
  return () => {
    clearTimeout(first)
    clearInterval(timer)
  }
}
