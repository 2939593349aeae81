import type { DB } from '#db/client.server'
import { subjectAccess } from '~/domain/subject-view.server'
import { readSessionToken, sessionCookie } from '~/web/session-cookies.server'

/** The request this browser may see, through the session its emailed link opened; null otherwise. */
export async function subjectFromRequest(db: DB, request: Request) {
  return subjectAccess(db, await readSessionToken(request, 'subject'))
}

/** The token of this browser's session on its request, for the download step. */
export function subjectSessionToken(request: Request) {
  return readSessionToken(request, 'subject')
}

export async function subjectCookieHeader(sessionToken: string): Promise<Record<string, string>> {
  return { 'Set-Cookie': await sessionCookie('subject').serialize(sessionToken) }
}
