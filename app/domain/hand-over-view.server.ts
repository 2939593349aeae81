import type { DB } from '#db/client.server'
import type { Organisation, Request } from '#db/schema'
import { forwardingOfControllerRequest, forwardingsOf } from '~/data/forwardings.server'
import { clientOf } from '~/domain/forwarding.server'
import type { Formatters, HandOverNames } from '~/domain/timeline'

// What the person and the processor's officers see of a request's hand-overs
// to its controller (issue 12): the person each step with its date, the
// officers every hand-over with its instants and what became of it.

/** The controllers' names by forwarding, for the hand-over events of the timelines. */
export function handOverNames(db: DB, org: Organisation, request: Pick<Request, 'id'>): HandOverNames {
  return new Map(forwardingsOf(db, { orgId: org.id, requestId: request.id }).map((f) => [f.id, clientOf(org, f.clientKey)?.name ?? f.clientKey]))
}

/**
 * The steps the person is told of, once their request has been passed on
 * (the current hand-over, when its email was not refused): to whom and when,
 * when the controller acknowledged it, and when it answered (through the
 * portal, or directly on the day it named). Null until then: the person is
 * still told that it must be passed on.
 */
export function subjectHandOver(db: DB, org: Organisation, request: Pick<Request, 'id' | 'routing'>, fmt: Formatters) {
  if (request.routing !== 'client') return null
  const current = forwardingsOf(db, { orgId: org.id, requestId: request.id }).find((f) => f.active)
  if (!current || current.undeliveredAt) return null
  const controller = clientOf(org, current.clientKey)?.name ?? current.clientKey
  return {
    controller,
    passedOn: fmt.date(current.forwardedAt),
    acknowledged: current.acknowledgedAt ? fmt.date(current.acknowledgedAt) : null,
    answered: current.answeredAt ? fmt.date(current.answeredAt) : null,
    /** The controller answers the person itself, on this day. */
    directOn: current.directAnswerOn ? fmt.date(new Date(`${current.directAnswerOn}T12:00:00Z`)) : null,
  }
}

/** Every hand-over of a processor's request, the latest first, for its officers: to whom, whether it arrived, what the controller did, and the lag after receipt. */
export function officerHandOvers(db: DB, org: Organisation, request: Pick<Request, 'id' | 'receivedAt' | 'routing'>, fmt: Formatters) {
  if (request.routing === null) return []
  return forwardingsOf(db, { orgId: org.id, requestId: request.id }).map((f) => {
    const lagMinutes = Math.max(0, Math.round((f.forwardedAt.getTime() - request.receivedAt.getTime()) / 60_000))
    return {
      id: f.id,
      controller: clientOf(org, f.clientKey)?.name ?? f.clientKey,
      recipient: f.recipient,
      onPortal: f.controllerOrgId !== null,
      active: f.active,
      receivedAt: fmt.dateTime(request.receivedAt),
      forwardedAt: fmt.dateTime(f.forwardedAt),
      lag: { hours: Math.floor(lagMinutes / 60), minutes: lagMinutes % 60 },
      delivery: f.undeliveredAt ? ('undelivered' as const) : f.sentAt ? ('sent' as const) : ('queued' as const),
      sentAt: f.sentAt ? fmt.dateTime(f.sentAt) : null,
      undeliveredAt: f.undeliveredAt ? fmt.dateTime(f.undeliveredAt) : null,
      acknowledgedAt: f.acknowledgedAt ? fmt.dateTime(f.acknowledgedAt) : null,
      answeredAt: f.answeredAt ? fmt.dateTime(f.answeredAt) : null,
      directAnswerOn: f.directAnswerOn ? fmt.date(new Date(`${f.directAnswerOn}T12:00:00Z`)) : null,
      returnedAt: f.returnedAt ? fmt.dateTime(f.returnedAt) : null,
      reminders: f.reminders,
      escalatedAt: f.escalatedAt ? fmt.dateTime(f.escalatedAt) : null,
    }
  })
}

/** A controller's own request made from a processor's: its hand-over's chain of custody can be downloaded. */
export function hasControllerCustody(db: DB, org: Organisation, request: Pick<Request, 'id' | 'forwardedFromRequestId'>): boolean {
  if (request.forwardedFromRequestId === null) return false
  const f = forwardingOfControllerRequest(db, request.id)
  return !!f && f.controllerOrgId === org.id
}
