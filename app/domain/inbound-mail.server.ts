import { z } from 'zod'
import { type DB, type Tx, write } from '#db/client.server'
import type { Request } from '#db/schema'
import { countInbound, getInbound, inboundExists, openRequestsFrom, getInboundAttachment, inboundAttachmentList, inboundOf, inboundOnRequest, insertInbound, insertInboundAttachment, insertReplyToken, markOutboxUndelivered, moveInbound, outboxByMessageIds, requestIdByReplyToken, sentNotReported } from '~/data/inbound.server'
import { requestEventRows } from '~/data/audit.server'
import { emailHash, getRequestForOrg, updateRequest } from '~/data/officer-requests.server'
import { getOrganisation, listOrganisations } from '~/data/organisations.server'
import { recipientHash } from '~/data/outbox.server'
import { requestByReferenceAndEmail } from '~/data/subject-requests.server'
import { datesFromReceipt } from '~/domain/clock-rules'
import { officerActor, recordEvent, SUBJECT, SYSTEM } from '~/domain/events'
import { optionalText, requiredLine } from '~/domain/fields'
import { alertProcessor, forwardingUndelivered, recordBounce } from '~/domain/forwarding.server'
import { automaticReason, isDeliveryReport, readDeliveryReport, referenceInSubject, stripQuoted, type HeaderLines } from '~/domain/inbound-text'
import { objectionGroundField, registerReceived, requireObjectionGround } from '~/domain/intake.server'
import { isClosed } from '~/domain/lifecycle'
import { orgFor } from '~/domain/person-mail.server'
import { ActionRefusedError, replyFromSubject, TransitionError } from '~/domain/requests.server'
import { nowMs } from '~/utils/clock'
import { normaliseReference } from '~/utils/reference'
import { env } from '~/utils/env.server'
import { logger } from '~/utils/logger.server'
import { randomToken } from '~/utils/tokens.server'
import { REQUEST_TYPES } from '~/vocabulary'

// Email into the queue (docs/decisions/020). The listener (app/jobs/inbound-
// smtp.server.ts) hands each accepted message here: a delivery report marks
// the portal's own email undelivered, automatic mail is dropped, a reply
// threads onto its request, and anything else becomes a draft for an officer
// to triage: confirm as a request (its month running from the email's
// receipt), or dismiss as not a request.

/** A message as the listener parsed it. */
export type ReceivedEmail = {
  /** The envelope's recipients the listener accepted. */
  recipients: string[]
  /** MAIL FROM; '' for the null sender `<>`. */
  envelopeSender: string | null
  headers: HeaderLines
  from: { address: string; name: string | null } | null
  subject: string
  text: string
  /** In-Reply-To and References, each `<…>`. */
  threadIds: string[]
  attachments: Array<{ filename: string | null; contentType: string; content: Buffer }>
  raw: Buffer
}

export type ReceiveOutcome =
  | { kind: 'draft'; inboundIds: number[] }
  | { kind: 'threaded'; requestId: number; inboundId: number }
  | { kind: 'automatic'; reason: 'auto_submitted' | 'bulk' | 'no_return_path' }
  | { kind: 'report'; marked: number }
  /** Addressed only to the portal's own sender address: it takes delivery reports, nothing else. */
  | { kind: 'unaddressed' }
  /** No sender address to answer: nobody could be told anything. */
  | { kind: 'noSender' }
  /** The organisation has DRAFTS_WAITING_MAX emails waiting for triage: the sender's server is told to try again later. */
  | { kind: 'full' }

/** How many emails may wait for triage at one organisation. */
export const DRAFTS_WAITING_MAX = 1000

/** Attachments kept per email; more are dropped (the whole message source still holds them). */
const MAX_ATTACHMENTS = 20
/** The longest text a reply adds to the request's thread; the whole email is kept beside it. */
const REPLY_TEXT_MAX = 5000
/** How long a reply-to address threads a reply: a year from the email that carried it; after that a reply is a draft. */
const REPLY_TOKEN_TTL = 365 * 24 * 3_600_000
const TOKEN_TAG = /^(.+)\+r-([A-Za-z0-9_-]{43})$/

// ---------------------------------------------------------------------------- addresses

export type Recipient = { kind: 'organisation'; orgId: number; replyToken: string | null } | { kind: 'portal'; bounce: boolean }

