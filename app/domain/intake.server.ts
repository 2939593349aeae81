import type { DB } from '#db/client.server'
import type { Organisation, Request } from '#db/schema'
import { draftExists, DRAFT_TTL, readDraftRow, writeDraftRow } from '~/data/drafts.server'
import { allowAttempt } from '~/data/rate-limits.server'
import { requestById, requestFromDraft } from '~/data/subject-requests.server'
import { checkDraft, type Client, type Draft, type Step } from '~/domain/request-form'
import { fileRequest, resendConfirmation, sendStatusLink } from '~/domain/requests.server'
import type { Language } from '~/vocabulary'

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
export function requestStatusLink(db: DB, q: { reference: string; email: string } & From): { sent: boolean; limited: boolean } {
  const L = PERSON_LIMITS.statusLink
  const allowed =
    allowAttempt(db, 'status-link:email', q.email.toLowerCase(), L.perAddress, L.windowMs) &&
    allowAttempt(db, 'status-link:reference', q.reference, L.perReference, L.windowMs) &&
    clientAllowed(db, 'status-link:client', q, L.perClient, L.windowMs)
  if (allowed) sendStatusLink(db, { reference: q.reference, email: q.email })
  return { sent: allowed, limited: !allowed }
}
