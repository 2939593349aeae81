import { and, asc, eq, inArray, isNull } from 'drizzle-orm'
import type { DB, Tx } from '#db/client.server'
import { messages, requestMerges, type MergeBefore, type RequestMerge } from '#db/schema'

// Requests merged into another of the same person (docs/decisions/023): the
// record of each merge, what the requests were before it, and the messages
// that moved, so that undoing it puts everything back. Every read takes the
// organisation's id.

export function insertMerge(tx: Tx, m: { orgId: number; survivorId: number; absorbedId: number; before: MergeBefore; movedMessageIds: number[]; mergedAt: Date; mergedById: number | null }): RequestMerge {
  return tx.insert(requestMerges).values(m).returning().get()
}

/** The merge in force that absorbed this request, if any. */
export function activeMergeOf(db: DB | Tx, q: { orgId: number; absorbedId: number }): RequestMerge | undefined {
  return db
    .select()
    .from(requestMerges)
    .where(and(eq(requestMerges.orgId, q.orgId), eq(requestMerges.absorbedId, q.absorbedId), isNull(requestMerges.undoneAt)))
    .get()
}

/** The merges in force into this request, oldest first. */
export function activeMergesInto(db: DB | Tx, q: { orgId: number; survivorId: number }): RequestMerge[] {
  return db
    .select()
    .from(requestMerges)
    .where(and(eq(requestMerges.orgId, q.orgId), eq(requestMerges.survivorId, q.survivorId), isNull(requestMerges.undoneAt)))
    .orderBy(asc(requestMerges.id))
    .all()
}

export function markMergeUndone(tx: Tx, q: { id: number; undoneAt: Date; undoneById: number | null }) {
  tx.update(requestMerges).set({ undoneAt: q.undoneAt, undoneById: q.undoneById }).where(eq(requestMerges.id, q.id)).run()
}

/** Moves a request's messages to another request of the organisation; returns the ids moved. */
export function moveAllMessages(tx: Tx, q: { orgId: number; fromRequestId: number; toRequestId: number }): number[] {
  return tx
    .update(messages)
    .set({ requestId: q.toRequestId })
    .where(and(eq(messages.orgId, q.orgId), eq(messages.requestId, q.fromRequestId)))
    .returning({ id: messages.id })
    .all()
    .map((m) => m.id)
    .sort((a, b) => a - b)
}

/** Moves these messages back where they came from (only those still on the request they were moved to). */
export function moveMessagesBack(tx: Tx, q: { orgId: number; ids: number[]; fromRequestId: number; toRequestId: number }): number {
  let moved = 0
  for (let i = 0; i < q.ids.length; i += 500) {
    const chunk = q.ids.slice(i, i + 500)
    moved += tx
      .update(messages)
      .set({ requestId: q.toRequestId })
      .where(and(eq(messages.orgId, q.orgId), eq(messages.requestId, q.fromRequestId), inArray(messages.id, chunk)))
      .run().changes
  }
  return moved
}
