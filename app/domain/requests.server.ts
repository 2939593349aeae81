import { and, desc, eq, gt } from 'drizzle-orm'
import type { DB, Tx } from '#db/client.server'
import { events, organisations, requests, type Channel, type Organisation, type Request, type RequestStatus } from '#db/schema'
import { completionNotice, extensionNotice, newMessageNotice, refusalNotice, replyReceivedNotice, withdrawalNotice } from '#emails/request-emails'
import { confirmEmailAddress, requestConfirmed, statusLink } from '#emails/subject-emails'
import { getRequestForOrg, isOrgOfficer, requestIdsForOrg } from '~/data/officer-requests.server'
import { extensionDays, legalDeadline, legalDeadlineWith, pausedDays, slaDeadline } from '~/domain/deadlines'
import type { Language } from '~/domain/languages'
import { assertCanTake, isClosed } from '~/domain/lifecycle'
import type { IdentityMethod, RefusalGround } from '~/domain/officer-actions'
import { generateReference } from '~/domain/reference'
import { consumeToken, issueToken } from '~/domain/tokens.server'
import type { RequestDetails, RequestType } from '~/domain/request-types'
import { formatDate, formatDateTime } from '~/i18n/i18n'
import type { RenderedEmail } from '#emails/layout'
import { enqueueEmail } from '~/jobs/outbox.server'
import { nowMs } from '~/utils/clock'
import { allowAttempt } from '~/utils/rate-limit.server'
import { createSession } from '~/utils/sessions.server'

// The transitions a person drives: filing a request, confirming their address,
// getting back to it. Each runs in one transaction that changes the request,
// appends its event and queues the emails it causes.

const HOUR = 3_600_000
const DAY = 24 * HOUR
export const CONFIRM_LINK_TTL = 24 * HOUR
export const STATUS_LINK_TTL = 30 * DAY
export const SUBJECT_SESSION_IDLE = 2 * HOUR
const SUBJECT_SESSION_TTL = 12 * HOUR

export type NewRequest = {
  org: Organisation
  language: Language
  type: RequestType
  details: RequestDetails
  subject: { name: string; email: string; phone?: string | null; identifiers: Record<string, string> }
  onBehalfOfOrgId?: number | null
  channel?: Channel
}

export function deadlinesFor(org: Organisation, receivedAt: Date, extensionMonths = 0) {
  const dueAt = legalDeadline(receivedAt, org, 1 + extensionMonths)
  const slaDueAt = slaDeadline(receivedAt, org, org.slaDays)
  return { dueAt, slaDueAt, queueDueAt: new Date(Math.min(dueAt.getTime(), slaDueAt.getTime())) }
}

/** Stores a request the moment it is sent, unverified, and emails a link to confirm the address. */
export function fileRequest(db: DB, input: NewRequest, publicUrl: string): { requestId: number; reference: string } {
  return db.transaction((tx) => {
    const receivedAt = new Date(nowMs())
    const reference = uniqueReference(tx)
    const request = tx
      .insert(requests)
      .values({
        orgId: input.org.id,
        reference,
        type: input.type,
        status: 'unverified',
        channel: input.channel ?? 'web',
        language: input.language,
        onBehalfOfOrgId: input.onBehalfOfOrgId ?? null,
        details: input.details,
        subjectName: input.subject.name,
        subjectEmail: input.subject.email.toLowerCase(),
        subjectPhone: input.subject.phone || null,
        subjectIdentifiers: input.subject.identifiers,
        receivedAt,
        ...deadlinesFor(input.org, receivedAt),
        createdAt: receivedAt,
        updatedAt: receivedAt,
      })
      .returning()
      .get()
    recordEvent(tx, request, { actorKind: 'subject', kind: 'filed', visibleToSubject: true, data: { channel: request.channel } })
    queueConfirmation(tx, request, input.org, publicUrl)
    return { requestId: request.id, reference }
  }, { behavior: 'immediate' })
}

function uniqueReference(tx: Tx): string {
  for (;;) {
    const reference = generateReference()
    if (!tx.select({ id: requests.id }).from(requests).where(eq(requests.reference, reference)).get()) return reference
  }
}

