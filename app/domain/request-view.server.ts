import type { DB } from '#db/client.server'
import type { EventRow, Organisation, Request, User } from '#db/schema'
import { requestEventRows } from '~/data/audit.server'
import { requestMessages } from '~/data/messages.server'
import { orgMembers, sameNameOtherAddress } from '~/data/officer-requests.server'
import { actionForm, availableActions, isActionId, loadActionContext, type ActionId } from '~/domain/actions.server'
import { daysLeft, urgency } from '~/domain/deadlines'
import { isDirectMarketingObjection, listStateOf, sourceLabel, type ListSource } from '~/domain/do-not-contact.server'
import { detailRows, personView } from '~/domain/person-view'
import { answeredBy } from '~/domain/processor-clients'
import { assistanceView } from '~/domain/assistance.server'
import { groupRequests } from '~/data/subject-requests.server'
import { findDuplicates, mergedHere, mergedInto } from '~/domain/duplicates.server'
import { categoryNamer, messageThread, notes, officerTimeline, type TimelineEntry } from '~/domain/timeline'
import { handOverNames, hasControllerCustody, officerHandOvers } from '~/domain/hand-over-view.server'
import { formatDate, formatDateTime } from '~/i18n/i18n'
import { ROLES, type Language } from '~/vocabulary'

// Everything the officer's request page shows, built in one place: the
// request as filed, the person, the dates (each named for what it is), the
// conversation, notes, timeline, warnings, and the actions available now with
// the one the officer opened.

export function officerRequestView(
  db: DB,
  q: { org: Organisation; officer: Pick<User, 'id' | 'role'>; requestId: number; now: Date; lang: Language; open?: string | null; templateId?: number },
) {
  const { org, lang, now } = q
  const ctx = loadActionContext(db, { org, officer: q.officer, requestId: q.requestId, now, lang })
  const r = ctx.request
  const tz = org.timeZone
  const fmt = { date: (d: Date) => formatDate(d, lang, tz), dateTime: (d: Date) => formatDateTime(d, lang, tz), category: categoryNamer(org, lang) }
  // Everyone who ever acted on it, removed officers too, so the timeline names them.
  const members = orgMembers(db, org.id, ROLES)
  const names = new Map(members.map((m) => [m.id, m.name]))
  const messages = requestMessages(db, { orgId: org.id, requestId: r.id })
  // The requests merged into this one: their events join its timeline (their messages moved here with the merge).
  const absorbed = mergedHere(db, r)
  const ownEvents = requestEventRows(db, { orgId: org.id, requestId: r.id })
  const events = [...ownEvents, ...absorbed.flatMap((o) => requestEventRows(db, { orgId: org.id, requestId: o.id }))].sort((x, y) => x.id - y.id)
  const fromReference = new Map(absorbed.map((o) => [o.id, o.reference]))
  const into = mergedInto(db, r)
  const offered = availableActions(ctx)
  const openId: ActionId | null = isActionId(q.open) && offered.some((a) => a.id === q.open && a.available && !a.page) ? q.open : null
  const received = r.status !== 'unverified'
  const legalLeft = daysLeft(r.dueAt, now, tz)
  const targetLeft = daysLeft(r.slaDueAt, now, tz)
  return {
    id: r.id,
    reference: r.reference,
    type: r.type,
    status: r.status,
    outcome: r.outcome,
    channel: r.channel,
    language: r.language,
    details: detailRows(r),
    subject: personView(r, org, lang),
    filedAt: fmt.dateTime(r.filedAt),
    /** Received by phone, letter, in person or email: who registered it and when (the receipt may be earlier). */
    registered: r.registeredById ? { by: names.get(r.registeredById) ?? '', at: fmt.dateTime(r.createdAt) } : null,
    /** No address to write to: the person is told by letter, with a code for the status page. */
    byLetter: !r.subjectEmail,
    receivedAt: received ? fmt.dateTime(r.receivedAt) : null,
    emailVerifiedAt: r.emailVerifiedAt ? fmt.dateTime(r.emailVerifiedAt) : null,
    identityVerifiedAt: r.identityVerifiedAt ? fmt.dateTime(r.identityVerifiedAt) : null,
    identityMethod: r.identityMethod,
    identityOverriddenAt: r.identityOverriddenAt ? fmt.dateTime(r.identityOverriddenAt) : null,
    /** Both dates, each for what it is; none while the request has not been received. */
    dates: received
      ? {
          legal: { date: fmt.date(r.dueAt), daysLeft: legalLeft, urgency: urgency(legalLeft) },
          target: { date: fmt.date(r.slaDueAt), daysLeft: targetLeft, urgency: urgency(targetLeft) },
        }
      : null,
    extensionMonths: r.extensionMonths,
    pausedSince: r.pausedAt ? fmt.dateTime(r.pausedAt) : null,
    pauseReason: r.pauseReason,
    closedAt: r.closedAt ? fmt.dateTime(r.closedAt) : null,
    assignee: r.assigneeId ? { id: r.assigneeId, name: names.get(r.assigneeId) ?? '' } : null,
    /** Others asked under this name from other addresses: check who is asking before anything goes out. */
    sameNameElsewhere: sameNameOtherAddress(db, r).map((o) => ({ id: o.id, reference: o.reference })),
    /** Filed with a processor about a client's call: who answers it, what the person said about the call, the requests filed with it. */
    answeredBy: answeredBy(org, r),
    call: callHint(r.details.call),
    linked: groupRequests(db, r)
      .filter((o) => o.id !== r.id)
      .map((o) => ({ id: o.id, reference: o.reference, answeredBy: answeredBy(org, o)?.name ?? org.name })),
    thread: messageThread(messages, names, fmt, { forSubject: false }),
    notes: notes(messages, names, fmt),
    timeline: withMergedSources(withListedSources(officerTimeline(events, messages, names, fmt, handOverNames(db, org, r)), events, org, lang), events, fromReference),
    /** Open requests of the same person that may be this one again (docs/decisions/023): what matched, never merged by itself. */
    duplicates: findDuplicates(db, r).map((d) => ({ id: d.request.id, reference: d.request.reference, basis: d.basis, status: d.request.status })),
    /** This request was merged into another, which goes on; or others were merged into this one. */
    mergedInto: into ? { id: into.survivor.id, reference: into.survivor.reference } : null,
    mergedHere: absorbed.map((o) => ({ id: o.id, reference: o.reference })),
    /** A hand-over: who forwarded this request to us, or the tasks our clients gave us on it. */
    assistance: assistanceView(db, { org, request: r, lang, now }),
    /** A processor's request: each hand-over to the controller, and its chain of custody (issue 12). */
    handOvers: officerHandOvers(db, org, r, fmt),
    /** A controller's own request passed on by a processor: the chain of custody of that hand-over. */
    controllerCustody: hasControllerCustody(db, org, r),
    actions: offered,
    /** Which of the request's contact details are on the do-not-contact list now, by label (never values); null when it does not concern the list. */
    doNotContact: doNotContactView(db, r, org, lang),
    open: openId ? actionForm(ctx, openId, { templateId: q.templateId, formatDate: fmt.date }) : null,
  }
}

