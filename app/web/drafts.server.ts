import type { DB } from '#db/client.server'
import { DRAFT_TTL, readDraftRow, writeDraftRow } from '~/data/drafts.server'
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
  const key = await draftKey(request)
  return key ? ((readDraftRow(db, key, orgId) as Draft | undefined) ?? {}) : {}
}

/** Saves the draft and returns the Set-Cookie header to send with the response; `isNew` when this browser had none. */
export async function writeDraft(db: DB, request: Request, orgId: number, draft: Draft): Promise<{ cookie: string; isNew: boolean }> {
  const existing = await cookieToken(request)
  const token = existing ?? randomToken()
  writeDraftRow(db, hashToken(token), orgId, draft as Record<string, unknown>)
  return { cookie: await draftCookie().serialize(token), isNew: !existing }
}

/** The Set-Cookie header that forgets the draft's cookie. */
export function forgetDraftCookie(): Promise<string> {
  return draftCookie().serialize('', { maxAge: 0 })
}
