import fs from 'node:fs'
import YAML from 'yaml'
import { describe, expect, test } from 'vitest'
import { parseOrganisationFile } from '#db/organisation-file'
import { renderLetter } from '~/documents/pdf.server'
import { flat, pdfText, readZip } from '~/documents/test-support'
import { zipFiles } from '~/documents/zip.server'
import { fixedT } from '~/i18n/i18n'
import { accessJson, accessLetter, portabilityPackage, type CollectedCategory } from './answer-documents'
import { answerInput as answer, NAME } from './answer-input.test-support'

// What the register says reaches the person's documents truthfully: columns
// by their labels, recipients by name, only what is held about them, periods
// and conditions the law asks for, and portability only where Art. 20 applies
// (docs/decisions/022). Documents are read back: pdftotext, JSON, the ZIP.

/** Rows as the clinic's connector returns them (db/organisations/fjordkanten-dyreklinikk.yaml). */
const CLINIC: CollectedCategory[] = [
  {
    category: 'customer-details',
    rows: [{ customer_number: 'K-100234', name: NAME, address: 'Eksempelveien 12', postcode: '0000', city: 'Demoby', email: 'aile@example.no', phone: '+47 00 00 00 42', date_of_birth: '1984-05-17', registered_on: '2019-04-10' }],
  },
  { category: 'animal-details', rows: [{ animal_name: 'Bávvál', species: 'Hund', breed: 'Lapphund', sex: 'Hann', born_on: '2019-04-02', microchip_number: '578000000000001', insurer: 'Fjellrev Forsikring', died_on: null }] },
  {
    category: 'medical-records',
    rows: [{ animal_name: 'Bávvál', entry_date: '2026-01-14', veterinarian: 'Kari Ødegård', reason: 'Halter', findings: 'Forstuet venstre forbein', treatment: 'Hvile i to uker' }],
  },
  { category: 'purchase-history', rows: [{ purchased_on: '2026-01-14', item: 'Smertestillende, 10 tabletter', quantity: 1, amount_nok: 349.5, animal_name: 'Bávvál' }] },
]

const t = (lang: 'no' | 'fi' | 'da' | 'en') => {
  const tr = fixedT(lang, ['documents'])
  return (key: string, values?: Record<string, unknown>) => flat(tr(key, values))
}

async function letterText(input: ReturnType<typeof answer>) {
  return flat(pdfText(await renderLetter(accessLetter(input))))
}

describe('column labels in the person’s language', () => {
  test('a Norwegian access letter, its JSON and the portability description name the clinic’s columns in Norwegian', async () => {
    const input = answer('fjordkanten-dyreklinikk', { collected: CLINIC })
    const text = await letterText(input)
    for (const label of ['Dato for journalføring', 'Funn', 'Behandling', 'Beløp (NOK)', 'Kjøpsdato', 'Forsikringsselskap', 'ID-merkenummer (chip)']) expect(text).toContain(label)
    for (const key of ['entry_date', 'findings', 'amount_nok', 'purchased_on', 'microchip_number']) expect(text).not.toContain(key)

    const json = JSON.parse(accessJson(input))
    const journal = json.categories.find((c: { key: string }) => c.key === 'medical-records')
    expect(journal.labels).toMatchObject({ entry_date: 'Dato for journalføring', findings: 'Funn' })
    // The values stay exactly as held, under their keys.
    expect(journal.rows[0].entry_date).toBe('2026-01-14')

    const files = portabilityPackage({ ...input, request: { ...input.request, type: 'portability' } })
    const entries = await readZip(await zipFiles(files, { mtime: input.answeredAt, timeZone: input.org.timeZone }))
    const readme = entries.find((e) => e.name === 'README.txt')!.content.toString('utf8')
    expect(readme).toContain(`amount_nok (Beløp (NOK)): ${t('no')('portability.readme.kind.number')}`)
    expect(readme).toContain('purchased_on (Kjøpsdato)')
  })

  test('a Finnish letter names the chat’s columns in Finnish', async () => {
    const input = answer('aivokipina', {
      collected: [{ category: 'chat-transcripts', rows: [{ chat_started_at: '2026-01-20T18:02:00Z', sent_at: '2026-01-20T18:03:00Z', sender: 'Sinä', message: 'Hei' }] }],
    })
    const text = await letterText(input)
    expect(text).toContain('Keskustelu alkoi')
    expect(text).toContain('Viesti lähetetty')
    expect(text).not.toContain('chat_started_at')
  })
})

