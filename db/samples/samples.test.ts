import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { selectedColumns, type OrganisationFile } from '#db/organisation-file'
import { buildSampleDatabases, samplePeople, sampleSlugs, type SamplePerson } from '#db/samples/index'
import { readOrganisationFiles } from '~/data/organisations.server'

// The sample databases of fictional people behind the demo organisations'
// connectors: every query runs against its database with every sample person's
// identifiers, only reads, and names a category of the register.

const TODAY = '2026-12-01'
const DEMO = 'db/organisations'

/** Categories a connector cannot find for a person, by design. */
const NOT_FINDABLE: Record<string, string[]> = {
  // Voluntary feedback names no one (seed 004); it is kept apart from the chats.
  aivokipina: ['feedback'],
}

let dir: string
let files: Array<{ file: string; org: OrganisationFile }>
let databases: Map<string, Database.Database>

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samples-'))
  const built = buildSampleDatabases(dir, { today: TODAY })
  databases = new Map(built.map((file) => [path.basename(path.dirname(file)), new Database(file, { readonly: true, fileMustExist: true })]))
  files = readOrganisationFiles(DEMO)
})

afterAll(() => {
  for (const db of databases?.values() ?? []) db.close()
  if (dir) fs.rmSync(dir, { recursive: true, force: true })
})

const demoOrgs = () => files.filter((f) => f.org.demo).map((f) => f.org)
const sqliteConnectors = (org: OrganisationFile) => org.connectors.flatMap((c) => (c.kind === 'sqlite' ? [c] : []))
const people = samplePeople(TODAY)

