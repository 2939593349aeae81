import { z } from 'zod'
import type { Organisation } from '#db/schema'
import { detailsSchemas, type RequestDetails, type RequestType } from '~/domain/request-types'

// The request form: short pages, one schema each. Answers are kept in a draft
// between pages; "check your answers" sends only a draft that passes them all.

export const STEPS = ['right', 'details', 'identity', 'check'] as const
export type Step = (typeof STEPS)[number]

export type Draft = {
  type?: RequestType
  details?: Record<string, unknown>
  identity?: Record<string, unknown>
  /** What was typed on a page but not yet sent, e.g. when switching language midway. */
  unsent?: Partial<Record<Step, Record<string, string>>>
}

type Client = Pick<Organisation, 'slug' | 'name'>

export function rightSchema(org: Organisation) {
  const types = org.profile.requestTypes as unknown as [RequestType, ...RequestType[]]
  return z.object({ type: z.enum(types, { message: 'errors:right.required' }) })
}

export function detailsSchema(type: RequestType) {
  return detailsSchemas[type]
}

/** An email address as every citizen form asks for it (254: the longest an address can be). */
export const emailField = z
  .string({ required_error: 'errors:identity.emailRequired' })
  .trim()
  .max(254, 'errors:identity.emailInvalid')
  .email('errors:identity.emailInvalid')

const PHONE = /^\+?[0-9 ()-]{6,20}$/

export function identitySchema(org: Organisation, clients: Client[]) {
  const identifiers: Record<string, z.ZodTypeAny> = {}
  for (const id of org.profile.identifiers) {
    const base = z.string().trim().max(200, 'errors:identity.identifierTooLong')
    identifiers[`id_${id.key}`] = id.required
      ? z.string({ required_error: 'errors:identity.identifierRequired' }).trim().min(1, 'errors:identity.identifierRequired').max(200, 'errors:identity.identifierTooLong')
      : base.optional()
  }
  const onBehalfOf: z.ZodRawShape =
    clients.length > 0
      ? { onBehalfOf: z.enum(['unknown', ...clients.map((c) => c.slug)], { message: 'errors:identity.onBehalfOfRequired' }) }
      : {}
  return z.object({
    name: z.string({ required_error: 'errors:identity.nameRequired' }).trim().min(1, 'errors:identity.nameRequired').max(200, 'errors:identity.nameTooLong'),
    email: emailField,
    phone: z.string().trim().regex(PHONE, 'errors:identity.phoneInvalid').optional(),
    ...onBehalfOf,
    ...identifiers,
  })
}

export type CompleteDraft = {
  type: RequestType
  details: RequestDetails
  identity: { name: string; email: string; phone?: string; onBehalfOf?: string; identifiers: Record<string, string> }
}

/** The first page whose answers are missing or no longer valid, or the whole validated request. */
export function checkDraft(draft: Draft, org: Organisation, clients: Client[]): { ok: false; step: Step } | { ok: true; value: CompleteDraft } {
  const right = rightSchema(org).safeParse({ type: draft.type })
  if (!right.success) return { ok: false, step: 'right' }
  const type = right.data.type
  const details = detailsSchema(type).safeParse(draft.details ?? {})
  if (!details.success) return { ok: false, step: 'details' }
  const identity = identitySchema(org, clients).safeParse(draft.identity ?? {})
  if (!identity.success) return { ok: false, step: 'identity' }
  const { name, email, phone, onBehalfOf, ...rest } = identity.data as Record<string, string | undefined>
  const identifiers: Record<string, string> = {}
  for (const [key, value] of Object.entries(rest)) if (value) identifiers[key.replace(/^id_/, '')] = value
  return {
    ok: true,
    value: {
      type,
      details: { type, ...details.data } as RequestDetails,
      identity: { name: name!, email: email!, phone, onBehalfOf, identifiers },
    },
  }
}
