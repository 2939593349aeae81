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