function queueConfirmation(tx: Tx, request: Request, org: Organisation, publicUrl: string) {
  const token = issueToken(tx, { purpose: 'confirm_email', requestId: request.id, ttlMs: CONFIRM_LINK_TTL })
  const lang = request.language
  enqueueEmail(tx, {
    to: request.subjectEmail,
    language: lang,
    template: 'confirm-email',
    orgId: org.id,
    requestId: request.id,
    email: confirmEmailAddress(lang, {
      orgName: org.name,
      requestType: request.type,
      link: `${publicUrl}/${lang}/confirm/${token.token}`,
      expiresAt: formatDateTime(token.expiresAt, lang, org.timeZone),
    }),
  })
}

export type ConfirmResult =
  /** `closed`: the request was refused or withdrawn before the address was confirmed, so no answer is due. */
  | { ok: true; request: Request; org: Organisation; sessionToken: string; closed: boolean }
  | { ok: false; reason: 'invalid' | 'expired' | 'used' }

/**
 * Follows a confirmation link: the request becomes "received", the person is
 * signed in to follow it and gets an email with the reference and deadline.
 * The link works once.
 */
export function confirmEmail(db: DB, token: string, publicUrl: string): ConfirmResult {
  return db.transaction((tx): ConfirmResult => {
    const used = consumeToken(tx, 'confirm_email', token)
    if (!used.ok) return used
    const request = used.requestId === null ? undefined : tx.select().from(requests).where(eq(requests.id, used.requestId)).get()
    if (!request) return { ok: false, reason: 'invalid' }
    const org = tx.select().from(organisations).where(eq(organisations.id, request.orgId)).get()!
    if (request.status !== 'unverified') {
      // Confirmed already through another link, or closed meanwhile: nothing changes, the person may still follow it.
      return { ok: true, request, org, sessionToken: subjectSession(tx, request.id), closed: isClosed(request.status) }
    }
    const status = assertCanTake('confirmEmail', request.status, 'subject')
    const at = new Date(nowMs())
    const updated = updateRequest(tx, request.id, { status, emailVerifiedAt: at, updatedAt: at })
    recordEvent(tx, updated, { actorKind: 'subject', kind: 'email_confirmed', visibleToSubject: true })
    const link = issueToken(tx, { purpose: 'status_access', requestId: request.id, ttlMs: STATUS_LINK_TTL })
    emailPerson(tx, updated, 'request-confirmed', requestConfirmed(updated.language, {
      orgName: org.name,
      requestType: updated.type,
      reference: updated.reference,
      dueDate: formatDate(updated.dueAt, updated.language, org.timeZone),
      link: `${publicUrl}/${updated.language}/status/open/${link.token}`,
    }))
    return { ok: true, request: updated, org, sessionToken: subjectSession(tx, updated.id), closed: false }
  }, { behavior: 'immediate' })
}

/**
 * Sends fresh confirmation links for the address's unconfirmed requests.
 * Says nothing about whether there were any, so it reveals nothing.
 */
export function resendConfirmation(db: DB, email: string, publicUrl: string): number {
  return db.transaction((tx) => {
    const since = new Date(nowMs() - 30 * DAY)
    const pending = tx
      .select()
      .from(requests)
      .where(and(eq(requests.subjectEmail, email.trim().toLowerCase()), eq(requests.status, 'unverified'), gt(requests.receivedAt, since)))
      .orderBy(desc(requests.id))
      .limit(5)
      .all()
    for (const request of pending) {
      const org = tx.select().from(organisations).where(eq(organisations.id, request.orgId)).get()!
      recordEvent(tx, request, { actorKind: 'subject', kind: 'confirmation_resent' })
      queueConfirmation(tx, request, org, publicUrl)
    }
    return pending.length
  }, { behavior: 'immediate' })
}

/**
 * Emails a link to follow a request, when the reference and address belong
 * together. The answer on screen is the same either way.
 */
