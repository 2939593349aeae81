import type { DB } from '#db/client.server'
import { auditHead } from '~/data/audit.server'
import { logger } from '~/utils/logger.server'

// The audit trail's head in the log: when the portal starts, every hour, and
// when it stops. Logs shipped off the machine then hold anchors that whoever
// can rewrite the database cannot reach, and `verify-audit --expect` checks
// the trail against any of them (docs/decisions/014-audit-anchor.md).

export const AUDIT_ANCHOR_INTERVAL_MS = 60 * 60_000

export function logAuditAnchor(db: DB, when: 'start' | 'hourly' | 'stop'): void {
  try {
    const head = auditHead(db.$client)
    logger().info({ when, auditEntries: head.entries, auditHead: head.hash }, 'audit anchor')
  } catch (error) {
    logger().error({ error: error instanceof Error ? error.name : 'Error' }, 'audit anchor failed')
  }
}

export function startAuditAnchorLog(db: DB, intervalMs = AUDIT_ANCHOR_INTERVAL_MS): () => void {
  const timer = setInterval(() => logAuditAnchor(db, 'hourly'), intervalMs)
  timer.unref()
  return () => clearInterval(timer)
}
