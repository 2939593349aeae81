import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { organisations, outbox, requests, type Organisation, type Request } from '#db/schema'
import { confirmEmail, fileRequest } from '~/domain/requests.server'
import { resetClock, setClock } from '~/utils/clock'
import { startApp, type TestApp } from './support/app'
import { textOf } from './support/http'
import { createOfficer, signedInCookie } from './support/officers'

// An officer of organisation A, signed in, tries every officer page and every
// action form with a request of organisation B: each answers 404 and shows
// nothing of B's request. The same with A's own requests works.

let app: TestApp
let orgA: Organisation
let orgB: Organisation
let cookie: string
let theirs: Request
const mine: Record<string, Request> = {}

const SECRET = { name: 'Bertil Hemmeligsen', email: 'bertil.hemmeligsen@example.com' }

function file(org: Organisation, subject: { name: string; email: string }): Request {
  const { requestId } = fileRequest(
    app.db,
    { org, language: 'da', type: 'erasure', details: { type: 'erasure', what: 'Alt om mig', why: 'Jeg er ikke længere medlem' }, subject: { ...subject, identifiers: {} } },
    app.url,
  )
  const mail = app.db.select().from(outbox).where(and(eq(outbox.requestId, requestId), eq(outbox.template, 'confirm-email'))).get()!
  const token = /\/confirm\/([A-Za-z0-9_-]+)/.exec(mail.text)![1]!
  expect(confirmEmail(app.db, token, app.url).ok).toBe(true)
  return app.db.select().from(requests).where(eq(requests.id, requestId)).get()!
}

async function send(path: string, form?: Record<string, string | string[]>) {
  const body = new URLSearchParams()
  for (const [k, v] of Object.entries(form ?? {})) for (const value of [v].flat()) body.append(k, value)
  const response = await fetch(app.url + path, {
    method: form ? 'POST' : 'GET',
    headers: { Cookie: cookie, ...(form ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}) },
    body: form ? body.toString() : undefined,
    redirect: 'manual',
  })
  return { status: response.status, location: response.headers.get('location'), html: await response.text() }
}

/** `typed`: what the officer searched for, which the search box rightly shows again. */
function expectNothingOf(html: string, r: Request, typed?: string) {
  const text = textOf(html)
  for (const secret of [r.reference, r.subjectName, r.subjectEmail, 'Hemmeligsen', 'ikke længere medlem'].filter((s) => s !== typed)) {
    expect(html).not.toContain(secret)
    expect(text).not.toContain(secret)
  }
}

// Every action form of the request page, filled in validly.
const FORMS: Array<[string, Record<string, string>]> = [
  ['note', { intent: 'note', body: 'Intern note' }],
  ['assign', { intent: 'assign', assignee: 'me' }],
  ['verify', { intent: 'verify', method: 'known_customer_details' }],
  ['ask', { intent: 'ask', topic: 'information', message: 'Hvilket medlemsnummer?' }],
  ['message', { intent: 'message', message: 'Tak, vi kigger på det.' }],
  ['extend', { intent: 'extend', months: '1', reason: 'Mange anmodninger' }],
  ['complete', { intent: 'complete', reply: 'Vi har slettet dine oplysninger.' }],
  ['refuse', { intent: 'refuse', ground: 'not_held', reason: 'Vi har ingen oplysninger om dig.' }],
  ['withdraw', { intent: 'withdraw', note: 'Ringede' }],
  ['received', { intent: 'received', note: 'Oplyst pr. telefon' }],
]

beforeAll(async () => {
  setClock('2026-03-10T09:00:00Z')
  app = await startApp()
  const bySlug = (slug: string) => app.db.select().from(organisations).where(eq(organisations.slug, slug)).get()!
  orgA = bySlug('dyrevaernsringen')
  orgB = bySlug('lygtebaererne')
  const officer = createOfficer(app.db, { orgId: orgA.id })
  createOfficer(app.db, { orgId: orgB.id })
  cookie = signedInCookie(app.db, officer)
  theirs = file(orgB, SECRET)
  mine.main = file(orgA, { name: 'Anna Andersen', email: 'anna@example.com' })
  mine.refuse = file(orgA, { name: 'Rasmus Refuse', email: 'rasmus@example.com' })
  mine.withdraw = file(orgA, { name: 'Wilma Withdraw', email: 'wilma@example.com' })
  mine.bulk = file(orgA, { name: 'Bo Bulk', email: 'bo@example.com' })
})

afterAll(async () => {
  await app?.close()
  resetClock()
})

