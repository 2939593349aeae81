import type { DB } from '#db/client.server'
import { remindAndEscalate } from '~/domain/forwarding-reminders.server'
import { logger } from '~/utils/logger.server'

// Reminders to controllers that have not acknowledged a request passed on to
// them, and escalations of those and of overdue assistance tasks
// (app/domain/forwarding-reminders.server.ts). Checked every 15 minutes; an
// organisation's round waits until 07:00 its local time, so that a reminder
// due at the end of a working day goes out the next morning.

export const REMINDER_HOUR = 7

export function startForwardingReminders(db: DB, opts: { intervalMs?: number } = {}): () => void {
  const timer = setInterval(() => {
    try {
      const round = remindAndEscalate(db, { notBeforeHour: REMINDER_HOUR })
      const counts = { reminded: round.reminded.length, escalated: round.escalated.length, tasksEscalated: round.tasksEscalated.length }
      if (counts.reminded + counts.escalated + counts.tasksEscalated > 0) logger().info(counts, 'forwarding reminders')
    } catch (error) {
      logger().error({ error: error instanceof Error ? error.name : 'Error' }, 'forwarding reminders failed')
    }
  }, opts.intervalMs ?? 15 * 60_000)
  timer.unref()
  return () => clearInterval(timer)
}
