import type { EventRow, Message, Organisation } from '#db/schema'
import { decodeEvent, isHistoryKind, type DecodedEvent } from '~/domain/events'
import { localize } from '~/domain/languages'
import type { Language } from '~/vocabulary'

// What happened on a request, built from its events and its messages for the
// three views that show it: the officer's timeline, the person's history and
// the message thread both see. Dates come formatted; words are locale keys,
// drawn by the components in app/components/timeline.tsx.

export type Formatters = {
  date: (d: Date) => string
  dateTime: (d: Date) => string
  /** A data category's name in the register, in the reader's language; the key itself without one. */
  category?: (key: string) => string
}

/** The register's name of a data category in the reader's language, for Formatters.category. */
export function categoryNamer(org: Organisation, lang: Language): (key: string) => string {
  return (key) => localize(org.profile.register.dataCategories.find((c) => c.key === key)?.name, lang) || key
}

/** A fact shown beside an event: a locale key with its values, or a text someone wrote. */
export type Detail = { key: string; values?: Record<string, string | number> } | { text: string }

export type TimelineEntry = {
  id: number
  at: string
  kind: string
  actor: { kind: string; name: string | null }
  details: Detail[]
  /** Seen by the person on their status page. */
  public: boolean
}

export type ThreadItem = { id: number; at: string; fromSubject: boolean; authorName: string | null; purpose: Message['purpose'] }
export type ThreadMessage = ThreadItem & { body: string }

/** The controllers a processor's request was passed on to, by forwarding id: their names in the hand-over events. */
export type HandOverNames = Map<number, string>

function details(e: DecodedEvent, messages: Map<number, Message>, names: Map<number, string>, fmt: Formatters, forSubject: boolean, handOver: HandOverNames = new Map()): Detail[] {
  const text = (id: number | null | undefined): Detail[] => {
    const m = id ? messages.get(id) : undefined
    return m && (!forSubject || m.audience === 'subject') ? [{ text: m.body }] : []
  }
  switch (e.kind) {
    case 'email_confirmed':
      return [{ key: 'timeline.dueDate', values: { date: fmt.date(new Date(e.data.dueAt)) } }]
    // Received one day, perhaps registered a later one: both instants, and the reason for the gap (officers only).
    case 'request_registered':
      return [
        { key: `intake.channel.${e.data.channel}` },
        { key: 'timeline.receivedOn', values: { at: fmt.dateTime(new Date(e.data.receivedAt)) } },
        ...(forSubject ? [] : [{ key: 'timeline.registeredOn', values: { at: fmt.dateTime(new Date(e.data.registeredAt)) } }]),
        { key: 'timeline.dueDate', values: { date: fmt.date(new Date(e.data.dueAt)) } },
        ...(forSubject ? [] : text(e.data.reasonMessageId)),
      ]
    case 'assigned':
      return [e.data.assigneeId ? { key: `timeline.assignedTo.${e.data.reason}`, values: { name: names.get(e.data.assigneeId) ?? '' } } : { key: `timeline.unassigned.${e.data.reason}` }]
    case 'information_requested':
      // The question itself is in the thread beside the timeline.
      return [{ key: `timeline.askTopic.${e.data.topic}` }]
    case 'identity_verified':
      return [{ key: `identityMethod.${e.data.method}` }, ...(forSubject ? [] : text(e.data.messageId))]
    case 'identity_overridden':
    case 'note_added':
      return forSubject ? [] : text(e.data.messageId)
    case 'information_received':
      return forSubject ? [] : text(e.data.messageId)
    case 'clock_paused':
      return [{ key: `timeline.pausedFor.${e.data.reason}` }]
    case 'clock_resumed':
      return [{ key: 'timeline.resumed', values: { count: e.data.days, date: fmt.date(new Date(e.data.dueAt)) } }]
    case 'extended':
      return [{ key: 'timeline.extendedTo', values: { count: e.data.months, date: fmt.date(new Date(e.data.dueAt)) } }, ...text(e.data.messageId)]
    // The person reads the answer's text in its own section of the status page.
    case 'answered':
      return [{ key: `outcome.${e.data.outcome}` }, ...e.data.grounds.map((g) => groundDetail(g, fmt)), ...(forSubject ? [] : text(e.data.messageId))]
    case 'withdrawn':
      return forSubject ? [] : text(e.data.messageId)
    case 'restriction_lift_notified':
      return [{ key: 'timeline.liftsOn', values: { date: fmt.date(new Date(e.data.liftsAt)) } }]
    case 'data_collected':
      return [{ key: 'timeline.collected', values: { count: e.data.rows, category: fmt.category?.(e.data.category) ?? e.data.category, source: e.data.source } }]
    // A processor's request passed on (issue 12): to whom, and what the controller did.
    case 'forwarded':
      return handOver.has(e.data.forwardingId) ? [{ key: 'custody.history.to', values: { controller: handOver.get(e.data.forwardingId)! } }] : []
    case 'acknowledged':
      return handOver.has(e.data.forwardingId) ? [{ key: 'custody.history.by', values: { controller: handOver.get(e.data.forwardingId)! } }] : []
    case 'direct_answer_recorded':
      return [
        ...(handOver.has(e.data.forwardingId) ? [{ key: 'custody.history.by', values: { controller: handOver.get(e.data.forwardingId)! } }] : []),
        { key: 'custody.history.directOn', values: { date: fmt.date(new Date(`${e.data.on}T12:00:00Z`)) } },
      ]
    case 'controller_answered':
      return [...(handOver.has(e.data.forwardingId) ? [{ key: 'custody.history.by', values: { controller: handOver.get(e.data.forwardingId)! } }] : []), { key: `outcome.${e.data.outcome}` }]
    // A processor's assistance (app/domain/assistance.server.ts): which instruction, by when; the reason a request was sent back.
    case 'instructed':
      return [{ key: `assistance.kind.${e.data.kind}` }, { key: 'assistance.due', values: { date: fmt.date(new Date(e.data.dueAt)) } }]
    case 'task_done':
      return [{ key: `assistance.kind.${e.data.kind}` }]
    case 'sent_back':
      return forSubject ? [] : text(e.data.messageId)
    default:
      return []
  }
}

