import { z } from 'zod'
import { toE164 } from '../app/utils/phone'
import { COUNTRIES, IDENTITY_METHODS, LANGUAGES, REQUEST_TYPES, type Language } from '../app/vocabulary'

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

/** The lawful bases of GDPR Art. 6(1), by letter; portability (Art. 20(1)) depends on them. */
export const LEGAL_BASES = ['consent', 'contract', 'legal_obligation', 'vital_interests', 'public_task', 'legitimate_interests'] as const

/**
 * Restrictions of the right of access in national law (GDPR Art. 23) that an
 * organisation may rely on when its register names them.
 */
export const NATIONAL_RESTRICTIONS = {
  DK: ['dk_databeskyttelsesloven_22'],
  NO: ['no_personopplysningsloven_16'],
  FI: ['fi_tietosuojalaki_34'],
} as const satisfies Record<(typeof COUNTRIES)[number], readonly string[]>
const ALL_RESTRICTIONS = Object.values(NATIONAL_RESTRICTIONS).flat() as [string, ...string[]]

/**
 * The prefix of the environment variables an organisation's connectors may
 * name, CONNECTOR_TOKEN_<SLUG>__ (hyphens as underscores). The double
 * underscore ends the slug: a slug never holds two hyphens in a row, so one
 * organisation's prefix is never the start of another's (with a single one,
 * "a" could name "a-b"'s CONNECTOR_TOKEN_A_B_…). docs/decisions/012.
 */
export function connectorTokenPrefix(slug: string): string {
  return `CONNECTOR_TOKEN_${slug.toUpperCase().replaceAll('-', '_')}__`
}

/**
 * Why a connector's file path is refused, or null: it must name a file inside
 * the organisation's own folder of the portal's CONNECTOR_DIR, so it is
 * relative (to CONNECTOR_DIR/<slug>/) and never climbs out. The
 * connector checks again, with symlinks followed, before it opens anything.
 */
export function connectorPathProblem(file: string): string | null {
  if (file.includes('\0')) return 'a path without NUL characters'
  if (file.startsWith('/') || file.startsWith('\\') || /^[a-zA-Z]:/.test(file)) return 'a path relative to the organisation’s connector folder (CONNECTOR_DIR/<slug>/), not an absolute one'
  if (file.split(/[/\\]/).some((part) => part === '..')) return 'a path inside the organisation’s connector folder (CONNECTOR_DIR/<slug>/), without ".."'
  return null
}

const connectorPath = z
  .string()
  .min(1)
  .superRefine((file, ctx) => {
    const problem = connectorPathProblem(file)
    if (problem) ctx.addIssue({ code: 'custom', message: `expected ${problem}` })
  })

/** How long one call may take before it is stopped and reported. */
const timeoutMs = z.number().int().min(100).max(60_000).default(10_000)

/**
 * Where an officer can fetch what the organisation holds about a person.
 * Queries are parameterised with the verified identifiers (:email, :name,
 * :phone and each identifier's key); secrets are named by environment
 * variable, never written in the file. The file is written outside the
 * operator's control, so what it may name is limited here and checked
 * again when a connector runs (docs/decisions/012).
 */
const connectorSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('sqlite'),
      /** An SQLite file in the organisation's folder CONNECTOR_DIR/<slug>/, opened read-only. */
      file: connectorPath,
      queries: z.array(z.object({ category: slug, sql: z.string().min(1) }).strict()).min(1),
      timeoutMs,
    })
    .strict(),
  z
    .object({
      kind: z.literal('webhook'),
      url: z.string().url().regex(/^https:\/\//i, 'a webhook must use https://'),
      categories: z.array(slug).min(1),
      /** The environment variable holding the bearer token sent with each call: CONNECTOR_TOKEN_<SLUG>__<NAME>. */
      tokenEnv: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'an environment variable name such as CONNECTOR_TOKEN_MY_ORG__CRM').optional(),
      /** A PEM file in the organisation's folder CONNECTOR_DIR/<slug>/ with the certificate authority to trust for a private server. */
      caFile: connectorPath.optional(),
      timeoutMs,
    })
    .strict(),
])

