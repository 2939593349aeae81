import { z } from 'zod'
import { type DB, type Tx, write } from '#db/client.server'
import type { LinkSpec, Organisation, Request } from '#db/schema'
import type { EmailParams, EmailTemplate } from '#emails/templates'
import { addMessage } from '~/data/messages.server'
import { emailHash, getRequestForOrg, insertRequest, isOrgMember, openRequestsAssignedTo, requestIdsForOrg, updateRequest } from '~/data/officer-requests.server'
import { getOrganisation, getOrganisationBySlug } from '~/data/organisations.server'
import { groupRequests, pendingRequestsOf, requestByReferenceAndEmail, requestById, uniqueReference } from '~/data/subject-requests.server'
import { createSession } from '~/data/sessions.server'
import { activeMergeOf } from '~/data/merges.server'
import { consumeToken } from '~/data/tokens.server'
import { allowAttempt } from '~/data/rate-limits.server'
import { claimDraftInTx } from '~/data/drafts.server'
import { datesFromReceipt, extensionProblem, pauseFor, type AskTopic } from '~/domain/clock-rules'
import { pausedDays } from '~/domain/deadlines'
import { isDirectMarketingObjection, suppressDirectMarketing } from '~/domain/do-not-contact.server'
import { officerActor, recordEvent, SUBJECT, SYSTEM, type Actor } from '~/domain/events'
import { forwardInTx } from '~/domain/forwarding.server'
import { acknowledgeOnWork, withdrawnAtController } from '~/domain/controller-queue.server'
import { optionalText, requiredText } from '~/domain/fields'
import { assertCanTake, isClosed, TransitionError, type LifecycleAction } from '~/domain/lifecycle'
import { mayEmailAddress, queueEmail } from '~/domain/mail.server'
import { notifyNewWork } from '~/domain/notifications.server'
import { worksRequests } from '~/domain/permissions'
import { localize } from '~/domain/languages'
import { answeredBy, isForController, routingsFor, type Behalf } from '~/domain/processor-clients'
import type { CallHint } from '~/domain/request-form'
import type { RequestDetails } from '~/domain/request-types'
import { nowMs } from '~/utils/clock'
import { randomToken } from '~/utils/tokens.server'
import { ASK_TOPICS, IDENTITY_METHODS, ROLES, type Channel, type IdentityMethod, type Language, type RequestType } from '~/vocabulary'

// The request's transitions. Each runs in one transaction that checks the
// lifecycle table (app/domain/lifecycle.ts), changes the request, appends its
// events (facts only; texts go to the messages table) and queues the emails it
// causes. Routes, the CLI, jobs and tests all call these; nothing else writes
// a request's state.

const HOUR = 3_600_000
const DAY = 24 * HOUR
export const CONFIRM_LINK_TTL = 24 * HOUR
export const SUBJECT_SESSION_IDLE = 2 * HOUR
const SUBJECT_SESSION_TTL = 12 * HOUR
/** How far back a person can ask for a new confirmation link. */
const RESEND_WINDOW = 30 * DAY

/** A request id that is not one of the organisation's requests. */
export class RequestNotFoundError extends Error {
  constructor() {
    super('request not found')
    this.name = 'RequestNotFoundError'
  }
}

/** A rule of the law or of the organisation said no; `code` is a locale key's last part in officer:errors. */
export class ActionRefusedError extends Error {
  constructor(readonly code: 'extensionTooLate' | 'alreadyExtended' | 'assigneeNotOfficer' | 'replyLimit' | 'noteLimit' | 'writeLimit' | 'identityNotVerified' | 'controllerAnswers' | 'routingNotNeeded' | 'clientUnknown' | 'nothingListed' | 'notDuplicate' | 'mergeNeedsIdentity' | 'absorbedHasMerges' | 'notMerged' | 'notAllowed' | 'restrictionAlreadyLifted' | 'alreadyRestricted' | 'nothingToKeep') {
    super(code)
    this.name = 'ActionRefusedError'
  }
}

// ---------------------------------------------------------------------------- shared

import { emailPerson, orgFor, statusLinkSpec, STATUS_LINK_TTL } from '~/domain/person-mail.server'
export { emailPerson, orgFor, STATUS_LINK_TTL }

export function subjectSession(tx: Tx, requestId: number) {
  return createSession(tx, { kind: 'subject', requestId, ttlMs: SUBJECT_SESSION_TTL })
}

/**
 * Ends a paused clock: the legal deadline and the target are counted again
 * from the receipt with every paused day so far. The event records both
 * instants and the new date; the person is told it.
 */
