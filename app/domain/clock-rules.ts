import type { Organisation, Request } from '#db/schema'
import { legalDeadlineWith, extensionDays, slaDeadline, type DeadlineOrg } from '~/domain/deadlines'

// When the legal clock may stand still, and the dates it gives. The rule and
// its sources are in docs/decisions/008-deadlines-and-pauses.md: a pause only
// where the organisation allows it, only while it waits for something it needs
// in order to act (proof of identity, Art. 12(6); a clarification the officer
// marks as necessary, Recital 63 and EDPB Guidelines 01/2022), and only before
// the legal deadline has passed.

import type { AskTopic } from '~/vocabulary'
export type { AskTopic }

export type PauseDecision = { pause: true } | { pause: false; why: 'orgDoesNotPause' | 'ordinaryQuestion' | 'deadlinePassed' | 'alreadyPaused' | 'identityVerified' | 'controllersClock' }

export function pauseFor(request: Pick<Request, 'dueAt' | 'pausedAt' | 'identityVerifiedAt' | 'routing'>, org: Pick<Organisation, 'pauseClockOnInfoRequest'>, topic: AskTopic, now: Date): PauseDecision {
  if (!org.pauseClockOnInfoRequest) return { pause: false, why: 'orgDoesNotPause' }
  // A processor's request for a client runs on the client's clock, which the processor cannot stop (docs/decisions/016).
  if (request.routing !== null) return { pause: false, why: 'controllersClock' }
  if (topic === 'other') return { pause: false, why: 'ordinaryQuestion' }
  if (topic === 'identity' && request.identityVerifiedAt) return { pause: false, why: 'identityVerified' }
  if (request.pausedAt) return { pause: false, why: 'alreadyPaused' }
  if (now.getTime() > request.dueAt.getTime()) return { pause: false, why: 'deadlinePassed' }
  return { pause: true }
}

/**
 * Every date of a request counted afresh from its receipt, so weekend and
 * holiday shifts never add up: the legal deadline is the months plus the
 * paused days, moved to a working day once; the internal target is plain
 * calendar days (moved by the paused days and by an extension's days).
 */
export function datesFromReceipt(receivedAt: Date, org: DeadlineOrg & { slaDays: number }, o: { extensionMonths: number; pausedDays: number }) {
  const dueAt = legalDeadlineWith(receivedAt, org, { months: 1 + o.extensionMonths, pausedDays: o.pausedDays })
  const slaDueAt = slaDeadline(receivedAt, org, org.slaDays + o.pausedDays + extensionDays(receivedAt, org, o.extensionMonths))
  return { dueAt, slaDueAt }
}

/**
 * An extension is possible only within the first month (Art. 12(3)), once, by
 * one or two months. The first month is the one the clock has run: days it
 * stood still in ended pauses do not count.
 */
export function extensionProblem(request: Pick<Request, 'receivedAt' | 'extensionMonths' | 'pausedDays'>, org: DeadlineOrg, now: Date): 'alreadyExtended' | 'extensionTooLate' | null {
  if (request.extensionMonths > 0) return 'alreadyExtended'
  if (now.getTime() > legalDeadlineWith(request.receivedAt, org, { months: 1, pausedDays: request.pausedDays }).getTime()) return 'extensionTooLate'
  return null
}
