import { DateTime } from 'luxon'
import type { DB } from '#db/client.server'
import type { EventRow, Forwarding, Organisation, Request } from '#db/schema'
import { requestEventRows, verifyChain } from '~/data/audit.server'
import { forwardingOfControllerRequest, forwardingsOf, tasksOfForwarding } from '~/data/forwardings.server'
import { getRequestForOrg } from '~/data/officer-requests.server'
import { getOrganisation } from '~/data/organisations.server'
import { requestById } from '~/data/subject-requests.server'
import type { CustodyBundle, CustodyEntry, CustodyFact, CustodyKind } from '~/documents/custody-model'
import { custodyJson, custodyPdf } from '~/documents/custody.server'
import { decodeEvent, type EventKind } from '~/domain/events'
import { clientOf } from '~/domain/forwarding.server'
import type { Language } from '~/vocabulary'

// The chain of custody of a processor's request (issue 12): every hand-over
// between the processor and the controller, as the hash-chained audit trail
// recorded it, with each entry's id, instant (UTC and the processor's local
// time), actor and chain hash, and the check of the whole chain from its first
// entry to its last. One bundle answers a supervisory authority's question; it
// is drawn as JSON and as a PDF by app/documents/custody.server.ts.
//
// Facts only, as the events are (docs/decisions/009): the person's name,
// address and words are not in it; the controller's privacy contact is, as the
// recipient of each hand-over (the processor's own business contact).

/** The events that are the request's custody: receipt, routing, each hand-over and what came of it. */
export const CUSTODY_KINDS = [
  'request_filed',
  'email_confirmed',
  'routed',
  'forwarded',
  'forwarding_sent',
  'forwarding_undelivered',
  'controller_code_sent',
  'controller_link_opened',
  'controller_code_refused',
  'controller_link_revoked',
  'acknowledged',
  'forwarding_reminded',
  'forwarding_escalated',
  'instructed',
  'task_done',
  'task_escalated',
  'direct_answer_recorded',
  'controller_answered',
  'sent_back',
  'answered',
  'withdrawn',
  'received_from_processor',
] as const satisfies readonly (CustodyKind & EventKind)[]

const iso = (d: Date) => d.toISOString()

/** An instant in the organisation's zone, with seconds and the zone named, readable in any language. */
export function localTime(d: Date, timeZone: string): string {
  return `${DateTime.fromJSDate(d, { zone: timeZone }).toFormat('yyyy-MM-dd HH:mm:ss')} (${timeZone})`
}

/**
 * The custody of one of the organisation's requests: a processor's request
 * about a client's call, with every hand-over; or, for a controller on the
 * portal, the request made in its own queue from a processor's, with only
 * what concerns that one hand-over to it (the receipt, its forwarding and
 * what came of it, its tasks) and never the processor's other clients or
 * routing. Null when it is another organisation's, or a request the
 * organisation answers itself with nothing handed over.
 */
export function custodyBundle(db: DB, q: { org: Organisation; requestId: number; lang: Language; now: Date }): CustodyBundle | null {
  const request = getRequestForOrg(db, { orgId: q.org.id, id: q.requestId })
  if (!request) return null
  if (request.routing !== null) {
    const forwardings = forwardingsOf(db, { orgId: q.org.id, requestId: request.id }).reverse()
    const rows = requestEventRows(db, { orgId: q.org.id, requestId: request.id }).filter((row) => (CUSTODY_KINDS as readonly string[]).includes(row.kind))
    return build(db, { ...q, processor: q.org, request, forwardings, rows })
  }
  if (request.forwardedFromRequestId === null) return null
  // A controller's own request, made from a processor's: the one forwarding that made it, and nothing else of the processor's.
  const f = forwardingOfControllerRequest(db, request.id)
  if (!f || f.controllerOrgId !== q.org.id || f.controllerRequestId !== request.id) return null
  const processor = getOrganisation(db, f.orgId)
  const source = processor ? getRequestForOrg(db, { orgId: processor.id, id: f.requestId }) : undefined
  if (!processor || !source) return null
  const tasks = new Set(tasksOfForwarding(db, f.id).map((task) => task.id))
  const concerns = (row: EventRow) => {
    const data = row.data as { forwardingId?: unknown; taskId?: unknown }
    if (row.kind === 'request_filed' || row.kind === 'email_confirmed') return true
    if (!(CONTROLLER_KINDS as readonly string[]).includes(row.kind)) return false
    return data.forwardingId === f.id || (typeof data.taskId === 'number' && tasks.has(data.taskId))
  }
  const rows = [
    ...requestEventRows(db, { orgId: processor.id, requestId: source.id }).filter(concerns),
    ...requestEventRows(db, { orgId: q.org.id, requestId: request.id }).filter((row) => (CUSTODY_KINDS as readonly string[]).includes(row.kind)),
  ].sort((a, b) => a.id - b.id)
  return build(db, { ...q, processor, request: source, forwardings: [f], rows, own: request })
}

