import { randomInt } from 'node:crypto'
import { DateTime } from 'luxon'
import { z } from 'zod'
import { type DB, type Tx, write } from '#db/client.server'
import type { ProcessorClient } from '#db/organisation-file'
import type { ControllerLink, Forwarding, Organisation, Request } from '#db/schema'
import { collectedFor } from '~/data/answers.server'
import {
  activeForwardingOf,
  controllerLinkById,
  controllerLinkByToken,
  forwardingById,
  revokeControllerLinks,
  tasksOfForwarding,
  updateControllerLink,
  updateForwarding,
} from '~/data/forwardings.server'
import { addMessage } from '~/data/messages.server'
import { getRequestForOrg, updateRequest } from '~/data/officer-requests.server'
import { getOrganisation } from '~/data/organisations.server'
import { allowAttempt } from '~/data/rate-limits.server'
import { createSession, touchSession } from '~/data/sessions.server'
import { answerAs, answerChoices, groundLabel, type AnsweringOrg } from '~/domain/answers.server'
import { CONTROLLER, officerActor, recordEvent } from '~/domain/events'
import { optionalText, requiredText } from '~/domain/fields'
import { alertProcessor, clientOf, instructInTx } from '~/domain/forwarding.server'
import { citeArticle } from '~/domain/articles'
import { needsGrounds, needsIdentity } from '~/domain/grounds'
import { localize } from '~/domain/languages'
import { detailRows, personView } from '~/domain/person-view'
import { queueEmail } from '~/domain/mail.server'
import { begin, close, countOfficerWrite, type Done, type OfficerAct } from '~/domain/requests.server'
import { formatDate, formatDateTime } from '~/i18n/i18n'
import { nowMs } from '~/utils/clock'
import { hashesEqual, keyedHash } from '~/utils/crypto.server'
import { ANSWER_OUTCOMES, IDENTITY_METHODS, INSTRUCTION_KINDS, type IdentityMethod, type InstructionKind, type Language } from '~/vocabulary'

// The secure page of a processor's client that has no account on the portal
// (GDPR Art. 28(3)(e); docs/decisions/016, 017): the link in the forwarding
// email opens one request, and only with a one-time code emailed, on each
// visit, to the client's privacy contact the request was sent to. Until the
// code is given the page shows the case by reference with the person masked;
// after it, the client acknowledges, answers through the portal's own answer
// pipeline in its own name, records that it answers directly, instructs the
// processor, or sends the request back as "not our customer".
//
// Every way a link can fail (unknown, forged, revoked, sent back, expired)
// is one outcome, `null`, shown as one page that says nothing more.

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** A link stops working this many days after its request closed. */
export const CONTROLLER_LINK_DAYS_AFTER_CLOSE = 30
/** A code works this long after its email left, for this many wrong tries, once. */
export const CONTROLLER_CODE_TTL_MS = 15 * MINUTE
export const CONTROLLER_CODE_MAX_TRIES = 5
/** Codes one link may have emailed in an hour: each email lands in the client's inbox. */
export const CONTROLLER_CODE_SENDS = { perLink: 5, windowMs: HOUR }
/** The session a code opens: on this one link, idle for at most 30 minutes, a few hours in all. */
export const CONTROLLER_SESSION_IDLE_MS = 30 * MINUTE
export const CONTROLLER_SESSION_TTL_MS = 4 * HOUR

/** What a working link opens: its row, the hand-over, the processor's request, the processor and the client. */
export type ControllerAccess = { link: ControllerLink; forwarding: Forwarding; request: Request; org: Organisation; client: ProcessorClient }

/** The link no longer works (or never did): the page that says only that. */
export class ControllerLinkRefusedError extends Error {
  constructor() {
    super('controller link refused')
    this.name = 'ControllerLinkRefusedError'
  }
}

/** A rule said no to what the controller asked; `code` is a key of controller:errors. */
export class ControllerActionError extends Error {
  constructor(readonly code: 'codeFirst' | 'closed' | 'alreadyInstructed' | 'noAuthority' | 'dateOutOfRange') {
    super(code)
    this.name = 'ControllerActionError'
  }
}