export function sendStatusLink(db: DB, q: { reference: string; email: string }, publicUrl: string): boolean {
  return db.transaction((tx) => {
    const request = tx
      .select()
      .from(requests)
      .where(and(eq(requests.reference, q.reference), eq(requests.subjectEmail, q.email.trim().toLowerCase())))
      .get()
    if (!request || request.status === 'unverified') return false
    const org = tx.select().from(organisations).where(eq(organisations.id, request.orgId)).get()!
    const token = issueToken(tx, { purpose: 'status_access', requestId: request.id, ttlMs: STATUS_LINK_TTL })
    emailPerson(tx, request, 'status-link', statusLink(request.language, {
      orgName: org.name,
      reference: request.reference,
      link: `${publicUrl}/${request.language}/status/open/${token.token}`,
      expiresAt: formatDateTime(token.expiresAt, request.language, org.timeZone),
    }))
    return true
  }, { behavior: 'immediate' })
}

/** Follows an emailed status link (once) and opens a session for that request. */
export function openStatusLink(db: DB, token: string): { ok: true; sessionToken: string; request: Request } | { ok: false; reason: 'invalid' | 'expired' | 'used' } {
  return db.transaction((tx) => {
    const used = consumeToken(tx, 'status_access', token)
    if (!used.ok) return used
    const request = used.requestId === null ? undefined : tx.select().from(requests).where(eq(requests.id, used.requestId)).get()
    if (!request) return { ok: false as const, reason: 'invalid' as const }
    return { ok: true as const, request, sessionToken: subjectSession(tx, request.id) }
  }, { behavior: 'immediate' })
}

function subjectSession(tx: Tx, requestId: number) {
  return createSession(tx, { kind: 'subject', requestId, ttlMs: SUBJECT_SESSION_TTL })
}

/** Changes a request and returns it as it now is. Only the transitions in this file call it. */
function updateRequest(tx: Tx, id: number, set: Partial<typeof requests.$inferInsert>): Request {
  return tx.update(requests).set(set).where(eq(requests.id, id)).returning().get()!
}

/** Queues an email to the person who made the request, in the request's language. */
function emailPerson(tx: Tx, request: Pick<Request, 'id' | 'orgId' | 'subjectEmail' | 'language'>, template: string, email: RenderedEmail) {
  enqueueEmail(tx, { to: request.subjectEmail, language: request.language, template, orgId: request.orgId, requestId: request.id, email })
}

export function recordEvent(
  tx: Tx | DB,
  request: Pick<Request, 'id' | 'orgId'>,
  e: { actorKind: 'subject' | 'officer' | 'operator' | 'system'; actorUserId?: number | null; kind: string; visibleToSubject?: boolean; data?: Record<string, unknown> },
) {
  tx.insert(events)
    .values({
      at: new Date(nowMs()),
      orgId: request.orgId,
      requestId: request.id,
      actorKind: e.actorKind,
      actorUserId: e.actorUserId ?? null,
      kind: e.kind,
      visibleToSubject: e.visibleToSubject ?? false,
      data: e.data ?? {},
    })
    .run()
}

// ---------------------------------------------------------------------------
// The transitions an officer drives, and the person's replies to them. Each
// takes the officer's organisation and finds the request through
// getRequestForOrg, so another organisation's request is "not found" here as
// everywhere. Emails go to the person in the request's language.

export { IDENTITY_METHODS, REFUSAL_GROUNDS, type IdentityMethod, type RefusalGround } from '~/domain/officer-actions'

/** A request id that is not one of the organisation's requests. */
export class RequestNotFoundError extends Error {
  constructor() {
    super('request not found')
    this.name = 'RequestNotFoundError'
  }
}

/** A rule of the law or of the organisation said no; `code` is a locale key's last part. */
export class ActionRefusedError extends Error {
  constructor(readonly code: 'extensionTooLate' | 'alreadyExtended' | 'extensionTooLong' | 'assigneeNotOfficer' | 'replyLimit') {
    super(code)
    this.name = 'ActionRefusedError'
  }
}

type OfficerAct = { orgId: number; requestId: number; officerId: number }

