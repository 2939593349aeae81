import { sql } from 'drizzle-orm'
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { ACTOR_KINDS, CHANNELS, LANGUAGES, OUTCOMES, PAUSE_REASONS, REQUEST_STATUSES, REQUEST_TYPES, ROUTINGS } from '../../app/vocabulary'
import { sealedJson, sealedText } from '../sealed'
import { users } from './accounts'
import { organisations } from './organisations'

/** What a person asked, by right: kept as filed (sealed), shaped by app/domain/request-types.ts. */
export type StoredDetails = { type: (typeof REQUEST_TYPES)[number] } & Record<string, unknown>

export const requests = sqliteTable(
  'requests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    orgId: integer('org_id').notNull().references(() => organisations.id),
    reference: text('reference').notNull().unique(),
    type: text('type', { enum: REQUEST_TYPES }).notNull(),
    status: text('status', { enum: REQUEST_STATUSES }).notNull(),
    /** How it ended, once closed. */
    outcome: text('outcome', { enum: OUTCOMES }),
    /** 1 once the request reached a final status; keeps the queue's indexes small and ordered. */
    closed: integer('closed', { mode: 'boolean' }).notNull().default(false),
    channel: text('channel', { enum: CHANNELS }).notNull().default('web'),
    language: text('language', { enum: LANGUAGES }).notNull(),
    /** For requests filed with a processor: the controller's own organisation on the portal, when the client named has one. */
    onBehalfOfOrgId: integer('on_behalf_of_org_id').references(() => organisations.id),
    /**
     * A request filed with a processor about a call made for a client is the
     * client's to answer (docs/decisions/016): `client` when the person named
     * it (clientKey), `needs_routing` until someone finds out which one. Null:
     * the organisation answers itself.
     */
    routing: text('routing', { enum: ROUTINGS }),
    /** The key of the client in the processor's register (its organisation file). */
    clientKey: text('client_key'),
    /** Requests filed together about several clients share it: one request per controller, linked. */
    groupId: text('group_id'),
    /** A controller's request made from a processor's (docs/decisions/017): the processor's request it was forwarded from. */
    forwardedFromRequestId: integer('forwarded_from_request_id'),
    details: sealedJson<StoredDetails>('details', 'requests.details').notNull(),
    subjectName: sealedText('subject_name', 'requests.subject_name').notNull(),
    /** None when an officer registered a request from someone without an email address: they are told by letter. */
    subjectEmail: sealedText('subject_email', 'requests.subject_email'),
    subjectPhone: sealedText('subject_phone', 'requests.subject_phone'),
    /** A postal address, as the person gave it to an officer. */
    subjectAddress: sealedText('subject_address', 'requests.subject_address'),
    subjectIdentifiers: sealedJson<Record<string, string>>('subject_identifiers', 'requests.subject_identifiers').notNull(),
    /** Keyed hash of the lower-cased address: how a request is found by its address without reading it. */
    emailHash: text('email_hash'),
    /** Keyed hash of the phone number in E.164 form (read in the organisation's country): how a duplicate is found by its number. */
    phoneHash: text('phone_hash'),
    /** The officer who registered a request received by phone, letter, in person or email; none for the web form. */
    registeredById: integer('registered_by_id').references(() => users.id),
    /** When the person sent it. */
    filedAt: integer('filed_at', { mode: 'timestamp_ms' }).notNull(),
    /** When the organisation received it: the legal month runs from here (docs/decisions/008). */
    receivedAt: integer('received_at', { mode: 'timestamp_ms' }).notNull(),
    emailVerifiedAt: integer('email_verified_at', { mode: 'timestamp_ms' }),
    identityVerifiedAt: integer('identity_verified_at', { mode: 'timestamp_ms' }),
    identityMethod: text('identity_method'),
    /** An officer let personal data go out without a verified identity, with a recorded reason. */
    identityOverriddenAt: integer('identity_overridden_at', { mode: 'timestamp_ms' }),
    /** The legal deadline (Art. 12(3)), moved by an extension or a paused clock. */
    dueAt: integer('due_at', { mode: 'timestamp_ms' }).notNull(),
    /** The organisation's own target (its SLA in days). */
    slaDueAt: integer('sla_due_at', { mode: 'timestamp_ms' }).notNull(),
    extensionMonths: integer('extension_months').notNull().default(0),
    /** While the clock stands still: since when, and what the organisation waits for. */
    pausedAt: integer('paused_at', { mode: 'timestamp_ms' }),
    pauseReason: text('pause_reason', { enum: PAUSE_REASONS }),
    /** Whole local days the clock stood still in pauses already ended. */
    pausedDays: integer('paused_days').notNull().default(0),
    assigneeId: integer('assignee_id').references(() => users.id),
    /** The last time anything happened on the request: the queue sorts by it. */
    lastActivityAt: integer('last_activity_at', { mode: 'timestamp_ms' }).notNull(),
    closedAt: integer('closed_at', { mode: 'timestamp_ms' }),
    /** The draft this request was sent from, so sending it twice says so instead of filing twice. */
    draftKey: text('draft_key'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
    /** An officer kept the data collected for the answer past its sending, with a reason (a message): it then lasts as long as the request's record. */
    collectedKeptAt: integer('collected_kept_at', { mode: 'timestamp_ms' }),
    /**
     * Set when the request's personal data was erased by its retention period
     * (docs/decisions/025): what remains is a tombstone, its dates to the day,
     * and its figures moved to request_figures.
     */
    purgedAt: integer('purged_at', { mode: 'timestamp_ms' }),
    /** Kept in the tombstone: answered no later than the legal deadline. */
    answeredOnTime: integer('answered_on_time', { mode: 'boolean' }),
  },
  (t) => [
    index('requests_purge_closed_idx').on(t.orgId, t.purgedAt, t.closedAt),
    index('requests_purge_unconfirmed_idx').on(t.orgId, t.status, t.purgedAt, t.filedAt),
    // The queue's orders (open requests by deadline, receipt, activity), each
    // carrying what the digest and the queue's cheap filters test, so counting
    // open requests never opens a row (whose sealed columns make it wide).
    index('requests_due_idx').on(t.orgId, t.closed, t.dueAt, t.id, t.status, t.assigneeId, t.receivedAt),
    index('requests_received_idx').on(t.orgId, t.closed, t.receivedAt, t.id),
    index('requests_activity_idx').on(t.orgId, t.closed, t.lastActivityAt, t.id),
    // One status in each of the queue's orders: a rare status is read in order, not sorted out of all the organisation's rows.
    index('requests_org_status_idx').on(t.orgId, t.status, t.dueAt, t.id),
    index('requests_org_status_received_idx').on(t.orgId, t.status, t.receivedAt, t.id),
    index('requests_org_status_activity_idx').on(t.orgId, t.status, t.lastActivityAt, t.id),
    index('requests_org_assignee_idx').on(t.orgId, t.assigneeId, t.closed, t.dueAt, t.id, t.status),
    // The dashboard's period: every column its counts group and test, for the rows not purged, so it reads this index alone.
    index('requests_period_idx')
      .on(t.orgId, t.receivedAt, t.status, t.type, t.closed, t.closedAt, t.dueAt, t.purgedAt)
      .where(sql`purged_at is null`),
    index('requests_org_email_idx').on(t.orgId, t.emailHash, t.closed, t.dueAt, t.id),
    index('requests_email_idx').on(t.emailHash, t.status),
    index('requests_org_phone_idx').on(t.orgId, t.phoneHash, t.closed),
    index('requests_org_routing_idx').on(t.orgId, t.routing, t.closed, t.dueAt),
    index('requests_group_idx').on(t.groupId),
    index('requests_forwarded_from_idx').on(t.forwardedFromRequestId),
    uniqueIndex('requests_draft_idx').on(t.draftKey),
  ],
)