const TOKEN = /^[A-Za-z0-9_-]{16,128}$/

function checked(db: DB | Tx, link: ControllerLink | undefined): ControllerAccess | null {
  if (!link || link.revokedAt) return null
  const forwarding = forwardingById(db, link.forwardingId)
  // Sent back, or a client on the portal (whose officers work it in their own queue): no page here.
  if (!forwarding || !forwarding.active || forwarding.controllerRequestId !== null) return null
  const org = getOrganisation(db, forwarding.orgId)
  const request = org ? getRequestForOrg(db, { orgId: org.id, id: forwarding.requestId }) : undefined
  const client = org ? clientOf(org, forwarding.clientKey) : undefined
  if (!org || !request || !client || request.routing !== 'client' || request.clientKey !== forwarding.clientKey) return null
  if (request.closedAt && request.closedAt.getTime() + CONTROLLER_LINK_DAYS_AFTER_CLOSE * DAY <= nowMs()) return null
  return { link, forwarding, request, org, client }
}

/** The request a link opens, or null when it opens nothing, for whatever reason. */
export function resolveControllerLink(db: DB | Tx, token: string | undefined): ControllerAccess | null {
  if (!token || !TOKEN.test(token)) return null
  return checked(db, controllerLinkByToken(db, token))
}

/** Whether this browser's controller session was opened with a code on this very link. */
export function hasControllerSession(db: DB, access: ControllerAccess, sessionToken: string | null | undefined): boolean {
  const session = touchSession(db, 'controller', sessionToken, CONTROLLER_SESSION_IDLE_MS)
  return !!session && session.linkId === access.link.id
}

// ---------------------------------------------------------------------------- the one-time code

function codeHash(linkId: number, code: string): string {
  return keyedHash('controller-code', `${linkId}:${code}`)
}

/**
 * A fresh code for a link, made by the outbox as the email leaves (so the
 * database never holds a live code and its minutes run from then): 8 random
 * digits, stored as a keyed hash, any earlier code of the link replaced.
 */
export function mintControllerCode(tx: Tx, linkId: number): { code: string; expiresAt: Date } {
  const code = String(randomInt(0, 100_000_000)).padStart(8, '0')
  const expiresAt = new Date(nowMs() + CONTROLLER_CODE_TTL_MS)
  updateControllerLink(tx, linkId, { codeHash: codeHash(linkId, code), codeExpiresAt: expiresAt, codeAttempts: 0 })
  return { code, expiresAt }
}

/**
 * Emails a one-time code to the client's privacy contact the request was
 * passed on to, and only there, in the client's language. A link has a few
 * codes an hour at most.
 */
export function sendControllerCode(db: DB, token: string | undefined): { ok: true } | { ok: false; reason: 'refused' | 'tooMany' } {
  const access = resolveControllerLink(db, token)
  if (!access) return { ok: false, reason: 'refused' }
  if (!allowAttempt(db, 'controller-code:link', String(access.link.id), CONTROLLER_CODE_SENDS.perLink, CONTROLLER_CODE_SENDS.windowMs)) return { ok: false, reason: 'tooMany' }
  return write(db, (tx) => {
    const current = checked(tx, controllerLinkById(tx, access.link.id))
    if (!current) return { ok: false as const, reason: 'refused' as const }
    const { forwarding, org, request, client, link } = current
    queueEmail(tx, {
      to: forwarding.recipient,
      language: client.language,
      template: 'controller-code',
      orgId: org.id,
      requestId: request.id,
      params: { processorName: org.name, controllerName: client.name, reference: request.reference, timeZone: org.timeZone },
      links: [{ name: 'code', purpose: 'controller_code', linkId: link.id, ttlMs: CONTROLLER_CODE_TTL_MS, path: '' }],
    })
    recordEvent(tx, { kind: 'controller_code_sent', orgId: org.id, requestId: request.id, actor: CONTROLLER, data: { forwardingId: forwarding.id } })
    return { ok: true as const }
  })
}

