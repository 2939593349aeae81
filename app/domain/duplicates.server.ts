import { type DB, type Tx, write } from '#db/client.server'
import type { Organisation, Request, RequestMerge } from '#db/schema'
import { activeMergeOf, activeMergesInto, insertMerge, markMergeUndone, moveAllMessages, moveMessagesBack } from '~/data/merges.server'
import { duplicateCandidates, getRequestForOrg, updateRequest, type DuplicateBasis } from '~/data/officer-requests.server'
import { datesFromReceipt } from '~/domain/clock-rules'
import { officerActor, recordEvent } from '~/domain/events'
import { assertCanTake, isClosed } from '~/domain/lifecycle'
import { ActionRefusedError, begin, countOfficerWrite, RequestNotFoundError, type Done, type OfficerAct } from '~/domain/requests.server'
import { nowMs } from '~/utils/clock'

// Duplicates (docs/decisions/023). A request that matches an open one of the
// same person at the same organisation (the keyed hashes of the address, the
// phone number, or every word of the name) is shown to the officer, who may
// merge them; nothing is merged by itself, nobody is refused because of a
// match, and a merge can be undone. Whatever the channel a request came by,
// findDuplicates finds its matches.

export type Duplicate = { request: Request; basis: DuplicateBasis[] }

/** A request a processor holds for a client, or a controller's own made from one, follows its hand-over: it is never merged. */
function mergeable(r: Request): boolean {
  return r.routing === null && r.forwardedFromRequestId === null && !isClosed(r.status)
}

/** The open requests of the same organisation that look like this one's duplicates, with what matched. */
export function findDuplicates(db: DB | Tx, request: Request): Duplicate[] {
  if (!mergeable(request)) return []
  return duplicateCandidates(db, request).filter((d) => mergeable(d.request))
}

/** How far a request's sender is known: the identity checked (2), the address confirmed or the request received by an officer (1), nothing yet (0). */
function verification(r: Request): number {
  return r.identityVerifiedAt ? 2 : r.status !== 'unverified' ? 1 : 0
}

/** Received by the organisation: its receipt counts. An unconfirmed request has not reached it yet (docs/decisions/008). */
const received = (r: Pick<Request, 'status'>) => r.status !== 'unverified'

export type MergePlan = { survivor: Request; absorbed: Request; receivedAt: Date; problem: 'mergeNeedsIdentity' | 'absorbedHasMerges' | null }

/**
 * Which of two requests goes on: the better verified one, never an unverified
 * one over a verified one (GHSA-qx5f-ghc2-7g5c); between equals, the one
 * received first. It keeps the earliest receipt of the two that were received.
 * Two addresses: only into a request whose sender's identity an officer checked,
 * or the other request's messages would reach an address nobody vouched for.
 */
export function mergePlan(db: DB | Tx, a: Request, b: Request): MergePlan {
  const [survivor, absorbed] = [a, b].sort((x, y) => verification(y) - verification(x) || x.receivedAt.getTime() - y.receivedAt.getTime() || x.id - y.id) as [Request, Request]
  // The survivor's receipt already is the earliest of those merged into it before.
  const receipts = [survivor, absorbed].filter(received).map((r) => r.receivedAt.getTime())
  const receivedAt = received(survivor) ? new Date(Math.min(...receipts)) : survivor.receivedAt
  const problem =
    survivor.emailHash !== absorbed.emailHash && !survivor.identityVerifiedAt
      ? 'mergeNeedsIdentity'
      : activeMergesInto(db, { orgId: absorbed.orgId, survivorId: absorbed.id }).length > 0
        ? 'absorbedHasMerges'
        : null
  return { survivor, absorbed, receivedAt, problem }
}

/** The request's own receipt, before any merge moved it. */
function ownReceipt(db: DB | Tx, r: Request): Date {
  const first = activeMergesInto(db, { orgId: r.orgId, survivorId: r.id })[0]
  return first ? new Date(first.before.survivor.receivedAt) : r.receivedAt
}

/** The dates of a request counted from a receipt, with its own extension and the days its clock already stood still. */
function datesFrom(r: Request, org: Organisation, receivedAt: Date) {
  return { receivedAt, ...datesFromReceipt(receivedAt, org, { extensionMonths: r.extensionMonths, pausedDays: r.pausedDays }) }
}

/** What the merge form says: which request goes on and the legal deadline it would have. */
export function mergePreview(db: DB | Tx, request: Request, org: Organisation, other: Request) {
  const plan = mergePlan(db, request, other)
  return { ...plan, dueAt: received(plan.survivor) ? datesFrom(plan.survivor, org, plan.receivedAt).dueAt : null }
}

/**
 * Merges another open request of the same person with this one, in one
 * transaction: the better verified one goes on with the earliest receipt (its
 * deadline counted again with its own extension and ended pauses), every
 * message of the other moves to it, and the other is closed as merged. The
 * audit trail records ids, counts and instants.
 */
