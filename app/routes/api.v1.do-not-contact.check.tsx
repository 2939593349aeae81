import type { ActionFunctionArgs } from '@remix-run/node'
import { isListed } from '~/domain/do-not-contact.server'
import { contactApi, methodNotAllowed } from '~/web/contact-api.server'

// POST /api/v1/do-not-contact/check, for an organisation's own dialler or CRM:
//   Authorization: Bearer <the organisation's API key>
//   {"phone": "+45 12 34 56 78"}  or  {"email": "person@example.com"}
// answers {"listed": true|false}: whether the person objected to direct
// marketing. The list itself can never be read. POST, so numbers stay out of
// access logs.

export const loader = methodNotAllowed

export function action({ request }: ActionFunctionArgs) {
  return contactApi(request, ({ db, org, contact }) => [200, { listed: isListed(db, org, contact) }])
}
