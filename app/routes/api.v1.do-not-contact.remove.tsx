import type { ActionFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { getDb } from '#db/client.server'
import { authenticateApiKey } from '~/domain/api-keys.server'
import { NotAContactError, removeFromList } from '~/domain/do-not-contact.server'
import { SYSTEM } from '~/domain/events'

// POST /api/v1/do-not-contact/remove, for an organisation's own systems when a
// person withdraws their objection to direct marketing:
//   Authorization: Bearer <the organisation's API key>
//   {"phone": "+45 12 34 56 78"}  or  {"email": "person@example.com"}
// answers {"removed": <entries removed>}: 0 when it was not listed. Same keys
// and the same per-organisation limit as the check. The audit trail records
// the channel and the count, never the value.

const body = z.union([z.object({ phone: z.string().min(1).max(40) }).strict(), z.object({ email: z.string().min(3).max(320) }).strict()])

const json = (status: number, value: unknown) =>
  new Response(JSON.stringify(value), { status, headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' } })

export function loader() {
  return json(405, { error: 'method_not_allowed', message: 'Use POST with a JSON body {"phone": "…"} or {"email": "…"}.' })
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== 'POST') return json(405, { error: 'method_not_allowed' })
  const db = getDb()
  const caller = authenticateApiKey(db, request.headers.get('authorization'))
  if (!caller.ok) return caller.reason === 'rateLimited' ? json(429, { error: 'rate_limited' }) : json(401, { error: 'unauthorized' })
  if (!(request.headers.get('content-type') ?? '').toLowerCase().startsWith('application/json')) return json(415, { error: 'unsupported_media_type', message: 'Send application/json.' })
  let parsed: z.infer<typeof body>
  try {
    const result = body.safeParse(await request.json())
    if (!result.success) return json(400, { error: 'invalid_body', message: 'Send exactly one of "phone" or "email", as a string.' })
    parsed = result.data
  } catch {
    return json(400, { error: 'invalid_json' })
  }
  try {
    return json(200, { removed: removeFromList(db, caller.org, parsed, SYSTEM, 'api', caller.keyId) })
  } catch (error) {
    if (error instanceof NotAContactError) return json(400, { error: 'invalid_value', message: 'Not a phone number or an email address.' })
    throw error
  }
}