/** A calendar date, YYYY-MM-DD, that exists. */
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date such as 2026-03-01')
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), 'not a date that exists')

/** A number the processor calls from, kept in E.164 form so a number the person types compares equal. */
const callingNumber = z.string().transform((value, ctx) => {
  const number = toE164(value)
  if (!number) {
    ctx.addIssue({ code: 'custom', message: 'expected a phone number with its country code, such as +45 00 00 10 01' })
    return z.NEVER
  }
  return number
})

/** One calling campaign a processor runs for a client: how a person's "the number that called me" finds the client. */
const campaignSchema = z
  .object({
    name: z.string().min(1).max(200),
    from: isoDate,
    /** Absent while the campaign runs. */
    to: isoDate.optional(),
    numbers: z.array(callingNumber).default([]),
    /** The client's own codes for the lists called, so both sides can name the same list. */
    listCodes: z.array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, 'use letters, digits, ".", "_" and "-" (at most 40)')).default([]),
  })
  .strict()
  .refine((c) => !c.to || c.from <= c.to, { message: 'the campaign ends before it starts', path: ['to'] })

/** A supervisory authority, named in a refusal and wherever a person is told where to complain (Art. 12(4), 77). */
// Rendered as a link on the person's status page: only a web address, never javascript: or data:.
// The complaint page, not the home page: the person is sent there to complain (Art. 77).
const authoritySchema = z.object({ name: localized, complaintUrl: z.string().url().regex(/^https?:\/\//i, 'use an http:// or https:// address') })

/**
 * A controller a processor works for (GDPR Art. 28): who answers the
 * requests about calls made for it, where they are sent, and how a call is
 * recognised as one of its campaigns (docs/decisions/016).
 */
const clientSchema = z
  .object({
    /** Stays the same while the name may change: requests store it. */
    key: slug,
    name: z.string().min(1).max(200),
    /** The client's privacy contact: where requests about its calls are to be passed on (decision 016). */
    privacyEmail: z.string().email(),
    /** A second contact, told when the first does not respond. */
    escalationEmail: z.string().email(),
    /** The language of the emails to the client. */
    language,
    /** ISO 3166-1 alpha-2. */
    country: z.string().regex(/^[A-Z]{2}$/, 'expected a two-letter country code such as DK'),
    /** The client's own organisation on the portal, when it has one: its requests then reach its own queue. */
    organisation: slug.optional(),
    /**
     * The client's supervisory authority, for the answers it gives through its
     * secure link (docs/decisions/017); without it, the processor's, which only
     * a client in the processor's country may rely on.
     */
    authority: authoritySchema.optional(),
    campaigns: z.array(campaignSchema).default([]),
    /**
     * Working days after the forwarding (in the processor's calendar) on which
     * an unacknowledged forwarding is reminded, ascending; one working day after
     * the last, the escalation contact and the processor's officers are alerted.
     */
    reminderDays: z
      .array(z.number().int().min(1, 'a reminder comes 1 working day after the forwarding at the earliest').max(30, 'at most 30 working days'))
      .min(1, 'give at least one day, or leave reminderDays out for 1, 3 and 5')
      .max(5, 'at most 5 reminders')
      .refine((days) => days.every((d, i) => i === 0 || d > days[i - 1]!), { message: 'list the days in ascending order, each once' })
      .default([1, 3, 5]),
  })
  .strict()

export type ProcessorClient = z.infer<typeof clientSchema>
export type Campaign = ProcessorClient['campaigns'][number]

/**
 * A column of the collected data, named in each of the organisation's
 * languages wherever the person sees it (the letter, its JSON, the
 * portability package). `recipient` marks a column naming who received the
 * data (the animal's insurer): the access letter names them (Art. 15(1)(c),
 * docs/decisions/022).
 */
const fieldSchema = z
  .object({
    key: z.string().min(1).max(100),
    label: localized,
    /** What the field holds, where the label alone does not say it (WP242: the package describes its fields). */
    meaning: localized.optional(),
    /** The key of the register.recipients entry whose recipients this column names. */
    recipient: slug.optional(),
  })
  .strict()

/** How a category's data came to the organisation (Art. 20(1); WP242): given by the person, observed from their use of a service, or created by the organisation. */
export const DATA_ORIGINS = ['given', 'observed', 'created'] as const

/** The conditions of Art. 9(2) for special categories of data, by letter. */
export const ARTICLE_9_CONDITIONS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'] as const

/** The mechanisms of GDPR Chapter V a transfer outside the EEA rests on. */
export const TRANSFER_MECHANISMS = ['adequacy', 'standard_clauses', 'binding_corporate_rules', 'code_of_conduct', 'certification', 'derogation'] as const

/** The EEA: the EU's member states, Iceland, Liechtenstein and Norway. A transfer names countries outside it. */
const EEA = new Set(['AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE', 'IS', 'LI', 'NO'])

const dataCategorySchema = z
  .object({
    key: slug,
    name: localized,
    /** Given by the person, observed, or created by the organisation (derived or inferred): only the first two are within Art. 20(1). */
    origin: z.enum(DATA_ORIGINS),
    /** Processed by automated means (Art. 20(1)(b)); false for records kept only on paper. */
    automated: z.boolean().default(true),
    /** Special categories of data (Art. 9(1)): the Art. 9(2) condition relied on, and how, as the letter states it. */
    special: z.object({ condition: z.enum(ARTICLE_9_CONDITIONS), explanation: localized }).strict().optional(),
    /** Every column the connectors and uploads return for this category, labelled. */
    fields: z.array(fieldSchema).default([]),
  })
  .strict()

const recipientSchema = z
  .object({
    /** Needed where a column names this entry's recipients (fields[].recipient). */
    key: slug.optional(),
    name: localized,
    role: localized,
    /** The entry is a kind of recipient (insurers), not one by name. */
    category: z.boolean().default(false),
    /** For a kind of recipient no column names: why the letter gives the kind and not the recipients (CJEU C-154/21). */
    unnamedBecause: localized.optional(),
  })
  .strict()

const profileSchema = z.object({
  languages: z.array(language).min(1),
  authority: authoritySchema,
  /**
   * Every organisation accepts every right (Art. 12(2)); a note may say that
   * a right rarely applies here and why, shown to the person choosing it.
   */
  rightNotes: z.object(Object.fromEntries(REQUEST_TYPES.map((t) => [t, localized.optional()])) as Record<(typeof REQUEST_TYPES)[number], z.ZodOptional<typeof localized>>).strict().default({}),
  /** How this organisation may check who a person is; answers with personal data wait for one of them (or a recorded override). */
  identityMethods: z.array(z.enum(IDENTITY_METHODS)).min(1).default([...IDENTITY_METHODS]),
  /** Days the person can download an answer after it is sent. */
  answerDownloadDays: z.number().int().min(1).max(365).default(30),
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
        /** A phone number (e.g. the number a caller called from): an objection to direct marketing puts it on the do-not-contact list too. */
        type: z.enum(['phone']).optional(),
      }),
    )
    .default([]),
  register: z.object({
    purposes: z
      .array(
        z.object({
          description: localized,
          legalBasis: localized,
          /** The Art. 6(1) basis, as data: portability applies to consent and contract only. */
          basis: z.enum(LEGAL_BASES).optional(),
          /** The data categories processed for this purpose. */
          categories: z.array(slug).default([]),
          /**
           * Where the purpose concerns only people with data in these categories
           * (offers are sent only to those with a consent): the access letter
           * lists it among the person's purposes only then (docs/decisions/022).
           */
          onlyWhenHeld: z.array(slug).optional(),
        }),
      )
      .min(1),
    dataCategories: z.array(dataCategorySchema).min(1),
    recipients: z.array(recipientSchema).default([]),
    sources: z.array(localized).default([]),
    retention: z
      .array(
        z.object({
          category: slug,
          period: duration,
          description: localized,
          legalBasis: localized,
          /** Kept because a law requires it (Art. 17(3)(b)): an erasure keeps each record of this category until its own period has run. */
          legalObligation: z.boolean().default(false),
          /**
           * Where the period starts (docs/decisions/018): the record's own date
           * (`record`), or the end of the financial year the record belongs to
           * (`financialYearEnd`, 31 December: bokføringsloven § 13, bogføringsloven § 12).
           */
          start: z.enum(['record', 'financialYearEnd']).default('record'),
          /** The column of the collected rows holding each record's date (ISO 8601), from which its period is counted. */
          dateField: z.string().min(1).optional(),
          /** Where no date can be known (e.g. "while the agreement runs, then 5 years"): the criterion the letter states instead of a date. */
          criterion: localized.optional(),
          /** The statute and its section a legal hold rests on, as the letter cites it (e.g. "bokføringsloven § 13"); required for a legal hold. */
          section: localized.optional(),
          /**
           * Categories a legal hold keeps along with its own, because its records
           * cannot be kept without them (a journal names the animal's owner):
           * kept as long as the hold's records are, on the same ground.
           */
          carries: z.array(slug).default([]),
        }),
      )
      .min(1),
    /** Automated decisions, including profiling, with their logic and consequences; empty when there are none. */
    automatedDecisions: z.array(localized).default([]),
    /** Transfers outside the EEA and their safeguards (Art. 15(2), Art. 46). */
    transfers: z
      .array(
        z.object({
          recipient: z.string().min(1),
          /** The countries outside the EEA the data go to, ISO 3166-1 alpha-2 (named in the person's language in the letter). */
          countries: z.array(z.string().regex(/^[A-Z]{2}$/, 'expected a two-letter country code such as US')).min(1, 'name every country outside the EEA the data go to'),
          country: localized,
          /** The legal mechanism of Chapter V the transfer rests on; the letter cites its article. */
          mechanism: z.enum(TRANSFER_MECHANISMS),
          safeguard: localized,
        }),
      )
      .default([]),
    /** National restrictions of the right of access this organisation relies on, and why. */
    nationalRestrictions: z.array(z.object({ key: z.enum(ALL_RESTRICTIONS), description: localized })).default([]),
    /**
     * How long a do-not-contact entry made for another purpose than an
     * objection (e.g. a hotline's rule not to call again someone already
     * offered membership) is kept; it is deleted when the period ends. An
     * objection to direct marketing has no end: its entries stay until the
     * person withdraws it (Art. 21(3)).
     */
    doNotContactPeriod: duration.optional(),
  }),
  connectors: z.array(connectorSchema).default([]),
  /** Processors only: the register of the controllers it acts for. */
  clients: z.array(clientSchema).max(500).default([]),
  /** Email into the queue (docs/decisions/020): the addresses the portal's own SMTP listener accepts for this organisation. */
  inbound: z
    .object({ addresses: z.array(z.string().trim().toLowerCase().email('expected an email address such as privacy@organisation.example')).min(1).max(10) })
    .strict()
    .optional(),
  /**
   * The reasonable fee, based on administrative costs, this organisation may
   * charge for a manifestly unfounded or excessive request instead of refusing
   * it (Art. 12(5)(a)): the amount and how it is reckoned. Without it, no fee is offered.
   */
  reasonableFee: localized.optional(),
  /**
   * How long the portal keeps its own copies of a request's data
   * (docs/decisions/025); a period left out takes the portal's default
   * (app/domain/request-retention.ts).
   */
  requestRetention: z
    .object({
      /** A closed request's identity, free text and messages, counted from its closure; then only a tombstone remains. */
      closedRequests: duration.optional(),
      /** A request whose address was never confirmed, counted from its filing. */
      unconfirmedRequests: duration.optional(),
      /** Answer documents, counted from the end of their download window. */
      documentsGrace: duration.optional(),
      /** The record of a sent email, counted from its sending. */
      sentEmails: duration.optional(),
      /** An inbound email an officer dismissed, counted from its dismissal. */
      inboundDismissed: duration.optional(),
    })
    .strict()
    .optional(),
})