export type CodeResult = { ok: true; sessionToken: string } | { ok: false; reason: 'refused' | 'noCode' | 'wrong' | 'expired' | 'tooMany' }

/**
 * Checks a code given on the link's page. Right: the code is used up, a
 * session on this link opens, and the first opening is recorded. Wrong: after
 * CONTROLLER_CODE_MAX_TRIES the code dies and a new one must be asked for.
 */
export function enterControllerCode(db: DB, token: string | undefined, given: string): CodeResult {
  if (!token || !TOKEN.test(token)) return { ok: false, reason: 'refused' }
  return write(db, (tx): CodeResult => {
    const access = checked(tx, controllerLinkByToken(tx, token))
    if (!access) return { ok: false, reason: 'refused' }
    const { link, forwarding, org, request } = access
    const refused = (reason: 'wrong' | 'expired' | 'too_many') =>
      recordEvent(tx, { kind: 'controller_code_refused', orgId: org.id, requestId: request.id, actor: CONTROLLER, data: { forwardingId: forwarding.id, reason } })
    if (!link.codeHash || !link.codeExpiresAt) return { ok: false, reason: 'noCode' }
    if (link.codeExpiresAt.getTime() <= nowMs()) {
      updateControllerLink(tx, link.id, { codeHash: null, codeExpiresAt: null })
      refused('expired')
      return { ok: false, reason: 'expired' }
    }
    const code = given.replace(/[\s-]/g, '')
    // Hashed whatever was typed, and compared in constant time.
    if (!hashesEqual(codeHash(link.id, code.slice(0, 32)), link.codeHash) || !/^\d{6,8}$/.test(code)) {
      const tries = link.codeAttempts + 1
      if (tries >= CONTROLLER_CODE_MAX_TRIES) {
        updateControllerLink(tx, link.id, { codeHash: null, codeExpiresAt: null, codeAttempts: tries })
        refused('too_many')
        return { ok: false, reason: 'tooMany' }
      }
      updateControllerLink(tx, link.id, { codeAttempts: tries })
      refused('wrong')
      return { ok: false, reason: 'wrong' }
    }
    updateControllerLink(tx, link.id, { codeHash: null, codeExpiresAt: null, codeAttempts: 0 })
    const sessionToken = createSession(tx, { kind: 'controller', linkId: link.id, requestId: request.id, ttlMs: CONTROLLER_SESSION_TTL_MS })
    if (!forwarding.openedAt) updateForwarding(tx, forwarding.id, { openedAt: new Date(nowMs()) })
    recordEvent(tx, { kind: 'controller_link_opened', orgId: org.id, requestId: request.id, actor: CONTROLLER, data: { forwardingId: forwarding.id } })
    return { ok: true, sessionToken }
  })
}

// ---------------------------------------------------------------------------- what the page shows

/** "Rasmus Ringet" → "R***** R*****": enough to recognise a case, not to learn a name. */
export function maskName(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .map((part) => `${[...part][0] ?? ''}*****`)
    .join(' ')
}

/** "rasmus@example.com" → "r***@e***.com". */
export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@')
  const tld = domain.includes('.') ? domain.slice(domain.lastIndexOf('.')) : ''
  return `${[...local][0] ?? ''}***@${[...domain][0] ?? ''}***${tld}`
}

function isoDay(d: Date, zone: string): string {
  return DateTime.fromJSDate(d, { zone }).toISODate()!
}

/**
 * What the page shows. Before the code: the case by reference, who passed it
 * on, the right asked, the dates, and the person masked. After it: the person,
 * what they asked, the call they remember, what was done, and what can be
 * done now.
 */
