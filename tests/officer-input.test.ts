import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { events, messages, organisations, type Organisation, type Request, type User } from '#db/schema'
import { createApiKey } from '~/domain/api-keys.server'
import { officerActor } from '~/domain/events'
import { ActionRefusedError, addNote, OFFICER_WRITE_LIMIT, sendMessage } from '~/domain/requests.server'
import { saveTemplate } from '~/domain/templates.server'
import { advanceClock, resetClock, setClock } from '~/utils/clock'
import { startApp, type TestApp } from './support/app'
import { textOf } from './support/http'
import { tFor } from './support/i18n'
import { createOfficer, signedInCookie } from './support/officers'
import { HOSTILE_REDIRECTS } from './support/redirects'
import { newRequest } from './support/requests'

// What web scanners found on the officers' side, over HTTP against the real
// build: a field the queue's bulk assignment cannot read is a 400 with the
// error in the page's language (it was a 500), its `back` address is no way
// off the portal, and notes and messages stop at their limits.

let app: TestApp
let org: Organisation
let other: Organisation
const da = tFor('da')
const HOUR = 3_600_000

beforeAll(async () => {
  setClock('2026-04-14T08:00:00Z')
  app = await startApp()
  org = app.db.select().from(organisations).where(eq(organisations.slug, 'lygtebaererne')).get()!
  other = app.db.select().from(organisations).where(eq(organisations.slug, 'aivokipina')).get()!
})

afterAll(async () => {
  await app?.close()
  resetClock()
})

async function officerWithRequest(): Promise<{ officer: User; cookie: string; request: Request }> {
  const officer = createOfficer(app.db, { orgId: org.id })
  const { request } = await newRequest(app.db, org, { language: 'da' })
  return { officer, cookie: signedInCookie(app.db, officer), request }
}

async function post(path: string, cookie: string, fields: Array<[string, string]>) {
  const response = await fetch(app.url + path, {
    method: 'POST',
    headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  })
  return { status: response.status, location: response.headers.get('location'), html: await response.text() }
}

