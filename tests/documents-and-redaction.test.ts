import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { collectedData, collectedFiles, events, organisations, type Organisation, type Request, type User } from '#db/schema'
import { buildSampleDatabases } from '#db/samples'
import { tinyPng } from '~/data/connectors/test-support'
import { flat, pdfText, readZip } from '~/documents/test-support'
import { acceptCollected, prepareAnswer, previewAnswer, sendAnswer, stageUpload, withholdCollected, type AnswerDraftInput } from '~/domain/answers.server'
import { verifyIdentity } from '~/domain/requests.server'
import { fixedT } from '~/i18n/i18n'
import { resetClock, setClock } from '~/utils/clock'
import { env } from '~/utils/env.server'
import { startApp, type TestApp } from './support/app'
import { HttpClient, textOf } from './support/http'
import { deliverAll, linkIn } from './support/mail'
import { createOfficer, signedInCookie } from './support/officers'
import { newRequest, reloadRequest } from './support/requests'

// The copy of the data as the person gets it (Art. 15(3)-(4), docs/decisions/021):
// documents and images collected on the officer's page and delivered beside the
// letter, which lists them; what the officer leaves out for the sake of others,
// absent from every document, with the letter saying that something was left
// out and why; everything from every connector collected in one step.

let app: TestApp
let org: Organisation
let officer: User
let cookie: string
const SLUG = 'fjordkanten-dyreklinikk'
const TODAY = '2026-06-01'

beforeAll(async () => {
  setClock(`${TODAY}T08:00:00Z`)
  buildSampleDatabases(env().CONNECTOR_DIR, { today: TODAY })
  app = await startApp()
  org = app.db.select().from(organisations).where(eq(organisations.slug, SLUG)).get()!
  officer = createOfficer(app.db, { orgId: org.id, role: 'admin' })
  cookie = signedInCookie(app.db, officer)
})

afterAll(async () => {
  await app?.close()
  resetClock()
})

const act = (r: Pick<Request, 'id' | 'orgId'>) => ({ orgId: r.orgId, requestId: r.id, officerId: officer.id })

async function accessRequest(email: string) {
  const { request } = await newRequest(app.db, org, { language: 'no', name: 'Áile Ŋuollaš Čiekču', email, identifiers: { customerNumber: 'FK-1001', animalName: 'Čuovga' } })
  verifyIdentity(app.db, { ...act(request), method: 'known_customer_details' })
  return reloadRequest(app.db, request)
}

/** Posts the collect page's form as the officer's browser does; a file goes as multipart. */
async function collect(r: Request, fields: Record<string, string>, file?: { name: string; bytes: Uint8Array; type?: string }) {
  let body: FormData | string
  const headers: Record<string, string> = { Cookie: cookie }
  if (file) {
    body = new FormData()
    for (const [k, v] of Object.entries(fields)) body.append(k, v)
    body.append('file', new Blob([Buffer.from(file.bytes)], { type: file.type ?? 'application/octet-stream' }), file.name)
  } else {
    body = new URLSearchParams(fields).toString()
    headers['Content-Type'] = 'application/x-www-form-urlencoded'
  }
  const response = await fetch(`${app.url}/no/officer/requests/${r.id}/collect`, { method: 'POST', headers, body, redirect: 'manual' })
  return { status: response.status, location: response.headers.get('location'), text: textOf(await response.text()) }
}

const collectedOf = (r: Request) => app.db.select().from(collectedData).where(eq(collectedData.requestId, r.id)).all()

