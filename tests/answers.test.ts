import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { parse as parseCsv } from 'csv-parse/sync'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { answerDocuments, answers, collectedData, events, organisations, outbox, requests, type Organisation, type Request, type User } from '#db/schema'
import { buildSampleDatabases } from '#db/samples'
import { main } from '~/cli/main'
import { emailHash } from '~/data/officer-requests.server'
import { flat, pdfText, previewPages, readZip } from '~/documents/test-support'
import { acceptCollected, AnswerInvalidError, prepareAnswer, sendAnswer, stageConnector, stageUpload, type AnswerDraftInput } from '~/domain/answers.server'
import { actionForm } from '~/domain/actions.server'
import { API_CALLS_PER_MINUTE, createApiKey, MAX_ACTIVE_API_KEYS, TooManyApiKeysError } from '~/domain/api-keys.server'
import { verifyIdentity } from '~/domain/requests.server'
import { fixedT } from '~/i18n/i18n'
import { advanceClock, resetClock, setClock } from '~/utils/clock'
import { env } from '~/utils/env.server'
import { startApp, type TestApp } from './support/app'
import { HttpClient, textOf } from './support/http'
import { deliverAll, linkIn, type Delivered } from './support/mail'
import { createOfficer, signedInCookie } from './support/officers'
import { newRequest, reloadRequest } from './support/requests'

// Answers end to end: data collected from a connector or an upload, an answer
// prepared, previewed and sent, the person emailed that it is ready and
// downloading it after a fresh confirmation of their address; every right's
// outcome as the law allows it; the do-not-contact list.

let app: TestApp
const orgs: Record<string, Organisation> = {}
const officers: Record<string, User> = {}
const TODAY = '2026-06-01'

beforeAll(async () => {
  setClock(`${TODAY}T08:00:00Z`)
  // The demo organisations' connectors read <slug>/sample.sqlite in this test file's own
  // CONNECTOR_DIR (tests/support/setup-file.ts): the fictional people, as of today.
  buildSampleDatabases(env().CONNECTOR_DIR, { today: TODAY })
  app = await startApp()
  for (const o of app.db.select().from(organisations).all()) {
    orgs[o.slug] = o
    officers[o.slug] = createOfficer(app.db, { orgId: o.id, role: 'admin' })
  }
})

afterAll(async () => {
  await app?.close()
  resetClock()
})

const act = (r: Pick<Request, 'id' | 'orgId'>) => {
  const slug = Object.values(orgs).find((o) => o.id === r.orgId)!.slug
  return { orgId: r.orgId, requestId: r.id, officerId: officers[slug]!.id }
}

/** A request filed and confirmed by the person, with the identity checked by the officer. */
async function verified(slug: string, o: Parameters<typeof newRequest>[2]) {
  const { request } = await newRequest(app.db, orgs[slug]!, o)
  verifyIdentity(app.db, { ...act(request), method: 'known_customer_details' })
  return reloadRequest(app.db, request)
}

function answerOf(r: Request, input: AnswerDraftInput) {
  prepareAnswer(app.db, { ...act(r), ...input })
  return sendAnswer(app.db, act(r))
}

/** The person's own browser: the status link of their email, then a fresh download link to the same address. */
async function personDownloads(r: Request, sent: Delivered[]) {
  const person = new HttpClient(app.url)
  const notice = sent.find((m) => m.to_ === r.subjectEmail && m.requestId === r.id)!
  expect(notice, 'the person is told the answer is ready').toBeDefined()
  expect(notice.attachments).toHaveLength(0)
  expect((await person.post(linkIn(notice, `${app.url}/${r.language}/status/open/`))).status).toBe(302)
  const page = await person.get(`/${r.language}/status/request`)
  expect(page.html).not.toMatch(new RegExp(`href="/${r.language}/status/answer/`))
  expect((await person.post(`/${r.language}/status/request`, { intent: 'download-link' })).status).toBe(302)
  const link = (await deliverAll(app.db, app.url)).find((m) => m.template === 'download-link' && m.requestId === r.id)!
  expect(link.to_).toBe(r.subjectEmail)
  expect((await person.post(linkIn(link, `${app.url}/${r.language}/status/download/`))).status).toBe(302)
  const opened = await person.get(`/${r.language}/status/request`)
  const hrefs = [...opened.html.matchAll(new RegExp(`href="(/${r.language}/status/answer/\\d+)"`, 'g'))].map((m) => m[1]!)
  const files = []
  for (const href of hrefs) {
    const response = await fetch(app.url + href, { headers: { Cookie: cookieOf(person) }, redirect: 'manual' })
    expect(response.status, href).toBe(200)
    files.push({ type: response.headers.get('content-type')!, disposition: response.headers.get('content-disposition')!, body: Buffer.from(await response.arrayBuffer()) })
  }
  return { person, files, hrefs }
}

const cookieOf = (client: HttpClient) => `__subject=${client.cookie('__subject')}`

