import { and, asc, desc, eq, gt, inArray, isNull, lte, ne, or, sql } from 'drizzle-orm'
import type { DB, Tx } from '#db/client.server'
import { events, requests } from '#db/schema'

// What the daily digest reads: the organisation's open, received requests by
// legal deadline, and the events since the last digest.

export function lastDigestAt(db: DB | Tx, orgId: number): { at: Date; date: string } | undefined {
  const row = db
    .select({ at: events.at, data: events.data })
    .from(events)
    .where(and(eq(events.orgId, orgId), eq(events.kind, 'digest_sent')))
    .orderBy(desc(events.at))
    .limit(1)
    .get()
  return row ? { at: row.at, date: String(row.data.date) } : undefined
}

/** Open requests that have been received, due by the cutoff, of one officer or of nobody. */
export function dueRequests(db: DB | Tx, q: { orgId: number; officerId: number; cutoff: Date; limit: number }) {
  return db
    .select({ id: requests.id, reference: requests.reference, type: requests.type, dueAt: requests.dueAt })
    .from(requests)
    .where(
      and(
        eq(requests.orgId, q.orgId),
        eq(requests.closed, false),
        ne(requests.status, 'unverified'),
        lte(requests.dueAt, q.cutoff),
        or(eq(requests.assigneeId, q.officerId), isNull(requests.assigneeId)),
      ),
    )
    .orderBy(asc(requests.dueAt), asc(requests.id))
    .limit(q.limit)
    .all()
}

export function countDue(db: DB | Tx, q: { orgId: number; officerId: number; before: Date; cutoff: Date }) {
  const row = db
    .select({
      overdue: sql<number>`coalesce(sum(${requests.dueAt} < ${q.before.getTime()}), 0)`,
      soon: sql<number>`coalesce(sum(${requests.dueAt} >= ${q.before.getTime()} and ${requests.dueAt} <= ${q.cutoff.getTime()}), 0)`,
    })
    .from(requests)
    .where(and(eq(requests.orgId, q.orgId), eq(requests.closed, false), ne(requests.status, 'unverified'), or(eq(requests.assigneeId, q.officerId), isNull(requests.assigneeId))))
    .get()
  return { overdue: row?.overdue ?? 0, soon: row?.soon ?? 0 }
}

export function countUnassigned(db: DB | Tx, orgId: number): number {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(requests)
      .where(and(eq(requests.orgId, orgId), eq(requests.closed, false), ne(requests.status, 'unverified'), isNull(requests.assigneeId)))
      .get()?.n ?? 0
  )
}

/** Request events of some kinds since an instant, with the request's reference and current assignee. */
export function requestEventsSince(db: DB | Tx, q: { orgId: number; kinds: string[]; since: Date }) {
  return db
    .select({ kind: events.kind, data: events.data, requestId: events.requestId, reference: requests.reference, assigneeId: requests.assigneeId, closed: requests.closed })
    .from(events)
    .innerJoin(requests, eq(requests.id, events.requestId))
    .where(and(eq(events.orgId, q.orgId), inArray(events.kind, q.kinds), gt(events.at, q.since)))
    .orderBy(asc(events.id))
    .all()
}
