import fs from 'node:fs'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { assistanceTasks, forwardings, inboundAttachments, inboundEmails, organisations, requests, type Organisation, type Request } from '#db/schema'
import { prepareAnswer, stageUpload } from '~/domain/answers.server'
import { createApiKey } from '~/domain/api-keys.server'
import { instructProcessor } from '~/domain/assistance.server'
import { confirmEmail, fileRequest, overrideIdentity } from '~/domain/requests.server'
import { saveTemplate } from '~/domain/templates.server'
import { fixedT } from '~/i18n/i18n'
import { resetClock, setClock } from '~/utils/clock'
import { startApp, type TestApp } from './support/app'
import { openWithCode, forwardedToClient } from './support/controller'
import { HttpClient, textOf } from './support/http'
import { receivedDraft } from './support/inbound'
import { deliverAll, linkIn, tokenOf } from './support/mail'
import { createOfficer, signedInCookie } from './support/officers'
import { newRequest } from './support/requests'

// An officer of organisation A, signed in, tries every officer page and every
// form with the ids of organisation B: each answers 404 and shows nothing of
// B. The same with A's own ids works. Every officer route is in ROUTES below,
// and a test fails when a route file has no entry there.

let app: TestApp
let orgA: Organisation
let orgB: Organisation
let cookie: string
let theirs: Request
let theirTemplate: number
const mine: Record<string, Request> = {}

const SECRET = { name: 'Bertil Hemmeligsen', email: 'bertil.hemmeligsen@example.com' }
const t = fixedT('da', ['officer', 'request'])

async function file(org: Organisation, subject: { name: string; email: string }): Promise<Request> {
  return (await newRequest(app.db, org, { language: 'da', type: 'erasure', ...subject })).request
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
  for (const secret of [r.reference, r.subjectName, r.subjectEmail, 'Hemmeligsen', 'ikke længere kunde'].filter((s) => s !== typed)) {
    expect(html).not.toContain(secret)
    expect(text).not.toContain(secret)
  }
}

// Every action form of the request page, filled in validly.
const FORMS: Array<[string, Record<string, string>]> = [
  ['note', { intent: 'note', body: 'Intern note' }],
  ['assign', { intent: 'assign', assignee: '' }],
  ['override', { intent: 'override', reason: 'Kendt adresse' }],
  ['verify', { intent: 'verify', method: 'known_customer_details' }],
  ['ask', { intent: 'ask', topic: 'clarification', message: 'Hvilket medlemsnummer?' }],
  ['message', { intent: 'message', message: 'Tak, vi kigger på det.' }],
  ['received', { intent: 'received', note: 'Oplyst pr. telefon' }],
  ['extend', { intent: 'extend', months: '1', reason: 'Mange anmodninger' }],
  ['answer', { intent: 'answer', outcome: 'granted', reasons: 'Vi har slettet dine oplysninger.' }],
  ['send', { intent: 'send' }],
  ['withdraw', { intent: 'withdraw', note: 'Ringede' }],
  // Offered only on a request whose address was never confirmed (tests/officer-actions.test.ts).
  ['notConfirmed', { intent: 'notConfirmed', note: 'Aldrig bekræftet' }],
  // Offered only while the request's contact details are on the do-not-contact list (tests/do-not-contact.test.ts).
  ['unlist', { intent: 'unlist', confirm: 'withdrawn' }],
  // Offered only while another open request matches, or one was merged into it (tests/duplicates.test.ts).
  ['merge', { intent: 'merge', other: '1' }],
  ['unmerge', { intent: 'unmerge', absorbed: '1' }],
]

/**
 * Every officer route, with what another organisation's ids do there. `get`:
 * pages and files reached with their ids; `post`: forms posted with them.
 */
