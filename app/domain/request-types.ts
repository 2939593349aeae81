import { z } from 'zod'

export const REQUEST_TYPES = ['access', 'rectification', 'erasure', 'restriction', 'objection', 'portability'] as const
export type RequestType = (typeof REQUEST_TYPES)[number]

export const OBJECTION_GROUNDS = ['direct_marketing', 'profiling', 'particular_situation'] as const
export const SCOPES = ['all', 'specific'] as const

// Messages are locale keys (locales/*/errors.json), each saying what to do.
const answer = (requiredKey: string) =>
  z.string({ required_error: requiredKey }).trim().min(1, requiredKey).max(2000, 'errors:details.tooLong')
const optionalAnswer = z.string().trim().max(2000, 'errors:details.tooLong').optional()

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
} satisfies Record<RequestType, z.ZodTypeAny>

type Details<T extends RequestType> = { type: T } & z.infer<(typeof detailsSchemas)[T]>
export type RequestDetails = { [T in RequestType]: Details<T> }[RequestType]

export function isRequestType(value: unknown): value is RequestType {
  return typeof value === 'string' && (REQUEST_TYPES as readonly string[]).includes(value)
}
