import type { OrganisationProfile } from '#db/organisation-file'
import { ANSWER_OUTCOMES, type AnswerOutcome, type CategoryAction, type RequestType } from '~/vocabulary'

// The grounds on which a request may be partly granted or refused, per right,
// as the GDPR and the national laws give them (docs/decisions/011). Some come
// from the organisation's register: a national restriction of access it relies
// on, a category it must keep by law (Art. 17(3)(b)). A ground is a key, an
// article, and a label: a locale key in answers:grounds, with the register's
// own words where the ground is the organisation's.

export type GroundLabel = { key: string; values?: Record<string, string> } | { register: 'nationalRestriction' | 'retention'; index: number } | { register: 'reasonableFee' }

export type Ground = { key: string; article: string; label: GroundLabel }

/** A request's details as stored: its type and the answers of its form. */
type Details = { type: string } & Record<string, unknown>

function directMarketing(type: RequestType, details: Details | undefined): boolean {
  return type === 'objection' && details?.type === 'objection' && details.ground === 'direct_marketing'
}

function profiling(details: Details | undefined): boolean {
  return details?.type === 'objection' && details.ground === 'profiling'
}

/** The rights Art. 11(2) lifts when the person cannot be identified: Arts. 15 to 20. Objection and automated decisions rest on Art. 12(2) and 12(6) alone. */
const ARTICLE_11_RIGHTS: readonly RequestType[] = ['access', 'rectification', 'erasure', 'restriction', 'portability']

function anyRight(type: RequestType, profile: OrganisationProfile): Ground[] {
  return [
    { key: 'manifestly_unfounded', article: 'Art. 12(5)(b)', label: { key: 'manifestly_unfounded' } },
    // "Excessive" states the ground; "repeats an earlier request" is a fact the officer chooses only when it is one.
    { key: 'excessive', article: 'Art. 12(5)(b)', label: { key: 'excessive' } },
    { key: 'repetitive', article: 'Art. 12(5)(b)', label: { key: 'repetitive' } },
    // The alternative to refusing: acting for a reasonable fee, where the organisation's file says it charges one.
    ...(profile.reasonableFee ? [{ key: 'fee', article: 'Art. 12(5)(a)', label: { register: 'reasonableFee' as const } }] : []),
    { key: 'cannot_identify', article: ARTICLE_11_RIGHTS.includes(type) ? 'Art. 11(2), 12(2)' : 'Art. 12(2), 12(6)', label: { key: 'cannot_identify' } },
  ]
}

const NATIONAL_ARTICLE: Record<string, string> = {
  dk_databeskyttelsesloven_22: 'databeskyttelsesloven § 22',
  no_personopplysningsloven_16: 'personopplysningsloven § 16',
  fi_tietosuojalaki_34: 'tietosuojalaki 34 §',
}

