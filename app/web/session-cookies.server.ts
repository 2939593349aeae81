import type { SessionKind } from '~/data/sessions.server'
import { appCookie } from '~/web/cookies.server'

export function sessionCookie(kind: SessionKind) {
  return appCookie(kind === 'officer' ? '__officer' : '__subject')
}

export async function readSessionToken(request: Request, kind: SessionKind): Promise<string | null> {
  const value: unknown = await sessionCookie(kind).parse(request.headers.get('Cookie'))
  return typeof value === 'string' ? value : null
}
