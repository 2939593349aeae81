import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import type { TokenPurpose } from '../../app/vocabulary'
import { sealedJson, sealedText } from '../sealed'

/**
 * A link an email carries, minted when the email is sent, never before: the
 * outbox holds what kind of token to make, not the token, so no live link
 * can be read from the database file.
 */
export type LinkSpec = {
  /** The parameter the template reads the link from. */
  name: string
  /**
   * `controller_access`: a controller's secure link to one forwarding, not single-use (docs/decisions/017).
   * `controller_code`: the one-time code for the controller link `linkId`, made when the email is sent (the template reads the code as the link's `url`).
   */
  purpose: TokenPurpose | 'controller_access' | 'controller_code'
  requestId?: number
  forwardingId?: number
  linkId?: number
  userId?: number
  ttlMs: number
  /** The path under PUBLIC_URL, with `{token}` where the token goes. */
  path: string
  /** Links of the same purpose still unused stop working when this one is sent. */
  replacesOthers?: boolean
}

/**
 * Every email is written here in the transaction that causes it and delivered
 * by the outbox worker (app/jobs/outbox.server.ts), which renders it at send
 * time from the template's name and its (sealed) parameters.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    /** Cleared once sent. */
    recipient: sealedText('recipient', 'outbox.recipient'),
    /** Keyed hash of the address: caps how much mail one address can be sent. */
    recipientHash: text('recipient_hash').notNull(),
    language: text('language').notNull(),
    template: text('template').notNull(),
    /** The template's parameters; cleared once sent. */
    params: sealedJson<Record<string, unknown>>('params', 'outbox.params'),
    links: text('links', { mode: 'json' }).$type<LinkSpec[]>().notNull(),
    /** Stable across retries, so a receiving server can drop a duplicate. */
    messageId: text('message_id').notNull(),
    status: text('status', { enum: ['pending', 'sending', 'sent', 'failed'] }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at', { mode: 'timestamp_ms' }).notNull(),
    lockedUntil: integer('locked_until', { mode: 'timestamp_ms' }),
    /** The SMTP reply code or error class only: a server's message may quote the address. */
    lastError: text('last_error'),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
    /** A delivery report (DSN) came back for it: the recipient never got it. */
    undeliveredAt: integer('undelivered_at', { mode: 'timestamp_ms' }),
    orgId: integer('org_id'),
    requestId: integer('request_id'),
  },
  (t) => [
    index('outbox_due_idx').on(t.status, t.nextAttemptAt),
    index('outbox_request_idx').on(t.requestId),
    index('outbox_org_sent_idx').on(t.orgId, t.status, t.createdAt),
    index('outbox_recipient_idx').on(t.recipientHash, t.createdAt),
    index('outbox_message_id_idx').on(t.messageId),
  ],
)

export type OutboxEmail = typeof outbox.$inferSelect
