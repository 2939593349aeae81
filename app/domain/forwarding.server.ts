import { createHash } from 'node:crypto'
import type { DB, Tx } from '#db/client.server'
import { write } from '#db/client.server'
import type { ProcessorClient } from '#db/organisation-file'
import type { Forwarding, LinkSpec, Organisation, Request } from '#db/schema'
import type { ControllerEmail, ForwardingAlert } from '#emails/forwarding-emails'
import { activeForwardingOf, forwardingByBounceToken, forwardingByOutbox, insertForwarding, insertTask, updateForwarding } from '~/data/forwardings.server'
import { emailHash, getRequestForOrg, insertRequest, updateRequest } from '~/data/officer-requests.server'
import { getOrganisationBySlug } from '~/data/organisations.server'
import { recipientHash } from '~/data/outbox.server'
import { uniqueReference } from '~/data/subject-requests.server'
import { datesFromReceipt } from '~/domain/clock-rules'
import { addWorkingDays } from '~/domain/deadlines'
import { isDirectMarketingObjection, suppressDirectMarketing } from '~/domain/do-not-contact.server'
import { recordEvent, SYSTEM, type Actor } from '~/domain/events'
import { queueEmail } from '~/domain/mail.server'
import { activeOfficers, notifyNewWork } from '~/domain/notifications.server'
import { emailPerson, orgFor } from '~/domain/person-mail.server'
import { nowMs } from '~/utils/clock'
import { env } from '~/utils/env.server'
import { hashToken, randomToken } from '~/utils/tokens.server'
import type { InstructionKind } from '~/vocabulary'

// A processor passes a client's request on to the controller (GDPR Art.
// 28(3)(e), 29; SCC 2021/915 Clause 8; docs/decisions/016 and 017). Each
// hand-over is a forwarding row and an event in the hash-chained trail: the
// controller's email goes through the outbox in the controller's language
// with the reference and a link, never the person's data; a controller on the
// portal gets the request in its own queue as well. The deadline stays the
// one counted from the processor's receipt.

/** Days an assistance task is due in, in working days; never after the request's own deadline. */
export const TASK_WORKING_DAYS = 5

export class ForwardingError extends Error {
  constructor(readonly code: 'noClient' | 'notForClient' | 'alreadyForwarded' | 'notReceived') {
    super(code)
    this.name = 'ForwardingError'
  }
}

export function clientOf(org: Pick<Organisation, 'slug' | 'profile'>, key: string | null): ProcessorClient | undefined {
  return key ? org.profile.clients.find((c) => c.key === key) : undefined
}


/**
 * The request made in a controller's own queue on the portal from a
 * processor's: the person's words and contact details as they were filed,
 * received when the processor received it, so its deadline is the same
 * month (counted in the controller's calendar, never later than the
 * processor's count). The controller checks the person's identity itself.
 */
function controllerRequest(tx: Tx, request: Request, controller: Organisation, at: Date): Request {
  const dates = datesFromReceipt(request.receivedAt, controller, { extensionMonths: 0, pausedDays: 0 })
  const dueAt = dates.dueAt.getTime() <= request.dueAt.getTime() ? dates.dueAt : request.dueAt
  return insertRequest(tx, {
    orgId: controller.id,
    reference: uniqueReference(tx),
    type: request.type,
    status: 'received',
    channel: request.channel,
    language: request.language,
    details: request.details,
    subjectName: request.subjectName,
    subjectEmail: request.subjectEmail,
    subjectPhone: request.subjectPhone,
    subjectIdentifiers: request.subjectIdentifiers,
    emailHash: request.subjectEmail ? emailHash(request.subjectEmail) : null,
    filedAt: request.filedAt,
    receivedAt: request.receivedAt,
    emailVerifiedAt: request.emailVerifiedAt,
    dueAt,
    slaDueAt: dates.slaDueAt.getTime() <= dueAt.getTime() ? dates.slaDueAt : dueAt,
    lastActivityAt: at,
    forwardedFromRequestId: request.id,
    createdAt: at,
    updatedAt: at,
  })
}

/**
 * Passes a received client's request on to its controller, in the
 * transaction that received or routed it: one forwarding, the controller's
 * email queued (in the controller's language, with the reference and a link
 * to the request in its own queue, or to its secure page), the event, and,
 * unless the caller tells the person itself, the person's email saying to
 * whom it went, when, and by when they will be answered.
 */
