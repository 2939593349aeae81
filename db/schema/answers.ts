import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { ANSWER_OUTCOMES, type CategoryAction, type WithholdReason } from '../../app/vocabulary'
import { sealedBlob, sealedJson, sealedText } from '../sealed'
import { users } from './accounts'
import { organisations } from './organisations'
import { messages, requests } from './requests'

export type CollectedRow = Record<string, string | number | boolean | null>

/** What the organisation holds about the person, by data category, as an officer attached it (sealed). */
export const collectedData = sqliteTable(
  'collected_data',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    orgId: integer('org_id').notNull().references(() => organisations.id),
    requestId: integer('request_id').notNull().references(() => requests.id, { onDelete: 'cascade' }),
    category: text('category').notNull(),
    source: text('source', { enum: ['upload', 'sqlite', 'webhook'] }).notNull(),
    rows: sealedJson<CollectedRow[]>('rows', 'collected_data.rows').notNull(),
    rowCount: integer('row_count').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    createdBy: integer('created_by').references(() => users.id),
    /** Null while the officer previews it; only accepted data goes into an answer. */
    acceptedAt: integer('accepted_at', { mode: 'timestamp_ms' }),
    /** Rows and cells an officer left out of the copy under Art. 15(4), with the reason (sealed; docs/decisions/021). */
    withheld: sealedJson<Withholding[]>('withheld', 'collected_data.withheld'),
  },
  // By organisation for the purge: it looks at one organisation's collected data without opening the (wide, sealed) rows.
  (t) => [index('collected_data_request_idx').on(t.requestId), index('collected_data_org_idx').on(t.orgId, t.requestId)],
)

export { WITHHOLD_REASONS, type WithholdReason } from '../../app/vocabulary'
/** One row (0-based, in the order collected) or one cell of it, left out of the copy. */
export type Withholding = { row: number; column?: string; reason: WithholdReason }

export const COLLECTED_FILE_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const
export type CollectedFileType = (typeof COLLECTED_FILE_TYPES)[number]

/** Documents and images that are part of the person's data (an X-ray, a letter), kept with the table they came with (sealed). */
export const collectedFiles = sqliteTable(
  'collected_files',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    orgId: integer('org_id').notNull().references(() => organisations.id),
    requestId: integer('request_id').notNull().references(() => requests.id, { onDelete: 'cascade' }),
    collectedId: integer('collected_id').notNull().references(() => collectedData.id, { onDelete: 'cascade' }),
    /** The file's name as given, cleaned: it may name the person. */
    name: sealedText('name', 'collected_files.name').notNull(),
    /** Read from the file's own bytes, never from its name. */
    contentType: text('content_type', { enum: COLLECTED_FILE_TYPES }).notNull(),
    size: integer('size').notNull(),
    content: sealedBlob('content', 'collected_files.content').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('collected_files_request_idx').on(t.requestId)],
)

/** What was done with one data category of the person's data, for the response letter. */
export type CategoryDecisionRecord = {
  category: string
  action: CategoryAction
  corrections?: Array<{ field: string; oldValue: string; newValue: string }>
  keptUntil?: string
  note?: string
}

