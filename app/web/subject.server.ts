import type { DB } from '#db/client.server'
import { requestById } from '~/data/subject-requests.server'
import { subjectAccess } from '~/domain/subject-view.server'
import { readPending } from '~/web/pending.server'
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

/** The request this browser just sent (remembered for an hour), to offer to send its confirmation again. */
export async function pendingRequest(db: DB, request: Request) {
  const id = await readPending(request)
  return id ? requestById(db, id) : undefined
}