export type Request = typeof requests.$inferSelect

/** Keyed hashes of the words of each request's name, so officers can search names that are stored sealed. */
export const requestTerms = sqliteTable(
  'request_terms',
  {
    orgId: integer('org_id').notNull(),
    termHash: text('term_hash').notNull(),
    requestId: integer('request_id').notNull().references(() => requests.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.termHash, t.requestId] }), index('request_terms_request_idx').on(t.requestId)],
)

/**
 * One request merged into another of the same person (docs/decisions/023):
 * which survived, which was absorbed, what each was before (so the merge can
 * be undone exactly) and which messages moved. Ids and instants, no content.
 */
export type MergeBefore = {
  absorbed: { status: (typeof REQUEST_STATUSES)[number]; outcome: (typeof OUTCOMES)[number] | null; closedAt: string | null }
  survivor: { receivedAt: string }
}

export const requestMerges = sqliteTable(
  'request_merges',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    orgId: integer('org_id').notNull().references(() => organisations.id),
    survivorId: integer('survivor_id').notNull().references(() => requests.id, { onDelete: 'cascade' }),
    absorbedId: integer('absorbed_id').notNull().references(() => requests.id, { onDelete: 'cascade' }),
    before: text('before', { mode: 'json' }).$type<MergeBefore>().notNull(),
    movedMessageIds: text('moved_message_ids', { mode: 'json' }).$type<number[]>().notNull(),
    mergedAt: integer('merged_at', { mode: 'timestamp_ms' }).notNull(),
    mergedById: integer('merged_by_id').references(() => users.id),
    undoneAt: integer('undone_at', { mode: 'timestamp_ms' }),
    undoneById: integer('undone_by_id').references(() => users.id),
  },
  (t) => [index('request_merges_survivor_idx').on(t.survivorId, t.undoneAt), index('request_merges_absorbed_idx').on(t.absorbedId, t.undoneAt)],
)

