import { createCookie } from '@remix-run/node'
import { env } from '~/utils/env.server'

// Remembers, for an hour, which request this browser just sent, so the
// "check your email" page can show the address and offer to send the link again.
export function pendingCookie() {
  return createCookie('__pending', {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: env().PUBLIC_URL.startsWith('https://'),
    secrets: [env().SESSION_SECRET],
    maxAge: 3600,
  })
}

export async function readPending(request: Request): Promise<number | null> {
  const value: unknown = await pendingCookie().parse(request.headers.get('Cookie'))
  return typeof value === 'number' ? value : null
}