export function controllerPageView(db: DB, access: ControllerAccess, opened: boolean, lang: Language) {
  const { forwarding, request: r, org, client } = access
  const tz = org.timeZone
  const fmt = { date: (d: Date) => formatDate(d, lang, tz), dateTime: (d: Date) => formatDateTime(d, lang, tz) }
  const facts = {
    processorName: org.name,
    clientName: client.name,
    reference: r.reference,
    type: r.type,
    receivedAt: fmt.dateTime(r.receivedAt),
    forwardedAt: fmt.dateTime(forwarding.forwardedAt),
    dueAt: fmt.date(r.dueAt),
    closed: r.closed,
  }
  if (!opened) return { opened: false as const, facts, masked: { name: maskName(r.subjectName), email: r.subjectEmail ? maskEmail(r.subjectEmail) : '' } }
  const choices = answerChoices(r, org)
  const call = r.details.call as { number?: unknown; on?: unknown } | undefined
  const accepted = collectedFor(db, { orgId: org.id, requestId: r.id, accepted: true })
  return {
    opened: true as const,
    facts,
    person: personView(r, org, lang),
    details: detailRows(r),
    call: call ? { number: typeof call.number === 'string' ? call.number : null, on: typeof call.on === 'string' ? call.on : null } : null,
    state: {
      status: r.status,
      outcome: r.outcome,
      closedAt: r.closedAt ? fmt.dateTime(r.closedAt) : null,
      acknowledgedAt: forwarding.acknowledgedAt ? fmt.dateTime(forwarding.acknowledgedAt) : null,
      answeredAt: forwarding.answeredAt ? fmt.dateTime(forwarding.answeredAt) : null,
      directAnswerOn: forwarding.directAnswerOn ? fmt.date(new Date(`${forwarding.directAnswerOn}T12:00:00Z`)) : null,
      identityChecked: !!r.identityVerifiedAt || !!r.identityOverriddenAt,
    },
    tasks: tasksOfForwarding(db, forwarding.id).map((t) => ({ id: t.id, kind: t.kind, dueAt: fmt.date(t.dueAt), doneAt: t.doneAt ? fmt.dateTime(t.doneAt) : null })),
    collected: accepted.map((c) => ({ category: localize(org.profile.register.dataCategories.find((d) => d.key === c.category)?.name, lang) || c.category, rows: c.rowCount })),
    answer: {
      outcomes: choices.outcomes,
      grounds: choices.grounds.map((g) => ({ key: g.key, label: `${groundLabel(g, org, lang)} (${citeArticle(g.article, lang)})` })),
      identityMethods: IDENTITY_METHODS,
      /** Without an authority of its own, a client abroad cannot answer here: it answers directly. */
      possible: answeringOrg(org, client) !== null,
    },
    today: isoDay(new Date(nowMs()), tz),
  }
}

export type ControllerPageView = ReturnType<typeof controllerPageView>

// ---------------------------------------------------------------------------- what the controller does

/** The link and the session together: what every action starts from. */
export type ControllerCredentials = { token: string | undefined; sessionToken: string | null | undefined }

/**
 * The link opened with a code in this browser: its id. The link no longer
 * working is ControllerLinkRefusedError; no session on it, `codeFirst`.
 */
function authorised(db: DB, cred: ControllerCredentials): number {
  const access = resolveControllerLink(db, cred.token)
  if (!access) throw new ControllerLinkRefusedError()
  if (!hasControllerSession(db, access, cred.sessionToken)) throw new ControllerActionError('codeFirst')
  return access.link.id
}

/** In the action's transaction: the link still works and its request is still open. */
function guard(tx: DB | Tx, linkId: number, opts: { open: boolean } = { open: true }): ControllerAccess {
  const access = checked(tx, controllerLinkById(tx, linkId))
  if (!access) throw new ControllerLinkRefusedError()
  if (opts.open && access.request.closed) throw new ControllerActionError('closed')
  return access
}

function touched(tx: Tx, request: Request): void {
  const at = new Date(nowMs())
  updateRequest(tx, request.id, { lastActivityAt: at, updatedAt: at })
}

/** "We have it": the reminders stop. Saying it again changes nothing. */
export function acknowledgeForwarding(db: DB, cred: ControllerCredentials): void {
  const linkId = authorised(db, cred)
  write(db, (tx) => {
    const { forwarding, org, request } = guard(tx, linkId)
    if (forwarding.acknowledgedAt) return
    updateForwarding(tx, forwarding.id, { acknowledgedAt: new Date(nowMs()) })
    recordEvent(tx, { kind: 'acknowledged', orgId: org.id, requestId: request.id, actor: CONTROLLER, data: { forwardingId: forwarding.id } })
    touched(tx, request)
  })
}