export type RequestMerge = typeof requestMerges.$inferSelect

export const MESSAGE_AUDIENCES = ['subject', 'internal'] as const
/** What a written text is for; the events that refer to it say what happened. */
export const MESSAGE_PURPOSES = ['question', 'message', 'reply', 'note', 'extension_reason', 'answer', 'refusal_reason', 'withdrawal_note', 'received_note', 'override_reason', 'backdate_reason', 'identity_note', 'kept_reason'] as const
export type MessagePurpose = (typeof MESSAGE_PURPOSES)[number]

/**
 * Everything written on a request: the organisation's messages and answers,
 * the person's replies, officers' notes and reasons. Events refer to them by
 * id and hold only facts, so the audit trail can outlive the text.
 */
export const messages = sqliteTable(
  'messages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    orgId: integer('org_id').notNull().references(() => organisations.id),
    requestId: integer('request_id').notNull().references(() => requests.id, { onDelete: 'cascade' }),
    authorKind: text('author_kind', { enum: ACTOR_KINDS }).notNull(),
    authorUserId: integer('author_user_id').references(() => users.id),
    /** Who reads it: the person (and the officers), or officers only. */
    audience: text('audience', { enum: MESSAGE_AUDIENCES }).notNull(),
    purpose: text('purpose', { enum: MESSAGE_PURPOSES }).notNull(),
    body: sealedText('body', 'messages.body').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('messages_request_idx').on(t.requestId, t.id)],
)

export type Message = typeof messages.$inferSelect

/**
 * The audit trail and the request's timeline in one: every state change, by
 * whom and when, as facts (app/domain/events.ts declares each kind's data).
 * Each entry carries a keyed hash over itself and the previous entry's hash,
 * so a changed or removed entry breaks the chain (`npm run portal -- verify-audit`).
 * No foreign key to requests: the trail outlives a request's personal data.
 */
export const events = sqliteTable(
  'events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
    orgId: integer('org_id'),
    requestId: integer('request_id'),
    actorKind: text('actor_kind', { enum: ACTOR_KINDS }).notNull(),
    actorUserId: integer('actor_user_id'),
    kind: text('kind').notNull(),
    data: text('data', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('events_request_idx').on(t.requestId, t.id), index('events_org_idx').on(t.orgId, t.at), index('events_org_kind_idx').on(t.orgId, t.kind, t.at)],
)

