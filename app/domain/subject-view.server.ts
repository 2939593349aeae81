import type { DB } from '#db/client.server'
import type { Organisation, Request } from '#db/schema'
import { requestEventRows } from '~/data/audit.server'
import { requestMessages } from '~/data/messages.server'
import { activeMergeOf } from '~/data/merges.server'
import { getOrganisation } from '~/data/organisations.server'
import { touchSession, type Session } from '~/data/sessions.server'
import { groupRequests, requestByReferenceAndEmail, requestById } from '~/data/subject-requests.server'
import { answeredBy } from '~/domain/processor-clients'
import { localizeText } from '~/domain/languages'
import { answerForPerson } from '~/domain/answers.server'
import { canTake } from '~/domain/lifecycle'
import { SUBJECT_SESSION_IDLE } from '~/domain/requests.server'
import { answerText, categoryNamer, messageThread, subjectHistory } from '~/domain/timeline'
import { handOverNames, subjectHandOver } from '~/domain/hand-over-view.server'
import { formatDate, formatDateTime } from '~/i18n/i18n'
import { nowMs } from '~/utils/clock'
import type { Language } from '~/vocabulary'

// What the person sees of their request, through the session an emailed link
// opened: the status, the dates, the conversation and the history, never an
// officer's note or name.

export type SubjectAccess = { request: Request; org: Organisation; session: Session }

/** The request this session may see; null when the session is gone or idle too long. */
export function subjectAccess(db: DB, sessionToken: string | null): SubjectAccess | null {
  const session = touchSession(db, 'subject', sessionToken, SUBJECT_SESSION_IDLE)
  if (!session?.requestId) return null
  const request = requestById(db, session.requestId)
  const org = request ? getOrganisation(db, request.orgId) : undefined
  return request && org ? { request, org, session } : null
}

export function canReply(status: Request['status']): boolean {
  return canTake('subjectReplied', status, 'subject') || canTake('message', status, 'subject')
}

export function subjectStatusView(db: DB, a: SubjectAccess, lang: Language) {
  const { request: r, org } = a
  const fmt = { date: (d: Date) => formatDate(d, lang, org.timeZone), dateTime: (d: Date) => formatDateTime(d, lang, org.timeZone), category: categoryNamer(org, lang) }
  const messages = requestMessages(db, { orgId: org.id, requestId: r.id, audience: 'subject' })
  const events = requestEventRows(db, { orgId: org.id, requestId: r.id })
  const authority = localizeText(org.profile.authority.name, lang)
  return {
    reference: r.reference,
    orgName: org.name,
    type: r.type,
    status: r.status,
    outcome: r.outcome,
    receivedAt: fmt.dateTime(r.receivedAt),
    dueDate: r.status === 'unverified' ? null : fmt.date(r.dueAt),
    extended: r.extensionMonths > 0,
    paused: !!r.pausedAt,
    closedAt: r.closedAt ? fmt.dateTime(r.closedAt) : null,
    canReply: canReply(r.status),
    awaiting: r.status === 'awaiting_subject',
    authority: { name: authority.text, lang: authority.lang, complaintUrl: org.profile.authority.complaintUrl },
    thread: messageThread(messages, new Map(), fmt, { forSubject: true }),
    history: subjectHistory(events, messages, fmt, handOverNames(db, org, r)),
    answer: r.closed ? answerText(messages) : null,
    documents: documentsView(db, r, lang, fmt),
    downloadsAllowed: !!a.session.downloadsUntil && a.session.downloadsUntil.getTime() > nowMs(),
    answeredBy: answeredBy(org, r),
    /** Once passed on: to whom and when, acknowledged, answered (issue 12). */
    handOver: subjectHandOver(db, org, r, fmt),
    linked: linkedRequests(db, a),
    mergedInto: mergedIntoView(db, r),
  }
}

/**
 * A request merged into another one of the person's (docs/decisions/023): the
 * reference that goes on, shown only when it has this same address, so a
 * match never tells anyone of a request made from another address.
 */
function mergedIntoView(db: DB, r: Request): { reference: string | null } | null {
  const merge = activeMergeOf(db, { orgId: r.orgId, absorbedId: r.id })
  if (!merge) return null
  const survivor = requestById(db, merge.survivorId)
  return { reference: survivor && survivor.emailHash === r.emailHash ? survivor.reference : null }
}

/** The other requests filed together with this one, one per controller named: their references and who answers each. */
export function linkedRequests(db: DB, a: Pick<SubjectAccess, 'request' | 'org'>) {
  return groupRequests(db, a.request)
    .filter((other) => other.id !== a.request.id)
    .map((other) => ({ reference: other.reference, answeredBy: answeredBy(a.org, other)?.name ?? a.org.name }))
}

/** The answer's documents, once sent: what they are, until when they can be downloaded. */
function documentsView(db: DB, r: Request, lang: Language, fmt: { date: (d: Date) => string }) {
  const answer = answerForPerson(db, r)
  if (!answer || answer.documents.length === 0) return null
  return {
    items: answer.documents.map((d) => ({ id: d.id, kind: d.kind, filename: d.filename, size: d.size, href: `/${lang}/status/answer/${d.id}` })),
    until: answer.downloadUntil ? fmt.date(answer.downloadUntil) : null,
    expired: answer.expired,
  }
}

/**
 * What the status page says of a reference whose request was purged
 * (docs/decisions/025): answered (or closed, or never confirmed) and when its
 * data was erased; not the organisation nor the right, since anyone may type
 * a reference. Null while the request keeps its data.
 */
export function purgedRequestView(db: DB, reference: string, lang: Language) {
  const r = requestByReferenceAndEmail(db, { reference })
  if (!r?.purgedAt) return null
  const org = getOrganisation(db, r.orgId)
  const date = (d: Date) => formatDate(d, lang, org?.timeZone ?? 'UTC')
  const kind = r.status === 'unverified' ? 'purgedUnconfirmed' : r.status === 'completed' || r.status === 'refused' ? 'purgedAnswered' : 'purgedClosed'
  return { reference: r.reference, kind, closed: r.closedAt ? date(r.closedAt) : null, purged: date(r.purgedAt) } as const
}
