import { randomInt } from 'node:crypto'
import { DateTime } from 'luxon'
import { z } from 'zod'
import { type DB, write } from '#db/client.server'
import type { Organisation, Request } from '#db/schema'
import { draftExists, DRAFT_TTL, readDraftRow, writeDraftRow } from '~/data/drafts.server'
import { addMessage } from '~/data/messages.server'
import { getOrganisation } from '~/data/organisations.server'
import { emailHash, insertRequest, isOrgMember } from '~/data/officer-requests.server'
import { allowAttempt } from '~/data/rate-limits.server'
import { requestById, requestByReferenceAndEmail, requestFromDraft, uniqueReference } from '~/data/subject-requests.server'
import { createSession } from '~/data/sessions.server'
import { expireUnusedTokens, findToken, storeToken } from '~/data/tokens.server'
import { datesFromReceipt } from '~/domain/clock-rules'
import { isDirectMarketingObjection, suppressDirectMarketing } from '~/domain/do-not-contact.server'
import { officerActor, recordEvent, SUBJECT } from '~/domain/events'
import { optionalText, requiredText } from '~/domain/fields'
import { emailPerson, orgFor } from '~/domain/person-mail.server'
import { worksRequests } from '~/domain/permissions'
import { checkDraft, emailField, type Client, type Draft, type Step } from '~/domain/request-form'
import { OBJECTION_GROUNDS, type ObjectionGround } from '~/domain/request-types'
import { purgedRequestView } from '~/domain/subject-view.server'
import { fileRequest, resendConfirmation, sendStatusLink, subjectSession } from '~/domain/requests.server'
import type { LetterDocument } from '~/documents/model'
import { renderLetter } from '~/documents/pdf.server'
import { fixedT, formatDate } from '~/i18n/i18n'
import { nowMs } from '~/utils/clock'
import { env } from '~/utils/env.server'
import { cleanLine } from '~/utils/text'
import { randomToken } from '~/utils/tokens.server'
import { CHANNELS, IDENTITY_METHODS, LANGUAGES, LANGUAGE_TAGS, REQUEST_TYPES, ROLES, type Channel, type IdentityMethod, type Language, type RequestType } from '~/vocabulary'

// The one door for requests from people. Whatever way a request comes in (the
// web form, an officer registering a phone call, a letter, a visit or an
// email) it is created here, and every limit on what a person's side may do
// is in one table below. Routes and app/web only speak HTTP around these
// functions: parse, call, render.

const HOUR = 3_600_000

/**
 * The person-side limits, as the officer side has REPLY_LIMIT and
 * SIGN_IN_LIMIT. Each counts what was typed (an address, a reference) and the
 * client, never what exists, so being limited reveals nothing.
 */
export const PERSON_LIMITS = {
  /** New drafts a client may start: enough for a family, not for a script filling the disk. */
  draft: { perClient: 30, windowMs: HOUR },
  /** Each request sends a confirmation email: the form must not flood someone's inbox. */
  file: { perAddress: 5, perClient: 20, windowMs: HOUR },
  /** "Send the confirmation again", from the sent page or the new-link page alike. */
  resend: { perAddress: 5, perClient: 20, windowMs: HOUR },
  /** Reference numbers are few enough to guess at: tries per address, reference and client. */
  statusLink: { perAddress: 5, perReference: 10, perClient: 30, windowMs: HOUR },
  /** The code of a letter (a request registered without an address): tries per reference and client. */
  statusCode: { perReference: 10, perClient: 30, windowMs: HOUR },
} as const

/** The client a web request came from, when known (the load context's `clientAddress`). */
type From = { clientAddress?: string | null }

function clientAllowed(db: DB, scope: string, from: From, limit: number, windowMs: number): boolean {
  return !from.clientAddress || allowAttempt(db, scope, from.clientAddress, limit, windowMs)
}

// ---------------------------------------------------------------------------- drafts

export { DRAFT_TTL }

