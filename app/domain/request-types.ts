import { z } from 'zod'

export const REQUEST_TYPES = ['access', 'rectification', 'erasure', 'restriction', 'objection', 'portability'] as const
export type RequestType = (typeof REQUEST_TYPES)[number]

export const OBJECTION_GROUNDS = ['direct_marketing', 'profiling', 'particular_situation'] as const
export const SCOPES = ['all', 'specific'] as const

const text = (max: number) => z.string().trim().max(max, 'tooLong')
const required = (max: number) => text(max).min(1, 'required')

/**
 * What each right needs, as one schema per type. The form's step "details"
 * and the stored request both use these, so a stored request always has the
 * shape its type promises.
 */
export const detailsSchemas = {
  access: z
    .object({ scope: z.enum(SCOPES, { message: 'chooseScope' }), specific: text(2000).optional() })
    .refine((d) => d.scope !== 'specific' || !!d.specific, { path: ['specific'], message: 'describeSpecific' }),
  portability: z
    .object({ scope: z.enum(SCOPES, { message: 'chooseScope' }), specific: text(2000).optional() })
    .refine((d) => d.scope !== 'specific' || !!d.specific, { path: ['specific'], message: 'describeSpecific' }),
  rectification: z.object({ wrong: required(2000), correct: required(2000) }),
  erasure: z.object({ what: required(2000), why: required(2000) }),
  restriction: z.object({ what: required(2000), why: required(2000) }),
  objection: z
    .object({ ground: z.enum(OBJECTION_GROUNDS, { message: 'chooseGround' }), situation: text(2000).optional() })
    .refine((d) => d.ground !== 'particular_situation' || !!d.situation, { path: ['situation'], message: 'describeSituation' }),
} satisfies Record<RequestType, z.ZodTypeAny>

export type RequestDetails =
  | ({ type: 'access' } & z.infer<(typeof detailsSchemas)['access']>)
  | ({ type: 'portability' } & z.infer<(typeof detailsSchemas)['portability']>)
  | ({ type: 'rectification' } & z.infer<(typeof detailsSchemas)['rectification']>)
  | ({ type: 'erasure' } & z.infer<(typeof detailsSchemas)['erasure']>)
  | ({ type: 'restriction' } & z.infer<(typeof detailsSchemas)['restriction']>)
  | ({ type: 'objection' } & z.infer<(typeof detailsSchemas)['objection']>)

export function isRequestType(value: unknown): value is RequestType {
  return typeof value === 'string' && (REQUEST_TYPES as readonly string[]).includes(value)
}
