import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { INSTRUCTION_KINDS } from '../../app/vocabulary'
import { sealedJson, sealedText } from '../sealed'
import { organisations } from './organisations'
import { requests } from './requests'

/**
 * One hand-over of a processor's request to the controller it is for
 * (docs/decisions/016, 017): to whom, by which email, and what the controller
 * did with it. A request sent back ("not our customer") keeps its row,
 * inactive, and a new one is made when it is routed again.
 */
export const forwardings = sqliteTable(
  'forwardings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The processor. */
    orgId: integer('org_id').notNull().references(() => organisations.id),
    /** The processor's request. */
    requestId: integer('request_id').notNull().references(() => requests.id),
    clientKey: text('client_key').notNull(),
    /** The controller's own organisation on the portal, and the request made for it there. */
    controllerOrgId: integer('controller_org_id').references(() => organisations.id),
    controllerRequestId: integer('controller_request_id').references(() => requests.id),
    /** The privacy contact it was sent to (sealed) and its keyed hash. */
    recipient: sealedText('recipient', 'forwardings.recipient').notNull(),
    recipientHash: text('recipient_hash').notNull(),
    /** The forwarding email in the outbox, its Message-ID, and the SHA-256 of the message as sent. */
    outboxId: integer('outbox_id'),
    messageId: text('message_id'),
    sentSha256: text('sent_sha256'),
    /** The bounce address's token (envelope sender), as a hash; minted when the email is sent. */
    bounceTokenHash: text('bounce_token_hash'),
    forwardedAt: integer('forwarded_at', { mode: 'timestamp_ms' }).notNull(),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
    undeliveredAt: integer('undelivered_at', { mode: 'timestamp_ms' }),
    /** The first time the controller opened its link with a code. */
    openedAt: integer('opened_at', { mode: 'timestamp_ms' }),
    acknowledgedAt: integer('acknowledged_at', { mode: 'timestamp_ms' }),
    /** The controller answered (through the portal, or told the portal it answers directly, on `directAnswerOn`). */
    answeredAt: integer('answered_at', { mode: 'timestamp_ms' }),
    directAnswerOn: text('direct_answer_on'),
    returnedAt: integer('returned_at', { mode: 'timestamp_ms' }),
    /** Reminders sent so far for a missing acknowledgement, and when the escalation went out. */
    reminders: integer('reminders').notNull().default(0),
    escalatedAt: integer('escalated_at', { mode: 'timestamp_ms' }),
    /** False once sent back: the request is routed again. */
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
  },
  (t) => [
    index('forwardings_request_idx').on(t.requestId, t.active),
    index('forwardings_org_idx').on(t.orgId, t.active, t.acknowledgedAt),
    index('forwardings_controller_request_idx').on(t.controllerRequestId),
    index('forwardings_outbox_idx').on(t.outboxId),
    index('forwardings_bounce_idx').on(t.bounceTokenHash),
  ],
)

export type Forwarding = typeof forwardings.$inferSelect

/**
 * The secure link a controller without an account follows to its forwarded
 * request: random, stored as a hash, scoped to one forwarding, revocable, and
 * usable only with a one-time code emailed to the controller's contact on
 * each visit. It stops working 30 days after the request closes.
 */
export const controllerLinks = sqliteTable(
  'controller_links',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    forwardingId: integer('forwarding_id').notNull().references(() => forwardings.id),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
    /** The current one-time code: its hash, until when it works, wrong tries so far. */
    codeHash: text('code_hash'),
    codeExpiresAt: integer('code_expires_at', { mode: 'timestamp_ms' }),
    codeAttempts: integer('code_attempts').notNull().default(0),
  },
  (t) => [index('controller_links_forwarding_idx').on(t.forwardingId)],
)

export type ControllerLink = typeof controllerLinks.$inferSelect

/**
 * A controller's instruction to its processor about one request (Art.
 * 28(3)(e)): a task in the processor's queue, due within 5 working days and
 * never after the request's deadline, reported back when done.
 */
export const assistanceTasks = sqliteTable(
  'assistance_tasks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The processor, who carries it out. */
    orgId: integer('org_id').notNull().references(() => organisations.id),
    requestId: integer('request_id').notNull().references(() => requests.id),
    forwardingId: integer('forwarding_id').notNull().references(() => forwardings.id),
    kind: text('kind', { enum: INSTRUCTION_KINDS }).notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    dueAt: integer('due_at', { mode: 'timestamp_ms' }).notNull(),
    doneAt: integer('done_at', { mode: 'timestamp_ms' }),
    doneBy: integer('done_by'),
    /** What was done, as facts: categories and row counts, channels listed. */
    result: sealedJson<Record<string, unknown>>('result', 'assistance_tasks.result'),
    escalatedAt: integer('escalated_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('assistance_tasks_org_idx').on(t.orgId, t.doneAt, t.dueAt), index('assistance_tasks_request_idx').on(t.requestId)],
)

export type AssistanceTask = typeof assistanceTasks.$inferSelect