/** The draft saved under `key` for this organisation; empty when there is none (or it expired). */
export function readDraft(db: DB, key: string | null, orgId: number): Draft {
  return key ? ((readDraftRow(db, key, orgId) as Draft | undefined) ?? {}) : {}
}

/**
 * Saves a draft under its key. Starting a new one counts against the
 * client's limit; a draft already started is always saved.
 */
export function saveDraft(db: DB, q: { key: string; orgId: number; draft: Draft; isNew: boolean } & From): { ok: true } | { ok: false; reason: 'tooManyDrafts' } {
  const L = PERSON_LIMITS.draft
  if (q.isNew && !clientAllowed(db, 'draft:client', q, L.perClient, L.windowMs)) return { ok: false, reason: 'tooManyDrafts' }
  writeDraftRow(db, q.key, q.orgId, q.draft as Record<string, unknown>)
  return { ok: true }
}

// ---------------------------------------------------------------------------- submission

export type SubmitResult =
  /** Filed now: the confirmation email is on its way. */
  | { kind: 'filed'; requestId: number; reference: string }
  /** This draft was sent already (a second press of "Send request"). */
  | { kind: 'sent' }
  /** The draft is gone: kept a day, then nothing can be sent. */
  | { kind: 'expired' }
  /** A page of the form is not answered (yet, or any more). */
  | { kind: 'incomplete'; step: Step }
  /** Over a limit: nothing filed, the draft kept so it can be sent later. */
  | { kind: 'limited' }

/**
 * Sends the draft saved under `key` as a request to the organisation. The
 * draft is claimed in the transaction that files the request: of two submits
 * of the same draft only one files, and a failure files none.
 */
export function submitDraft(db: DB, q: { key: string | null; org: Organisation; clients: Client[]; language: Language } & From): SubmitResult {
  const { key, org } = q
  if (key && requestFromDraft(db, key)) return { kind: 'sent' }
  if (!key || !draftExists(db, key)) return { kind: 'expired' }
  const check = checkDraft(readDraft(db, key, org.id), org, q.clients)
  if (!check.ok) return { kind: 'incomplete', step: check.step }
  const { type, details, identity, behalf, call } = check.value
  const L = PERSON_LIMITS.file
  const allowed = allowAttempt(db, 'file-request:email', identity.email.toLowerCase(), L.perAddress, L.windowMs) && clientAllowed(db, 'file-request:client', q, L.perClient, L.windowMs)
  if (!allowed) return { kind: 'limited' }
  const filed = fileRequest(
    db,
    {
      org,
      language: q.language,
      type,
      details,
      subject: { name: identity.name, email: identity.email, phone: identity.phone, identifiers: identity.identifiers },
      behalf,
      call,
    },
    { draftKey: key },
  )
  if (!filed.ok) return requestFromDraft(db, key) ? { kind: 'sent' } : { kind: 'expired' }
  return { kind: 'filed', requestId: filed.requestId, reference: filed.reference }
}

// ---------------------------------------------------------------------------- confirmation and status links

/** The request this browser just sent, to offer to send its confirmation again. */
export function sentRequest(db: DB, requestId: number | null): Pick<Request, 'id' | 'status' | 'subjectEmail'> | undefined {
  return requestId ? requestById(db, requestId) : undefined
}

/**
 * Sends fresh confirmation links for an address's unconfirmed requests,
 * within the limits. The answer is the same whether there were any.
 */
export function resendConfirmationTo(db: DB, email: string, from: From): { sent: boolean; limited: boolean } {
  const L = PERSON_LIMITS.resend
  const allowed = allowAttempt(db, 'resend:email', email.toLowerCase(), L.perAddress, L.windowMs) && clientAllowed(db, 'resend:client', from, L.perClient, L.windowMs)
  if (allowed) resendConfirmation(db, email)
  return { sent: allowed, limited: !allowed }
}

