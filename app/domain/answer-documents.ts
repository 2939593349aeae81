import type { TFunction } from 'i18next'
import type { DataField, OrganisationProfile } from '#db/organisation-file'
import { citeArticle } from '~/domain/articles'
import { csvHead, csvRows, type CsvValue } from '~/documents/csv'
import { prettyJsonParts } from '~/documents/json'
import type { Block, LetterDocument, Section } from '~/documents/model'
import { LANGUAGE_TAGS, localize, type Localized } from '~/domain/languages'
import { fixedT, formatDate } from '~/i18n/i18n'
import type { AnswerOutcome, CategoryAction, Language, RequestType } from '~/vocabulary'

// What an organisation sends back when it answers a request: the letter, the
// data as JSON and, for portability, a package of files. Pure: everything
// comes in as AnswerInput, nothing is read from the database or the clock,
// so the same answer always makes the same documents.

export type CollectedCategory = {
  /** A register.dataCategories key. */
  category: string
  rows: Array<Record<string, string | number | boolean | null>>
}

export type CategoryDecision = {
  category: string
  action: CategoryAction
  corrections?: Array<{ field: string; oldValue: string; newValue: string }>
  /** For 'kept': why (the retention rule's legal basis, already localized). */
  legalBasis?: string
  /** For 'kept' under a legal hold: what happens to each record, by its own period (docs/decisions/018). */
  hold?: KeptRecords
  note?: string
}

/**
 * A category's records under a legal hold, each counted from the rule's own
 * start (docs/decisions/018): how many are kept until which day, how many were
 * erased now because their period had ended, how many are kept under the
 * rule's criterion (no date can be known), how many have no readable date.
 * `section` and `criterion` are already localized.
 */
export type KeptRecords = {
  section: string
  criterion?: string
  kept: Array<{ until: Date; count: number }>
  erased: number
  byCriterion: number
  undated: number
  /** A category kept along with a hold's own (the owner named in a journal): the hold's category, by name, and the latest day its records are kept, where that is known. */
  carriedBy?: string
  carriedUntil?: Date
}

export type AnswerInput = {
  language: Language
  /** Who answers: the organisation, or a processor's client answering through its link (docs/decisions/017), whose country may be any. */
  org: { name: string; country: string; timeZone: string; privacyEmail: string; profile: OrganisationProfile }
  /** `objectionGround`: an objection's ground, where it has one (direct marketing, profiling, the person's particular situation). */
  request: { reference: string; type: RequestType; receivedAt: Date; subjectName: string; subjectEmail: string; objectionGround?: string }
  answeredAt: Date
  outcome: AnswerOutcome
  /** For partly_granted / refused: the grounds, already translated, with the article they rest on. */
  grounds: Array<{ label: string; article: string }>
  /** The officer's own words to the person (optional for granted). */
  reasons?: string
  collected: CollectedCategory[]
  decisions: CategoryDecision[]
  /** Recipients told of a rectification, erasure or restriction (Art. 19), names already localized. */
  notifiedRecipients: string[]
  /** A processor's client answering through its link (docs/decisions/017): the processor whose record of processing for the client the letter gives. */
  processorName?: string
  /** An objection to direct marketing: the person's contact details on the do-not-contact list now, by label (already localized), never their values. */
  doNotContact?: { listed: string[] }
  /** An objection whose data were restricted while it was assessed (Art. 18(1)(d); docs/decisions/024). */
  restrictedWhileAssessed?: boolean
  /** Documents and images of the copy (Art. 15(3)), delivered beside the letter (docs/decisions/021). */
  attachments?: Attachment[]
  /** What an officer left out of the copy under Art. 15(4), per category: counts and reasons, never content. */
  withheld?: Array<{ category: string; rows: number; cells: number; reasons: Array<'other_person' | 'trade_secret'> }>
}

/** A document or image of the person's data: the name it was collected under, the file the person downloads, its real type and size. */
export type Attachment = { id: number; category: string; name: string; filename: string; contentType: 'application/pdf' | 'image/jpeg' | 'image/png'; size: number }

/** The rights of Art. 15(1)(e), with the article each rests on. */
const RIGHTS = [
  { right: 'rectification', article: 'Art. 16' },
  { right: 'erasure', article: 'Art. 17' },
  { right: 'restriction', article: 'Art. 18' },
  { right: 'objection', article: 'Art. 21' },
] as const

/**
 * Field names common enough to name in the person's language (locales'
 * documents.fields), matched case- and separator-insensitively: customer_number,
 * customerNumber and Customer-Number are all "customernumber".
 */
const KNOWN_FIELDS = [
  'name', 'fullname', 'firstname', 'lastname', 'email', 'phone', 'phonenumber', 'mobile', 'address', 'postcode',
  'city', 'country', 'dateofbirth', 'customernumber', 'membernumber', 'date', 'time', 'createdat', 'updatedat',
  'amount', 'currency', 'description', 'note', 'message', 'status', 'consent', 'animalname', 'species', 'breed',
] as const

/** The changes a controller must tell every recipient of the data about (Art. 19). */
const CHANGES_TOLD_TO_RECIPIENTS: readonly RequestType[] = ['rectification', 'erasure', 'restriction']

// ---------------------------------------------------------------------------
// The right of access (Art. 15)

