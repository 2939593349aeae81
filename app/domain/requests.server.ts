import { and, desc, eq, gt, isNull } from 'drizzle-orm'
import type { DB, Tx } from '#db/client.server'
import { events, organisations, requests, tokens, type Channel, type Organisation, type Request } from '#db/schema'
import { confirmEmailAddress, requestConfirmed, statusLink } from '#emails/subject-emails'
import { legalDeadline, slaDeadline } from '~/domain/deadlines'
import type { Language } from '~/domain/languages'
import { assertCanTake } from '~/domain/lifecycle'
import { generateReference } from '~/domain/reference'
import type { RequestDetails, RequestType } from '~/domain/request-types'
import { formatDate, formatDateTime } from '~/i18n/i18n'
import { enqueueEmail } from '~/jobs/outbox.server'
import { nowMs } from '~/utils/clock'
import { createSession } from '~/utils/sessions.server'
import { hashToken, randomToken } from '~/utils/tokens.server'

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
  | { ok: true; request: Request; org: Organisation; sessionToken: string }
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
    const request = tx.select().from(requests).where(eq(requests.id, used.requestId)).get()
    if (!request) return { ok: false, reason: 'invalid' }
    const org = tx.select().from(organisations).where(eq(organisations.id, request.orgId)).get()!
    if (request.status !== 'unverified') {
      // Confirmed already through another link: nothing changes, the person may still follow it.
      return { ok: true, request, org, sessionToken: subjectSession(tx, request.id) }
    }
    const status = assertCanTake('confirmEmail', request.status, 'subject')
    const at = new Date(nowMs())
    const updated = tx
      .update(requests)
      .set({ status, emailVerifiedAt: at, updatedAt: at })
      .where(eq(requests.id, request.id))
      .returning()
      .get()
    recordEvent(tx, updated, { actorKind: 'subject', kind: 'email_confirmed', visibleToSubject: true })
    const link = issueToken(tx, { purpose: 'status_access', requestId: request.id, ttlMs: STATUS_LINK_TTL })
    enqueueEmail(tx, {
      to: updated.subjectEmail,
      language: updated.language,
      template: 'request-confirmed',
      orgId: org.id,
      requestId: updated.id,
      email: requestConfirmed(updated.language, {
        orgName: org.name,
        requestType: updated.type,
        reference: updated.reference,
        dueDate: formatDate(updated.dueAt, updated.language, org.timeZone),
        link: `${publicUrl}/${updated.language}/status/open/${link.token}`,
      }),
    })
    return { ok: true, request: updated, org, sessionToken: subjectSession(tx, updated.id) }
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
    enqueueEmail(tx, {
      to: request.subjectEmail,
      language: request.language,
      template: 'status-link',
      orgId: org.id,
      requestId: request.id,
      email: statusLink(request.language, {
        orgName: org.name,
        reference: request.reference,
        link: `${publicUrl}/${request.language}/status/open/${token.token}`,
        expiresAt: formatDateTime(token.expiresAt, request.language, org.timeZone),
      }),
    })
    return true
  }, { behavior: 'immediate' })
}

/** Follows an emailed status link (once) and opens a session for that request. */
export function openStatusLink(db: DB, token: string): { ok: true; sessionToken: string; request: Request } | { ok: false; reason: 'invalid' | 'expired' | 'used' } {
  return db.transaction((tx) => {
    const used = consumeToken(tx, 'status_access', token)
    if (!used.ok) return used
    const request = tx.select().from(requests).where(eq(requests.id, used.requestId)).get()
    if (!request) return { ok: false as const, reason: 'invalid' as const }
    return { ok: true as const, request, sessionToken: subjectSession(tx, request.id) }
  }, { behavior: 'immediate' })
}

function subjectSession(tx: Tx, requestId: number) {
  return createSession(tx, { kind: 'subject', requestId, ttlMs: SUBJECT_SESSION_TTL })
}

export function issueToken(tx: Tx, t: { purpose: 'confirm_email' | 'status_access' | 'invitation' | 'password_reset'; requestId?: number; userId?: number; ttlMs: number }) {
  const token = randomToken()
  const at = nowMs()
  const expiresAt = new Date(at + t.ttlMs)
  tx.insert(tokens)
    .values({ purpose: t.purpose, tokenHash: hashToken(token), requestId: t.requestId ?? null, userId: t.userId ?? null, createdAt: new Date(at), expiresAt })
    .run()
  return { token, expiresAt }
}

/** Marks a single-use token used; says why when it cannot be used. */
export function consumeToken(
  tx: Tx,
  purpose: 'confirm_email' | 'status_access' | 'invitation' | 'password_reset',
  token: string,
): { ok: true; requestId: number; userId: number | null } | { ok: false; reason: 'invalid' | 'expired' | 'used' } {
  const row = tx
    .select()
    .from(tokens)
    .where(and(eq(tokens.tokenHash, hashToken(token)), eq(tokens.purpose, purpose)))
    .get()
  if (!row) return { ok: false, reason: 'invalid' }
  if (row.usedAt) return { ok: false, reason: 'used' }
  if (row.expiresAt.getTime() <= nowMs()) return { ok: false, reason: 'expired' }
  const claimed = tx
    .update(tokens)
    .set({ usedAt: new Date(nowMs()) })
    .where(and(eq(tokens.id, row.id), isNull(tokens.usedAt)))
    .run()
  if (claimed.changes !== 1) return { ok: false, reason: 'used' }
  return { ok: true, requestId: row.requestId ?? 0, userId: row.userId }
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