/** The named parameters of a query, string literals left out. */
function parameterNames(sql: string): string[] {
  const code = sql.replace(/'(?:[^']|'')*'/g, "''")
  return [...new Set([...code.matchAll(/[:@$]([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!))]
}

/** What a connector binds for a person: every verified identifier, NULL when not given. */
function bindings(org: OrganisationFile, person: SamplePerson): Record<string, string | null> {
  const values: Record<string, string | null> = { email: person.email, name: person.name, phone: person.phone ?? null }
  for (const id of org.identifiers) values[id.key] = person.identifiers[id.key] ?? null
  return values
}

function run(org: OrganisationFile, sql: string, person: SamplePerson) {
  const db = databases.get(org.slug)!
  const statement = db.prepare(sql)
  expect(statement.reader, `${org.slug}: a query must return rows`).toBe(true)
  expect(statement.readonly, `${org.slug}: a query must only read`).toBe(true)
  return statement.all(bindings(org, person)) as Array<Record<string, unknown>>
}

describe('the sample databases', () => {
  test('all demo organisation files still validate', () => {
    expect(files.length).toBe(fs.readdirSync(DEMO).filter((f) => /\.(ya?ml|json)$/.test(f)).length)
  })

  test('there is one per demo organisation, built from db/samples/<slug>.sql', () => {
    expect(sampleSlugs()).toEqual(demoOrgs().map((o) => o.slug).sort())
    for (const slug of sampleSlugs()) expect(fs.existsSync(path.join(dir, slug, 'sample.sqlite')), slug).toBe(true)
  })

  test('dates use only modifiers SQLite knows (an unknown one would give NULL, silently)', () => {
    for (const slug of sampleSlugs()) {
      const sql = fs.readFileSync(path.join('db/samples', `${slug}.sql`), 'utf8')
      for (const [modifier, unit] of sql.matchAll(/'[+-]\d+ ([a-z]+)'/g)) {
        expect(['days', 'hours', 'minutes', 'seconds', 'months', 'years'], `${slug}: ${modifier}`).toContain(unit)
      }
    }
  })

  test('rebuilding replaces a database instead of adding to it', () => {
    const again = fs.mkdtempSync(path.join(dir, 'again-'))
    buildSampleDatabases(again, { today: TODAY })
    const [file] = buildSampleDatabases(again, { today: TODAY })
    const db = new Database(file!, { readonly: true })
    const first = sampleSlugs()[0]!
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>
    for (const { name } of tables) {
      const count = (table: Database.Database) => (table.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n
      expect(count(db), `${first}.${name}`).toBe(count(databases.get(first)!))
    }
    db.close()
  })

  test('each demo organisation has 5–15 sample people, with .example addresses and phone numbers that cannot be real', () => {
    for (const org of demoOrgs()) {
      const theirs = people.filter((p) => p.org === org.slug)
      expect(theirs.length, org.slug).toBeGreaterThanOrEqual(5)
      expect(theirs.length, org.slug).toBeLessThanOrEqual(15)
    }
    for (const p of people) {
      expect(p.email, p.name).toMatch(/@[a-z0-9.-]+\.example$/)
      if (p.phone) expect(p.phone.replace(/[ -]/g, ''), p.name).toMatch(/^(\+(45|47|358))?00/)
      expect(demoOrgs().map((o) => o.slug)).toContain(p.org)
    }
    // No email or phone number in any sample database can reach anyone.
    for (const [slug, db] of databases) {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>
      for (const { name } of tables) {
        for (const row of db.prepare(`SELECT * FROM "${name}"`).all() as Array<Record<string, unknown>>) {
          for (const [column, value] of Object.entries(row)) {
            if (typeof value !== 'string') continue
            for (const address of value.match(/[^\s@<>()]+@[^\s@<>()]+/g) ?? []) expect(address, `${slug}.${name}.${column}`).toMatch(/\.example$/)
            if (/phone|number$/.test(column) && value.startsWith('+')) expect(value.replace(/ /g, ''), `${slug}.${name}.${column}`).toMatch(/^\+(45|47|358)00/)
          }
        }
      }
    }
  })

  test('every demo organisation has one sqlite connector on its sample database, one query per category of its register', () => {
    for (const org of demoOrgs()) {
      const connectors = sqliteConnectors(org)
      expect(connectors, org.slug).toHaveLength(1)
      const connector = connectors[0]!
      expect(connector.file, org.slug).toBe('sample.sqlite')
      const registered = org.register.dataCategories.map((c) => c.key)
      const queried = connector.queries.map((q) => q.category)
      for (const category of queried) expect(registered, `${org.slug}: connector category "${category}"`).toContain(category)
      expect(new Set(queried).size, `${org.slug}: one query per category`).toBe(queried.length)
      expect([...queried].sort(), org.slug).toEqual(registered.filter((c) => !NOT_FINDABLE[org.slug]?.includes(c)).sort())
    }
  })

  test('the columns the import reads from each query are the ones SQLite returns, and each has its label', () => {
    for (const org of demoOrgs()) {
      for (const { category, sql } of sqliteConnectors(org).flatMap((c) => c.queries)) {
        const returned = databases.get(org.slug)!.prepare(sql).columns().map((c) => c.name)
        expect(selectedColumns(sql), `${org.slug}: ${category}`).toEqual(returned)
        const labelled = org.register.dataCategories.find((c) => c.key === category)!.fields.map((f) => f.key)
        for (const column of returned) expect(labelled, `${org.slug}: ${category}.${column}`).toContain(column)
      }
    }
  })

  test('queries use only the verified identifiers and give machine-friendly column names', () => {
    for (const org of demoOrgs()) {
      const allowed = ['email', 'name', 'phone', ...org.identifiers.map((i) => i.key)]
      for (const { category, sql } of sqliteConnectors(org).flatMap((c) => c.queries)) {
        for (const name of parameterNames(sql)) expect(allowed, `${org.slug} ${category}: parameter :${name}`).toContain(name)
        expect(sql, `${org.slug} ${category}`).toMatch(/^\s*(WITH|SELECT)\b/i)
        const columns = databases.get(org.slug)!.prepare(sql).columns().map((c) => c.name)
        for (const column of columns) expect(column, `${org.slug} ${category}`).toMatch(/^[a-z][a-z0-9_]*$/)
        expect(new Set(columns).size, `${org.slug} ${category}: distinct column names`).toBe(columns.length)
      }
    }
  })

  test("every query runs with every sample person's identifiers, finds each person, and only them", () => {
    for (const org of demoOrgs()) {
      const queries = sqliteConnectors(org).flatMap((c) => c.queries)
      const found = new Set<string>()
      for (const person of people.filter((p) => p.org === org.slug)) {
        let rows = 0
        for (const { category, sql } of queries) {
          const result = run(org, sql, person)
          if (result.length) found.add(category)
          rows += result.length
          for (const row of result) {
            const where = `${org.slug} ${category} for ${person.name}`
            if ('name' in row && row.name !== null) expect(row.name, where).toBe(person.name)
            if ('email' in row && row.email !== null) expect(String(row.email).toLowerCase(), where).toBe(person.email.toLowerCase())
          }
        }
        expect(rows, `${org.slug}: nothing found for ${person.name}`).toBeGreaterThan(0)
      }
      // The sample people between them have data in every category the connector reads.
      expect([...found].sort(), org.slug).toEqual(queries.map((q) => q.category).sort())
    }
  })

  test('a person who gives nothing the organisation knows is not found', () => {
    const stranger = { org: '', name: 'Ingen Kjent', email: 'ingen@nowhere.example', phone: '+47 00 00 99 99', identifiers: {}, story: '' }
    for (const org of demoOrgs()) {
      for (const { category, sql } of sqliteConnectors(org).flatMap((c) => c.queries)) {
        expect(run(org, sql, { ...stranger, org: org.slug }), `${org.slug} ${category}`).toEqual([])
      }
    }
  })

  test('data the register says no connector can find is still in the sample database', () => {
    const aivokipina = databases.get('aivokipina')!
    expect((aivokipina.prepare('SELECT count(*) AS n FROM feedback').get() as { n: number }).n).toBeGreaterThan(0)
  })
})

describe('the people a demo needs', () => {
  const org = (slug: string) => files.find((f) => f.org.slug === slug)!.org
  const query = (slug: string, category: string) => sqliteConnectors(org(slug)).flatMap((c) => c.queries).find((q) => q.category === category)!.sql
  const person = (slug: string, name: string) => people.find((p) => p.org === slug && p.name === name)!

  test('Áile Ŋuollaš Čiekču is at the Norwegian clinic, exactly so, with animals and journal entries over the years', () => {
    const clinic = org('fjordkanten-dyreklinikk')
    const aile = person('fjordkanten-dyreklinikk', 'Áile Ŋuollaš Čiekču')
    expect(aile.email).toBe('aile@fjordkanten-kunde.example')
    const [customer, ...others] = run(clinic, query(clinic.slug, 'customer-details'), aile)
    expect(others).toEqual([])
    expect(customer!.name).toBe('Áile Ŋuollaš Čiekču')
    expect(customer!.name).toBe('Áile Ŋuollaš Čiekču'.normalize('NFC'))
    // Found too by customer number and name alone (no email), the Sámi letters intact.
    const [byNumber] = run(clinic, query(clinic.slug, 'customer-details'), { ...aile, email: 'another@address.example', phone: undefined })
    expect(byNumber?.customer_number).toBe('FK-1001')

    const animals = run(clinic, query(clinic.slug, 'animal-details'), aile)
    expect(animals.length).toBeGreaterThanOrEqual(2)
    const journal = run(clinic, query(clinic.slug, 'medical-records'), aile)
    expect(new Set(journal.map((j) => j.animal_name)).size).toBeGreaterThanOrEqual(2)
    // Journals are kept ten years (forskrift om journal for dyrehelsepersonell § 6): some entries are older, some younger,
    // so an erasure for her is partial.
    const tenYearsAgo = `${Number(TODAY.slice(0, 4)) - 10}${TODAY.slice(4)}`
    const older = journal.filter((j) => String(j.entry_date) < tenYearsAgo)
    const younger = journal.filter((j) => String(j.entry_date) >= tenYearsAgo)
    expect(older.length).toBeGreaterThan(0)
    expect(younger.length).toBeGreaterThan(0)
    const retention = clinic.register.retention.find((r) => r.category === 'medical-records')!
    expect(retention).toMatchObject({ period: 'P10Y', legalObligation: true })
  })

  test('the hotline has a caller with a long history, and keeps do-not-call numbers 12 months', () => {
    const hotline = org('dyrevaernsringen')
    expect(hotline.register.doNotContactPeriod).toBe('P12M')
    const bent = person('dyrevaernsringen', 'Bent Ravnsbjerg')
    expect(run(hotline, query(hotline.slug, 'case-details'), bent).length).toBeGreaterThanOrEqual(3)
    expect(run(hotline, query(hotline.slug, 'service-evaluation'), bent).length).toBeGreaterThanOrEqual(2)
    expect(run(hotline, query(hotline.slug, 'do-not-call'), bent)).toHaveLength(1)
    // Only the number is left of a caller who declined membership.
    const soren = person('dyrevaernsringen', 'Søren Æbeltoft')
    expect(run(hotline, query(hotline.slug, 'caller-contact'), soren)).toEqual([])
    expect(run(hotline, query(hotline.slug, 'do-not-call'), soren)).toHaveLength(1)
  })

  test("someone is on the processor's client lists, and every row names a client of the processor", () => {
    const klartone = org('klartone-tm')
    const freja = person('klartone-tm', 'Freja Dalsgaard')
    const lists = run(klartone, query(klartone.slug, 'contact-details'), freja)
    // The sample lists are those of its clients on the portal.
    expect(new Set(lists.map((r) => r.client_slug))).toEqual(new Set(klartone.clients.filter((c) => c.organisation).map((c) => c.key)))
    for (const p of people.filter((x) => x.org === klartone.slug)) {
      for (const { sql } of sqliteConnectors(klartone).flatMap((c) => c.queries)) {
        for (const row of run(klartone, sql, p)) expect(klartone.clients.map((c) => c.key)).toContain(row.client_slug)
      }
    }
    // The clients know the same people.
    for (const client of klartone.clients.flatMap((c) => (c.organisation ? [c.organisation] : []))) {
      const theirs = new Set(people.filter((p) => p.org === client).map((p) => p.name))
      const called = people.filter((p) => p.org === klartone.slug && run(klartone, query(klartone.slug, 'contact-details'), p).some((r) => r.client_slug === client))
      for (const p of called) expect(theirs, `${p.name} at ${client}`).toContain(p.name)
    }
  })
})
