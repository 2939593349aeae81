import { and, asc, count, eq, gte, inArray, isNull, like, lt, or, sql, type SQL } from 'drizzle-orm'
import type { DB, Tx } from '#db/client.server'
import { events, requests, users, type Request, type RequestStatus, REQUEST_STATUSES } from '#db/schema'
import { normaliseReference } from '~/domain/reference'
import { REQUEST_TYPES, type RequestType } from '~/domain/request-types'

// The officers' only way to the requests table. Isolation lives here, once:
// every function takes the organisation id and every query is built on
// orgRequests(orgId), so a request of another organisation is simply not found
// (and the route answers 404). Routes never read the requests table themselves.

/** The WHERE every officer query starts from: this organisation's requests, and more conditions. */
export function orgRequests(orgId: number, ...conditions: Array<SQL | undefined>): SQL {
  return and(eq(requests.orgId, orgId), ...conditions)!
}

/** One request of the organisation; undefined when it does not exist or belongs to another organisation. */
export function getRequestForOrg(db: DB | Tx, q: { orgId: number; id: number }): Request | undefined {
  if (!Number.isSafeInteger(q.id) || q.id <= 0) return undefined
  return db.select().from(requests).where(orgRequests(q.orgId, eq(requests.id, q.id))).get()
}

/** Of these ids, those that belong to the organisation. */
export function requestIdsForOrg(db: DB | Tx, q: { orgId: number; ids: number[] }): number[] {
  const ids = q.ids.filter((id) => Number.isSafeInteger(id) && id > 0)
  if (ids.length === 0) return []
  return db
    .select({ id: requests.id })
    .from(requests)
    .where(orgRequests(q.orgId, inArray(requests.id, ids)))
    .all()
    .map((r) => r.id)
}

/** The organisation's officers and admins who can be given a request. */
export function orgOfficers(db: DB | Tx, orgId: number) {
  return db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(and(eq(users.orgId, orgId), inArray(users.role, ['officer', 'admin']), isNull(users.removedAt)))
    .orderBy(asc(users.name), asc(users.id))
    .all()
}

export function isOrgOfficer(db: DB | Tx, q: { orgId: number; userId: number }): boolean {
  return orgOfficers(db, q.orgId).some((u) => u.id === q.userId)
}

export type QueueFilters = {
  status?: RequestStatus
  type?: RequestType
  assigned?: 'me' | 'unassigned'
  overdue?: boolean
  /** Identity not yet verified. */
  unverified?: boolean
  q?: string
}

export type QueueCursor = { dueAt: number; id: number }

export const QUEUE_PAGE_SIZE = 50

/** Reads the queue's filters from a URL's search parameters, ignoring anything unknown. */
export function parseQueueFilters(params: URLSearchParams): QueueFilters {
  const status = params.get('status')
  const type = params.get('type')
  const assigned = params.get('assigned')
  const q = params.get('q')?.trim().slice(0, 200)
  return {
    status: (REQUEST_STATUSES as readonly string[]).includes(status ?? '') ? (status as RequestStatus) : undefined,
    type: (REQUEST_TYPES as readonly string[]).includes(type ?? '') ? (type as RequestType) : undefined,
    assigned: assigned === 'me' || assigned === 'unassigned' ? assigned : undefined,
    overdue: params.get('overdue') === '1' || undefined,
    unverified: params.get('unverified') === '1' || undefined,
    q: q || undefined,
  }
}

export function encodeCursor(c: QueueCursor): string {
  return `${c.dueAt}.${c.id}`
}

export function decodeCursor(value: string | null | undefined): QueueCursor | undefined {
  const m = /^(\d{1,15})\.(\d{1,15})$/.exec(value ?? '')
  if (!m) return undefined
  return { dueAt: Number(m[1]), id: Number(m[2]) }
}

