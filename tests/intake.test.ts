import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { events, messages, organisations, requests, tokens, type Organisation, type User } from '#db/schema'
import { datesFromReceipt } from '~/domain/clock-rules'
import { isListed } from '~/domain/do-not-contact.server'
import { localInstant, registerReceived } from '~/domain/intake.server'
import { formatDate } from '~/i18n/i18n'
import { resetClock, setClock } from '~/utils/clock'
import { startApp, type TestApp } from './support/app'
import { HttpClient, textOf } from './support/http'
import { deliverAll } from './support/mail'
import { createOfficer, signedInCookie } from './support/officers'

// Requests that come in by phone, letter, in person or email: an officer
// registers them, the deadline runs from the receipt, and the person is told
// by email or, without an address, by a letter whose code opens the status page.

const NOW = '2026-12-07T10:00:00Z' // a Monday
let app: TestApp
let org: Organisation
let officer: User
let desk: HttpClient
let dir: string

beforeAll(async () => {
  setClock(NOW)
  app = await startApp()
  org = app.db.select().from(organisations).where(eq(organisations.slug, 'lygtebaererne')).get()!
  officer = createOfficer(app.db, { orgId: org.id, name: 'Olga Officer' })
  desk = new HttpClient(app.url, { Cookie: signedInCookie(app.db, officer) })
  dir = mkdtempSync(path.join(tmpdir(), 'intake-'))
})

afterAll(async () => {
  await app?.close()
  resetClock()
  rmSync(dir, { recursive: true, force: true })
})

const phoneCall = {
  channel: 'phone',
  // Friday, three days before the registration, on the organisation's clock (Copenhagen).
  receivedAt: '2026-12-04T09:30',
  types: 'access',
  details: 'Hun vil vide, hvilke oplysninger foreningen har om hende.',
  name: 'Åse Telefonsen',
  email: 'aase@example.com',
  phone: '+45 20 30 40 50',
  language: 'da',
  identityMethod: 'known_customer_details',
  identityNote: 'Medlemsnummer og fødselsdato stemte.',
}

/** Posts the intake form and expects it refused beside the field: the message shown, what was typed kept, no request created. */
async function expectRefused(fields: Record<string, string>, message: string, typed: string) {
  const before = app.db.select().from(requests).all().length
  const reply = await desk.post('/en/officer/intake', fields)
  expect(reply.status).toBe(200)
  expect(textOf(reply.html)).toContain(message)
  expect(reply.html).toContain(typed)
  expect(app.db.select().from(requests).all()).toHaveLength(before)
}

describe('a phone request registered three days after it was received', () => {
  test('without a reason it is refused, beside the field, and nothing is created', async () => {
    await expectRefused(phoneCall, 'Say why a request received more than a day ago is registered only now', 'Hun vil vide, hvilke oplysninger')
  })

  test('with the reason: the deadline runs from the receipt, the officer, the registration time and the reason are on record', async () => {
    const reply = await desk.post('/en/officer/intake', { ...phoneCall, backdateReason: 'Noted on paper during the phone duty; entered after the weekend.' })
    expect(reply.status).toBe(302)
    const id = Number(/\/en\/officer\/requests\/(\d+)\?registered=1$/.exec(reply.location ?? '')?.[1])
    const r = app.db.select().from(requests).where(eq(requests.id, id)).get()!
    expect(r).toMatchObject({ orgId: org.id, channel: 'phone', status: 'received', type: 'access', registeredById: officer.id, subjectName: 'Åse Telefonsen', subjectEmail: 'aase@example.com' })
    expect(r.receivedAt.toISOString()).toBe('2026-12-04T08:30:00.000Z')
    expect(r.createdAt.toISOString()).toBe(NOW.replace('Z', '.000Z'))
    // One month from Friday 4 December: Monday 4 January, in Copenhagen; not 7 January, a month from the registration.
    expect(formatDate(r.dueAt, 'en', org.timeZone)).toBe('January 4, 2027')
    expect(r.dueAt).toEqual(datesFromReceipt(new Date('2026-12-04T08:30:00Z'), org, { extensionMonths: 0, pausedDays: 0 }).dueAt)
    // Identity checked on the phone: the method, by the registering officer, with a note; no document.
    expect(r.identityMethod).toBe('known_customer_details')
    expect(r.details).toEqual({ type: 'access', words: phoneCall.details })

    const registered = app.db.select().from(events).where(and(eq(events.requestId, id), eq(events.kind, 'request_registered'))).get()!
    expect(registered).toMatchObject({ actorKind: 'officer', actorUserId: officer.id })
    expect(registered.data).toMatchObject({ channel: 'phone', receivedAt: '2026-12-04T08:30:00.000Z', registeredAt: '2026-12-07T10:00:00.000Z', dueAt: r.dueAt.toISOString() })
    const reason = app.db.select().from(messages).where(eq(messages.id, registered.data.reasonMessageId as number)).get()!
    expect(reason).toMatchObject({ purpose: 'backdate_reason', audience: 'internal', body: 'Noted on paper during the phone duty; entered after the weekend.' })
    const verified = app.db.select().from(events).where(and(eq(events.requestId, id), eq(events.kind, 'identity_verified'))).get()!
    expect(verified).toMatchObject({ actorUserId: officer.id, data: { method: 'known_customer_details' } })
    // Facts only in the audit trail: no name, no address, no words of the person or the officer.
    const trail = JSON.stringify(app.db.select().from(events).where(eq(events.requestId, id)).all())
    for (const secret of ['Telefonsen', 'aase@example.com', 'Hun vil vide', 'phone duty', 'Medlemsnummer']) expect(trail).not.toContain(secret)

    // The officer's page says it all.
    const page = textOf((await desk.get(`/en/officer/requests/${id}?registered=1`)).html)
    expect(page).toContain('The request is registered.')
    expect(page).toContain('By phone, registered by Olga Officer on')
    expect(page).toContain('Noted on paper during the phone duty')
    expect(page).toContain('Received Dec 4, 2026, 9:30 AM')

    // The usual confirmation, at once, with the reference, the deadline and a status link; nothing to confirm.
    const mail = (await deliverAll(app.db)).filter((m) => m.to_ === 'aase@example.com')
    expect(mail.map((m) => m.template)).toEqual(['request-confirmed'])
    expect(mail[0]!.text).toContain(r.reference)
    expect(mail[0]!.text).toContain('4. januar 2027')
    expect(mail[0]!.text).toContain('/da/status/open/')
  })

  test('a receipt in the future, or an officer of another organisation, registers nothing', () => {
    const other = app.db.select().from(organisations).where(eq(organisations.slug, 'aivokipina')).get()!
    const base = { orgId: org.id, channel: 'letter' as const, types: ['erasure' as const], details: 'Poista tietoni.', language: 'fi' as const, person: { name: 'Eino Esimerkki', address: 'Katu 1\n00100 Helsinki' } }
    expect(registerReceived(app.db, { ...base, registeredBy: officer.id, receivedAt: new Date('2026-12-08T10:00:00Z') })).toMatchObject({ ok: false, field: 'receivedAt' })
    const outsider = createOfficer(app.db, { orgId: other.id })
    expect(registerReceived(app.db, { ...base, registeredBy: outsider.id, receivedAt: new Date(NOW) })).toMatchObject({ ok: false, field: 'registeredBy' })
    expect(localInstant('2026-13-40T99:00', org.timeZone)).toBeNull()
  })
})