function resumeClock(tx: Tx, request: Request, org: Organisation, actor: Actor): Partial<Request> {
  if (!request.pausedAt) return {}
  const days = pausedDays(request.pausedAt, new Date(nowMs()), org)
  const total = request.pausedDays + days
  const dates = datesFromReceipt(request.receivedAt, org, { extensionMonths: request.extensionMonths, pausedDays: total })
  recordEvent(tx, {
    kind: 'clock_resumed',
    orgId: org.id,
    requestId: request.id,
    actor,
    data: { pausedAt: request.pausedAt.toISOString(), days, dueAt: dates.dueAt.toISOString() },
  })
  return { ...dates, pausedAt: null, pauseReason: null, pausedDays: total }
}

// ---------------------------------------------------------------------------- what a person does

export type NewRequest = {
  org: Organisation
  language: Language
  type: RequestType
  details: RequestDetails
  subject: { name: string; email: string; phone?: string | null; identifiers: Record<string, string> }
  /** Filed with a processor: its own use of the data, or a call made for clients (docs/decisions/016). */
  behalf?: Behalf
  /** The number that called and roughly when, as the person gave them: kept with the request for routing it. */
  call?: CallHint
  channel?: Channel
}

/** The first request filed, and all of them when one was filed per controller named. */
export type FileResult = { ok: true; requestId: number; reference: string; requests: Array<{ id: number; reference: string }> } | { ok: false; reason: 'draftGone' }

/**
 * Stores a request the moment it is sent, not yet received by the
 * organisation, and emails a link to confirm the address. With a draft key,
 * the draft is claimed in the same transaction: a draft that expired or was
 * sent already files nothing, and says so.
 */
export function fileRequest(db: DB, input: NewRequest, opts: { draftKey?: string } = {}): FileResult {
  return write(db, (tx): FileResult => {
    if (opts.draftKey !== undefined && !claimDraftInTx(tx, opts.draftKey, input.org.id)) return { ok: false, reason: 'draftGone' }
    const at = new Date(nowMs())
    // Until the address is confirmed the dates are provisional: they are counted from the confirmation.
    const dates = datesFromReceipt(at, input.org, { extensionMonths: 0, pausedDays: 0 })
    // One request per controller named, each with its own reference, deadline and answer; linked by a group id.
    const routings = routingsFor(input.behalf)
    const groupId = routings.length > 1 ? randomToken() : null
    const filed = routings.map((r, i) => {
      const client = r.clientKey ? input.org.profile.clients.find((c) => c.key === r.clientKey) : undefined
      if (r.clientKey && !client) throw new Error(`${input.org.slug}: no client "${r.clientKey}"`)
      const onPortal = client?.organisation ? getOrganisationBySlug(tx, client.organisation) : undefined
      const request = insertRequest(tx, {
        orgId: input.org.id,
        reference: uniqueReference(tx),
        type: input.type,
        status: 'unverified',
        channel: input.channel ?? 'web',
        language: input.language,
        onBehalfOfOrgId: onPortal?.id ?? null,
        routing: r.routing,
        clientKey: r.clientKey,
        groupId,
        details: input.call ? { ...input.details, call: input.call } : input.details,
        subjectName: input.subject.name,
        subjectEmail: input.subject.email.trim().toLowerCase(),
        subjectPhone: input.subject.phone || null,
        subjectIdentifiers: input.subject.identifiers,
        emailHash: emailHash(input.subject.email),
        filedAt: at,
        receivedAt: at,
        ...dates,
        lastActivityAt: at,
        // The draft names one request; the others are found through the group.
        draftKey: i === 0 ? (opts.draftKey ?? null) : null,
        createdAt: at,
        updatedAt: at,
      })
      recordEvent(tx, {
        kind: 'request_filed',
        orgId: request.orgId,
        requestId: request.id,
        actor: SUBJECT,
        data: { channel: request.channel, ...(r.routing ? { routing: r.routing, clientKey: r.clientKey, linked: routings.length } : {}) },
      })
      return request
    })
    // One confirmation for all of them: confirming the address confirms the group.
    queueConfirmation(tx, filed[0]!, input.org)
    return { ok: true, requestId: filed[0]!.id, reference: filed[0]!.reference, requests: filed.map((r) => ({ id: r.id, reference: r.reference })) }
  })
}

/** Who answers a processor's client's request, for the emails to the person; nothing for a request the organisation answers itself. */
function answeredByParams(request: Request, org: Organisation): { controller?: { routing: 'client' | 'needs_routing'; name: string | null; forwardedAt?: string } } {
  const by = answeredBy(org, request)
  return by ? { controller: by } : {}
}


