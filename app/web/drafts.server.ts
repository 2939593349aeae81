import type { DB } from '#db/client.server'
import { DRAFT_TTL, readDraft as readDraftOf, saveDraft } from '~/domain/intake.server'
import type { Draft } from '~/domain/request-form'
import { hashToken, randomToken } from '~/utils/tokens.server'
import { appCookie } from '~/web/cookies.server'

// The cookie side of a request draft: a random token, whose hash is the
// draft's key in the database.

function draftCookie() {
  return appCookie('__draft', { maxAge: DRAFT_TTL / 1000 })
}

async function cookieToken(request: Request): Promise<string | null> {
  const value: unknown = await draftCookie().parse(request.headers.get('Cookie'))
  return typeof value === 'string' ? value : null
}

/** The key of this browser's draft, whether or not a draft is still behind it. */
export async function draftKey(request: Request): Promise<string | null> {
  const token = await cookieToken(request)
  return token ? hashToken(token) : null
}

export async function readDraft(db: DB, request: Request, orgId: number): Promise<Draft> {
  return readDraftOf(db, await draftKey(request), orgId)
}

/**
 * Saves the draft and returns the Set-Cookie header to send with the
 * response; null when it starts a new draft and its client started too many.
 */
export async function writeDraft(db: DB, request: Request, orgId: number, draft: Draft, from: { isNew: boolean; clientAddress?: string | null }): Promise<string | null> {
  const token = (await cookieToken(request)) ?? randomToken()
  const saved = saveDraft(db, { key: hashToken(token), orgId, draft, ...from })
  return saved.ok ? draftCookie().serialize(token) : null
}

/** The Set-Cookie header that forgets the draft's cookie. */
export function forgetDraftCookie(): Promise<string> {
  return draftCookie().serialize('', { maxAge: 0 })
}
