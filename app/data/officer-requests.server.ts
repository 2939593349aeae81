import { and, asc, count, desc, eq, inArray, isNull, lt, ne, notInArray, or, sql, type SQL } from 'drizzle-orm'
import type { DB, Tx } from '#db/client.server'
import { organisations, requests, requestStatusCounts, requestTerms, users, type Request } from '#db/schema'
import type { QueueCursor, QueueFilters } from '~/data/queue-filters'
import { OPEN_STATUSES, type OpenStatus, type Role } from '~/vocabulary'

export * from '~/data/queue-filters'
import { keyedHash } from '~/utils/crypto.server'
import { normaliseEmail, searchWords } from '~/utils/search-terms'
import { phoneE164 } from '~/utils/phone-number.server'
import { normaliseReference } from '~/utils/reference'

// The officers' only way to the requests table. Isolation lives here, once:
// every function takes the organisation id and every query is built on
// orgRequests(orgId), so a request of another organisation is simply not found
// (and the route answers 404). Routes never read the requests table themselves.

/** The WHERE every officer query starts from: this organisation's requests, and more conditions. */
export function orgRequests(orgId: number, ...conditions: Array<SQL | undefined>): SQL {
  return and(eq(requests.orgId, orgId), ...conditions)!
}

export function emailHash(email: string): string {
  return keyedHash('email', normaliseEmail(email))
}

/** Keyed hash of a phone number read in the organisation's country; null when it cannot be a number. */
export function phoneHash(db: DB | Tx, orgId: number, phone: string | null | undefined): string | null {
  if (!phone) return null
  const org = db.select({ country: organisations.country }).from(organisations).where(eq(organisations.id, orgId)).get()
  const e164 = org ? phoneE164(phone, org.country) : null
  return e164 ? keyedHash('phone', e164) : null
}

/** Stores a new request with the keyed hashes of its name's words and of its phone number, for search and for finding duplicates. */
export function insertRequest(tx: Tx, values: typeof requests.$inferInsert): Request {
  const row = tx
    .insert(requests)
    .values({ ...values, phoneHash: phoneHash(tx, values.orgId, values.subjectPhone) })
    .returning()
    .get()
  writeNameTerms(tx, row)
  return row
}

function writeNameTerms(tx: Tx, row: Pick<Request, 'id' | 'orgId' | 'subjectName'>) {
  tx.delete(requestTerms).where(eq(requestTerms.requestId, row.id)).run()
  const terms = searchWords(row.subjectName).map((word) => ({ orgId: row.orgId, requestId: row.id, termHash: keyedHash('name-term', word) }))
  if (terms.length) tx.insert(requestTerms).values(terms).onConflictDoNothing().run()
}

/** Changes a request and returns it as it now is. Only the domain's transitions call it. */
export function updateRequest(tx: Tx, id: number, set: Partial<typeof requests.$inferInsert>): Request {
  let row = tx.update(requests).set(set).where(eq(requests.id, id)).returning().get()!
  if (set.subjectName !== undefined) writeNameTerms(tx, row)
  if (set.subjectPhone !== undefined) row = tx.update(requests).set({ phoneHash: phoneHash(tx, row.orgId, row.subjectPhone) }).where(eq(requests.id, id)).returning().get()!
  return row
}

/** One request of the organisation; undefined when it does not exist or belongs to another organisation. */
export function getRequestForOrg(db: DB | Tx, q: { orgId: number; id: number }): Request | undefined {
  if (!Number.isSafeInteger(q.id) || q.id <= 0) return undefined
  return db.select().from(requests).where(orgRequests(q.orgId, eq(requests.id, q.id))).get()
}

/** Of these ids, those that belong to the organisation (in chunks: SQLite limits the number of variables). */
export function requestIdsForOrg(db: DB | Tx, q: { orgId: number; ids: number[] }): number[] {
  const ids = [...new Set(q.ids.filter((id) => Number.isSafeInteger(id) && id > 0))]
  const found: number[] = []
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500)
    for (const r of db.select({ id: requests.id }).from(requests).where(orgRequests(q.orgId, inArray(requests.id, chunk))).all()) found.push(r.id)
  }
  return found
}

