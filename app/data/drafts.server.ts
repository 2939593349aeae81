import { appCookie } from '~/utils/cookies.server'
import { and, eq, gt, lt } from 'drizzle-orm'
import type { DB } from '#db/client.server'
import { requestDrafts } from '#db/schema'
import type { Draft } from '~/domain/request-form'
import { nowMs } from '~/utils/clock'
import { hashToken, randomToken } from '~/utils/tokens.server'

// A request being filled in lives server-side for a day, under a random
// cookie token whose hash is the row's key.

const DRAFT_TTL = 24 * 3_600_000

function draftCookie() {
  return appCookie('__draft', { maxAge: DRAFT_TTL / 1000 })
}

async function cookieToken(request: Request): Promise<string | null> {
  const value: unknown = await draftCookie().parse(request.headers.get('Cookie'))
  return typeof value === 'string' ? value : null
}

export async function readDraft(db: DB, request: Request, orgId: number): Promise<Draft> {
  const token = await cookieToken(request)
  if (!token) return {}
  const row = db
    .select()
    .from(requestDrafts)
    .where(and(eq(requestDrafts.id, hashToken(token)), gt(requestDrafts.expiresAt, new Date(nowMs()))))
    .get()
  return row && row.orgId === orgId ? (row.data as Draft) : {}
}

/** Saves the draft and returns the Set-Cookie header to send with the response. */
export async function writeDraft(db: DB, request: Request, orgId: number, draft: Draft): Promise<string> {
  const token = (await cookieToken(request)) ?? randomToken()
  const at = nowMs()
  const values = { orgId, data: draft as Record<string, unknown>, updatedAt: new Date(at), expiresAt: new Date(at + DRAFT_TTL) }
  db.insert(requestDrafts)
    .values({ id: hashToken(token), ...values })
    .onConflictDoUpdate({ target: requestDrafts.id, set: values })
    .run()
  // Expired drafts of anyone are removed as we go: they hold personal data.
  db.delete(requestDrafts).where(lt(requestDrafts.expiresAt, new Date(at))).run()
  return draftCookie().serialize(token)
}

/** The key of this browser's draft, for claimDraft; null when it has none. */
export async function draftKey(request: Request): Promise<string | null> {
  const token = await cookieToken(request)
  return token ? hashToken(token) : null
}

/**
 * Deletes the draft it is about to send, and says whether this caller was the
 * one that did. Synchronous, so that of two submits of the same draft only the
 * first sends it: call it with no await between it and filing the request.
 */
export function claimDraft(db: DB, key: string | null, orgId: number): boolean {
  if (!key) return false
  return db.delete(requestDrafts).where(and(eq(requestDrafts.id, key), eq(requestDrafts.orgId, orgId))).run().changes === 1
}

/** Whether a draft key from a cookie has no draft behind it any more (sent, or expired and removed). */
export function draftGone(db: DB, key: string | null): boolean {
  return !!key && !db.select({ id: requestDrafts.id }).from(requestDrafts).where(eq(requestDrafts.id, key)).get()
}

/** The Set-Cookie header that forgets the draft's cookie. */
export function forgetDraftCookie(): Promise<string> {
  return draftCookie().serialize('', { maxAge: 0 })
}