const ROUTES: Record<string, { get: () => string[]; post?: () => Array<[string, Record<string, string | string[]>]> }> = {
  '$lang.officer.tsx': { get: () => [] },
  '$lang.officer._index.tsx': { get: () => ['/da/officer'] },
  '$lang.officer.queue.tsx': {
    get: () => [...['', theirs.reference, SECRET.email, 'Hemmeligsen'].map((q) => `/da/officer/queue?q=${encodeURIComponent(q)}`), '/da/officer/queue?needsRouting=1'],
    post: () => [['/da/officer/queue', { ids: [String(mine.main!.id), String(theirs.id)], assignee: 'me', back: '/da/officer/queue' }]],
  },
  '$lang.officer.queue.export.tsx': { get: () => ['/da/officer/queue/export', `/da/officer/queue/export?q=${theirs.reference}`, '/da/officer/queue/export?status=received'] },
  '$lang.officer.requests.$id.tsx': {
    get: () => [`/da/officer/requests/${theirs.id}`, ...FORMS.map(([name]) => `/da/officer/requests/${theirs.id}?do=${name}`)],
    post: () => [
      ...FORMS.map(([, form]): [string, Record<string, string>] => [`/da/officer/requests/${theirs.id}`, form]),
      [`/da/officer/requests/${theirs.id}`, { intent: 'revokeLink' }],
      // The controller's actions on B's request forwarded by a processor.
      ...([{ intent: 'acknowledge' }, { intent: 'instruct', kind: 'erase' }, { intent: 'sendBack', reason: 'Ikke vores' }] as Array<Record<string, string>>).map((form): [string, Record<string, string>] => [`/da/officer/requests/${theirForwarded.id}`, form]),
    ],
  },
  '$lang.officer.requests.$id_.collect.tsx': {
    get: () => [`/da/officer/requests/${theirs.id}/collect`],
    post: () => [
      [`/da/officer/requests/${theirs.id}/collect`, { intent: 'accept', collected: String(theirCollected) }],
      [`/da/officer/requests/${theirs.id}/collect`, { intent: 'discard', collected: String(theirCollected) }],
      [`/da/officer/requests/${mine.bulk!.id}/collect`, { intent: 'accept', collected: String(theirCollected) }],
      [`/da/officer/requests/${theirs.id}/collect`, { intent: 'connector', connector: '0' }],
      [`/da/officer/requests/${theirs.id}/collect`, { intent: 'connectorAll' }],
      [`/da/officer/requests/${theirs.id}/collect`, { intent: 'acceptAll' }],
      [`/da/officer/requests/${theirs.id}/collect`, { intent: 'discardAll' }],
      [`/da/officer/requests/${theirs.id}/collect`, { intent: 'withhold', collected: String(theirCollected), row: '1', column: '', reason: 'other_person' }],
      [`/da/officer/requests/${theirs.id}/collect`, { intent: 'restore', collected: String(theirCollected) }],
      [`/da/officer/requests/${mine.bulk!.id}/collect`, { intent: 'withhold', collected: String(theirCollected), row: '1', column: '', reason: 'other_person' }],
      [`/da/officer/requests/${mine.bulk!.id}/collect`, { intent: 'restore', collected: String(theirCollected) }],
    ],
  },
  '$lang.officer.requests.$id_.preview.$index.tsx': { get: () => [`/da/officer/requests/${theirs.id}/preview/0`] },
  // A processor's task (here the demo agency's, given by the client on the portal), under its request's address and under one of A's own.
  '$lang.officer.requests.$id_.tasks.$task.tsx': {
    get: () => [`/da/officer/requests/${agencyRequest.id}/tasks/${agencyTask}`, `/da/officer/requests/${mine.main!.id}/tasks/${agencyTask}`],
    post: () => [
      [`/da/officer/requests/${agencyRequest.id}/tasks/${agencyTask}`, { otherNumbers: '' }],
      [`/da/officer/requests/${mine.main!.id}/tasks/${agencyTask}`, { otherNumbers: '' }],
    ],
  },
  // The chain of custody: of B's request, and of a processor's forwarded request (neither is A's).
  '$lang.officer.requests.$id_.custody.$format.tsx': {
    get: () => [`/da/officer/requests/${theirs.id}/custody/pdf`, `/da/officer/requests/${theirs.id}/custody/json`, `/da/officer/requests/${processorsForwarded.id}/custody/json`, `/en/officer/requests/${processorsForwarded.id}/custody/pdf`],
  },
  '$lang.officer.api-keys.tsx': { get: () => ['/da/officer/api-keys'], post: () => [['/da/officer/api-keys', { intent: 'revoke', id: String(theirKey) }]] },
  '$lang.officer.dashboard.tsx': { get: () => ['/da/officer/dashboard'] },
  '$lang.officer.notifications.tsx': { get: () => ['/da/officer/notifications'] },
  '$lang.officer.templates.tsx': {
    get: () => [`/da/officer/templates?edit=${theirTemplate}`],
    post: () => [
      ['/da/officer/templates', { intent: 'delete', id: String(theirTemplate) }],
      ['/da/officer/templates', { id: String(theirTemplate), title: 'Kapret', body_da: 'Kapret' }],
    ],
  },
  '$lang.officer.team.tsx': { get: () => ['/da/officer/team'], post: () => [['/da/officer/team', { intent: 'remove', userId: String(theirOfficer) }]] },
  '$lang.officer.settings.tsx': { get: () => ['/da/officer/settings'] },
  // A processor's register; the officer here works for a controller, which has none.
  '$lang.officer.clients.tsx': { get: () => ['/da/officer/clients'], post: () => [['/da/officer/clients', { register: '- key: stolen\n  name: Stolen' }]] },
  // The operator's pages and the pages before sign-in hold no organisation's requests.
  '$lang.officer.organisations._index.tsx': { get: () => [] },
  '$lang.officer.organisations.$slug.tsx': { get: () => [] },
  '$lang.officer.sign-in.tsx': { get: () => [] },
  '$lang.officer.sign-out.tsx': { get: () => [] },
  '$lang.officer.two-factor.tsx': { get: () => [] },
  '$lang.officer.enrol.tsx': { get: () => [] },
  '$lang.officer.invitation.$token.tsx': { get: () => [] },
  '$lang.officer.forgot-password.tsx': { get: () => [] },
  '$lang.officer.reset-password.$token.tsx': { get: () => [] },
  // Email into the queue: their draft, its attachment, its triage.
  '$lang.officer.inbox._index.tsx': { get: () => ['/da/officer/inbox'] },
  '$lang.officer.inbox.$id.tsx': {
    get: () => [`/da/officer/inbox/${theirDraft}`],
    post: () => [
      [`/da/officer/inbox/${theirDraft}`, { intent: 'dismiss' }],
      [`/da/officer/inbox/${theirDraft}`, { intent: 'confirm', types: 'access', name: 'Kapret', email: 'kapret@example.com', language: 'da' }],
      [`/da/officer/inbox/${theirDraft}`, { intent: 'merge', reference: theirs.reference }],
      [`/da/officer/inbox/${theirDraft}`, { intent: 'unmerge' }],
    ],
  },
  '$lang.officer.inbox.$id_.attachments.$file.tsx': { get: () => [`/da/officer/inbox/${theirDraft}/attachments/${theirAttachment}`, `/da/officer/inbox/${mineDraft}/attachments/${theirAttachment}`] },
  // Registering creates a request of the officer's own organisation only; the letter of another's request is not found.
  '$lang.officer.intake.tsx': { get: () => ['/da/officer/intake'] },
  '$lang.officer.requests.$id_.letter.tsx': { get: () => [`/da/officer/requests/${theirs.id}/letter`], post: () => [[`/da/officer/requests/${theirs.id}/letter`, {}]] },
}

