import type { SessionKind } from '~/domain/accounts.server'
import { appCookie } from '~/web/cookies.server'

export function sessionCookie(kind: SessionKind) {
  // A controller's session rides on no cross-site request at all, not even a link followed from elsewhere: it opens with a code typed on the page.
  if (kind === 'controller') return appCookie('__controller', { sameSite: 'strict' })
  return appCookie(kind === 'officer' ? '__officer' : '__subject')
}

export async function readSessionToken(request: Request, kind: SessionKind): Promise<string | null> {
  const value: unknown = await sessionCookie(kind).parse(request.headers.get('Cookie'))
  return typeof value === 'string' ? value : null
}
