import { z } from 'zod'
import type { Organisation } from '#db/schema'
import type { Behalf } from '~/domain/processor-clients'
import { DETAIL_FIELDS, DETAIL_MAX, detailsSchemas, REQUEST_TYPES, type RequestDetails, type RequestType } from '~/domain/request-types'
import { CALLING_CODES, toE164 } from '~/utils/phone'
import { cleanLine } from '~/utils/text'

// The request form: short pages, one schema each. Answers are kept in a draft
// between pages; "check your answers" sends only a draft that passes them all.

export const STEPS = ['right', 'details', 'identity', 'behalf', 'check'] as const
export type Step = (typeof STEPS)[number]

/** The pages this organisation's form has: only a processor asks on whose behalf the person was contacted. */
export function stepsFor(org: Pick<Organisation, 'kind'>): readonly Step[] {
  return org.kind === 'processor' ? STEPS : STEPS.filter((s) => s !== 'behalf')
}

export type Draft = {
  type?: RequestType
  details?: Record<string, unknown>
  identity?: Record<string, unknown>
  /** Processors only: is it about the organisation's own use of the data, or a call made for a client, and which. */
  behalf?: Record<string, unknown>
  /** What was typed on a page but not yet sent, e.g. when switching language midway. */
  unsent?: Partial<Record<Step, Record<string, string | string[]>>>
}

/** A processor's client as the form offers it. */
export type Client = { key: string; name: string }

/** Every organisation accepts every right (Art. 12(2)); its file may only say that one rarely applies. */
export function rightSchema() {
  return RIGHT_SCHEMA
}
// Made once: every step of the form checks the whole draft, and a schema is never changed by its use.
const RIGHT_SCHEMA = z.object({ type: z.enum(REQUEST_TYPES, { message: 'errors:right.required' }) })

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

/** Made once per organisation as read (app/data/organisations.server.ts keeps it while unchanged): every step checks the whole draft. */
const identitySchemas = new WeakMap<object, ReturnType<typeof makeIdentitySchema>>()

export function identitySchema(org: Organisation) {
  let schema = identitySchemas.get(org.profile.identifiers)
  if (!schema) identitySchemas.set(org.profile.identifiers, (schema = makeIdentitySchema(org)))
  return schema
}

function makeIdentitySchema(org: Organisation) {
  const identifiers: Record<string, z.ZodTypeAny> = {}
  for (const id of org.profile.identifiers) {
    identifiers[`id_${id.key}`] = id.required
      ? requiredLine('errors:identity.identifierRequired', 200, 'errors:identity.identifierTooLong')
      : optional(line(200, 'errors:identity.identifierTooLong'))
  }
  return z.object({
    name: requiredLine('errors:identity.nameRequired', 200, 'errors:identity.nameTooLong'),
    email: emailField,
    phone: optional(z.string().transform(cleanLine).pipe(z.string().regex(PHONE, 'errors:identity.phoneInvalid'))),
    ...identifiers,
  })
}

const oneOrMany = (v: unknown) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v])

/**
 * A processor's question: is the request about its own use of the data
 * (it answers), or about a call made for a client (the client answers,
 * docs/decisions/016)? Then which clients, several allowed, or "I don't
 * know"; the number that called and roughly when are optional hints.
 */