describe('access at the Norwegian clinic, from its connector', () => {
  test('the letter holds every Art. 15 item and her data, with her name exactly; the JSON beside it; both downloaded only after a fresh confirmation', async () => {
    const r = await verified('fjordkanten-dyreklinikk', {
      language: 'no',
      name: 'Áile Ŋuollaš Čiekču',
      email: 'aile@fjordkanten-kunde.example',
      phone: '+47 00 00 10 01',
      identifiers: { customerNumber: 'FK-1001', animalName: 'Čuovga' },
    })
    const staged = await stageConnector(app.db, { ...act(r), connector: 0 })
    expect(staged.ok).toBe(true)
    if (!staged.ok) return
    acceptCollected(app.db, { ...act(r), ids: staged.ids })
    await deliverAll(app.db, app.url)
    await answerOf(r, { outcome: 'granted' })
    const { files } = await personDownloads(r, await deliverAll(app.db, app.url))

    const pdf = files.find((f) => f.type === 'application/pdf')!.body
    const text = pdfText(pdf)
    const t = fixedT('no', 'documents')
    for (const heading of ['purposes', 'categories', 'recipients', 'retention', 'rights', 'complaint', 'sources', 'automated', 'transfers']) expect(text).toContain(t(`access.${heading}.heading`))
    for (const right of ['rectification', 'erasure', 'restriction', 'objection']) expect(text).toContain(t(`rights.${right}`))
    expect(text).toContain('Poteboka AS')
    expect(text).toContain('https://www.datatilsynet.no/om-datatilsynet/kontakt-oss/klage-til-datatilsynet')
    expect(text).toContain('Áile Ŋuollaš Čiekču')
    expect(text).toContain('FK-1001')
    expect(text).toContain('Čuovga')
    previewPages(pdf, 'answer-access-no', [1, 2])

    const json = JSON.parse(files.find((f) => f.type.startsWith('application/json'))!.body.toString('utf8')) as { dataSubject: { name: string }; categories: Array<{ key: string; rows: unknown[] }> }
    expect(json.dataSubject.name).toBe('Áile Ŋuollaš Čiekču')
    expect(json.categories.find((c) => c.key === 'animal-details')!.rows.length).toBeGreaterThan(0)
    expect(reloadRequest(app.db, r)).toMatchObject({ status: 'completed', outcome: 'granted' })
    const downloads = app.db.select().from(events).where(and(eq(events.requestId, r.id), eq(events.kind, 'answer_downloaded'))).all()
    expect(downloads).toHaveLength(2)
  })
})

describe('connectors through the built server', () => {
  test('the officer collects from the connector; one whose profile names the portal’s database reads nothing and says why', async () => {
    const r = await verified('fjordkanten-dyreklinikk', {
      language: 'no',
      name: 'Áile Ŋuollaš Čiekču',
      email: 'aile@fjordkanten-kunde.example',
      identifiers: { customerNumber: 'FK-1001', animalName: 'Čuovga' },
    })
    const cookie = signedInCookie(app.db, officers['fjordkanten-dyreklinikk']!)
    const collect = () =>
      fetch(`${app.url}/no/officer/requests/${r.id}/collect`, {
        method: 'POST',
        headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'intent=connector&connector=0',
        redirect: 'manual',
      })
    const staged = await collect()
    expect(staged.status).toBe(302)
    expect(staged.headers.get('location')).toContain('done=staged')
    expect(app.db.select().from(collectedData).where(eq(collectedData.requestId, r.id)).all().length).toBeGreaterThan(0)

    // Changed in the database, past the import's checks: the connector checks again when it runs.
    const org = orgs['fjordkanten-dyreklinikk']!
    const { profile } = app.db.select().from(organisations).where(eq(organisations.id, org.id)).get()!
    const file = path.resolve(env().DATABASE_PATH)
    const tampered = { ...profile, connectors: profile.connectors.map((c, i) => (i === 0 && c.kind === 'sqlite' ? { ...c, file, queries: [{ category: c.queries[0]!.category, sql: 'SELECT slug FROM organisations' }] } : c)) }
    app.db.update(organisations).set({ profile: tampered }).where(eq(organisations.id, org.id)).run()
    try {
      const refused = await collect()
      const page = textOf(await refused.text())
      expect(page).toContain(fixedT('no', 'collection')('errors.connector.outsideFolder', { file }))
      expect(page).not.toContain('lygtebaererne')
    } finally {
      app.db.update(organisations).set({ profile }).where(eq(organisations.id, org.id)).run()
    }
  })
})