/** The answer to a request for access: the Art. 15 information, a copy of the data, and the grounds of any refusal. */
export function accessLetter(input: AnswerInput): LetterDocument {
  const w = words(input)
  const { t } = w
  const sections: Section[] = [
    letterHead(w, [
      t('access.intro', { date: w.date(input.request.receivedAt), org: input.org.name }),
      t(`access.outcome.${input.outcome}`),
    ]),
  ]
  // A refusal confirms nothing, not even that the organisation processes data
  // about the person (Art. 15(1)): a request refused because the person could
  // not be identified must not tell a stranger what is held about someone.
  if (input.outcome === 'granted' || input.outcome === 'partly_granted') {
    sections.push(processingSection(w), dataSection(w), ...attachmentsSection(w), ...withheldSection(w))
  } else if (input.outcome === 'no_data') {
    sections.push({ blocks: [...rightsBlocks(w), ...complaintBlocks(w)] })
  }
  sections.push(...groundsSections(w), closing(w, input.outcome === 'refused' || input.outcome === 'partly_granted'))
  return letter(w, t('access.title'), t('access.summary', { reference: input.request.reference }), sections)
}

/** The same answer, machine-readable: values exactly as held, texts in the person's language, instants in UTC. */
export function accessJson(input: AnswerInput): string {
  const w = words(input)
  const { t, profile } = w
  const gives = input.outcome === 'granted' || input.outcome === 'partly_granted'
  const answer = {
    reference: input.request.reference,
    requestType: input.request.type,
    language: input.language,
    organisation: { name: input.org.name, country: input.org.country, privacyEmail: input.org.privacyEmail },
    dataSubject: { name: input.request.subjectName, email: input.request.subjectEmail },
    receivedAt: input.request.receivedAt.toISOString(),
    answeredAt: input.answeredAt.toISOString(),
    outcome: input.outcome,
    ...(gives
      ? {
          processing: processingJson(w),
          categories: input.collected.map((c) => categoryData(w, c)),
          ...attachmentsJson(input),
          ...withheldJson(w),
        }
      : {}),
    rights: RIGHTS.map((r) => ({ right: r.right, article: r.article, description: t(`rights.${r.right}`) })),
    supervisoryAuthority: { name: w.text(profile.authority.name), complaintUrl: profile.authority.complaintUrl },
    ...(input.outcome === 'partly_granted' || input.outcome === 'refused'
      ? { grounds: input.grounds, reasons: input.reasons ?? null, rightToGoToCourt: t('grounds.court') }
      : {}),
  }
  return `${JSON.stringify(answer, null, 2)}\n`
}

/** The register as the JSON gives it: what concerns this person, the recipients their data name, and the rest apart (docs/decisions/022). */
function processingJson(w: Words) {
  const { t, profile } = w
  const register = profile.register
  const view = registerView(w)
  const named = recipientsNamed(w)
  const purpose = (p: Register['purposes'][number]) => ({
    description: w.text(p.description),
    legalBasis: w.text(p.legalBasis),
    ...(p.basis ? { basis: p.basis } : {}),
    categories: p.categories,
  })
  return {
    purposes: view.purposes.map(purpose),
    categories: view.categories.map((c) => ({
      key: c.key,
      name: w.text(c.name),
      ...(c.special ? { specialCategory: { condition: `Art. 9(2)(${c.special.condition})`, conditionText: t('access.special.condition', { letter: c.special.condition }), explanation: w.text(c.special.explanation) } } : {}),
    })),
    recipients: register.recipients.map((r) => ({
      name: w.text(r.name),
      role: w.text(r.role),
      kind: r.category ? 'category' : 'named',
      ...(r.key && named.has(r.key) ? { namedInYourData: named.get(r.key) } : r.category && r.unnamedBecause ? { unnamedBecause: w.text(r.unnamedBecause) } : {}),
    })),
    retention: view.categories.map((c) => ({
      category: c.key,
      rules: retentionRules(w, c.key).map((r) => ({
        period: r.period,
        periodText: rulePeriod(w, r),
        ...(!r.criterion && (r.dateField || r.start === 'financialYearEnd') ? { start: r.start } : {}),
        ...(r.criterion ? { criterion: w.text(r.criterion) } : {}),
        description: w.text(r.description),
        legalBasis: w.text(r.legalBasis),
        ...(r.section ? { section: w.text(r.section) } : {}),
        legalObligation: r.legalObligation,
      })),
      ...(carriedBy(w, c.key).length > 0 ? { keptWith: carriedBy(w, c.key).map((r) => r.category) } : {}),
    })),
    sources: register.sources.map((s) => w.text(s)),
    automatedDecisions: register.automatedDecisions.map((d) => w.text(d)),
    transfersOutsideEea: register.transfers.map((x) => ({
      recipient: x.recipient,
      countries: x.countries,
      country: w.countries(x.countries),
      mechanism: x.mechanism,
      mechanismText: t(`access.transfers.mechanism.${x.mechanism}`),
      safeguard: w.text(x.safeguard),
    })),
    inGeneral: { purposes: view.otherPurposes.map(purpose), categories: view.otherCategories.map((c) => ({ key: c.key, name: w.text(c.name) })) },
  }
}

// ---------------------------------------------------------------------------
// The right to data portability (Art. 20)

/** Why a category is outside the right to data portability, or null where Art. 20(1) covers it. */
export type PortabilityExclusion = 'created' | 'manual' | 'basis'

/**
 * Art. 20(1) as the register states it (docs/decisions/022; WP242): data the
 * person provided (given, or observed from their use of a service), processed
 * by automated means, on the basis of consent or a contract.
 */
export function portabilityExclusion(profile: OrganisationProfile, category: string): PortabilityExclusion | null {
  const c = profile.register.dataCategories.find((d) => d.key === category)
  if (!c || c.origin === 'created') return 'created'
  if (!c.automated) return 'manual'
  const onConsentOrContract = profile.register.purposes.some((p) => (p.basis === 'consent' || p.basis === 'contract') && p.categories.includes(category))
  return onConsentOrContract ? null : 'basis'
}