export const directAnswerInput = z.object({ on: z.string({ required_error: 'controller:errors.dateRequired' }).regex(/^\d{4}-\d{2}-\d{2}$/, 'controller:errors.dateRequired') })

/**
 * The client answers the person itself, outside the portal, on that date (not
 * before the request was received, and not after the later of its deadline
 * and today). The processor's part is done: its request closes, its outcome
 * "answered directly by the client", since the portal did not see that answer
 * and records the client's word, not what the answer said.
 */
export function recordDirectAnswer(db: DB, cred: ControllerCredentials, input: z.input<typeof directAnswerInput>): void {
  const { on } = directAnswerInput.parse(input)
  const linkId = authorised(db, cred)
  write(db, (tx) => {
    const { forwarding, org, request } = guard(tx, linkId)
    const day = DateTime.fromISO(on, { zone: org.timeZone })
    const latest = [isoDay(request.dueAt, org.timeZone), isoDay(new Date(nowMs()), org.timeZone)].sort().at(-1)!
    if (!day.isValid || on < isoDay(request.receivedAt, org.timeZone) || on > latest) throw new ControllerActionError('dateOutOfRange')
    const at = new Date(nowMs())
    updateForwarding(tx, forwarding.id, { directAnswerOn: on, answeredAt: at })
    recordEvent(tx, { kind: 'direct_answer_recorded', orgId: org.id, requestId: request.id, actor: CONTROLLER, data: { forwardingId: forwarding.id, on } })
    close(tx, request, org, 'completed', 'answered_directly', CONTROLLER)
  })
}

export const sendBackInput = z.object({ reason: requiredText('controller:errors.reasonRequired', 2000, 'controller:errors.tooLong') })

/**
 * "Not our customer": the request returns to the processor's routing queue
 * with the reason as an internal note; its deadline keeps running (EDPB
 * 07/2020 §§128–129), every link of the hand-over stops working, and the
 * processor's officers are told.
 */
export function sendBack(db: DB, cred: ControllerCredentials, input: z.input<typeof sendBackInput>): void {
  const { reason } = sendBackInput.parse(input)
  const linkId = authorised(db, cred)
  write(db, (tx) => {
    const { forwarding, org, request, client } = guard(tx, linkId)
    const at = new Date(nowMs())
    const note = addMessage(tx, { orgId: org.id, requestId: request.id, authorKind: 'controller', audience: 'internal', purpose: 'note', body: reason })
    updateForwarding(tx, forwarding.id, { active: false, returnedAt: at })
    revokeControllerLinks(tx, forwarding.id)
    // The deadline is not touched: it runs from the processor's receipt, whoever turns out to be the controller.
    updateRequest(tx, request.id, { routing: 'needs_routing', clientKey: null, onBehalfOfOrgId: null, lastActivityAt: at, updatedAt: at })
    recordEvent(tx, { kind: 'sent_back', orgId: org.id, requestId: request.id, actor: CONTROLLER, data: { forwardingId: forwarding.id, messageId: note.id } })
    alertProcessor(tx, org, request, 'sentBack', client.name)
  })
}

export const instructInput = z.object({ kind: z.enum(INSTRUCTION_KINDS, { message: 'controller:errors.kindRequired' }) })

/** An instruction to the processor (Art. 28(3)(e)): a task in its queue, due within 5 working days. One open task of a kind at a time. */
export function instructProcessor(db: DB, cred: ControllerCredentials, input: { kind: InstructionKind }): void {
  const { kind } = instructInput.parse(input)
  const linkId = authorised(db, cred)
  write(db, (tx) => {
    const { forwarding, request } = guard(tx, linkId)
    if (tasksOfForwarding(tx, forwarding.id).some((t) => t.kind === kind && !t.doneAt)) throw new ControllerActionError('alreadyInstructed')
    instructInTx(tx, forwarding, kind, CONTROLLER)
    touched(tx, request)
  })
}

