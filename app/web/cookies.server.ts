import { createCookie } from '@remix-run/node'
import { env } from '~/utils/env.server'

/** The portal's cookies: signed, HttpOnly, SameSite=Lax, Secure when the portal is served over https. */
export function appCookie(name: string, opts: { maxAge?: number; sameSite?: 'lax' | 'strict' } = {}) {
  return createCookie(name, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: env().PUBLIC_URL.startsWith('https://'),
    secrets: [env().SESSION_SECRET],
    ...opts,
  })
}
