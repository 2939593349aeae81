import type { DB } from '#db/client.server'
import type { Organisation, User } from '#db/schema'
import { decodeCursor, encodeCursor, idsWithOpenDuplicates, orgMembers, queuePage, queueParams, statusCounts, type QueueFilters, type QueueRow } from '~/data/officer-requests.server'
import { queueExportBatches } from '~/data/queue-export.server'
import { csvDates, csvHead, csvRows } from '~/documents/csv'
import { daysLeftFrom, urgency } from '~/domain/deadlines'
import { activeAmong } from '~/domain/notifications.server'
import { openTasksView } from '~/domain/assistance.server'
import { forwardedByNames } from '~/data/assistance.server'
import { answeredBy } from '~/domain/processor-clients'
import { fixedT, formatDate, formatDateTime } from '~/i18n/i18n'
import { ROLES, type Language } from '~/vocabulary'

/** The dashboard's counts per month and status, from the same requests as the queue. */
export { dashboardStats } from '~/data/dashboard.server'

// The queue as the officer sees it: one page of rows in the chosen order,
// each with its legal deadline and the organisation's own target named apart,
// and closed ones with their outcome. The CSV export is the same view,
// every row of it.

/** At most this many rows go into one export. */
export const EXPORT_MAX = 10_000

function rowView(r: QueueRow, ctx: { daysLeft: (dueAt: Date) => number; tz: string; lang: Language; names: Map<number, string> }) {
  const received = r.status !== 'unverified'
  const legal = ctx.daysLeft(r.dueAt)
  return {
    id: r.id,
    reference: r.reference,
    type: r.type,
    status: r.status,
    outcome: r.outcome,
    subjectName: r.subjectName,
    subjectEmail: r.subjectEmail,
    received,
    receivedAt: formatDate(r.receivedAt, ctx.lang, ctx.tz, 'medium'),
    dueDate: formatDate(r.dueAt, ctx.lang, ctx.tz, 'medium'),
    legalDaysLeft: legal,
    legalUrgency: urgency(legal),
    // The organisation's own target is only marked once it has passed.
    pastTarget: received && !r.closedAt && ctx.daysLeft(r.slaDueAt) < 0,
    lastActivity: formatDateTime(r.lastActivityAt, ctx.lang, ctx.tz),
    closedAt: r.closedAt ? formatDate(r.closedAt, ctx.lang, ctx.tz, 'medium') : null,
    paused: !!r.pausedAt,
    identityVerified: !!r.identityVerifiedAt,
    assigneeName: r.assigneeId ? (ctx.names.get(r.assigneeId) ?? null) : null,
  }
}

export function queueView(db: DB, q: { org: Organisation; user: Pick<User, 'id'>; filters: QueueFilters; after: string | null; lang: Language; now: Date }) {
  const { org, filters, lang, now } = q
  const page = queuePage(db, { orgId: org.id, userId: q.user.id, now, filters, after: decodeCursor(q.after) })
  const members = orgMembers(db, org.id, ROLES)
  const names = new Map(members.map((m) => [m.id, m.name]))
  const params = queueParams(filters)
  const next = page.next ? new URLSearchParams(params) : null
  next?.set('after', encodeCursor(page.next!))
  // A request a processor forwarded is marked with the processor's name; a processor sees the tasks its clients gave it.
  const forwardedBy = forwardedByNames(db, { orgId: org.id, requestIds: page.rows.map((r) => r.id) })
  // Another open request of the same right by the same address or phone number (docs/decisions/023).
  const duplicates = idsWithOpenDuplicates(db, { orgId: org.id, ids: page.rows.map((r) => r.id) })
  const ctx = { daysLeft: daysLeftFrom(now, org.timeZone), tz: org.timeZone, lang, names }
  return {
    filters,
    params: params.toString(),
    counts: statusCounts(db, org.id),
    officers: activeAmong(members).map((o) => ({ id: o.id, name: o.name })),
    // A processor's request about a client's call says whose it is, or that it needs routing (docs/decisions/016, 017).
    rows: page.rows.map((r) => ({ ...rowView(r, ctx), forwardedBy: forwardedBy.get(r.id) ?? null, forClient: answeredBy(org, r), duplicate: duplicates.has(r.id) })),
    tasks: org.kind === 'processor' ? openTasksView(db, { org, lang, now }) : null,
    nextHref: next ? `?${next.toString()}` : null,
    isLaterPage: q.after !== null,
  }
}

/**
 * The current view (filters and order) as CSV, in the officer's language,
 * every row up to EXPORT_MAX, in parts: the header row with the first batch
 * of rows, then one part per batch, each read from the database only when
 * the part before it has been taken. Joined, the parts are the whole file.
 */
export function* queueCsvParts(db: DB, q: { org: Organisation; user: Pick<User, 'id'>; filters: QueueFilters; lang: Language; now: Date }): Generator<string, void, undefined> {
  const t = fixedT(q.lang, ['officer', 'request'])
  const names = new Map(orgMembers(db, q.org.id, ROLES).map((m) => [m.id, m.name]))
  const tz = q.org.timeZone
  const dates = csvDates(tz)
  // A handful of distinct words (types, statuses, outcomes) over thousands of rows: each translated once.
  const words = new Map<string, string>()
  const word = (key: string) => words.get(key) ?? words.set(key, t(key)).get(key)!
  const header = ['reference', 'person', 'email', 'type', 'status', 'outcome', 'received', 'legalDeadline', 'target', 'closed', 'lastActivity', 'assignee', 'timeZone'].map((k) => t(`queue.csv.${k}`))
  let head = csvHead(header)
  // Dates and times in ISO 8601, in the organisation's zone with its offset, the zone named in its own column: a spreadsheet sorts them, a program parses them.
  for (const rows of queueExportBatches(db, { orgId: q.org.id, userId: q.user.id, now: q.now, filters: q.filters, max: EXPORT_MAX })) {
    const part = csvRows(
      rows.map((r) => {
        const received = r.status !== 'unverified'
        return [
          r.reference,
          r.subjectName,
          r.subjectEmail,
          word(`request:types.${r.type}.name`),
          word(`statusName.${r.status}`),
          r.outcome ? word(`outcome.${r.outcome}`) : '',
          received ? dates.dateTime(r.receivedAt) : '',
          received ? dates.date(r.dueAt) : '',
          received ? dates.date(r.slaDueAt) : '',
          r.closedAt ? dates.dateTime(r.closedAt) : '',
          dates.dateTime(r.lastActivityAt),
          r.assigneeId ? (names.get(r.assigneeId) ?? '') : '',
          tz,
        ]
      }),
    )
    yield head + part
    head = ''
  }
  if (head) yield head
}
