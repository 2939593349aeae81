import { z } from 'zod'
import { REQUEST_TYPES, type RequestType } from '~/vocabulary'
import { cleanText } from '~/utils/text'

export { REQUEST_TYPES, type RequestType }

export const OBJECTION_GROUNDS = ['direct_marketing', 'profiling', 'particular_situation'] as const
export type ObjectionGround = (typeof OBJECTION_GROUNDS)[number]
export const SCOPES = ['all', 'specific'] as const
/** What a person can ask about a decision made solely by automated processing (Art. 22(1) and 22(3)). */
export const AUTOMATED_ASKS = ['human_intervention', 'contest', 'not_subject'] as const

/** The longest answer a details page takes. */
export const DETAIL_MAX = 2000

// Messages are locale keys (locales/*/errors.json), each saying what to do.
const answer = (requiredKey: string) =>
  z
    .string({ required_error: requiredKey })
    .transform(cleanText)
    .pipe(z.string().min(1, requiredKey).max(DETAIL_MAX, 'errors:details.tooLong'))
const optionalAnswer = z
  .string()
  .transform(cleanText)
  .pipe(z.string().max(DETAIL_MAX, 'errors:details.tooLong'))
  .optional()

const scoped = z
  .object({ scope: z.enum(SCOPES, { message: 'errors:details.scopeRequired' }), specific: optionalAnswer })
  .refine((d) => d.scope !== 'specific' || !!d.specific, { path: ['specific'], message: 'errors:details.specificRequired' })
  .transform((d) => (d.scope === 'all' ? { scope: d.scope } : d))

/**
 * What each right needs, one schema per type. The form's details step and the
 * stored request both use these, so a stored request has the shape its type promises.
 */
export const detailsSchemas = {
  access: scoped,
  portability: scoped,
  rectification: z.object({ wrong: answer('errors:details.wrongRequired'), correct: answer('errors:details.correctRequired') }),
  erasure: z.object({ what: answer('errors:details.erasureWhatRequired'), why: answer('errors:details.erasureWhyRequired') }),
  restriction: z.object({ what: answer('errors:details.restrictionWhatRequired'), why: answer('errors:details.restrictionWhyRequired') }),
  objection: z
    .object({ ground: z.enum(OBJECTION_GROUNDS, { message: 'errors:details.groundRequired' }), situation: optionalAnswer })
    .refine((d) => d.ground !== 'particular_situation' || !!d.situation, { path: ['situation'], message: 'errors:details.situationRequired' })
    .transform((d) => (d.ground === 'particular_situation' ? d : { ground: d.ground })),
  automated_decision: z.object({
    decision: answer('errors:details.decisionRequired'),
    ask: z.enum(AUTOMATED_ASKS, { message: 'errors:details.automatedAskRequired' }),
    view: optionalAnswer,
  }),
} satisfies Record<RequestType, z.ZodTypeAny>

/** The fields each details page posts, so nothing else is kept from a posted form. */
export const DETAIL_FIELDS: Record<RequestType, string[]> = {
  access: ['scope', 'specific'],
  portability: ['scope', 'specific'],
  rectification: ['wrong', 'correct'],
  erasure: ['what', 'why'],
  restriction: ['what', 'why'],
  objection: ['ground', 'situation'],
  automated_decision: ['decision', 'ask', 'view'],
}

type Details<T extends RequestType> = { type: T } & z.infer<(typeof detailsSchemas)[T]>
export type RequestDetails = { [T in RequestType]: Details<T> }[RequestType]

export function isRequestType(value: unknown): value is RequestType {
  return typeof value === 'string' && (REQUEST_TYPES as readonly string[]).includes(value)
}