describe('the access letter is about this person', () => {
  test('names the insurer found in their data, says why other recipients are given by kind, and lists only the categories and purposes held about them', async () => {
    const tr = t('no')
    const input = answer('fjordkanten-dyreklinikk', { collected: CLINIC })
    const text = await letterText(input)
    // Art. 15(1)(c), C-154/21: the recipient by name, from the column the register marks.
    expect(text).toContain(tr('access.recipients.found'))
    expect(text).toContain('Fjellrev Forsikring (Forsikringsselskaper)')
    // A kind no column names: the reason the register gives.
    expect(text).toContain(tr('access.recipients.unnamed', { reason: 'Hvilken klinikk, spesialist eller hvilket laboratorium vi bruker, avgjøres for hver henvisning og prøve' }).replace(/\.?$/, ''))

    // Purposes and categories of the data held; the rest apart, as what the clinic does in general.
    const [yours, general] = text.split(tr('access.general.heading'))
    expect(general).toBeDefined()
    const categories = yours!.slice(yours!.indexOf(tr('access.categories.heading')), yours!.indexOf(tr('access.recipients.heading')))
    for (const name of ['Journaler for dyret', 'Opplysninger om dyret', 'Kjøpshistorikk']) expect(categories).toContain(name)
    for (const name of ['Telefonlogg', 'E-post du sender til klinikken', 'Betalingsopplysninger', 'Samtykker']) {
      expect(categories).not.toContain(name)
      expect(general).toContain(name)
    }
    expect(yours).not.toContain('Å sende deg relevant informasjon og tilbud')
    expect(general).toContain('Å sende deg relevant informasjon og tilbud')
    expect(general).toContain('Å kunne ringe tilbake, svare på e-post og lage statistikk')
    // Periods only for what is held; the owner's details kept with the journal.
    expect(yours).not.toContain('Telefonloggen slettes automatisk')
    expect(yours).toContain(tr('access.retention.carried', { holder: 'Journaler for dyret' }))

    const json = JSON.parse(accessJson(input))
    expect(json.processing.recipients.find((r: { name: string }) => r.name === 'Forsikringsselskaper')).toMatchObject({ kind: 'category', namedInYourData: ['Fjellrev Forsikring'] })
    expect(json.processing.categories.map((c: { key: string }) => c.key)).toEqual(['animal-details', 'medical-records', 'purchase-history', 'customer-details'].sort((a, b) => order(a) - order(b)))
  })

  test('a customer with no journal is not told of the journal’s purpose, nor that their details are kept with it', () => {
    const json = JSON.parse(accessJson(answer('fjordkanten-dyreklinikk', { collected: CLINIC.filter((c) => c.category === 'customer-details' || c.category === 'animal-details') })))
    const purposes = json.processing.purposes.map((p: { description: string }) => p.description)
    expect(purposes.some((d: string) => d.startsWith('Å føre journal'))).toBe(false)
    expect(purposes.some((d: string) => d.startsWith('Betalingsoppfølging'))).toBe(false)
    expect(json.processing.inGeneral.purposes.some((p: { description: string }) => p.description.startsWith('Å føre journal'))).toBe(true)
    const details = json.processing.retention.find((r: { category: string }) => r.category === 'customer-details')
    expect(details.keptWith).toBeUndefined()
    expect(details.rules[0].criterion).toBe('Så lenge du er kunde hos oss, og deretter tre år etter siste kontakt.')
  })

  test('without an insurer in their data, the letter says their data name none', async () => {
    const collected = CLINIC.map((c) => (c.category === 'animal-details' ? { ...c, rows: c.rows.map((r) => ({ ...r, insurer: null })) } : c))
    const text = await letterText(answer('fjordkanten-dyreklinikk', { collected }))
    expect(text).not.toContain('Fjellrev Forsikring')
    expect(text).not.toContain(t('no')('access.recipients.found'))
    expect(text).toContain(`Forsikringsselskaper Mottar opplysninger ved forsikring og forsikringsoppgjør for dyret ditt. ${t('no')('access.recipients.noneFound')}`)
  })
})

