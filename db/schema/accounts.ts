import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { LANGUAGES, NOTIFICATION_DELIVERIES, NOTIFICATION_KINDS, ROLES, TOKEN_PURPOSES, type Localized } from '../../app/vocabulary'
import { sealedText } from '../sealed'
import { organisations } from './organisations'

export const users = sqliteTable(
  'users',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Null for the portal operator; set for an organisation's admins and officers. */
    orgId: integer('org_id').references(() => organisations.id),
    role: text('role', { enum: ROLES }).notNull(),
    /** The sign-in address's keyed hash: how an account is found. The address itself is sealed. */
    emailHash: text('email_hash').notNull().unique(),
    email: sealedText('email', 'users.email').notNull(),
    name: sealedText('name', 'users.name').notNull(),
    language: text('language', { enum: LANGUAGES }).notNull().default('en'),
    passwordHash: text('password_hash'),
    /** Sealed: with it and the password, anyone could sign in. */
    totpSecret: sealedText('totp_secret', 'users.totp_secret'),
    totpConfirmedAt: integer('totp_confirmed_at', { mode: 'timestamp_ms' }),
    /** The last accepted TOTP time step, so a code can never be used twice. */
    totpLastStep: integer('totp_last_step'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    removedAt: integer('removed_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('users_org_idx').on(t.orgId)],
)

export type User = typeof users.$inferSelect

/**
 * Server-side sessions, for officers and for people following their request.
 * The cookie holds a random token; only its SHA-256 is stored.
 */
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: ['officer', 'subject', 'controller'] }).notNull(),
    userId: integer('user_id').references(() => users.id, { onDelete: 'cascade' }),
    requestId: integer('request_id'),
    /** Controller sessions: the secure link the code was given on (docs/decisions/017). */
    linkId: integer('link_id'),
    /** Officer sessions: set once the second factor was given. */
    secondFactorAt: integer('second_factor_at', { mode: 'timestamp_ms' }),
    /** Subject sessions: until when answers may be downloaded, after a fresh confirmation of the address. */
    downloadsUntil: integer('downloads_until', { mode: 'timestamp_ms' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    lastSeenAt: integer('last_seen_at', { mode: 'timestamp_ms' }).notNull(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_expiry_idx').on(t.expiresAt)],
)

/** Single-use links: email confirmation, status access, invitations, password resets, answer downloads. */
export const tokens = sqliteTable(
  'tokens',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    purpose: text('purpose', { enum: TOKEN_PURPOSES }).notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    requestId: integer('request_id'),
    userId: integer('user_id').references(() => users.id, { onDelete: 'cascade' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    usedAt: integer('used_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('tokens_request_idx').on(t.requestId, t.purpose), index('tokens_user_idx').on(t.userId, t.purpose), index('tokens_expiry_idx').on(t.expiresAt)],
)

/** Fixed-window counters for rate limits. Keys hold keyed hashes, never a typed address; old windows are removed. */
export const rateLimits = sqliteTable(
  'rate_limits',
  {
    key: text('key').primaryKey(),
    windowStart: integer('window_start', { mode: 'timestamp_ms' }).notNull(),
    windowMs: integer('window_ms').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [index('rate_limits_window_idx').on(t.windowStart)],
)

/** How each officer wants to be told of each kind of new work; a missing row means the default. */
export const notificationPreferences = sqliteTable(
  'notification_preferences',
  {
    userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: NOTIFICATION_KINDS }).notNull(),
    delivery: text('delivery', { enum: NOTIFICATION_DELIVERIES }).notNull(),
    /** For deadline_near: how many days before the legal deadline. */
    days: integer('days'),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
)

/** An organisation's reusable texts for messages and answers, per language, with {{placeholders}}. */
export const replyTemplates = sqliteTable(
  'reply_templates',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    orgId: integer('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    /** The organisation's own text (no personal data): one body per language. */
    bodies: text('bodies', { mode: 'json' }).$type<Localized>().notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('reply_templates_org_idx').on(t.orgId)],
)

export type ReplyTemplate = typeof replyTemplates.$inferSelect
