import type { OrganisationFile } from '#db/organisation-file'
import { readOrganisationFiles } from '~/data/organisations.server'
import type { AnswerInput } from './answer-documents'

// An answer as the documents are drawn from it, for a demo organisation's
// file: what the answer, render and preview tests vary, they give.

const ORGANISATIONS = new Map(readOrganisationFiles('db/organisations').map(({ org }) => [org.slug, org]))
export const NAME = 'Áile Ŋuollaš Čiekču'
export const RECEIVED = new Date('2026-02-03T09:15:00Z')
export const ANSWERED = new Date('2026-03-02T10:00:00Z')

export function organisation(slug: string): OrganisationFile {
  const org = ORGANISATIONS.get(slug)
  if (!org) throw new Error(`no organisation file for ${slug}`)
  return org
}

export function answerInput(slug: string, over: Omit<Partial<AnswerInput>, 'request'> & { request?: Partial<AnswerInput['request']>; profile?: OrganisationFile } = {}): AnswerInput {
  const org = over.profile ?? organisation(slug)
  const { request, profile: _, ...rest } = over
  return {
    language: org.languages[0] ?? 'en',
    org: { name: org.name, country: org.country, timeZone: org.timeZone, privacyEmail: org.privacyEmail, profile: org },
    request: { reference: 'KM7T-3QXH', type: 'access', receivedAt: RECEIVED, subjectName: NAME, subjectEmail: 'aile@example.no', ...request },
    answeredAt: ANSWERED,
    outcome: 'granted',
    grounds: [],
    collected: [],
    decisions: [],
    notifiedRecipients: [],
    ...rest,
  }
}