/** The organisations' inbound addresses; an address two organisations claim belongs to neither. */
export function inboundAddressBook(db: DB | Tx): Map<string, number> {
  const book = new Map<string, number>()
  const claimed = new Set<string>()
  for (const org of listOrganisations(db)) {
    for (const address of org.profile.inbound?.addresses ?? []) {
      const a = address.toLowerCase()
      if (claimed.has(a)) book.delete(a)
      else book.set(a, org.id)
      claimed.add(a)
    }
  }
  return book
}

/** The portal's own sender address (MAIL_FROM): where delivery reports of its email come back. */
/** The portal's own sender address (MAIL_FROM): it takes delivery reports, and no organisation may list it as its own. */
export function portalAddress(): string {
  const from = env().MAIL_FROM
  return (/<([^>\s]+@[^>\s]+)>/.exec(from)?.[1] ?? from).trim().toLowerCase()
}

/** Whom an envelope recipient names: an organisation (with a reply token, if it carries one), the portal, or nobody (null). */
export function recipientOf(book: Map<string, number>, address: string): Recipient | null {
  const a = address.trim().toLowerCase()
  const at = a.lastIndexOf('@')
  if (at <= 0) return null
  const local = a.slice(0, at)
  const domain = a.slice(at + 1)
  const orgId = book.get(a)
  if (orgId !== undefined) return { kind: 'organisation', orgId, replyToken: null }
  // The token is case-sensitive: read it from the address as written.
  const tagged = TOKEN_TAG.exec(address.trim().slice(0, at))
  if (tagged) {
    const tokenOrg = book.get(`${tagged[1]!.toLowerCase()}@${domain}`)
    if (tokenOrg !== undefined) return { kind: 'organisation', orgId: tokenOrg, replyToken: tagged[2]! }
  }
  const portal = portalAddress()
  if (a === portal) return { kind: 'portal', bounce: false }
  if (/^bounce\+[A-Za-z0-9_-]{16,128}$/i.test(local) && domain === portal.slice(portal.lastIndexOf('@') + 1)) return { kind: 'portal', bounce: true }
  return null
}

/**
 * The reply-to address of an email to the person about a request: the
 * organisation's first inbound address with a fresh token, kept as a hash.
 * Null when the email is not to the person or the organisation takes no email.
 */
export function replyAddressFor(db: DB, email: { orgId: number | null; requestId: number | null; recipientHash: string }): string | null {
  if (!email.orgId || !email.requestId || env().INBOUND_SMTP_PORT === undefined) return null
  const request = getRequestForOrg(db, { orgId: email.orgId, id: email.requestId })
  const box = request ? getOrganisation(db, request.orgId)?.profile.inbound?.addresses[0] : undefined
  if (!request || !box || request.emailHash !== email.recipientHash) return null
  const token = randomToken()
  insertReplyToken(db, { requestId: request.id, token, at: new Date(nowMs()) })
  const at = box.lastIndexOf('@')
  return `${box.slice(0, at)}+r-${token}${box.slice(at)}`
}

// ---------------------------------------------------------------------------- receiving

/** Takes in one message the listener accepted. Never throws for what the message says; a database failure does throw. */
export function receiveEmail(db: DB, email: ReceivedEmail): ReceiveOutcome {
  const book = inboundAddressBook(db)
  const recipients = email.recipients.map((r) => ({ address: r, to: recipientOf(book, r) }))
  if (isDeliveryReport(email.headers)) {
    let marked = 0
    // A forwarding's own return address names it exactly.
    for (const r of recipients) if (r.to?.kind === 'portal' && r.to.bounce && recordBounce(db, r.address)) marked++
    // A parser may read the report's fields as text rather than as a part of their own: both are read.
    const report = readDeliveryReport([...email.attachments, { contentType: 'message/delivery-status', content: Buffer.from(email.text) }])
    // Bounces come back to the portal's own sender address, naming the Message-ID of the email they return. Anyone can
    // write a report to an organisation's address, or one naming only an address: those mark nothing.
    if (report.messageId && recipients.some((r) => r.to?.kind === 'portal')) {
      for (const address of report.failed) marked += outgoingUndelivered(db, { address, messageId: report.messageId })
    }
    return { kind: 'report', marked }
  }
  const automatic = automaticReason(email.headers, email.envelopeSender)
  if (automatic) return { kind: 'automatic', reason: automatic }
  const orgs = new Map<number, string | null>()
  for (const r of recipients) if (r.to?.kind === 'organisation' && !orgs.get(r.to.orgId)) orgs.set(r.to.orgId, r.to.replyToken)
  if (orgs.size === 0) return { kind: 'unaddressed' }
  if (!email.from?.address) return { kind: 'noSender' }
  const receivedAt = new Date(nowMs())
  const inboundIds: number[] = []
  let threaded: ReceiveOutcome | null = null
  let full = false
  // Each organisation addressed gets the email: as a reply on its request, or as a draft of its own.
  for (const [orgId, replyToken] of orgs) {
    const thread = findThread(db, orgId, email, replyToken)
    if (thread) {
      threaded = threadOnto(db, thread, email, receivedAt)
      continue
    }
    // Mail nobody has triaged yet is never deleted by age, so its number is bounded instead: past it, senders are told to retry later.
    if (countInbound(db, { orgId, status: 'draft' }) >= DRAFTS_WAITING_MAX) {
      full = true
      continue
    }
    inboundIds.push(write(db, (tx) => storeInbound(tx, { orgId, email, receivedAt, status: 'draft', requestId: null })))
  }
  if (inboundIds.length) return { kind: 'draft', inboundIds }
  if (threaded) return threaded
  return full ? { kind: 'full' } : { kind: 'draft', inboundIds }
}