let theirOfficer = 0
let agencyRequest: Request
let theirForwarded: Request
let agencyTask = 0
/** A request of the agency (a processor) passed on to its client: its chain of custody is the agency's alone. */
let processorsForwarded: Request
let theirCollected = 0
let theirKey = 0
/** An email B received, still a draft, with its attachment; and one A received. */
let theirDraft = 0
let theirAttachment = 0
let mineDraft = 0

beforeAll(async () => {
  setClock('2026-03-10T09:00:00Z')
  app = await startApp()
  const bySlug = (slug: string) => app.db.select().from(organisations).where(eq(organisations.slug, slug)).get()!
  orgA = bySlug('dyrevaernsringen')
  orgB = bySlug('lygtebaererne')
  const admin = createOfficer(app.db, { orgId: orgA.id, role: 'admin' })
  const theirAdmin = createOfficer(app.db, { orgId: orgB.id, role: 'admin' })
  theirOfficer = createOfficer(app.db, { orgId: orgB.id }).id
  cookie = signedInCookie(app.db, admin)
  theirs = await file(orgB, SECRET)
  const saved = saveTemplate(app.db, theirAdmin, { title: 'Hemmeligsen-skabelon', body_da: 'Kære Hemmeligsen' })
  if (!saved.ok) throw new Error('no template')
  theirTemplate = saved.id
  // Their collected data, their prepared answer and their API key: none of it reachable from A.
  const theirAct = { orgId: orgB.id, requestId: theirs.id, officerId: theirAdmin.id }
  overrideIdentity(app.db, { ...theirAct, reason: 'Kendt' })
  const staged = stageUpload(app.db, { ...theirAct, filename: 'x.csv', bytes: new TextEncoder().encode('navn\nBertil Hemmeligsen\n'), category: 'member-contact' })
  if (!staged.ok) throw new Error('not staged')
  theirCollected = staged.ids[0]!
  prepareAnswer(app.db, { ...theirAct, outcome: 'no_data' })
  theirKey = createApiKey(app.db, { orgId: orgB.id, label: 'Hemmeligsen-nøgle', actor: { kind: 'officer', userId: theirAdmin.id } }).row.id
  // A request the demo agency forwarded to B, with a task B gave it: neither reachable from A.
  agencyRequest = (await newRequest(app.db, bySlug('klartone-tm'), { language: 'da', type: 'objection', ...SECRET, email: 'bertil.agency@example.com', behalf: { about: 'client', clients: ['lygtebaererne'] } })).request
  theirForwarded = app.db.select().from(requests).where(eq(requests.forwardedFromRequestId, agencyRequest.id)).get()!
  agencyTask = instructProcessor(app.db, { orgId: orgB.id, requestId: theirForwarded.id, officerId: theirAdmin.id, kind: 'stop_calling' }).task.id
  const klartone = bySlug('klartone-tm')
  const forwarded = fileRequest(app.db, {
    org: klartone,
    language: 'da',
    type: 'erasure',
    details: { type: 'erasure', what: 'Alt om mig', why: 'Jeg er ikke længere kunde' },
    subject: { ...SECRET, identifiers: {} },
    behalf: { about: 'client', clients: ['havoernens-venner'] },
  })
  if (!forwarded.ok) throw new Error('not filed')
  const confirmation = (await deliverAll(app.db)).find((m) => m.template === 'confirm-email' && m.requestId === forwarded.requestId)!
  if (!confirmEmail(app.db, tokenOf(linkIn(confirmation, 'http'))).ok) throw new Error('not confirmed')
  await deliverAll(app.db)
  processorsForwarded = app.db.select().from(requests).where(eq(requests.id, forwarded.requestId)).get()!
  expect(processorsForwarded.routing).toBe('client')
  theirDraft = receivedDraft(app.db, { to: 'persondata@lygtebaererne.example', from: SECRET.email, name: SECRET.name, subject: `Indsigt ${SECRET.name}`, text: `Jeg er ${SECRET.name}.`, attachment: { filename: 'hemmeligt.pdf', content: Buffer.from('%PDF') } }).id
  theirAttachment = app.db.select().from(inboundAttachments).where(eq(inboundAttachments.inboundId, theirDraft)).get()!.id
  mineDraft = receivedDraft(app.db, { to: 'persondata@dyrevaernsringen.example', from: 'anna@example.com', subject: 'Indsigt', text: 'Hej' }).id
  mine.main = await file(orgA, { name: 'Anna Andersen', email: 'anna@example.com' })
  mine.refuse = await file(orgA, { name: 'Rasmus Refuse', email: 'rasmus@example.com' })
  mine.withdraw = await file(orgA, { name: 'Wilma Withdraw', email: 'wilma@example.com' })
  mine.bulk = await file(orgA, { name: 'Bo Bulk', email: 'bo@example.com' })
})