function queueConfirmation(tx: Tx, request: Request, org: Organisation): boolean {
  // Anyone can type any address: the address gets a few confirmations an hour at most.
  if (!request.subjectEmail || !mayEmailAddress(tx, request.subjectEmail)) return false
  queueEmail(tx, {
    to: request.subjectEmail,
    language: request.language,
    template: 'confirm-email',
    orgId: org.id,
    requestId: request.id,
    params: { orgName: org.name, timeZone: org.timeZone, requestType: request.type, ...answeredByParams(request, org) },
    links: [{ name: 'link', purpose: 'confirm_email', requestId: request.id, ttlMs: CONFIRM_LINK_TTL, path: `/${request.language}/confirm/{token}` }],
  })
  return true
}

export type ConfirmResult =
  /** `closed`: the request was withdrawn before the address was confirmed, so no answer is due. */
  | { ok: true; request: Request; org: Organisation; sessionToken: string; closed: boolean }
  | { ok: false; reason: 'invalid' | 'expired' | 'used' }

/**
 * Follows a confirmation link: the request reaches the organisation now, its
 * legal month starts now (docs/decisions/008), the person is signed in to
 * follow it and gets an email with the reference and the deadline, and the
 * organisation's officers are told. The link works once.
 */
export function confirmEmail(db: DB, token: string): ConfirmResult {
  return write(db, (tx): ConfirmResult => {
    const used = consumeToken(tx, 'confirm_email', token)
    if (!used.ok) return used
    const request = used.requestId === null ? undefined : requestById(tx, used.requestId)
    if (!request) return { ok: false, reason: 'invalid' }
    const org = orgFor(tx, request.orgId)
    if (request.status !== 'unverified') {
      // Confirmed already through another link, or closed meanwhile: nothing changes, the person may still follow it.
      return { ok: true, request, org, sessionToken: subjectSession(tx, request.id), closed: isClosed(request.status) }
    }
    const status = assertCanTake('confirmEmail', request.status, 'subject')
    const at = new Date(nowMs())
    // Requests filed together reach the organisation together: every controller's deadline runs from this one instant.
    const group = request.groupId ? groupRequests(tx, request).filter((r) => r.status === 'unverified') : [request]
    let updated = request
    for (const member of group) {
      const dates = datesFromReceipt(at, org, { extensionMonths: 0, pausedDays: 0 })
      const confirmed = updateRequest(tx, member.id, { status, receivedAt: at, ...dates, emailVerifiedAt: at, lastActivityAt: at, updatedAt: at })
      recordEvent(tx, { kind: 'email_confirmed', orgId: org.id, requestId: member.id, actor: SUBJECT, data: { dueAt: confirmed.dueAt.toISOString() } })
      // A client's request is passed on now, in this transaction: the person is told to whom and when (docs/decisions/017).
      const forwarded = confirmed.routing === 'client' ? forwardInTx(tx, confirmed, org, SYSTEM, { tellPerson: false }) : null
      const by = answeredByParams(confirmed, org)
      if (forwarded && by.controller) by.controller.forwardedAt = forwarded.forwardedAt.toISOString()
      emailPerson(tx, confirmed, org, 'request-confirmed', { requestType: confirmed.type, dueAt: confirmed.dueAt.toISOString(), ...by })
      // Also on a client's request: the agency stops calling the person at once, whoever answers.
      if (isDirectMarketingObjection(confirmed)) suppressDirectMarketing(tx, confirmed, org, SUBJECT)
      notifyNewWork(tx, { kind: 'request_confirmed', org, request: confirmed })
      if (member.id === request.id) updated = confirmed
    }
    return { ok: true, request: updated, org, sessionToken: subjectSession(tx, updated.id), closed: false }
  })
}

/**
 * Sends fresh confirmation links for the address's unconfirmed requests.
 * Says nothing about whether there were any, so it reveals nothing.
 */
export function resendConfirmation(db: DB, email: string): number {
  return write(db, (tx) => {
    const pending = pendingRequestsOf(tx, { emailHash: emailHash(email), since: new Date(nowMs() - RESEND_WINDOW), limit: 5 })
    let sent = 0
    const groups = new Set<string>()
    for (const request of pending) {
      // One link confirms a whole group: one email for it.
      if (request.groupId && groups.has(request.groupId)) continue
      if (request.groupId) groups.add(request.groupId)
      const org = orgFor(tx, request.orgId)
      if (!queueConfirmation(tx, request, org)) break
      recordEvent(tx, { kind: 'confirmation_resent', orgId: org.id, requestId: request.id, actor: SUBJECT, data: {} })
      sent++
    }
    return sent
  })
}