function storeInbound(tx: Tx, q: { orgId: number; email: ReceivedEmail; receivedAt: Date; status: 'draft' | 'threaded'; requestId: number | null }): number {
  const { email } = q
  const from = email.from!
  const row = insertInbound(tx, {
    orgId: q.orgId,
    status: q.status,
    receivedAt: q.receivedAt,
    fromAddress: from.address.toLowerCase(),
    fromName: from.name || null,
    fromHash: emailHash(from.address),
    subject: email.subject,
    body: email.text,
    raw: email.raw,
    requestId: q.requestId,
    createdAt: q.receivedAt,
  })
  const kept = email.attachments.slice(0, MAX_ATTACHMENTS)
  for (const a of kept) {
    insertInboundAttachment(tx, { inboundId: row.id, orgId: q.orgId, filename: safeFilename(a.filename), contentType: a.contentType.slice(0, 100), size: a.content.length, content: a.content })
  }
  if (q.status === 'draft') recordEvent(tx, { kind: 'email_received', orgId: q.orgId, actor: SYSTEM, data: { inboundId: row.id, attachments: kept.length } })
  return row.id
}

/** A name to offer a file under: no folders, no control characters, not too long. */
export function safeFilename(name: string | null): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? ''
  const clean = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim().slice(0, 120)
  return clean && clean !== '.' && clean !== '..' ? clean : 'attachment'
}

type Thread = { request: Request; by: 'token' | 'message_id' }

/**
 * The request a reply belongs to: by the reply-to token (a secret only the
 * person's email carried), by a Message-ID of the portal's email to the
 * person, or by the reference in the subject when the sender's address is the
 * request's. A closed or not yet received request takes no reply.
 */
function findThread(db: DB, orgId: number, email: ReceivedEmail, replyToken: string | null): Thread | null {
  const open = (r: Request | undefined): r is Request => !!r && !isClosed(r.status) && r.status !== 'unverified'
  if (replyToken) {
    const id = requestIdByReplyToken(db, replyToken, new Date(nowMs() - REPLY_TOKEN_TTL))
    const request = id === null ? undefined : getRequestForOrg(db, { orgId, id })
    if (open(request)) return { request, by: 'token' }
  }
  for (const sent of outboxByMessageIds(db, email.threadIds)) {
    if (sent.orgId !== orgId || sent.requestId === null) continue
    const request = getRequestForOrg(db, { orgId, id: sent.requestId })
    if (open(request) && request.emailHash === sent.recipientHash) return { request, by: 'message_id' }
  }
  // A reference in the subject, even from the person's address, proves nothing: anyone can write any From. Such an
  // email waits as a draft, where the officer is offered the open requests from that address (draftMergeCandidates).
  return null
}