afterAll(async () => {
  await app?.close()
  resetClock()
})

describe('another organisation’s ids', () => {
  test('every officer route file is listed here', () => {
    const files = fs.readdirSync('app/routes').filter((f) => f.startsWith('$lang.officer'))
    expect(files.filter((f) => !(f in ROUTES))).toEqual([])
  })

  test.each(Object.keys(ROUTES))('%s shows nothing of it and changes nothing', async (file) => {
    const route = ROUTES[file]!
    const before = app.db.select().from(requests).where(eq(requests.id, theirs.id)).get()
    for (const path of route.get()) {
      const page = await send(path)
      expect([200, 302, 404], path).toContain(page.status)
      expectNothingOf(page.html, theirs, decodeURIComponent(path.split('q=')[1] ?? ''))
      expect(page.html, path).not.toContain('Hemmeligsen-skabelon')
    }
    for (const [path, form] of route.post?.() ?? []) {
      const reply = await send(path, form)
      expect([404, 200], `${path} ${JSON.stringify(form)}`).toContain(reply.status)
      expectNothingOf(reply.html, theirs)
    }
    expect(app.db.select().from(requests).where(eq(requests.id, theirs.id)).get()).toEqual(before)
    // B's forwarded request and the agency's task are as they were.
    expect(app.db.select().from(assistanceTasks).where(eq(assistanceTasks.id, agencyTask)).get()).toMatchObject({ doneAt: null })
    expect(app.db.select().from(assistanceTasks).all()).toHaveLength(1)
    expect(app.db.select().from(requests).where(eq(requests.id, theirForwarded.id)).get()).toMatchObject({ closed: false })
    expect(app.db.select().from(inboundEmails).where(eq(inboundEmails.id, theirDraft)).get()).toMatchObject({ status: 'draft', requestId: null })
  })

  test('the request page and every action with its id are 404', async () => {
    for (const lang of ['da', 'en', 'fi', 'no']) expect((await send(`/${lang}/officer/requests/${theirs.id}`)).status).toBe(404)
    for (const [, form] of FORMS) expect((await send(`/da/officer/requests/${theirs.id}`, form)).status).toBe(404)
    expect((await send(`/da/officer/templates?edit=${theirTemplate}`)).status).toBe(404)
    expect((await send('/da/officer/templates', { intent: 'delete', id: String(theirTemplate) })).status).toBe(404)
  })

  test('bulk assignment with its id is 404 and assigns nothing', async () => {
    const before = app.db.select().from(requests).where(eq(requests.id, theirs.id)).get()!.assigneeId
    const reply = await send('/da/officer/queue', { ids: [String(mine.main!.id), String(theirs.id)], assignee: 'me', back: '/da/officer/queue' })
    expect(reply.status).toBe(404)
    expect(app.db.select().from(requests).where(eq(requests.id, theirs.id)).get()!.assigneeId).toBe(before)
    expect(app.db.select().from(requests).where(eq(requests.id, mine.main!.id)).get()!.assigneeId).toBeNull()
  })

  test('a processor’s chain of custody is 404 to anyone else, and its own officers get it', async () => {
    for (const format of ['json', 'pdf']) {
      const reply = await send(`/da/officer/requests/${processorsForwarded.id}/custody/${format}`)
      expect(reply.status).toBe(404)
      expect(reply.html).not.toContain(processorsForwarded.reference)
    }
    const klartone = app.db.select().from(organisations).where(eq(organisations.slug, 'klartone-tm')).get()!
    const own = await fetch(`${app.url}/da/officer/requests/${processorsForwarded.id}/custody/json`, { headers: { Cookie: signedInCookie(app.db, createOfficer(app.db, { orgId: klartone.id })) } })
    expect(own.status).toBe(200)
    const bundle = (await own.json()) as { request: { reference: string } }
    expect(bundle.request.reference).toBe(processorsForwarded.reference)
    // Facts only: the person's name and address are not in it.
    expect(JSON.stringify(bundle)).not.toContain('Hemmeligsen')
  })

  test('a request is never merged with another organisation’s, nor a merge undone with its id', async () => {
    const dup = await file(orgA, { name: 'Dorte Dublet', email: 'dorte@example.com' })
    const again = await file(orgA, { name: 'Dorte Dublet', email: 'dorte@example.com' })
    for (const form of [{ intent: 'merge', other: String(theirs.id) }, { intent: 'unmerge', absorbed: String(theirs.id) }] as Array<Record<string, string>>) {
      const reply = await send(`/da/officer/requests/${again.id}`, form)
      expect(reply.status).toBe(200)
      for (const secret of [theirs.reference, SECRET.name, SECRET.email]) expect(reply.html).not.toContain(secret)
    }
    expect(app.db.select().from(requests).where(eq(requests.id, theirs.id)).get()!.closed).toBe(false)
    expect((await send(`/da/officer/requests/${again.id}`, { intent: 'merge', other: String(dup.id) })).location).toContain('done=merge')
  })

  test('an email of one organisation is never added to another’s request', async () => {
    const reply = await send(`/da/officer/inbox/${mineDraft}`, { intent: 'merge', reference: theirs.reference })
    expect(reply.status).toBe(400)
    for (const secret of [SECRET.name, SECRET.email]) expect(reply.html).not.toContain(secret)
    expect(app.db.select().from(inboundEmails).where(eq(inboundEmails.id, mineDraft)).get()).toMatchObject({ status: 'draft', requestId: null })
  })

  test('ids that are not numbers are 404 too', async () => {
    for (const id of ['abc', '0', '-1', '1e3', String(theirs.id + 10_000)]) expect((await send(`/da/officer/requests/${id}`)).status).toBe(404)
  })
})