export function behalfSchema(org: Pick<Organisation, 'country'>, clients: Client[]) {
  const keys = clients.map((c) => c.key)
  return z
    .object({
      about: z.enum(['own', 'client'], { message: 'errors:behalf.aboutRequired' }),
      clients: z.preprocess(oneOrMany, z.array(z.string().max(100)).max(clients.length + 1)),
      callerNumber: optional(
        z
          .string()
          .transform(cleanLine)
          .pipe(z.string().max(40, 'errors:behalf.numberInvalid'))
          .transform((v, ctx) => toE164(v, CALLING_CODES[org.country]) ?? (ctx.addIssue({ code: 'custom', message: 'errors:behalf.numberInvalid' }), z.NEVER)),
      ),
      calledOn: optional(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'errors:behalf.dateInvalid').refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), 'errors:behalf.dateInvalid')),
    })
    .superRefine((v, ctx) => {
      if (v.about !== 'client') return
      if (v.clients.length === 0) ctx.addIssue({ code: 'custom', path: ['clients'], message: 'errors:behalf.clientsRequired' })
      else if (v.clients.some((c) => c !== 'unknown' && !keys.includes(c))) ctx.addIssue({ code: 'custom', path: ['clients'], message: 'errors:behalf.clientsRequired' })
      else if (v.clients.includes('unknown') && v.clients.length > 1) ctx.addIssue({ code: 'custom', path: ['clients'], message: 'errors:behalf.unknownAndClients' })
    })
    .transform((v) => (v.about === 'own' ? { about: 'own' as const, clients: [] } : v))
}

/** What the person said about the call, kept with the request for whoever routes it. */
export type CallHint = { number?: string; on?: string }

export type CompleteDraft = {
  type: RequestType
  details: RequestDetails
  identity: { name: string; email: string; phone?: string; identifiers: Record<string, string> }
  /** Processors only. */
  behalf?: Behalf
  call?: CallHint
}

/** The first page whose answers are missing or no longer valid, or the whole validated request. */
export function checkDraft(draft: Draft, org: Organisation, clients: Client[]): { ok: false; step: Step } | { ok: true; value: CompleteDraft } {
  const right = rightSchema().safeParse({ type: draft.type })
  if (!right.success) return { ok: false, step: 'right' }
  const type = right.data.type
  const details = detailsSchema(type).safeParse(draft.details ?? {})
  if (!details.success) return { ok: false, step: 'details' }
  const identity = identitySchema(org).safeParse(draft.identity ?? {})
  if (!identity.success) return { ok: false, step: 'identity' }
  let behalf: Behalf | undefined
  let call: CallHint | undefined
  if (stepsFor(org).includes('behalf')) {
    const parsed = behalfSchema(org, clients).safeParse(draft.behalf ?? {})
    if (!parsed.success) return { ok: false, step: 'behalf' }
    const b = parsed.data
    behalf = b.about === 'own' ? { about: 'own' } : { about: 'client', clients: b.clients.includes('unknown') ? 'unknown' : b.clients }
    if (b.about === 'client' && (b.callerNumber || b.calledOn)) call = { ...(b.callerNumber ? { number: b.callerNumber } : {}), ...(b.calledOn ? { on: b.calledOn } : {}) }
  }
  const { name, email, phone, ...rest } = identity.data as Record<string, string | undefined>
  const identifiers: Record<string, string> = {}
  for (const [key, value] of Object.entries(rest)) if (value) identifiers[key.replace(/^id_/, '')] = value
  return {
    ok: true,
    value: {
      type,
      details: { type, ...details.data } as RequestDetails,
      identity: { name: name!, email: email!, phone, identifiers },
      ...(behalf ? { behalf } : {}),
      ...(call ? { call } : {}),
    },
  }
}

/**
 * The fields a page of the form posts, with the longest value each may have:
 * typed text kept unchecked (when switching language) is cut to these, and
 * anything else posted is dropped, so a draft holds only what the form asks.
 */
export function stepFields(step: Exclude<Step, 'check'>, draft: Draft, org: Organisation): Record<string, number> {
  if (step === 'right') return { type: 40 }
  if (step === 'details') return Object.fromEntries((draft.type ? DETAIL_FIELDS[draft.type] : []).map((f) => [f, DETAIL_MAX]))
  if (step === 'behalf') return { about: 10, clients: 100, callerNumber: 40, calledOn: 10 }
  return {
    name: 200,
    email: 254,
    phone: 40,
    ...Object.fromEntries(org.profile.identifiers.map((id) => [`id_${id.key}`, 200])),
  }
}