/** The organisation's members in these roles, not removed; `active` once they have set a password. */
export function orgMembers(db: DB | Tx, orgId: number, roles: readonly Role[]) {
  return db
    .select({ id: users.id, name: users.name, email: users.email, language: users.language, role: users.role, active: sql<number>`${users.passwordHash} is not null` })
    .from(users)
    .where(and(eq(users.orgId, orgId), inArray(users.role, [...roles]), isNull(users.removedAt)))
    .orderBy(asc(users.id))
    .all()
    .map((u) => ({ ...u, active: !!u.active }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id)
}

export function isOrgMember(db: DB | Tx, q: { orgId: number; userId: number; roles: readonly Role[] }): boolean {
  return !!db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, q.userId), eq(users.orgId, q.orgId), inArray(users.role, [...q.roles]), isNull(users.removedAt)))
    .get()
}

/** The organisation's open requests assigned to someone. */
export function openRequestsAssignedTo(db: DB | Tx, q: { orgId: number; userId: number }): Request[] {
  return db.select().from(requests).where(orgRequests(q.orgId, eq(requests.assigneeId, q.userId), eq(requests.closed, false))).all()
}

// ---------------------------------------------------------------------------- the queue

export const QUEUE_PAGE_SIZE = 50

const SORT_COLUMN = { deadline: requests.dueAt, received: requests.receivedAt, activity: requests.lastActivityAt } as const

/**
 * A name word that many requests share is tested row by row while the queue
 * walks its order (one primary-key probe each, and the page fills quickly);
 * rarer words are looked up first and only their requests are read and
 * sorted. The cut: a word in fewer requests than this, counted through the
 * index and no further.
 */
export const COMMON_TERM = 2000

type Search = { condition: SQL; byIds: boolean }

/**
 * What a search matches, each through an index: a reference number (the
 * unique index), an email address (its keyed hash), or the words of a name
 * (their keyed hashes; every word must match). `byIds`: the few matching
 * requests are read by id and sorted, instead of walking the queue's order.
 */
function searchCondition(db: DB | Tx, orgId: number, q: string): Search {
  const reference = normaliseReference(q)
  if (reference) return { condition: eq(requests.reference, reference), byIds: false }
  if (q.includes('@')) return { condition: eq(requests.emailHash, emailHash(q)), byIds: false }
  const hashes = [...new Set(searchWords(q).map((w) => keyedHash('name-term', w)))]
  if (hashes.length === 0) return { condition: sql`0`, byIds: false }
  const uses = hashes.map((h) => ({ h, n: termUses(db, orgId, h) }))
  if (uses.some((u) => u.n < COMMON_TERM)) {
    const matching = sql`(select ${requestTerms.requestId} from ${requestTerms} where ${requestTerms.orgId} = ${orgId} and ${inArray(requestTerms.termHash, hashes)} group by ${requestTerms.requestId} having count(distinct ${requestTerms.termHash}) = ${hashes.length})`
    return { condition: sql`${requests.id} in ${matching}`, byIds: true }
  }
  // Every word is common: each is a probe of request_terms' primary key (org, term, request) for the row at hand.
  return { condition: and(...hashes.map((h) => sql`exists (select 1 from ${requestTerms} where ${requestTerms.orgId} = ${orgId} and ${requestTerms.termHash} = ${h} and ${requestTerms.requestId} = ${requests.id})`))!, byIds: false }
}

/** How many of the organisation's requests have this name word, counted no further than COMMON_TERM. */
function termUses(db: DB | Tx, orgId: number, termHash: string): number {
  const row = db.get<{ n: number }>(sql`select count(*) as n from (select 1 from ${requestTerms} where ${requestTerms.orgId} = ${orgId} and ${requestTerms.termHash} = ${termHash} limit ${COMMON_TERM})`)
  return row?.n ?? 0
}