export const organisationFileSchema = z
  .object({
    slug,
    name: z.string().min(1),
    country: z.enum(COUNTRIES),
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
    check(org.authority.name, ['authority', 'name'])
    for (const type of REQUEST_TYPES) check(org.rightNotes[type], ['rightNotes', type])
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
    const recipientKeys = new Map<string, (typeof r.recipients)[number]>()
    r.recipients.forEach((c, i) => {
      check(c.name, ['register', 'recipients', i, 'name'])
      check(c.role, ['register', 'recipients', i, 'role'])
      check(c.unnamedBecause, ['register', 'recipients', i, 'unnamedBecause'])
      if (c.key !== undefined) {
        if (recipientKeys.has(c.key)) ctx.addIssue({ code: 'custom', path: ['register', 'recipients', i, 'key'], message: `"${c.key}" names another recipient already` })
        recipientKeys.set(c.key, c)
      }
    })
    const namedByColumn = new Set<string>()
    r.dataCategories.forEach((c, i) => {
      check(c.name, ['register', 'dataCategories', i, 'name'])
      check(c.special?.explanation, ['register', 'dataCategories', i, 'special', 'explanation'])
      const seen = new Set<string>()
      c.fields.forEach((f, j) => {
        const path = ['register', 'dataCategories', i, 'fields', j]
        if (seen.has(f.key)) ctx.addIssue({ code: 'custom', path: [...path, 'key'], message: `"${f.key}" is labelled twice in this category` })
        seen.add(f.key)
        check(f.label, [...path, 'label'])
        check(f.meaning, [...path, 'meaning'])
        if (f.recipient === undefined) return
        if (!recipientKeys.has(f.recipient)) ctx.addIssue({ code: 'custom', path: [...path, 'recipient'], message: `"${f.recipient}" is not the key of one of register.recipients` })
        namedByColumn.add(f.recipient)
      })
    })
    r.recipients.forEach((c, i) => {
      // A kind of recipient is given as a kind only where the data cannot name them, and the letter says why (C-154/21).
      if (c.category && !(c.key && namedByColumn.has(c.key)) && !c.unnamedBecause) {
        ctx.addIssue({ code: 'custom', path: ['register', 'recipients', i, 'unnamedBecause'], message: 'a kind of recipient no column names needs the reason the letter gives for not naming them' })
      }
    })
    r.transfers.forEach((x, i) => {
      check(x.country, ['register', 'transfers', i, 'country'])
      check(x.safeguard, ['register', 'transfers', i, 'safeguard'])
      x.countries.forEach((code, j) => {
        if (EEA.has(code)) ctx.addIssue({ code: 'custom', path: ['register', 'transfers', i, 'countries', j], message: `${code} is in the EEA: list only the countries outside it` })
      })
    })
    r.nationalRestrictions.forEach((x, i) => {
      check(x.description, ['register', 'nationalRestrictions', i, 'description'])
      if (!(NATIONAL_RESTRICTIONS[org.country] as readonly string[]).includes(x.key)) {
        ctx.addIssue({ code: 'custom', path: ['register', 'nationalRestrictions', i, 'key'], message: `"${x.key}" is not a restriction of ${org.country} law` })
      }
    })
    r.sources.forEach((s, i) => check(s, ['register', 'sources', i]))
    r.automatedDecisions.forEach((s, i) => check(s, ['register', 'automatedDecisions', i]))
    const categories = new Set(r.dataCategories.map((c) => c.key))
    r.retention.forEach((rule, i) => {
      check(rule.description, ['register', 'retention', i, 'description'])
      check(rule.legalBasis, ['register', 'retention', i, 'legalBasis'])
      if (!categories.has(rule.category)) {
        ctx.addIssue({ code: 'custom', path: ['register', 'retention', i, 'category'], message: `"${rule.category}" is not one of register.dataCategories` })
      }
      rule.carries.forEach((key, j) => {
        if (!categories.has(key)) ctx.addIssue({ code: 'custom', path: ['register', 'retention', i, 'carries', j], message: `"${key}" is not one of register.dataCategories` })
      })
      if (rule.carries.length > 0 && !rule.legalObligation) {
        ctx.addIssue({ code: 'custom', path: ['register', 'retention', i, 'carries'], message: 'only a legal hold keeps other categories along with its own' })
      }
      check(rule.criterion, ['register', 'retention', i, 'criterion'])
      check(rule.section, ['register', 'retention', i, 'section'])
      if (rule.legalObligation && !rule.section) {
        ctx.addIssue({ code: 'custom', path: ['register', 'retention', i, 'section'], message: 'a legal hold cites the statute and its section it rests on' })
      }
      if (rule.legalObligation && !rule.dateField && !rule.criterion) {
        ctx.addIssue({ code: 'custom', path: ['register', 'retention', i, 'dateField'], message: "a legal hold names the column holding each record's date, or a criterion where no date can be known" })
      }
    })
    // "As long as necessary" is no period (Art. 13(2)(a), 15(1)(d)): every category processed on an Art. 6(1)
    // basis has a rule of its own with a period (and, where no date can be known, a criterion). Being kept along
    // with a hold's records is said beside it, for those whose records are held.
    r.dataCategories.forEach((c, i) => {
      const processed = r.purposes.some((p) => p.basis && p.categories.includes(c.key))
      if (processed && !r.retention.some((rule) => rule.category === c.key)) {
        ctx.addIssue({ code: 'custom', path: ['register', 'dataCategories', i, 'key'], message: `"${c.key}" has no retention rule: give register.retention a period or a criterion for it` })
      }
    })
    const unknownCategory = (key: string, path: (string | number)[]) => {
      if (!categories.has(key)) ctx.addIssue({ code: 'custom', path, message: `"${key}" is not one of register.dataCategories` })
    }
    r.purposes.forEach((p, i) => p.categories.forEach((c, j) => unknownCategory(c, ['register', 'purposes', i, 'categories', j])))
    r.purposes.forEach((p, i) => p.onlyWhenHeld?.forEach((c, j) => unknownCategory(c, ['register', 'purposes', i, 'onlyWhenHeld', j])))
    org.connectors.forEach((c, i) => {
      if (c.kind === 'sqlite') {
        c.queries.forEach((q, j) => {
          unknownCategory(q.category, ['connectors', i, 'queries', j, 'category'])
          const category = r.dataCategories.find((d) => d.key === q.category)
          if (!category) return
          // Every column the query returns is labelled in the category (the letter shows no bare column names).
          const columns = selectedColumns(q.sql)
          if (!columns) {
            ctx.addIssue({ code: 'custom', path: ['connectors', i, 'queries', j, 'sql'], message: 'name each column the query returns (no *), so each can be labelled' })
            return
          }
          for (const column of columns) {
            if (!category.fields.some((f) => f.key === column)) {
              ctx.addIssue({ code: 'custom', path: ['connectors', i, 'queries', j, 'sql'], message: `the column "${column}" has no label: add it to the fields of register.dataCategories "${q.category}"` })
            }
          }
        })
      } else {
        c.categories.forEach((key, j) => {
          unknownCategory(key, ['connectors', i, 'categories', j])
          const category = r.dataCategories.find((d) => d.key === key)
          if (category && category.fields.length === 0) ctx.addIssue({ code: 'custom', path: ['connectors', i, 'categories', j], message: `label the columns the webhook returns for "${key}" in the fields of register.dataCategories` })
        })
      }
      // Any other variable would send the portal's own secrets (SESSION_SECRET, DATA_KEYS…) to the organisation's server.
      const prefix = connectorTokenPrefix(org.slug)
      if (c.kind === 'webhook' && c.tokenEnv !== undefined && !(c.tokenEnv.startsWith(prefix) && c.tokenEnv.length > prefix.length)) {
        ctx.addIssue({ code: 'custom', path: ['connectors', i, 'tokenEnv'], message: `expected a variable named ${prefix}<NAME>: this organisation's connectors may read no other` })
      }
    })
    const kept = org.requestRetention?.closedRequests
    if (kept && durationDays(kept).atMost < org.answerDownloadDays) {
      ctx.addIssue({ code: 'custom', path: ['requestRetention', 'closedRequests'], message: `a closed request is kept at least as long as its answer can be downloaded (answerDownloadDays: ${org.answerDownloadDays} days)` })
    }
    for (const [key, value] of Object.entries(org.requestRetention ?? {})) {
      if (value && durationDays(value).atLeast > 10 * 366) ctx.addIssue({ code: 'custom', path: ['requestRetention', key], message: 'at most 10 years (P10Y)' })
    }
    if (org.kind === 'controller' && org.clients.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['clients'], message: 'only a processor has clients' })
    }
    const keys = new Set<string>()
    const linked = new Set<string>()
    org.clients.forEach((client, i) => {
      if (keys.has(client.key)) ctx.addIssue({ code: 'custom', path: ['clients', i, 'key'], message: `"${client.key}" names another client already` })
      keys.add(client.key)
      check(client.authority?.name, ['clients', i, 'authority', 'name'])
      if (client.organisation === undefined) return
      if (client.organisation === org.slug) ctx.addIssue({ code: 'custom', path: ['clients', i, 'organisation'], message: 'a processor is not its own client' })
      if (linked.has(client.organisation)) ctx.addIssue({ code: 'custom', path: ['clients', i, 'organisation'], message: `"${client.organisation}" is another client's organisation already` })
      linked.add(client.organisation)
    })
    org.inbound?.addresses.forEach((address, i) => {
      if (org.inbound!.addresses.indexOf(address) !== i) ctx.addIssue({ code: 'custom', path: ['inbound', 'addresses', i], message: `"${address}" is listed twice` })
    })
    check(org.reasonableFee, ['reasonableFee'])
  })

