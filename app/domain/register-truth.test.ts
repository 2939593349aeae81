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

  test('a query returning * cannot be labelled', () => {
    const org = granlia()
    org.connectors[0].queries[0].sql = 'SELECT * FROM visits WHERE email = :email'
    expect(refusal(org)).toMatch(/broken\.yaml: connectors\[0\]\.queries\[0\]\.sql: name each column the query returns/)
  })
})