function filterConditions(orgId: number, f: QueueFilters, ctx: { userId: number; now: Date }, search?: Search): SQL[] {
  const where: SQL[] = []
  // Without a status the queue is the open requests; the closed column keeps that in the index.
  where.push(f.status ? eq(requests.status, f.status) : eq(requests.closed, false))
  if (f.type) where.push(eq(requests.type, f.type))
  if (f.assigned === 'me') where.push(eq(requests.assigneeId, ctx.userId))
  if (f.assigned === 'unassigned') where.push(isNull(requests.assigneeId))
  // Dates are the end of their day, so passing one means late. A request not yet
  // received (unverified) has no deadline yet, and a closed one is late no more.
  if (f.overdue || f.pastTarget) where.push(eq(requests.closed, false), ne(requests.status, 'unverified'))
  if (f.overdue) where.push(lt(requests.dueAt, ctx.now))
  if (f.pastTarget) where.push(lt(requests.slaDueAt, ctx.now))
  if (f.unverified) where.push(isNull(requests.identityVerifiedAt), notInArray(requests.status, ['unverified']))
  if (f.needsRouting) where.push(eq(requests.routing, 'needs_routing'))
  if (search) where.push(search.condition)
  return where
}

function queueQuery(db: DB | Tx, q: { orgId: number; userId: number; now: Date; filters: QueueFilters; after?: QueueCursor }) {
  const column = SORT_COLUMN[q.filters.sort]
  const asc_ = q.filters.dir === 'asc'
  const search = q.filters.q ? searchCondition(db, q.orgId, q.filters.q) : undefined
  const where = filterConditions(q.orgId, q.filters, q, search)
  if (q.after) where.push(asc_ ? sql`(${column}, ${requests.id}) > (${q.after.key}, ${q.after.id})` : sql`(${column}, ${requests.id}) < (${q.after.key}, ${q.after.id})`)
  return {
    // A search by a rare word reads its few requests by id: the unary + keeps SQLite off the organisation's
    // indexes (all of which start with org_id), which would walk every request of the view to find them.
    where: search?.byIds ? and(sql`+${requests.orgId} = ${q.orgId}`, ...where)! : orgRequests(q.orgId, ...where),
    order: asc_ ? [asc(column), asc(requests.id)] : [desc(column), desc(requests.id)],
    column,
  }
}

const QUEUE_COLUMNS = {
  id: requests.id,
  reference: requests.reference,
  type: requests.type,
  status: requests.status,
  outcome: requests.outcome,
  subjectName: requests.subjectName,
  subjectEmail: requests.subjectEmail,
  receivedAt: requests.receivedAt,
  dueAt: requests.dueAt,
  slaDueAt: requests.slaDueAt,
  lastActivityAt: requests.lastActivityAt,
  closedAt: requests.closedAt,
  pausedAt: requests.pausedAt,
  identityVerifiedAt: requests.identityVerifiedAt,
  assigneeId: requests.assigneeId,
  channel: requests.channel,
  routing: requests.routing,
  clientKey: requests.clientKey,
}

export type QueueRow = { [K in keyof typeof QUEUE_COLUMNS]: Request[K] }

/**
 * One page of the queue in the chosen order. Keyset pagination: the cursor
 * is the last row's (sort key, id), so a page costs the same at row ten or at
 * row a million.
 */
export function queuePage(db: DB | Tx, q: { orgId: number; userId: number; now: Date; filters: QueueFilters; after?: QueueCursor; limit?: number }) {
  const limit = q.limit ?? QUEUE_PAGE_SIZE
  const { where, order } = queueQuery(db, q)
  const rows: QueueRow[] = db
    .select(QUEUE_COLUMNS)
    .from(requests)
    .where(where)
    .orderBy(...order)
    .limit(limit + 1)
    .all()
  const page = rows.slice(0, limit)
  const last = page[page.length - 1]
  const sortKey = (r: QueueRow) => ({ deadline: r.dueAt, received: r.receivedAt, activity: r.lastActivityAt })[q.filters.sort].getTime()
  const next = rows.length > limit && last ? { key: sortKey(last), id: last.id } : undefined
  return { rows: page, next }
}