/**
 * Emails a link to follow a request, when the reference and address belong
 * together. The answer on screen is the same either way.
 */
export function sendStatusLink(db: DB, q: { reference: string; email: string }): boolean {
  return write(db, (tx) => {
    const found = requestByReferenceAndEmail(tx, { reference: q.reference, emailHash: emailHash(q.email) })
    const request = found && followMerge(tx, found)
    if (!request || request.status === 'unverified') return false
    if (!request.subjectEmail || !mayEmailAddress(tx, request.subjectEmail)) return false
    const org = orgFor(tx, request.orgId)
    queueEmail(tx, {
      to: request.subjectEmail,
      language: request.language,
      template: 'status-link',
      orgId: org.id,
      requestId: request.id,
      params: { orgName: org.name, timeZone: org.timeZone, reference: request.reference },
      links: [statusLinkSpec(request)],
    })
    recordEvent(tx, { kind: 'status_link_sent', orgId: org.id, requestId: request.id, actor: SUBJECT, data: {} })
    return true
  })
}

/**
 * A request merged into another (docs/decisions/023): its reference leads to
 * the one that goes on when both have this address; otherwise to itself, which
 * says it was merged, and not at all when its address was never confirmed.
 */
function followMerge(tx: Tx, request: Request): Request | undefined {
  const merge = activeMergeOf(tx, { orgId: request.orgId, absorbedId: request.id })
  if (!merge) return request
  const survivor = requestById(tx, merge.survivorId)
  if (survivor && survivor.emailHash === request.emailHash) return survivor
  return merge.before.absorbed.status === 'unverified' ? undefined : request
}

/** Follows an emailed status link (once) and opens a session for that request. */
export function openStatusLink(db: DB, token: string): { ok: true; sessionToken: string; request: Request } | { ok: false; reason: 'invalid' | 'expired' | 'used' } {
  return write(db, (tx) => {
    const used = consumeToken(tx, 'status_access', token)
    if (!used.ok) return used
    const request = used.requestId === null ? undefined : requestById(tx, used.requestId)
    if (!request) return { ok: false as const, reason: 'invalid' as const }
    return { ok: true as const, request, sessionToken: subjectSession(tx, request.id) }
  })
}

export const REPLY_LIMIT = { perRequest: 10, windowMs: HOUR }
export const replyInput = z.object({ message: requiredText('officer:errors.replyMessageRequired') })

/**
 * The person writes from their status page. When the organisation was waiting
 * for them, the request goes back to work, a paused clock runs again and the
 * person is told the new date. Officers are told there is a reply, never its text.
 */
export function replyFromSubject(db: DB, r: { requestId: number; message: string }): Request {
  const { message } = replyInput.parse(r)
  // Each reply notifies the organisation: a cap keeps a stolen session or a script from flooding it.
  if (!allowAttempt(db, 'reply:request', String(r.requestId), REPLY_LIMIT.perRequest, REPLY_LIMIT.windowMs)) throw new ActionRefusedError('replyLimit')
  return write(db, (tx) => {
    const request = requestById(tx, r.requestId)
    if (!request) throw new RequestNotFoundError()
    const org = orgFor(tx, request.orgId)
    const waiting = request.status === 'awaiting_subject'
    const status = assertCanTake(waiting ? 'subjectReplied' : 'message', request.status, 'subject')
    const at = new Date(nowMs())
    const written = addMessage(tx, { orgId: org.id, requestId: request.id, authorKind: 'subject', audience: 'subject', purpose: 'reply', body: message })
    recordEvent(tx, { kind: 'subject_replied', orgId: org.id, requestId: request.id, actor: SUBJECT, data: { messageId: written.id } })
    const resumed = resumeClock(tx, request, org, SUBJECT)
    const updated = updateRequest(tx, request.id, { status, lastActivityAt: at, updatedAt: at, ...resumed })
    if (resumed.dueAt) emailPerson(tx, updated, org, 'clock-resumed', { dueAt: updated.dueAt.toISOString() })
    notifyNewWork(tx, { kind: 'subject_replied', org, request: updated })
    return updated
  })
}

// ---------------------------------------------------------------------------- what an officer does
//
// Each takes the officer's organisation and finds the request through
// getRequestForOrg, so another organisation's request is "not found" here as
// everywhere. Work on a request nobody has taken gives it to the officer who
// acts, and the timeline says so.

