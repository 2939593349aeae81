import { parse } from 'csv-parse/sync'
import { describe, expect, test } from 'vitest'
import type { OrganisationFile } from '#db/organisation-file'
import type { LetterDocument } from '~/documents/model'
import { renderLetter } from '~/documents/pdf.server'
import { flat, pdfInfo, pdfPages, previewPages, readZip } from '~/documents/test-support'
import { zipFiles } from '~/documents/zip.server'
import { formatDate } from '~/i18n/i18n'
import { LANGUAGES, type Language } from '~/vocabulary'
import { accessJson, accessLetter, portabilityPackage, responseLetter, type AnswerInput, type CollectedCategory } from './answer-documents'
import { ANSWERED, answerInput as answer, NAME, organisation, RECEIVED } from './answer-input.test-support'

// Real organisation files, real PDFs read back with pdftotext: what the
// person would see and copy, not what the code meant to draw.

const CLINIC_DATA: CollectedCategory[] = [
  {
    category: 'customer-details',
    rows: [{ name: NAME, address: 'Eksempelveien 12, 0000 Demoby', email: 'aile@example.no', phone: '+47 00 00 00 42', dateOfBirth: '1984-05-17', customerNumber: 100234 }],
  },
  { category: 'animal-details', rows: [{ animalName: 'Bávvál', species: 'Hund', breed: 'Lapphund', born: '2019-04-02', microchipped: true }] },
  {
    category: 'medical-records',
    rows: [
      { date: '2025-11-03', veterinarian: 'Kari Ødegård', note: 'Vaksinert mot kennelhoste. Ingen reaksjoner.', weightKg: 21.4 },
      { date: '2026-01-14', veterinarian: 'Kari Ødegård', note: 'Halter på venstre forbein etter tur på isen; hvile i to uker.', weightKg: null },
    ],
  },
  { category: 'purchase-history', rows: [{ date: '2026-01-14', item: 'Smertestillende, 10 tabletter', amount: 349.5, currency: 'NOK' }] },
  { category: 'consents', rows: [{ consent: 'Informasjon og tilbud', given: false }] },
]

/** The `documents` texts of one language, to find headings in what pdftotext gives back. */
async function texts(lang: Language) {
  const { fixedT } = await import('~/i18n/i18n')
  const t = fixedT(lang, ['documents'])
  return (key: string, values?: Record<string, unknown>) => flat(t(key, values))
}

/** Keys of locales/*\/documents.json that leaked into a document untranslated. */
const untranslated = (text: string) => text.match(/\b(?:access|response|letter|grounds|rights|portability|period|fields)\.[a-zA-Z_.]+/g) ?? []

const PAGE_LABEL: Record<Language, (page: number, pages: number) => string> = {
  da: (p, n) => `Side ${p} af ${n}`,
  no: (p, n) => `Side ${p} av ${n}`,
  fi: (p, n) => `Sivu ${p}/${n}`,
  en: (p, n) => `Page ${p} of ${n}`,
}

/**
 * Renders a letter and reads it back as a person would. The running head and
 * foot are drawn last on every page, so each page's text must end with them;
 * they are taken off, so that a paragraph running over a page break reads on.
 */
async function read(build: (input: AnswerInput) => LetterDocument, input: AnswerInput) {
  const pdf = await renderLetter(build(input))
  const t = await texts(input.language)
  const pages = pdfPages(pdf)
  const date = formatDate(input.answeredAt, input.language, input.org.timeZone)
  const body = pages.map((page, i) => {
    const text = flat(page)
    const running = `${input.org.name} ${t('letter.reference')}: ${input.request.reference} ${date} ${PAGE_LABEL[input.language](i + 1, pages.length)}`
    expect(text.endsWith(running), `page ${i + 1} of ${pages.length} ends with "${running}"`).toBe(true)
    return text.slice(0, -running.length).trim()
  })
  return { pdf, pages, text: body.join(' '), t }
}

