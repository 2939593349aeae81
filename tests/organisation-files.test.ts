import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import YAML from 'yaml'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { getDb } from '#db/client.server'
import { events, organisations, requests } from '#db/schema'
import { getOrganisationBySlug, listClients, readOrganisationFiles } from '~/data/organisations.server'
import { importOrganisations } from '~/domain/organisations.server'
import { fileRequest } from '~/domain/requests.server'
import { main } from '~/cli/main'
import { allowConsoleError } from './support/console'

// Organisations are data files. The import refuses a broken file with a
// message that names the file and the field, and re-importing updates an
// organisation in place.

const DEMO = 'db/organisations'
const db = getDb()
let dir: string

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'org-files-'))
})

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true })
})

/** A valid organisation file to break in one place. */
function validOrg(): Record<string, any> {
  return YAML.parse(fs.readFileSync(path.join(DEMO, 'granlia-dyreklinikk.yaml'), 'utf8'))
}

/** Writes the files into a fresh folder and returns what reading it throws. */
function problemsWith(files: Record<string, unknown>): string {
  const folder = fs.mkdtempSync(path.join(dir, 'case-'))
  for (const [name, data] of Object.entries(files)) fs.writeFileSync(path.join(folder, name), typeof data === 'string' ? data : YAML.stringify(data))
  try {
    readOrganisationFiles(folder)
  } catch (error) {
    return (error as Error).message
  }
  throw new Error('expected the files to be refused')
}

describe('the demo organisation files', () => {
  test('all validate and import, processors with their clients', () => {
    const files = readOrganisationFiles(DEMO)
    expect(files.length).toBe(fs.readdirSync(DEMO).filter((f) => /\.(ya?ml|json)$/.test(f)).length)
    const { created } = importOrganisations(db, files)
    expect(created.sort()).toEqual(files.map((f) => f.org.slug).sort())
    const klartone = getOrganisationBySlug(db, 'klartone-tm')!
    expect(klartone.kind).toBe('processor')
    // Its clients on the portal are linked to their organisations; the register also holds one known only by email.
    expect(listClients(db, klartone.id).map((c) => c.slug).sort()).toEqual(['engblomst-naturvaern', 'lygtebaererne'])
    const register = klartone.profile.clients
    expect(register.map((c) => c.key)).toEqual(['lygtebaererne', 'engblomst-naturvaern', 'havoernens-venner'])
    for (const client of register.filter((c) => c.organisation)) expect(client.privacyEmail).toBe(getOrganisationBySlug(db, client.organisation!)!.privacyEmail)
    expect(register.find((c) => !c.organisation)?.privacyEmail).toMatch(/\.example$/)
    // Calling numbers are kept in E.164 whatever the file's spacing.
    expect(register[0]!.campaigns[0]!.numbers).toEqual(['+4500003000', '+4500003001'])
    // Every organisation speaks English too (the portal's fallback).
    for (const { org } of files) expect(org.intro.en, org.slug).toBeTruthy()
  })
})

