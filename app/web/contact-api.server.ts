import { z } from 'zod'
import { getDb, type DB } from '#db/client.server'
import type { Organisation } from '#db/schema'
import { authenticateApiKey } from '~/domain/api-keys.server'

// What the do-not-contact API routes share: an organisation's API key, the
// per-organisation limit, a JSON body holding exactly one phone number or
// address, and JSON answers that are never cached. POST only, so numbers stay
// out of access logs.

const body = z.union([z.object({ phone: z.string().min(1).max(40) }).strict(), z.object({ email: z.string().min(3).max(320) }).strict()])
export type Contact = z.infer<typeof body>

export const json = (status: number, value: unknown) =>
  new Response(JSON.stringify(value), { status, headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' } })

export function methodNotAllowed() {
  return json(405, { error: 'method_not_allowed', message: 'Use POST with a JSON body {"phone": "…"} or {"email": "…"}.' })
}

/** Authenticates the caller and reads the contact; `handle` answers with the status and body to send. */
export async function contactApi(request: Request, handle: (c: { db: DB; org: Organisation; contact: Contact; keyId: number }) => [number, unknown]): Promise<Response> {
  if (request.method !== 'POST') return json(405, { error: 'method_not_allowed' })
  const db = getDb()
  const caller = authenticateApiKey(db, request.headers.get('authorization'))
  if (!caller.ok) return caller.reason === 'rateLimited' ? json(429, { error: 'rate_limited' }) : json(401, { error: 'unauthorized' })
  if (!(request.headers.get('content-type') ?? '').toLowerCase().startsWith('application/json')) return json(415, { error: 'unsupported_media_type', message: 'Send application/json.' })
  let contact: Contact
  try {
    const result = body.safeParse(await request.json())
    if (!result.success) return json(400, { error: 'invalid_body', message: 'Send exactly one of "phone" or "email", as a string.' })
    contact = result.data
  } catch {
    return json(400, { error: 'invalid_json' })
  }
  return json(...handle({ db, org: caller.org, contact, keyId: caller.keyId }))
}