/** A reply goes into the request's thread as the web reply does: a request waiting for the person goes back to work, a paused clock runs again. */
function threadOnto(db: DB, thread: Thread, email: ReceivedEmail, receivedAt: Date): ReceiveOutcome {
  const own = stripQuoted(email.text).own.trim() || email.subject.trim() || '(…)'
  const text = own.length > REPLY_TEXT_MAX ? `${own.slice(0, REPLY_TEXT_MAX - 1)}…` : own
  try {
    replyFromSubject(db, { requestId: thread.request.id, message: text })
  } catch (error) {
    // Past the reply limit the email is still kept on the request, for the officers.
    if (!(error instanceof ActionRefusedError) && !(error instanceof TransitionError)) throw error
    logger().info({ requestId: thread.request.id, refused: error instanceof ActionRefusedError ? error.code : 'transition' }, 'email reply kept without a thread message')
  }
  const inboundId = write(db, (tx) => {
    const id = storeInbound(tx, { orgId: thread.request.orgId, email, receivedAt, status: 'threaded', requestId: thread.request.id })
    recordEvent(tx, { kind: 'email_threaded', orgId: thread.request.orgId, requestId: thread.request.id, actor: SUBJECT, data: { inboundId: id, by: thread.by } })
    return id
  })
  return { kind: 'threaded', requestId: thread.request.id, inboundId }
}

// ---------------------------------------------------------------------------- delivery reports

/**
 * A delivery report says the portal's email to `address` did not arrive: the
 * email it names (by Message-ID), or else the latest one sent there, is marked
 * undelivered and the organisation's officers are alerted. A forwarding to a
 * controller goes the forwarding's way (app/domain/forwarding.server.ts).
 */
export function outgoingUndelivered(db: DB, q: { address: string; messageId: string }): number {
  const sent = sentNotReported(db, { recipientHash: recipientHash(q.address), messageId: q.messageId, limit: 1 })
  let marked = 0
  for (const email of sent) {
    if (email.template === 'controller-forwarded') {
      if (forwardingUndelivered(db, { outboxId: email.id }, 'bounced')) marked++
      write(db, (tx) => markOutboxUndelivered(tx, email.id, new Date(nowMs())))
      continue
    }
    const done = write(db, (tx) => {
      if (!markOutboxUndelivered(tx, email.id, new Date(nowMs()))) return false
      if (email.orgId === null) return true
      recordEvent(tx, { kind: 'email_undelivered', orgId: email.orgId, actor: SYSTEM, data: { outboxId: email.id, requestId: email.requestId, template: email.template } })
      const request = email.requestId === null ? undefined : getRequestForOrg(tx, { orgId: email.orgId, id: email.requestId })
      if (request) alertProcessor(tx, orgFor(tx, email.orgId), request, 'emailUndelivered', '')
      return true
    })
    if (done) marked++
  }
  return marked
}

// ---------------------------------------------------------------------------- triage

/** The organisation's drafts, newest first, each with the start of its own text. */
export function listDrafts(db: DB, orgId: number, limit = 200) {
  return {
    count: countInbound(db, { orgId, status: 'draft' }),
    drafts: inboundOf(db, { orgId, status: 'draft', limit }).map((d) => ({
      id: d.id,
      receivedAt: d.receivedAt,
      from: d.fromName ? `${d.fromName} <${d.fromAddress}>` : d.fromAddress,
      subject: d.subject,
      snippet: stripQuoted(d.body).own.replace(/\s+/g, ' ').slice(0, 160),
    })),
  }
}

export function draftCount(db: DB, orgId: number): number {
  return countInbound(db, { orgId, status: 'draft' })
}

/** One received email as the officer reads it: its own text, the whole text, its files, and what became of it. */
/** Whether the organisation received this email (a page's 404 for another's id), without opening it. */
export function hasInbound(db: DB, q: { orgId: number; id: number }): boolean {
  return inboundExists(db, q)
}

export function inboundView(db: DB, q: { orgId: number; id: number }) {
  const email = getInbound(db, q)
  if (!email) return null
  const stripped = stripQuoted(email.body)
  const request = email.requestId ? getRequestForOrg(db, { orgId: q.orgId, id: email.requestId }) : undefined
  return {
    id: email.id,
    status: email.status,
    receivedAt: email.receivedAt,
    fromAddress: email.fromAddress,
    fromName: email.fromName,
    subject: email.subject,
    own: stripped.own,
    quoted: stripped.quoted,
    whole: email.body,
    attachments: inboundAttachmentList(db, { orgId: q.orgId, inboundId: email.id }),
    request: request ? { id: request.id, reference: request.reference } : null,
  }
}

/** The emails received on a request: the one it was confirmed from and the replies threaded onto it, oldest first. */
export function emailsOnRequest(db: DB, q: { orgId: number; requestId: number }) {
  return inboundOnRequest(db, q)
}