describe('the queue’s bulk assignment, one malformed field at a time', () => {
  const id = () => String(current.request.id)
  let current: Awaited<ReturnType<typeof officerWithRequest>>
  beforeAll(async () => (current = await officerWithRequest()))

  const cases: Array<[string, () => Array<[string, string]>, string]> = [
    ['assignee: text', () => [['ids', id()], ['assignee', 'abc']], 'officer:errors.selectAssignee'],
    ['assignee: 1.5', () => [['ids', id()], ['assignee', '1.5']], 'officer:errors.selectAssignee'],
    ['assignee: negative', () => [['ids', id()], ['assignee', '-1']], 'officer:errors.selectAssignee'],
    ['assignee: zero', () => [['ids', id()], ['assignee', '0']], 'officer:errors.selectAssignee'],
    ['assignee: huge', () => [['ids', id()], ['assignee', '9'.repeat(40)]], 'officer:errors.selectAssignee'],
    ['assignee: past 2^53', () => [['ids', id()], ['assignee', '9007199254740993']], 'officer:errors.selectAssignee'],
    ['assignee: exponent', () => [['ids', id()], ['assignee', '1e3']], 'officer:errors.selectAssignee'],
    ['assignee: given twice', () => [['ids', id()], ['assignee', 'me'], ['assignee', 'none']], 'officer:errors.selectAssignee'],
    ['assignee: an officer of another organisation', () => [['ids', id()], ['assignee', String(createOfficer(app.db, { orgId: other.id }).id)]], 'officer:errors.assigneeNotOfficer'],
    ['ids: text', () => [['ids', 'abc'], ['assignee', 'me']], 'officer:errors.selectRequests'],
    ['ids: 1.5', () => [['ids', '1.5'], ['assignee', 'me']], 'officer:errors.selectRequests'],
    ['ids: negative', () => [['ids', '-1'], ['assignee', 'me']], 'officer:errors.selectRequests'],
    ['ids: huge', () => [['ids', '9'.repeat(40)], ['assignee', 'me']], 'officer:errors.selectRequests'],
    ['ids: one good, one bad', () => [['ids', id()], ['ids', 'x'], ['assignee', 'me']], 'officer:errors.selectRequests'],
    ['ids: empty', () => [['ids', ''], ['assignee', 'me']], 'officer:errors.selectRequests'],
  ]

  test.each(cases)('%s: a 400 with the error in Danish, nothing assigned', async (_, fields, key) => {
    const reply = await post('/da/officer/queue', current.cookie, fields())
    expect(reply.status).toBe(400)
    expect(reply.html).toContain('lang="da"')
    expect(textOf(reply.html)).toContain(da(key))
    expect(app.db.select().from(events).where(and(eq(events.requestId, current.request.id), eq(events.kind, 'assigned'))).all()).toEqual([])
  })

  // Nothing chosen is a slip the page explains, as before; not a malformed request.
  test.each([
    ['no request selected', () => [['assignee', 'me']], 'officer:errors.selectRequests'],
    ['nobody chosen', () => [['ids', id()], ['assignee', '']], 'officer:errors.selectAssignee'],
    ['no assignee field', () => [['ids', id()]], 'officer:errors.selectAssignee'],
  ] as Array<[string, () => Array<[string, string]>, string]>)('%s: the page again with the error in Danish', async (_, fields, key) => {
    const reply = await post('/da/officer/queue', current.cookie, fields())
    expect(reply.status).toBe(200)
    expect(textOf(reply.html)).toContain(da(key))
  })

  test('the same form, well filled, assigns and goes back to the queue', async () => {
    const reply = await post('/da/officer/queue', current.cookie, [['ids', id()], ['assignee', String(current.officer.id)], ['back', '/da/officer/queue?status=received']])
    expect(reply.status).toBe(302)
    expect(reply.location).toBe('/da/officer/queue?status=received&assigned_count=1')
  })
})

describe('the queue’s back address', () => {
  let current: Awaited<ReturnType<typeof officerWithRequest>>
  beforeAll(async () => (current = await officerWithRequest()))

  test.each(HOSTILE_REDIRECTS.flatMap((to) => [to, decodeURIComponent(to)]))('%s: back to the queue itself, never off the portal', async (back) => {
    const reply = await post('/en/officer/queue', current.cookie, [['ids', String(current.request.id)], ['assignee', 'none'], ['back', back]])
    expect(reply.status).toBe(302)
    expect(reply.location).toBe('/en/officer/queue?assigned_count=1')
  })

  test('a page of the officers’ side that is not the queue is refused too', async () => {
    const reply = await post('/en/officer/queue', current.cookie, [['ids', String(current.request.id)], ['assignee', 'none'], ['back', '/en/officer/team']])
    expect(reply.location).toBe('/en/officer/queue?assigned_count=1')
  })
})

