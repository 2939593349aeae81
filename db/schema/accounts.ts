import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { organisations } from './organisations'

export const ROLES = ['operator', 'admin', 'officer'] as const
export type Role = (typeof ROLES)[number]

export const users = sqliteTable(
  'users',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Null for the portal operator; set for an organisation's admins and officers. */
    orgId: integer('org_id').references(() => organisations.id),
    role: text('role', { enum: ROLES }).notNull(),
    email: text('email').notNull().unique(),
    name: text('name').notNull(),
    language: text('language', { enum: ['da', 'no', 'fi', 'en'] }).notNull().default('en'),
    passwordHash: text('password_hash'),
    totpSecret: text('totp_secret'),
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
    kind: text('kind', { enum: ['officer', 'subject'] }).notNull(),
    userId: integer('user_id').references(() => users.id, { onDelete: 'cascade' }),
    requestId: integer('request_id'),
    /** Officer sessions: set once the second factor was given. */
    secondFactorAt: integer('second_factor_at', { mode: 'timestamp_ms' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    lastSeenAt: integer('last_seen_at', { mode: 'timestamp_ms' }).notNull(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
)

/** Single-use links: email confirmation, status access, invitations, password resets. */
export const tokens = sqliteTable(
  'tokens',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    purpose: text('purpose', { enum: ['confirm_email', 'status_access', 'invitation', 'password_reset'] }).notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    requestId: integer('request_id'),
    userId: integer('user_id').references(() => users.id, { onDelete: 'cascade' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    usedAt: integer('used_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('tokens_request_idx').on(t.requestId, t.purpose)],
)

/** Fixed-window counters for rate limits (sign-in, password reset, new links). */
export const rateLimits = sqliteTable('rate_limits', {
  key: text('key').primaryKey(),
  windowStart: integer('window_start', { mode: 'timestamp_ms' }).notNull(),
  count: integer('count').notNull(),
})
