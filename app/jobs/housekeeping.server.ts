import type { DB } from '#db/client.server'
import { removeEndedSuppressions } from '~/data/answers.server'
import { removeExpiredDrafts } from '~/data/drafts.server'
import { hashMissingPhones } from '~/data/officer-requests.server'
import { removeEndedWindows } from '~/data/rate-limits.server'
import { removeEndedSessions } from '~/data/sessions.server'
import { removeExpiredTokens } from '~/data/tokens.server'
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