describe('accessLetter', () => {
  test('answers a Norwegian clinic’s customer with every item of Art. 15(1)(a)–(h) and 15(2), and the data itself', async () => {
    const input = answer('fjordkanten-dyreklinikk', { collected: CLINIC_DATA })
    const { pdf, pages, text, t } = await read(accessLetter, input)
    const org = organisation('fjordkanten-dyreklinikk')

    for (const heading of ['purposes', 'categories', 'recipients', 'retention', 'rights', 'complaint', 'sources', 'automated', 'transfers']) {
      expect(text).toContain(t(`access.${heading}.heading`))
    }
    // (a) purposes with their legal basis
    expect(text).toContain(flat(org.register.purposes[0]!.legalBasis.no!))
    expect(text).toContain('Betalingsoppfølging, fakturering og regnskap.')
    // (b) categories, (c) recipients by name with their role
    expect(text).toContain('Journaler for dyret')
    for (const recipient of org.register.recipients) {
      expect(text).toContain(`${flat(recipient.name.no!)} ${flat(recipient.role.no!)}`)
    }
    // (d) retention per category, with criteria where there is no fixed period
    expect(text).toContain('10 år fra datoen for hver oppføring')
    expect(text).toContain('5 år etter utgangen av regnskapsåret oppføringen hører til')
    expect(text).toContain('Dyrehelsepersonelloven og forskrift om journal for dyrehelsepersonell.')
    expect(text).toContain(t('response.hold.section', { section: 'bokføringsloven § 13' }))
    // Never "as long as necessary": every category held has a period or a criterion (docs/decisions/022).
    expect(text).not.toContain('Så lenge det er nødvendig')
    // (e) the four rights, (f) the authority by name and its complaint page
    for (const right of ['rectification', 'erasure', 'restriction', 'objection']) expect(text).toContain(t(`rights.${right}`))
    expect(text).toContain(t('access.complaint.text', { authority: 'Datatilsynet' }))
    expect(text).toContain(org.authority.complaintUrl)
    // (g) sources, (h) no automated decisions, 15(2) no transfers: said explicitly
    expect(text).toContain('Klinikken selv, gjennom journaler og kjøp.')
    if (org.register.automatedDecisions.length === 0) expect(text).toContain(t('access.automated.none'))
    for (const decision of org.register.automatedDecisions) expect(text).toContain(flat(decision.no!))
    if (org.register.transfers.length === 0) expect(text).toContain(t('access.transfers.none'))
    // Transfers name the countries and the Chapter V ground with its article.
    for (const transfer of org.register.transfers) expect(text).toContain(`${transfer.recipient} India, USA ${t(`access.transfers.mechanism.${transfer.mechanism}`)}. ${flat(transfer.safeguard.no!)}`)
    // consent is a basis here, so withdrawing it is explained
    expect(text).toContain(t('access.rights.withdrawConsent'))

    // The data: one table per category, named from the register, values as held.
    for (const name of ['Navn, adresse, e-postadresse, telefonnummer og fødselsdato', 'Opplysninger om dyret', 'Kjøpshistorikk, når kjøpet er registrert på deg som kunde']) {
      expect(text).toContain(name)
    }
    for (const value of ['Eksempelveien 12, 0000 Demoby', '+47 00 00 00 42', '100234', 'Bávvál', 'Kari Ødegård', 'Vaksinert mot kennelhoste.', '21,4', '349,5', 'Kundenummer', 'Dyrets navn']) {
      expect(text).toContain(value)
    }
    expect(text).not.toContain(t('grounds.headingPartly'))
    expect(untranslated(text)).toEqual([])

    expect(pages[0]).toContain(NAME)
    expect(flat(pages[0]!)).toContain(`${t('letter.received')} ${formatDate(RECEIVED, 'no', 'Europe/Oslo')}`)

    const info = pdfInfo(pdf)
    expect(info.Title).toBe(t('access.title'))
    expect(info.Author).toBe('Fjordkanten Dyreklinikk')
    expect(info.CreationDate).toBe('2026-03-02T10:00:00Z')
    expect(pdf.toString('latin1')).toContain('/Lang (nb)')
    previewPages(pdf, 'access-letter-no', [1, pages.length])
  })

  test('lists automated decisions and transfers outside the EEA where the register has them', async () => {
    const base = organisation('dyrevaernsringen')
    const profile: OrganisationFile = {
      ...base,
      register: {
        ...base.register,
        automatedDecisions: [{ da: 'Opkald sorteres automatisk efter hvor akut sagen lyder; et akut opkald stilles forrest i køen.', en: 'Calls are sorted automatically by urgency.' }],
        transfers: [{ recipient: 'Ringeklar Inc.', countries: ['US'], mechanism: 'adequacy', country: { da: 'USA', en: 'USA' }, safeguard: { da: 'EU-U.S. Data Privacy Framework', en: 'EU-U.S. Data Privacy Framework' } }],
      },
    }
    const { text, t } = await read(accessLetter, answer('dyrevaernsringen', { profile }))
    expect(text).toContain(t('access.automated.intro'))
    expect(text).toContain('Opkald sorteres automatisk efter hvor akut sagen lyder')
    expect(text).not.toContain(t('access.automated.none'))
    expect(text).toContain('Ringeklar Inc.')
    expect(text).toContain('EU-U.S. Data Privacy Framework')
    expect(text).not.toContain(t('access.transfers.none'))
  })

  test.each([
    ['dyrevaernsringen', 'da', 'partly_granted'],
    ['aivokipina', 'fi', 'refused'],
    ['fjordkanten-dyreklinikk', 'en', 'partly_granted'],
  ] as const)('%s in %s, %s: the grounds, the reasons, the authority and its complaint page, and the right to go to court', async (slug, lang, outcome) => {
    const org = organisation(slug)
    const input = answer(slug, {
      language: lang,
      outcome,
      grounds: [{ label: 'Åbenbart grundløs / Ilmeisen perusteeton', article: 'Art. 12(5)' }],
      reasons: `Vi har allerede svaret på den samme anmodning tre gange i år. ${NAME}`,
      collected: outcome === 'refused' ? [] : [{ category: org.register.dataCategories[0]!.key, rows: [{ name: NAME, phone: '+45 00 00 00 07' }] }],
    })
    const { pdf, text, t } = await read(accessLetter, input)
    const authority = org.authority.name[lang] ?? org.authority.name.en!
    expect(text).toContain(t(outcome === 'refused' ? 'grounds.headingRefused' : 'grounds.headingPartly'))
    // The article as the letter's language cites it.
    expect(text).toContain(`Åbenbart grundløs / Ilmeisen perusteeton (${{ da: 'artikel 12, stk. 5', fi: '12 artiklan 5 kohta', en: 'Article 12(5)' }[lang]})`)
    expect(text).toContain(`Vi har allerede svaret på den samme anmodning tre gange i år. ${NAME}`)
    expect(text).toContain(t('grounds.complain', { authority }))
    expect(text).toContain(org.authority.complaintUrl)
    expect(text).toContain(t('grounds.court'))
    expect(untranslated(text)).toEqual([])
    if (outcome === 'refused') {
      // A refusal confirms nothing about what is processed.
      expect(text).not.toContain(t('access.purposes.heading'))
      expect(text).not.toContain(t('access.data.heading'))
    } else {
      expect(text).toContain(t('access.purposes.heading'))
      expect(text).toContain('+45 00 00 00 07')
    }
    previewPages(pdf, `access-${outcome}-${lang}`, [1])
  })

  test('no data: says plainly that nothing is held, that it is a full answer, and still gives the rights and the way to complain', async () => {
    const { text, t } = await read(accessLetter, answer('aivokipina', { outcome: 'no_data' }))
    expect(text).toContain(t('access.outcome.no_data'))
    expect(text).toContain(t('access.rights.heading'))
    expect(text).toContain(t('rights.erasure'))
    expect(text).toContain(t('access.complaint.text', { authority: 'Tietosuojavaltuutetun toimisto' }))
    expect(text).toContain('https://tietosuoja.fi/ilmoitus-tietosuojavaltuutetulle')
    expect(text).not.toContain(t('grounds.headingRefused'))
    expect(text).not.toContain(t('access.data.heading'))
  })

  test.each(LANGUAGES)('%s: every text exists, for every outcome', async (lang) => {
    for (const outcome of ['granted', 'partly_granted', 'refused', 'no_data'] as const) {
      const letter = accessLetter(answer('fjordkanten-dyreklinikk', { language: lang, outcome, collected: CLINIC_DATA, grounds: [{ label: 'x', article: 'y' }] }))
      const all = JSON.stringify(letter)
      expect(untranslated(all), `${lang} ${outcome}`).toEqual([])
      expect(letter.running.page(2, 5)).toBe(PAGE_LABEL[lang](2, 5))
    }
  })
})