/** A ground of an answer by its key: the register's own ("hold:journals", "national:…") by kind, the law's by name. */
function groundDetail(key: string, fmt: Formatters) {
  const category = key.slice('hold:'.length)
  if (key.startsWith('hold:')) return { key: 'timeline.groundHold', values: { category: fmt.category?.(category) ?? category } }
  if (key.startsWith('national:')) return { key: 'timeline.groundNational' }
  return { key: `documents:groundNames.${key}` }
}

/** The heading's key: a request closed because the address was never confirmed is not "closed as withdrawn". */
const kindOf = (e: DecodedEvent): string => (e.kind === 'withdrawn' && e.data.notConfirmed ? 'closed_unconfirmed' : e.kind)

/** The officer's timeline: every event of the request, with the texts it refers to. */
export function officerTimeline(rows: EventRow[], messages: Message[], names: Map<number, string>, fmt: Formatters, handOver?: HandOverNames): TimelineEntry[] {
  const byId = new Map(messages.map((m) => [m.id, m]))
  return rows.flatMap((row) => {
    const e = decodeEvent(row)
    if (!e) return []
    return [{ id: e.id, at: fmt.dateTime(e.at), kind: kindOf(e), actor: { kind: e.actor.kind, name: e.actor.userId ? (names.get(e.actor.userId) ?? null) : null }, details: details(e, byId, names, fmt, false, handOver), public: isHistoryKind(e.kind) }]
  })
}

/** The person's history: the events declared for it, with only texts addressed to them. */
export function subjectHistory(rows: EventRow[], messages: Message[], fmt: Formatters, handOver?: HandOverNames): TimelineEntry[] {
  const byId = new Map(messages.map((m) => [m.id, m]))
  return rows.flatMap((row) => {
    const e = decodeEvent(row)
    if (!e || !isHistoryKind(e.kind)) return []
    return [{ id: e.id, at: fmt.dateTime(e.at), kind: kindOf(e), actor: { kind: e.actor.kind, name: null }, details: details(e, byId, new Map(), fmt, true, handOver), public: true }]
  })
}

/** The conversation with the person: the organisation's questions and messages and the person's replies. */
export function messageThread(messages: Message[], names: Map<number, string>, fmt: Formatters, opts: { forSubject: boolean }): ThreadMessage[] {
  return messages
    .filter((m) => m.audience === 'subject' && (m.purpose === 'question' || m.purpose === 'message' || m.purpose === 'reply'))
    .map((m) => ({
      id: m.id,
      at: fmt.dateTime(m.createdAt),
      fromSubject: m.authorKind === 'subject',
      // The person sees the organisation, not which officer wrote.
      authorName: opts.forSubject || !m.authorUserId ? null : (names.get(m.authorUserId) ?? null),
      purpose: m.purpose,
      body: m.body,
    }))
}

/** Officers' notes, newest last. */
export function notes(messages: Message[], names: Map<number, string>, fmt: Formatters): ThreadMessage[] {
  return messages
    .filter((m) => m.purpose === 'note')
    .map((m) => ({ id: m.id, at: fmt.dateTime(m.createdAt), fromSubject: false, authorName: m.authorUserId ? (names.get(m.authorUserId) ?? null) : null, purpose: m.purpose, body: m.body }))
}

/** The texts of the answer for the person's page: the written answer, the reasons of a refusal or extension. */
export function answerText(messages: Message[]): string | null {
  return [...messages].reverse().find((m) => m.purpose === 'answer' || m.purpose === 'refusal_reason')?.body ?? null
}