/** "Send again" on the sent page: only for the request this browser sent, while it waits for its confirmation. */
export function resendForSentRequest(db: DB, requestId: number | null, from: From): { resent: boolean; limited?: true } {
  const pending = sentRequest(db, requestId)
  if (!pending?.subjectEmail || pending.status !== 'unverified') return { resent: false }
  const result = resendConfirmationTo(db, pending.subjectEmail, from)
  return result.limited ? { resent: false, limited: true } : { resent: true }
}

/**
 * Emails a link to follow a request when the reference and the address belong
 * together, within the limits. The answer on screen is the same either way.
 */
export function requestStatusLink(db: DB, q: { reference: string; email: string; lang: Language } & From): { sent: boolean; limited: boolean; purged: ReturnType<typeof purgedRequestView> } {
  const L = PERSON_LIMITS.statusLink
  const allowed =
    allowAttempt(db, 'status-link:email', q.email.toLowerCase(), L.perAddress, L.windowMs) &&
    allowAttempt(db, 'status-link:reference', q.reference, L.perReference, L.windowMs) &&
    clientAllowed(db, 'status-link:client', q, L.perClient, L.windowMs)
  // A request past its retention period has no address left to write to: the page says what became of it.
  const purged = allowed ? purgedRequestView(db, q.reference, q.lang) : null
  if (allowed && !purged) sendStatusLink(db, { reference: q.reference, email: q.email })
  return { sent: allowed && !purged, limited: !allowed, purged }
}

// ---------------------------------------------------------------------------- requests received another way

/** The ways a request reaches an organisation other than its own web form. */
export const RECEIVED_CHANNELS = CHANNELS.filter((c): c is Exclude<Channel, 'web'> => c !== 'web')
export type ReceivedChannel = (typeof RECEIVED_CHANNELS)[number]

/** A receipt earlier than this before its registration needs a reason on the record (docs/decisions/019). */
export const BACKDATE_WITHOUT_REASON_MS = 24 * HOUR
/** A clock a few minutes fast on the officer's computer is not a receipt in the future. */
const FUTURE_SLACK_MS = 5 * 60_000
/** How long the code in a letter opens the request's status page: the longest a request can run (one month, extended by two), and some. */
export const STATUS_CODE_TTL = 120 * 24 * HOUR

/**
 * A request received by phone, letter, in person or email, as an officer
 * registers it (or the mail listener, for an email). The one shape every
 * channel but the web form creates requests through:
 *
 * - `receivedAt`: when the organisation actually received it; the legal month
 *   runs from here (Art. 12(3)), however much later it is registered.
 * - `registeredBy`: the officer registering it (a member of `orgId`), recorded
 *   with the registration time; `backdateReason` is required when the receipt
 *   is more than a day before the registration, and kept for officers only.
 * - `types`: the rights asked for; one request per right, each with its own
 *   reference and answer, linked together.
 * - `details`: what the person asked, in their own words.
 * - `objectionGround`: with an objection among `types`, what the person
 *   objects to, as the web form asks it. An objection to direct marketing puts
 *   their phone numbers and address on the do-not-contact list in the same
 *   transaction: it takes effect when it is made (Art. 21(3)).
 * - `person`: name and whichever of email, phone and postal address they
 *   gave. With an email address the person gets the usual confirmation with
 *   the reference and a status link; without one, the officer prints a letter
 *   (`receiptLetter`) with a code for the status page.
 * - `identity`: checked in person or on the phone by the registering officer,
 *   recorded as the method and an optional note of how; never a copy of a document.
 * - `receiptRecorded`: the portal itself recorded the receipt (an email its
 *   listener accepted), so no back-dating reason is asked however late it is registered.
 * - `addressConfirmedAt`: when the person's address counts as confirmed; by
 *   default at registration when they gave one, null when the address is not
 *   known to be theirs (an officer typed another address than an email came from).
 */
export type ReceivedRequest = {
  orgId: number
  channel: ReceivedChannel
  receivedAt: Date
  registeredBy: number
  backdateReason?: string
  types: RequestType[]
  details: string
  objectionGround?: ObjectionGround
  language: Language
  person: { name: string; email?: string; phone?: string; address?: string }
  identity?: { method: IdentityMethod; note?: string }
  receiptRecorded?: boolean
  addressConfirmedAt?: Date | null
}

