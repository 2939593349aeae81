import { hashToken } from '~/utils/tokens.server'
import { appCookie } from '~/web/cookies.server'
import { readSessionToken, sessionCookie } from '~/web/session-cookies.server'

// The cookie of a controller's session on its secure link (docs/decisions/017):
// its own name, apart from the officers' and the person's, HttpOnly and
// SameSite=Strict; the session row says which link it was opened on.

export function controllerSessionToken(request: Request): Promise<string | null> {
  return readSessionToken(request, 'controller')
}

export async function controllerCookieHeader(sessionToken: string): Promise<Record<string, string>> {
  return { 'Set-Cookie': await sessionCookie('controller').serialize(sessionToken) }
}

// After "not our customer" the link stops working at once; the page it
// redirects to says what happened, to this browser only, for a few minutes:
// a signed cookie names the link (by its token's hash) and the processor.
function sentBackCookie() {
  return appCookie('__sentBack', { maxAge: 600, sameSite: 'strict' })
}

export async function sentBackCookieHeader(token: string, processorName: string): Promise<Record<string, string>> {
  return { 'Set-Cookie': await sentBackCookie().serialize({ h: hashToken(token), p: processorName }) }
}

/** The processor's name when this browser just sent this link's request back; null otherwise. */
export async function sentBackBy(request: Request, token: string | undefined): Promise<string | null> {
  const value: unknown = await sentBackCookie().parse(request.headers.get('Cookie'))
  if (!token || !value || typeof value !== 'object') return null
  const { h, p } = value as { h?: unknown; p?: unknown }
  return h === hashToken(token) && typeof p === 'string' ? p : null
}