/** What a controller sees of the processor's trail: its hand-over's events, never the processor's routing nor its own closing of the request. */
const CONTROLLER_KINDS = CUSTODY_KINDS.filter((k) => k !== 'routed' && k !== 'answered' && k !== 'withdrawn' && k !== 'request_filed' && k !== 'email_confirmed')

function build(
  db: DB,
  q: { org: Organisation; lang: Language; now: Date; processor: Organisation; request: Request; forwardings: Forwarding[]; rows: EventRow[]; own?: Request },
): CustodyBundle {
  const { org, processor, request, forwardings } = q
  const tz = org.timeZone
  const byId = new Map(forwardings.map((f) => [f.id, f]))
  const clientName = (key: string) => clientOf(processor, key)?.name ?? key
  const controllerReference = (id: number | null) => (id ? requestById(db, id)?.reference : undefined)

  const entries: CustodyEntry[] = []
  for (const row of q.rows) {
    const e = decodeEvent(row)
    if (!e) continue
    const facts: CustodyFact[] = []
    let forwardingId: number | null = 'forwardingId' in e.data && typeof e.data.forwardingId === 'number' ? e.data.forwardingId : null
    switch (e.kind) {
      case 'request_filed':
        facts.push({ kind: 'channel', value: e.data.channel })
        if (e.data.clientKey) facts.push({ kind: 'client', key: e.data.clientKey, name: clientName(e.data.clientKey) })
        break
      case 'email_confirmed':
        // The true time of receipt: the deadline runs from it (docs/decisions/008, 016).
        facts.push({ kind: 'channel', value: request.channel }, { kind: 'receivedAt', utc: iso(request.receivedAt), local: localTime(request.receivedAt, tz) })
        facts.push({ kind: 'dueAt', utc: e.data.dueAt, local: localTime(new Date(e.data.dueAt), tz) })
        break
      case 'routed':
        facts.push({ kind: 'clients', value: e.data.clientKeys.map((key) => ({ key, name: clientName(key) })) })
        break
      case 'forwarded': {
        const f = byId.get(e.data.forwardingId)
        facts.push({ kind: 'client', key: e.data.clientKey, name: clientName(e.data.clientKey) })
        if (f) facts.push({ kind: 'recipient', value: f.recipient })
        const ref = controllerReference(e.data.controllerRequestId)
        if (ref) facts.push({ kind: 'controllerReference', value: ref })
        break
      }
      case 'forwarding_sent':
        facts.push({ kind: 'messageId', value: e.data.messageId }, { kind: 'sha256', value: e.data.sha256 })
        break
      case 'forwarding_undelivered':
      case 'controller_code_refused':
        facts.push({ kind: 'reason', value: e.data.reason })
        break
      case 'forwarding_reminded':
        facts.push({ kind: 'reminder', value: e.data.reminder })
        break
      case 'forwarding_escalated':
      case 'task_escalated':
        facts.push({ kind: 'recipients', value: e.data.recipients })
        break
      case 'instructed':
        facts.push({ kind: 'instruction', value: e.data.kind }, { kind: 'dueAt', utc: e.data.dueAt, local: localTime(new Date(e.data.dueAt), tz) })
        break
      case 'task_done':
        facts.push({ kind: 'instruction', value: e.data.kind })
        if (e.data.categories?.length) facts.push({ kind: 'categories', value: e.data.categories })
        if (e.data.rows !== undefined) facts.push({ kind: 'rows', value: e.data.rows })
        if (e.data.channels?.length) facts.push({ kind: 'channels', value: e.data.channels })
        break
      case 'direct_answer_recorded':
        facts.push({ kind: 'answerOn', value: e.data.on })
        break
      case 'controller_answered':
      case 'answered':
        facts.push({ kind: 'outcome', value: e.data.outcome })
        break
      default:
        break
    }
    // A task's events name their forwarding through the task.
    if (forwardingId === null && forwardings.length === 1 && (e.kind === 'instructed' || e.kind === 'task_done' || e.kind === 'task_escalated')) forwardingId = forwardings[0]!.id
    entries.push({ n: entries.length + 1, eventId: e.id, kind: e.kind as CustodyKind, utc: iso(e.at), local: localTime(e.at, tz), actor: e.actor.kind, forwardingId, facts, chainHash: row.hash })
  }

  const check = verifyChain(db)
  const firstEventId = entries[0]?.eventId ?? null
  const lastEventId = entries[entries.length - 1]?.eventId ?? null
  const verification: CustodyBundle['verification'] = check.ok
    ? { ok: true, checked: check.checked, headHash: check.head.hash, firstEventId, lastEventId, allIncluded: true }
    : {
        ok: false,
        checked: check.checked,
        brokenAt: 'firstBroken' in check ? { id: check.firstBroken.id, utc: iso(check.firstBroken.at), kind: check.firstBroken.kind } : null,
        firstEventId,
        lastEventId,
        // The entries of this bundle before the break were checked; those after it were not.
        allIncluded: 'firstBroken' in check ? (lastEventId ?? 0) < check.firstBroken.id : false,
      }

  return {
    generatedAt: iso(q.now),
    lang: q.lang,
    organisation: { name: org.name, slug: org.slug, timeZone: tz },
    ...(q.own ? { processor: { name: processor.name, reference: request.reference } } : {}),
    request: {
      reference: q.own?.reference ?? request.reference,
      type: request.type,
      channel: request.channel,
      receivedAt: iso(request.receivedAt),
      receivedLocal: localTime(request.receivedAt, tz),
      dueAt: iso(request.dueAt),
      dueLocal: localTime(request.dueAt, tz),
      status: request.status,
    },
    forwardings: forwardings.map((f) => ({
      id: f.id,
      client: { key: f.clientKey, name: clientName(f.clientKey) },
      recipient: f.recipient,
      onPortal: f.controllerOrgId !== null && !!getOrganisation(db, f.controllerOrgId),
      forwardedAt: iso(f.forwardedAt),
      lagMinutes: Math.max(0, Math.round((f.forwardedAt.getTime() - request.receivedAt.getTime()) / 60_000)),
      sentAt: f.sentAt ? iso(f.sentAt) : null,
      messageId: f.messageId,
      sha256: f.sentSha256,
      undeliveredAt: f.undeliveredAt ? iso(f.undeliveredAt) : null,
      openedAt: f.openedAt ? iso(f.openedAt) : null,
      acknowledgedAt: f.acknowledgedAt ? iso(f.acknowledgedAt) : null,
      answeredAt: f.answeredAt ? iso(f.answeredAt) : null,
      directAnswerOn: f.directAnswerOn,
      returnedAt: f.returnedAt ? iso(f.returnedAt) : null,
      reminders: f.reminders,
      escalatedAt: f.escalatedAt ? iso(f.escalatedAt) : null,
      active: f.active,
    })),
    entries,
    verification,
  }
}

/** The bundle as a file: JSON or PDF, named by the reference. Null when there is none for this organisation. */
export async function custodyFile(db: DB, q: { org: Organisation; requestId: number; lang: Language; now: Date; format: 'json' | 'pdf' }) {
  const bundle = custodyBundle(db, q)
  if (!bundle) return null
  const filename = `${bundle.request.reference}-custody.${q.format}`
  return q.format === 'json'
    ? { filename, contentType: 'application/json; charset=utf-8', content: custodyJson(bundle) as string | Buffer }
    : { filename, contentType: 'application/pdf', content: (await custodyPdf(bundle)) as string | Buffer }
}