export type RegisterResult =
  | { ok: true; requests: Array<{ id: number; reference: string }>; emailed: boolean }
  | { ok: false; field: 'receivedAt' | 'backdateReason' | 'identity' | 'registeredBy' | 'objectionGround'; error: string }

/** Why a receipt time cannot be registered as it is, if it cannot. */
export function receiptProblem(receivedAt: Date, registeredAt: Date, backdateReason: string | undefined): { field: 'receivedAt' | 'backdateReason'; error: string } | null {
  if (Number.isNaN(receivedAt.getTime())) return { field: 'receivedAt', error: 'officer:intake.errors.receivedAtInvalid' }
  if (receivedAt.getTime() > registeredAt.getTime() + FUTURE_SLACK_MS) return { field: 'receivedAt', error: 'officer:intake.errors.receivedInFuture' }
  if (registeredAt.getTime() - receivedAt.getTime() > BACKDATE_WITHOUT_REASON_MS && !backdateReason?.trim()) {
    return { field: 'backdateReason', error: 'officer:intake.errors.backdateReasonRequired' }
  }
  return null
}

/**
 * Creates the requests a person made by phone, letter, in person or email.
 * They are received at once: the deadline is counted from `receivedAt` in
 * the organisation's time zone, and nobody is asked to confirm anything. The
 * audit trail records the channel, the receipt and registration times, the
 * registering officer and whether a reason was given, never what was said.
 */
export function registerReceived(db: DB, input: ReceivedRequest): RegisterResult {
  return write(db, (tx): RegisterResult => {
    const org = orgFor(tx, input.orgId)
    if (!isOrgMember(tx, { orgId: org.id, userId: input.registeredBy, roles: ROLES.filter(worksRequests) })) return { ok: false, field: 'registeredBy', error: 'officer:intake.errors.notMember' }
    const at = new Date(nowMs())
    const problem = receiptProblem(input.receivedAt, at, input.receiptRecorded ? 'recorded by the portal' : input.backdateReason)
    if (problem) return { ok: false, ...problem }
    if (input.identity && !org.profile.identityMethods.includes(input.identity.method)) return { ok: false, field: 'identity', error: 'officer:intake.errors.methodNotAccepted' }
    const types = [...new Set(input.types)]
    if (types.length === 0) throw new Error('registerReceived: no right asked for')
    if (types.includes('objection') && !input.objectionGround) return { ok: false, field: 'objectionGround', error: 'officer:intake.errors.groundRequired' }
    const actor = officerActor(input.registeredBy)
    const email = input.person.email?.trim().toLowerCase() || null
    const dates = datesFromReceipt(input.receivedAt, org, { extensionMonths: 0, pausedDays: 0 })
    const backdated = at.getTime() - input.receivedAt.getTime() > BACKDATE_WITHOUT_REASON_MS
    const groupId = types.length > 1 ? randomToken() : null
    const made = types.map((type) => {
      const request = insertRequest(tx, {
        orgId: org.id,
        reference: uniqueReference(tx),
        type,
        status: 'received',
        channel: input.channel,
        language: input.language,
        groupId,
        details: type === 'objection' ? { type, words: input.details, ground: input.objectionGround } : { type, words: input.details },
        subjectName: input.person.name,
        subjectEmail: email,
        subjectPhone: input.person.phone || null,
        subjectAddress: input.person.address || null,
        subjectIdentifiers: {},
        emailHash: email ? emailHash(email) : null,
        registeredById: input.registeredBy,
        filedAt: input.receivedAt,
        receivedAt: input.receivedAt,
        ...dates,
        // The person gave the address to the organisation themselves: nothing to confirm.
        emailVerifiedAt: !email ? null : input.addressConfirmedAt !== undefined ? input.addressConfirmedAt : at,
        identityVerifiedAt: input.identity ? at : null,
        identityMethod: input.identity?.method ?? null,
        lastActivityAt: at,
        createdAt: at,
        updatedAt: at,
      })
      const reason =
        backdated && input.backdateReason
          ? addMessage(tx, { orgId: org.id, requestId: request.id, authorKind: 'officer', authorUserId: input.registeredBy, audience: 'internal', purpose: 'backdate_reason', body: input.backdateReason.trim() })
          : null
      recordEvent(tx, {
        kind: 'request_registered',
        orgId: org.id,
        requestId: request.id,
        actor,
        data: {
          channel: input.channel,
          receivedAt: input.receivedAt.toISOString(),
          registeredAt: at.toISOString(),
          dueAt: request.dueAt.toISOString(),
          reasonMessageId: reason?.id ?? null,
          ...(groupId ? { linked: types.length } : {}),
        },
      })
      if (input.identity) {
        const note = input.identity.note
          ? addMessage(tx, { orgId: org.id, requestId: request.id, authorKind: 'officer', authorUserId: input.registeredBy, audience: 'internal', purpose: 'identity_note', body: input.identity.note })
          : null
        recordEvent(tx, { kind: 'identity_verified', orgId: org.id, requestId: request.id, actor, data: { method: input.identity.method, ...(note ? { messageId: note.id } : {}) } })
      }
      // Calls and mail offering things stop now, whatever the answer (as when a web request is confirmed).
      if (isDirectMarketingObjection(request)) suppressDirectMarketing(tx, request, org, actor)
      // With an address: the usual confirmation, with the reference, the deadline and a status link.
      emailPerson(tx, request, org, 'request-confirmed', { requestType: request.type, dueAt: request.dueAt.toISOString() })
      return request
    })
    return { ok: true, requests: made.map((r) => ({ id: r.id, reference: r.reference })), emailed: !!email }
  })
}