/** The SQL of the queue's query, for checking its plan (tests and benchmarks). */
export function queueSql(db: DB, q: { orgId: number; userId: number; now: Date; filters: QueueFilters; after?: QueueCursor }) {
  const { where, order } = queueQuery(db, q)
  return db
    .select({ id: requests.id })
    .from(requests)
    .where(where)
    .orderBy(...order)
    .limit(QUEUE_PAGE_SIZE + 1)
    .toSQL()
}

/**
 * How many of the organisation's open requests are in each open status,
 * from request_status_counts (kept by triggers on requests in the
 * transaction of each change): a few rows, however many requests are open.
 * Counting the open part of the status index instead took about 20 ms at a
 * million requests, the one part of the queue page that grew with them.
 */
export function statusCounts(db: DB | Tx, orgId: number): Record<OpenStatus, number> {
  const counts = Object.fromEntries(OPEN_STATUSES.map((s) => [s, 0])) as Record<OpenStatus, number>
  const rows = db
    .select({ status: requestStatusCounts.status, n: requestStatusCounts.n })
    .from(requestStatusCounts)
    .where(and(eq(requestStatusCounts.orgId, orgId), inArray(requestStatusCounts.status, [...OPEN_STATUSES])))
    .all() as Array<{ status: OpenStatus; n: number }>
  for (const r of rows) counts[r.status] = r.n
  return counts
}

/**
 * Other requests to the organisation under the same name from a different
 * address: a sign that someone may be asking for another person's data.
 */
export function sameNameOtherAddress(db: DB | Tx, r: Pick<Request, 'id' | 'orgId' | 'subjectName' | 'emailHash'>): Array<Pick<Request, 'id' | 'reference'>> {
  const words = searchWords(r.subjectName)
  if (words.length === 0) return []
  const hashes = words.map((w) => keyedHash('name-term', w))
  return db
    .select({ id: requests.id, reference: requests.reference })
    .from(requests)
    .where(
      orgRequests(
        r.orgId,
        ne(requests.id, r.id),
        r.emailHash ? ne(requests.emailHash, r.emailHash) : undefined,
        sql`${requests.id} in (select ${requestTerms.requestId} from ${requestTerms} where ${requestTerms.orgId} = ${r.orgId} and ${inArray(requestTerms.termHash, hashes)} group by ${requestTerms.requestId} having count(distinct ${requestTerms.termHash}) = ${hashes.length})`,
      ),
    )
    .orderBy(desc(requests.id))
    .limit(10)
    .all()
}

/** The keyed hashes of the words of one request's name. */
function nameTermsOf(db: DB | Tx, requestId: number): string[] {
  return db.select({ h: requestTerms.termHash }).from(requestTerms).where(eq(requestTerms.requestId, requestId)).all().map((r) => r.h)
}

export type DuplicateBasis = 'email' | 'phone' | 'name'

/**
 * The organisation's other open requests of the same right (and the same
 * client, for a processor's) by the same address, the same phone number, or
 * exactly the same words of a name (two at least), each with what matched.
 * Requests filed together, one per controller, are not duplicates of each other.
 */
