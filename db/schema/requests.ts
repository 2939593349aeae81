import { sql } from 'drizzle-orm'
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import type { RequestDetails } from '../../app/domain/request-types'
import { organisations } from './organisations'
import { users } from './accounts'

export const REQUEST_STATUSES = [
  'unverified', // filed, email address not yet confirmed
  'received', // email confirmed, waiting for an officer
  'in_progress', // an officer is working on it
  'awaiting_subject', // the organisation asked the person for information or identity
  'completed',
  'refused',
  'withdrawn',
] as const
export type RequestStatus = (typeof REQUEST_STATUSES)[number]

export const CHANNELS = ['web', 'phone', 'letter', 'in_person', 'email'] as const
export type Channel = (typeof CHANNELS)[number]

export const requests = sqliteTable(
  'requests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    orgId: integer('org_id').notNull().references(() => organisations.id),
    reference: text('reference').notNull().unique(),
    type: text('type', { enum: ['access', 'rectification', 'erasure', 'restriction', 'objection', 'portability'] }).notNull(),
    status: text('status', { enum: REQUEST_STATUSES }).notNull(),
    /** 1 once the request reached a final status; keeps the queue index small and ordered. */
    closed: integer('closed', { mode: 'boolean' }).notNull().default(false),
    channel: text('channel', { enum: CHANNELS }).notNull().default('web'),
    language: text('language', { enum: ['da', 'no', 'fi', 'en'] }).notNull(),
    /** For requests filed with a processor: the controller the person was contacted about, if known. */
    onBehalfOfOrgId: integer('on_behalf_of_org_id').references(() => organisations.id),
    details: text('details', { mode: 'json' }).$type<RequestDetails>().notNull(),
    subjectName: text('subject_name').notNull(),
    subjectEmail: text('subject_email').notNull(),
    subjectPhone: text('subject_phone'),
    subjectIdentifiers: text('subject_identifiers', { mode: 'json' }).$type<Record<string, string>>().notNull(),
    receivedAt: integer('received_at', { mode: 'timestamp_ms' }).notNull(),
    emailVerifiedAt: integer('email_verified_at', { mode: 'timestamp_ms' }),
    identityVerifiedAt: integer('identity_verified_at', { mode: 'timestamp_ms' }),
    identityMethod: text('identity_method'),
    /** The legal deadline (Art. 12(3)), moved by an extension or a paused clock. */
    dueAt: integer('due_at', { mode: 'timestamp_ms' }).notNull(),
    /** The organisation's own target (its SLA in days). */
    slaDueAt: integer('sla_due_at', { mode: 'timestamp_ms' }).notNull(),
    /** The earlier of the two: what the queue sorts by. */
    queueDueAt: integer('queue_due_at', { mode: 'timestamp_ms' }).notNull(),
    extensionMonths: integer('extension_months').notNull().default(0),
    /** While the organisation waits for the person and its clock is paused. */
    pausedAt: integer('paused_at', { mode: 'timestamp_ms' }),
    assigneeId: integer('assignee_id').references(() => users.id),
    closedAt: integer('closed_at', { mode: 'timestamp_ms' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [
    index('requests_queue_idx').on(t.orgId, t.closed, t.queueDueAt, t.id),
    index('requests_org_status_idx').on(t.orgId, t.status, t.queueDueAt, t.id),
    index('requests_org_assignee_idx').on(t.orgId, t.assigneeId, t.closed, t.queueDueAt),
    index('requests_org_received_idx').on(t.orgId, t.receivedAt),
    index('requests_org_email_idx').on(t.orgId, t.subjectEmail),
    index('requests_email_idx').on(t.subjectEmail, t.status),
  ],
)

export type Request = typeof requests.$inferSelect

/**
 * The audit trail and the request's timeline in one: every state change, by
 * whom and when. Events with a request id form that request's history; the
 * others (imports, invitations, sign-ins) are organisation or portal events.
 */
export const events = sqliteTable(
  'events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
    orgId: integer('org_id').references(() => organisations.id),
    requestId: integer('request_id').references(() => requests.id, { onDelete: 'cascade' }),
    actorKind: text('actor_kind', { enum: ['subject', 'officer', 'operator', 'system'] }).notNull(),
    actorUserId: integer('actor_user_id').references(() => users.id),
    kind: text('kind').notNull(),
    /** Shown to the person on their status page. */
    visibleToSubject: integer('visible_to_subject', { mode: 'boolean' }).notNull().default(false),
    data: text('data', { mode: 'json' }).$type<Record<string, unknown>>().notNull().default(sql`'{}'`),
  },
  (t) => [index('events_request_idx').on(t.requestId, t.id), index('events_org_idx').on(t.orgId, t.at)],
)

export type RequestEvent = typeof events.$inferSelect

/** Answers of a request being filled in, kept server-side so no page loses them. */
export const requestDrafts = sqliteTable('request_drafts', {
  id: text('id').primaryKey(), // sha256 of the cookie's token
  orgId: integer('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
  data: text('data', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
})
