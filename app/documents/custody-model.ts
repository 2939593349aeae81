import type { ActorKind, Language } from '~/vocabulary'

// What a request's chain of custody holds (app/domain/custody.server.ts builds
// it from the audit trail; ./custody.server.ts draws it as PDF and JSON).

/** The events that are a request's custody: receipt, routing, each hand-over and what came of it. */
export type CustodyKind =
  | 'request_filed'
  | 'email_confirmed'
  | 'routed'
  | 'forwarded'
  | 'forwarding_sent'
  | 'forwarding_undelivered'
  | 'controller_code_sent'
  | 'controller_link_opened'
  | 'controller_code_refused'
  | 'controller_link_revoked'
  | 'acknowledged'
  | 'forwarding_reminded'
  | 'forwarding_escalated'
  | 'instructed'
  | 'task_done'
  | 'task_escalated'
  | 'direct_answer_recorded'
  | 'controller_answered'
  | 'sent_back'
  | 'answered'
  | 'withdrawn'
  /** On a controller's own request: the processor passed it on into its queue. */
  | 'received_from_processor'

/** One fact of an entry, as plain values; the documents put words to them. */
export type CustodyFact =
  | { kind: 'channel'; value: string }
  | { kind: 'receivedAt'; utc: string; local: string }
  | { kind: 'dueAt'; utc: string; local: string }
  | { kind: 'client'; key: string; name: string }
  | { kind: 'recipient'; value: string }
  | { kind: 'controllerReference'; value: string }
  | { kind: 'messageId'; value: string }
  | { kind: 'sha256'; value: string }
  | { kind: 'reason'; value: string }
  | { kind: 'reminder'; value: number }
  | { kind: 'recipients'; value: number }
  | { kind: 'instruction'; value: string }
  | { kind: 'categories'; value: string[] }
  | { kind: 'rows'; value: number }
  | { kind: 'channels'; value: string[] }
  | { kind: 'answerOn'; value: string }
  | { kind: 'outcome'; value: string }
  | { kind: 'clients'; value: Array<{ key: string; name: string }> }

export type CustodyEntry = {
  /** Position in this bundle, from 1. */
  n: number
  eventId: number
  kind: CustodyKind
  utc: string
  local: string
  actor: ActorKind
  forwardingId: number | null
  facts: CustodyFact[]
  /** The entry's hash in the audit trail's chain (keyed; it covers the previous entry's hash). */
  chainHash: string
}

export type CustodyForwarding = {
  id: number
  client: { key: string; name: string }
  recipient: string
  onPortal: boolean
  forwardedAt: string
  /** Minutes between the processor's receipt and this hand-over. */
  lagMinutes: number
  sentAt: string | null
  messageId: string | null
  sha256: string | null
  undeliveredAt: string | null
  openedAt: string | null
  acknowledgedAt: string | null
  answeredAt: string | null
  directAnswerOn: string | null
  returnedAt: string | null
  reminders: number
  escalatedAt: string | null
  active: boolean
}

export type CustodyBundle = {
  generatedAt: string
  lang: Language
  organisation: { name: string; slug: string; timeZone: string }
  /** For a controller on the portal: who passed the request on, and its reference there; `request.reference` is then the controller's own. */
  processor?: { name: string; reference: string }
  request: { reference: string; type: string; channel: string; receivedAt: string; receivedLocal: string; dueAt: string; dueLocal: string; status: string }
  forwardings: CustodyForwarding[]
  entries: CustodyEntry[]
  verification:
    | { ok: true; checked: number; headHash: string; firstEventId: number | null; lastEventId: number | null; allIncluded: true }
    | { ok: false; checked: number; brokenAt: { id: number; utc: string; kind: string } | null; firstEventId: number | null; lastEventId: number | null; allIncluded: boolean }
}