async function answerAndDownload(r: Request, input: AnswerDraftInput) {
  await deliverAll(app.db, app.url)
  prepareAnswer(app.db, { ...act(r), ...input })
  await sendAnswer(app.db, act(r))
  const sent = await deliverAll(app.db, app.url)
  const person = new HttpClient(app.url)
  const notice = sent.find((m) => m.to_ === r.subjectEmail && m.requestId === r.id)!
  expect((await person.post(linkIn(notice, `${app.url}/no/status/open/`))).status).toBe(302)
  expect((await person.post('/no/status/request', { intent: 'download-link' })).status).toBe(302)
  const link = (await deliverAll(app.db, app.url)).find((m) => m.template === 'download-link' && m.requestId === r.id)!
  expect((await person.post(linkIn(link, `${app.url}/no/status/download/`))).status).toBe(302)
  const page = await person.get('/no/status/request')
  const hrefs = [...page.html.matchAll(/href="(\/no\/status\/answer\/\d+)"/g)].map((m) => m[1]!)
  const files = []
  for (const href of hrefs) {
    const response = await fetch(app.url + href, { headers: { Cookie: `__subject=${person.cookie('__subject')}` }, redirect: 'manual' })
    expect(response.status, href).toBe(200)
    files.push({ type: response.headers.get('content-type')!, disposition: response.headers.get('content-disposition')!, body: Buffer.from(await response.arrayBuffer()) })
  }
  return { files, page: textOf(page.html) }
}

describe('documents and images in the copy', () => {
  test('an X-ray uploaded on the collect page goes beside the letter, which lists it by name, type, size and category', async () => {
    const r = await accessRequest('aile.xray@fjordkanten-kunde.example')
    const png = tinyPng(3, 2)
    const staged = await collect(r, { intent: 'upload', category: 'medical-records' }, { name: 'Røntgen Čuovga.png', bytes: png, type: 'image/png' })
    expect(staged.status, staged.text).toBe(302)
    const [entry] = collectedOf(r)
    expect(entry).toMatchObject({ category: 'medical-records', rowCount: 0 })
    const view = await fetch(`${app.url}/no/officer/requests/${r.id}/collect`, { headers: { Cookie: cookie } })
    expect(textOf(await view.text())).toContain('Røntgen Čuovga.png (PNG, 1 kB)')
    expect((await collect(r, { intent: 'accept', collected: String(entry!.id) })).status).toBe(302)
    // Sealed at rest: neither the name nor the bytes are in the database file as given.
    const stored = app.db.select().from(collectedFiles).where(eq(collectedFiles.requestId, r.id)).all()
    expect(stored.map((f) => [f.name, f.contentType, f.size])).toEqual([['Røntgen Čuovga.png', 'image/png', png.length]])

    const { files } = await answerAndDownload(r, { outcome: 'granted' })
    const image = files.find((f) => f.type === 'image/png')!
    expect(image.body).toEqual(png)
    expect(image.disposition).toContain(`filename="${r.reference}-01.png"`)
    const letter = flat(pdfText(files.find((f) => f.type === 'application/pdf')!.body))
    const t = fixedT('no', 'documents')
    expect(letter).toContain(t('attachments.heading'))
    expect(letter).toContain('Røntgen Čuovga.png')
    expect(letter).toContain(`${r.reference}-01.png`)
    expect(letter).toContain(t('attachments.types.png'))
    expect(letter).toContain(t('attachments.kilobytes', { size: 1 }))
    const json = JSON.parse(files.find((f) => f.type.startsWith('application/json'))!.body.toString('utf8')) as { files: unknown[] }
    expect(json.files).toEqual([{ name: 'Røntgen Čuovga.png', file: `${r.reference}-01.png`, type: 'image/png', size: png.length, category: 'medical-records' }])
  })

  test('a file named .png that is not an image, and one too large, are refused with a clear error; nothing collected is lost', async () => {
    const r = await accessRequest('aile.refused@fjordkanten-kunde.example')
    const csv = new TextEncoder().encode('name,email\r\nÁile,aile@example.no\r\n')
    expect((await collect(r, { intent: 'upload', category: 'customer-details' }, { name: 'kunder.csv', bytes: csv })).status).toBe(302)
    const before = collectedOf(r)
    const c = fixedT('no', 'collection')

    const fake = await collect(r, { intent: 'upload', category: 'medical-records' }, { name: 'xray.png', bytes: new TextEncoder().encode('this is not an image at all'), type: 'image/png' })
    expect(fake.status).toBe(200)
    expect(fake.text).toContain(c('errors.file.notDocument', { filename: 'xray.png' }))

    const huge = Buffer.concat([tinyPng(), Buffer.alloc(5 * 1024 * 1024)])
    const tooLarge = await collect(r, { intent: 'upload', category: 'medical-records' }, { name: 'xray.png', bytes: huge, type: 'image/png' })
    expect(tooLarge.status).toBe(200)
    expect(tooLarge.text).toContain(c('errors.file.tooLarge', { filename: 'xray.png', maxMegabytes: 5 }))

    expect(collectedOf(r)).toEqual(before)
    expect(app.db.select().from(collectedFiles).where(eq(collectedFiles.requestId, r.id)).all()).toHaveLength(0)
    expect(app.db.select().from(events).where(and(eq(events.requestId, r.id), eq(events.kind, 'data_collected'))).all()).toHaveLength(1)
  })
})