export type OfficerAct = { orgId: number; requestId: number; officerId: number }

const WORKER_ROLES = ROLES.filter(worksRequests)

/** What only the controller may do on a request a processor holds for it: answer it, refuse it, extend its deadline. */
export const CONTROLLER_ONLY: readonly LifecycleAction[] = ['prepareAnswer', 'answer', 'refuse', 'extend']

/** Loads the request, checks the lifecycle, and has the acting officer take it when nobody has. */
export function begin(tx: Tx, a: OfficerAct, action: LifecycleAction, opts: { take: boolean } = { take: true }) {
  const request = getRequestForOrg(tx, { orgId: a.orgId, id: a.requestId })
  if (!request) throw new RequestNotFoundError()
  const org = orgFor(tx, a.orgId)
  const status = assertCanTake(action, request.status, 'officer')
  // A processor never answers a client's request in its own name (GDPR Art. 28(3)(e), 29; docs/decisions/016).
  if (isForController(request) && CONTROLLER_ONLY.includes(action)) throw new ActionRefusedError('controllerAnswers')
  const at = new Date(nowMs())
  // A controller's officer working on a request a processor forwarded has seen it: the processor is told so.
  acknowledgeOnWork(tx, request, action, officerActor(a.officerId))
  let current = request
  if (opts.take && request.assigneeId === null) {
    current = updateRequest(tx, request.id, { assigneeId: a.officerId, updatedAt: at })
    recordEvent(tx, { kind: 'assigned', orgId: org.id, requestId: request.id, actor: officerActor(a.officerId), data: { assigneeId: a.officerId, previousAssigneeId: null, reason: 'taken' } })
  }
  return { request: current, org, status, at, taken: current !== request }
}

export type Done = { request: Request; taken: boolean }

/**
 * An officer's writes are capped like the person's replies: per request for
 * what grows its page (notes) or reaches the person (messages, each one an
 * email), and per officer for every write, so a stolen session or a script
 * cannot flood a request, the person or the audit trail. Far above a working
 * day's pace; a refused write changes nothing.
 */
export const OFFICER_WRITE_LIMIT = { notesPerRequest: 30, messagesPerRequest: 10, perOfficer: 300, windowMs: HOUR }

/** Counts one officer write and refuses it past a limit. `kind` adds the request's own cap for notes and messages. */
export function countOfficerWrite(db: DB, a: Pick<OfficerAct, 'orgId' | 'officerId'> & { requestId?: number }, kind?: 'note' | 'message'): void {
  const L = OFFICER_WRITE_LIMIT
  const request = `${a.orgId}:${a.requestId}`
  if (kind === 'note' && !allowAttempt(db, 'note:request', request, L.notesPerRequest, L.windowMs)) throw new ActionRefusedError('noteLimit')
  if (kind === 'message' && !allowAttempt(db, 'message:request', request, L.messagesPerRequest, L.windowMs)) throw new ActionRefusedError('replyLimit')
  if (!allowAttempt(db, 'write:officer', String(a.officerId), L.perOfficer, L.windowMs)) throw new ActionRefusedError('writeLimit')
}

export const assignInput = z.object({ assigneeId: z.number().int().positive().nullable() })

/** Gives a request to an officer of the organisation, or to nobody. */
export function assignRequest(db: DB, a: OfficerAct & z.input<typeof assignInput>): Done {
  countOfficerWrite(db, a)
  return write(db, (tx) => assignInTx(tx, a))
}

function assignInTx(tx: Tx, a: OfficerAct & z.input<typeof assignInput>, reason: 'assigned' | 'officer_removed' = 'assigned'): Done {
  const { assigneeId } = assignInput.parse({ assigneeId: a.assigneeId })
  const { request, org, at } = begin(tx, a, 'assign', { take: false })
  if (assigneeId !== null && !isOrgMember(tx, { orgId: a.orgId, userId: assigneeId, roles: WORKER_ROLES })) throw new ActionRefusedError('assigneeNotOfficer')
  if (request.assigneeId === assigneeId) return { request, taken: false }
  const updated = updateRequest(tx, request.id, { assigneeId, updatedAt: at })
  recordEvent(tx, { kind: 'assigned', orgId: org.id, requestId: request.id, actor: officerActor(a.officerId), data: { assigneeId, previousAssigneeId: request.assigneeId, reason } })
  if (assigneeId !== null) notifyNewWork(tx, { kind: 'assigned_to_me', org, request: updated, actorId: a.officerId })
  return { request: updated, taken: false }
}