function loadForOfficer(tx: Tx, q: { orgId: number; requestId: number }) {
  const request = getRequestForOrg(tx, { orgId: q.orgId, id: q.requestId })
  if (!request) throw new RequestNotFoundError()
  const org = tx.select().from(organisations).where(eq(organisations.id, q.orgId)).get()!
  return { request, org }
}

/**
 * Every date of a request counted afresh from its receipt, so weekend and
 * holiday shifts never add up: the legal deadline is the months plus the
 * paused days, moved to a working day once; the SLA target is plain calendar
 * days (moved by the paused days and by an extension's days).
 */
function datesFromReceipt(request: Pick<Request, 'receivedAt'>, org: Organisation, o: { extensionMonths: number; pausedDays: number }) {
  const dueAt = legalDeadlineWith(request.receivedAt, org, { months: 1 + o.extensionMonths, pausedDays: o.pausedDays })
  const slaDueAt = slaDeadline(request.receivedAt, org, org.slaDays + o.pausedDays + extensionDays(request.receivedAt, org, o.extensionMonths))
  return { dueAt, slaDueAt, queueDueAt: new Date(Math.min(dueAt.getTime(), slaDueAt.getTime())) }
}

/**
 * A fresh single-use link that opens the person's status page in one click.
 * Issued in the transaction that queues the email, so a rolled-back action
 * leaves no live token behind.
 */
function statusLinkFor(tx: Tx, request: Pick<Request, 'id' | 'language'>, publicUrl: string) {
  const link = issueToken(tx, { purpose: 'status_access', requestId: request.id, ttlMs: STATUS_LINK_TTL })
  return `${publicUrl}/${request.language}/status/open/${link.token}`
}

function orgLanguage(org: Organisation): Language {
  return org.profile.languages[0] ?? 'en'
}

/**
 * Ends a paused clock: the legal deadline, the SLA target and the queue's
 * date are counted again from the receipt with every paused day so far.
 * Both instants go in the event.
 */
function resumeClock(tx: Tx, request: Request, org: Organisation, actor: { actorKind: 'subject' | 'officer'; actorUserId?: number | null }) {
  if (!request.pausedAt) return {}
  const resumedAt = new Date(nowMs())
  const days = pausedDays(request.pausedAt, resumedAt, org)
  const moved = datesFromReceipt(request, org, { extensionMonths: request.extensionMonths, pausedDays: pausedSoFar(tx, request) + days })
  recordEvent(tx, request, {
    ...actor,
    kind: 'clock_resumed',
    data: { pausedAt: request.pausedAt.toISOString(), resumedAt: resumedAt.toISOString(), days, dueAt: moved.dueAt.toISOString() },
  })
  return { ...moved, pausedAt: null }
}

/** Gives a request to an officer of the organisation, or to nobody (assigneeId null). */
export function assignRequest(db: DB, a: OfficerAct & { assigneeId: number | null }): Request {
  return db.transaction((tx) => assignInTx(tx, a), { behavior: 'immediate' })
}

function assignInTx(tx: Tx, a: OfficerAct & { assigneeId: number | null }): Request {
  const { request } = loadForOfficer(tx, a)
  const status = assertCanTake('assign', request.status, 'officer')
  if (a.assigneeId !== null && !isOrgOfficer(tx, { orgId: a.orgId, userId: a.assigneeId })) throw new ActionRefusedError('assigneeNotOfficer')
  if (request.assigneeId === a.assigneeId) return request
  const updated = updateRequest(tx, request.id, { status, assigneeId: a.assigneeId, updatedAt: new Date(nowMs()) })
  recordEvent(tx, updated, { actorKind: 'officer', actorUserId: a.officerId, kind: a.assigneeId ? 'assigned' : 'unassigned', data: { assigneeId: a.assigneeId, previousAssigneeId: request.assigneeId } })
  return updated
}

/** Assigns several requests at once, all or none; ids of other organisations' requests are skipped. */
export function assignRequests(db: DB, a: { orgId: number; officerId: number; requestIds: number[]; assigneeId: number | null }): number {
  return db.transaction((tx) => {
    const ids = requestIdsForOrg(tx, { orgId: a.orgId, ids: a.requestIds })
    for (const requestId of ids) assignInTx(tx, { orgId: a.orgId, officerId: a.officerId, requestId, assigneeId: a.assigneeId })
    return ids.length
  }, { behavior: 'immediate' })
}

