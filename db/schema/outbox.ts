import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'

/**
 * Every email is written here in the transaction that causes it and delivered
 * by the outbox worker (app/jobs/outbox.server.ts).
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    toAddress: text('to_address').notNull(),
    language: text('language').notNull(),
    template: text('template').notNull(),
    subject: text('subject').notNull(),
    html: text('html').notNull(),
    text: text('text').notNull(),
    /** Stable across retries, so a receiving server can drop a duplicate. */
    messageId: text('message_id').notNull(),
    status: text('status', { enum: ['pending', 'sending', 'sent', 'failed'] }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at', { mode: 'timestamp_ms' }).notNull(),
    lockedUntil: integer('locked_until', { mode: 'timestamp_ms' }),
    lastError: text('last_error'),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
    orgId: integer('org_id'),
    requestId: integer('request_id'),
  },
  (t) => [index('outbox_due_idx').on(t.status, t.nextAttemptAt), index('outbox_request_idx').on(t.requestId)],
)

export type OutboxEmail = typeof outbox.$inferSelect
