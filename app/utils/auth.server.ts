import type { Params } from '@remix-run/react'
import type { Organisation, User } from '#db/schema'
import type { Language } from '~/domain/languages'

/**
 * The signed-in officer (or admin) of an organisation, with both factors given.
 * Redirects to sign-in otherwise. Every officer route starts here, and every
 * query it makes is scoped by the returned org.id.
 */
export async function requireOfficer(_request: Request, _params: Params): Promise<{ user: User; org: Organisation; lang: Language }> {
  throw new Error('not implemented yet')
}