/** data.json, one CSV per category within Art. 20(1) and a README.txt describing every file and field, and naming what is left out and why: the files of the portability ZIP. */
/** Rows of a CSV file made at a time. */
const CSV_BATCH = 1_000

/**
 * The files of a portability answer. data.json and the CSV files are given
 * as their parts, made as the ZIP is written (app/documents/zip.server.ts):
 * beside the rows themselves, no copy of a person's data as text is ever
 * whole in memory.
 */
export function portabilityPackage(input: AnswerInput): Array<{ name: string; content: string | Iterable<string> }> {
  const w = words(input)
  const { t } = w
  const within = input.collected.filter((c) => portabilityExclusion(w.profile, c.category) === null)
  const outside = input.collected
    .filter((c) => c.rows.length > 0)
    .flatMap((c) => {
      const reason = portabilityExclusion(w.profile, c.category)
      return reason ? [{ key: c.category, name: w.category(c.category), reason, reasonText: t(`portability.readme.reason.${reason}`) }] : []
    })
  const categories = within.map((c) => categoryData(w, c))
  const data = {
    reference: input.request.reference,
    organisation: { name: input.org.name, country: input.org.country },
    exportedAt: input.answeredAt.toISOString(),
    language: input.language,
    categories,
    notIncluded: outside,
  }
  const csvFiles = categories.map((c) => ({
    name: `${c.key}.csv`,
    content: {
      *[Symbol.iterator]() {
        yield csvHead(c.fields)
        for (let i = 0; i < c.rows.length; i += CSV_BATCH) yield csvRows(c.rows.slice(i, i + CSV_BATCH).map((row) => c.fields.map((f) => row[f] ?? null)))
      },
    },
  }))

  const readme = [
    t('portability.readme.title', { org: input.org.name }),
    '',
    `${t('letter.reference')}: ${input.request.reference}`,
    `${t('portability.readme.exported')}: ${w.date(input.answeredAt)}`,
    '',
    t('portability.readme.intro', { org: input.org.name }),
    '',
    t('portability.readme.filesHeading'),
    '',
    `data.json`,
    `  ${t('portability.readme.dataJson')}`,
    '',
    ...(categories.length === 0 ? [t('portability.readme.nothing'), ''] : []),
    ...categories.flatMap((c) => [
      `${c.key}.csv`,
      `  ${t('portability.readme.csvFile', { category: c.name, count: c.rows.length })}`,
      `  ${t('portability.readme.fieldsHeading')}`,
      ...c.fields.map((f) => `  - ${fieldDescription(w, c.key, f, c.rows)}`),
      '',
    ]),
    `README.txt`,
    `  ${t('portability.readme.readme')}`,
    '',
    ...withheldLines(w),
    t('portability.readme.formulas'),
    '',
    ...(outside.length > 0
      ? [t('portability.readme.outsideHeading'), '', t('portability.readme.outsideIntro'), ...outside.map((o) => `  - ${t('portability.readme.outside', { category: o.name, reason: o.reasonText })}`), '']
      : []),
    t('letter.questions', { email: input.org.privacyEmail, reference: input.request.reference }),
    '',
  ].join('\r\n')

  return [
    { name: 'README.txt', content: readme },
    {
      name: 'data.json',
      content: {
        *[Symbol.iterator]() {
          yield* prettyJsonParts(data)
          yield '\n'
        },
      },
    },
    ...csvFiles,
  ]
}

// ---------------------------------------------------------------------------
// Rectification, erasure, restriction, objection and automated decisions (Art. 16–18, 21, 22)

/** A refused objection's restriction while it was assessed ends this many days after the letter that gives notice of it (Art. 18(3); docs/decisions/024). */
export const RESTRICTION_ENDS_AFTER_REFUSAL_DAYS = 14