describe('portability from an upload', () => {
  test('a ZIP whose JSON and CSV open and parse, with a description of the fields', async () => {
    const r = await verified('lygtebaererne', { language: 'da', type: 'portability', name: 'Torben Skovgaard', email: 'torben.portable@example.com' })
    const csv = 'navn,email,medlemsnummer\r\nTorben Skovgaard,torben.portable@example.com,L-7781\r\n'
    const bad = stageUpload(app.db, { ...act(r), filename: 'members.xlsx', bytes: new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]) })
    expect(bad).toMatchObject({ ok: false })
    const staged = stageUpload(app.db, { ...act(r), filename: 'members.csv', bytes: new TextEncoder().encode(csv), category: 'member-contact' })
    expect(staged.ok).toBe(true)
    if (!staged.ok) return
    acceptCollected(app.db, { ...act(r), ids: staged.ids })
    await deliverAll(app.db, app.url)
    await answerOf(r, { outcome: 'granted' })
    const { files } = await personDownloads(r, await deliverAll(app.db, app.url))
    expect(files.map((f) => f.type)).toEqual(['application/zip'])
    const entries = await readZip(files[0]!.body)
    expect(entries.map((e) => e.name).sort()).toEqual(['README.txt', 'data.json', 'member-contact.csv'])
    const data = JSON.parse(entries.find((e) => e.name === 'data.json')!.content.toString('utf8')) as { categories: Array<{ rows: Array<Record<string, string>> }> }
    expect(data.categories[0]!.rows[0]).toMatchObject({ navn: 'Torben Skovgaard', medlemsnummer: 'L-7781' })
    const rows = parseCsv(entries.find((e) => e.name === 'member-contact.csv')!.content.toString('utf8').replace(/^\uFEFF/, ''), { columns: true }) as Array<Record<string, string>>
    expect(rows).toEqual([{ navn: 'Torben Skovgaard', email: 'torben.portable@example.com', medlemsnummer: 'L-7781' }])
    expect(entries.find((e) => e.name === 'README.txt')!.content.toString('utf8')).toContain('medlemsnummer')
  })
})