function escapeLike(s: string) {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`)
}

/**
 * What a search matches, chosen so that the two exact kinds use an index: a
 * reference number (the unique index), an email address (the organisation's
 * email index, as a prefix range). Anything else is a part of a name or
 * address, read along the queue's own order.
 */
function searchCondition(q: string): SQL {
  const reference = normaliseReference(q)
  if (reference) return eq(requests.reference, reference)
  const text = q.toLowerCase()
  // Addresses are stored in lower case; everything from "text" up to "text" followed by the highest character.
  if (text.includes('@')) return and(gte(requests.subjectEmail, text), lt(requests.subjectEmail, `${text}\u{10FFFF}`))!
  const pattern = `%${escapeLike(q)}%`
  return or(like(requests.subjectName, pattern), like(requests.subjectEmail, pattern))!
}

function filterConditions(f: QueueFilters, ctx: { userId: number; now: Date }): SQL[] {
  const where: SQL[] = []
  // Without a status the queue is the open requests; the closed column keeps that in the index.
  where.push(f.status ? eq(requests.status, f.status) : eq(requests.closed, false))
  if (f.type) where.push(eq(requests.type, f.type))
  if (f.assigned === 'me') where.push(eq(requests.assigneeId, ctx.userId))
  if (f.assigned === 'unassigned') where.push(isNull(requests.assigneeId))
  // queueDueAt is the end of the due day, so passing it means overdue.
  if (f.overdue) where.push(lt(requests.queueDueAt, ctx.now))
  if (f.unverified) where.push(isNull(requests.identityVerifiedAt))
  if (f.q) where.push(searchCondition(f.q))
  return where
}

/**
 * One page of the queue, most urgent first (earlier of legal and SLA
 * deadline, then id). Keyset pagination: the cursor is the last row's
 * (queueDueAt, id), so a page costs the same at row ten or at row a million.
 */
export function queuePage(db: DB | Tx, q: { orgId: number; userId: number; now: Date; filters: QueueFilters; after?: QueueCursor; limit?: number }) {
  const limit = q.limit ?? QUEUE_PAGE_SIZE
  const where = filterConditions(q.filters, q)
  if (q.after) where.push(sql`(${requests.queueDueAt}, ${requests.id}) > (${q.after.dueAt}, ${q.after.id})`)
  const rows = db
    .select({
      id: requests.id,
      reference: requests.reference,
      type: requests.type,
      status: requests.status,
      subjectName: requests.subjectName,
      subjectEmail: requests.subjectEmail,
      receivedAt: requests.receivedAt,
      queueDueAt: requests.queueDueAt,
      pausedAt: requests.pausedAt,
      identityVerifiedAt: requests.identityVerifiedAt,
      assigneeId: requests.assigneeId,
      assigneeName: users.name,
    })
    .from(requests)
    .leftJoin(users, eq(users.id, requests.assigneeId))
    .where(orgRequests(q.orgId, ...where))
    .orderBy(asc(requests.queueDueAt), asc(requests.id))
    .limit(limit + 1)
    .all()
  const page = rows.slice(0, limit)
  const last = page[page.length - 1]
  const next = rows.length > limit && last ? { dueAt: last.queueDueAt.getTime(), id: last.id } : undefined
  return { rows: page, next }
}

export const OPEN_STATUSES = ['unverified', 'received', 'in_progress', 'awaiting_subject'] as const satisfies readonly RequestStatus[]
export type OpenStatus = (typeof OPEN_STATUSES)[number]

/**
 * How many of the organisation's open requests are in each open status.
 * Closed requests only grow with the years, so they are not counted here
 * (the dashboard does): this reads only the open part of the status index.
 */
export function statusCounts(db: DB | Tx, orgId: number): Record<OpenStatus, number> {
  const counts = Object.fromEntries(OPEN_STATUSES.map((s) => [s, 0])) as Record<OpenStatus, number>
  const rows = db
    .select({ status: requests.status, n: count() })
    .from(requests)
    .where(orgRequests(orgId, inArray(requests.status, [...OPEN_STATUSES])))
    .groupBy(requests.status)
    .all() as Array<{ status: OpenStatus; n: number }>
  for (const r of rows) counts[r.status] = r.n
  return counts
}

/** Every event of one of the organisation's requests, oldest first, with the officer who acted. */
export function requestTimeline(db: DB | Tx, q: { orgId: number; requestId: number }) {
  return db
    .select({
      id: events.id,
      at: events.at,
      kind: events.kind,
      actorKind: events.actorKind,
      actorName: users.name,
      visibleToSubject: events.visibleToSubject,
      data: events.data,
    })
    .from(events)
    .leftJoin(users, eq(users.id, events.actorUserId))
    .where(and(eq(events.orgId, q.orgId), eq(events.requestId, q.requestId)))
    .orderBy(asc(events.id))
    .all()
}

/** The SQL of the queue's query, for checking its plan (tests and benchmarks). */
export function queueSql(db: DB, q: { orgId: number; userId: number; now: Date; filters: QueueFilters; after?: QueueCursor }) {
  const where = filterConditions(q.filters, q)
  if (q.after) where.push(sql`(${requests.queueDueAt}, ${requests.id}) > (${q.after.dueAt}, ${q.after.id})`)
  return db
    .select({ id: requests.id })
    .from(requests)
    .where(orgRequests(q.orgId, ...where))
    .orderBy(asc(requests.queueDueAt), asc(requests.id))
    .limit(QUEUE_PAGE_SIZE + 1)
    .toSQL()
}