/** The answer to any request but access and portability: what was done with each category, who was told, and any grounds of refusal. */
export function responseLetter(input: AnswerInput): LetterDocument {
  const type = input.request.type
  if (type === 'access' || type === 'portability') throw new Error(`A ${type} request is answered with its own documents, not responseLetter`)
  const w = words(input)
  const { t } = w
  const kept = input.decisions.filter((d) => d.action === 'kept')
  const erased = input.decisions.filter((d) => d.action === 'erased')
  // "Below you can see what we have done, category by category" only where the letter lists categories (some rights have none).
  const listsCategories = input.outcome !== 'no_data' && input.decisions.length > 0
  const outcome = !listsCategories && (input.outcome === 'granted' || input.outcome === 'partly_granted') ? `response.outcomeWithoutList.${input.outcome}` : `response.outcome.${input.outcome}`
  const opening = [t(`response.intro.${type}`, { date: w.date(input.request.receivedAt), org: input.org.name }), t(outcome)]
  // An objection assessed under restriction: the letter says so, and a refusal is the notice that the restriction ends (Art. 18(3)).
  if (input.restrictedWhileAssessed) {
    opening.push(
      input.outcome === 'refused'
        ? t('response.restrictedWhileAssessed.ends', { date: w.date(new Date(input.answeredAt.getTime() + RESTRICTION_ENDS_AFTER_REFUSAL_DAYS * 86_400_000)) })
        : t('response.restrictedWhileAssessed.held'),
    )
  }
  const sections: Section[] = [letterHead(w, opening)]

  if (type === 'erasure' && kept.length > 0) {
    sections.push({
      heading: t('response.partialErasure.heading'),
      blocks: [
        {
          kind: 'paragraph',
          style: 'strong',
          // "The law requires us to keep the rest" only where every category kept is under a legal hold.
          text: t(`response.partialErasure.${erased.length > 0 ? 'partly' : 'nothing'}${kept.every((d) => d.hold) ? '' : 'OnGrounds'}`),
        },
        ...when(
          erased.length > 0,
          { kind: 'paragraph', text: t('response.partialErasure.erased') },
          { kind: 'bullets', items: erased.map((d) => w.category(d.category)) },
        ),
        { kind: 'paragraph', text: t('response.partialErasure.kept') },
        { kind: 'bullets', items: kept.map((d) => `${w.category(d.category)}:\n${keptText(w, d, '\n')}`) },
      ],
    })
  }

  if (listsCategories) {
    const corrections = input.decisions.flatMap((d) => (d.corrections ?? []).map((c) => [w.category(d.category), w.field(c.field, d.category), c.oldValue, c.newValue]))
    sections.push({
      heading: t('response.done.heading'),
      blocks: [
        {
          kind: 'table',
          columns: [t('response.done.category'), t('response.done.action'), t('response.done.details')],
          rows: input.decisions.map((d) => [w.category(d.category), t(`response.action.${d.action}`), decisionDetails(w, d)]),
          widths: [2.8, 1.7, 4],
        },
        ...when(corrections.length > 0, {
          kind: 'table',
          caption: t('response.corrections.heading'),
          columns: [t('response.done.category'), t('response.corrections.field'), t('response.corrections.oldValue'), t('response.corrections.newValue')],
          rows: corrections,
        }),
      ],
    })
  }

  // What an objection to direct marketing put on the list, how it is kept, and until when (Art. 21(3), 12(1)).
  if (input.doNotContact && input.outcome !== 'refused') {
    const { listed: labels } = input.doNotContact
    sections.push({
      heading: t('doNotContact.heading'),
      blocks: [
        ...(labels.length > 0
          ? [
              { kind: 'paragraph' as const, text: t('doNotContact.listed', { org: input.org.name }) },
              { kind: 'bullets' as const, items: labels },
              { kind: 'paragraph' as const, text: t('doNotContact.hashes') },
              { kind: 'paragraph' as const, style: 'strong' as const, text: t('doNotContact.noExpiry') },
            ]
          : [{ kind: 'paragraph' as const, text: t('doNotContact.none') }]),
        { kind: 'paragraph', text: t('doNotContact.withdraw', { email: input.org.privacyEmail }) },
      ],
    })
  }

  // Where Art. 19 does not apply, anyone who was told is still named.
  if (input.outcome !== 'no_data' && (CHANGES_TOLD_TO_RECIPIENTS.includes(type) || input.notifiedRecipients.length > 0)) {
    sections.push({
      heading: t('response.notified.heading'),
      blocks: listed(input.notifiedRecipients, t('response.notified.intro'), t('response.notified.none'), (names) => ({ kind: 'bullets', items: names })),
    })
  }

  sections.push(...groundsSections(w), closing(w, input.outcome === 'refused' || input.outcome === 'partly_granted'))
  return letter(w, t(`response.title.${type}`), t('response.summary', { type: t(`response.type.${type}`), reference: input.request.reference }), sections)
}

// ---------------------------------------------------------------------------
// Parts shared by the documents

type Words = ReturnType<typeof words>

/** Everything a builder needs to say things in the person's language and the organisation's time zone. */
function words(input: AnswerInput) {
  const lang = input.language
  const t: TFunction = fixedT(lang, ['documents'])
  const profile = input.org.profile
  const identifierLabels = new Map(profile.identifiers.map((i) => [normaliseField(i.key), i.label]))
  const regions = new Intl.DisplayNames([LANGUAGE_TAGS[lang]], { type: 'region' })
  return {
    input,
    t,
    lang,
    profile,
    text: (value: Localized | undefined) => localize(value, lang),
    date: (d: Date) => formatDate(d, lang, input.org.timeZone),
    // No digit grouping: customer and phone numbers must read as they were written.
    number: new Intl.NumberFormat(LANGUAGE_TAGS[lang], { useGrouping: false, maximumFractionDigits: 20 }).format,
    category: (key: string) => localize(profile.register.dataCategories.find((c) => c.key === key)?.name, lang) || key,
    /** Countries by their ISO codes, named in the person's language. */
    countries: (codes: string[]) => codes.map((code) => regions.of(code) ?? code).join(', '),
    /** A period of the register (P10Y, P6W) in words: "10 år", "6 viikkoa". */
    period: (iso: string) => {
      const match = /^P(\d+)([DWMY])$/.exec(iso)
      return match ? t(`period.${match[2]}`, { count: Number(match[1]) }) : iso
    },
    /** A field's name in the person's language: the organisation's label for the category's column, else an identifier's or a common name, else its key. */
    field: (key: string, category?: string) => {
      const own = category === undefined ? undefined : fieldOf(profile, category, key)
      if (own) return localize(own.label, lang)
      const normal = normaliseField(key)
      const label = identifierLabels.get(normal)
      if (label) return localize(label, lang)
      return (KNOWN_FIELDS as readonly string[]).includes(normal) ? t(`fields.${normal}`) : key
    },
  }
}

/** The organisation's label for a column of a category (register.dataCategories[].fields). */
function fieldOf(profile: OrganisationProfile, category: string, key: string): DataField | undefined {
  return profile.register.dataCategories.find((c) => c.key === category)?.fields.find((f) => f.key === key)
}

function normaliseField(key: string) {
  return key.toLowerCase().replace(/[^a-z0-9]/g, '')
}