describe('limits on what an officer writes', () => {
  test('notes: past the limit on one request, the error beside the form in Danish and the text kept; an hour later, notes again', async () => {
    setClock('2026-04-14T10:00:00Z')
    const { request, cookie, officer } = await officerWithRequest()
    const path = `/da/officer/requests/${request.id}?do=note`
    for (let i = 0; i < OFFICER_WRITE_LIMIT.notesPerRequest; i++) {
      expect((await post(path, cookie, [['intent', 'note'], ['body', `Note ${i}`]])).status).toBe(302)
    }
    const refused = await post(path, cookie, [['intent', 'note'], ['body', 'One note too many']])
    expect(refused.status).toBe(200)
    expect(textOf(refused.html)).toContain(da('officer:errors.noteLimit'))
    expect(refused.html).toContain('One note too many')
    const notes = () => app.db.select().from(events).where(and(eq(events.requestId, request.id), eq(events.kind, 'note_added'))).all()
    expect(notes()).toHaveLength(OFFICER_WRITE_LIMIT.notesPerRequest)
    // Another officer of the organisation is held back on the same request: the cap is the request's.
    const colleague = signedInCookie(app.db, createOfficer(app.db, { orgId: org.id }))
    expect(textOf((await post(path, colleague, [['intent', 'note'], ['body', 'Mine']])).html)).toContain(da('officer:errors.noteLimit'))
    advanceClock(HOUR)
    // A fresh session: the first one ended after 30 idle minutes.
    const later = await post(path, signedInCookie(app.db, officer), [['intent', 'note'], ['body', 'Next hour']])
    expect(later.status).toBe(302)
    expect(later.location).toMatch(/done=note/)
    expect(notes()).toHaveLength(OFFICER_WRITE_LIMIT.notesPerRequest + 1)
  })

  test('messages to the person: past the limit on one request, refused with the message-limit error, and no email', async () => {
    setClock('2026-04-15T10:00:00Z')
    const { request, officer } = await officerWithRequest()
    const act = { orgId: org.id, requestId: request.id, officerId: officer.id }
    for (let i = 0; i < OFFICER_WRITE_LIMIT.messagesPerRequest; i++) sendMessage(app.db, { ...act, message: `Besked ${i}` })
    const sent = () => app.db.select().from(messages).where(and(eq(messages.requestId, request.id), eq(messages.purpose, 'message'))).all().length
    expect(() => sendMessage(app.db, { ...act, message: 'For mange' })).toThrow(expect.objectContaining({ code: 'replyLimit' }))
    expect(sent()).toBe(OFFICER_WRITE_LIMIT.messagesPerRequest)
    advanceClock(HOUR)
    sendMessage(app.db, { ...act, message: 'En time senere' })
    expect(sent()).toBe(OFFICER_WRITE_LIMIT.messagesPerRequest + 1)
  })

  test('every write of one officer, across requests, stops at the officer’s limit', async () => {
    setClock('2026-04-16T10:00:00Z')
    const officer = createOfficer(app.db, { orgId: org.id })
    const perRequest = OFFICER_WRITE_LIMIT.notesPerRequest
    const requests: Request[] = []
    for (let i = 0; i * perRequest <= OFFICER_WRITE_LIMIT.perOfficer; i++) requests.push((await newRequest(app.db, org, { language: 'da' })).request)
    let written = 0
    let refusal: unknown
    try {
      for (const r of requests) for (let i = 0; i < perRequest; i++, written++) addNote(app.db, { orgId: org.id, requestId: r.id, officerId: officer.id, body: 'x' })
    } catch (error) {
      refusal = error
    }
    expect(refusal).toBeInstanceOf(ActionRefusedError)
    expect((refusal as ActionRefusedError).code).toBe('writeLimit')
    expect(written).toBe(OFFICER_WRITE_LIMIT.perOfficer)
  })

  test('templates and API keys an admin makes count among their writes too', () => {
    setClock('2026-04-17T10:00:00Z')
    const admin = createOfficer(app.db, { orgId: org.id, role: 'admin' })
    for (let i = 0; i < OFFICER_WRITE_LIMIT.perOfficer - 1; i++) expect(saveTemplate(app.db, admin, { title: `Skabelon ${i}`, body_da: 'Tekst' }).ok).toBe(true)
    createApiKey(app.db, { orgId: org.id, label: 'CRM', actor: officerActor(admin.id) })
    expect(() => saveTemplate(app.db, admin, { title: 'En for meget', body_da: 'Tekst' })).toThrow(expect.objectContaining({ code: 'writeLimit' }))
    expect(() => createApiKey(app.db, { orgId: org.id, label: 'En for meget', actor: officerActor(admin.id) })).toThrow(expect.objectContaining({ code: 'writeLimit' }))
  })
})