describe('what the law asks the register to state', () => {
  test('a Finnish letter states the Art. 9(2) condition for the health chats; a Norwegian one names the transfer’s countries and ground', async () => {
    const fi = await letterText(answer('aivokipina', { collected: [{ category: 'chat-transcripts', rows: [{ chat_started_at: '2026-01-20T18:02:00Z', sent_at: '2026-01-20T18:03:00Z', sender: 'Sinä', message: 'Hei' }] }] }))
    expect(fi).toContain(t('fi')('access.special.heading'))
    expect(fi).toContain(`Chat-keskustelut (tiedot, jotka kerrot keskustelussa): tietosuoja-asetuksen 9 artiklan 2 kohdan a alakohta. Kerrot chatissa omasta`)
    // Not said where no special category is held.
    const ip = await letterText(answer('aivokipina', { collected: [{ category: 'ip-addresses', rows: [{ chat_started_at: '2026-01-20T18:02:00Z', ip_address: '192.0.2.1' }] }] }))
    expect(ip).not.toContain(t('fi')('access.special.heading'))

    const no = await letterText(answer('granlia-dyreklinikk', { collected: [{ category: 'web-analytics', rows: [{ visited_at: '2026-01-02T10:00:00Z', page: '/', referrer: null, browser: 'Firefox', ip_address: '192.0.2.1' }] }] }))
    expect(no).toContain(`Klikkspor Analytics USA ${t('no')('access.transfers.mechanism.adequacy')}.`)
    expect(no).toContain('personvernforordningen artikkel 45')
  })

  test('accounting periods state their starting point', async () => {
    const text = await letterText(answer('lygtebaererne', { collected: [{ category: 'accounting-records', rows: [{ member_number: 'M-1', paid_on: '2025-06-01', amount_dkk: 200, kind: 'Gave', receipt_number: 'R-1', reported_to_tax_agency: true }] }] }))
    expect(text).toContain(t('da')('response.hold.periodFromYearEnd', { period: '5 år' }))
  })
})

describe('portability covers what Art. 20(1) covers', () => {
  test('the clinic’s package leaves out the journal and the emails, and its description says why; every field packed is described with its label', async () => {
    const tr = t('no')
    const collected: CollectedCategory[] = [
      ...CLINIC,
      { category: 'emails', rows: [{ received_at: '2026-01-10T08:30:00Z', from_address: 'aile@example.no', to_address: 'post@fjordkanten-dyreklinikk.example', subject: 'Vaksine', summary: 'Spør om vaksine' }] },
    ]
    const input = answer('fjordkanten-dyreklinikk', { request: { type: 'portability' }, collected })
    const entries = await readZip(await zipFiles(portabilityPackage(input), { mtime: input.answeredAt, timeZone: input.org.timeZone }))
    expect(entries.map((e) => e.name)).toEqual(['README.txt', 'data.json', 'customer-details.csv', 'animal-details.csv', 'purchase-history.csv'])
    const file = (name: string) => entries.find((e) => e.name === name)!.content.toString('utf8')

    const readme = file('README.txt')
    expect(readme).not.toContain('Forstuet venstre forbein')
    expect(readme).toContain(tr('portability.readme.outsideHeading'))
    expect(readme).toContain(`- Journaler for dyret: ${tr('portability.readme.reason.created')}`)
    expect(readme).toContain(`- E-post du sender til klinikken: ${tr('portability.readme.reason.basis')}`)
    expect(readme).toContain('artikkel 20 nr. 1 bokstav a')
    for (const c of collected.filter((c) => c.category !== 'medical-records' && c.category !== 'emails')) {
      for (const field of Object.keys(c.rows[0]!)) expect(readme).toMatch(new RegExp(`^  - ${field} \\([^)]+\\)+: \\S`, 'm'))
    }
    expect(readme).toContain('insurer (Forsikringsselskap)')
    // What a field holds, where the label alone does not say it (WP242).
    expect(readme).toContain(`customer_number (Kundenummer): Nummeret du har som kunde hos oss; det står på fakturaer og kvitteringer (${tr('portability.readme.kind.text')})`)
    expect(readme).toContain(`item (Vare eller tjeneste): Det du kjøpte, slik det står på kvitteringen (${tr('portability.readme.kind.text')})`)

    const data = JSON.parse(file('data.json'))
    expect(data.categories.map((c: { key: string }) => c.key)).toEqual(['customer-details', 'animal-details', 'purchase-history'])
    expect(data.notIncluded).toEqual([
      { key: 'medical-records', name: 'Journaler for dyret', reason: 'created', reasonText: tr('portability.readme.reason.created') },
      { key: 'emails', name: 'E-post du sender til klinikken', reason: 'basis', reasonText: tr('portability.readme.reason.basis') },
    ])
    expect(JSON.stringify(data)).not.toContain('Forstuet')
  })

  test('where nothing held is covered, the package says so and holds no data files', async () => {
    const input = answer('dyrevaernsringen', { request: { type: 'portability' }, collected: [{ category: 'caller-contact', rows: [{ name: NAME, phone: '+45 00 00 10 01' }] }] })
    const files = portabilityPackage(input)
    expect(files.map((f) => f.name)).toEqual(['README.txt', 'data.json'])
    const readme = files[0]!.content
    expect(readme).toContain(t('da')('portability.readme.nothing'))
    expect(readme).toContain(t('da')('portability.readme.reason.basis'))
  })
})