export function duplicateCandidates(
  db: DB | Tx,
  r: Pick<Request, 'id' | 'orgId' | 'type' | 'emailHash' | 'phoneHash' | 'clientKey' | 'groupId'>,
): Array<{ request: Request; basis: DuplicateBasis[] }> {
  const terms = nameTermsOf(db, r.id)
  const byName =
    terms.length >= 2
      ? // Requests holding every word of the name (read through the words' own index
        // entries, not the organisation's whole index), and no other word.
        sql`${requests.id} in (select t.request_id from ${requestTerms} t where t.org_id = ${r.orgId} and t.term_hash in ${terms} group by t.request_id having count(distinct t.term_hash) = ${terms.length} and (select count(*) from ${requestTerms} u where u.request_id = t.request_id) = ${terms.length})`
      : undefined
  const rows = db
    .select()
    .from(requests)
    .where(
      orgRequests(
        r.orgId,
        ne(requests.id, r.id),
        eq(requests.closed, false),
        eq(requests.type, r.type),
        r.clientKey === null ? isNull(requests.clientKey) : eq(requests.clientKey, r.clientKey),
        r.groupId === null ? undefined : sql`coalesce(${requests.groupId}, '') <> ${r.groupId}`,
        or(r.emailHash ? eq(requests.emailHash, r.emailHash) : undefined, r.phoneHash ? eq(requests.phoneHash, r.phoneHash) : undefined, byName),
      ),
    )
    .orderBy(asc(requests.receivedAt), asc(requests.id))
    .limit(10)
    .all()
  return rows.map((o) => {
    const basis: DuplicateBasis[] = []
    if (r.emailHash && o.emailHash === r.emailHash) basis.push('email')
    if (r.phoneHash && o.phoneHash === r.phoneHash) basis.push('phone')
    if (terms.length >= 2) {
      const theirs = nameTermsOf(db, o.id)
      if (theirs.length === terms.length && theirs.every((h) => terms.includes(h))) basis.push('name')
    }
    return { request: o, basis }
  })
}

/**
 * Of these open requests, those with another open request of the same right
 * by the same address or phone number: the queue's "possible duplicate" mark,
 * one query per page through the address and phone indexes (the request page
 * also finds matches by name, with duplicateCandidates).
 */
export function idsWithOpenDuplicates(db: DB | Tx, q: { orgId: number; ids: number[] }): Set<number> {
  if (q.ids.length === 0) return new Set()
  // The unary + keeps SQLite off indexes that would walk every open request of the organisation:
  // the page's rows are read by id, and each candidate found through the address or the phone index.
  const mergeable = (t: string) => sql.raw(`+${t}.closed = 0 and +${t}.routing is null and ${t}.forwarded_from_request_id is null`)
  const other = sql.raw(`d.org_id = r.org_id and d.id <> r.id and d.type = r.type and d.closed = 0 and +d.routing is null and d.forwarded_from_request_id is null
          and (d.group_id is null or r.group_id is null or d.group_id <> r.group_id)`)
  const rows = db.all<{ id: number }>(sql`
    select r.id as id from requests r
    where +r.org_id = ${q.orgId} and r.id in (${sql.join(q.ids.slice(0, 500).map((id) => sql`${id}`), sql`, `)}) and ${mergeable('r')}
      and (
        exists (select 1 from requests d where d.email_hash = r.email_hash and ${other})
        or (coalesce(r.phone_hash, '') <> '' and exists (select 1 from requests d where d.phone_hash = r.phone_hash and ${other}))
      )`)
  return new Set(rows.map((r) => r.id))
}

/**
 * Requests stored before phone numbers were hashed for finding duplicates:
 * up to `max` of them get their keyed hash now ('' when the number cannot be
 * read, so each is looked at once). Returns how many were done.
 */
export function hashMissingPhones(db: DB, max = 500): number {
  const rows = db
    .select({ id: requests.id, orgId: requests.orgId, subjectPhone: requests.subjectPhone })
    .from(requests)
    .where(and(isNull(requests.phoneHash), sql`${requests.subjectPhone} is not null`))
    .limit(max)
    .all()
  for (const r of rows) db.update(requests).set({ phoneHash: phoneHash(db, r.orgId, r.subjectPhone) ?? '' }).where(eq(requests.id, r.id)).run()
  return rows.length
}