describe('accessJson', () => {
  test('the same answer, machine-readable: categories with their rows unchanged, UTC instants, and Art. 15 as fields', () => {
    const json = JSON.parse(accessJson(answer('fjordkanten-dyreklinikk', { collected: CLINIC_DATA })))
    expect(json).toMatchObject({
      reference: 'KM7T-3QXH',
      requestType: 'access',
      language: 'no',
      organisation: { name: 'Fjordkanten Dyreklinikk', country: 'NO', privacyEmail: 'personvern@fjordkanten-dyreklinikk.example' },
      dataSubject: { name: NAME, email: 'aile@example.no' },
      receivedAt: '2026-02-03T09:15:00.000Z',
      answeredAt: '2026-03-02T10:00:00.000Z',
      outcome: 'granted',
      supervisoryAuthority: { name: 'Datatilsynet', complaintUrl: organisation('fjordkanten-dyreklinikk').authority.complaintUrl },
    })
    expect(json.categories).toEqual(
      CLINIC_DATA.map((c) => ({ key: c.category, name: expect.any(String), fields: Object.keys(c.rows.reduce((a, r) => ({ ...a, ...r }), {})), labels: expect.any(Object), rows: c.rows })),
    )
    expect(json.categories[2].name).toBe('Journaler for dyret')
    const p = json.processing
    const org = organisation('fjordkanten-dyreklinikk')
    // The purposes processing the categories held about the person; the phone log, emails and social media apart.
    expect(p.purposes).toHaveLength(5)
    expect(p.inGeneral.purposes).toHaveLength(2)
    expect(p.purposes[4]).toMatchObject({ legalBasis: expect.stringContaining('samtykke') })
    expect(p.recipients.map((r: { name: string }) => r.name)).toEqual(org.register.recipients.map((r) => r.name.no))
    expect(p.transfersOutsideEea).toEqual(
      org.register.transfers.map((x) => ({ recipient: x.recipient, countries: ['IN', 'US'], country: 'India, USA', mechanism: 'standard_clauses', mechanismText: expect.stringContaining('artikkel 46 nr. 2 bokstav c'), safeguard: x.safeguard.no })),
    )
    const held = new Set(CLINIC_DATA.map((c) => c.category))
    expect(p.retention).toEqual(
      org.register.dataCategories.filter((c) => held.has(c.key)).map((c) => ({
        category: c.key,
        rules: org.register.retention
          .filter((r) => r.category === c.key)
          .map((r) => ({
            period: r.period,
            periodText: expect.any(String),
            ...(r.dateField && !r.criterion ? { start: r.start } : {}),
            ...(r.criterion ? { criterion: r.criterion.no } : {}),
            description: r.description.no,
            legalBasis: r.legalBasis.no,
            ...(r.section ? { section: r.section.no } : {}),
            legalObligation: r.legalObligation,
          })),
        ...(c.key === 'customer-details' || c.key === 'animal-details' ? { keptWith: ['medical-records'] } : {}),
      })),
    )
    // Each period with its start (docs/decisions/018), and its section.
    const rulesOf = (category: string) => p.retention.find((r: { category: string }) => r.category === category).rules
    expect(rulesOf('medical-records')[0]).toMatchObject({ periodText: '10 år fra datoen for hver oppføring', start: 'record', section: 'forskrift om journal for dyrehelsepersonell § 6' })
    expect(rulesOf('purchase-history')[0]).toMatchObject({ periodText: '5 år etter utgangen av regnskapsåret oppføringen hører til', start: 'financialYearEnd', section: 'bokføringsloven § 13' })
    expect(rulesOf('consents')[0].periodText).toMatch(/^Så lenge samtykket gjelder/)
    expect(p.inGeneral.categories.map((c: { key: string }) => c.key)).toEqual(['payment-details', 'phone-logs', 'emails'])
    expect(p.sources).toHaveLength(2)
    expect(p.automatedDecisions).toEqual([])
    expect(json.rights.map((r: { right: string }) => r.right)).toEqual(['rectification', 'erasure', 'restriction', 'objection'])
    expect(json.grounds).toBeUndefined()
  })

  test('a refusal carries its grounds and reasons, and no processing or data', () => {
    const json = JSON.parse(accessJson(answer('dyrevaernsringen', { outcome: 'refused', grounds: [{ label: 'Åbenbart grundløs', article: 'Art. 12(5)' }], reasons: 'Tredje gang i år.' })))
    expect(json.processing).toBeUndefined()
    expect(json.categories).toBeUndefined()
    expect(json.grounds).toEqual([{ label: 'Åbenbart grundløs', article: 'Art. 12(5)' }])
    expect(json.reasons).toBe('Tredje gang i år.')
    expect(json.supervisoryAuthority.complaintUrl).toBe(organisation('dyrevaernsringen').authority.complaintUrl)
  })
})

