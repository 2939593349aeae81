import { z } from 'zod'
import { write, type DB, type Tx } from '#db/client.server'
import type { Request } from '#db/schema'
import { requestEventRows } from '~/data/audit.server'
import { updateRequest } from '~/data/officer-requests.server'
import { decodeEvent, officerActor, recordEvent } from '~/domain/events'
import { emailPerson } from '~/domain/person-mail.server'
import { ActionRefusedError, begin, countOfficerWrite, type Done, type OfficerAct } from '~/domain/requests.server'

// Restriction of processing (Art. 18; docs/decisions/024). A restriction
// granted by an answer lasts after the request has closed; when the
// organisation lifts it, the person is told first (Art. 18(3)): the notice is
// queued and the lifting recorded in one transaction, effective some days
// after the notice, never before it. An objection under Art. 21(1) may have
// the person's data restricted while it is assessed (Art. 18(1)(d)); the
// answer's letter says so.

const DAY = 86_400_000

/** How long after the notice the restriction ends: days for the person to act on it (a complaint, a court) before it does. */
export const LIFT_NOTICE_DAYS: readonly number[] = [7, 14, 30]

const daysRequired = 'officer:errors.liftDaysRequired'
export const liftInput = z.object({ days: z.coerce.number({ message: daysRequired }).refine((n) => LIFT_NOTICE_DAYS.includes(n), daysRequired) })

type Restriction = { liftsAt: Date | null; whileAssessed: boolean }

/** What the request's trail says of restriction: when a granted restriction is (to be) lifted, and whether an objection's data was restricted while assessed. */
export function restrictionOf(db: DB | Tx, request: Pick<Request, 'id' | 'orgId'>): Restriction {
  const state: Restriction = { liftsAt: null, whileAssessed: false }
  for (const row of requestEventRows(db, { orgId: request.orgId, requestId: request.id })) {
    if (row.kind !== 'restriction_lift_notified' && row.kind !== 'restricted_while_assessed') continue
    const e = decodeEvent(row)
    if (e?.kind === 'restriction_lift_notified') state.liftsAt = new Date(e.data.liftsAt)
    if (e?.kind === 'restricted_while_assessed') state.whileAssessed = true
  }
  return state
}

/** A restriction request answered with a restriction in place: only then is there one to lift. */
export function canLift(request: Pick<Request, 'type' | 'status' | 'outcome'>): boolean {
  return request.type === 'restriction' && request.status === 'completed' && (request.outcome === 'granted' || request.outcome === 'partly_granted')
}

/** An objection on the person's particular situation (Art. 21(1)), still being assessed: not one to direct marketing, which is never weighed. */
export function canRestrictWhileAssessed(request: Pick<Request, 'type' | 'status' | 'details'>): boolean {
  const open = request.status === 'received' || request.status === 'in_progress' || request.status === 'awaiting_subject'
  return request.type === 'objection' && open && request.details.type === 'objection' && request.details.ground !== 'direct_marketing'
}

/**
 * Lifts a restriction granted by a closed request: the person's notice is
 * queued now, and the lifting recorded as taking effect `days` after it.
 */
export function liftRestriction(db: DB, a: OfficerAct & z.input<typeof liftInput>): Done & { liftsAt: Date } {
  const { days } = liftInput.parse(a)
  countOfficerWrite(db, a)
  return write(db, (tx) => {
    const { request, org, at } = begin(tx, a, 'note', { take: false })
    if (!canLift(request)) throw new ActionRefusedError('notAllowed')
    if (restrictionOf(tx, request).liftsAt) throw new ActionRefusedError('restrictionAlreadyLifted')
    const liftsAt = new Date(at.getTime() + days * DAY)
    emailPerson(tx, request, org, 'restriction-lifting', { liftsAt: liftsAt.toISOString() })
    recordEvent(tx, { kind: 'restriction_lift_notified', orgId: org.id, requestId: request.id, actor: officerActor(a.officerId), data: { liftsAt: liftsAt.toISOString(), days } })
    return { request: updateRequest(tx, request.id, { lastActivityAt: at }), taken: false, liftsAt }
  })
}

/** Records that the person's data are restricted while their objection is assessed (Art. 18(1)(d)). */
export function restrictWhileAssessed(db: DB, a: OfficerAct): Done {
  countOfficerWrite(db, a)
  return write(db, (tx) => {
    const { request, org, at, taken } = begin(tx, a, 'note')
    if (!canRestrictWhileAssessed(request)) throw new ActionRefusedError('notAllowed')
    if (restrictionOf(tx, request).whileAssessed) throw new ActionRefusedError('alreadyRestricted')
    recordEvent(tx, { kind: 'restricted_while_assessed', orgId: org.id, requestId: request.id, actor: officerActor(a.officerId), data: {} })
    return { request: updateRequest(tx, request.id, { lastActivityAt: at, updatedAt: at }), taken }
  })
}