/** An internal note: only officers see it. */
export function addNote(db: DB, a: OfficerAct & { body: string }): void {
  db.transaction((tx) => {
    const { request } = loadForOfficer(tx, a)
    assertCanTake('note', request.status, 'officer')
    recordEvent(tx, request, { actorKind: 'officer', actorUserId: a.officerId, kind: 'note', data: { body: a.body } })
  }, { behavior: 'immediate' })
}

/**
 * Asks the person for more information or for proof of identity. The message
 * waits in the portal; the email only says there is one. When the
 * organisation pauses its clock while it waits, the pause starts now.
 */
export function askForInformation(db: DB, a: OfficerAct & { topic: 'information' | 'identity'; message: string }, publicUrl: string): Request {
  return db.transaction((tx) => {
    const { request, org } = loadForOfficer(tx, a)
    const status = assertCanTake('askForInformation', request.status, 'officer')
    const at = new Date(nowMs())
    const pause = org.pauseClockOnInfoRequest && !request.pausedAt
    const updated = updateRequest(tx, request.id, { status, updatedAt: at, ...(pause ? { pausedAt: at } : {}) })
    recordEvent(tx, updated, {
      actorKind: 'officer',
      actorUserId: a.officerId,
      kind: a.topic === 'identity' ? 'identity_requested' : 'information_requested',
      visibleToSubject: true,
      data: { message: a.message, ...(pause ? { pausedAt: at.toISOString() } : {}) },
    })
    if (pause) recordEvent(tx, updated, { actorKind: 'officer', actorUserId: a.officerId, kind: 'clock_paused', data: { pausedAt: at.toISOString() } })
    emailPerson(tx, updated, 'new-message', newMessageNotice(updated.language, { reference: updated.reference, link: statusLinkFor(tx, updated, publicUrl), asksForInformation: true }))
    return updated
  }, { behavior: 'immediate' })
}

/** Writes to the person without asking for anything: the request's status and clock stay as they are. */
export function sendMessage(db: DB, a: OfficerAct & { message: string }, publicUrl: string): void {
  db.transaction((tx) => {
    const { request, org } = loadForOfficer(tx, a)
    assertCanTake('message', request.status, 'officer')
    recordEvent(tx, request, { actorKind: 'officer', actorUserId: a.officerId, kind: 'message_sent', visibleToSubject: true, data: { message: a.message } })
    emailPerson(tx, request, 'new-message', newMessageNotice(request.language, { reference: request.reference, link: statusLinkFor(tx, request, publicUrl), asksForInformation: false }))
  }, { behavior: 'immediate' })
}

/**
 * The person writes from their status page. When the organisation was waiting
 * for them, the request goes back to work and a paused clock runs again. The
 * organisation's privacy address gets a link, never the text.
 */
export function replyFromSubject(db: DB, r: { requestId: number; message: string }, publicUrl: string): Request {
  // Each reply emails the organisation: a cap keeps a stolen session or a
  // script from flooding its privacy address.
  if (!allowAttempt(db, `reply:request:${r.requestId}`, REPLY_LIMIT.perRequest, REPLY_LIMIT.windowMs)) throw new ActionRefusedError('replyLimit')
  return db.transaction((tx) => {
    const request = tx.select().from(requests).where(eq(requests.id, r.requestId)).get()
    if (!request) throw new RequestNotFoundError()
    const org = tx.select().from(organisations).where(eq(organisations.id, request.orgId)).get()!
    const waiting = request.status === 'awaiting_subject'
    const status = assertCanTake(waiting ? 'subjectReplied' : 'message', request.status, 'subject')
    recordEvent(tx, request, { actorKind: 'subject', kind: 'subject_replied', visibleToSubject: true, data: { message: r.message } })
    const updated = updateRequest(tx, request.id, { status, updatedAt: new Date(nowMs()), ...resumeClock(tx, request, org, { actorKind: 'subject' }) })
    const lang = orgLanguage(org)
    enqueueEmail(tx, {
      to: org.privacyEmail,
      language: lang,
      template: 'reply-received',
      orgId: org.id,
      requestId: updated.id,
      email: replyReceivedNotice(lang, { link: `${publicUrl}/${lang}/officer/requests/${updated.id}` }),
    })
    return updated
  }, { behavior: 'immediate' })
}

