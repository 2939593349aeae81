import { z } from 'zod'
import type { Organisation } from '#db/schema'
import { DETAIL_FIELDS, DETAIL_MAX, detailsSchemas, REQUEST_TYPES, type RequestDetails, type RequestType } from '~/domain/request-types'
import { cleanLine } from '~/utils/text'

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

/** Every organisation accepts every right (Art. 12(2)); its file may only say that one rarely applies. */
export function rightSchema() {
  return z.object({ type: z.enum(REQUEST_TYPES, { message: 'errors:right.required' }) })
}

export function detailsSchema(type: RequestType) {
  return detailsSchemas[type]
}

/** An email address as every citizen form asks for it (254: the longest an address can be). */
export const emailField = z
  .string({ required_error: 'errors:identity.emailRequired' })
  .transform(cleanLine)
  .pipe(z.string().min(1, 'errors:identity.emailRequired').max(254, 'errors:identity.emailInvalid').email('errors:identity.emailInvalid'))

const line = (max: number, tooLong: string) => z.string().transform(cleanLine).pipe(z.string().max(max, tooLong))
const requiredLine = (required: string, max: number, tooLong: string) =>
  z.string({ required_error: required }).transform(cleanLine).pipe(z.string().min(1, required).max(max, tooLong))
const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional())

const PHONE = /^\+?[0-9 ()-]{6,20}$/

export function identitySchema(org: Organisation, clients: Client[]) {
  const identifiers: Record<string, z.ZodTypeAny> = {}
  for (const id of org.profile.identifiers) {
    identifiers[`id_${id.key}`] = id.required
      ? requiredLine('errors:identity.identifierRequired', 200, 'errors:identity.identifierTooLong')
      : optional(line(200, 'errors:identity.identifierTooLong'))
  }
  const onBehalfOf: z.ZodRawShape =
    clients.length > 0
      ? { onBehalfOf: z.enum(['unknown', ...clients.map((c) => c.slug)], { message: 'errors:identity.onBehalfOfRequired' }) }
      : {}
  return z.object({
    name: requiredLine('errors:identity.nameRequired', 200, 'errors:identity.nameTooLong'),
    email: emailField,
    phone: optional(z.string().transform(cleanLine).pipe(z.string().regex(PHONE, 'errors:identity.phoneInvalid'))),
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
  const right = rightSchema().safeParse({ type: draft.type })
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

/**
 * The fields a page of the form posts, with the longest value each may have:
 * typed text kept unchecked (when switching language) is cut to these, and
 * anything else posted is dropped, so a draft holds only what the form asks.
 */
export function stepFields(step: Exclude<Step, 'check'>, draft: Draft, org: Organisation, clients: Client[]): Record<string, number> {
  if (step === 'right') return { type: 40 }
  if (step === 'details') return Object.fromEntries((draft.type ? DETAIL_FIELDS[draft.type] : []).map((f) => [f, DETAIL_MAX]))
  return {
    name: 200,
    email: 254,
    phone: 40,
    ...(clients.length ? { onBehalfOf: 100 } : {}),
    ...Object.fromEntries(org.profile.identifiers.map((id) => [`id_${id.key}`, 200])),
  }
}