describe('portabilityPackage', () => {
  test('a ZIP with data.json, one CSV per category and a README describing every file and field', async () => {
    const collected: CollectedCategory[] = [
      ...CLINIC_DATA.slice(0, 2),
      { category: 'consents', rows: [{ date: '2026-01-10T08:30:00Z', subject: '=Spørsmål om vaksine', body: 'Hei!\nKan Bávvál vaksineres, selv om han er 7 år?' }, { date: '2026-01-11T12:00:00Z', subject: 'Takk', body: null }] },
    ]
    const input = answer('fjordkanten-dyreklinikk', { request: { type: 'portability' }, collected })
    const files = portabilityPackage(input)
    const entries = await readZip(await zipFiles(files, { mtime: input.answeredAt, timeZone: input.org.timeZone }))
    expect(entries.map((e) => e.name)).toEqual(['README.txt', 'data.json', 'customer-details.csv', 'animal-details.csv', 'consents.csv'])
    const file = (name: string) => entries.find((e) => e.name === name)!.content.toString('utf8')

    const data = JSON.parse(file('data.json'))
    expect(data).toMatchObject({ reference: 'KM7T-3QXH', organisation: { name: 'Fjordkanten Dyreklinikk', country: 'NO' }, exportedAt: '2026-03-02T10:00:00.000Z' })
    expect(data.categories.map((c: { key: string; rows: unknown }) => [c.key, c.rows])).toEqual(collected.map((c) => [c.category, c.rows]))

    for (const category of collected) {
      const csv = file(`${category.category}.csv`)
      expect(csv.startsWith('\uFEFF')).toBe(true)
      const records = parse(csv, { bom: true, columns: true }) as Array<Record<string, string>>
      expect(records).toHaveLength(category.rows.length)
      records.forEach((record, i) => {
        const row = category.rows[i]!
        expect(Object.keys(record)).toEqual(Object.keys(row))
        for (const [key, value] of Object.entries(row)) {
          const expected = value === null ? '' : typeof value === 'string' && /^[=+\-@]/.test(value) ? `'${value}` : String(value)
          expect(record[key], `${category.category}.${key}`).toBe(expected)
        }
      })
    }

    const t = await texts('no')
    const readme = file('README.txt')
    expect(readme).toContain('Fjordkanten Dyreklinikk')
    expect(readme).toContain('KM7T-3QXH')
    expect(readme).toContain('artikkel 20')
    for (const category of collected) {
      expect(readme).toContain(`${category.category}.csv`)
      for (const field of Object.keys(category.rows[0]!)) expect(readme).toMatch(new RegExp(`^  - ${field}\\b.*: \\S`, 'm'))
    }
    expect(readme).toContain('data.json')
    expect(readme).toContain(`customerNumber (Kundenummer): ${t('portability.readme.kind.number')}`)
    expect(readme).toContain(`microchipped: ${t('portability.readme.kind.boolean')}`)
    expect(readme).toContain(`dateOfBirth (Fødselsdato): ${t('portability.readme.kind.date')}`)
    expect(readme).toContain(`date (Dato): ${t('portability.readme.kind.dateTime')}`)
    expect(readme).toContain(`body: ${t('portability.readme.kind.text')} ${t('portability.readme.sometimesEmpty')}`)
    expect(readme).toContain(t('portability.readme.csvFile', { category: 'Samtykker (for eksempel til informasjon og tilbud)', count: 2 }))
    expect(readme).toContain(t('portability.readme.formulas'))
    expect(untranslated(readme)).toEqual([])
  })
})

