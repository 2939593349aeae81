import { z } from 'zod'
import type { Tx } from '#db/client.server'
import type { EventRow } from '#db/schema'
import { appendEvent } from '~/data/audit.server'
import { nowMs } from '~/utils/clock'
import { ASK_TOPICS, CHANNELS, IDENTITY_METHODS, INSTRUCTION_KINDS, OUTCOMES, ROLES, PAUSE_REASONS, ROUTINGS, WITHHOLD_REASONS, type ActorKind } from '~/vocabulary'

// Every kind of event, declared once with the schema of its data. Events are
// facts: who, what, when, which outcome, which ground, which message (by id),
// never the text anyone wrote nor the person's data, so the audit trail can
// outlive the request's personal data. recordEvent is the one writer;
// decodeEvent reads rows back through the same declarations.

const id = z.number().int().positive()
const instant = z.string().datetime()
const listSource = z.string().regex(/^(phone|call|email|identifier:[a-z][a-zA-Z0-9]*)$/)

type Declaration = {
  /** A request's event, or one of the organisation or the portal. */
  scope: 'request' | 'organisation'
  /** Shown in the person's history on their status page. */
  history?: boolean
  data: z.ZodTypeAny
}

export const EVENTS = {
  // ------------------------------------------------------------------ a request
  // A processor's request about a client's call: who answers it (the client's key in its register) and how many were filed together.
  request_filed: {
    scope: 'request',
    history: true,
    data: z.object({ channel: z.enum(CHANNELS), routing: z.enum(ROUTINGS).optional(), clientKey: z.string().nullable().optional(), linked: z.number().int().positive().optional() }),
  },
  /** Received by phone, letter, in person or email and registered by an officer (the actor): when it was received, when registered, whether a reason for the gap was given. */
  request_registered: {
    scope: 'request',
    history: true,
    data: z.object({ channel: z.enum(CHANNELS), receivedAt: instant, registeredAt: instant, dueAt: instant, reasonMessageId: id.nullable(), linked: z.number().int().positive().optional() }),
  },
  /** A letter's code for the status page was made (only its hash is kept); an earlier one stopped working. */
  status_code_issued: { scope: 'request', data: z.object({ expiresAt: instant }) },
  status_code_used: { scope: 'request', data: z.object({}) },
  email_confirmed: { scope: 'request', history: true, data: z.object({ dueAt: instant }) },
  confirmation_resent: { scope: 'request', data: z.object({}) },
  status_link_sent: { scope: 'request', data: z.object({}) },
  assigned: {
    scope: 'request',
    data: z.object({
      assigneeId: id.nullable(),
      previousAssigneeId: id.nullable(),
      /** Taken by the officer who acted on an unassigned request; or given back when its officer left. */
      reason: z.enum(['assigned', 'taken', 'officer_removed']),
    }),
  },
  note_added: { scope: 'request', data: z.object({ messageId: id }) },
  information_requested: {
    scope: 'request',
    data: z.object({ messageId: id, topic: z.enum(ASK_TOPICS), templateId: id.optional() }),
  },
  message_sent: { scope: 'request', data: z.object({ messageId: id, templateId: id.optional() }) },
  subject_replied: { scope: 'request', data: z.object({ messageId: id }) },
  information_received: { scope: 'request', data: z.object({ messageId: id.nullable() }) },
  identity_verified: { scope: 'request', history: true, data: z.object({ method: z.enum(IDENTITY_METHODS), messageId: id.optional() }) },
  identity_overridden: { scope: 'request', data: z.object({ messageId: id }) },
  clock_paused: { scope: 'request', history: true, data: z.object({ reason: z.enum(PAUSE_REASONS) }) },
  clock_resumed: { scope: 'request', history: true, data: z.object({ pausedAt: instant, days: z.number().int().min(0), dueAt: instant }) },
  extended: { scope: 'request', history: true, data: z.object({ months: z.number().int().min(1).max(2), previousDueAt: instant, dueAt: instant, messageId: id }) },
  answered: {
    scope: 'request',
    history: true,
    data: z.object({ outcome: z.enum(OUTCOMES), grounds: z.array(z.string()), messageId: id.nullable(), documents: z.number().int().min(0) }),
  },
  /** `notConfirmed`: closed because the person never confirmed their address, not withdrawn by them. */
  withdrawn: { scope: 'request', history: true, data: z.object({ messageId: id.nullable(), emailed: z.boolean(), notConfirmed: z.boolean().optional() }) },
  data_collected: { scope: 'request', data: z.object({ collectedId: id, category: z.string(), source: z.enum(['upload', 'sqlite', 'webhook']), rows: z.number().int().min(0), files: z.number().int().min(0).optional() }) },
  data_removed: { scope: 'request', data: z.object({ collectedId: id, category: z.string() }) },
  // Art. 15(4): how much of a collected table is left out of the copy now, and why; never what (docs/decisions/021).
  data_withheld: { scope: 'request', data: z.object({ collectedId: id, category: z.string(), rows: z.number().int().min(0), cells: z.number().int().min(0), reasons: z.array(z.enum(WITHHOLD_REASONS)) }) },
  answer_prepared: { scope: 'request', data: z.object({ outcome: z.enum(OUTCOMES), grounds: z.array(z.string()) }) },
  download_link_sent: { scope: 'request', data: z.object({}) },
  answer_downloaded: { scope: 'request', data: z.object({ documentId: id, kind: z.string() }) },
  // The do-not-contact list (Art. 21(3)): which of the request's contact details (sources: 'phone', 'call', 'email',
  // 'identifier:<key>'; never values) went on it or off it; `unreadable` could not be read as a phone number.
  suppression_added: { scope: 'request', data: z.object({ channels: z.array(z.enum(['phone', 'email'])), expiresAt: instant.nullable(), sources: z.array(listSource).optional(), unreadable: z.array(listSource).optional() }) },
  suppression_removed: {
    scope: 'request',
    data: z.object({ channels: z.array(z.enum(['phone', 'email'])), sources: z.array(listSource).optional(), entries: z.number().int().min(0), via: z.enum(['officer', 'cli', 'api']) }),
  },
  // Restriction (Art. 18, docs/decisions/024): the person told before a restriction is lifted, and when it ends; an objection's data restricted while it is assessed.
  restriction_lift_notified: { scope: 'request', history: true, data: z.object({ liftsAt: instant, days: z.number().int().positive() }) },
  restricted_while_assessed: { scope: 'request', history: true, data: z.object({}) },

  // Duplicates (docs/decisions/023): on the request that goes on, which one was merged into it, how many messages moved,
  // its receipt before and after; on the one absorbed, where it went. Undoing names the same merge on both.
  request_merged: { scope: 'request', data: z.object({ mergeId: id, absorbedId: id, messages: z.number().int().min(0), previousReceivedAt: instant, receivedAt: instant, dueAt: instant }) },
  request_absorbed: { scope: 'request', history: true, data: z.object({ mergeId: id, survivorId: id }) },
  merge_undone: { scope: 'request', data: z.object({ mergeId: id, survivorId: id, absorbedId: id, messages: z.number().int().min(0) }) },

  // ------------------------------------------------------------------ a processor's request, passed on (docs/decisions/017)
  // The chain of custody: each hand-over between processor and controller is one of these, on the processor's request.
  /** Passed on to the client: its email is queued; `controllerRequestId` is the request made in the client's own queue on the portal. */
  forwarded: { scope: 'request', history: true, data: z.object({ forwardingId: id, clientKey: z.string(), controllerRequestId: id.nullable() }) },
  /** The forwarding email left the portal: its Message-ID and the SHA-256 of the message as sent. */
  forwarding_sent: { scope: 'request', data: z.object({ forwardingId: id, messageId: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }) },
  /** It did not arrive: a bounce to its own return address, a permanent refusal, or the outbox gave up. */
  forwarding_undelivered: { scope: 'request', data: z.object({ forwardingId: id, reason: z.enum(['bounced', 'rejected', 'gave_up']) }) },
  /** The controller's link was followed and the emailed code given (`code_sent`: a code was emailed for it). */
  controller_code_sent: { scope: 'request', data: z.object({ forwardingId: id }) },
  controller_link_opened: { scope: 'request', data: z.object({ forwardingId: id }) },
  controller_code_refused: { scope: 'request', data: z.object({ forwardingId: id, reason: z.enum(['wrong', 'expired', 'too_many']) }) },
  controller_link_revoked: { scope: 'request', data: z.object({ forwardingId: id, links: z.number().int().min(0) }) },
  acknowledged: { scope: 'request', history: true, data: z.object({ forwardingId: id }) },
  /** The controller answers the person itself, outside the portal, on that date. */
  direct_answer_recorded: { scope: 'request', history: true, data: z.object({ forwardingId: id, on: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }) },
  /** The controller answered through the portal (on the processor's request, or on its own request made from it). */
  controller_answered: { scope: 'request', history: true, data: z.object({ forwardingId: id, outcome: z.enum(OUTCOMES) }) },
  /** "Not our customer": back to the processor's routing, the deadline running on; the reason is a message. */
  sent_back: { scope: 'request', data: z.object({ forwardingId: id, messageId: id }) },
  /** The processor's officer chose the client(s) of a request that needed routing; more than one makes linked requests. */
  routed: { scope: 'request', data: z.object({ clientKeys: z.array(z.string()).min(1), requestIds: z.array(id).min(1) }) },
  instructed: { scope: 'request', data: z.object({ taskId: id, kind: z.enum(INSTRUCTION_KINDS), dueAt: instant }) },
  task_done: {
    scope: 'request',
    data: z.object({ taskId: id, kind: z.enum(INSTRUCTION_KINDS), categories: z.array(z.string()).optional(), rows: z.number().int().min(0).optional(), channels: z.array(z.enum(['phone', 'email'])).optional() }),
  },
  forwarding_reminded: { scope: 'request', data: z.object({ forwardingId: id, reminder: z.number().int().min(1) }) },
  forwarding_escalated: { scope: 'request', data: z.object({ forwardingId: id, recipients: z.number().int().min(0) }) },
  task_escalated: { scope: 'request', data: z.object({ taskId: id, recipients: z.number().int().min(0) }) },
  /** An erasure granted (in full or in part) reached the portal's own copies of the person's data at the organisation (docs/decisions/025). */
  portal_copies_erased: {
    scope: 'request',
    data: z.object({ requests: z.number().int().min(0), collected: z.number().int().min(0), documents: z.number().int().min(0), messages: z.number().int().min(0), emails: z.number().int().min(0).optional() }),
  },
  /** Its retention period ended: the request's personal data was erased and a tombstone is left (docs/decisions/025). */
  request_purged: { scope: 'request', data: z.object({ rows: z.number().int().min(0) }) },
  /** An officer kept the data collected for the answer after its sending, for the reason written (a message). */
  collected_kept: { scope: 'request', data: z.object({ messageId: id }) },
  /** On a controller's request made from a processor's: where it came from. */
  received_from_processor: { scope: 'request', history: true, data: z.object({ fromOrgId: id, fromRequestId: id, forwardingId: id }) },

  // ------------------------------------------------------------------ email into the queue (docs/decisions/020)
  /** A draft an officer confirmed as this request; its month runs from the email's receipt. */
  email_draft_confirmed: { scope: 'request', data: z.object({ inboundId: id }) },
  /** An officer added a received email to this open request; `previousReceivedAt`: the receipt it had when the email came earlier, else null. */
  email_draft_merged: { scope: 'request', data: z.object({ inboundId: id, previousReceivedAt: z.string().datetime().nullable() }) },
  /** That was undone: the email waits for triage again; `receivedAt`: the request's receipt after. */
  email_draft_unmerged: { scope: 'request', data: z.object({ inboundId: id, receivedAt: z.string().datetime() }) },
  /** A received email found its request: by the reply-to token, a Message-ID the portal sent, or the reference in its subject from the person's address. */
  email_threaded: { scope: 'request', data: z.object({ inboundId: id, by: z.enum(['token', 'message_id']) }) },

  // ------------------------------------------------------------------ an organisation, the portal
  /** An email became a draft in the queue, with so many attachments. */
  email_received: { scope: 'organisation', data: z.object({ inboundId: id, attachments: z.number().int().min(0) }) },
  email_draft_dismissed: { scope: 'organisation', data: z.object({ inboundId: id }) },
  /** A delivery report said the portal's email did not arrive; `requestId`: the request it was about, if any. */
  email_undelivered: { scope: 'organisation', data: z.object({ outboxId: id, requestId: id.nullable(), template: z.string() }) },
  digest_sent: { scope: 'organisation', data: z.object({ date: z.string(), recipients: z.number().int().min(0) }) },
  organisation_created: { scope: 'organisation', data: z.object({ slug: z.string() }) },
  organisation_updated: { scope: 'organisation', data: z.object({ slug: z.string() }) },
  organisation_file_saved: { scope: 'organisation', data: z.object({ slug: z.string() }) },
  organisation_settings_changed: { scope: 'organisation', data: z.object({ fields: z.array(z.string()) }) },
  officer_invited: { scope: 'organisation', data: z.object({ userId: id, role: z.enum(ROLES) }) },
  officer_accepted: { scope: 'organisation', data: z.object({}) },
  officer_totp_enrolled: { scope: 'organisation', data: z.object({}) },
  officer_signed_in: { scope: 'organisation', data: z.object({}) },
  officer_password_accepted: { scope: 'organisation', data: z.object({}) },
  /**
   * A refusal by a limit (`rate_limited`, `code_needed`) is written once per window and key, with `windowStart`;
   * the refusals after it are only counted (app/domain/sign-in.server.ts).
   */
  officer_sign_in_failed: {
    scope: 'organisation',
    data: z.object({ reason: z.enum(['password', 'totp', 'rate_limited', 'unknown_email', 'code_needed']), userId: id.nullable(), windowStart: z.string().datetime().optional() }),
  },
  /** The account-wide limit of failed sign-ins was reached: until the window ends, only the password with a code signs in; `alerted` staff were emailed. */
  officer_sign_in_held: { scope: 'organisation', data: z.object({ userId: id, alerted: z.number().int().min(0) }) },
  officer_invitation_refused: { scope: 'organisation', data: z.object({ reason: z.enum(['exists_elsewhere', 'exists']) }) },
  officer_signed_out: { scope: 'organisation', data: z.object({}) },
  officer_password_reset_requested: { scope: 'organisation', data: z.object({}) },
  officer_password_reset: { scope: 'organisation', data: z.object({}) },
  officer_removed: { scope: 'organisation', data: z.object({ userId: id, role: z.enum(ROLES), unassigned: z.number().int().min(0) }) },
  notification_settings_changed: { scope: 'organisation', data: z.object({ kinds: z.array(z.string()) }) },
  template_saved: { scope: 'organisation', data: z.object({ templateId: id, created: z.boolean() }) },
  template_deleted: { scope: 'organisation', data: z.object({ templateId: id }) },
  demo_officer_created: { scope: 'organisation', data: z.object({ userId: id }) },
  demo_officer_removed: { scope: 'organisation', data: z.object({ userId: id }) },
  api_key_created: { scope: 'organisation', data: z.object({ apiKeyId: id }) },
  api_key_revoked: { scope: 'organisation', data: z.object({ apiKeyId: id }) },
  /** One phone number or address taken off the do-not-contact list through the CLI or the API: the channel and the count, never the value. */
  do_not_contact_removed: { scope: 'organisation', data: z.object({ channel: z.enum(['phone', 'email']), entries: z.number().int().min(0), via: z.enum(['cli', 'api']), apiKeyId: id.optional() }) },
  keys_rotated: { scope: 'organisation', data: z.object({ keyId: z.string(), values: z.number().int().min(0) }) },
} as const satisfies Record<string, Declaration>