describe('a partial erasure at the Norwegian clinic', () => {
  test('each journal entry and accounting record is kept to its own date under its cited section, those past their period erased now; the rest erased; the letter says who was told', async () => {
    const r = await verified('fjordkanten-dyreklinikk', {
      language: 'no',
      type: 'erasure',
      name: 'Áile Ŋuollaš Čiekču',
      email: 'aile@fjordkanten-kunde.example',
      identifiers: { customerNumber: 'FK-1001', animalName: 'Čuovga' },
    })
    const held = ['medical-records', 'purchase-history', 'payment-details']
    const categories = orgs['fjordkanten-dyreklinikk']!.profile.register.dataCategories.map((c) => c.key)
    // Kept data makes the answer a partial one, on a ground.
    expect(() => prepareAnswer(app.db, { ...act(r), outcome: 'granted', decisions: [{ category: 'medical-records', action: 'kept' }] })).toThrow(AnswerInvalidError)
    expect(() => prepareAnswer(app.db, { ...act(r), outcome: 'partly_granted', reasons: 'Loven', decisions: [{ category: 'medical-records', action: 'kept' }] })).toThrow(AnswerInvalidError)
    // The officer's form says how each hold counts, with its section, before anything is decided.
    const ctx = { org: orgs['fjordkanten-dyreklinikk']!, request: r, officer: officers['fjordkanten-dyreklinikk']!, now: new Date(), db: app.db, lang: 'no' as const }
    const form = actionForm(ctx, 'answer', { formatDate: (d) => d.toISOString() })
    const hintOf = (category: string) => form.fields.find((f) => 'name' in f && f.name === `decision.${category}`)
    expect(hintOf('medical-records')).toMatchObject({ hint: { key: 'holds.fromRecordHint', values: { period: '10 år', section: 'forskrift om journal for dyrehelsepersonell § 6' } } })
    expect(hintOf('purchase-history')).toMatchObject({ hint: { key: 'holds.fromYearEndHint', values: { period: '5 år', section: 'bokføringsloven § 13' } } })
    // The journal carries its owner along; the form offers that, but does not pre-state it.
    expect(hintOf('customer-details')).toMatchObject({ hint: { key: 'holds.carriedHint', values: { holder: 'Journaler for dyret', section: 'forskrift om journal for dyrehelsepersonell § 6' } } })
    expect(form.values).toMatchObject({ 'decision.medical-records': 'kept', 'decision.customer-details': 'erased' })
    // Her records as the clinic system holds them on 1 June 2026 (db/samples/fjordkanten-dyreklinikk.sql).
    const staged = await stageConnector(app.db, { ...act(r), connector: 0 })
    expect(staged.ok).toBe(true)
    if (!staged.ok) return
    acceptCollected(app.db, { ...act(r), ids: staged.ids })
    await deliverAll(app.db, app.url)
    await answerOf(r, {
      outcome: 'partly_granted',
      grounds: held.map((c) => `hold:${c}`),
      reasons: 'Journaler må oppbevares i ti år, og regnskap i fem år etter regnskapsårets slutt.',
      // Her name and address stay in the journals kept: on the journal's own ground, no other needed.
      decisions: categories.map((category) => ({ category, action: [...held, 'customer-details'].includes(category) ? 'kept' : 'erased' })),
      notifiedRecipients: [0, 2],
    })
    const sent = await deliverAll(app.db, app.url)
    const { files, person } = await personDownloads(r, sent)
    // The status page names each kept category by the register's Norwegian name, never its key.
    const status = textOf((await person.get(`/no/status/request`)).html)
    const names = orgs['fjordkanten-dyreklinikk']!.profile.register.dataCategories.filter((c) => held.includes(c.key)).map((c) => c.name.no!)
    expect(names).toHaveLength(held.length)
    for (const name of names) expect(status).toContain(fixedT('no', 'officer')('timeline.groundHold', { category: name }))
    for (const key of held) expect(status).not.toContain(key)
    // The email lists each hold as a ground with its article, no full stop before it, each later ground on its own line, never after a bare ": ".
    const notice = sent.find((m) => m.to_ === r.subjectEmail && m.requestId === r.id)!
    // The article as the Norwegian text of the regulation cites it.
    for (const name of names) expect(notice.text).toMatch(new RegExp(`${name} må oppbevares etter loven: [^\\n]*[^.] \\(artikkel 17 nr\\. 3 bokstav b\\)\\n`))
    expect(notice.text).not.toMatch(/\. \(artikkel/)
    expect(notice.text).not.toContain('Art. 17')
    expect(notice.text).not.toMatch(/^: /m)
    const text = pdfText(files[0]!.body)
    const t = fixedT('no', 'documents')
    expect(text).toContain(`${t('response.hold.carried', { holder: 'Journaler for dyret' })} ${t('response.hold.carriedUntil', { date: '20. mai 2036' })}`)
    const until = (count: number, date: string) => t('response.hold.keptUntil', { count, date })
    expect(text).toContain(t('response.partialErasure.partly'))
    // Journals: ten years from each entry. Four of her thirteen entries (2010, 2012, 2013, January 2016) are past it and erased now.
    expect(text).toContain(`Journaler for dyret: ${until(1, '1. august 2026')}`)
    for (const date of ['1. desember 2026', '1. juni 2027', '1. mars 2030', '1. mai 2033', '1. juni 2034', '1. april 2035', '1. mars 2036', '20. mai 2036']) expect(text).toContain(until(1, date))
    expect(text).toContain(t('response.hold.erasedNow', { count: 4 }))
    expect(text).toContain(t('response.hold.section', { section: 'forskrift om journal for dyrehelsepersonell § 6' }))
    // Accounts: five years from the end of each record's financial year; the purchase of May 2026 to 31 December 2031.
    // Purchases: 2016 and 2020 ended, 2023, 2024 and May 2026 kept; payments: three ended, two of 2026 kept to 31 December 2031.
    expect(text).toContain(`Kjøpshistorikk, når kjøpet er registrert på deg som kunde: ${until(1, '31. desember 2028')} ${until(1, '31. desember 2029')} ${until(1, '31. desember 2031')}`)
    expect(text).toContain(t('response.hold.erasedNow', { count: 2 }))
    expect(text).toContain(`${until(2, '31. desember 2031')} ${t('response.hold.erasedNow', { count: 3 })}`)
    expect(text).toContain(t('response.hold.section', { section: 'bokføringsloven § 13' }))
    expect(text).toContain('Bokføringsloven (regnskapsmateriale oppbevares i fem år etter regnskapsårets slutt).')
    // Never today plus the period for the whole category.
    expect(text).not.toContain('1. juni 2036')
    expect(text).not.toContain('1. juni 2031')
    expect(text).not.toContain('journalforskriften')
    expect(text).toContain('Poteboka AS')
    expect(text).toContain('Forsikringsselskaper')
    expect(text).toContain('Datatilsynet')
    previewPages(files[0]!.body, 'answer-partial-erasure-no', [1])
    expect(reloadRequest(app.db, r)).toMatchObject({ status: 'completed', outcome: 'partly_granted' })
  })
})

describe('a refused objection', () => {
  test('names its ground, and the email names the authority with its complaint page and the right to go to court', async () => {
    const r = await verified('lygtebaererne', {
      language: 'en',
      type: 'objection',
      details: { type: 'objection', ground: 'particular_situation', situation: 'I do not want my gifts used in your statistics.' },
      name: 'Objecting Olsen',
      email: 'objecting.olsen@example.com',
    })
    await deliverAll(app.db, app.url)
    await answerOf(r, { outcome: 'refused', grounds: ['compelling_grounds'], reasons: 'The statistics are required for our annual accounts to the collection board.' })
    const mail = (await deliverAll(app.db, app.url)).find((m) => m.to_ === r.subjectEmail)!
    const t = fixedT('en', ['officer', 'documents'])
    const body = flat(mail.text ?? '')
    expect(mail.subject).toBe(t('officer:emails.refused.subject', { reference: r.reference }))
    expect(body).toContain(t('documents:groundNames.compelling_grounds'))
    expect(body).toContain('Article 21(1)')
    expect(body).toContain(t('officer:emails.refused.complain', { authority: 'Datatilsynet (the Danish Data Protection Agency)' }))
    expect(body).toContain('https://www.datatilsynet.dk/borger/klage-til-datatilsynet/')
    expect(body).toContain(t('officer:emails.refused.court'))
    // The officer's reasons are on the status page, not in the email.
    expect(body).not.toContain('collection board')
    expect(reloadRequest(app.db, r)).toMatchObject({ status: 'refused', outcome: 'refused' })
  })
})

describe('an objection to direct marketing', () => {
  const phone = '+45 31 41 59 26'

  test('puts the phone number and address on the list at once, as keyed hashes; it can never be refused', async () => {
    const { request } = await newRequest(app.db, orgs['dyrevaernsringen']!, {
      language: 'da',
      type: 'objection',
      details: { type: 'objection', ground: 'direct_marketing' },
      name: 'Ring Ikke',
      email: 'ring.ikke@example.com',
      phone,
    })
    // Not even verified yet: it takes effect when the person confirms.
    expect(app.db.select().from(events).where(and(eq(events.requestId, request.id), eq(events.kind, 'suppression_added'))).all()).toHaveLength(1)
    expect(() => prepareAnswer(app.db, { ...act(request), outcome: 'refused', grounds: ['compelling_grounds'], reasons: 'Nej' })).toThrow(AnswerInvalidError)

    app.db.$client.pragma('wal_checkpoint(TRUNCATE)')
    const file = process.env.DATABASE_PATH!
    const raw = Buffer.concat([fs.readFileSync(file), ...(fs.existsSync(`${file}-wal`) ? [fs.readFileSync(`${file}-wal`)] : [])]).toString('latin1')
    for (const written of ['31415926', '31 41 59 26', '4531415926', 'ring.ikke@example.com']) expect(raw).not.toContain(written)
  })

  test('the organisation’s dialler checks a number through the API with its key, however the number is written', async () => {
    const org = orgs['dyrevaernsringen']!
    const { key } = createApiKey(app.db, { orgId: org.id, label: 'Dialler', actor: { kind: 'officer', userId: officers['dyrevaernsringen']!.id } })
    const check = (body: unknown, auth = `Bearer ${key}`) =>
      fetch(`${app.url}/api/v1/do-not-contact/check`, { method: 'POST', headers: { Authorization: auth, 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
    for (const written of [phone, '31415926', '0045 31 41 59 26', '+4531415926']) {
      const reply = await check({ phone: written })
      expect(reply.status, written).toBe(200)
      expect(await reply.json()).toEqual({ listed: true })
    }
    expect(await (await check({ phone: '+45 99 99 99 99' })).json()).toEqual({ listed: false })
    expect(await (await check({ email: 'RING.IKKE@example.com' })).json()).toEqual({ listed: true })
    expect((await check({ phone })).status).toBe(200)
    expect((await check({ phone }, 'Bearer rpk_not-a-key')).status).toBe(401)
    // The visible part of the key (what the key page shows) with any other rest is no key.
    const shown = key.slice(0, 10)
    for (const forged of [`${shown}${'A'.repeat(key.length - shown.length)}`, `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`]) expect((await check({ phone }, `Bearer ${forged}`)).status, forged).toBe(401)
    expect((await check({ phone, email: 'x@example.com' })).status).toBe(400)
    // Another organisation's key sees nothing of this list.
    const other = createApiKey(app.db, { orgId: orgs['lygtebaererne']!.id, label: 'Other', actor: { kind: 'officer', userId: officers['lygtebaererne']!.id } })
    expect(await (await check({ phone }, `Bearer ${other.key}`)).json()).toEqual({ listed: false })
    // The key is never shown again; revoked, it is refused at once.
    const cookie = signedInCookie(app.db, officers['dyrevaernsringen']!)
    const page = await (await fetch(`${app.url}/en/officer/api-keys`, { headers: { Cookie: cookie } })).text()
    expect(page).not.toContain(key)
    expect(page).toContain(key.slice(0, 10))
    const id = /name="id" value="(\d+)"/.exec(page)![1]!
    const revoked = await fetch(`${app.url}/en/officer/api-keys`, { method: 'POST', headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' }, body: `intent=revoke&id=${id}`, redirect: 'manual' })
    expect(revoked.status).toBe(302)
    expect((await check({ phone })).status).toBe(401)
  })

  test('the API’s limit is the organisation’s, however many keys it makes; it keeps at most 10 keys in use', async () => {
    const org = orgs['aivokipina']!
    const admin = officers['aivokipina']!
    const make = (label: string) => createApiKey(app.db, { orgId: org.id, label, actor: { kind: 'officer', userId: admin.id } }).key
    const check = (key: string) =>
      fetch(`${app.url}/api/v1/do-not-contact/check`, { method: 'POST', headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ phone }) })
    const keys = [make('Dialler 1'), make('Dialler 2'), make('Dialler 3')]
    // The clock stands still: every call falls in the same minute.
    for (let i = 0; i < API_CALLS_PER_MINUTE; i++) expect((await check(keys[i % 2]!)).status).toBe(200)
    for (const key of keys) expect((await check(key)).status).toBe(429)
    // Another organisation's calls are counted apart.
    expect((await check(createApiKey(app.db, { orgId: orgs['granlia-dyreklinikk']!.id, label: 'Other', actor: { kind: 'operator', userId: null } }).key)).status).toBe(200)

    for (let i = keys.length; i < MAX_ACTIVE_API_KEYS; i++) make(`Dialler ${i + 1}`)
    expect(() => make('One too many')).toThrow(TooManyApiKeysError)
    const cookie = signedInCookie(app.db, admin)
    const post = (body: string) => fetch(`${app.url}/fi/officer/api-keys`, { method: 'POST', headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' }, body, redirect: 'manual' })
    const refused = await post('label=Yksi+liikaa')
    expect(refused.status).toBe(200)
    const refusedHtml = await refused.text()
    expect(textOf(refusedHtml)).toContain(fixedT('fi', 'officer')('apiKeys.tooMany', { max: MAX_ACTIVE_API_KEYS }))
    // Told as a form's error is: "Error:" in the title, a summary linking to the field, what was typed kept.
    expect(/<title>([^<]*)<\/title>/.exec(refusedHtml)![1]).toMatch(new RegExp(`^${fixedT('fi', 'common')('errorPrefix')} `))
    expect(refusedHtml).toContain('href="#api-key-label"')
    expect(refusedHtml).toMatch(/id="api-key-label"[^>]*value="Yksi liikaa"|value="Yksi liikaa"[^>]*id="api-key-label"/)
    const byCli = spawnSync(process.execPath, ['--import', 'tsx', 'app/cli/main.ts', 'api-key', org.slug, 'One too many'], { env: process.env, encoding: 'utf8' })
    expect(byCli.status).toBe(1)
    expect(byCli.stderr).toContain(`at most ${MAX_ACTIVE_API_KEYS} keys in use: revoke one first`)
    // One revoked makes room for one more.
    const page = await (await fetch(`${app.url}/fi/officer/api-keys`, { headers: { Cookie: cookie } })).text()
    const id = /name="id" value="(\d+)"/.exec(page)![1]!
    expect((await post(`intent=revoke&id=${id}`)).status).toBe(302)
    const made = await post('label=Uusi')
    expect(textOf(await made.text())).toContain('rpk_')
  })

  test('and through the CLI', async () => {
    const out: string[] = []
    const log = console.log
    console.log = (...a: unknown[]) => void out.push(a.join(' '))
    try {
      expect(await main(['do-not-contact', 'dyrevaernsringen', '31 41 59 26'])).toBe(0)
      expect(await main(['do-not-contact', 'dyrevaernsringen', '+45 12 12 12 12'])).toBe(3)
    } finally {
      console.log = log
    }
    expect(out[0]).toContain('is on the do-not-contact list')
    expect(out[1]).toContain('is not on the do-not-contact list')
    // As the operator runs it: the process's exit code is the answer.
    const run = (value: string) => spawnSync(process.execPath, ['--import', 'tsx', 'app/cli/main.ts', 'do-not-contact', 'dyrevaernsringen', value], { env: process.env, encoding: 'utf8' })
    expect(run('31 41 59 26').status).toBe(0)
    const notListed = run('+45 12 12 12 12')
    expect(notListed.status, notListed.stderr).toBe(3)
    expect(notListed.stdout).toContain('is not on the do-not-contact list')
  })
})

describe('the answer form', () => {
  /** The values of the checked radios or checkboxes of that name, as the server drew them. */
  const checked = (html: string, name: string) =>
    [...html.matchAll(/<input[^>]*>/g)].map((m) => m[0]).filter((tag) => tag.includes(`name="${name}"`) && tag.includes('checked=""')).map((tag) => /value="([^"]*)"/.exec(tag)![1])

  test('a refusal without reasons: the officer sees the error beside the reasons field, keeps what they chose, and nothing is stored', async () => {
    const { request: r } = await newRequest(app.db, orgs['lygtebaererne']!, { language: 'da', name: 'Grundløs Gunnar', email: 'grundloes.gunnar@example.com' })
    const cookie = signedInCookie(app.db, officers['lygtebaererne']!)
    const t = fixedT('da', ['officer', 'common'])
    const message = t('officer:errors.refusalReasonRequired')
    for (const reasons of ['', '   ']) {
      const reply = await fetch(`${app.url}/da/officer/requests/${r.id}?do=answer`, {
        method: 'POST',
        headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ intent: 'answer', outcome: 'refused', grounds: 'excessive', reasons }).toString(),
        redirect: 'manual',
      })
      // The form's own check answers, as for every form of the portal: the page again, with the error.
      expect(reply.status, JSON.stringify(reasons)).toBe(200)
      const html = await reply.text()
      expect(html).toMatch(new RegExp(`<title>${t('common:errorPrefix')} `))
      // In the summary, linked to the field; beside the field, tied to it for a screen reader.
      const textarea = /<textarea id="([^"]+)" name="reasons"[^>]*>/.exec(html)
      expect(textarea, 'the reasons field').not.toBeNull()
      const [tag, id] = textarea as unknown as [string, string]
      expect(tag).toContain('aria-invalid="true"')
      const summary = /<div class="error-summary"[^]*?<\/div>/.exec(html)![0]
      expect(textOf(summary)).toContain(message)
      expect(summary).toContain(`href="#${id}"`)
      const beside = new RegExp(`<p id="(${id}-error)" class="field-error">([^]*?)</p>`).exec(html)
      expect(beside, 'the error beside the field').not.toBeNull()
      expect(textOf(beside![2]!)).toContain(message)
      expect(/aria-describedby="([^"]*)"/.exec(tag)![1]!.split(' ')).toContain(beside![1])
      // What the officer chose is still chosen.
      expect(checked(html, 'outcome')).toEqual(['refused'])
      expect(checked(html, 'grounds')).toEqual(['excessive'])
    }
    expect(app.db.select().from(answers).where(eq(answers.requestId, r.id)).all()).toEqual([])
    expect(app.db.select().from(events).where(and(eq(events.requestId, r.id), eq(events.kind, 'answer_prepared'))).all()).toEqual([])

    // A partial erasure: each category's decision, and a recipient told, stay as the officer set them.
    const { request: erasure } = await newRequest(app.db, orgs['lygtebaererne']!, { language: 'da', type: 'erasure', name: 'Delvis Dorte', email: 'delvis.dorte@example.com' })
    const form = new URLSearchParams({ intent: 'answer', outcome: 'partly_granted', grounds: 'legal_claims', reasons: '', 'decision.campaign-data': 'unchanged', 'decision.member-contact': 'erased' })
    form.append('notifiedRecipients', '0')
    const partial = await fetch(`${app.url}/da/officer/requests/${erasure.id}?do=answer`, { method: 'POST', headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' }, body: form.toString(), redirect: 'manual' })
    const html = await partial.text()
    expect(textOf(html)).toContain(message)
    expect(html).toMatch(/<select[^>]*name="decision.campaign-data"[^>]*>(?:(?!<\/select>)[^])*<option value="unchanged" selected=""/)
    expect(checked(html, 'grounds')).toEqual(['legal_claims'])
    expect(checked(html, 'notifiedRecipients')).toEqual(['0'])
    expect(app.db.select().from(answers).where(eq(answers.requestId, erasure.id)).all()).toEqual([])
  })
})

describe('delivery', () => {
  test('the officer previews every document before sending; nothing is stored until it is sent', async () => {
    const r = await verified('lygtebaererne', { language: 'da', name: 'Preview Person', email: 'preview.person@example.com' })
    prepareAnswer(app.db, { ...act(r), outcome: 'no_data' })
    const cookie = signedInCookie(app.db, officers['lygtebaererne']!)
    const form = await fetch(`${app.url}/da/officer/requests/${r.id}?do=send`, { headers: { Cookie: cookie } })
    expect(textOf(await form.text())).toContain(fixedT('da', 'officer')('answer.document.access_pdf'))
    const preview = await fetch(`${app.url}/da/officer/requests/${r.id}/preview/0`, { headers: { Cookie: cookie } })
    expect(preview.status).toBe(200)
    expect(preview.headers.get('content-type')).toBe('application/pdf')
    // Once: a second copy of the header (the portal's default beside the file's own) is what proxies get wrong.
    expect(preview.headers.get('cache-control')).toBe('no-store')
    expect(pdfText(Buffer.from(await preview.arrayBuffer()))).toContain(fixedT('da', 'documents')('access.outcome.no_data'))
    expect(app.db.select().from(answerDocuments).where(eq(answerDocuments.requestId, r.id)).all()).toHaveLength(0)
    // Another organisation's officer previews nothing.
    const stranger = await fetch(`${app.url}/da/officer/requests/${r.id}/preview/0`, { headers: { Cookie: signedInCookie(app.db, officers['fjordkanten-dyreklinikk']!) } })
    expect(stranger.status).toBe(404)
  })

  test('nothing says what is held before the identity is verified', async () => {
    const { request } = await newRequest(app.db, orgs['lygtebaererne']!, { language: 'da', name: 'Not Verified', email: 'not.verified@example.com' })
    prepareAnswer(app.db, { ...act(request), outcome: 'no_data' })
    await expect(sendAnswer(app.db, act(request))).rejects.toThrow('identityNotVerified')
  })

  test('an answer asked to go to another address goes only to the request’s own', async () => {
    const thief = 'send.it.here@elsewhere.example'
    const r = await verified('lygtebaererne', {
      language: 'en',
      type: 'erasure',
      details: { type: 'erasure', what: `Everything. Send the answer to ${thief}, not to the address I gave.`, why: `Reply to ${thief}` },
      name: 'Diverted Dora',
      email: 'dora.own@example.com',
    })
    await deliverAll(app.db, app.url)
    await answerOf(r, { outcome: 'granted', decisions: [{ category: 'member-contact', action: 'erased' }] })
    await personDownloads(r, await deliverAll(app.db, app.url))
    expect(app.db.select().from(outbox).where(eq(outbox.recipientHash, emailHash(thief))).all()).toHaveLength(0)
  })

  test('a person’s session downloads their own request’s documents, never another request’s of the same organisation', async () => {
    const mine = await verified('lygtebaererne', { language: 'en', name: 'Mona Mine', email: 'mona.mine@example.com' })
    const theirs = await verified('lygtebaererne', { language: 'en', name: 'Tage Theirs', email: 'tage.theirs@example.com' })
    await deliverAll(app.db, app.url)
    await answerOf(mine, { outcome: 'no_data' })
    await answerOf(theirs, { outcome: 'no_data' })
    const { person, hrefs } = await personDownloads(mine, await deliverAll(app.db, app.url))
    const theirDocuments = app.db.select().from(answerDocuments).where(eq(answerDocuments.requestId, theirs.id)).all()
    expect(theirDocuments.length).toBeGreaterThan(0)
    for (const d of theirDocuments) {
      // The same organisation, a session whose downloads are open: still not theirs to fetch.
      const tried = await fetch(`${app.url}/en/status/answer/${d.id}`, { headers: { Cookie: cookieOf(person) }, redirect: 'manual' })
      expect(tried.status, `document ${d.id}`).toBe(404)
      expect(Buffer.from(await tried.arrayBuffer()).includes(d.content)).toBe(false)
    }
    expect(hrefs.some((h) => theirDocuments.some((d) => h.endsWith(`/${d.id}`)))).toBe(false)
    const downloaded = (r: Request) => app.db.select().from(events).where(and(eq(events.requestId, r.id), eq(events.kind, 'answer_downloaded'))).all()
    expect(downloaded(theirs)).toHaveLength(0)
    expect(downloaded(mine)).toHaveLength(hrefs.length)
  })

  test('a person’s status page opens no document until a fresh download link confirms the address again', async () => {
    const r = await verified('lygtebaererne', { language: 'en', name: 'Unconfirmed Ulla', email: 'ulla.unconfirmed@example.com' })
    await deliverAll(app.db, app.url)
    await answerOf(r, { outcome: 'no_data' })
    const notice = (await deliverAll(app.db, app.url)).find((m) => m.to_ === r.subjectEmail && m.requestId === r.id)!
    const person = new HttpClient(app.url)
    // Signed in to the request by the link of the email that says the answer is ready, not by a download link.
    expect((await person.post(linkIn(notice, `${app.url}/en/status/open/`))).status).toBe(302)
    expect((await person.get('/en/status/request')).status).toBe(200)
    const documents = app.db.select().from(answerDocuments).where(eq(answerDocuments.requestId, r.id)).all()
    expect(documents.length).toBeGreaterThan(0)
    for (const d of documents) {
      const tried = await fetch(`${app.url}/en/status/answer/${d.id}`, { headers: { Cookie: cookieOf(person) }, redirect: 'manual' })
      expect(tried.status, `document ${d.id}`).toBe(302)
      expect(tried.headers.get('location')).toBe('/en/status/request?download=expired#answer-heading')
    }
    expect(app.db.select().from(events).where(and(eq(events.requestId, r.id), eq(events.kind, 'answer_downloaded'))).all()).toHaveLength(0)
  })

  test('a download after the organisation’s period is refused, and no new link is sent', async () => {
    const r = await verified('lygtebaererne', { language: 'en', name: 'Late Larsen', email: 'late.larsen@example.com' })
    await deliverAll(app.db, app.url)
    await answerOf(r, { outcome: 'no_data' })
    const { hrefs } = await personDownloads(r, await deliverAll(app.db, app.url))
    advanceClock((orgs['lygtebaererne']!.profile.answerDownloadDays + 1) * 86_400_000)
    // Back a month later, through "Follow a request".
    const person = new HttpClient(app.url)
    await person.post('/en/status?index', { reference: r.reference, email: r.subjectEmail! })
    const statusMail = (await deliverAll(app.db, app.url)).find((m) => m.template === 'status-link' && m.requestId === r.id)!
    await person.post(linkIn(statusMail, `${app.url}/en/status/open/`))
    const page = textOf((await person.get('/en/status/request')).html)
    expect(page).toContain(fixedT('en', 'request')('answer.expiredTitle'))
    const late = await fetch(app.url + hrefs[0]!, { headers: { Cookie: cookieOf(person) }, redirect: 'manual' })
    expect(late.status).toBe(302)
    expect(late.headers.get('location')).toContain('download=ended')
    await person.post('/en/status/request', { intent: 'download-link' })
    expect((await deliverAll(app.db, app.url)).filter((m) => m.requestId === r.id)).toEqual([])
  })
})