export function mergeRequests(db: DB, a: OfficerAct & { otherId: number }): Done {
  countOfficerWrite(db, a)
  return write(db, (tx): Done => {
    const { request, org, at, taken } = begin(tx, a, 'merge')
    const other = getRequestForOrg(tx, { orgId: org.id, id: a.otherId })
    if (!other || !findDuplicates(tx, request).some((d) => d.request.id === other.id)) throw new ActionRefusedError('notDuplicate')
    assertCanTake('merge', other.status, 'officer')
    const plan = mergePlan(tx, request, other)
    if (plan.problem) throw new ActionRefusedError(plan.problem)
    const { survivor, absorbed } = plan
    const ownReceiptAt = ownReceipt(tx, survivor)
    const movedMessageIds = moveAllMessages(tx, { orgId: org.id, fromRequestId: absorbed.id, toRequestId: survivor.id })
    const merge = insertMerge(tx, {
      orgId: org.id,
      survivorId: survivor.id,
      absorbedId: absorbed.id,
      before: {
        absorbed: { status: absorbed.status, outcome: absorbed.outcome, closedAt: absorbed.closedAt?.toISOString() ?? null },
        survivor: { receivedAt: ownReceiptAt.toISOString() },
      },
      movedMessageIds,
      mergedAt: at,
      mergedById: a.officerId,
    })
    const dates = received(survivor) && plan.receivedAt.getTime() !== survivor.receivedAt.getTime() ? datesFrom(survivor, org, plan.receivedAt) : {}
    const kept = updateRequest(tx, survivor.id, { ...dates, lastActivityAt: at, updatedAt: at })
    const closed = updateRequest(tx, absorbed.id, { status: 'withdrawn', outcome: 'merged', closed: true, closedAt: at, lastActivityAt: at, updatedAt: at })
    const actor = officerActor(a.officerId)
    recordEvent(tx, {
      kind: 'request_merged',
      orgId: org.id,
      requestId: survivor.id,
      actor,
      data: { mergeId: merge.id, absorbedId: absorbed.id, messages: movedMessageIds.length, previousReceivedAt: survivor.receivedAt.toISOString(), receivedAt: kept.receivedAt.toISOString(), dueAt: kept.dueAt.toISOString() },
    })
    recordEvent(tx, { kind: 'request_absorbed', orgId: org.id, requestId: absorbed.id, actor, data: { mergeId: merge.id, survivorId: survivor.id } })
    return { request: request.id === survivor.id ? kept : closed, taken }
  })
}

/**
 * Undoes a merge into this request: the other request opens again as it was,
 * its messages go back to it (those written on the merged request since stay),
 * and this one's receipt is again the earliest of its own and of the requests
 * still merged into it.
 */
export function undoMerge(db: DB, a: OfficerAct & { absorbedId: number }): Done {
  countOfficerWrite(db, a)
  return write(db, (tx): Done => {
    const { request: survivor, org, at, taken } = begin(tx, a, 'unmerge')
    const merges = activeMergesInto(tx, { orgId: org.id, survivorId: survivor.id })
    const merge = merges.find((m) => m.absorbedId === a.absorbedId)
    if (!merge) throw new ActionRefusedError('notMerged')
    const absorbed = getRequestForOrg(tx, { orgId: org.id, id: merge.absorbedId })
    if (!absorbed) throw new RequestNotFoundError()
    const moved = moveMessagesBack(tx, { orgId: org.id, ids: merge.movedMessageIds, fromRequestId: survivor.id, toRequestId: absorbed.id })
    const was = merge.before.absorbed
    updateRequest(tx, absorbed.id, {
      status: was.status,
      outcome: was.outcome,
      closed: isClosed(was.status),
      closedAt: was.closedAt ? new Date(was.closedAt) : null,
      lastActivityAt: at,
      updatedAt: at,
    })
    markMergeUndone(tx, { id: merge.id, undoneAt: at, undoneById: a.officerId })
    const receivedAt = receiptAfterUndo(tx, survivor, merge, merges)
    const dates = received(survivor) && receivedAt.getTime() !== survivor.receivedAt.getTime() ? datesFrom(survivor, org, receivedAt) : {}
    const kept = updateRequest(tx, survivor.id, { ...dates, lastActivityAt: at, updatedAt: at })
    const data = { mergeId: merge.id, survivorId: survivor.id, absorbedId: absorbed.id, messages: moved }
    const actor = officerActor(a.officerId)
    recordEvent(tx, { kind: 'merge_undone', orgId: org.id, requestId: survivor.id, actor, data })
    recordEvent(tx, { kind: 'merge_undone', orgId: org.id, requestId: absorbed.id, actor, data })
    return { request: kept, taken }
  })
}

/** The earliest of the request's own receipt and those of the received requests still merged into it. */
function receiptAfterUndo(tx: Tx, survivor: Request, undone: RequestMerge, merges: RequestMerge[]): Date {
  const times = [new Date(undone.before.survivor.receivedAt).getTime()]
  for (const m of merges) {
    if (m.id === undone.id || m.before.absorbed.status === 'unverified') continue
    const other = getRequestForOrg(tx, { orgId: survivor.orgId, id: m.absorbedId })
    if (other) times.push(other.receivedAt.getTime())
  }
  return new Date(Math.min(...times))
}

/** The request this one was merged into, while the merge stands. */
export function mergedInto(db: DB | Tx, request: Pick<Request, 'id' | 'orgId'>): { merge: RequestMerge; survivor: Request } | null {
  const merge = activeMergeOf(db, { orgId: request.orgId, absorbedId: request.id })
  const survivor = merge ? getRequestForOrg(db, { orgId: request.orgId, id: merge.survivorId }) : undefined
  return merge && survivor ? { merge, survivor } : null
}

/** The requests merged into this one, while their merges stand. */
export function mergedHere(db: DB | Tx, request: Pick<Request, 'id' | 'orgId'>): Request[] {
  return activeMergesInto(db, { orgId: request.orgId, survivorId: request.id }).flatMap((m) => getRequestForOrg(db, { orgId: request.orgId, id: m.absorbedId }) ?? [])
}