describe('redaction for Art. 15(4)', () => {
  test('a cell and a row left out are absent from the letter and its JSON; the letter says that something was left out and why; the audit trail keeps counts only', async () => {
    const r = await accessRequest('aile.redacted@fjordkanten-kunde.example')
    expect((await collect(r, { intent: 'connector', connector: '0' })).status).toBe(302)
    const entries = collectedOf(r)
    const customer = entries.find((e) => e.category === 'customer-details')!
    const birth = String(customer.rows[0]!.date_of_birth)
    expect(birth).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    const animals = entries.find((e) => e.category === 'animal-details')!
    // The whole first row goes; its microchip number is in no other row or category.
    const chip = String(animals.rows[0]!.microchip_number)
    expect(chip.length).toBeGreaterThan(5)
    expect((await collect(r, { intent: 'withhold', collected: String(customer.id), row: '1', column: 'date_of_birth', reason: 'other_person' })).status).toBe(302)
    expect((await collect(r, { intent: 'withhold', collected: String(animals.id), row: '1', column: '', reason: 'trade_secret' })).status).toBe(302)
    const wrong = await collect(r, { intent: 'withhold', collected: String(customer.id), row: '99', column: '', reason: 'other_person' })
    expect(wrong.text).toContain(fixedT('no', 'collection')('errors.withhold.noSuchRow', { row: 99, max: customer.rowCount }))
    for (const e of entries) expect((await collect(r, { intent: 'accept', collected: String(e.id) })).status).toBe(302)

    const logged = app.db.select().from(events).where(and(eq(events.requestId, r.id), eq(events.kind, 'data_withheld'))).all()
    expect(logged.map((e) => e.data)).toEqual([
      { collectedId: customer.id, category: 'customer-details', rows: 0, cells: 1, reasons: ['other_person'] },
      { collectedId: animals.id, category: 'animal-details', rows: 1, cells: 0, reasons: ['trade_secret'] },
    ])
    expect(JSON.stringify(logged)).not.toContain(birth)

    // Left out is a partial refusal under Art. 15(4): granted in full is refused.
    expect(() => prepareAnswer(app.db, { ...act(r), outcome: 'granted' })).toThrow(expect.objectContaining({ code: 'withheldMeansPartly' }))
    const { files } = await answerAndDownload(r, { outcome: 'partly_granted', grounds: ['others_rights'], reasons: 'Noe gjelder en annen kunde.' })
    const letter = flat(pdfText(files.find((f) => f.type === 'application/pdf')!.body))
    const json = files.find((f) => f.type.startsWith('application/json'))!.body.toString('utf8')
    for (const text of [letter, json]) {
      expect(text).not.toContain(birth)
      expect(text).not.toContain(chip)
    }
    const t = fixedT('no', 'documents')
    expect(letter).toContain(t('withheld.heading'))
    expect(letter).toContain(t('withheld.reasons.other_person'))
    expect(letter).toContain(t('withheld.reasons.trade_secret'))
    expect(letter).toContain(t('withheld.cells', { count: 1 }))
    expect(JSON.parse(json).withheld).toHaveLength(2)
    // Without the redaction both are in the copy: the test reads what it means to.
    expect(collectedOf(r).some((e) => JSON.stringify(e.rows).includes(birth))).toBe(true)
  })

  test('a value left out of a portability answer is absent from every file of the ZIP', async () => {
    const lygte = app.db.select().from(organisations).where(eq(organisations.slug, 'lygtebaererne')).get()!
    const admin = createOfficer(app.db, { orgId: lygte.id, role: 'admin' })
    const { request } = await newRequest(app.db, lygte, { language: 'da', type: 'portability', name: 'Torben Skovgaard', email: 'torben.redacted@example.com' })
    const a = { orgId: lygte.id, requestId: request.id, officerId: admin.id }
    verifyIdentity(app.db, { ...a, method: 'known_customer_details' })
    const csv = 'navn,email,note\r\nTorben Skovgaard,torben.redacted@example.com,Ringede om naboen Jens Holmgaard\r\n'
    const staged = stageUpload(app.db, { ...a, filename: 'members.csv', bytes: new TextEncoder().encode(csv), category: 'member-contact' })
    if (!staged.ok) throw new Error('not staged')
    expect(withholdCollected(app.db, { ...a, id: staged.ids[0]!, row: 1, column: 'note', reason: 'other_person' })).toEqual({ ok: true })
    acceptCollected(app.db, { ...a, ids: staged.ids })
    prepareAnswer(app.db, { ...a, outcome: 'granted' })
    const [zip] = await previewAnswer(app.db, a)
    const entries = await readZip(zip!.content)
    expect(entries.map((e) => e.name).sort()).toEqual(['README.txt', 'data.json', 'member-contact.csv'])
    for (const e of entries) expect(e.content.toString('utf8'), e.name).not.toContain('Holmgaard')
    expect(entries.find((e) => e.name === 'member-contact.csv')!.content.toString('utf8')).toContain('Torben Skovgaard')
    expect(entries.find((e) => e.name === 'README.txt')!.content.toString('utf8')).toContain(fixedT('da', 'documents')('withheld.reasons.other_person'))
  })
})