export const REPLY_LIMIT = { perRequest: 10, windowMs: HOUR }

/**
 * The information the organisation waited for arrived another way (phone,
 * letter, in person): the officer ends the wait and a paused clock runs again.
 * The note says what arrived, for the record; the person does not see it.
 */
export function informationReceived(db: DB, a: OfficerAct & { note?: string }): Request {
  return db.transaction((tx) => {
    const { request, org } = loadForOfficer(tx, a)
    const status = assertCanTake('informationReceived', request.status, 'officer')
    recordEvent(tx, request, { actorKind: 'officer', actorUserId: a.officerId, kind: 'information_received', data: { note: a.note ?? '' } })
    return updateRequest(tx, request.id, { status, updatedAt: new Date(nowMs()), ...resumeClock(tx, request, org, { actorKind: 'officer', actorUserId: a.officerId }) })
  }, { behavior: 'immediate' })
}

/** Records that the person's identity was checked, and how. No copy of any document is kept. */
export function verifyIdentity(db: DB, a: OfficerAct & { method: IdentityMethod }): Request {
  return db.transaction((tx) => {
    const { request, org } = loadForOfficer(tx, a)
    const status = assertCanTake('verifyIdentity', request.status, 'officer')
    const at = new Date(nowMs())
    recordEvent(tx, request, { actorKind: 'officer', actorUserId: a.officerId, kind: 'identity_verified', visibleToSubject: true, data: { method: a.method } })
    return updateRequest(tx, request.id, { status, identityVerifiedAt: at, identityMethod: a.method, updatedAt: at, ...resumeClock(tx, request, org, { actorKind: 'officer', actorUserId: a.officerId }) })
  }, { behavior: 'immediate' })
}

/** Whole local days the clock has stood still so far, from the request's resumed pauses. */
function pausedSoFar(tx: Tx, request: Request): number {
  return tx
    .select({ data: events.data })
    .from(events)
    .where(and(eq(events.requestId, request.id), eq(events.kind, 'clock_resumed')))
    .all()
    .reduce((sum, e) => sum + (typeof e.data.days === 'number' ? e.data.days : 0), 0)
}

/**
 * Extends the deadline by one or two months (Art. 12(3)): only while the first
 * month runs, only once, at most two months in all. The reason goes to the
 * person. The deadline is counted again from the receipt (so month ends are
 * right) plus the days the clock was paused, and moved to a working day once;
 * the SLA target moves by the extension's calendar days, so the queue does not
 * call an extended request overdue.
 */
export function extendRequest(db: DB, a: OfficerAct & { months: 1 | 2; reason: string }, publicUrl: string): Request {
  return db.transaction((tx) => {
    const { request, org } = loadForOfficer(tx, a)
    assertCanTake('extend', request.status, 'officer')
    if (request.extensionMonths > 0) throw new ActionRefusedError('alreadyExtended')
    if (a.months !== 1 && a.months !== 2) throw new ActionRefusedError('extensionTooLong')
    const at = new Date(nowMs())
    if (at.getTime() > legalDeadline(request.receivedAt, org, 1).getTime()) throw new ActionRefusedError('extensionTooLate')
    // A clock paused right now keeps running from the new dates when it resumes.
    const dates = datesFromReceipt(request, org, { extensionMonths: a.months, pausedDays: pausedSoFar(tx, request) })
    const dueAt = dates.dueAt
    const updated = updateRequest(tx, request.id, { ...dates, extensionMonths: a.months, updatedAt: at })
    recordEvent(tx, updated, {
      actorKind: 'officer',
      actorUserId: a.officerId,
      kind: 'extended',
      visibleToSubject: true,
      data: { months: a.months, reason: a.reason, previousDueAt: request.dueAt.toISOString(), dueAt: dueAt.toISOString() },
    })
    emailPerson(tx, updated, 'extended', extensionNotice(updated.language, {
      orgName: org.name,
      reference: updated.reference,
      link: statusLinkFor(tx, updated, publicUrl),
      months: a.months,
      reason: a.reason,
      dueDate: formatDate(dueAt, updated.language, org.timeZone),
    }))
    return updated
  }, { behavior: 'immediate' })
}