/** The answer an officer prepares, previews and sends: one per request. */
export const answers = sqliteTable(
  'answers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    orgId: integer('org_id').notNull().references(() => organisations.id),
    requestId: integer('request_id').notNull().references(() => requests.id, { onDelete: 'cascade' }),
    outcome: text('outcome', { enum: ANSWER_OUTCOMES }).notNull(),
    /** Keys of the grounds a partial grant or refusal rests on (app/domain/grounds.ts). */
    grounds: text('grounds', { mode: 'json' }).$type<string[]>().notNull(),
    /** The officer's words to the person (the reasons of a partial grant or refusal), sealed; a message once sent. */
    reasons: sealedText('reasons', 'answers.reasons'),
    reasonMessageId: integer('reason_message_id').references(() => messages.id),
    decisions: sealedJson<CategoryDecisionRecord[]>('decisions', 'answers.decisions').notNull(),
    /** Register recipients (by index) told of a rectification, erasure or restriction (Art. 19). */
    notifiedRecipients: text('notified_recipients', { mode: 'json' }).$type<number[]>().notNull(),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
    /** After this the person can no longer download the documents. */
    downloadUntil: integer('download_until', { mode: 'timestamp_ms' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [uniqueIndex('answers_request_idx').on(t.requestId)],
)

export type Answer = typeof answers.$inferSelect

export const DOCUMENT_KINDS = ['access_pdf', 'access_json', 'portability_zip', 'response_pdf', 'attachment'] as const
export type DocumentKind = (typeof DOCUMENT_KINDS)[number]

/** The documents of a sent answer, exactly as sent (sealed): what the person downloads. */
export const answerDocuments = sqliteTable(
  'answer_documents',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    orgId: integer('org_id').notNull().references(() => organisations.id),
    requestId: integer('request_id').notNull().references(() => requests.id, { onDelete: 'cascade' }),
    answerId: integer('answer_id').notNull().references(() => answers.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: DOCUMENT_KINDS }).notNull(),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    content: sealedBlob('content', 'answer_documents.content').notNull(),
    size: integer('size').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  // By organisation for the purge: which answers' documents are stored, without reading the documents.
  (t) => [index('answer_documents_answer_idx').on(t.answerId), index('answer_documents_org_idx').on(t.orgId, t.answerId, t.requestId)],
)

/**
 * The organisation's do-not-contact list: keyed hashes of phone numbers and
 * addresses of people who objected to direct marketing (Art. 21(3)), usable
 * for nothing but the check.
 */
export const suppressions = sqliteTable(
  'suppressions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    orgId: integer('org_id').notNull().references(() => organisations.id),
    channel: text('channel', { enum: ['phone', 'email'] }).notNull(),
    valueHash: text('value_hash').notNull(),
    requestId: integer('request_id'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    /** Null: kept until the person says otherwise. */
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }),
  },
  (t) => [uniqueIndex('suppressions_value_idx').on(t.orgId, t.channel, t.valueHash)],
)

/** Keys an organisation's own systems use for the portal's API: random, shown once, stored hashed, revocable. */
export const apiKeys = sqliteTable(
  'api_keys',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    orgId: integer('org_id').notNull().references(() => organisations.id),
    label: text('label').notNull(),
    /** The key's first characters, so a key in use can be recognised. */
    prefix: text('prefix').notNull(),
    keyHash: text('key_hash').notNull().unique(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    createdBy: integer('created_by').references(() => users.id),
    lastUsedAt: integer('last_used_at', { mode: 'timestamp_ms' }),
    revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('api_keys_org_idx').on(t.orgId)],
)

export type ManifestDocument = { kind: DocumentKind; filename: string; size: number; sha256: string }

/**
 * What a sent answer disclosed, without the data (docs/decisions/025): per
 * document its kind, size and hash, the categories and their row counts, who
 * sent it and when. Written with the answer; outlives its documents.
 */
export const answerManifests = sqliteTable(
  'answer_manifests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    orgId: integer('org_id').notNull().references(() => organisations.id),
    requestId: integer('request_id').notNull().references(() => requests.id, { onDelete: 'cascade' }),
    outcome: text('outcome', { enum: ANSWER_OUTCOMES }).notNull(),
    documents: text('documents', { mode: 'json' }).$type<ManifestDocument[]>().notNull(),
    categories: text('categories', { mode: 'json' }).$type<Array<{ category: string; rows: number }>>().notNull(),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }).notNull(),
    /** Who sent it: an officer (by id), or a processor's client through its link. */
    sentByKind: text('sent_by_kind').notNull(),
    sentByUserId: integer('sent_by_user_id'),
  },
  (t) => [uniqueIndex('answer_manifests_request_idx').on(t.requestId)],
)

export type AnswerManifest = typeof answerManifests.$inferSelect