describe('collect all', () => {
  test('one step fetches every connector category into one preview, accepted in one more', async () => {
    const r = await accessRequest('aile.all@fjordkanten-kunde.example')
    const categories = org.profile.connectors.flatMap((c) => (c.kind === 'sqlite' ? c.queries.map((q) => q.category) : c.categories))
    expect(categories.length).toBeGreaterThanOrEqual(8)
    const fetched = await collect(r, { intent: 'connectorAll' })
    expect(fetched.location).toContain('done=stagedAll')
    expect(collectedOf(r).map((e) => e.category).sort()).toEqual([...categories].sort())
    const page = textOf(await (await fetch(`${app.url}/no/officer/requests/${r.id}/collect`, { headers: { Cookie: cookie } })).text())
    const t = fixedT('no', 'officer')
    expect(page).toContain(t('collect.all.heading', { count: categories.length }))
    for (const c of org.profile.register.dataCategories.filter((x) => categories.includes(x.key))) expect(page).toContain(c.name.no!)

    expect((await collect(r, { intent: 'acceptAll' })).location).toContain('done=acceptedAll')
    expect(collectedOf(r).every((e) => e.acceptedAt !== null)).toBe(true)
    const after = textOf(await (await fetch(`${app.url}/no/officer/requests/${r.id}/collect`, { headers: { Cookie: cookie } })).text())
    expect(after).not.toContain(t('collect.all.heading', { count: categories.length }))

    // Discarding the whole preview leaves what is in the answer.
    expect((await collect(r, { intent: 'connectorAll' })).location).toContain('done=stagedAll')
    expect((await collect(r, { intent: 'discardAll' })).location).toContain('done=discardedAll')
    expect(collectedOf(r)).toHaveLength(categories.length)
  })
})