describe('an objection taken on the phone', () => {
  const call = { ...phoneCall, receivedAt: '2026-12-07T10:45', types: 'objection', details: 'Han vil ikke ringes op af jeres sælgere igen.', name: 'Bo Ringsted', email: 'bo@example.com', phone: '+45 20 30 40 51' }

  test('asks what the person objects to, beside the field, and creates nothing without it', async () => {
    await expectRefused(call, 'Select what the person objects to', 'Han vil ikke ringes op')
    // Through the domain as well: an objection without its ground is not registered.
    const before = app.db.select().from(requests).all().length
    const base = { orgId: org.id, registeredBy: officer.id, channel: 'phone' as const, receivedAt: new Date(NOW), types: ['objection' as const], details: 'Stop.', language: 'da' as const, person: { name: 'Bo Ringsted', email: 'bo@example.com' } }
    expect(registerReceived(app.db, base)).toMatchObject({ ok: false, field: 'objectionGround' })
    expect(app.db.select().from(requests).all()).toHaveLength(before)
  })

  test('to direct marketing: the phone number and the address are on the do-not-contact list as it is registered, before any answer', async () => {
    expect(isListed(app.db, org, { phone: '20 30 40 51' })).toBe(false)
    const reply = await desk.post('/en/officer/intake', { ...call, objectionGround: 'direct_marketing' })
    expect(reply.status).toBe(302)
    const id = Number(/\/en\/officer\/requests\/(\d+)\?registered=1$/.exec(reply.location ?? '')?.[1])
    const r = app.db.select().from(requests).where(eq(requests.id, id)).get()!
    expect(r).toMatchObject({ type: 'objection', status: 'received', details: { type: 'objection', ground: 'direct_marketing', words: call.details } })
    // However the number is written, and the address; the event names the sources, never the values.
    for (const phone of ['+45 20 30 40 51', '0045 20304051', '20 30 40 51']) expect(isListed(app.db, org, { phone }), phone).toBe(true)
    expect(isListed(app.db, org, { email: 'BO@example.com' })).toBe(true)
    const added = app.db.select().from(events).where(and(eq(events.requestId, id), eq(events.kind, 'suppression_added'))).all()
    expect(added.map((e) => e.data)).toEqual([{ channels: ['phone', 'email'], expiresAt: null, sources: ['phone', 'email'] }])
    expect(JSON.stringify(added)).not.toContain('3040')
    // The officer's page says which details are listed.
    const page = textOf((await desk.get(`/en/officer/requests/${id}`)).html)
    expect(page).toContain('Do-not-contact list')
  })

  test('on the person’s particular situation: nothing is listed, the objection is weighed in the answer', async () => {
    const reply = await desk.post('/en/officer/intake', { ...call, name: 'Vera Situation', email: 'vera@example.com', phone: '+45 20 30 40 52', objectionGround: 'particular_situation' })
    expect(reply.status).toBe(302)
    const id = Number(/\/en\/officer\/requests\/(\d+)\?registered=1$/.exec(reply.location ?? '')?.[1])
    expect(app.db.select().from(requests).where(eq(requests.id, id)).get()!.details).toMatchObject({ ground: 'particular_situation' })
    expect(isListed(app.db, org, { phone: '+45 20 30 40 52' })).toBe(false)
    expect(app.db.select().from(events).where(and(eq(events.requestId, id), eq(events.kind, 'suppression_added'))).all()).toHaveLength(0)
  })
})