export type OrganisationFile = z.infer<typeof organisationFileSchema>
export type OrganisationProfile = z.infer<typeof profileSchema>
export type OrganisationIdentifier = OrganisationProfile['identifiers'][number]
export type ConnectorConfig = OrganisationProfile['connectors'][number]
export type LegalBasis = (typeof LEGAL_BASES)[number]
export type DataCategory = OrganisationProfile['register']['dataCategories'][number]
export type DataField = DataCategory['fields'][number]
export type NationalRestriction = (typeof ALL_RESTRICTIONS)[number]

/**
 * The names of the columns an SQL query returns, read from its last
 * top-level SELECT list (alias, or the column's own name); null where a
 * column has no name to read (`*`, or an expression without an alias).
 */
export function selectedColumns(sql: string): string[] | null {
  // Strings and comments out, then each parenthesised part blanked, so only the outermost statement's words remain.
  let code = sql.replace(/'(?:[^']|'')*'/g, "''").replace(/--[^\n]*/g, ' ').replace(/\/\*[\s\S]*?\*\//g, ' ')
  let flat = ''
  let depth = 0
  for (const ch of code) {
    if (ch === '(') depth++
    if (depth > 0) flat += ch === '\n' ? '\n' : ch === ',' ? ';' : ' '
    else flat += ch
    if (ch === ')') depth = Math.max(0, depth - 1)
  }
  code = flat
  const selects = [...code.matchAll(/\bselect\b(\s+distinct\b|\s+all\b)?/gi)]
  const last = selects.at(-1)
  if (!last || last.index === undefined) return null
  const rest = code.slice(last.index + last[0].length)
  const end = rest.search(/\b(from|where|group|order|limit|union|except|intersect)\b/i)
  const list = (end === -1 ? rest : rest.slice(0, end)).split(',')
  const names: string[] = []
  for (const item of list) {
    const text = item.trim()
    const alias = /\bas\s+["`\[]?([A-Za-z_][A-Za-z0-9_]*)["`\]]?$/i.exec(text)
    if (alias) names.push(alias[1]!)
    else {
      const column = /^(?:[A-Za-z_][A-Za-z0-9_]*\.)?["`\[]?([A-Za-z_][A-Za-z0-9_]*)["`\]]?$/.exec(text)
      if (!column) return null
      names.push(column[1]!)
    }
  }
  return names
}

/** The shortest and longest number of days a duration such as P6W or P3Y can span. */
export function durationDays(value: string): { atLeast: number; atMost: number } {
  const n = Number(value.slice(1, -1))
  const unit = value.at(-1)
  const [low, high] = unit === 'Y' ? [365, 366] : unit === 'M' ? [28, 31] : unit === 'W' ? [7, 7] : [1, 1]
  return { atLeast: n * low, atMost: n * high }
}

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