function letter(w: Words, title: string, summary: string, sections: Section[]): LetterDocument {
  const { input, t } = w
  return {
    lang: LANGUAGE_TAGS[input.language],
    title,
    summary,
    organisation: input.org.name,
    date: input.answeredAt,
    running: {
      reference: `${t('letter.reference')}: ${input.request.reference}`,
      date: w.date(input.answeredAt),
      page: (page, pages) => t('letter.page', { page, pages }),
    },
    sections,
  }
}

function letterHead(w: Words, opening: string[]): Section {
  const { input, t } = w
  return {
    blocks: [
      {
        kind: 'facts',
        rows: [
          { label: t('letter.to'), value: [input.request.subjectName, input.request.subjectEmail].filter(Boolean).join('\n') },
          { label: t('letter.from'), value: `${input.org.name}\n${input.org.privacyEmail}` },
          { label: t('letter.reference'), value: input.request.reference },
          { label: t('letter.received'), value: w.date(input.request.receivedAt) },
          { label: t('letter.answered'), value: w.date(input.answeredAt) },
        ],
      },
      { kind: 'paragraph', text: t('letter.greeting', { name: input.request.subjectName }) },
      ...opening.map((text): Block => ({ kind: 'paragraph', text })),
    ],
  }
}

function closing(w: Words, groundsGiven: boolean): Section {
  const { input, t } = w
  return {
    blocks: [
      { kind: 'paragraph', text: t('letter.questions', { email: input.org.privacyEmail, reference: input.request.reference }) },
      // Where no grounds section already said it: the way to the authority stays open whatever the outcome.
      ...when(
        !groundsGiven,
        { kind: 'paragraph', text: t('letter.complaint', { authority: w.text(w.profile.authority.name) }) },
        { kind: 'paragraph', text: w.profile.authority.complaintUrl, link: w.profile.authority.complaintUrl },
      ),
      { kind: 'paragraph', text: t('letter.signOff') },
      { kind: 'paragraph', style: 'strong', text: input.org.name },
    ],
  }
}

/**
 * Art. 15(1)(a)–(h) and 15(2), from the organisation's register, told of this
 * person: the purposes, categories and periods of the data held about them,
 * the recipients their data name, and the rest of the register apart, as
 * what the organisation does in general (docs/decisions/022).
 */
function processingSection(w: Words): Section {
  const { t, profile } = w
  const register = profile.register
  const view = registerView(w)
  const consent = view.purposes.some((p) => p.basis === 'consent')
  return {
    heading: t('access.processing.heading'),
    blocks: [
      { kind: 'paragraph', text: w.input.processorName ? t('access.processing.introProcessor', { processor: w.input.processorName }) : t('access.processing.intro') },
      { kind: 'heading', text: t('access.purposes.heading') },
      ...listed(view.purposes, t('access.purposes.intro'), t('access.purposes.noneYours'), (purposes) => ({
        kind: 'table',
        columns: [t('access.purposes.purpose'), t('access.purposes.legalBasis')],
        rows: purposes.map((p) => [w.text(p.description), w.text(p.legalBasis)]),
        widths: [3, 2],
      })),
      { kind: 'heading', text: t('access.categories.heading') },
      ...listed(view.categories, t('access.categories.intro'), t('access.categories.noneYours'), (categories) => ({ kind: 'bullets', items: categories.map((c) => w.text(c.name)) })),
      ...specialBlocks(w, view.categories),
      { kind: 'heading', text: t('access.recipients.heading') },
      ...recipientBlocks(w),
      { kind: 'heading', text: t('access.retention.heading') },
      ...listed(view.categories, t('access.retention.intro'), t('access.categories.noneYours'), (categories) => ({
        kind: 'table',
        columns: [t('access.retention.category'), t('access.retention.period'), t('access.retention.criteria')],
        rows: categories.flatMap((c) => retentionRows(w, c.key)),
        widths: [2.2, 1.1, 4],
      })),
      ...rightsBlocks(w, consent),
      ...complaintBlocks(w),
      { kind: 'heading', text: t('access.sources.heading') },
      ...listed(register.sources, t('access.sources.intro'), t('access.sources.none'), (sources) => ({ kind: 'bullets', items: sources.map((s) => w.text(s)) })),
      { kind: 'heading', text: t('access.automated.heading') },
      ...listed(register.automatedDecisions, t('access.automated.intro'), t('access.automated.none'), (decisions) => ({
        kind: 'bullets',
        items: decisions.map((d) => w.text(d)),
      })),
      { kind: 'heading', text: t('access.transfers.heading') },
      ...listed(register.transfers, t('access.transfers.intro'), t('access.transfers.none'), (transfers) => ({
        kind: 'table',
        columns: [t('access.transfers.recipient'), t('access.transfers.country'), t('access.transfers.safeguard')],
        rows: transfers.map((x) => [x.recipient, w.countries(x.countries), `${t(`access.transfers.mechanism.${x.mechanism}`)}. ${w.text(x.safeguard)}`]),
      })),
      ...generalBlocks(w, view),
    ],
  }
}

type Register = OrganisationProfile['register']

/** The register split by this person's data: what concerns them (categories with rows about them, and the purposes processing those), and the rest. */
function registerView(w: Words) {
  const register = w.profile.register
  const held = new Set(w.input.collected.filter((c) => c.rows.length > 0).map((c) => c.category))
  const concerns = (p: Register['purposes'][number]) => (p.onlyWhenHeld ?? p.categories).some((c) => held.has(c))
  return {
    purposes: register.purposes.filter(concerns),
    categories: register.dataCategories.filter((c) => held.has(c.key)),
    otherPurposes: register.purposes.filter((p) => !concerns(p)),
    otherCategories: register.dataCategories.filter((c) => !held.has(c.key)),
  }
}

