import type { DB, Tx } from '#db/client.server'
import { queuePage, type QueueCursor, type QueueFilters, type QueueRow } from '~/data/officer-requests.server'

/** Rows of an export read at a time: one short query and one short stretch of unsealing each. */
export const EXPORT_BATCH = 500

/**
 * Every row of the queue's current view (filters and order) up to `max`,
 * in batches read by the queue's own keyset pagination: each batch is one
 * indexed query that starts after the last row of the one before, so the
 * rows in memory are one batch, whatever the size of the export, and the
 * caller can let others use the database between batches.
 *
 * The batches are read one after another, not in one transaction: a request
 * whose sort key changes while the export is read can move out of (or into)
 * the part still to come, as on the queue's own next page.
 */
export function* queueExportBatches(
  db: DB | Tx,
  q: { orgId: number; userId: number; now: Date; filters: QueueFilters; max: number; batch?: number },
): Generator<QueueRow[], void, undefined> {
  const batch = q.batch ?? EXPORT_BATCH
  let left = q.max
  let after: QueueCursor | undefined
  while (left > 0) {
    const page = queuePage(db, { orgId: q.orgId, userId: q.userId, now: q.now, filters: q.filters, after, limit: Math.min(batch, left) })
    if (page.rows.length > 0) yield page.rows
    left -= page.rows.length
    if (!page.next) return
    after = page.next
  }
}