export function inboundAttachment(db: DB, q: { orgId: number; inboundId: number; id: number }) {
  return getInboundAttachment(db, q) ?? null
}

/** The received email's whole source (`.eml`), for the officer who needs every header. */
export function inboundSource(db: DB, q: { orgId: number; id: number }): Buffer | null {
  return getInbound(db, q)?.raw ?? null
}

export class DraftGoneError extends Error {
  constructor() {
    super('draft not found or triaged already')
    this.name = 'DraftGoneError'
  }
}

export const confirmDraftInput = z
  .object({
    types: z.array(z.enum(REQUEST_TYPES), { message: 'officer:inbox.errors.typesRequired' }).min(1, 'officer:inbox.errors.typesRequired').max(REQUEST_TYPES.length),
    objectionGround: objectionGroundField('officer:inbox.errors.groundRequired'),
    name: requiredLine('officer:inbox.errors.nameRequired', 200, 'officer:errors.tooLong'),
    language: z.enum(['da', 'no', 'fi', 'en']),
    words: optionalText(5000),
  })
  .superRefine((v, ctx) => requireObjectionGround(v, ctx, 'officer:inbox.errors.groundRequired'))

/**
 * The officer confirms a draft as a request: the rights asked for and the
 * person. It is registered as received when the email was (its legal month
 * runs from then), through the same door as a request received by phone or
 * letter; the draft is linked to it and the person is emailed the reference.
 */
export function confirmDraft(db: DB, a: { orgId: number; officerId: number; inboundId: number } & z.input<typeof confirmDraftInput>): { requestId: number; reference: string } {
  const input = confirmDraftInput.parse(a)
  const draft = getInbound(db, { orgId: a.orgId, id: a.inboundId })
  if (!draft || draft.status !== 'draft') throw new DraftGoneError()
  // Claimed first, so a second officer confirming at the same time gets "gone", not a second request.
  if (!moveInbound(db, { orgId: a.orgId, id: draft.id, from: 'draft', set: { status: 'confirmed', triagedBy: a.officerId, triagedAt: new Date(nowMs()) } })) throw new DraftGoneError()
  try {
    const registered = registerReceived(db, {
      orgId: a.orgId,
      channel: 'email',
      receivedAt: draft.receivedAt,
      receiptRecorded: true,
      registeredBy: a.officerId,
      types: input.types,
      objectionGround: input.objectionGround,
      details: input.words ?? stripQuoted(draft.body).own.slice(0, 5000),
      // The request's address is the one the email came from, confirmed by its arrival: every link goes to it alone, as
      // to a web request's confirmed address. An officer cannot send the person's links to another address (docs/decisions/020).
      person: { name: input.name, email: draft.fromAddress.toLowerCase() },
      language: input.language,
      addressConfirmedAt: draft.receivedAt,
    })
    if (!registered.ok) throw new DraftGoneError()
    const first = registered.requests[0]!
    write(db, (tx) => {
      moveInbound(tx, { orgId: a.orgId, id: draft.id, from: 'confirmed', set: { requestId: first.id } })
      for (const r of registered.requests) recordEvent(tx, { kind: 'email_draft_confirmed', orgId: a.orgId, requestId: r.id, actor: officerActor(a.officerId), data: { inboundId: draft.id } })
    })
    return { requestId: first.id, reference: first.reference }
  } catch (error) {
    moveInbound(db, { orgId: a.orgId, id: draft.id, from: 'confirmed', set: { status: 'draft', triagedBy: null, triagedAt: null } })
    throw error
  }
}

/** Not a request (spam, a question, a sales call): the draft leaves the queue; the email is kept with the record of who dismissed it. */
export function dismissDraft(db: DB, a: { orgId: number; officerId: number; inboundId: number }): void {
  write(db, (tx) => {
    if (!moveInbound(tx, { orgId: a.orgId, id: a.inboundId, from: 'draft', set: { status: 'dismissed', triagedBy: a.officerId, triagedAt: new Date(nowMs()) } })) throw new DraftGoneError()
    recordEvent(tx, { kind: 'email_draft_dismissed', orgId: a.orgId, actor: officerActor(a.officerId), data: { inboundId: a.inboundId } })
  })
}

// ---------------------------------------------------------------------------- adding a draft to a request already open