/** The rest of the register, apart: what the organisation does in general, with no data about this person. */
function generalBlocks(w: Words, view: ReturnType<typeof registerView>): Block[] {
  const { t } = w
  if (view.otherPurposes.length === 0 && view.otherCategories.length === 0) return []
  return [
    { kind: 'heading', text: t('access.general.heading') },
    { kind: 'paragraph', text: t('access.general.intro') },
    ...when(
      view.otherPurposes.length > 0,
      {
        kind: 'table',
        caption: t('access.general.purposes'),
        columns: [t('access.purposes.purpose'), t('access.purposes.legalBasis')],
        rows: view.otherPurposes.map((p) => [w.text(p.description), w.text(p.legalBasis)]),
        widths: [3, 2],
      },
    ),
    ...when(view.otherCategories.length > 0, { kind: 'paragraph', style: 'strong', text: t('access.general.categories') }, { kind: 'bullets', items: view.otherCategories.map((c) => w.text(c.name)) }),
  ]
}

/** Special categories held about the person (Art. 9(1)), each with the Art. 9(2) condition the register names. */
function specialBlocks(w: Words, categories: Register['dataCategories']): Block[] {
  const { t } = w
  const special = categories.flatMap((c) => (c.special ? [{ name: w.text(c.name), ...c.special }] : []))
  if (special.length === 0) return []
  return [
    { kind: 'heading', text: t('access.special.heading') },
    { kind: 'paragraph', text: t('access.special.intro') },
    {
      kind: 'bullets',
      items: special.map((c) => t('access.special.item', { category: c.name, condition: t('access.special.condition', { letter: c.condition }), explanation: w.text(c.explanation) })),
    },
  ]
}

/** The recipients this person's data name, by register.recipients key: the values of the columns the register marks as naming one. */
function recipientsNamed(w: Words): Map<string, string[]> {
  const named = new Map<string, string[]>()
  for (const collected of w.input.collected) {
    const category = w.profile.register.dataCategories.find((c) => c.key === collected.category)
    for (const field of category?.fields ?? []) {
      if (!field.recipient) continue
      const names = named.get(field.recipient) ?? []
      for (const row of collected.rows) {
        const value = row[field.key]
        const name = typeof value === 'string' ? value.trim() : ''
        if (name && !names.includes(name)) names.push(name)
      }
      named.set(field.recipient, names)
    }
  }
  return named
}

/**
 * Art. 15(1)(c) as CJEU C-154/21 reads it: the recipients by name where the
 * person's data show them; a kind of recipient only where they cannot be
 * named, with the reason the register gives.
 */
function recipientBlocks(w: Words): Block[] {
  const { t } = w
  const recipients = w.profile.register.recipients
  if (recipients.length === 0) return [{ kind: 'paragraph', text: t('access.recipients.none') }]
  const named = recipientsNamed(w)
  const found = recipients.flatMap((r) => (r.key ? (named.get(r.key) ?? []).map((name) => t('access.recipients.foundItem', { name, kind: w.text(r.name) })) : []))
  const note = (r: Register['recipients'][number]) => {
    const names = r.key ? named.get(r.key) : undefined
    if (names) return names.length > 0 ? names.join(', ') : t('access.recipients.noneFound')
    return r.category && r.unnamedBecause ? t('access.recipients.unnamed', { reason: w.text(r.unnamedBecause) }) : ''
  }
  return [
    ...when(found.length > 0, { kind: 'paragraph', text: t('access.recipients.found') }, { kind: 'bullets', items: found }),
    { kind: 'paragraph', text: t('access.recipients.intro') },
    { kind: 'facts', rows: recipients.map((r) => ({ label: w.text(r.name), value: [w.text(r.role), note(r)].filter(Boolean).join('\n') })) },
  ]
}

/** A category's rows of the retention table: its own rules, and the holds keeping it along with records held about this person. */
function retentionRows(w: Words, category: string): string[][] {
  const { t } = w
  const name = w.category(category)
  return [
    ...retentionRules(w, category).map((r) => [
      name,
      rulePeriod(w, r),
      [t('access.retention.rule', { description: w.text(r.description), legalBasis: w.text(r.legalBasis) }), r.section ? t('response.hold.section', { section: w.text(r.section) }) : ''].filter(Boolean).join(' '),
    ]),
    ...carriedBy(w, category).map((r) => [name, rulePeriod(w, r), t('access.retention.carried', { holder: w.category(r.category) })]),
  ]
}

/** The legal holds keeping `category` along with their own records, where this person has such records. */
function carriedBy(w: Words, category: string) {
  const held = new Set(w.input.collected.filter((c) => c.rows.length > 0).map((c) => c.category))
  return w.profile.register.retention.filter((r) => r.carries.includes(category) && held.has(r.category))
}

function rightsBlocks(w: Words, consent = false): Block[] {
  const { t, input } = w
  return [
    { kind: 'heading', text: t('access.rights.heading') },
    { kind: 'paragraph', text: t('access.rights.intro') },
    { kind: 'bullets', items: RIGHTS.map((r) => t(`rights.${r.right}`)) },
    ...when(consent, { kind: 'paragraph', text: t('access.rights.withdrawConsent') }),
    { kind: 'paragraph', text: t('access.rights.howTo', { email: input.org.privacyEmail }) },
  ]
}

function complaintBlocks(w: Words): Block[] {
  const { t, profile } = w
  return [
    { kind: 'heading', text: t('access.complaint.heading') },
    { kind: 'paragraph', text: t('access.complaint.text', { authority: w.text(profile.authority.name) }) },
    { kind: 'paragraph', text: profile.authority.complaintUrl, link: profile.authority.complaintUrl },
  ]
}