export function forwardInTx(tx: Tx, request: Request, org: Organisation, actor: Actor, opts: { tellPerson: boolean }): Forwarding {
  const client = clientOf(org, request.clientKey)
  if (request.routing !== 'client' || !client) throw new ForwardingError(request.routing === 'client' ? 'noClient' : 'notForClient')
  if (request.status === 'unverified') throw new ForwardingError('notReceived')
  if (activeForwardingOf(tx, { orgId: org.id, requestId: request.id })) throw new ForwardingError('alreadyForwarded')
  const at = new Date(nowMs())
  const controller = client.organisation ? getOrganisationBySlug(tx, client.organisation) : undefined
  const mirror = controller ? controllerRequest(tx, request, controller, at) : undefined
  const forwarding = insertForwarding(tx, {
    orgId: org.id,
    requestId: request.id,
    clientKey: client.key,
    controllerOrgId: controller?.id ?? null,
    controllerRequestId: mirror?.id ?? null,
    recipient: client.privacyEmail,
    recipientHash: recipientHash(client.privacyEmail),
    forwardedAt: at,
  })
  const email = queueControllerEmail(tx, { org, request, forwarding, client, controller, mirror, kind: 'forwarded' })
  const updated = updateForwarding(tx, forwarding.id, { outboxId: email.id, messageId: email.messageId })
  recordEvent(tx, { kind: 'forwarded', orgId: org.id, requestId: request.id, actor, data: { forwardingId: forwarding.id, clientKey: client.key, controllerRequestId: mirror?.id ?? null } })
  if (mirror && controller) {
    recordEvent(tx, { kind: 'received_from_processor', orgId: controller.id, requestId: mirror.id, actor, data: { fromOrgId: org.id, fromRequestId: request.id, forwardingId: forwarding.id } })
    // An objection to direct marketing takes effect when it is made (Art. 21(3)): on the client's own list too, at once.
    if (isDirectMarketingObjection(mirror)) suppressDirectMarketing(tx, mirror, controller, actor)
    notifyNewWork(tx, { kind: 'request_confirmed', org: controller, request: mirror })
  }
  updateRequest(tx, request.id, { lastActivityAt: at, updatedAt: at })
  if (opts.tellPerson) emailPerson(tx, request, org, 'request-forwarded', { controllerName: client.name, forwardedAt: at.toISOString(), dueAt: request.dueAt.toISOString() })
  return updated
}

/** What the controller's emails say and link to; `kind` is the first email, a reminder, or an escalation (a missing acknowledgement, an overdue task). */
export function queueControllerEmail(
  tx: Tx,
  q: { org: Organisation; request: Request; forwarding: Forwarding; client: ProcessorClient; controller?: Organisation; mirror?: Request; kind: ControllerEmail['kind']; to?: string; reminder?: number },
): { id: number; messageId: string } {
  const lang = q.client.language
  const onPortal = !!(q.controller && q.mirror)
  const links: LinkSpec[] = onPortal ? [] : [{ name: 'link', purpose: 'controller_access', forwardingId: q.forwarding.id, ttlMs: 0, path: `/${lang}/controller/{token}` }]
  return queueEmail(tx, {
    to: q.to ?? q.client.privacyEmail,
    language: lang,
    template: 'controller-forwarded',
    orgId: q.org.id,
    requestId: q.request.id,
    params: {
      kind: q.kind,
      reminder: q.reminder ?? 0,
      processorName: q.org.name,
      controllerName: q.client.name,
      reference: q.request.reference,
      controllerReference: q.mirror?.reference ?? null,
      requestType: q.request.type,
      receivedAt: q.request.receivedAt.toISOString(),
      forwardedAt: q.forwarding.forwardedAt.toISOString(),
      dueAt: (q.mirror?.dueAt ?? q.request.dueAt).toISOString(),
      timeZone: (q.controller ?? q.org).timeZone,
      ...(onPortal ? { queueLink: `${env().PUBLIC_URL}/${lang}/officer/requests/${q.mirror!.id}` } : {}),
    },
    links,
  })
}

// ---------------------------------------------------------------------------- the email's fate

/** The envelope sender a forwarding email goes out with: a fresh token, stored as a hash, so a bounce names its forwarding. */
export function bounceAddressFor(db: DB, outboxId: number, from: string): string | null {
  const forwarding = forwardingByOutbox(db, outboxId)
  if (!forwarding) return null
  const token = randomToken()
  updateForwarding(db, forwarding.id, { bounceTokenHash: hashToken(token) })
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'localhost'
  return `bounce+${token}@${domain}`
}

/** The SHA-256 of a message as handed to the SMTP server: what the custody record says was sent. */
export function messageSha256(m: { from: string; to: string; subject: string; text: string; html: string; messageId: string }): string {
  return createHash('sha256').update(JSON.stringify([m.from, m.to, m.messageId, m.subject, m.text, m.html])).digest('hex')
}

/** The outbox handed a forwarding email to the SMTP server. */
export function forwardingSent(db: DB, outboxId: number, s: { messageId: string; sha256: string }): void {
  write(db, (tx) => {
    const forwarding = forwardingByOutbox(tx, outboxId)
    if (!forwarding || forwarding.sentAt) return
    updateForwarding(tx, forwarding.id, { sentAt: new Date(nowMs()), sentSha256: s.sha256 })
    recordEvent(tx, { kind: 'forwarding_sent', orgId: forwarding.orgId, requestId: forwarding.requestId, actor: SYSTEM, data: { forwardingId: forwarding.id, messageId: s.messageId, sha256: s.sha256 } })
  })
}