/** Assigns several requests at once, all or none. An id that is not one of the organisation's requests is "not found", like everywhere. */
export function assignRequests(db: DB, a: { orgId: number; officerId: number; requestIds: number[]; assigneeId: number | null }): number {
  countOfficerWrite(db, a)
  return write(db, (tx) => {
    const wanted = new Set(a.requestIds)
    const ids = requestIdsForOrg(tx, { orgId: a.orgId, ids: [...wanted] })
    if (ids.length !== wanted.size) throw new RequestNotFoundError()
    for (const requestId of ids) assignInTx(tx, { orgId: a.orgId, officerId: a.officerId, requestId, assigneeId: a.assigneeId })
    return ids.length
  })
}

/** Someone left the team: their open requests go back to nobody, each through the lifecycle, with its event. */
export function unassignAllOf(tx: Tx, q: { orgId: number; userId: number; byOfficerId: number }): number {
  const assigned = openRequestsAssignedTo(tx, { orgId: q.orgId, userId: q.userId })
  for (const r of assigned) assignInTx(tx, { orgId: q.orgId, requestId: r.id, officerId: q.byOfficerId, assigneeId: null }, 'officer_removed')
  return assigned.length
}

export const noteInput = z.object({ body: requiredText('officer:errors.noteRequired') })

/** An internal note: only officers see it. */
export function addNote(db: DB, a: OfficerAct & z.input<typeof noteInput>): Done {
  const { body } = noteInput.parse(a)
  countOfficerWrite(db, a, 'note')
  return write(db, (tx) => {
    const { request, org, at } = begin(tx, a, 'note', { take: false })
    const note = addMessage(tx, { orgId: org.id, requestId: request.id, authorKind: 'officer', authorUserId: a.officerId, audience: 'internal', purpose: 'note', body })
    recordEvent(tx, { kind: 'note_added', orgId: org.id, requestId: request.id, actor: officerActor(a.officerId), data: { messageId: note.id } })
    return { request: updateRequest(tx, request.id, { lastActivityAt: at }), taken: false }
  })
}

/** The reply template a text was started from, for the record; a form's unreadable value is no template. */
const templateId = z.coerce.number().int().positive().optional().catch(undefined)

export const askInput = z.object({
  topic: z.enum(ASK_TOPICS, { message: 'officer:errors.topicRequired' }),
  message: requiredText('officer:errors.messageRequired'),
  templateId,
})

/**
 * Asks the person for proof of identity, for a clarification the request
 * needs, or anything else. The message waits in the portal; the email says
 * there is one. Where the organisation pauses its clock, the pause starts now
 * only for identity or a necessary clarification and only before the deadline
 * (app/domain/clock-rules.ts), and the person is told the clock stopped.
 */
export function askForInformation(db: DB, a: OfficerAct & z.input<typeof askInput>): Done & { paused: boolean } {
  const input = askInput.parse(a)
  countOfficerWrite(db, a, 'message')
  return write(db, (tx) => {
    const { request, org, status, at, taken } = begin(tx, a, 'askForInformation')
    const pauseReason = pauseFor(request, org, input.topic, at).pause && input.topic !== 'other' ? input.topic : null
    const written = addMessage(tx, { orgId: org.id, requestId: request.id, authorKind: 'officer', authorUserId: a.officerId, audience: 'subject', purpose: 'question', body: input.message })
    const updated = updateRequest(tx, request.id, {
      status,
      lastActivityAt: at,
      updatedAt: at,
      ...(pauseReason ? { pausedAt: at, pauseReason } : {}),
    })
    recordEvent(tx, { kind: 'information_requested', orgId: org.id, requestId: request.id, actor: officerActor(a.officerId), data: { messageId: written.id, topic: input.topic, ...(input.templateId ? { templateId: input.templateId } : {}) } })
    if (pauseReason) recordEvent(tx, { kind: 'clock_paused', orgId: org.id, requestId: request.id, actor: officerActor(a.officerId), data: { reason: pauseReason } })
    emailPerson(tx, updated, org, 'new-message', { asksForInformation: true, clockPaused: !!pauseReason })
    return { request: updated, taken, paused: !!pauseReason }
  })
}

export const messageInput = z.object({ message: requiredText('officer:errors.messageRequired'), templateId })