/** The copy of the data (Art. 15(3)): one table per category. */
function dataSection(w: Words): Section {
  const { t, input } = w
  return {
    heading: t('access.data.heading'),
    blocks: [
      { kind: 'paragraph', text: t(input.collected.length > 0 ? 'access.data.intro' : 'access.data.none') },
      ...input.collected.flatMap((collected): Block[] => {
        const { name, fields, rows } = categoryData(w, collected)
        if (rows.length === 0) {
          const files = input.attachments?.some((a) => a.category === collected.category)
          return [{ kind: 'heading', text: name }, { kind: 'paragraph', text: t(files ? 'attachments.inCategory' : 'access.data.categoryEmpty') }]
        }
        return [{ kind: 'table', caption: name, columns: fields.map((f) => w.field(f, collected.category)), rows: rows.map((row) => fields.map((f) => cellText(w, row[f] ?? null))) }]
      }),
    ],
  }
}

// ---------------------------------------------------------------------------
// Documents and images of the copy (Art. 15(3); docs/decisions/021)

const FILE_TYPE_WORD = { 'application/pdf': 'pdf', 'image/jpeg': 'jpeg', 'image/png': 'png' } as const

/** The files beside the letter, each with the name it was collected under, its file, type, size and category. */
function attachmentsSection(w: Words): Section[] {
  const { t, input } = w
  const files = input.attachments ?? []
  if (files.length === 0) return []
  return [
    {
      heading: t('attachments.heading'),
      blocks: [
        { kind: 'paragraph', text: t('attachments.intro', { count: files.length }) },
        {
          kind: 'table',
          columns: [t('attachments.name'), t('attachments.file'), t('attachments.type'), t('attachments.size'), t('attachments.category')],
          rows: files.map((f) => [f.name, f.filename, t(`attachments.types.${FILE_TYPE_WORD[f.contentType]}`), fileSize(w, f.size), w.category(f.category)]),
          widths: [3, 2.4, 1.4, 1, 2],
        },
      ],
    },
  ]
}

function fileSize(w: Words, bytes: number): string {
  return bytes >= 1024 * 1024 ? w.t('attachments.megabytes', { size: w.number(Math.round(bytes / 104857.6) / 10) }) : w.t('attachments.kilobytes', { size: Math.max(1, Math.round(bytes / 1024)) })
}

function attachmentsJson(input: AnswerInput) {
  const files = input.attachments ?? []
  return files.length > 0 ? { files: files.map((f) => ({ name: f.name, file: f.filename, type: f.contentType, size: f.size, category: f.category })) } : {}
}

// ---------------------------------------------------------------------------
// What was left out of the copy (Art. 15(4); docs/decisions/021)

/** "Medical records: 2 rows and 1 value, because they are personal data about someone else" for each category something was left out of. */
function withheldItems(w: Words): string[] {
  const { t, input } = w
  return (input.withheld ?? []).map((x) => {
    const what = [x.rows > 0 ? t('withheld.rows', { count: x.rows }) : '', x.cells > 0 ? t('withheld.cells', { count: x.cells }) : ''].filter(Boolean).join(t('withheld.and'))
    const why = x.reasons.map((r) => t(`withheld.reasons.${r}`)).join(t('withheld.and'))
    return t('withheld.item', { category: w.category(x.category), what, why })
  })
}

/** The letter says that something was left out, how much from which category, and why; never what. */
function withheldSection(w: Words): Section[] {
  const items = withheldItems(w)
  if (items.length === 0) return []
  return [{ heading: w.t('withheld.heading'), blocks: [{ kind: 'paragraph', text: w.t('withheld.intro') }, { kind: 'bullets', items }, { kind: 'paragraph', text: w.t('withheld.noContent') }] }]
}

function withheldJson(w: Words) {
  const items = w.input.withheld ?? []
  return items.length > 0 ? { withheld: items.map((x) => ({ category: x.category, rows: x.rows, cells: x.cells, reasons: x.reasons.map((r) => w.t(`withheld.reasons.${r}`)), article: 'Art. 15(4)' })) } : {}
}

function withheldLines(w: Words): string[] {
  const items = withheldItems(w)
  return items.length === 0 ? [] : [w.t('withheld.intro'), ...items.map((i) => `  - ${i}`), '']
}

/** Art. 12(4): why not everything was done, and where the person can turn. */
function groundsSections(w: Words): Section[] {
  const { t, input, profile } = w
  if (input.outcome !== 'partly_granted' && input.outcome !== 'refused') return []
  const authority = w.text(profile.authority.name)
  const reasons = input.reasons?.trim() ?? ''
  return [
    {
      heading: t(input.outcome === 'refused' ? 'grounds.headingRefused' : 'grounds.headingPartly'),
      blocks: [
        ...when(
          input.grounds.length > 0,
          { kind: 'paragraph', text: t('grounds.intro') },
          { kind: 'bullets', items: input.grounds.map((g) => t('grounds.ground', { label: g.label, article: citeArticle(g.article, input.language) })) },
        ),
        ...when(!!reasons, { kind: 'heading', text: t('grounds.reasons') }, { kind: 'paragraph', text: reasons }),
        { kind: 'heading', text: t('grounds.remediesHeading') },
        { kind: 'paragraph', text: t('grounds.complain', { authority }) },
        { kind: 'paragraph', text: profile.authority.complaintUrl, link: profile.authority.complaintUrl },
        { kind: 'paragraph', text: t('grounds.court') },
      ],
    },
  ]
}

const when = (condition: boolean, ...blocks: Block[]): Block[] => (condition ? blocks : [])

