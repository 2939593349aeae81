import type { DB, Tx } from '#db/client.server'
import type { Forwarding, Request } from '#db/schema'
import { forwardingIntoRequest } from '~/data/assistance.server'
import { updateForwarding } from '~/data/forwardings.server'
import { getRequestForOrg, updateRequest } from '~/data/officer-requests.server'
import { recordEvent, type Actor } from '~/domain/events'
import type { LifecycleAction } from '~/domain/lifecycle'
import { nowMs } from '~/utils/clock'

// A controller on the portal gets a processor's request in its own queue
// (app/domain/forwarding.server.ts). Its officers' first work on it is the
// acknowledgement the processor waits for: whoever acts on the request has
// seen it. Kept apart from app/domain/assistance.server.ts so that the
// request's transitions (begin() in requests.server.ts) can call it.

/** The active hand-over a controller's own request was made from; none for any other request. */
export function activeForwardingInto(tx: DB | Tx, request: Pick<Request, 'id' | 'orgId' | 'forwardedFromRequestId'>): Forwarding | undefined {
  if (request.forwardedFromRequestId === null) return undefined
  const forwarding = forwardingIntoRequest(tx, { orgId: request.orgId, requestId: request.id })
  return forwarding?.active ? forwarding : undefined
}

/**
 * Records that the controller has seen the request, once: on the processor's
 * request (the chain of custody lives there) and on the controller's own.
 * Returns the forwarding when this was the acknowledgement.
 */
export function acknowledgeInTx(tx: Tx, request: Pick<Request, 'id' | 'orgId' | 'forwardedFromRequestId'>, actor: Actor): Forwarding | undefined {
  const forwarding = activeForwardingInto(tx, request)
  if (!forwarding || forwarding.acknowledgedAt) return undefined
  const updated = updateForwarding(tx, forwarding.id, { acknowledgedAt: new Date(nowMs()) })
  recordEvent(tx, { kind: 'acknowledged', orgId: forwarding.orgId, requestId: forwarding.requestId, actor, data: { forwardingId: forwarding.id } })
  recordEvent(tx, { kind: 'acknowledged', orgId: request.orgId, requestId: request.id, actor, data: { forwardingId: forwarding.id } })
  return updated
}

/** Any officer's work on a forwarded request acknowledges it, except sending it back as not the controller's. */
export function acknowledgeOnWork(tx: Tx, request: Pick<Request, 'id' | 'orgId' | 'forwardedFromRequestId'>, action: LifecycleAction, actor: Actor): void {
  if (request.forwardedFromRequestId === null || action === 'sendBack') return
  acknowledgeInTx(tx, request, actor)
}

/**
 * The person withdrew the request at the controller (by phone, letter…): the
 * processor's request ends with it, as withdrawn, without an email (the
 * controller's withdrawal told the person). A processor's request about a
 * client's call never has its clock paused (its deadline is the client's),
 * so it closes as it stands.
 */
export function withdrawnAtController(tx: Tx, request: Pick<Request, 'id' | 'orgId' | 'forwardedFromRequestId'>, actor: Actor): void {
  const forwarding = activeForwardingInto(tx, request)
  if (!forwarding) return
  const theirs = getRequestForOrg(tx, { orgId: forwarding.orgId, id: forwarding.requestId })
  if (!theirs || theirs.closed) return
  const at = new Date(nowMs())
  updateRequest(tx, theirs.id, { status: 'withdrawn', outcome: 'withdrawn', closed: true, closedAt: at, lastActivityAt: at, updatedAt: at })
  recordEvent(tx, { kind: 'withdrawn', orgId: theirs.orgId, requestId: theirs.id, actor, data: { messageId: null, emailed: false } })
}