describe('responseLetter', () => {
  test('a partial erasure at the Norwegian clinic: says it was partial, what was erased, what was kept, why and until when, and who was told', async () => {
    const hold = { section: 'forskrift om journal for dyrehelsepersonell § 6', kept: [{ until: new Date('2036-01-14T00:00:00Z'), count: 2 }], erased: 3, byCriterion: 0, undated: 0 }
    const org = organisation('fjordkanten-dyreklinikk')
    const input = answer('fjordkanten-dyreklinikk', {
      request: { type: 'erasure' },
      outcome: 'partly_granted',
      grounds: [{ label: 'Rettslig plikt til å oppbevare journaler', article: 'Art. 17(3)(b)' }],
      reasons: 'Journalen for Bávvál må vi oppbevare i minst ti år etter forskrift om journal for dyrehelsepersonell.',
      decisions: [
        { category: 'customer-details', action: 'erased' },
        { category: 'consents', action: 'erased' },
        { category: 'phone-logs', action: 'erased' },
        { category: 'medical-records', action: 'kept', legalBasis: 'Dyrehelsepersonelloven og forskrift om journal for dyrehelsepersonell (journaler oppbevares i minst ti år).', hold },
      ],
      notifiedRecipients: ['Poteboka AS', 'Register for ID-merking (microchip registry)'],
    })
    const { pdf, pages, text, t } = await read(responseLetter, input)
    expect(text).toContain(t('response.title.erasure'))
    expect(text).toContain(t('response.partialErasure.heading'))
    expect(text).toContain(t('response.partialErasure.partly'))
    expect(text).toContain(`Journaler for dyret: ${t('response.hold.keptUntil', { count: 2, date: '14. januar 2036' })} ${t('response.hold.erasedNow', { count: 3 })}`)
    expect(text).toContain(t('response.hold.section', { section: 'forskrift om journal for dyrehelsepersonell § 6' }))
    expect(text).toContain('Dyrehelsepersonelloven og forskrift om journal for dyrehelsepersonell (journaler oppbevares i minst ti år).')
    for (const erased of ['Navn, adresse, e-postadresse, telefonnummer og fødselsdato', 'Samtykker (for eksempel til informasjon og tilbud)', 'Telefonlogg (nummer fra og til og tidspunkt for samtalen)']) {
      expect(text).toContain(erased)
    }
    expect(text).toContain(t('response.action.erased'))
    expect(text).toContain(t('response.action.kept'))
    expect(text).toContain(t('response.notified.heading'))
    expect(text).toContain('Poteboka AS')
    expect(text).toContain('Register for ID-merking (microchip registry)')
    expect(text).toContain('Journalen for Bávvál må vi oppbevare i minst ti år etter forskrift om journal for dyrehelsepersonell.')
    expect(text).toContain(t('grounds.court'))
    expect(text).toContain(org.authority.complaintUrl)
    expect(untranslated(text)).toEqual([])
    expect(pdfInfo(pdf).Title).toBe(t('response.title.erasure'))
    previewPages(pdf, 'erasure-partial-no', [1, pages.length])
  })

  test('"below, category by category" only where the letter lists categories: a granted review of an automated decision has none, in every language', async () => {
    for (const lang of LANGUAGES) {
      const { text, t } = await read(responseLetter, answer('fjordkanten-dyreklinikk', { language: lang, request: { type: 'automated_decision' } }))
      expect(text, lang).toContain(t('response.outcomeWithoutList.granted'))
      expect(text, lang).not.toContain(t('response.outcome.granted'))
      expect(text, lang).not.toContain(t('response.done.heading'))
    }
    const listed = await read(responseLetter, answer('fjordkanten-dyreklinikk', { request: { type: 'erasure' }, decisions: [{ category: 'consents', action: 'erased' }] }))
    expect(listed.text).toContain(listed.t('response.outcome.granted'))
    expect(listed.text).toContain(listed.t('response.done.heading'))
  })

  test('a category kept on a ground other than a legal hold is kept for the reasons given, not for a period the law sets', async () => {
    const input = answer('fjordkanten-dyreklinikk', { request: { type: 'erasure' }, decisions: [{ category: 'purchase-history', action: 'kept' }] })
    const { text, t } = await read(responseLetter, input)
    expect(text).toContain(t('response.partialErasure.nothingOnGrounds'))
    expect(text).toContain(t('response.kept.onGrounds'))
    expect(text).not.toContain(t('response.partialErasure.nothing'))
    expect(text).not.toContain(t('response.kept.untilUnknown'))
    expect(text).not.toContain('Bokføringsloven')
  })

  test('a rectification lists each correction with the old and the new value, and says that no one needed to be told', async () => {
    const input = answer('dyrevaernsringen', {
      request: { type: 'rectification' },
      decisions: [{ category: 'caller-contact', action: 'corrected', corrections: [{ field: 'name', oldValue: 'Aile Nuollas Ciekcu', newValue: NAME }, { field: 'phone', oldValue: '+45 00 00 00 01', newValue: '+45 00 00 00 02' }] }],
    })
    const { pdf, text, t } = await read(responseLetter, input)
    expect(text).toContain(t('response.corrections.heading'))
    for (const value of ['Aile Nuollas Ciekcu', NAME, '+45 00 00 00 01', '+45 00 00 00 02', 'Navn', 'Telefonnummer']) expect(text).toContain(value)
    expect(text).toContain(t('response.action.corrected'))
    expect(text).toContain(t('response.notified.none'))
    expect(text).toContain(`${t('letter.complaint', { authority: 'Datatilsynet' })} ${organisation('dyrevaernsringen').authority.complaintUrl}`)
    previewPages(pdf, 'rectification-da', [1])
  })

  test('an objection on the person’s particular situation: what stopped is not called direct marketing, and what goes on is said to go on for the reasons given', async () => {
    const input = answer('dyrevaernsringen', {
      request: { type: 'objection', objectionGround: 'particular_situation' },
      outcome: 'partly_granted',
      decisions: [
        { category: 'caller-contact', action: 'stopped' },
        { category: 'case-details', action: 'kept' },
      ],
    })
    const { text, t } = await read(responseLetter, input)
    expect(text).toContain(t('response.details.stoppedObjection'))
    expect(text).not.toContain(t('response.details.stopped'))
    expect(text).toContain(t('response.kept.processingContinues'))
  })

  test('an objection to direct marketing says the processing has stopped', async () => {
    const input = answer('dyrevaernsringen', { request: { type: 'objection' }, decisions: [{ category: 'caller-contact', action: 'stopped', note: 'Telemarketing ringer dig ikke op igen.' }] })
    const { text, t } = await read(responseLetter, input)
    expect(text).toContain(t('response.title.objection'))
    expect(text).toContain(t('response.action.stopped'))
    expect(text).toContain(t('response.details.stopped'))
    expect(text).toContain('Telemarketing ringer dig ikke op igen.')
    expect(text).not.toContain(t('response.notified.heading'))
  })

  test('a refused restriction in Finnish gives the grounds, reasons, authority and court', async () => {
    const input = answer('aivokipina', {
      request: { type: 'restriction' },
      outcome: 'refused',
      grounds: [{ label: 'Henkilöä ei voida tunnistaa', article: 'Art. 11(2), Art. 12(2)' }],
      reasons: 'Emme löytäneet keskustelua antamallasi päivämäärällä.',
    })
    const { text, t } = await read(responseLetter, input)
    expect(text).toContain(t('grounds.headingRefused'))
    expect(text).toContain('Henkilöä ei voida tunnistaa (11 artiklan 2 kohta ja 12 artiklan 2 kohta)')
    expect(text).toContain('Emme löytäneet keskustelua antamallasi päivämäärällä.')
    expect(text).toContain(t('grounds.complain', { authority: 'Tietosuojavaltuutetun toimisto' }))
    expect(text).toContain('https://tietosuoja.fi/ilmoitus-tietosuojavaltuutetulle')
    expect(text).toContain(t('grounds.court'))
  })

  test.each(LANGUAGES)('%s: every text exists for every right it answers', (lang) => {
    for (const type of ['rectification', 'erasure', 'restriction', 'objection', 'automated_decision'] as const) {
      for (const outcome of ['granted', 'partly_granted', 'refused', 'no_data'] as const) {
        const letter = responseLetter(
          answer('fjordkanten-dyreklinikk', {
            language: lang,
            outcome,
            request: { type },
            grounds: [{ label: 'x', article: 'y' }],
            decisions: (['corrected', 'erased', 'restricted', 'stopped', 'kept', 'unchanged'] as const).map((action) => ({ category: 'emails', action, hold: { section: '§ 1', criterion: 'c', kept: [{ until: ANSWERED, count: 2 }], erased: 1, byCriterion: 1, undated: 1 } })),
          }),
        )
        expect(untranslated(JSON.stringify(letter)), `${lang} ${type} ${outcome}`).toEqual([])
      }
    }
  })

  test('access and portability have their own documents', () => {
    expect(() => responseLetter(answer('aivokipina', { request: { type: 'access' } }))).toThrow('access')
    expect(() => responseLetter(answer('aivokipina', { request: { type: 'portability' } }))).toThrow('portability')
  })
})
