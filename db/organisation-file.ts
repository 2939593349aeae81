import { z } from 'zod'
import { LANGUAGES, type Language } from '../app/domain/languages'
import { REQUEST_TYPES } from '../app/domain/request-types'

// The shape of an organisation file (db/organisations/*.yaml). Organisations
// are data: the import command validates each file against this schema and
// reports errors as "file: field.path: message".

const language = z.enum(LANGUAGES)
const localized = z
  .object({ da: z.string().min(1), no: z.string().min(1), fi: z.string().min(1), en: z.string().min(1) })
  .partial()
  .strict()

/** ISO 8601 durations in whole days, weeks, months or years: P6W, P90D, P12M, P10Y. */
const duration = z.string().regex(/^P\d+[DWMY]$/, 'expected a duration such as P90D, P6W, P12M or P10Y')

const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'use lowercase letters, digits and hyphens')

const profileSchema = z.object({
  languages: z.array(language).min(1),
  // Rendered as a link on the person's status page: only a web address, never javascript: or data:.
  authority: z.object({ name: z.string().min(1), complaintUrl: z.string().url().regex(/^https?:\/\//i, 'use an http:// or https:// address') }),
  requestTypes: z.array(z.enum(REQUEST_TYPES)).min(1),
  /** What the organisation says on its page: who it is, other ways to make a request. */
  intro: localized,
  otherWays: localized.optional(),
  identifiers: z
    .array(
      z.object({
        key: z.string().regex(/^[a-z][a-zA-Z0-9]*$/, 'use a camelCase key such as customerNumber'),
        label: localized,
        hint: localized.optional(),
        required: z.boolean().default(false),
      }),
    )
    .default([]),
  register: z.object({
    purposes: z.array(z.object({ description: localized, legalBasis: localized })).min(1),
    dataCategories: z.array(z.object({ key: slug, name: localized })).min(1),
    recipients: z.array(z.object({ name: z.string().min(1), role: localized })).default([]),
    sources: z.array(localized).default([]),
    retention: z
      .array(
        z.object({
          category: slug,
          period: duration,
          description: localized,
          legalBasis: localized,
        }),
      )
      .min(1),
    /** Automated decisions, including profiling; empty when there are none. */
    automatedDecisions: z.array(localized).default([]),
  }),
  /** Processors only: slugs of the controllers it acts for. */
  clients: z.array(slug).default([]),
})

export const organisationFileSchema = z
  .object({
    slug,
    name: z.string().min(1),
    country: z.enum(['DK', 'NO', 'FI']),
    timeZone: z.string().refine(isTimeZone, 'not a known IANA time zone such as Europe/Copenhagen'),
    kind: z.enum(['controller', 'processor']),
    privacyEmail: z.string().email(),
    slaDays: z.number().int().min(1).max(30).default(30),
    pauseClockOnInfoRequest: z.boolean().default(false),
    demo: z.boolean().default(false),
  })
  .merge(profileSchema)
  .strict()
  .superRefine((org, ctx) => {
    // Text the organisation writes must exist in its own languages and in English.
    const needed = new Set<Language>([...org.languages, 'en'])
    const check = (value: Partial<Record<Language, string>> | undefined, path: (string | number)[]) => {
      if (!value) return
      for (const lang of needed) {
        if (!value[lang]) ctx.addIssue({ code: 'custom', path: [...path, lang], message: `missing the ${lang} text` })
      }
    }
    check(org.intro, ['intro'])
    check(org.otherWays, ['otherWays'])
    org.identifiers.forEach((id, i) => {
      check(id.label, ['identifiers', i, 'label'])
      check(id.hint, ['identifiers', i, 'hint'])
    })
    const r = org.register
    r.purposes.forEach((p, i) => {
      check(p.description, ['register', 'purposes', i, 'description'])
      check(p.legalBasis, ['register', 'purposes', i, 'legalBasis'])
    })
    r.dataCategories.forEach((c, i) => check(c.name, ['register', 'dataCategories', i, 'name']))
    r.recipients.forEach((c, i) => check(c.role, ['register', 'recipients', i, 'role']))
    r.sources.forEach((s, i) => check(s, ['register', 'sources', i]))
    r.automatedDecisions.forEach((s, i) => check(s, ['register', 'automatedDecisions', i]))
    const categories = new Set(r.dataCategories.map((c) => c.key))
    r.retention.forEach((rule, i) => {
      check(rule.description, ['register', 'retention', i, 'description'])
      check(rule.legalBasis, ['register', 'retention', i, 'legalBasis'])
      if (!categories.has(rule.category)) {
        ctx.addIssue({ code: 'custom', path: ['register', 'retention', i, 'category'], message: `"${rule.category}" is not one of register.dataCategories` })
      }
    })
    if (org.kind === 'controller' && org.clients.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['clients'], message: 'only a processor has clients' })
    }
  })

export type OrganisationFile = z.infer<typeof organisationFileSchema>
export type OrganisationProfile = z.infer<typeof profileSchema>
export type OrganisationIdentifier = OrganisationProfile['identifiers'][number]

function isTimeZone(tz: string) {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz })
    return true
  } catch {
    return false
  }
}

export class OrganisationFileError extends Error {
  constructor(
    readonly file: string,
    readonly issues: string[],
  ) {
    super(issues.map((issue) => `${file}: ${issue}`).join('\n'))
    this.name = 'OrganisationFileError'
  }
}

export function parseOrganisationFile(file: string, data: unknown): OrganisationFile {
  const result = organisationFileSchema.safeParse(data)
  if (!result.success) {
    throw new OrganisationFileError(
      file,
      result.error.issues.map((i) => `${i.path.length ? formatPath(i.path) : '(file)'}: ${i.message}`),
    )
  }
  return result.data
}

function formatPath(path: (string | number)[]) {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('')
}