export type OfficerRequestView = ReturnType<typeof officerRequestView>

function callHint(value: unknown): { number?: string; on?: string } | null {
  if (!value || typeof value !== 'object') return null
  const { number, on } = value as Record<string, unknown>
  return { ...(typeof number === 'string' ? { number } : {}), ...(typeof on === 'string' ? { on } : {}) }
}

function doNotContactView(db: DB, r: Request, org: Organisation, lang: Language) {
  const states = listStateOf(db, r, org)
  if (!isDirectMarketingObjection(r) && !states.some((s) => s.state === 'listed')) return null
  return states.map((s) => ({ source: s.source, label: sourceLabel(s.source, org, lang, 'officer'), state: s.state }))
}

/** An event of a request merged into this one says which request it happened on. */
function withMergedSources(entries: TimelineEntry[], rows: EventRow[], fromReference: Map<number, string>): TimelineEntry[] {
  if (fromReference.size === 0) return entries
  const on = new Map(rows.flatMap((row) => (row.requestId !== null && fromReference.has(row.requestId) ? [[row.id, fromReference.get(row.requestId)!] as const] : [])))
  return entries.map((e) => (on.has(e.id) ? { ...e, details: [{ key: 'timeline.onMerged', values: { reference: on.get(e.id)! } }, ...e.details] } : e))
}

/** The do-not-contact list's events name which details went on or off it: by their labels in the officer's language (the events hold keys, never values). */
function withListedSources(entries: TimelineEntry[], rows: EventRow[], org: Organisation, lang: Language): TimelineEntry[] {
  const sources = new Map<number, ListSource[]>()
  for (const row of rows) {
    const listed = (row.data as { sources?: ListSource[] } | null)?.sources
    if ((row.kind === 'suppression_added' || row.kind === 'suppression_removed') && listed?.length) sources.set(row.id, listed)
  }
  return entries.map((e) => {
    const listed = sources.get(e.id)
    return listed ? { ...e, details: [...e.details, { text: listed.map((s) => sourceLabel(s, org, lang, 'officer')).join(', ') }] } : e
  })
}
