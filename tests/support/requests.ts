import { eq } from 'drizzle-orm'
import type { DB } from '#db/client.server'
import { organisations, requests, type Organisation, type Request } from '#db/schema'
import { importOrganisations } from '~/domain/organisations.server'
import { readOrganisationFiles } from '~/data/organisations.server'
import type { Behalf } from '~/domain/processor-clients'
import type { RequestDetails } from '~/domain/request-types'
import { confirmEmail, fileRequest } from '~/domain/requests.server'
import type { Language, RequestType } from '~/vocabulary'
import { deliverAll, linkIn, tokenOf, type Delivered } from './mail'

// Factories for tests: the demo organisations, and requests filed and
// confirmed through the real transitions and the real confirmation email.

export function loadDemoOrganisations(db: DB): Record<string, Organisation> {
  importOrganisations(db, readOrganisationFiles('db/organisations'))
  return Object.fromEntries(db.select().from(organisations).all().map((o) => [o.slug, o]))
}

export function reloadRequest(db: DB, r: Pick<Request, 'id'>): Request {
  return db.select().from(requests).where(eq(requests.id, r.id)).get()!
}

const DETAILS: Record<RequestType, RequestDetails> = {
  access: { type: 'access', scope: 'all' },
  portability: { type: 'portability', scope: 'all' },
  rectification: { type: 'rectification', wrong: 'Min adresse', correct: 'Nyvej 2' },
  erasure: { type: 'erasure', what: 'Alt om mig', why: 'Jeg er ikke længere kunde' },
  restriction: { type: 'restriction', what: 'Mine data', why: 'De er forkerte' },
  objection: { type: 'objection', ground: 'direct_marketing' },
  automated_decision: { type: 'automated_decision', decision: 'Afslag 3. marts', ask: 'human_intervention' },
}

/**
 * Files a request and, unless told not to, confirms its address through the
 * link in the real confirmation email. Returns the request and every email
 * delivered on the way.
 */
export async function newRequest(
  db: DB,
  org: Organisation,
  o: { language?: Language; type?: RequestType; details?: RequestDetails; name?: string; email?: string; phone?: string; identifiers?: Record<string, string>; confirm?: boolean; behalf?: Behalf } = {},
): Promise<{ request: Request; mails: Delivered[] }> {
  const email = o.email ?? `person-${Math.random().toString(36).slice(2, 10)}@example.com`
  const type = o.type ?? 'access'
  const filed = fileRequest(db, {
    org,
    language: o.language ?? 'da',
    type,
    details: o.details ?? DETAILS[type],
    subject: { name: o.name ?? 'Karen Testesen', email, phone: o.phone, identifiers: o.identifiers ?? {} },
    behalf: o.behalf,
  })
  if (!filed.ok) throw new Error('not filed')
  const mails = await deliverAll(db)
  if (o.confirm !== false) {
    const confirmation = mails.find((m) => m.template === 'confirm-email' && m.requestId === filed.requestId)
    if (!confirmation) throw new Error('no confirmation email')
    const result = confirmEmail(db, tokenOf(linkIn(confirmation, 'http')))
    if (!result.ok) throw new Error(`confirmation failed: ${result.reason}`)
    mails.push(...(await deliverAll(db)))
  }
  return { request: reloadRequest(db, { id: filed.requestId }), mails }
}
