import type { Organisation, Request } from '#db/schema'
import { localize } from '~/domain/languages'
import type { Language } from '~/vocabulary'

// The person and what they asked, as a page shows them: the officer's request
// page and a processor's client on its secure link read the same request.

/** The person's contact details, their identifiers labelled in the organisation's words. */
export function personView(r: Pick<Request, 'subjectName' | 'subjectEmail' | 'subjectPhone' | 'subjectIdentifiers'> & Partial<Pick<Request, 'subjectAddress'>>, org: Pick<Organisation, 'profile'>, lang: Language) {
  return {
    name: r.subjectName,
    email: r.subjectEmail,
    phone: r.subjectPhone,
    address: r.subjectAddress ?? null,
    identifiers: Object.entries(r.subjectIdentifiers).map(([key, value]) => {
      const def = org.profile.identifiers.find((i) => i.key === key)
      return { label: def ? localize(def.label, lang) : key, value }
    }),
  }
}

/** The request's own answers, as filed: each text field by its key. */
export function detailRows(r: Pick<Request, 'details'>): Array<{ key: string; value: string }> {
  return Object.entries(r.details)
    .filter(([key, value]) => key !== 'type' && typeof value === 'string' && value)
    .map(([key, value]) => ({ key, value: String(value) }))
}