/** Writes to the person without asking for anything: the status and the clock stay as they are. */
export function sendMessage(db: DB, a: OfficerAct & z.input<typeof messageInput>): Done {
  const input = messageInput.parse(a)
  countOfficerWrite(db, a, 'message')
  return write(db, (tx) => {
    const { request, org, status, at, taken } = begin(tx, a, 'message')
    const written = addMessage(tx, { orgId: org.id, requestId: request.id, authorKind: 'officer', authorUserId: a.officerId, audience: 'subject', purpose: 'message', body: input.message })
    recordEvent(tx, { kind: 'message_sent', orgId: org.id, requestId: request.id, actor: officerActor(a.officerId), data: { messageId: written.id, ...(input.templateId ? { templateId: input.templateId } : {}) } })
    const updated = updateRequest(tx, request.id, { status, lastActivityAt: at, updatedAt: at })
    emailPerson(tx, updated, org, 'new-message', { asksForInformation: false, clockPaused: false })
    return { request: updated, taken }
  })
}

export const receivedInput = z.object({ note: optionalText() })

/**
 * The information the organisation waited for arrived another way (phone,
 * letter, in person): the officer ends the wait, a paused clock runs again and
 * the person is told the new date. The note is for the record; the person does not see it.
 */
export function informationReceived(db: DB, a: OfficerAct & z.input<typeof receivedInput>): Done {
  const { note } = receivedInput.parse(a)
  countOfficerWrite(db, a)
  return write(db, (tx) => {
    const { request, org, status, at, taken } = begin(tx, a, 'informationReceived')
    const written = note ? addMessage(tx, { orgId: org.id, requestId: request.id, authorKind: 'officer', authorUserId: a.officerId, audience: 'internal', purpose: 'received_note', body: note }) : null
    recordEvent(tx, { kind: 'information_received', orgId: org.id, requestId: request.id, actor: officerActor(a.officerId), data: { messageId: written?.id ?? null } })
    const resumed = resumeClock(tx, request, org, officerActor(a.officerId))
    const updated = updateRequest(tx, request.id, { status, lastActivityAt: at, updatedAt: at, ...resumed })
    if (resumed.dueAt) emailPerson(tx, updated, org, 'clock-resumed', { dueAt: updated.dueAt.toISOString() })
    return { request: updated, taken }
  })
}

export const verifyInput = z.object({ method: z.enum(IDENTITY_METHODS, { message: 'officer:errors.methodRequired' }) })

/**
 * Records that the person's identity was checked, by one of the
 * organisation's methods. No copy of any document is kept. A clock paused for
 * identity runs again.
 */
export function verifyIdentity(db: DB, a: OfficerAct & { method: IdentityMethod }): Done {
  const { method } = verifyInput.parse(a)
  countOfficerWrite(db, a)
  return write(db, (tx) => {
    const { request, org, status, at, taken } = begin(tx, a, 'verifyIdentity')
    if (!org.profile.identityMethods.includes(method)) throw new ActionRefusedError('identityNotVerified')
    recordEvent(tx, { kind: 'identity_verified', orgId: org.id, requestId: request.id, actor: officerActor(a.officerId), data: { method } })
    const resumed = request.pauseReason === 'identity' ? resumeClock(tx, request, org, officerActor(a.officerId)) : {}
    const updated = updateRequest(tx, request.id, { status, identityVerifiedAt: at, identityMethod: method, lastActivityAt: at, updatedAt: at, ...resumed })
    if (resumed.dueAt) emailPerson(tx, updated, org, 'clock-resumed', { dueAt: updated.dueAt.toISOString() })
    return { request: updated, taken }
  })
}

export const overrideInput = z.object({ reason: requiredText('officer:errors.overrideReasonRequired') })

/** Lets personal data go out without a verified identity, for a reason the officer records (officers only see it). */
export function overrideIdentity(db: DB, a: OfficerAct & z.input<typeof overrideInput>): Done {
  const { reason } = overrideInput.parse(a)
  countOfficerWrite(db, a)
  return write(db, (tx) => {
    const { request, org, status, at, taken } = begin(tx, a, 'overrideIdentity')
    const written = addMessage(tx, { orgId: org.id, requestId: request.id, authorKind: 'officer', authorUserId: a.officerId, audience: 'internal', purpose: 'override_reason', body: reason })
    recordEvent(tx, { kind: 'identity_overridden', orgId: org.id, requestId: request.id, actor: officerActor(a.officerId), data: { messageId: written.id } })
    return { request: updateRequest(tx, request.id, { status, identityOverriddenAt: at, lastActivityAt: at, updatedAt: at }), taken }
  })
}

export const extendInput = z.object({
  months: z.coerce.number({ message: 'officer:errors.monthsRequired' }).int().min(1, 'officer:errors.monthsRequired').max(2, 'officer:errors.monthsRequired'),
  reason: requiredText('officer:errors.extensionReasonRequired'),
})