function own(type: RequestType, profile: OrganisationProfile, details: Details | undefined): Ground[] {
  switch (type) {
    case 'access':
      return [
        { key: 'others_rights', article: 'Art. 15(4)', label: { key: 'others_rights' } },
        ...profile.register.nationalRestrictions.map((r, index) => ({
          key: `national:${r.key}`,
          article: NATIONAL_ARTICLE[r.key] ?? r.key,
          label: { register: 'nationalRestriction' as const, index },
        })),
      ]
    case 'erasure':
      return [
        // The most common lawful refusal: none of Art. 17(1)'s conditions holds (e.g. a contract still running needs the data).
        { key: 'no_erasure_condition', article: 'Art. 17(1)', label: { key: 'no_erasure_condition' } },
        // A legal obligation to keep the data, per category, from the register.
        ...profile.register.retention.flatMap((rule, index) =>
          rule.legalObligation ? [{ key: `hold:${rule.category}`, article: 'Art. 17(3)(b)', label: { register: 'retention' as const, index } }] : [],
        ),
        // Art. 17(3)(b)'s other limb: a task in the public interest or official authority.
        { key: 'public_task', article: 'Art. 17(3)(b)', label: { key: 'public_task' } },
        { key: 'expression', article: 'Art. 17(3)(a)', label: { key: 'expression' } },
        { key: 'public_health', article: 'Art. 17(3)(c)', label: { key: 'public_health' } },
        { key: 'archiving', article: 'Art. 17(3)(d)', label: { key: 'archiving' } },
        { key: 'legal_claims', article: 'Art. 17(3)(e)', label: { key: 'legal_claims' } },
      ]
    case 'objection':
      // An objection to direct marketing is absolute (Art. 21(3)): nothing outweighs it.
      if (directMarketing(type, details)) return []
      return [
        // Art. 21(1) gives the right only against processing based on Art. 6(1)(e) or (f).
        { key: 'not_public_or_legitimate_interest', article: 'Art. 21(1)', label: { key: 'not_public_or_legitimate_interest' } },
        // Profiling for direct marketing is as absolute as the marketing (Art. 21(2)-(3)): weighing grounds against it says it is not that.
        profiling(details)
          ? { key: 'compelling_grounds_not_marketing', article: 'Art. 21(1)', label: { key: 'compelling_grounds_not_marketing' } }
          : { key: 'compelling_grounds', article: 'Art. 21(1)', label: { key: 'compelling_grounds' } },
        { key: 'legal_claims', article: 'Art. 21(1)', label: { key: 'legal_claims' } },
      ]
    case 'portability':
      return [
        // Only data the person provided (given, or observed from their use): not what was inferred, derived or created (WP242 rev.01).
        { key: 'not_provided', article: 'Art. 20(1)', label: { key: 'not_provided' } },
        { key: 'not_consent_or_contract', article: 'Art. 20(1)(a)', label: { key: 'not_consent_or_contract' } },
        { key: 'not_automated', article: 'Art. 20(1)(b)', label: { key: 'not_automated' } },
        { key: 'harms_others', article: 'Art. 20(4)', label: { key: 'harms_others' } },
      ]
    case 'rectification':
      return [{ key: 'accurate', article: 'Art. 16', label: { key: 'accurate' } }]
    case 'restriction':
      return [{ key: 'no_restriction_condition', article: 'Art. 18(1)', label: { key: 'no_restriction_condition' } }]
    case 'automated_decision':
      return [
        { key: 'not_solely_automated', article: 'Art. 22(1)', label: { key: 'not_solely_automated' } },
        { key: 'no_significant_effect', article: 'Art. 22(1)', label: { key: 'no_significant_effect' } },
        { key: 'authorised_by_law', article: 'Art. 22(2)(b)', label: { key: 'authorised_by_law' } },
      ]
  }
}

/**
 * The grounds an answer to this request may rest on: those of its right, then
 * those of every right. An objection to direct marketing has none: it is
 * granted, whatever else is pending.
 */
export function groundsFor(type: RequestType, profile: OrganisationProfile, details?: Details): Ground[] {
  if (directMarketing(type, details)) return []
  return [...own(type, profile, details), ...anyRight(type, profile)]
}

/** Outcomes that rest on grounds, and must tell the person of the authority and the courts (Art. 12(4)). */
export function needsGrounds(outcome: AnswerOutcome): boolean {
  return outcome === 'partly_granted' || outcome === 'refused'
}

/**
 * Outcomes that send the person's data, or say whether any is held: they wait
 * for a verified identity. Not a granted objection to direct marketing: its
 * letter says only that the contact details the person gave are on the
 * do-not-contact list, and stopping marketing to them harms nobody, so there
 * is no reasonable doubt to resolve first (Art. 12(6)).
 */
export function needsIdentity(outcome: AnswerOutcome, request?: { type: RequestType; details?: Details }): boolean {
  if (request && outcome === 'granted' && directMarketing(request.type, request.details)) return false
  return outcome !== 'refused'
}

/** The outcomes open to this request: no refusal of an objection to direct marketing. */
export function outcomesFor(type: RequestType, details?: Details): AnswerOutcome[] {
  return directMarketing(type, details) ? ['granted', 'no_data'] : [...ANSWER_OUTCOMES]
}

/** The rights whose answer changes data, per category of the register (the response letter). */
export const CHANGING_RIGHTS = ['rectification', 'erasure', 'restriction', 'objection'] as const satisfies readonly RequestType[]
export type ChangingRight = (typeof CHANGING_RIGHTS)[number]

export function changesData(type: RequestType): type is ChangingRight {
  return (CHANGING_RIGHTS as readonly string[]).includes(type)
}

/** What can be done with one category, per right; "kept" needs a ground (a legal hold for erasure). */
export const ACTIONS_OF_RIGHT: Record<ChangingRight, readonly CategoryAction[]> = {
  rectification: ['corrected', 'unchanged'],
  erasure: ['erased', 'kept', 'unchanged'],
  restriction: ['restricted', 'unchanged'],
  objection: ['stopped', 'kept', 'unchanged'],
}
