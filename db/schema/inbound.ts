import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { sealedBlob, sealedText } from '../sealed'
import { users } from './accounts'
import { organisations } from './organisations'
import { requests } from './requests'

/**
 * What became of an email the portal received (docs/decisions/020): a draft
 * waiting for an officer's triage, confirmed as a request, dismissed as not a
 * request, merged into an existing request, or threaded onto its request as a reply.
 */
export const INBOUND_STATUSES = ['draft', 'confirmed', 'dismissed', 'merged', 'threaded'] as const
export type InboundStatus = (typeof INBOUND_STATUSES)[number]

/** Every email the listener took in for an organisation, kept as received: sealed, like other personal data. */
export const inboundEmails = sqliteTable(
  'inbound_emails',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    orgId: integer('org_id').notNull().references(() => organisations.id),
    status: text('status', { enum: INBOUND_STATUSES }).notNull(),
    /** When the portal's listener accepted it: a confirmed draft's legal month runs from here. */
    receivedAt: integer('received_at', { mode: 'timestamp_ms' }).notNull(),
    fromAddress: sealedText('from_address', 'inbound_emails.from_address').notNull(),
    fromName: sealedText('from_name', 'inbound_emails.from_name'),
    /** Keyed hash of the sender's address: finds the person's other requests without reading it. */
    fromHash: text('from_hash').notNull(),
    subject: sealedText('subject', 'inbound_emails.subject').notNull(),
    /** The whole text as written, quoted earlier mail included. */
    body: sealedText('body', 'inbound_emails.body').notNull(),
    /** The message as it came over SMTP, headers and all. */
    raw: sealedBlob('raw', 'inbound_emails.raw').notNull(),
    /** The request it became or was threaded onto. */
    requestId: integer('request_id').references(() => requests.id, { onDelete: 'set null' }),
    triagedBy: integer('triaged_by').references(() => users.id),
    triagedAt: integer('triaged_at', { mode: 'timestamp_ms' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('inbound_emails_org_idx').on(t.orgId, t.status, t.receivedAt), index('inbound_emails_request_idx').on(t.requestId)],
)

export type InboundEmail = typeof inboundEmails.$inferSelect

/** A received email's attachments, as files, sealed. */
export const inboundAttachments = sqliteTable(
  'inbound_attachments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    inboundId: integer('inbound_id').notNull().references(() => inboundEmails.id, { onDelete: 'cascade' }),
    orgId: integer('org_id').notNull().references(() => organisations.id),
    filename: sealedText('filename', 'inbound_attachments.filename').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    content: sealedBlob('content', 'inbound_attachments.content').notNull(),
  },
  (t) => [index('inbound_attachments_inbound_idx').on(t.inboundId)],
)

export type InboundAttachment = typeof inboundAttachments.$inferSelect

/**
 * The token in a reply-to address (`<box>+r-<token>@<domain>`) of an email to
 * the person: a reply to it threads onto the request. Random, stored as a hash,
 * minted when the email is sent.
 */
export const replyTokens = sqliteTable(
  'reply_tokens',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    requestId: integer('request_id').notNull().references(() => requests.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [uniqueIndex('reply_tokens_hash_idx').on(t.tokenHash)],
)