describe('a broken file is refused with the file and the field named', () => {
  test('a retention period that is not a duration', () => {
    const org = validOrg()
    org.register.retention[0].period = 'three years'
    const message = problemsWith({ 'broken.yaml': org })
    expect(message).toContain('broken.yaml')
    expect(message).toMatch(/broken\.yaml: register\.retention\[0\]\.period: .*duration/)
  })

  test('a missing English text', () => {
    const org = validOrg()
    delete org.intro.en
    expect(problemsWith({ 'no-english.yaml': org })).toMatch(/no-english\.yaml: intro\.en: missing the en text/)
  })

  test("a missing text in one of the organisation's own languages", () => {
    const org = validOrg()
    delete org.register.purposes[1].legalBasis.no
    expect(problemsWith({ 'no-norwegian.yaml': org })).toMatch(/no-norwegian\.yaml: register\.purposes\[1\]\.legalBasis\.no: /)
  })

  test('a reasonable fee (Art. 12(5)(a)) without its text in one of the languages', () => {
    const org = validOrg()
    org.reasonableFee = { en: 'NOK 200, the cost of a new copy' }
    expect(problemsWith({ 'fee.yaml': org })).toMatch(/fee\.yaml: reasonableFee\.no: missing the no text/)
  })

  test('a retention category that is not one of the data categories', () => {
    const org = validOrg()
    org.register.retention[0].category = 'horoscopes'
    expect(problemsWith({ 'category.yaml': org })).toMatch(/category\.yaml: register\.retention\[0\]\.category: "horoscopes" is not one of register\.dataCategories/)
  })

  test('an unknown time zone', () => {
    const org = validOrg()
    org.timeZone = 'Europe/Atlantis'
    expect(problemsWith({ 'zone.yaml': org })).toMatch(/zone\.yaml: timeZone: not a known IANA time zone/)
  })

  test('an unknown field, a wrong country and a bad email, all reported at once, for every broken file', () => {
    const a = validOrg()
    a.colour = 'blue'
    const b = validOrg()
    b.slug = 'other-clinic'
    b.country = 'SE'
    b.privacyEmail = 'not an address'
    const message = problemsWith({ 'a.yaml': a, 'b.yaml': b, 'fine.yaml': { ...validOrg(), slug: 'fine-clinic' } })
    expect(message).toMatch(/a\.yaml: .*colour/)
    expect(message).toMatch(/b\.yaml: country: /)
    expect(message).toMatch(/b\.yaml: privacyEmail: /)
    expect(message).not.toContain('fine.yaml')
  })

  test('a complaint address that is not a web address (it becomes a link)', () => {
    const org = validOrg()
    org.authority.complaintUrl = 'javascript:alert(1)'
    expect(problemsWith({ 'complaint.yaml': org })).toMatch(/complaint\.yaml: authority\.complaintUrl: use an http:\/\/ or https:\/\/ address/)
  })

  test('a file that is not YAML at all', () => {
    expect(problemsWith({ 'garbled.yaml': 'slug: [unclosed\n  name: :::' })).toMatch(/garbled\.yaml: /)
  })

  test('a controller with clients', () => {
    const org = validOrg()
    org.clients = [client('lygtebaererne')]
    expect(problemsWith({ 'controller.yaml': org })).toMatch(/controller\.yaml: clients: only a processor has clients/)
  })
})

/** A processor's client entry to break in one place. */
function client(key: string): Record<string, any> {
  return {
    key,
    name: `Client ${key}`,
    privacyEmail: `privacy@${key}.example`,
    escalationEmail: `board@${key}.example`,
    language: 'da',
    country: 'DK',
    campaigns: [{ name: 'Autumn', from: '2026-09-01', to: '2026-11-30', numbers: ['+45 00 00 30 09'], listCodes: ['AUT-26'] }],
  }
}