/**
 * A forwarding email did not reach the controller: it bounced to its own
 * return address, the receiving server refused it for good, or the outbox
 * gave up. The forwarding is marked undelivered and the processor's officers
 * are alerted at once: the controller does not know of the request.
 */
export function forwardingUndelivered(db: DB, f: { outboxId: number } | { bounceToken: string }, reason: 'bounced' | 'rejected' | 'gave_up'): boolean {
  return write(db, (tx) => {
    const forwarding = 'outboxId' in f ? forwardingByOutbox(tx, f.outboxId) : forwardingByBounceToken(tx, f.bounceToken)
    if (!forwarding || forwarding.undeliveredAt || !forwarding.active) return false
    updateForwarding(tx, forwarding.id, { undeliveredAt: new Date(nowMs()) })
    recordEvent(tx, { kind: 'forwarding_undelivered', orgId: forwarding.orgId, requestId: forwarding.requestId, actor: SYSTEM, data: { forwardingId: forwarding.id, reason } })
    const org = orgFor(tx, forwarding.orgId)
    const request = getRequestForOrg(tx, { orgId: org.id, id: forwarding.requestId })!
    alertProcessor(tx, org, request, 'undelivered', clientOf(org, forwarding.clientKey)?.name ?? forwarding.clientKey)
    return true
  })
}

/** A bounce reached the portal at `bounce+<token>@…`: the forwarding it names was not delivered. */
export function recordBounce(db: DB, envelopeRecipient: string): boolean {
  const token = /^bounce\+([A-Za-z0-9_-]{16,128})@/i.exec(envelopeRecipient.trim())?.[1]
  return token ? forwardingUndelivered(db, { bounceToken: token }, 'bounced') : false
}

/**
 * Tells the organisation's officers (or its privacy address, with nobody on the portal) that a request needs them at once, by reference and link only:
 * a processor's hand-over, or any email of the portal's to the person that a delivery report said did not arrive (`emailUndelivered`).
 */
export function alertProcessor(tx: Tx, org: Organisation, request: Pick<Request, 'id' | 'reference'>, alert: ForwardingAlert, controllerName: string): number {
  const officers = activeOfficers(tx, org.id)
  const recipients = officers.length ? officers.map((o) => ({ to: o.email, language: o.language })) : [{ to: org.privacyEmail, language: org.profile.languages[0] ?? 'en' }]
  for (const r of recipients) {
    queueEmail(tx, {
      to: r.to,
      language: r.language,
      template: 'forwarding-alert',
      orgId: org.id,
      requestId: request.id,
      params: { alert, orgName: org.name, controllerName, reference: request.reference, link: `${env().PUBLIC_URL}/${r.language}/officer/requests/${request.id}` },
    })
  }
  return recipients.length
}

// ---------------------------------------------------------------------------- instructions to the processor

/**
 * A controller's instruction about one request becomes a task in the
 * processor's queue: due in TASK_WORKING_DAYS working days in the processor's
 * calendar, and never after the request's legal deadline. The processor's
 * officers are told.
 */
export function instructInTx(tx: Tx, forwarding: Forwarding, kind: InstructionKind, actor: Actor) {
  const org = orgFor(tx, forwarding.orgId)
  const request = getRequestForOrg(tx, { orgId: org.id, id: forwarding.requestId })!
  const at = new Date(nowMs())
  const due = addWorkingDays(at, TASK_WORKING_DAYS, org)
  const dueAt = due.getTime() <= request.dueAt.getTime() ? due : request.dueAt
  const task = insertTask(tx, { orgId: org.id, requestId: request.id, forwardingId: forwarding.id, kind, createdAt: at, dueAt })
  recordEvent(tx, { kind: 'instructed', orgId: org.id, requestId: request.id, actor, data: { taskId: task.id, kind, dueAt: dueAt.toISOString() } })
  alertProcessor(tx, org, request, 'instructed', clientOf(org, forwarding.clientKey)?.name ?? forwarding.clientKey)
  return task
}

/** To whom and when a processor's request was passed on (the active hand-over), for what the person is told; null before. */
export function handOverOf(db: DB | Tx, request: Pick<Request, 'id' | 'orgId'>, org: Pick<Organisation, 'slug' | 'profile'>): { controllerName: string; forwardedAt: Date } | null {
  const forwarding = activeForwardingOf(db, { orgId: request.orgId, requestId: request.id })
  if (!forwarding) return null
  return { controllerName: clientOf(org, forwarding.clientKey)?.name ?? forwarding.clientKey, forwardedAt: forwarding.forwardedAt }
}
