import { appCookie } from '~/utils/cookies.server'
import { and, eq, gt, isNull } from 'drizzle-orm'
import type { DB, Tx } from '#db/client.server'
import { sessions } from '#db/schema'
import { nowMs } from '~/utils/clock'
import { hashToken, randomToken } from '~/utils/tokens.server'

// Server-side sessions: the cookie holds a random token, the database its hash,
// so a session can be revoked and a stolen database holds no usable session.

type SessionKind = 'officer' | 'subject'

export function sessionCookie(kind: SessionKind) {
  return appCookie(kind === 'officer' ? '__officer' : '__subject')
}

export function createSession(
  tx: Tx | DB,
  s: { kind: SessionKind; userId?: number; requestId?: number; ttlMs: number; secondFactorAt?: Date | null },
): string {
  const token = randomToken()
  const at = nowMs()
  tx.insert(sessions)
    .values({
      id: hashToken(token),
      kind: s.kind,
      userId: s.userId ?? null,
      requestId: s.requestId ?? null,
      secondFactorAt: s.secondFactorAt ?? null,
      createdAt: new Date(at),
      lastSeenAt: new Date(at),
      expiresAt: new Date(at + s.ttlMs),
    })
    .run()
  return token
}

/** The live session for a token, with its idle timeout renewed; undefined when absent, revoked, idle too long or expired. */
export function touchSession(db: DB, kind: SessionKind, token: string | null | undefined, idleMs: number) {
  if (!token) return undefined
  const at = nowMs()
  const id = hashToken(token)
  const row = db
    .select()
    .from(sessions)
    .where(and(eq(sessions.id, id), eq(sessions.kind, kind), isNull(sessions.revokedAt), gt(sessions.expiresAt, new Date(at))))
    .get()
  if (!row || row.lastSeenAt.getTime() + idleMs <= at) return undefined
  db.update(sessions).set({ lastSeenAt: new Date(at) }).where(eq(sessions.id, id)).run()
  return row
}

export function revokeSession(db: DB | Tx, token: string): void {
  db.update(sessions).set({ revokedAt: new Date(nowMs()) }).where(eq(sessions.id, hashToken(token))).run()
}

export async function readSessionToken(request: Request, kind: SessionKind): Promise<string | null> {
  const value: unknown = await sessionCookie(kind).parse(request.headers.get('Cookie'))
  return typeof value === 'string' ? value : null
}
