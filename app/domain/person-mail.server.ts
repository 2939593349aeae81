import type { Tx } from '#db/client.server'
import type { LinkSpec, Organisation, Request } from '#db/schema'
import type { EmailParams, EmailTemplate } from '#emails/templates'
import { getOrganisation } from '~/data/organisations.server'
import { queueEmail } from '~/domain/mail.server'

// Emails to the person who made a request, and the organisation a request
// belongs to: shared by the request's transitions, the answers and the
// forwarding to a controller.

export const STATUS_LINK_TTL = 30 * 24 * 3_600_000

export function orgFor(tx: Tx, orgId: number): Organisation {
  const org = getOrganisation(tx, orgId)
  if (!org) throw new Error(`organisation ${orgId} is missing`)
  return org
}

/** The link every email to the person carries: a fresh single-use link to their status page, minted when the email is sent. */
export function statusLinkSpec(request: Pick<Request, 'id' | 'language'>): LinkSpec {
  return { name: 'link', purpose: 'status_access', requestId: request.id, ttlMs: STATUS_LINK_TTL, path: `/${request.language}/status/open/{token}` }
}

type PersonTemplate = Exclude<EmailTemplate, 'confirm-email' | 'officer-invitation' | 'password-reset' | 'new-work' | 'deadline-near' | 'daily-digest' | 'controller-forwarded' | 'forwarding-alert' | 'sign-in-held'>

/**
 * Queues an email to the person who made the request, in the request's
 * language, with a status link. A person who gave no address (a request an
 * officer registered) gets none: the officers write to them, and the request
 * page says so.
 */
export function emailPerson<T extends PersonTemplate>(tx: Tx, request: Request, org: Organisation, template: T, params: Omit<EmailParams<T>, 'orgName' | 'timeZone' | 'reference'>, links: LinkSpec[] = [statusLinkSpec(request)]) {
  if (!request.subjectEmail) return
  queueEmail(tx, {
    to: request.subjectEmail,
    language: request.language,
    template,
    orgId: org.id,
    requestId: request.id,
    params: { orgName: org.name, timeZone: org.timeZone, reference: request.reference, ...params } as EmailParams<T>,
    links,
  })
}

