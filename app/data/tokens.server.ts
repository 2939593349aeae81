import { and, eq, isNull } from 'drizzle-orm'
import type { Tx } from '#db/client.server'
import { tokens } from '#db/schema'
import { nowMs } from '~/utils/clock'
import { hashToken, randomToken } from '~/utils/tokens.server'

// Single-use links of every kind (email confirmation, status access,
// invitations, password resets): random, stored only as hashes, expiring.

export function issueToken(tx: Tx, t: { purpose: 'confirm_email' | 'status_access' | 'invitation' | 'password_reset'; requestId?: number; userId?: number; ttlMs: number }) {
  const token = randomToken()
  const at = nowMs()
  const expiresAt = new Date(at + t.ttlMs)
  tx.insert(tokens)
    .values({ purpose: t.purpose, tokenHash: hashToken(token), requestId: t.requestId ?? null, userId: t.userId ?? null, createdAt: new Date(at), expiresAt })
    .run()
  return { token, expiresAt }
}

/** Marks a single-use token used; says why when it cannot be used. */
export function consumeToken(
  tx: Tx,
  purpose: 'confirm_email' | 'status_access' | 'invitation' | 'password_reset',
  token: string,
): { ok: true; requestId: number | null; userId: number | null } | { ok: false; reason: 'invalid' | 'expired' | 'used' } {
  const row = tx
    .select()
    .from(tokens)
    .where(and(eq(tokens.tokenHash, hashToken(token)), eq(tokens.purpose, purpose)))
    .get()
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