describe('another organisation’s request', () => {
  test('the request page is 404 and shows nothing of it', async () => {
    for (const lang of ['da', 'en', 'fi', 'no']) {
      const page = await send(`/${lang}/officer/requests/${theirs.id}`)
      expect(page.status).toBe(404)
      expectNothingOf(page.html, theirs)
    }
  })

  test.each(FORMS)('POST %s is 404 and changes nothing', async (_name, form) => {
    const before = app.db.select().from(requests).where(eq(requests.id, theirs.id)).get()
    const reply = await send(`/da/officer/requests/${theirs.id}`, form)
    expect(reply.status).toBe(404)
    expectNothingOf(reply.html, theirs)
    expect(app.db.select().from(requests).where(eq(requests.id, theirs.id)).get()).toEqual(before)
  })

  test('bulk assignment with its id is 404 and assigns nothing', async () => {
    const reply = await send('/da/officer/queue', { ids: [String(mine.main!.id), String(theirs.id)], assignee: 'me', back: '/da/officer/queue' })
    expect(reply.status).toBe(404)
    expectNothingOf(reply.html, theirs)
    expect(app.db.select().from(requests).where(eq(requests.id, theirs.id)).get()!.assigneeId).toBeNull()
    expect(app.db.select().from(requests).where(eq(requests.id, mine.main!.id)).get()!.assigneeId).toBeNull()
  })

  test('the queue never lists it, whatever the search', async () => {
    for (const q of ['', theirs.reference, SECRET.email, 'Hemmeligsen']) {
      const page = await send(`/da/officer/queue?q=${encodeURIComponent(q)}`)
      expect(page.status).toBe(200)
      expectNothingOf(page.html, theirs, q)
      expect(page.html).not.toContain(`/officer/requests/${theirs.id}"`)
    }
    const byStatus = await send('/da/officer/queue?status=received')
    expectNothingOf(byStatus.html, theirs)
  })

  test('ids that are not numbers are 404 too', async () => {
    for (const id of ['abc', '0', '-1', '1e3', String(theirs.id + 10_000)]) {
      expect((await send(`/da/officer/requests/${id}`)).status).toBe(404)
    }
  })
})

describe('the organisation’s own requests', () => {
  test('the queue lists them, most urgent first, with a days-left tag in words', async () => {
    const page = await send('/da/officer/queue')
    expect(page.status).toBe(200)
    const text = textOf(page.html)
    expect(text).toContain(mine.main!.reference)
    expect(text).toContain('Anna Andersen')
    expect(text).toMatch(/\d+ dage tilbage/)
    expect(page.html).toContain('due-tag--ok')
  })

  test('the request page shows the request, the person and the deadlines', async () => {
    const page = await send(`/da/officer/requests/${mine.main!.id}`)
    expect(page.status).toBe(200)
    const text = textOf(page.html)
    for (const s of [mine.main!.reference, 'Anna Andersen', 'anna@example.com', 'Alt om mig', 'Lovpligtig frist', 'Vores mål (SLA)', 'Forløb']) {
      expect(text).toContain(s)
    }
  })

  test.each(FORMS.slice(0, 7))('POST %s redirects back to the request', async (name, form) => {
    const reply = await send(`/da/officer/requests/${mine.main!.id}`, form)
    expect(reply.status).toBe(302)
    expect(reply.location).toBe(`/da/officer/requests/${mine.main!.id}?done=${name}`)
  })

  test.each([
    ['refuse', FORMS[7]![1]],
    ['withdraw', FORMS[8]![1]],
  ])('POST %s redirects back to the request', async (name, form) => {
    const r = mine[name]!
    const reply = await send(`/da/officer/requests/${r.id}`, form)
    expect(reply.status).toBe(302)
    expect(app.db.select().from(requests).where(eq(requests.id, r.id)).get()!.closed).toBe(true)
  })

  test('the page shows the whole timeline after the actions', async () => {
    const text = textOf((await send(`/da/officer/requests/${mine.main!.id}`)).html)
    for (const s of ['Intern note', 'Identitet bekræftet', 'Bad om flere oplysninger', 'Besked til personen', 'Tak, vi kigger på det.', 'Frist forlænget', 'Afsluttet med et svar', 'Vi har slettet dine oplysninger.']) {
      expect(text).toContain(s)
    }
  })

  test('an invalid form comes back with an error summary and the error title', async () => {
    const reply = await send(`/da/officer/requests/${mine.refuse!.id}`, { intent: 'note', body: '' })
    expect(reply.status).toBe(200)
    expect(reply.html).toContain('error-summary')
    expect(textOf(reply.html)).toContain('Skriv noten')
  })

  test('bulk assignment of its own requests works', async () => {
    const reply = await send('/da/officer/queue', { ids: [String(mine.bulk!.id)], assignee: 'me', back: '/da/officer/queue?type=erasure' })
    expect(reply.status).toBe(302)
    expect(reply.location).toBe('/da/officer/queue?type=erasure&assigned_count=1')
    expect(app.db.select().from(requests).where(eq(requests.id, mine.bulk!.id)).get()!.assigneeId).not.toBeNull()
  })
})