/** An introduction and the list where there is something to list; otherwise the sentence saying there is nothing. */
function listed<T>(items: T[], intro: string, none: string, list: (items: T[]) => Block): Block[] {
  return items.length > 0 ? [{ kind: 'paragraph', text: intro }, list(items)] : [{ kind: 'paragraph', text: none }]
}

/** A rule's period with its starting point where the register names one (docs/decisions/018), or its criterion where no date can be known. */
function rulePeriod(w: Words, r: OrganisationProfile['register']['retention'][number]): string {
  if (r.criterion) return w.text(r.criterion)
  if (r.start === 'financialYearEnd') return w.t('response.hold.periodFromYearEnd', { period: w.period(r.period) })
  if (!r.dateField) return w.period(r.period)
  return w.t('response.hold.periodFromRecord', { period: w.period(r.period) })
}

function retentionRules(w: Words, category: string) {
  return w.profile.register.retention.filter((r) => r.category === category)
}

function keptText(w: Words, d: CategoryDecision, separator = ' '): string {
  const { t } = w
  const basis = d.legalBasis ?? retentionRules(w, d.category).map((r) => w.text(r.legalBasis)).find(Boolean)
  // Kept on a ground other than a legal hold: the grounds the letter gives are the reason, not a law's period.
  if (!d.hold) return t(w.input.request.type === 'objection' ? 'response.kept.processingContinues' : 'response.kept.onGrounds')
  const h = d.hold
  if (h.carriedBy) {
    return [
      t('response.hold.carried', { holder: h.carriedBy }),
      h.carriedUntil ? t('response.hold.carriedUntil', { date: w.date(h.carriedUntil) }) : h.criterion ? t('response.hold.criterionOnly', { criterion: h.criterion }) : t('response.kept.untilUnknown'),
      [basis ? t('response.kept.legalBasis', { legalBasis: basis }) : '', t('response.hold.section', { section: h.section })].filter(Boolean).join(' '),
    ].join(separator)
  }
  const any = h.kept.length + h.erased + h.byCriterion + h.undated > 0
  return [
    // A date only where it is true: each record's own, from the rule's start.
    ...h.kept.map((k) => t('response.hold.keptUntil', { count: k.count, date: w.date(k.until) })),
    ...(h.erased > 0 ? [t('response.hold.erasedNow', { count: h.erased })] : []),
    ...(h.byCriterion > 0 && h.criterion ? [t('response.hold.byCriterion', { count: h.byCriterion, criterion: h.criterion })] : []),
    ...(h.undated > 0 ? [t('response.hold.undated', { count: h.undated })] : []),
    ...(!any ? [h.criterion ? t('response.hold.criterionOnly', { criterion: h.criterion }) : t('response.kept.untilUnknown')] : []),
    [basis ? t('response.kept.legalBasis', { legalBasis: basis }) : '', t('response.hold.section', { section: h.section })].filter(Boolean).join(' '),
  ].join(separator)
}

function decisionDetails(w: Words, d: CategoryDecision): string {
  const { t } = w
  let done: string
  if (d.action === 'kept') done = keptText(w, d, '\n')
  else if (d.action === 'corrected' && d.corrections?.length) done = t('response.details.correctedBelow')
  // Stopped on an objection on the person's particular situation (Art. 21(1)) is not the direct-marketing stop of Art. 21(3).
  else if (d.action === 'stopped' && w.input.request.objectionGround === 'particular_situation') done = t('response.details.stoppedObjection')
  else done = t(`response.details.${d.action}`)
  return [done, d.note?.trim() ?? ''].filter(Boolean).join('\n')
}

/** A category's rows with its fields in the order they first appear, and each field's label in the person's language. */
function categoryData(w: Words, collected: CollectedCategory) {
  const fields: string[] = []
  for (const row of collected.rows) for (const key of Object.keys(row)) if (!fields.includes(key)) fields.push(key)
  const labels = Object.fromEntries(fields.map((f) => [f, w.field(f, collected.category)]))
  return { key: collected.category, name: w.category(collected.category), fields, labels, rows: collected.rows }
}

function cellText(w: Words, value: CsvValue): string {
  if (value === null) return ''
  if (typeof value === 'boolean') return w.t(value ? 'letter.yes' : 'letter.no')
  if (typeof value === 'number') return w.number(value)
  return value
}

type ValueKind = 'empty' | 'number' | 'boolean' | 'date' | 'dateTime' | 'text'

/** What a README says a field holds, from the values it does hold. */
function valueKind(values: CsvValue[]): ValueKind {
  if (values.length === 0) return 'empty'
  if (values.every((v) => typeof v === 'number')) return 'number'
  if (values.every((v) => typeof v === 'boolean')) return 'boolean'
  if (values.every((v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v))) return 'date'
  if (values.every((v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v))) return 'dateTime'
  return 'text'
}

/** One README line: "customerNumber (Kundenummer): a number", with what the field holds where the organisation says it (WP242). */
function fieldDescription(w: Words, category: string, field: string, rows: CollectedCategory['rows']): string {
  const { t } = w
  const values = rows.map((r) => r[field] ?? null)
  const present = values.filter((v) => v !== null && v !== '')
  const label = w.field(field, category)
  const name = label === field ? field : `${field} (${label})`
  const meaning = w.text(fieldOf(w.profile, category, field)?.meaning)
  const sometimesEmpty = present.length > 0 && present.length < values.length ? ` ${t('portability.readme.sometimesEmpty')}` : ''
  const kind = t(`portability.readme.kind.${valueKind(present)}`)
  return `${name}: ${meaning ? `${meaning} (${kind})` : kind}${sometimesEmpty}`
}