/**
 * Who signs an answer the client gives here: the client, with its privacy
 * contact and country, and its supervisory authority: its own from the
 * register, else the processor's when both are in the same country; null
 * when neither (the register's check asks for one, docs/decisions/017).
 */
export function answeringOrg(org: Organisation, client: ProcessorClient): AnsweringOrg | null {
  const authority = client.authority ?? (client.country === org.country ? org.profile.authority : null)
  return authority ? { name: client.name, country: client.country, privacyEmail: client.privacyEmail, authority } : null
}

const list = z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(z.string().max(120)).max(20))

export const controllerAnswerInput = z
  .object({
    outcome: z.enum(ANSWER_OUTCOMES, { message: 'controller:errors.outcomeRequired' }),
    grounds: list,
    reasons: optionalText(20_000, 'controller:errors.tooLong'),
    identityMethod: z.enum(IDENTITY_METHODS).optional().catch(undefined),
  })
  .superRefine((v, issue) => {
    if (needsGrounds(v.outcome) && v.grounds.length === 0) issue.addIssue({ code: 'custom', path: ['grounds'], message: 'controller:errors.groundRequired' })
    if (needsGrounds(v.outcome) && !v.reasons) issue.addIssue({ code: 'custom', path: ['reasons'], message: 'controller:errors.reasonsRequired' })
  })

/**
 * The client answers the person through the portal, in its own name: the
 * portal's answer pipeline, its checks and documents (drawn from the data the
 * processor collected on the request), signed by the client; the person is
 * emailed and downloads as for any answer. The processor's request closes
 * with the outcome, and the hand-over records the answer.
 */
export async function answerAsController(db: DB, cred: ControllerCredentials, input: z.input<typeof controllerAnswerInput>): Promise<void> {
  const value = controllerAnswerInput.parse(input)
  const linkId = authorised(db, cred)
  const { org, client, request } = guard(db, linkId)
  const answering = answeringOrg(org, client)
  if (!answering) throw new ControllerActionError('noAuthority')
  await answerAs(db, {
    orgId: org.id,
    requestId: request.id,
    actor: CONTROLLER,
    answering,
    input: { outcome: value.outcome, grounds: needsGrounds(value.outcome) ? value.grounds : [], reasons: value.reasons },
    identityMethod: needsIdentity(value.outcome, request) ? value.identityMethod : undefined,
    guard: (tx) => void guard(tx, linkId),
    after: (tx, updated, outcome) => {
      const { forwarding } = guard(tx, linkId, { open: false })
      updateForwarding(tx, forwarding.id, { answeredAt: new Date(nowMs()) })
      recordEvent(tx, { kind: 'controller_answered', orgId: org.id, requestId: updated.id, actor: CONTROLLER, data: { forwardingId: forwarding.id, outcome } })
    },
  })
}

// ---------------------------------------------------------------------------- the processor's officer

/** Offered on the processor's request: a live hand-over to a client without an account. */
export function linkedForwarding(db: DB | Tx, q: { orgId: number; requestId: number }): Forwarding | undefined {
  const forwarding = activeForwardingOf(db, q)
  return forwarding && forwarding.controllerRequestId === null ? forwarding : undefined
}

/** The processor's officer stops every link of the request's hand-over (a forwarded email, a leaked link); the reminders mint new ones. */
export function revokeControllerLinksOf(db: DB, a: OfficerAct): Done {
  countOfficerWrite(db, a)
  return write(db, (tx) => {
    const { request, org, taken } = begin(tx, a, 'note', { take: false })
    const forwarding = linkedForwarding(tx, { orgId: org.id, requestId: request.id })
    if (!forwarding) return { request, taken }
    const links = revokeControllerLinks(tx, forwarding.id)
    recordEvent(tx, { kind: 'controller_link_revoked', orgId: org.id, requestId: request.id, actor: officerActor(a.officerId), data: { forwardingId: forwarding.id, links } })
    return { request, taken }
  })
}
