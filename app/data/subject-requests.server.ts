import { and, asc, desc, eq, gt } from 'drizzle-orm'
import type { DB, Tx } from '#db/client.server'
import { requests, type Request } from '#db/schema'
import { generateReference } from '~/utils/reference'

// The requests table as the person's side reaches it: by the id a session or
// a link names, or by reference together with the address's keyed hash.

export function requestById(db: DB | Tx, id: number): Request | undefined {
  return db.select().from(requests).where(eq(requests.id, id)).get()
}

/** By reference, and (when given) only when the address belongs to it. */
export function requestByReferenceAndEmail(db: DB | Tx, q: { reference: string; emailHash?: string }): Request | undefined {
  return db
    .select()
    .from(requests)
    .where(and(eq(requests.reference, q.reference), q.emailHash ? eq(requests.emailHash, q.emailHash) : undefined))
    .get()
}

/** An address's requests still waiting for their confirmation, newest first. */
export function pendingRequestsOf(db: DB | Tx, q: { emailHash: string; since: Date; limit: number }): Request[] {
  return db
    .select()
    .from(requests)
    .where(and(eq(requests.emailHash, q.emailHash), eq(requests.status, 'unverified'), gt(requests.filedAt, q.since)))
    .orderBy(desc(requests.id))
    .limit(q.limit)
    .all()
}

/** The request a draft became, if it was sent. */
export function requestFromDraft(db: DB | Tx, draftKey: string): Pick<Request, 'id' | 'reference' | 'orgId'> | undefined {
  return db.select({ id: requests.id, reference: requests.reference, orgId: requests.orgId }).from(requests).where(eq(requests.draftKey, draftKey)).get()
}

/** The requests filed together with this one (one per controller named), itself included, in filing order. */
export function groupRequests(db: DB | Tx, request: Pick<Request, 'orgId' | 'groupId' | 'id'>): Request[] {
  if (!request.groupId) return []
  return db
    .select()
    .from(requests)
    .where(and(eq(requests.orgId, request.orgId), eq(requests.groupId, request.groupId)))
    .orderBy(asc(requests.id))
    .all()
}

/** A reference number no request has yet: drawn at random until it is free. */
export function uniqueReference(db: DB | Tx): string {
  for (;;) {
    const reference = generateReference()
    if (!db.select({ id: requests.id }).from(requests).where(eq(requests.reference, reference)).get()) return reference
  }
}