/** The officer's registration form, read in the organisation's time zone; errors are locale keys. */
export function receivedForm(org: Pick<Organisation, 'timeZone' | 'profile'>) {
  const optionalLine = (max: number) =>
    z
      .string()
      .optional()
      .transform((v) => (v ? cleanLine(v) : undefined))
      .pipe(z.string().max(max, 'officer:errors.tooLong').optional())
      .transform((v) => v || undefined)
  return z
    .object({
      channel: z.enum(RECEIVED_CHANNELS as [ReceivedChannel, ...ReceivedChannel[]], { message: 'officer:intake.errors.channelRequired' }),
      receivedAt: z
        .string({ required_error: 'officer:intake.errors.receivedAtRequired' })
        .transform((v, ctx) => localInstant(v, org.timeZone) ?? (ctx.addIssue({ code: 'custom', message: 'officer:intake.errors.receivedAtInvalid' }), z.NEVER)),
      backdateReason: optionalText(2000),
      types: z.array(z.enum(REQUEST_TYPES), { required_error: 'officer:intake.errors.typesRequired' }).min(1, 'officer:intake.errors.typesRequired'),
      details: requiredText('officer:intake.errors.detailsRequired', 5000),
      objectionGround: objectionGroundField('officer:intake.errors.groundRequired'),
      language: z.enum(LANGUAGES, { message: 'officer:intake.errors.languageRequired' }),
      name: requiredText('officer:intake.errors.nameRequired', 200),
      email: z.preprocess((v) => (v === '' ? undefined : v), emailField.optional()),
      phone: optionalLine(40),
      address: optionalText(500),
      identityMethod: z.preprocess((v) => (v === '' ? undefined : v), z.enum(IDENTITY_METHODS, { message: 'officer:intake.errors.methodNotAccepted' }).optional()),
      identityNote: optionalText(1000),
    })
    .superRefine((v, ctx) => {
      if (!v.email && !v.address) ctx.addIssue({ code: 'custom', path: ['address'], message: 'officer:intake.errors.contactRequired' })
      requireObjectionGround(v, ctx, 'officer:intake.errors.groundRequired')
      if (v.identityMethod && !org.profile.identityMethods.includes(v.identityMethod)) ctx.addIssue({ code: 'custom', path: ['identityMethod'], message: 'officer:intake.errors.methodNotAccepted' })
      const problem = receiptProblem(v.receivedAt, new Date(nowMs()), v.backdateReason)
      if (problem) ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.error })
    })
}

