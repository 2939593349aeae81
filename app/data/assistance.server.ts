import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm'
import type { DB, Tx } from '#db/client.server'
import { assistanceTasks, forwardings, organisations, requests, type Forwarding } from '#db/schema'

// Queries for a controller's own request made from a processor's, and for the
// processor's assistance tasks (docs/decisions/017), beside the forwarding
// queries of app/data/forwardings.server.ts.

/** The hand-over a controller's own request was made from, active or sent back; only when `orgId` is that controller. */
export function forwardingIntoRequest(db: DB | Tx, q: { orgId: number; requestId: number }): Forwarding | undefined {
  return db
    .select()
    .from(forwardings)
    .where(and(eq(forwardings.controllerOrgId, q.orgId), eq(forwardings.controllerRequestId, q.requestId)))
    .orderBy(desc(forwardings.id))
    .get()
}

/** For a controller's requests: the name of the processor each was forwarded by. */
export function forwardedByNames(db: DB | Tx, q: { orgId: number; requestIds: number[] }): Map<number, string> {
  if (q.requestIds.length === 0) return new Map()
  const rows = db
    .select({ requestId: forwardings.controllerRequestId, name: organisations.name })
    .from(forwardings)
    .innerJoin(organisations, eq(organisations.id, forwardings.orgId))
    .where(and(eq(forwardings.controllerOrgId, q.orgId), inArray(forwardings.controllerRequestId, q.requestIds)))
    .all()
  return new Map(rows.flatMap((r) => (r.requestId === null ? [] : [[r.requestId, r.name] as const])))
}

/** The processor's open tasks with their request's reference and client, the soonest due first. */
export function openTasksWithRequests(db: DB | Tx, q: { orgId: number; limit?: number }) {
  return db
    .select({
      id: assistanceTasks.id,
      kind: assistanceTasks.kind,
      dueAt: assistanceTasks.dueAt,
      createdAt: assistanceTasks.createdAt,
      requestId: assistanceTasks.requestId,
      reference: requests.reference,
      clientKey: forwardings.clientKey,
    })
    .from(assistanceTasks)
    .innerJoin(requests, and(eq(requests.id, assistanceTasks.requestId), eq(requests.orgId, q.orgId)))
    .innerJoin(forwardings, eq(forwardings.id, assistanceTasks.forwardingId))
    .where(and(eq(assistanceTasks.orgId, q.orgId), isNull(assistanceTasks.doneAt)))
    .orderBy(asc(assistanceTasks.dueAt), asc(assistanceTasks.id))
    .limit(q.limit ?? 200)
    .all()
}