export type EventKind = keyof typeof EVENTS
export type EventData<K extends EventKind> = z.infer<(typeof EVENTS)[K]['data']>

export type Actor = { kind: ActorKind; userId: number | null }
export const SYSTEM: Actor = { kind: 'system', userId: null }
export const SUBJECT: Actor = { kind: 'subject', userId: null }
/** A client without an account, through its secure link. */
export const CONTROLLER: Actor = { kind: 'controller', userId: null }
export const officerActor = (userId: number): Actor => ({ kind: 'officer', userId })

/** Appends one event to the audit trail; its data must match its declaration. */
export function recordEvent<K extends EventKind>(
  tx: Tx,
  e: { kind: K; orgId: number | null; requestId?: number | null; actor: Actor; data: EventData<K> },
): EventRow {
  const declaration = EVENTS[e.kind] as Declaration
  const requestId = e.requestId ?? null
  if ((declaration.scope === 'request') !== (requestId !== null)) throw new Error(`${e.kind}: a ${declaration.scope} event ${requestId === null ? 'needs' : 'takes no'} request id`)
  // strict(): a field that is not declared (a message text, say) is refused, not stored.
  const data = (declaration.data as z.AnyZodObject).strict().parse(e.data) as Record<string, unknown>
  return appendEvent(tx, {
    at: new Date(nowMs()),
    orgId: e.orgId,
    requestId,
    actorKind: e.actor.kind,
    actorUserId: e.actor.userId,
    kind: e.kind,
    data,
  })
}

export type DecodedEvent = {
  [K in EventKind]: { id: number; at: Date; kind: K; actor: Actor; requestId: number | null; data: EventData<K> }
}[EventKind]

/** An event row read back through its declaration; null for a kind this version does not know. */
export function decodeEvent(row: EventRow): DecodedEvent | null {
  const declaration = (EVENTS as Record<string, Declaration>)[row.kind]
  if (!declaration) return null
  const parsed = declaration.data.safeParse(row.data)
  if (!parsed.success) return null
  return { id: row.id, at: row.at, kind: row.kind, actor: { kind: row.actorKind, userId: row.actorUserId }, requestId: row.requestId, data: parsed.data } as DecodedEvent
}

export function isHistoryKind(kind: string): boolean {
  return !!(EVENTS as Record<string, Declaration>)[kind]?.history
}