export type EventRow = typeof events.$inferSelect

/**
 * A point up to which the audit trail was verified (docs/decisions/014):
 * the entry's id, its position (entries up to it) and its chain hash, with a
 * keyed seal over the three so a checkpoint cannot be written without
 * INDEX_KEY. `verify-audit --since-checkpoint` recomputes only the entries
 * after the newest one; `verify-audit` (in full) rechecks them all.
 */
export const auditCheckpoints = sqliteTable('audit_checkpoints', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  eventId: integer('event_id').notNull(),
  entries: integer('entries').notNull(),
  hash: text('hash').notNull(),
  seal: text('seal').notNull(),
  /** Whether the check that recorded it started from the first entry. */
  full: integer('full', { mode: 'boolean' }).notNull(),
  at: integer('at', { mode: 'timestamp_ms' }).notNull(),
})

export type AuditCheckpoint = typeof auditCheckpoints.$inferSelect

/**
 * How many entries the audit trail holds: one row (id 1), kept by triggers on
 * events (db/migrations, "audit_count") in the transaction of each insert or
 * delete, so the anchor logged at start and every hour does not count
 * millions of rows.
 */
export const auditCount = sqliteTable('audit_count', {
  id: integer('id').primaryKey(),
  entries: integer('entries').notNull(),
})

/** Answers of a request being filled in, kept server-side (sealed) so no page loses them. */
export const requestDrafts = sqliteTable(
  'request_drafts',
  {
    id: text('id').primaryKey(), // sha256 of the cookie's token
    orgId: integer('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    data: sealedJson<Record<string, unknown>>('data', 'request_drafts.data').notNull(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('request_drafts_expiry_idx').on(t.expiresAt)],
)

/**
 * How many of an organisation's requests are in each status: the queue's
 * counts, read without counting the open requests at every view. Kept by
 * triggers on requests (db/migrations, "request_status_counts"), whoever
 * writes, in the same transaction as the change.
 */
export const requestStatusCounts = sqliteTable(
  'request_status_counts',
  {
    orgId: integer('org_id').notNull(),
    status: text('status', { enum: REQUEST_STATUSES }).notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.status] })],
)

/**
 * The dashboard's figures of one local month of an organisation's requests
 * (not purged), as computed from its rows: a cache. Triggers on requests
 * (db/migrations, "dashboard_months triggers") delete a month's row whenever
 * a request received in it is inserted, deleted, or changes a column the
 * figures read, whoever writes it; the dashboard computes a missing month
 * again. A month is its instants [start_at, end_at) in the organisation's
 * time zone at the time, so a changed zone simply misses.
 */
export const dashboardMonths = sqliteTable(
  'dashboard_months',
  {
    orgId: integer('org_id').notNull(),
    startAt: integer('start_at').notNull(),
    endAt: integer('end_at').notNull(),
    /** MonthFigures (app/data/dashboard.server.ts) as JSON. */
    figures: text('figures').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.startAt] })],
)

/**
 * The dashboard's figures of purged requests (docs/decisions/025): counts per
 * organisation, local month of receipt, right, status and outcome, with the
 * days to answer in tenths (-1: not answered) as a histogram. Nothing here
 * names a person; a request's row moves its count here when it is purged.
 */
export const requestFigures = sqliteTable(
  'request_figures',
  {
    orgId: integer('org_id').notNull(),
    month: text('month').notNull(),
    type: text('type', { enum: REQUEST_TYPES }).notNull(),
    status: text('status', { enum: REQUEST_STATUSES }).notNull(),
    /** '' while none. */
    outcome: text('outcome').notNull().default(''),
    tenths: integer('tenths').notNull().default(-1),
    n: integer('n').notNull().default(0),
    onTime: integer('on_time').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.month, t.type, t.status, t.outcome, t.tenths] })],
)
