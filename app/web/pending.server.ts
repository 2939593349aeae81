import { appCookie } from '~/web/cookies.server'

// Remembers, for an hour, which request this browser just sent, so the
// "check your email" page can show the address and offer to send the link again.
export function pendingCookie() {
  return appCookie('__pending', { maxAge: 3600 })
}

export async function readPending(request: Request): Promise<number | null> {
  const value: unknown = await pendingCookie().parse(request.headers.get('Cookie'))
  return typeof value === 'number' ? value : null
}
