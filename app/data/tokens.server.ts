import { and, eq, isNull, lt } from 'drizzle-orm'
import type { DB, Tx } from '#db/client.server'
import { tokens } from '#db/schema'
import type { TokenPurpose } from '~/vocabulary'
import { nowMs } from '~/utils/clock'
import { hashToken, randomToken } from '~/utils/tokens.server'

// Single-use links of every kind: random, stored only as hashes, expiring.
// Links in email are minted when the email is sent (app/jobs/outbox.server.ts).

export function issueToken(tx: Tx | DB, t: { purpose: TokenPurpose; requestId?: number; userId?: number; ttlMs: number }) {
  return storeToken(tx, { ...t, token: randomToken() })
}

/** Stores a token made elsewhere (a code short enough to type from a letter), by its hash only. */
export function storeToken(tx: Tx | DB, t: { purpose: TokenPurpose; token: string; requestId?: number; userId?: number; ttlMs: number }) {
  const token = t.token
  const at = nowMs()
  const expiresAt = new Date(at + t.ttlMs)
  tx.insert(tokens)
    .values({ purpose: t.purpose, tokenHash: hashToken(token), requestId: t.requestId ?? null, userId: t.userId ?? null, createdAt: new Date(at), expiresAt })
    .run()
  return { token, expiresAt }
}

export type TokenRow = typeof tokens.$inferSelect

/** The row of a token, used or not. */
export function findToken(tx: Tx | DB, purpose: TokenPurpose, token: string): TokenRow | undefined {
  return tx
    .select()
    .from(tokens)
    .where(and(eq(tokens.tokenHash, hashToken(token)), eq(tokens.purpose, purpose)))
    .get()
}

/** Marks a single-use token used; says why when it cannot be used. */
export function consumeToken(
  tx: Tx | DB,
  purpose: TokenPurpose,
  token: string,
): { ok: true; requestId: number | null; userId: number | null } | { ok: false; reason: 'invalid' | 'expired' | 'used' } {
  const row = findToken(tx, purpose, token)
  if (!row) return { ok: false, reason: 'invalid' }
  if (row.usedAt) return { ok: false, reason: 'used' }
  if (row.expiresAt.getTime() <= nowMs()) return { ok: false, reason: 'expired' }
  const claimed = tx
    .update(tokens)
    .set({ usedAt: new Date(nowMs()) })
    .where(and(eq(tokens.id, row.id), isNull(tokens.usedAt)))
    .run()
  if (claimed.changes !== 1) return { ok: false, reason: 'used' }
  return { ok: true, requestId: row.requestId, userId: row.userId }
}

/** Unused links of one purpose stop working (a newer one was sent, or the account changed). */
export function expireUnusedTokens(tx: Tx | DB, q: { purpose: TokenPurpose; userId?: number; requestId?: number }): void {
  const owner = q.userId !== undefined ? eq(tokens.userId, q.userId) : eq(tokens.requestId, q.requestId ?? -1)
  tx.update(tokens)
    .set({ usedAt: new Date(nowMs()) })
    .where(and(owner, eq(tokens.purpose, q.purpose), isNull(tokens.usedAt)))
    .run()
}

/** Every unused link of a user stops working (removed from the team). */
export function expireUserTokens(tx: Tx | DB, userId: number): void {
  tx.update(tokens).set({ usedAt: new Date(nowMs()) }).where(and(eq(tokens.userId, userId), isNull(tokens.usedAt))).run()
}

/** Removes tokens that expired more than a week ago: nothing can use them. */
export function removeExpiredTokens(db: DB): number {
  return db.delete(tokens).where(lt(tokens.expiresAt, new Date(nowMs() - 7 * 86_400_000))).run().changes
}
