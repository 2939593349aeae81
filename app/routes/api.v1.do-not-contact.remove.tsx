import type { ActionFunctionArgs } from '@remix-run/node'
import { NotAContactError, removeFromList } from '~/domain/do-not-contact.server'
import { SYSTEM } from '~/domain/events'
import { contactApi, methodNotAllowed } from '~/web/contact-api.server'

// POST /api/v1/do-not-contact/remove, for an organisation's own systems when a
// person withdraws their objection to direct marketing:
//   Authorization: Bearer <the organisation's API key>
//   {"phone": "+45 12 34 56 78"}  or  {"email": "person@example.com"}
// answers {"removed": <entries removed>}: 0 when it was not listed. Same keys
// and the same per-organisation limit as the check. The audit trail records
// the channel and the count, never the value.

export const loader = methodNotAllowed

export function action({ request }: ActionFunctionArgs) {
  return contactApi(request, ({ db, org, contact, keyId }) => {
    try {
      return [200, { removed: removeFromList(db, org, contact, SYSTEM, 'api', keyId) }]
    } catch (error) {
      if (error instanceof NotAContactError) return [400, { error: 'invalid_value', message: 'Not a phone number or an email address.' }]
      throw error
    }
  })
}
