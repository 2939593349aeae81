import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { answerDocuments, collectedData, events, inboundEmails, messages, organisations, outbox, requestFigures, requests, type Organisation, type Request, type User } from '#db/schema'
import { main } from '~/cli/main'
import { dashboardStats } from '~/data/dashboard.server'
import { manifestFor } from '~/data/answers.server'
import { pruneBackups } from '~/data/maintenance.server'
import { acceptCollected, keepCollected, prepareAnswer, sendAnswer, stageUpload, type AnswerDraftInput } from '~/domain/answers.server'
import { availableActions } from '~/domain/actions.server'
import { confirmDraft, dismissDraft, mergeDraft } from '~/domain/inbound-mail.server'
import { purge } from '~/domain/purge.server'
import { addNote, verifyIdentity, withdrawRequest } from '~/domain/requests.server'
import { advanceClock, nowMs, resetClock, setClock } from '~/utils/clock'
import { env } from '~/utils/env.server'
import { startApp, type TestApp } from './support/app'
import { HttpClient, textOf } from './support/http'
import { receivedDraft } from './support/inbound'
import { deliverAll } from './support/mail'
import { createOfficer, signedInCookie } from './support/officers'
import { newRequest, reloadRequest } from './support/requests'

// Keep nothing longer than promised (docs/decisions/025): the clock moves past
// each period of an organisation's file, and the purge erases what is past it,
// from the rows and from the file's bytes, leaving a tombstone, the figures
// and a whole audit trail.

const DAY = 86_400_000
let app: TestApp
const orgs: Record<string, Organisation> = {}
const officers: Record<string, User> = {}