describe('a processor’s client register is validated', () => {
  const processor = (clients: unknown[]) => ({ ...validOrg(), slug: 'calls-for-hire', kind: 'processor', clients })

  test.each([
    ['a calling number without its country code', (c: Record<string, any>) => (c.campaigns[0].numbers = ['00 00 30 09']), /clients\[0\]\.campaigns\[0\]\.numbers\[0\]: expected a phone number with its country code/],
    ['a calling number that is no number', (c: Record<string, any>) => (c.campaigns[0].numbers = ['+45 call us']), /clients\[0\]\.campaigns\[0\]\.numbers\[0\]: expected a phone number/],
    ['a campaign that ends before it starts', (c: Record<string, any>) => (c.campaigns[0].to = '2026-08-01'), /clients\[0\]\.campaigns\[0\]\.to: the campaign ends before it starts/],
    ['a date that does not exist', (c: Record<string, any>) => (c.campaigns[0].from = '2026-02-30'), /clients\[0\]\.campaigns\[0\]\.from: not a date that exists/],
    ['a privacy contact that is not an address', (c: Record<string, any>) => (c.privacyEmail = 'privacy office'), /clients\[0\]\.privacyEmail: /],
    ['no escalation contact', (c: Record<string, any>) => delete c.escalationEmail, /clients\[0\]\.escalationEmail: /],
    ['a language the portal does not speak', (c: Record<string, any>) => (c.language = 'sv'), /clients\[0\]\.language: /],
    ['a country that is not a code', (c: Record<string, any>) => (c.country = 'Denmark'), /clients\[0\]\.country: expected a two-letter country code/],
    ['a list code with spaces', (c: Record<string, any>) => (c.campaigns[0].listCodes = ['AUT 26']), /clients\[0\]\.campaigns\[0\]\.listCodes\[0\]: /],
    ['a field the register does not know', (c: Record<string, any>) => (c.phone = '+45 00 00 00 00'), /clients\[0\]: .*phone/],
    ['reminder days out of order', (c: Record<string, any>) => (c.reminderDays = [3, 1]), /clients\[0\]\.reminderDays: list the days in ascending order/],
    ['a reminder on the day of the forwarding', (c: Record<string, any>) => (c.reminderDays = [0, 2]), /clients\[0\]\.reminderDays\[0\]: a reminder comes 1 working day/],
    ['a reminder after 30 working days', (c: Record<string, any>) => (c.reminderDays = [31]), /clients\[0\]\.reminderDays\[0\]: at most 30 working days/],
    ['six reminders', (c: Record<string, any>) => (c.reminderDays = [1, 2, 3, 4, 5, 6]), /clients\[0\]\.reminderDays: at most 5 reminders/],
    ['no reminder day at all', (c: Record<string, any>) => (c.reminderDays = []), /clients\[0\]\.reminderDays: give at least one day/],
  ])('%s', (_, breakIt, expected) => {
    const c = client('a')
    breakIt(c)
    expect(problemsWith({ 'calls.yaml': processor([c]) })).toMatch(expected)
  })

  test('two clients with one key, or one organisation twice', () => {
    expect(problemsWith({ 'calls.yaml': processor([client('a'), client('a')]) })).toMatch(/clients\[1\]\.key: "a" names another client already/)
    expect(problemsWith({ 'calls.yaml': processor([{ ...client('a'), organisation: 'x' }, { ...client('b'), organisation: 'x' }]) })).toMatch(/clients\[1\]\.organisation: "x" is another client's organisation already/)
    expect(problemsWith({ 'calls.yaml': processor([{ ...client('a'), organisation: 'calls-for-hire' }]) })).toMatch(/clients\[0\]\.organisation: a processor is not its own client/)
  })

  test('a campaign still running has no end date', () => {
    const c = client('a')
    delete c.campaigns[0].to
    const folder = fs.mkdtempSync(path.join(dir, 'running-'))
    fs.writeFileSync(path.join(folder, 'calls.yaml'), YAML.stringify(processor([c])))
    const [read] = readOrganisationFiles(folder)
    expect(read!.org.clients[0]!.campaigns[0]).toMatchObject({ from: '2026-09-01', numbers: ['+4500003009'], listCodes: ['AUT-26'] })
  })

  test('reminders come after 1, 3 and 5 working days unless the client says otherwise', () => {
    const folder = fs.mkdtempSync(path.join(dir, 'reminders-'))
    fs.writeFileSync(path.join(folder, 'calls.yaml'), YAML.stringify(processor([client('a'), { ...client('b'), reminderDays: [2, 4] }])))
    const [read] = readOrganisationFiles(folder)
    expect(read!.org.clients.map((c) => c.reminderDays)).toEqual([
      [1, 3, 5],
      [2, 4],
    ])
  })
})

// The organisation file is untrusted input (docs/decisions/012): a connector may
// name only its own token variables and files inside the connector folder. The
// connectors check both again when they run (app/data/connectors/connectors.test.ts).
describe('a connector reaching beyond what is the organisation’s own is refused at import', () => {
  const webhook = (extra: Record<string, unknown>) => ({ kind: 'webhook', url: 'https://crm.granlia.example/dsr', categories: ['case-records'], ...extra })
  const withConnector = (connector: Record<string, unknown>) => {
    const org = validOrg()
    org.connectors = [org.connectors[0], connector]
    return org
  }

  test.each(['DATA_KEYS', 'SESSION_SECRET', 'INDEX_KEY', 'SMTP_URL', 'CONNECTOR_TOKEN_LYGTEBAERERNE__CRM', 'CONNECTOR_TOKEN_GRANLIA_DYREKLINIKK_CRM', 'CONNECTOR_TOKEN_GRANLIA__CRM', 'CONNECTOR_TOKEN_GRANLIA_DYREKLINIKK__'])(
    'a token variable outside CONNECTOR_TOKEN_GRANLIA_DYREKLINIKK__: %s',
    (variable) => {
      expect(problemsWith({ 'token.yaml': withConnector(webhook({ tokenEnv: variable })) })).toMatch(
        /token\.yaml: connectors\[1\]\.tokenEnv: expected a variable named CONNECTOR_TOKEN_GRANLIA_DYREKLINIKK__<NAME>/,
      )
    },
  )

  test('its own token variable is accepted', () => {
    const folder = fs.mkdtempSync(path.join(dir, 'own-token-'))
    fs.writeFileSync(path.join(folder, 'own.yaml'), YAML.stringify(withConnector(webhook({ tokenEnv: 'CONNECTOR_TOKEN_GRANLIA_DYREKLINIKK__CRM', caFile: 'granlia/ca.pem' }))))
    expect(readOrganisationFiles(folder)[0]!.org.connectors[1]).toMatchObject({ tokenEnv: 'CONNECTOR_TOKEN_GRANLIA_DYREKLINIKK__CRM', caFile: 'granlia/ca.pem' })
  })

  test.each([
    ['the database by its absolute path', '/srv/portal/data/portal.sqlite', /not an absolute one/],
    ['its WAL through ".."', '../portal.sqlite-wal', /without ".."/],
    ['a file outside the folder through ".."', 'samples/../../../etc/passwd', /without ".."/],
    ['a Windows path', 'C:\\portal\\portal.sqlite', /not an absolute one/],
  ])('an SQLite file that is %s', (_, file, message) => {
    const org = validOrg()
    org.connectors[0].file = file
    expect(problemsWith({ 'file.yaml': org })).toMatch(new RegExp(`file\\.yaml: connectors\\[0\\]\\.file: expected a path .*${message.source}`))
  })

  test.each([
    ['an absolute path', '/etc/ssl/certs/ca-certificates.crt'],
    ['a path with ".."', '../data/portal.sqlite'],
  ])('a CA file that is %s', (_, caFile) => {
    expect(problemsWith({ 'ca.yaml': withConnector(webhook({ caFile })) })).toMatch(/ca\.yaml: connectors\[1\]\.caFile: expected a path /)
  })
})

test('re-importing an updated file updates the organisation and keeps its requests', () => {
  const folder = fs.mkdtempSync(path.join(dir, 'update-'))
  const file = path.join(folder, 'granlia-dyreklinikk.yaml')
  const org = validOrg()
  fs.writeFileSync(file, YAML.stringify(org))
  importOrganisations(db, readOrganisationFiles(folder))
  const before = getOrganisationBySlug(db, 'granlia-dyreklinikk')!
  const filed = fileRequest(db, { org: before, language: 'no', type: 'access', details: { type: 'access', scope: 'all' }, subject: { name: 'Ola Nordmann', email: 'ola@example.com', identifiers: {} } })
  if (!filed.ok) throw new Error('not filed')
  const { requestId } = filed

  org.name = 'Granlia Dyreklinikk og Hundehotell'
  org.slaDays = 20
  fs.writeFileSync(file, YAML.stringify(org))
  const result = importOrganisations(db, readOrganisationFiles(folder))
  expect(result).toEqual({ created: [], updated: ['granlia-dyreklinikk'] })

  const after = getOrganisationBySlug(db, 'granlia-dyreklinikk')!
  expect(after.id).toBe(before.id)
  expect(after.name).toBe('Granlia Dyreklinikk og Hundehotell')
  expect(after.slaDays).toBe(20)
  const request = db.select().from(requests).where(eq(requests.id, requestId)).get()!
  expect(request.orgId).toBe(before.id)
  expect(db.select().from(organisations).where(eq(organisations.slug, 'granlia-dyreklinikk')).all()).toHaveLength(1)
  // The import is in the organisation's history.
  const kinds = db.select({ kind: events.kind }).from(events).where(eq(events.orgId, before.id)).all().map((e) => e.kind)
  expect(kinds).toContain('organisation_updated')
})

test('a processor listing a client that is not an organisation is refused, and nothing is half-imported', () => {
  const processor = YAML.parse(fs.readFileSync(path.join(DEMO, 'klartone-tm.yaml'), 'utf8'))
  processor.slug = 'ghost-calls'
  processor.clients = [{ ...client('ghost'), organisation: 'no-such-org' }]
  const folder = fs.mkdtempSync(path.join(dir, 'ghost-'))
  fs.writeFileSync(path.join(folder, 'ghost-calls.yaml'), YAML.stringify(processor))
  expect(() => importOrganisations(db, readOrganisationFiles(folder))).toThrow(/ghost-calls: client "no-such-org" is not an organisation/)
  expect(getOrganisationBySlug(db, 'ghost-calls')).toBeUndefined()
})

test('a client’s own supervisory authority must have a web address too: it becomes a link in the person’s letter and email', () => {
  const processor = YAML.parse(fs.readFileSync(path.join(DEMO, 'klartone-tm.yaml'), 'utf8'))
  processor.slug = 'script-calls'
  processor.clients = [{ ...client('script'), authority: { name: { da: 'Tilsyn', en: 'Authority' }, complaintUrl: 'javascript:alert(1)' } }]
  const folder = fs.mkdtempSync(path.join(dir, 'script-'))
  fs.writeFileSync(path.join(folder, 'script-calls.yaml'), YAML.stringify(processor))
  expect(() => readOrganisationFiles(folder)).toThrow(/clients\[0\]\.authority\.complaintUrl: use an http:\/\/ or https:\/\/ address/)
})

test('an existing organisation cannot be turned into a demo one by its file', () => {
  const folder = fs.mkdtempSync(path.join(dir, 'demo-flip-'))
  const org = { ...validOrg(), slug: 'real-clinic', demo: false }
  fs.writeFileSync(path.join(folder, 'real-clinic.yaml'), YAML.stringify(org))
  importOrganisations(db, readOrganisationFiles(folder))
  fs.writeFileSync(path.join(folder, 'real-clinic.yaml'), YAML.stringify({ ...org, demo: true }))
  expect(() => importOrganisations(db, readOrganisationFiles(folder))).toThrow(/real-clinic: demo: an existing organisation cannot become a demo organisation/)
  expect(getOrganisationBySlug(db, 'real-clinic')!.isDemo).toBe(false)
})

test('only the demo loader creates demo organisations: import-organisations refuses a new one', async () => {
  const folder = fs.mkdtempSync(path.join(dir, 'new-demo-'))
  fs.writeFileSync(path.join(folder, 'fake-demo.yaml'), YAML.stringify({ ...validOrg(), slug: 'fake-demo', demo: true }))
  allowConsoleError()
  const errors: string[] = []
  const error = console.error
  console.error = (...a: unknown[]) => void errors.push(a.join(' '))
  try {
    expect(await main(['import-organisations', folder])).toBe(1)
  } finally {
    console.error = error
  }
  expect(errors.join('\n')).toContain('fake-demo: demo: only the demo loader (load-demo) creates demo organisations')
  expect(getOrganisationBySlug(db, 'fake-demo')).toBeUndefined()
})

test('an inbound email address must be an address, listed once: the error names the file and the field', () => {
  const folder = fs.mkdtempSync(path.join(dir, 'inbound-'))
  fs.writeFileSync(path.join(folder, 'mail-clinic.yaml'), YAML.stringify({ ...validOrg(), slug: 'mail-clinic', inbound: { addresses: ['persondata@clinic.example', 'not an address'] } }))
  expect(() => readOrganisationFiles(folder)).toThrow(/mail-clinic\.yaml: inbound\.addresses\[1\]: expected an email address/)
  fs.writeFileSync(path.join(folder, 'mail-clinic.yaml'), YAML.stringify({ ...validOrg(), slug: 'mail-clinic', inbound: { addresses: ['persondata@clinic.example', 'Persondata@Clinic.example'] } }))
  expect(() => readOrganisationFiles(folder)).toThrow(/mail-clinic\.yaml: inbound\.addresses\[1\]: "persondata@clinic\.example" is listed twice/)
})

test('a file cannot claim another organisation’s inbound address, nor the portal’s own: its email would go to the claimant', () => {
  const folder = fs.mkdtempSync(path.join(dir, 'inbound-claim-'))
  fs.writeFileSync(path.join(folder, 'first-box.yaml'), YAML.stringify({ ...validOrg(), slug: 'first-box', inbound: { addresses: ['persondata@first.example'] } }))
  importOrganisations(db, readOrganisationFiles(folder))
  fs.rmSync(path.join(folder, 'first-box.yaml'))
  fs.writeFileSync(path.join(folder, 'claimant.yaml'), YAML.stringify({ ...validOrg(), slug: 'claimant', inbound: { addresses: ['persondata@first.example'] } }))
  expect(() => importOrganisations(db, readOrganisationFiles(folder))).toThrow(/inbound\.addresses: "persondata@first\.example" is already (first-box|claimant)'s inbound address/)
  expect(getOrganisationBySlug(db, 'claimant')).toBeUndefined()
  fs.writeFileSync(path.join(folder, 'claimant.yaml'), YAML.stringify({ ...validOrg(), slug: 'claimant', inbound: { addresses: ['no-reply@portal.example'] } }))
  expect(() => importOrganisations(db, readOrganisationFiles(folder))).toThrow(/claimant: inbound\.addresses: "no-reply@portal\.example" is the portal's own sender address/)
  expect(getOrganisationBySlug(db, 'claimant')).toBeUndefined()
})