describe('the organisation’s own requests', () => {
  test('the queue lists them with the legal deadline in words', async () => {
    const page = await send('/da/officer/queue')
    expect(page.status).toBe(200)
    const text = textOf(page.html)
    expect(text).toContain(mine.main!.reference)
    expect(text).toContain('Anna Andersen')
    expect(page.html).toContain('due-tag--ok')
  })

  test('the CSV export holds them, and not the other organisation’s', async () => {
    const csv = await send('/da/officer/queue/export')
    expect(csv.status).toBe(200)
    expect(csv.html).toContain(mine.main!.reference)
    expect(csv.html).toContain('Anna Andersen')
    expectNothingOf(csv.html, theirs)
  })

  test('the request page shows the request, the person and both dates, each named', async () => {
    const page = await send(`/da/officer/requests/${mine.main!.id}`)
    expect(page.status).toBe(200)
    const text = textOf(page.html)
    for (const s of [mine.main!.reference, 'Anna Andersen', 'anna@example.com', 'Alt om mig', t('request.legalDeadline'), t('request.slaTarget'), t('request.timeline')]) expect(text).toContain(s)
  })

  test.each(FORMS.filter(([name]) => !['answer', 'send', 'withdraw', 'notConfirmed', 'unlist', 'merge', 'unmerge'].includes(name)))('POST %s redirects back to the request with its confirmation', async (name, form) => {
    const reply = await send(`/da/officer/requests/${mine.main!.id}`, form)
    expect(reply.status).toBe(302)
    expect(reply.location).toMatch(new RegExp(`^/da/officer/requests/${mine.main!.id}\\?done=${name}`))
  })

  test.each([
    ['refuse', [{ intent: 'answer', outcome: 'refused', grounds: 'excessive', reasons: 'For mange anmodninger.' }, { intent: 'send' }]],
    ['withdraw', [FORMS.find(([n]) => n === 'withdraw')![1]]],
    ['main', [FORMS.find(([n]) => n === 'answer')![1], { intent: 'send' }]],
  ] as const)('POST %s closes the request', async (name, forms) => {
    const r = mine[name]!
    for (const form of forms) {
      const reply = await send(`/da/officer/requests/${r.id}`, form)
      expect(reply.status, JSON.stringify(form)).toBe(302)
      expect(reply.location).toContain(`done=${form.intent}`)
    }
    expect(app.db.select().from(requests).where(eq(requests.id, r.id)).get()!.closed).toBe(true)
  })

  test('the page shows the whole timeline and conversation after the actions', async () => {
    const text = textOf((await send(`/da/officer/requests/${mine.main!.id}`)).html)
    for (const s of [t('timeline.note_added'), t('timeline.identity_verified'), t('timeline.information_requested'), 'Tak, vi kigger på det.', t('timeline.extended'), t('timeline.answered'), 'Vi har slettet dine oplysninger.']) {
      expect(text).toContain(s)
    }
  })

  test('an invalid form comes back with its error summary and the error title', async () => {
    const reply = await send(`/da/officer/requests/${mine.refuse!.id}?do=note`, { intent: 'note', body: '' })
    expect(reply.status).toBe(200)
    expect(reply.html).toContain('error-summary')
    expect(textOf(reply.html)).toContain(t('errors.noteRequired'))
  })

  test('bulk assignment of its own requests works', async () => {
    const reply = await send('/da/officer/queue', { ids: [String(mine.bulk!.id)], assignee: 'me', back: '/da/officer/queue?type=erasure' })
    expect(reply.status).toBe(302)
    expect(reply.location).toBe('/da/officer/queue?type=erasure&assigned_count=1')
    expect(app.db.select().from(requests).where(eq(requests.id, mine.bulk!.id)).get()!.assigneeId).not.toBeNull()
  })
})