/** The open requests a draft may belong to: the organisation's, from the address the email came from. */
export function draftMergeCandidates(db: DB, q: { orgId: number; inboundId: number }): Array<{ id: number; reference: string; type: Request['type'] }> {
  const draft = getInbound(db, { orgId: q.orgId, id: q.inboundId })
  if (!draft || draft.status !== 'draft') return []
  // The one whose reference the subject names first: its reference fills the form.
  const named = referenceInSubject(draft.subject)
  return openRequestsFrom(db, { orgId: q.orgId, emailHash: draft.fromHash, limit: 10 })
    .sort((a, b) => Number(b.reference === named) - Number(a.reference === named))
    .map((r) => ({ id: r.id, reference: r.reference, type: r.type }))
}

export class MergeTargetError extends Error {
  constructor() {
    super('no open request of this organisation with that reference')
    this.name = 'MergeTargetError'
  }
}

/**
 * The email is the same person asking again, or adding to, a request already
 * open (docs/decisions/023): it joins that request instead of becoming one.
 * Nothing is merged by itself; an officer names the request. The request
 * keeps the earliest receipt: when the email came first, its legal month runs
 * from the email (with the request's own extension and pauses). The event
 * records the receipt before, so the merge can be undone exactly.
 */
export function mergeDraft(db: DB, a: { orgId: number; officerId: number; inboundId: number; reference: string }): { requestId: number } {
  const reference = normaliseReference(a.reference)
  return write(db, (tx) => {
    const target = reference ? requestByReferenceAndEmail(tx, { reference }) : undefined
    if (!target || target.orgId !== a.orgId || isClosed(target.status) || target.purgedAt) throw new MergeTargetError()
    const draft = getInbound(tx, { orgId: a.orgId, id: a.inboundId })
    if (!draft || !moveInbound(tx, { orgId: a.orgId, id: draft.id, from: 'draft', set: { status: 'merged', requestId: target.id, triagedBy: a.officerId, triagedAt: new Date(nowMs()) } })) throw new DraftGoneError()
    // An unconfirmed request has not reached the organisation yet: its receipt is set when it does (docs/decisions/008).
    const earlier = target.status !== 'unverified' && draft.receivedAt.getTime() < target.receivedAt.getTime()
    if (earlier) {
      const org = orgFor(tx, a.orgId)
      const dates = datesFromReceipt(draft.receivedAt, org, { extensionMonths: target.extensionMonths, pausedDays: target.pausedDays })
      updateRequest(tx, target.id, { receivedAt: draft.receivedAt, ...dates, lastActivityAt: new Date(nowMs()), updatedAt: new Date(nowMs()) })
    }
    recordEvent(tx, {
      kind: 'email_draft_merged',
      orgId: a.orgId,
      requestId: target.id,
      actor: officerActor(a.officerId),
      data: { inboundId: draft.id, previousReceivedAt: earlier ? target.receivedAt.toISOString() : null },
    })
    return { requestId: target.id }
  })
}

/** Undoes adding a draft to a request: the email waits for triage again, and the request gets back the receipt it had. */
export function unmergeDraft(db: DB, a: { orgId: number; officerId: number; inboundId: number }): void {
  write(db, (tx) => {
    const draft = getInbound(tx, { orgId: a.orgId, id: a.inboundId })
    if (!draft || draft.status !== 'merged' || !draft.requestId) throw new DraftGoneError()
    const request = getRequestForOrg(tx, { orgId: a.orgId, id: draft.requestId })
    const merged = request ? requestEventRows(tx, { orgId: a.orgId, requestId: request.id }).filter((e) => e.kind === 'email_draft_merged' && e.data.inboundId === draft.id).at(-1) : undefined
    moveInbound(tx, { orgId: a.orgId, id: draft.id, from: 'merged', set: { status: 'draft', requestId: null, triagedBy: null, triagedAt: null } })
    const previous = typeof merged?.data.previousReceivedAt === 'string' ? new Date(merged.data.previousReceivedAt) : null
    if (request && previous && request.receivedAt.getTime() === draft.receivedAt.getTime()) {
      const dates = datesFromReceipt(previous, orgFor(tx, a.orgId), { extensionMonths: request.extensionMonths, pausedDays: request.pausedDays })
      updateRequest(tx, request.id, { receivedAt: previous, ...dates, updatedAt: new Date(nowMs()) })
    }
    recordEvent(tx, { kind: 'email_draft_unmerged', orgId: a.orgId, requestId: draft.requestId, actor: officerActor(a.officerId), data: { inboundId: draft.id, receivedAt: (previous ?? request?.receivedAt ?? draft.receivedAt).toISOString() } })
  })
}