/** Closes a request; a paused clock is resumed first, with its event, so the record says how long it stood still. */
function close(tx: Tx, request: Request, org: Organisation, status: RequestStatus, actor: { actorKind: 'officer'; actorUserId: number }) {
  const at = new Date(nowMs())
  return updateRequest(tx, request.id, { status, closed: true, closedAt: at, updatedAt: at, ...resumeClock(tx, request, org, actor) })
}

/**
 * Refuses the request on one of the grounds the law allows, with a reason.
 * The person is told why, and of their right to complain to the supervisory
 * authority and to go to court. An address never confirmed gets no email: it
 * may not be the person's.
 */
export function refuseRequest(db: DB, a: OfficerAct & { ground: RefusalGround; reason: string }, publicUrl: string): Request {
  return db.transaction((tx) => {
    const { request, org } = loadForOfficer(tx, a)
    const status = assertCanTake('refuse', request.status, 'officer')
    const updated = close(tx, request, org, status, { actorKind: 'officer', actorUserId: a.officerId })
    const emailed = !!request.emailVerifiedAt
    recordEvent(tx, updated, { actorKind: 'officer', actorUserId: a.officerId, kind: 'refused', visibleToSubject: true, data: { ground: a.ground, reason: a.reason, emailed } })
    if (emailed) {
      emailPerson(tx, updated, 'refused', refusalNotice(updated.language, {
        orgName: org.name,
        reference: updated.reference,
        link: statusLinkFor(tx, updated, publicUrl),
        ground: a.ground,
        reason: a.reason,
        authorityName: org.profile.authority.name,
        complaintUrl: org.profile.authority.complaintUrl,
      }))
    }
    return updated
  }, { behavior: 'immediate' })
}

/** Answers the request with a written reply, which is emailed to the person. */
export function completeRequest(db: DB, a: OfficerAct & { reply: string }, publicUrl: string): Request {
  return db.transaction((tx) => {
    const { request, org } = loadForOfficer(tx, a)
    const status = assertCanTake('complete', request.status, 'officer')
    const updated = close(tx, request, org, status, { actorKind: 'officer', actorUserId: a.officerId })
    recordEvent(tx, updated, { actorKind: 'officer', actorUserId: a.officerId, kind: 'completed', visibleToSubject: true, data: { reply: a.reply } })
    emailPerson(tx, updated, 'completed', completionNotice(updated.language, { orgName: org.name, reference: updated.reference, link: statusLinkFor(tx, updated, publicUrl) }))
    return updated
  }, { behavior: 'immediate' })
}

/** Closes the request because the person withdrew it (by phone, letter, email…). */
export function withdrawRequest(db: DB, a: OfficerAct & { note?: string }, publicUrl: string): Request {
  return db.transaction((tx) => {
    const { request, org } = loadForOfficer(tx, a)
    const status = assertCanTake('withdraw', request.status, 'officer')
    const updated = close(tx, request, org, status, { actorKind: 'officer', actorUserId: a.officerId })
    const emailed = !!request.emailVerifiedAt
    recordEvent(tx, updated, { actorKind: 'officer', actorUserId: a.officerId, kind: 'withdrawn', visibleToSubject: true, data: { note: a.note ?? '', emailed } })
    if (emailed) {
      emailPerson(tx, updated, 'withdrawn', withdrawalNotice(updated.language, { orgName: org.name, reference: updated.reference, link: statusLinkFor(tx, updated, publicUrl) }))
    }
    return updated
  }, { behavior: 'immediate' })
}