describe('a letter request from someone without an email address', () => {
  let id = 0
  let reference = ''

  test('is registered with a postal address, one request per right', async () => {
    const reply = await desk.post('/en/officer/intake', [
      ['channel', 'letter'],
      ['receivedAt', '2026-12-07T08:15'],
      ['types', 'access'],
      ['types', 'erasure'],
      ['details', 'Jeg vil have at vide, hvad I har om mig, og så vil jeg have det slettet.'],
      ['name', 'Bodil Brevskriver'],
      ['address', 'Postvej 3\n8000 Aarhus C'],
      ['language', 'da'],
      ['identityMethod', ''],
    ])
    expect(reply.status).toBe(302)
    id = Number(/requests\/(\d+)\?registered=2$/.exec(reply.location ?? '')?.[1])
    const made = app.db.select().from(requests).where(eq(requests.channel, 'letter')).all()
    expect(made.map((r) => r.type).sort()).toEqual(['access', 'erasure'])
    expect(new Set(made.map((r) => r.groupId)).size).toBe(1)
    expect(made.every((r) => r.subjectName === 'Bodil Brevskriver' && r.subjectEmail === null && r.identityMethod === null)).toBe(true)
    reference = made.find((r) => r.id === id)!.reference
    // No email goes anywhere; the page offers the letter instead.
    expect((await deliverAll(app.db)).filter((m) => m.requestId === id)).toEqual([])
    const page = textOf((await desk.get(`/en/officer/requests/${id}`)).html)
    expect(page).toContain('None given: the person is told by letter')
    expect(page).toContain('Make the letter (PDF)')
  })

  test('the letter, read back, gives the reference, what happens next, the deadline, the contact and a code that opens the status page', async () => {
    const letter = await fetch(`${app.url}/da/officer/requests/${id}/letter`, { method: 'POST', headers: { Cookie: signedInCookie(app.db, officer) } })
    expect(letter.status).toBe(200)
    expect(letter.headers.get('content-type')).toBe('application/pdf')
    const file = path.join(dir, 'letter.pdf')
    writeFileSync(file, Buffer.from(await letter.arrayBuffer()))
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')
    expect(text).toContain('Vi har modtaget din anmodning')
    expect(text).toContain('Bodil Brevskriver Postvej 3 8000 Aarhus C')
    expect(text).toContain(reference)
    expect(text).toContain('Vi svarer dig senest 7. januar 2027')
    expect(text).toContain(org.privacyEmail)
    expect(text).toContain(`${app.url}/da/status/code`)
    const code = /Kode ([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})/.exec(text)?.[1]
    expect(code).toBeDefined()
    // Only the code's hash is stored.
    expect(JSON.stringify(app.db.select().from(tokens).all())).not.toContain(code!.replace(/-/g, ''))

    const person = new HttpClient(app.url)
    const wrong = await person.post('/da/status/code', { reference, code: 'ABCD-EFGH-JKLM' })
    expect(wrong.status).toBe(200)
    expect(textOf(wrong.html)).toContain('Referencenummeret og koden passer ikke til en anmodning')
    expect((await person.get('/da/status/request')).status).not.toBe(200)
    // Typed as a person would: lower case, spaces for dashes.
    const opened = await person.post('/da/status/code', { reference, code: code!.toLowerCase().replace(/-/g, ' ') })
    expect(opened).toMatchObject({ status: 302, location: '/da/status/request' })
    const status = await person.get('/da/status/request')
    expect(status.status).toBe(200)
    expect(textOf(status.html)).toContain(reference)

    // A new letter, a new code: the first one stops working.
    await fetch(`${app.url}/da/officer/requests/${id}/letter`, { method: 'POST', headers: { Cookie: signedInCookie(app.db, officer) } })
    const again = await new HttpClient(app.url).post('/da/status/code', { reference, code: code! })
    expect(textOf(again.html)).toContain('koden virker ikke længere')
  })

  test('guessing codes for a reference is stopped after ten tries', async () => {
    const guesser = new HttpClient(app.url)
    for (let i = 0; i < 10; i++) await guesser.post('/en/status/code', { reference, code: `WRNG-CODE-${String(i).padStart(4, '2')}` })
    const limited = await guesser.post('/en/status/code', { reference, code: 'WRNG-CODE-LAST' })
    expect(textOf(limited.html)).toContain('Wait an hour')
  })
})