/** What the person objects to, asked beside the rights: optional, required (by requireObjectionGround in the form's refinement) when an objection is among them. */
export function objectionGroundField(message: string) {
  return z.preprocess((v) => (v === '' ? undefined : v), z.enum(OBJECTION_GROUNDS, { message }).optional())
}

/** The form's error beside the ground when an objection is asked for without one (registerReceived refuses it too). */
export function requireObjectionGround(v: { types: readonly RequestType[]; objectionGround?: ObjectionGround }, ctx: z.RefinementCtx, message: string) {
  if (v.types.includes('objection') && !v.objectionGround) ctx.addIssue({ code: 'custom', path: ['objectionGround'], message })
}

/** The form's fields as registerReceived takes them. */
export function receivedFromForm(v: z.output<ReturnType<typeof receivedForm>>, q: { orgId: number; registeredBy: number }): ReceivedRequest {
  return {
    orgId: q.orgId,
    registeredBy: q.registeredBy,
    channel: v.channel,
    receivedAt: v.receivedAt,
    backdateReason: v.backdateReason,
    types: v.types,
    details: v.details,
    objectionGround: v.objectionGround,
    language: v.language,
    person: { name: v.name, email: v.email, phone: v.phone, address: v.address },
    identity: v.identityMethod ? { method: v.identityMethod, note: v.identityNote } : undefined,
  }
}

/** "2026-12-02T14:30" on the organisation's wall clock, as an instant; null when it is no such time. */
export function localInstant(value: string, timeZone: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null
  const local = DateTime.fromISO(value, { zone: timeZone })
  return local.isValid ? local.toJSDate() : null
}

/** An instant as the form's field shows it, on the organisation's wall clock. */
export function localValue(instant: Date, timeZone: string): string {
  return DateTime.fromJSDate(instant, { zone: timeZone }).toFormat("yyyy-MM-dd'T'HH:mm")
}

// ---------------------------------------------------------------------------- the letter's code

/** No 0/O, 1/I/L: a code read off paper and typed must survive it. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'
const CODE_LENGTH = 12

/** A code as typed: case, spaces and dashes do not matter. */
export function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, '')
}

/**
 * A new code for following the request on the status page, for a letter to
 * the person. Only its hash is stored; an earlier letter's code stops
 * working. The event records that a code was issued and until when.
 */
export function issueStatusCode(db: DB, q: { orgId: number; requestId: number; officerId: number }): { code: string; expiresAt: Date } {
  return write(db, (tx) => {
    const raw = Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('')
    expireUnusedTokens(tx, { purpose: 'status_code', requestId: q.requestId })
    const { expiresAt } = storeToken(tx, { purpose: 'status_code', token: raw, requestId: q.requestId, ttlMs: STATUS_CODE_TTL })
    recordEvent(tx, { kind: 'status_code_issued', orgId: q.orgId, requestId: q.requestId, actor: officerActor(q.officerId), data: { expiresAt: expiresAt.toISOString() } })
    return { code: raw.match(/.{4}/g)!.join('-'), expiresAt }
  })
}

/**
 * Opens the status page of a request by its reference and its letter's code,
 * within the limits. The answer is the same for a wrong reference, a wrong
 * code and an expired one.
 */
export function openWithCode(db: DB, q: { reference: string; code: string } & From): { ok: true; sessionToken: string } | { ok: false; reason: 'wrong' | 'limited' } {
  const L = PERSON_LIMITS.statusCode
  const allowed = allowAttempt(db, 'status-code:reference', q.reference, L.perReference, L.windowMs) && clientAllowed(db, 'status-code:client', q, L.perClient, L.windowMs)
  if (!allowed) return { ok: false, reason: 'limited' }
  return write(db, (tx) => {
    const request = requestByReferenceAndEmail(tx, { reference: q.reference })
    const token = findToken(tx, 'status_code', normaliseCode(q.code))
    if (!request || !token || token.requestId !== request.id || token.usedAt || token.expiresAt.getTime() <= nowMs()) return { ok: false, reason: 'wrong' }
    recordEvent(tx, { kind: 'status_code_used', orgId: request.orgId, requestId: request.id, actor: SUBJECT, data: {} })
    return { ok: true, sessionToken: subjectSession(tx, request.id) }
  })
}