// A processor's client without an account reaches its request through its
// secure link, opened with an emailed code (docs/decisions/017). The session
// that code opens is the link's alone: another link's page stays masked and
// refuses every action, and no officer or person page opens with it.
describe('a controller’s link reaches one request and nothing else', () => {
  let a: { request: Request; token: string }
  let b: { request: Request; token: string }
  let browserA: HttpClient
  const rowsOf = (r: Request) => ({
    request: app.db.select().from(requests).where(eq(requests.id, r.id)).get(),
    forwarding: app.db.select().from(forwardings).where(eq(forwardings.requestId, r.id)).all(),
    tasks: app.db.select().from(assistanceTasks).where(eq(assistanceTasks.requestId, r.id)).all(),
  })

  beforeAll(async () => {
    const klartone = app.db.select().from(organisations).where(eq(organisations.slug, 'klartone-tm')).get()!
    a = await forwardedToClient(app.db, klartone, { name: 'Asta Linkesen', email: 'asta.linkesen@example.com' })
    b = await forwardedToClient(app.db, klartone, { name: 'Bodil Andenlink', email: 'bodil.andenlink@example.com' })
    browserA = await openWithCode(app.db, app.url, a.token)
  })

  test('its own page shows its request, and nothing of another', async () => {
    const page = await browserA.get(`/da/controller/${a.token}`)
    expect(page.status).toBe(200)
    expect(textOf(page.html)).toContain('Asta Linkesen')
    for (const secret of [b.request.reference, 'Andenlink', 'bodil.andenlink']) expect(page.html).not.toContain(secret)
  })

  test('its session is no session on another link: the page stays masked and every action is refused, changing nothing', async () => {
    const before = rowsOf(b.request)
    const page = await browserA.get(`/da/controller/${b.token}`)
    expect(page.status).toBe(200)
    expect(page.html).not.toContain('Andenlink')
    expect(page.html).not.toContain('bodil.andenlink')
    expect(page.html).not.toContain('Asta')
    const forms: Array<Record<string, string>> = [
      { intent: 'acknowledge' },
      { intent: 'directAnswer', on: '2026-03-10' },
      { intent: 'instruct', kind: 'erase' },
      { intent: 'sendBack', reason: 'Ikke vores' },
      { intent: 'answer', outcome: 'refused', grounds: 'manifestly_unfounded', reasons: 'Nej' },
    ]
    for (const form of forms) {
      const reply = await browserA.post(`/da/controller/${b.token}`, form)
      expect(reply.status, form.intent).toBe(403)
      expect(reply.html).not.toContain('Andenlink')
    }
    expect(rowsOf(b.request)).toEqual(before)
  })

  test('its session opens no officer page and no person’s status page', async () => {
    expect(browserA.cookie('__controller')).toBeTruthy()
    expect(browserA.cookie('__officer')).toBeUndefined()
    expect(browserA.cookie('__subject')).toBeUndefined()
    for (const path of ['/da/officer/queue', `/da/officer/requests/${a.request.id}`, '/da/officer/dashboard', `/da/officer/requests/${a.request.id}/collect`]) {
      const page = await browserA.get(path)
      expect(page.status, path).toBe(302)
      expect(page.location, path).toMatch(/^\/da\/officer\/sign-in/)
    }
    const note = await browserA.post(`/da/officer/requests/${a.request.id}`, { intent: 'note', body: 'x' })
    expect(note.status).toBe(302)
    const status = await browserA.get('/da/status/request')
    expect(status.status).toBe(302)
    expect(status.location).toBe('/da/status')
  })
})
