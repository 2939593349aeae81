import { and, eq, gt, isNull, lt, or } from 'drizzle-orm'
import type { DB, Tx } from '#db/client.server'
import { sessions } from '#db/schema'
import { nowMs } from '~/utils/clock'
import { hashToken, randomToken } from '~/utils/tokens.server'

// Server-side sessions: the cookie holds a random token, the database its hash,
// so a session can be revoked and a stolen database holds no usable session.

/** `controller`: a processor's client without an account, through one secure link (`linkId`, docs/decisions/017). */
export type SessionKind = 'officer' | 'subject' | 'controller'

export function createSession(
  tx: Tx | DB,
  s: { kind: SessionKind; userId?: number; requestId?: number; linkId?: number; ttlMs: number; secondFactorAt?: Date | null },
): string {
  const token = randomToken()
  const at = nowMs()
  tx.insert(sessions)
    .values({
      id: hashToken(token),
      kind: s.kind,
      userId: s.userId ?? null,
      requestId: s.requestId ?? null,
      linkId: s.linkId ?? null,
      secondFactorAt: s.secondFactorAt ?? null,
      createdAt: new Date(at),
      lastSeenAt: new Date(at),
      expiresAt: new Date(at + s.ttlMs),
    })
    .run()
  return token
}

export type Session = typeof sessions.$inferSelect

/** How often a session's last activity is written: its idle timeout counts from the last write, so it may end up to this much earlier than the idle time after the last request. */
export const TOUCH_EVERY_MS = 60_000

/** The live session for a token, with its idle timeout renewed (to the minute); undefined when absent, revoked, idle too long or expired. */
export function touchSession(db: DB, kind: SessionKind, token: string | null | undefined, idleMs: number): Session | undefined {
  if (!token) return undefined
  const at = nowMs()
  const id = hashToken(token)
  const row = db
    .select()
    .from(sessions)
    .where(and(eq(sessions.id, id), eq(sessions.kind, kind), isNull(sessions.revokedAt), gt(sessions.expiresAt, new Date(at))))
    .get()
  if (!row || row.lastSeenAt.getTime() + idleMs <= at) return undefined
  // Written at most once a minute: a write on every page was a millisecond of each officer page.
  if (at - row.lastSeenAt.getTime() >= TOUCH_EVERY_MS) db.update(sessions).set({ lastSeenAt: new Date(at) }).where(eq(sessions.id, id)).run()
  return row
}

export function revokeSession(db: DB | Tx, token: string): void {
  db.update(sessions).set({ revokedAt: new Date(nowMs()) }).where(eq(sessions.id, hashToken(token))).run()
}

export function revokeUserSessions(tx: Tx | DB, userId: number): void {
  tx.update(sessions)
    .set({ revokedAt: new Date(nowMs()) })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .run()
}

/** Lets a person's session download answers until `until` (after a fresh confirmation of their address). */
export function allowDownloads(tx: Tx | DB, token: string, until: Date): void {
  tx.update(sessions).set({ downloadsUntil: until }).where(eq(sessions.id, hashToken(token))).run()
}

/** Removes sessions that ended (expired or revoked) more than a day ago. */
export function removeEndedSessions(db: DB): number {
  const dayAgo = new Date(nowMs() - 86_400_000)
  return db.delete(sessions).where(or(lt(sessions.expiresAt, dayAgo), lt(sessions.revokedAt, dayAgo))).run().changes
}