// ---------------------------------------------------------------------------- the letter to a person without an email address

/**
 * The letter telling a person without an email address that their request
 * was received: the reference, what happens next, the deadline, how to reach
 * the organisation, and a fresh code to follow the request on the status
 * page. Every letter carries a new code; the previous one stops working.
 * Undefined for a request that is not the organisation's.
 */
export async function receiptLetter(db: DB, q: { orgId: number; requestId: number; officerId: number }): Promise<{ pdf: Buffer; filename: string } | undefined> {
  const request = requestById(db, q.requestId)
  if (!request || request.orgId !== q.orgId) return undefined
  const org = getOrganisation(db, request.orgId)
  if (!org) return undefined
  const { code, expiresAt } = issueStatusCode(db, q)
  const lang = request.language
  const t = fixedT(lang, ['documents', 'request'])
  const date = (d: Date) => formatDate(d, lang, org.timeZone)
  const at = new Date(nowMs())
  const statusUrl = `${env().PUBLIC_URL}/${lang}/status/code`
  const letter: LetterDocument = {
    lang: LANGUAGE_TAGS[lang],
    title: t('documents:receipt.title'),
    summary: t('documents:receipt.summary', { org: org.name, reference: request.reference }),
    organisation: org.name,
    date: at,
    running: { reference: `${t('documents:letter.reference')}: ${request.reference}`, date: date(at), page: (page, pages) => t('documents:letter.page', { page, pages }) },
    sections: [
      {
        blocks: [
          {
            kind: 'facts',
            rows: [
              { label: t('documents:letter.to'), value: [request.subjectName, request.subjectAddress].filter(Boolean).join('\n') },
              { label: t('documents:letter.from'), value: `${org.name}\n${org.privacyEmail}` },
              { label: t('documents:letter.reference'), value: request.reference },
              { label: t('documents:receipt.right'), value: t(`request:types.${request.type}.name`) },
              { label: t('documents:letter.received'), value: date(request.receivedAt) },
              { label: t('documents:receipt.dueDate'), value: date(request.dueAt) },
            ],
          },
          { kind: 'paragraph', text: t('documents:letter.greeting', { name: request.subjectName }) },
          { kind: 'paragraph', text: t('documents:receipt.intro', { org: org.name, date: date(request.receivedAt), channel: t(`documents:receipt.channel.${request.channel}`) }) },
        ],
      },
      {
        heading: t('documents:receipt.nextHeading'),
        blocks: [
          { kind: 'paragraph', text: t('documents:receipt.next', { date: date(request.dueAt) }) },
          { kind: 'paragraph', text: t('documents:receipt.pause') },
          { kind: 'paragraph', text: t('documents:receipt.extension') },
        ],
      },
      {
        heading: t('documents:receipt.followHeading'),
        blocks: [
          { kind: 'paragraph', text: t('documents:receipt.follow', { url: statusUrl }), link: statusUrl },
          { kind: 'facts', rows: [{ label: t('documents:letter.reference'), value: request.reference }, { label: t('documents:receipt.code'), value: code }] },
          { kind: 'paragraph', text: t('documents:receipt.codeNote', { date: date(expiresAt) }), style: 'small' },
        ],
      },
      {
        heading: t('documents:receipt.contactHeading'),
        blocks: [{ kind: 'paragraph', text: t('documents:receipt.contact', { org: org.name, email: org.privacyEmail, reference: request.reference }) }],
      },
    ],
  }
  return { pdf: await renderLetter(letter), filename: `${request.reference}-receipt.pdf` }
}