/**
 * Extends the deadline by one or two months (Art. 12(3)): only while the first
 * month runs, only once. The reason goes to the person. The deadline is
 * counted again from the receipt plus the days the clock stood still, and
 * moved to a working day once; the internal target moves by the extension's
 * calendar days.
 */
export function extendRequest(db: DB, a: OfficerAct & z.input<typeof extendInput>): Done {
  const input = extendInput.parse(a)
  countOfficerWrite(db, a)
  return write(db, (tx) => {
    const { request, org, status, at, taken } = begin(tx, a, 'extend')
    const problem = extensionProblem(request, org, at)
    if (problem) throw new ActionRefusedError(problem)
    const dates = datesFromReceipt(request.receivedAt, org, { extensionMonths: input.months, pausedDays: request.pausedDays })
    const reason = addMessage(tx, { orgId: org.id, requestId: request.id, authorKind: 'officer', authorUserId: a.officerId, audience: 'subject', purpose: 'extension_reason', body: input.reason })
    const updated = updateRequest(tx, request.id, { ...dates, status, extensionMonths: input.months, lastActivityAt: at, updatedAt: at })
    recordEvent(tx, {
      kind: 'extended',
      orgId: org.id,
      requestId: request.id,
      actor: officerActor(a.officerId),
      data: { months: input.months, previousDueAt: request.dueAt.toISOString(), dueAt: updated.dueAt.toISOString(), messageId: reason.id },
    })
    emailPerson(tx, updated, org, 'extended', { months: input.months, reason: input.reason, dueAt: updated.dueAt.toISOString() })
    return { request: updated, taken }
  })
}

/** Closes a request; a paused clock is resumed first, with its event, so the record says how long it stood still. */
export function close(tx: Tx, request: Request, org: Organisation, status: 'completed' | 'refused' | 'withdrawn', outcome: Request['outcome'], actor: Actor) {
  const at = new Date(nowMs())
  return updateRequest(tx, request.id, { status, outcome, closed: true, closedAt: at, lastActivityAt: at, updatedAt: at, ...resumeClock(tx, request, org, actor) })
}

export const withdrawInput = z.object({ note: optionalText() })

/**
 * Closes the request because the person withdrew it (by phone, letter,
 * email…). An address never confirmed gets no email: it may not be theirs.
 */
export function withdrawRequest(db: DB, a: OfficerAct & z.input<typeof withdrawInput>): Done {
  const { note } = withdrawInput.parse(a)
  countOfficerWrite(db, a)
  return write(db, (tx) => {
    const { request, org, taken } = begin(tx, a, 'withdraw')
    const written = note ? addMessage(tx, { orgId: org.id, requestId: request.id, authorKind: 'officer', authorUserId: a.officerId, audience: 'internal', purpose: 'withdrawal_note', body: note }) : null
    const updated = close(tx, request, org, 'withdrawn', 'withdrawn', officerActor(a.officerId))
    const emailed = !!request.emailVerifiedAt
    recordEvent(tx, { kind: 'withdrawn', orgId: org.id, requestId: request.id, actor: officerActor(a.officerId), data: { messageId: written?.id ?? null, emailed } })
    if (emailed) emailPerson(tx, updated, org, 'withdrawn', {})
    // Withdrawn at a client on the portal: the processor's request it came from ends with it.
    withdrawnAtController(tx, request, SYSTEM)
    return { request: updated, taken }
  })
}

/**
 * Closes a request whose address the person never confirmed: it never reached
 * the organisation (docs/decisions/008), so it is not "withdrawn by the person".
 * No email: the address may not be theirs.
 */
export function closeUnconfirmed(db: DB, a: OfficerAct & z.input<typeof withdrawInput>): Done {
  const { note } = withdrawInput.parse(a)
  countOfficerWrite(db, a)
  return write(db, (tx) => {
    const { request, org, taken } = begin(tx, a, 'closeUnconfirmed')
    const written = note ? addMessage(tx, { orgId: org.id, requestId: request.id, authorKind: 'officer', authorUserId: a.officerId, audience: 'internal', purpose: 'withdrawal_note', body: note }) : null
    const updated = close(tx, request, org, 'withdrawn', 'not_confirmed', officerActor(a.officerId))
    recordEvent(tx, { kind: 'withdrawn', orgId: org.id, requestId: request.id, actor: officerActor(a.officerId), data: { messageId: written?.id ?? null, emailed: false, notConfirmed: true } })
    return { request: updated, taken }
  })
}

export { TransitionError }