const order = (key: string) => answer('fjordkanten-dyreklinikk').org.profile.register.dataCategories.findIndex((c) => c.key === key)

/** The Granlia clinic's file, to break in one place. */
function granlia(): Record<string, any> {
  return YAML.parse(fs.readFileSync('db/organisations/granlia-dyreklinikk.yaml', 'utf8'))
}

function refusal(data: unknown): string {
  try {
    parseOrganisationFile('broken.yaml', data)
  } catch (error) {
    return (error as Error).message
  }
  throw new Error('expected the file to be refused')
}

describe('an organisation file is refused where the letter would not be true', () => {
  test('a column a query returns without a label', () => {
    const org = granlia()
    const category = org.register.dataCategories.find((c: { key: string }) => c.key === 'web-forms')
    category.fields = category.fields.filter((f: { key: string }) => f.key !== 'message')
    expect(refusal(org)).toMatch(/broken\.yaml: connectors\[0\]\.queries\[1\]\.sql: the column "message" has no label: add it to the fields of register\.dataCategories "web-forms"/)
  })

  test('a label missing in one of the organisation’s languages', () => {
    const org = granlia()
    delete org.register.dataCategories[0].fields[1].label.no
    expect(refusal(org)).toMatch(/broken\.yaml: register\.dataCategories\[0\]\.fields\[1\]\.label\.no: missing the no text/)
  })

  test('a category with no retention period or criterion ("as long as necessary")', () => {
    const org = granlia()
    org.register.retention = org.register.retention.filter((r: { category: string }) => r.category !== 'phone-logs')
    expect(refusal(org)).toMatch(/broken\.yaml: register\.dataCategories\[3\]\.key: "phone-logs" has no retention rule: give register\.retention a period or a criterion for it/)
  })

  test('a transfer without its countries and Chapter V ground, or naming a country inside the EEA', () => {
    const without = granlia()
    delete without.register.transfers[0].mechanism
    delete without.register.transfers[0].countries
    const message = refusal(without)
    expect(message).toMatch(/broken\.yaml: register\.transfers\[0\]\.mechanism: /)
    expect(message).toMatch(/broken\.yaml: register\.transfers\[0\]\.countries: /)
    const inside = granlia()
    inside.register.transfers[0].countries = ['US', 'SE']
    expect(refusal(inside)).toMatch(/broken\.yaml: register\.transfers\[0\]\.countries\[1\]: SE is in the EEA/)
  })

  test('a kind of recipient with neither a column naming them nor the reason they cannot be named', () => {
    const org = granlia()
    org.register.recipients[0].category = true
    expect(refusal(org)).toMatch(/broken\.yaml: register\.recipients\[0\]\.unnamedBecause: /)
  })

  test('a query returning * cannot be labelled', () => {
    const org = granlia()
    org.connectors[0].queries[0].sql = 'SELECT * FROM visits WHERE email = :email'
    expect(refusal(org)).toMatch(/broken\.yaml: connectors\[0\]\.queries\[0\]\.sql: name each column the query returns/)
  })
})