beforeAll(async () => {
  setClock('2026-06-01T08:00:00Z')
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

const act = (r: Pick<Request, 'id' | 'orgId'>) => ({ orgId: r.orgId, requestId: r.id, officerId: Object.values(officers).find((u) => u.orgId === r.orgId)!.id })

async function verified(slug: string, o: Parameters<typeof newRequest>[2]) {
  const { request } = await newRequest(app.db, orgs[slug]!, o)
  verifyIdentity(app.db, { ...act(request), method: 'known_customer_details' })
  return reloadRequest(app.db, request)
}

/** Data collected from an upload and accepted, with a note written on the request. */
function collect(r: Request, category: string, value: string, note: string) {
  const staged = stageUpload(app.db, { ...act(r), filename: 'data.csv', bytes: new TextEncoder().encode(`navn,adresse\r\n${r.subjectName},${value}\r\n`), category })
  if (!staged.ok) throw new Error('not staged')
  acceptCollected(app.db, { ...act(r), ids: staged.ids })
  addNote(app.db, { ...act(r), body: note })
}

async function answer(r: Request, input: AnswerDraftInput) {
  prepareAnswer(app.db, { ...act(r), ...input })
  await sendAnswer(app.db, act(r))
  await deliverAll(app.db, app.url)
}

const rowsOf = (table: typeof collectedData | typeof answerDocuments | typeof messages, r: Pick<Request, 'id'>) => app.db.select({ id: table.id }).from(table).where(eq(table.requestId, r.id)).all().length

/** The raw stored (sealed) values of a request, as the file holds them. */
function sealedBytesOf(r: Pick<Request, 'id'>): Buffer[] {
  const sqlite = app.db.$client
  const req = sqlite.prepare('select subject_name, subject_email, details from requests where id = ?').get(r.id) as Record<string, string>
  const texts = [...Object.values(req), ...(sqlite.prepare('select body from messages where request_id = ?').all(r.id) as Array<{ body: string }>).map((m) => m.body)]
  texts.push(...(sqlite.prepare('select rows from collected_data where request_id = ?').all(r.id) as Array<{ rows: string }>).map((c) => c.rows))
  const blobs = (sqlite.prepare('select content from answer_documents where request_id = ?').all(r.id) as Array<{ content: Buffer }>).map((d) => d.content.subarray(100, 164))
  return [...texts.map((t) => Buffer.from(t.slice(20, 80))), ...blobs]
}

function fileBytes(): Buffer {
  const file = env().DATABASE_PATH
  return Buffer.concat([fs.readFileSync(file), fs.existsSync(`${file}-wal`) ? fs.readFileSync(`${file}-wal`) : Buffer.alloc(0)])
}

describe('the organisation’s periods', () => {
  test('its admins see them on the settings page, its own and the defaults', async () => {
    const page = await fetch(`${app.url}/en/officer/settings`, { headers: { Cookie: signedInCookie(app.db, officers['dyrevaernsringen']!) } })
    const text = textOf(await page.text())
    expect(text).toContain('How long the portal keeps your requests')
    expect(text).toContain('Identity, free text and messages of a closed request 1 year after it was closed')
    expect(text).toContain('Answer documents 3 days after the download window of 30 days closes')
    expect(text).toContain('Requests whose email address was never confirmed 7 days after they were filed')
    const da = await fetch(`${app.url}/da/officer/settings`, { headers: { Cookie: signedInCookie(app.db, officers['granlia-dyreklinikk']!) } })
    expect(textOf(await da.text())).toContain('3 år efter at den blev afsluttet')
  })
})

describe('an erasure reaches the portal’s own copies', () => {
  test('the data, documents and messages of the person’s earlier request at the organisation go with the answer; the record and another person’s data stay', async () => {
    const email = 'eva.sletmig@example.com'
    const earlier = await verified('lygtebaererne', { type: 'access', name: 'Eva Sletmig', email })
    collect(earlier, 'member-contact', 'Sletmigvej 12', 'Eva ringede om sit medlemskab')
    // She also wrote to the association's address; the email was added to that request.
    const wrote = receivedDraft(app.db, { to: 'persondata@lygtebaererne.example', from: email, subject: 'Mine oplysninger', text: 'Jeg har også et gammelt medlemsnummer.' })
    mergeDraft(app.db, { orgId: earlier.orgId, officerId: act(earlier).officerId, inboundId: wrote.id, reference: earlier.reference })
    expect(app.db.select().from(inboundEmails).where(eq(inboundEmails.id, wrote.id)).get()?.requestId).toBe(earlier.id)
    await answer(earlier, { outcome: 'granted' })
    const other = await verified('lygtebaererne', { type: 'access', name: 'Ole Andersen', email: 'ole.andersen@example.com' })
    collect(other, 'member-contact', 'Olevej 1', 'Ole ringede')
    await answer(other, { outcome: 'granted' })
    expect(rowsOf(collectedData, earlier)).toBe(1)
    expect(rowsOf(answerDocuments, earlier)).toBeGreaterThan(0)

    const erasure = await verified('lygtebaererne', { type: 'erasure', name: 'Eva Sletmig', email })
    collect(erasure, 'member-contact', 'Sletmigvej 12', 'Slet alt')
    await answer(erasure, { outcome: 'granted', decisions: [{ category: 'member-contact', action: 'erased' }] })

    expect(rowsOf(collectedData, earlier)).toBe(0)
    expect(rowsOf(answerDocuments, earlier)).toBe(0)
    expect(rowsOf(messages, earlier)).toBe(0)
    expect(app.db.select().from(inboundEmails).where(eq(inboundEmails.id, wrote.id)).get()).toBeUndefined()
    expect(rowsOf(collectedData, erasure)).toBe(0)
    // The erasure's own letter stays downloadable; the earlier request's record stays for its own period.
    expect(rowsOf(answerDocuments, erasure)).toBeGreaterThan(0)
    expect(reloadRequest(app.db, earlier)).toMatchObject({ subjectName: 'Eva Sletmig', purgedAt: null })
    expect(manifestFor(app.db, { orgId: earlier.orgId, requestId: earlier.id })?.categories).toEqual([{ category: 'member-contact', rows: 1 }])
    const event = app.db.select().from(events).where(and(eq(events.requestId, erasure.id), eq(events.kind, 'portal_copies_erased'))).get()
    expect(event?.data).toMatchObject({ requests: 1, collected: 2, messages: 1, emails: 1 })
    expect(rowsOf(collectedData, other)).toBe(1)
    expect(rowsOf(answerDocuments, other)).toBeGreaterThan(0)
    expect(rowsOf(messages, other)).toBe(1)
  })
})

describe('the purge', () => {
  const NAME = 'Purgeline Æblegaard'
  const EMAIL = 'purgeline.aeblegaard@example.com'
  const NOTE = 'Ringede om hunden Snusmumrik fra Kirkevej 4411'
  const VALUE = 'Ribegade 4711 Purgeby'
  let hotline: Request
  let later: Request
  let sameDayElsewhere: Request
  let unconfirmed: Request
  const sealed: Buffer[] = []

  test('collected data goes once the answer is sent, the documents after their window and grace; a manifest stays', async () => {
    hotline = await verified('dyrevaernsringen', { type: 'access', name: NAME, email: EMAIL })
    collect(hotline, 'caller-contact', VALUE, NOTE)
    sealed.push(...sealedBytesOf(hotline))
    await answer(hotline, { outcome: 'granted' })
    sealed.push(...sealedBytesOf(hotline))
    const docs = app.db.select().from(answerDocuments).where(eq(answerDocuments.requestId, hotline.id)).all()
    const manifest = manifestFor(app.db, { orgId: hotline.orgId, requestId: hotline.id })!
    expect(manifest.categories).toEqual([{ category: 'caller-contact', rows: 1 }])
    expect(manifest.documents).toEqual(docs.map((d) => ({ kind: d.kind, filename: d.filename, size: d.size, sha256: createHash('sha256').update(d.content).digest('hex') })))
    expect(manifest).toMatchObject({ outcome: 'granted', sentByKind: 'officer', sentByUserId: officers['dyrevaernsringen']!.id })
    sameDayElsewhere = await verified('lygtebaererne', { type: 'access', name: 'Lone Lygte', email: 'lone.lygte@example.com' })
    withdrawRequest(app.db, { ...act(sameDayElsewhere), note: 'Trukket tilbage i telefonen' })

    const first = await purge(app.db)
    expect(first.collected).toBeGreaterThanOrEqual(1)
    expect(rowsOf(collectedData, hotline)).toBe(0)
    expect(rowsOf(answerDocuments, hotline)).toBe(docs.length)

    // The hotline's download window is 30 days, its grace 3: on day 32 the documents are there, on day 34 they are gone.
    advanceClock(32 * DAY)
    await purge(app.db)
    expect(rowsOf(answerDocuments, hotline)).toBe(docs.length)
    advanceClock(2 * DAY)
    await purge(app.db)
    expect(rowsOf(answerDocuments, hotline)).toBe(0)
    expect(manifestFor(app.db, { orgId: hotline.orgId, requestId: hotline.id })?.documents).toHaveLength(docs.length)
    expect(reloadRequest(app.db, hotline)).toMatchObject({ subjectName: NAME, purgedAt: null })
    expect(rowsOf(messages, hotline)).toBe(1)
  })

  test('collected data an officer kept for a stated reason stays after the answer', async () => {
    const r = await verified('lygtebaererne', { type: 'access', name: 'Klage Karl', email: 'klage.karl@example.com' })
    collect(r, 'member-contact', 'Klagevej 3', 'Karl har klaget før')
    const ctx = { org: orgs['lygtebaererne']!, request: reloadRequest(app.db, r), officer: officers['lygtebaererne']!, now: new Date(nowMs()), db: app.db, lang: 'en' as const }
    expect(availableActions(ctx).map((a) => a.id)).toContain('keepCollected')
    expect(() => keepCollected(app.db, { ...act(r), reason: ' ' })).toThrow()
    keepCollected(app.db, { ...act(r), reason: 'Karl har varslet en klage til Datatilsynet' })
    await answer(reloadRequest(app.db, r), { outcome: 'granted' })
    await purge(app.db)
    expect(rowsOf(collectedData, r)).toBe(1)
    expect(app.db.select().from(messages).where(eq(messages.requestId, r.id)).all().map((m) => m.purpose)).toContain('kept_reason')
    expect(availableActions({ ...ctx, request: reloadRequest(app.db, r) }).map((a) => a.id)).not.toContain('keepCollected')
  })

  test('an unconfirmed request goes after its days; an earlier day touches nothing', async () => {
    ;({ request: unconfirmed } = await newRequest(app.db, orgs['dyrevaernsringen']!, { confirm: false, name: 'Ubekræftet Uffe' }))
    advanceClock(6 * DAY)
    await purge(app.db)
    expect(reloadRequest(app.db, unconfirmed)).toMatchObject({ subjectName: 'Ubekræftet Uffe', purgedAt: null })
    advanceClock(2 * DAY)
    await purge(app.db)
    expect(reloadRequest(app.db, unconfirmed)).toMatchObject({ status: 'unverified', subjectName: '', subjectEmail: '' })
    expect(reloadRequest(app.db, unconfirmed).purgedAt).not.toBeNull()
  })

  test('a closed request past its period is a tombstone: nothing of the person in the file, the figures unchanged, the trail whole', async () => {
    later = await verified('dyrevaernsringen', { type: 'erasure', name: 'Senere Signe', email: 'senere.signe@example.com' })
    withdrawRequest(app.db, { ...act(later), note: 'Trukket tilbage' })
    // One year after the hotline request closed (its file: P1Y), less a day: nothing.
    setClock(hotline.receivedAt.getTime() + 364 * DAY)
    const dryRun = snapshot()
    expect(await main(['purge', '--dry-run'])).toBe(0)
    expect(snapshot()).toEqual(dryRun)
    await purge(app.db)
    expect(reloadRequest(app.db, hotline).purgedAt).toBeNull()

    advanceClock(2 * DAY)
    const org = orgs['dyrevaernsringen']!
    const before = dashboardStats(app.db, { orgId: org.id, timeZone: org.timeZone, months: 24 })
    expect(sealed.filter((value) => fileBytes().includes(value)).length, 'the request’s sealed values are in the file before the purge').toBeGreaterThan(0)
    const report = await purge(app.db)
    expect(report.requests).toBeGreaterThanOrEqual(1)
    expect(dashboardStats(app.db, { orgId: org.id, timeZone: org.timeZone, months: 24 })).toEqual(before)
    expect(before.byStatus.completed).toBeGreaterThanOrEqual(1)

    const tomb = reloadRequest(app.db, hotline)
    expect(tomb).toMatchObject({ reference: hotline.reference, type: 'access', status: 'completed', outcome: 'granted', subjectName: '', subjectEmail: '', subjectPhone: null, subjectIdentifiers: {}, emailHash: '', details: { type: 'access' }, answeredOnTime: true })
    expect(tomb.receivedAt.toISOString()).toBe('2026-05-31T22:00:00.000Z')
    expect(rowsOf(messages, hotline)).toBe(0)
    expect(manifestFor(app.db, { orgId: hotline.orgId, requestId: hotline.id })?.categories).toEqual([{ category: 'caller-contact', rows: 1 }])
    // Inside their periods: the request closed a month later here, and the one closed the same day at an organisation keeping 3 years.
    expect(reloadRequest(app.db, later)).toMatchObject({ subjectName: 'Senere Signe', purgedAt: null })
    expect(reloadRequest(app.db, sameDayElsewhere)).toMatchObject({ subjectName: 'Lone Lygte', purgedAt: null })
    expect(rowsOf(messages, sameDayElsewhere)).toBe(1)
    // Sent emails' records older than the hotline's 6 weeks are gone.
    const sixWeeksAgo = new Date(nowMs() - 42 * DAY)
    expect(app.db.select().from(outbox).where(eq(outbox.orgId, org.id)).all().filter((m) => m.status === 'sent' && m.createdAt < sixWeeksAgo)).toEqual([])

    // The file: none of the person's sealed values, nor their text.
    const bytes = fileBytes()
    expect(sealed.length).toBeGreaterThan(5)
    for (const value of sealed) expect(bytes.includes(value), `a sealed value of the purged request is still in the file`).toBe(false)
    for (const text of [NAME, EMAIL, NOTE, VALUE]) expect(bytes.includes(Buffer.from(text))).toBe(false)

    expect(await main(['verify-audit'])).toBe(0)
    // The officer's page of a tombstone still opens.
    const page = await fetch(`${app.url}/en/officer/requests/${hotline.id}`, { headers: { Cookie: signedInCookie(app.db, officers['dyrevaernsringen']!) } })
    expect(page.status).toBe(200)
    expect(textOf(await page.text())).toContain(hotline.reference)
  })

  test('the status page says the request was answered and its data erased, and when', async () => {
    const person = new HttpClient(app.url)
    const page = textOf((await person.post('/en/status', { reference: hotline.reference, email: 'anyone@example.com' })).html)
    expect(page).toContain(`Request ${hotline.reference}: its data has been erased`)
    expect(page).toContain('The request was answered on June 1, 2026')
    expect(page).toMatch(/on June \d+, 2027 your name, email address, messages and the documents were erased/)
    expect(page).not.toContain('Dyreværnsringen')
    const da = textOf((await person.post('/da/status', { reference: unconfirmed.reference, email: 'anyone@example.com' })).html)
    expect(da).toContain('blev aldrig bekræftet')
  })

  test('an interrupted purge leaves each request whole or a tombstone, and a second run finishes without counting twice', async () => {
    // Past every period still running for the earlier requests here, so only these three are due below.
    advanceClock(60 * DAY)
    await purge(app.db)
    const three = []
    for (const name of ['Afbrudt Anna', 'Afbrudt Bo', 'Afbrudt Carl']) {
      const r = await verified('dyrevaernsringen', { type: 'access', name, email: `${name.split(' ')[1]!.toLowerCase()}@example.com` })
      withdrawRequest(app.db, { ...act(r), note: `Note om ${name}` })
      three.push(r)
    }
    advanceClock(366 * DAY + DAY)
    const org = orgs['dyrevaernsringen']!
    const before = dashboardStats(app.db, { orgId: org.id, timeZone: org.timeZone, months: 24 })
    const stopped = await purge(app.db, { max: 1, batch: 1 })
    expect(stopped).toMatchObject({ stopped: true, requests: 1 })
    const states = three.map((r) => reloadRequest(app.db, r))
    const done = states.filter((r) => r.purgedAt)
    expect(done).toHaveLength(1)
    for (const r of states.filter((s) => !s.purgedAt)) {
      expect(r.subjectName).toMatch(/^Afbrudt/)
      expect(rowsOf(messages, r)).toBe(1)
    }
    expect(rowsOf(messages, done[0]!)).toBe(0)
    await purge(app.db, { batch: 1 })
    expect(three.map((r) => reloadRequest(app.db, r).subjectName)).toEqual(['', '', ''])
    expect(dashboardStats(app.db, { orgId: org.id, timeZone: org.timeZone, months: 24 })).toEqual(before)
    expect(await purge(app.db)).toMatchObject({ requests: 0, collected: 0, documents: 0 })
    expect(await main(['verify-audit'])).toBe(0)
  })
})

describe('email the portal received', () => {
  test('a dismissed email goes after its period, one nobody triaged yet stays, and a request’s emails go with its data', async () => {
    setClock('2027-09-01T08:00:00Z')
    const org = orgs['dyrevaernsringen']!
    const officerId = officers['dyrevaernsringen']!.id
    const box = 'persondata@dyrevaernsringen.example'
    const row = (id: number) => app.db.select().from(inboundEmails).where(eq(inboundEmails.id, id)).get()
    const spam = receivedDraft(app.db, { to: box, from: 'salg@vendor.example', subject: 'Tilbud', text: 'Køb vores CRM Zebrafink' })
    const asking = receivedDraft(app.db, { to: box, from: 'vera.venter@example.com', name: 'Vera Venter', subject: 'Indsigt', text: 'Jeg beder om indsigt, Pelikanvej 9' })
    dismissDraft(app.db, { orgId: org.id, officerId, inboundId: spam.id })
    const sealedBody = (id: number) => Buffer.from((app.db.$client.prepare('SELECT body FROM inbound_emails WHERE id = ?').get(id) as { body: string }).body)
    const stored = [sealedBody(spam.id), sealedBody(asking.id)]
    // The hotline keeps a dismissed email 6 weeks.
    advanceClock(41 * DAY)
    await purge(app.db)
    expect(row(spam.id)).toBeDefined()
    advanceClock(2 * DAY)
    await purge(app.db)
    expect(row(spam.id)).toBeUndefined()
    expect(row(asking.id)?.status).toBe('draft')

    const { requestId } = confirmDraft(app.db, { orgId: org.id, officerId, inboundId: asking.id, types: ['access'], name: 'Vera Venter', language: 'da' })
    withdrawRequest(app.db, { orgId: org.id, requestId, officerId, note: 'Trukket tilbage' })
    advanceClock(367 * DAY)
    await purge(app.db)
    expect(reloadRequest(app.db, { id: requestId }).purgedAt).not.toBeNull()
    expect(row(asking.id)).toBeUndefined()
    const bytes = fileBytes()
    for (const value of stored) expect(bytes.includes(value), 'a purged email’s sealed text is still in the file').toBe(false)
  })
})

describe('old backups', () => {
  test('backup --keep deletes all but the newest backups of the same name, with their anchors, and nothing else', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backups-'))
    const days = ['2026-11-28', '2026-11-29', '2026-11-30', '2026-12-01']
    for (const day of days) for (const f of [`portal-${day}.sqlite`, `portal-${day}.sqlite.anchor.json`]) fs.writeFileSync(path.join(dir, f), 'x')
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'kept')
    fs.writeFileSync(path.join(dir, 'other-2026-11-01.sqlite'), 'kept')
    const gone = pruneBackups(path.join(dir, 'portal-2026-12-01.sqlite'), 2)
    expect(gone.map((f) => path.basename(f))).toEqual(['portal-2026-11-29.sqlite', 'portal-2026-11-28.sqlite'])
    expect(fs.readdirSync(dir).sort()).toEqual([
      'notes.txt',
      'other-2026-11-01.sqlite',
      'portal-2026-11-30.sqlite',
      'portal-2026-11-30.sqlite.anchor.json',
      'portal-2026-12-01.sqlite',
      'portal-2026-12-01.sqlite.anchor.json',
    ])
    fs.rmSync(dir, { recursive: true, force: true })
  })
})

/** Every row the purge could touch, to show a dry run changes nothing. */
function snapshot() {
  return [requests, messages, collectedData, answerDocuments, outbox, requestFigures, events].map((t) => app.db.select().from(t).all().length + JSON.stringify(app.db.$client.prepare(`select * from ${t === requests ? 'requests' : t === messages ? 'messages' : t === collectedData ? 'collected_data' : t === answerDocuments ? 'answer_documents' : t === outbox ? 'outbox' : t === requestFigures ? 'request_figures' : 'events'}`).all()))
}
