import { eq } from 'drizzle-orm'
import YAML from 'yaml'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { events, organisations, outbox, requests, type Organisation, type Request } from '#db/schema'
import { emailHash } from '~/data/officer-requests.server'
import { extendRequest, ActionRefusedError } from '~/domain/requests.server'
import { prepareAnswer } from '~/domain/answers.server'
import { availableActions, loadActionContext } from '~/domain/actions.server'
import { fixedT } from '~/i18n/i18n'
import { resetClock, setClock } from '~/utils/clock'
import { startApp, type TestApp } from './support/app'
import { HttpClient } from './support/http'
import { createOfficer, signedInCookie } from './support/officers'
import { addresses, linkIn, startSmtp, type TestSmtp } from './support/smtp'

// A processor (the demo's telemarketing agency) holds requests about calls it
// made for its clients; the client answers them (docs/decisions/016). Filed
// through the real form, confirmed through the real email on a real SMTP
// server: one linked request per client named, all with one receipt instant;
// "I don't know" needs routing; the agency cannot answer, refuse or extend
// one, not even by a forged post; and nothing the person is told is untrue.

let app: TestApp
let smtp: TestSmtp
let klartone: Organisation
let officerCookie: string
const t = fixedT('en', ['request', 'emails', 'errors', 'officer', 'auth'])
const base = '/en/o/klartone-tm/request'

beforeAll(async () => {
  setClock('2026-11-20T10:00:00Z')
  smtp = await startSmtp()
  app = await startApp({ smtpUrl: smtp.url })
  klartone = app.db.select().from(organisations).where(eq(organisations.slug, 'klartone-tm')).get()!
  officerCookie = signedInCookie(app.db, createOfficer(app.db, { orgId: klartone.id, role: 'admin' }))
})

afterAll(async () => {
  await app?.close()
  await smtp?.stop()
  resetClock()
})

async function post(client: HttpClient, path: string, form: Record<string, string> | Array<[string, string]>, expected: string) {
  const reply = await client.post(path, form)
  expect(reply.status, `${path} → ${expected}: ${reply.html.slice(0, 200)}`).toBe(302)
  expect(reply.location).toBe(expected)
}

/** Files an access request with the agency through the form, answering "on whose behalf" with `behalf`; confirms it from the email. */
async function fileWithAgency(email: string, behalf: Array<[string, string]>) {
  const client = new HttpClient(app.url)
  await post(client, `${base}/right`, { type: 'access' }, `${base}/details`)
  await post(client, `${base}/details`, { scope: 'all' }, `${base}/identity`)
  await post(client, `${base}/identity`, { name: 'Rasmus Ringet', email }, `${base}/behalf`)
  await post(client, `${base}/behalf`, behalf, `${base}/check`)
  const check = await client.get(`${base}/check`)
  await post(client, `${base}/check`, {}, '/en/request/sent')
  const confirm = await smtp.waitFor((m) => addresses(m).includes(email) && (m.text ?? '').includes('/en/confirm/'))
  // The link opens a page whose button confirms (a mail scanner following links confirms nothing).
  expect((await client.post(linkIn(confirm, `${app.url}/en/confirm/`))).location).toBe('/en/request/confirmed')
  // The agency's own requests; a client on the portal gets one of its own, made from the agency's (tests/forwarding.test.ts).
  const filed = app.db.select().from(requests).where(eq(requests.emailHash, emailHash(email))).all().filter((r) => r.forwardedFromRequestId === null)
  return { client, check: check.html, confirm, filed }
}

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ')

function eventsOf(r: Pick<Request, 'id'>) {
  return app.db.select().from(events).where(eq(events.requestId, r.id)).all()
}

describe('a request about a call made for two clients', () => {
  let filed: Request[]
  let person: HttpClient
  const email = 'two.clients@example.com'

  beforeAll(async () => {
    const result = await fileWithAgency(email, [
      ['about', 'client'],
      ['clients', 'lygtebaererne'],
      ['clients', 'havoernens-venner'],
      ['callerNumber', '+45 00 00 30 00'],
      ['calledOn', '2026-11-12'],
    ])
    filed = result.filed
    person = result.client
    // The check page shows the answer, with a way to change it, and says two requests go out.
    const check = text(result.check)
    expect(check).toContain(`${t('request:check.onBehalfOf')} Lygtebærerne, Havørnens Venner`)
    expect(result.check).toContain(`href="${base}/behalf?change=1"`)
    expect(check).toContain(t('request:check.linked', { count: 2 }))
    // One email confirms both: it says the agency passes the request on, not that it answers.
    expect(result.confirm.text).toContain(t('emails:confirm.introForClient', { org: klartone.name, type: t('request:types.access.name') }))
  })

  test('becomes two linked requests, each with its own reference, client and the same receipt and deadline', () => {
    expect(filed).toHaveLength(2)
    const [a, b] = filed.sort((x, y) => x.id - y.id)
    expect(a!.reference).not.toBe(b!.reference)
    expect(a!.groupId).toBeTruthy()
    expect(b!.groupId).toBe(a!.groupId)
    const lygtebaererne = app.db.select().from(organisations).where(eq(organisations.slug, 'lygtebaererne')).get()!
    expect(a).toMatchObject({ orgId: klartone.id, routing: 'client', clientKey: 'lygtebaererne', onBehalfOfOrgId: lygtebaererne.id, status: 'received' })
    // A client not on the portal is named by its key in the register; it has no organisation here.
    expect(b).toMatchObject({ orgId: klartone.id, routing: 'client', clientKey: 'havoernens-venner', onBehalfOfOrgId: null, status: 'received' })
    // The deadline runs from the agency's receipt, one instant for both (EDPB 07/2020 §§128–129).
    expect(b!.receivedAt.getTime()).toBe(a!.receivedAt.getTime())
    expect(b!.dueAt.getTime()).toBe(a!.dueAt.getTime())
    expect(a!.receivedAt.toISOString()).toBe('2026-11-20T10:00:00.000Z')
    // What the person said about the call is kept for whoever routes it.
    expect(a!.details).toMatchObject({ call: { number: '+4500003000', on: '2026-11-12' } })
    // The audit trail says who answers each, as facts.
    const filedEvent = eventsOf(a!).find((e) => e.kind === 'request_filed')!
    expect(filedEvent.data).toEqual({ channel: 'web', routing: 'client', clientKey: 'lygtebaererne', linked: 2 })
  })

  test('the person is told, truthfully, that the agency passed each on at once, to whom, and who answers by when', async () => {
    const [a, b] = filed.sort((x, y) => x.id - y.id)
    for (const [r, controller] of [
      [a!, 'Lygtebærerne'],
      [b!, 'Havørnens Venner'],
    ] as const) {
      const mail = await smtp.waitFor((m) => addresses(m).includes(email) && (m.subject ?? '').includes(r.reference))
      const body = mail.text ?? ''
      const dueDate = body.match(new RegExp(`${t('emails:facts.dueDate')}:?\\s+(.+)`))?.[1]?.trim()
      expect(dueDate).toBeTruthy()
      // Passed on in the transaction that received it: the same day as the receipt (docs/decisions/017).
      expect(body).toContain(t('emails:confirmed.nextForwarded', { org: klartone.name, controller, date: 'November 20, 2026', dueDate }))
      expect(body).toContain(`${t('emails:facts.answeredBy')}`)
      // Never that the agency answers.
      expect(body).not.toContain(t('emails:confirmed.next', { org: klartone.name, dueDate }))
    }
    const confirmed = text((await person.get('/en/request/confirmed')).html)
    expect(confirmed).toContain(a!.reference)
    expect(confirmed).toContain(b!.reference)
    expect(confirmed).not.toContain(t('request:confirmed.next', { org: klartone.name }))
    expect(confirmed).toContain(t('request:confirmed.nextForwarded', { org: klartone.name, controller: 'Lygtebærerne', date: 'November 20, 2026', dueDate: 'December 21, 2026' }))
    const status = text((await person.get('/en/status/request')).html)
    expect(status).toContain(`${t('request:statusPage.answeredBy')} Lygtebærerne`)
    // Passed on already: the step with its date, no longer that it must be (tests/forwarding-reminders.test.ts).
    expect(status).toContain(t('request:handOver.passedOn', { org: klartone.name, controller: 'Lygtebærerne', date: 'November 20, 2026' }))
    expect(status).not.toContain(t('request:statusPage.passOn', { org: klartone.name, controller: 'Lygtebærerne' }))
  })

  test('the agency’s officer sees which client, the call, and the linked request, and is offered no answer, refusal or extension', async () => {
    const [a, b] = filed.sort((x, y) => x.id - y.id)
    const officer = new HttpClient(app.url, { Cookie: officerCookie })
    const page = text((await officer.get(`/en/officer/requests/${a!.id}`)).html)
    expect(page).toContain(t('officer:request.forClient', { controller: 'Lygtebærerne' }))
    // Passed on already, and the page says so rather than asking the officer to pass it on.
    expect(page).toContain(t('officer:request.forClientPassedOn', { controller: 'Lygtebærerne' }))
    expect(page).not.toContain(t('officer:request.forClientBody', { controller: 'Lygtebærerne' }))
    expect(page).toContain(t('officer:request.callHint', { number: '+4500003000', on: '2026-11-12' }))
    expect(page).toContain(b!.reference)
    // Offered, with the reason why not.
    expect(page).toContain(t('officer:errors.controllerAnswers'))
    const open = await officer.get(`/en/officer/requests/${a!.id}?do=answer`)
    expect(open.html).not.toContain('name="outcome"')
    // The catalogue itself: answer, send and extend are shown as unavailable with the reason; messages, notes and the rest stay.
    const user = createOfficer(app.db, { orgId: klartone.id })
    const offered = availableActions(loadActionContext(app.db, { org: klartone, officer: user, requestId: a!.id, now: new Date(), lang: 'en' }))
    for (const id of ['answer', 'send', 'extend'] as const) expect(offered.find((o) => o.id === id), id).toEqual({ id, available: false, reason: 'controllerAnswers' })
    for (const id of ['ask', 'message', 'note', 'assign', 'withdraw'] as const) expect(offered.find((o) => o.id === id)?.available, id).toBe(true)
  })

  test('a forged answer, refusal, send or extension is refused, and nothing changes', async () => {
    const [a] = filed.sort((x, y) => x.id - y.id)
    const officer = new HttpClient(app.url, { Cookie: officerCookie })
    const before = app.db.select().from(requests).where(eq(requests.id, a!.id)).get()!
    const trail = eventsOf(a!).length
    const queued = () => app.db.select().from(outbox).where(eq(outbox.requestId, a!.id)).all().length
    const queuedBefore = queued()
    const forms: Array<Record<string, string>> = [
      { intent: 'answer', outcome: 'refused', grounds: 'manifestly_unfounded', reasons: 'Manifestly unfounded' },
      { intent: 'answer', outcome: 'granted', reasons: 'Here is your data' },
      { intent: 'answer', outcome: 'no_data' },
      { intent: 'send' },
      { intent: 'extend', months: '2', reason: 'Many requests' },
    ]
    for (const form of forms) {
      const reply = await officer.post(`/en/officer/requests/${a!.id}`, form)
      expect(reply.status, form.intent).toBe(200)
      expect(text(reply.html), form.intent).toContain(t('officer:errors.controllerAnswers'))
    }
    const after = app.db.select().from(requests).where(eq(requests.id, a!.id)).get()!
    expect(after).toMatchObject({ status: before.status, outcome: null, closed: false, extensionMonths: 0, dueAt: before.dueAt })
    expect(eventsOf(a!).filter((e) => e.kind !== 'assigned')).toHaveLength(trail)
    // No email to the person about it.
    expect(queued()).toBe(queuedBefore)
    // The transitions themselves refuse it too, whoever calls them.
    const officerId = createOfficer(app.db, { orgId: klartone.id }).id
    const act = { orgId: klartone.id, requestId: a!.id, officerId }
    expect(() => prepareAnswer(app.db, { ...act, outcome: 'refused', grounds: ['manifestly_unfounded'], reasons: 'x' })).toThrow(ActionRefusedError)
    expect(() => extendRequest(app.db, { ...act, months: 1, reason: 'x' })).toThrow(ActionRefusedError)
  })
})

describe('a request whose client the person does not know', () => {
  test('is one request that needs routing, found by the queue’s filter', async () => {
    const email = 'no.idea@example.com'
    const { filed, client } = await fileWithAgency(email, [
      ['about', 'client'],
      ['clients', 'unknown'],
    ])
    expect(filed).toHaveLength(1)
    expect(filed[0]).toMatchObject({ routing: 'needs_routing', clientKey: null, groupId: null, onBehalfOfOrgId: null, status: 'received' })
    const mail = await smtp.waitFor((m) => addresses(m).includes(email) && (m.subject ?? '').includes(filed[0]!.reference))
    expect(mail.text).toContain(`${t('emails:facts.answeredBy')}`)
    expect(mail.text).toContain(t('emails:facts.notYetKnown'))
    expect(mail.text).not.toMatch(new RegExp(`${klartone.name} will handle|${klartone.name} must answer`))
    expect(text((await client.get('/en/status/request')).html)).toContain(t('request:statusPage.needsRouting', { org: klartone.name }))
    const officer = new HttpClient(app.url, { Cookie: officerCookie })
    expect(text((await officer.get(`/en/officer/requests/${filed[0]!.id}`)).html)).toContain(t('officer:request.needsRoutingBody'))
    const queue = (await officer.get('/en/officer/queue?needsRouting=1')).html
    expect(queue).toContain(filed[0]!.reference)
    // Only those: a request naming a client is not among them.
    const named = app.db.select().from(requests).where(eq(requests.emailHash, emailHash('two.clients@example.com'))).all()
    for (const r of named) expect(queue).not.toContain(r.reference)
    // Each row says whose request it is: "needs routing" here, the client's name for those naming one.
    expect(text(queue)).toContain(`${filed[0]!.reference} ${t('officer:queue.needsRoutingMark')}`)
    const all = text((await officer.get('/en/officer/queue')).html)
    const forLygte = named.find((r) => r.clientKey === 'lygtebaererne' && r.orgId === klartone.id)!
    expect(all).toContain(`${forLygte.reference} ${t('officer:queue.forClient', { controller: 'Lygtebærerne' })}`)
  })
})

describe('a request about the agency’s own use of the data', () => {
  test('is the agency’s to answer, with every action, and says so', async () => {
    const email = 'own.use@example.com'
    const { filed } = await fileWithAgency(email, [
      ['about', 'own'],
      // Ticked before changing one's mind: ignored for the agency's own use.
      ['clients', 'lygtebaererne'],
    ])
    expect(filed).toHaveLength(1)
    expect(filed[0]).toMatchObject({ routing: null, clientKey: null, onBehalfOfOrgId: null })
    const mail = await smtp.waitFor((m) => addresses(m).includes(email) && (m.subject ?? '').includes(filed[0]!.reference))
    expect(mail.text).not.toContain(t('emails:facts.answeredBy'))
    const officer = new HttpClient(app.url, { Cookie: officerCookie })
    const page = await officer.get(`/en/officer/requests/${filed[0]!.id}?do=extend`)
    expect(page.html).toContain('name="months"')
    expect(text(page.html)).not.toContain(t('officer:errors.controllerAnswers'))
  })
})

describe('the question on the form', () => {
  test('errors are GOV.UK style, the number suggests the client, and "I don’t know" is not a client', async () => {
    const client = new HttpClient(app.url)
    await post(client, `${base}/right`, { type: 'erasure' }, `${base}/details`)
    await post(client, `${base}/details`, { what: 'Everything', why: 'I never agreed' }, `${base}/identity`)
    await post(client, `${base}/identity`, { name: 'Sara Spurgt', email: 'sara@example.com' }, `${base}/behalf`)
    const both = await client.post(`${base}/behalf`, [
      ['about', 'client'],
      ['clients', 'lygtebaererne'],
      ['clients', 'unknown'],
    ])
    expect(both.status).toBe(200)
    expect(text(both.html)).toContain(`${fixedT('en', 'common')('errorPrefix')}`)
    expect(text(both.html)).toContain(t('errors:behalf.unknownAndClients'))
    const forged = await client.post(`${base}/behalf`, [
      ['about', 'client'],
      ['clients', 'some-other-agency-client'],
    ])
    expect(text(forged.html)).toContain(t('errors:behalf.clientsRequired'))
    const badNumber = await client.post(`${base}/behalf`, [
      ['about', 'client'],
      ['clients', 'unknown'],
      ['callerNumber', 'call me maybe'],
    ])
    expect(text(badNumber.html)).toContain(t('errors:behalf.numberInvalid'))
    // The number and date suggest the client, ticked, and nothing is saved yet.
    const suggested = await client.post(`${base}/behalf`, [
      ['callerNumber', '00 00 30 00'],
      ['calledOn', '2026-08-01'],
      ['_suggest', '1'],
    ])
    expect(suggested.status).toBe(200)
    expect(text(suggested.html)).toContain(t('request:behalf.suggested', { clients: 'Lygtebærerne (Faste støtter, efterår)' }))
    expect(suggested.html).toContain('name="clients" checked="" value="lygtebaererne"')
    expect(suggested.html).not.toContain('name="clients" checked="" value="engblomst-naturvaern"')
    expect((await client.get(`${base}/check`)).location).toBe(`${base}/behalf`)
    // Switching language midway keeps every box ticked, unchecked.
    const switched = await client.post(`${base}/behalf`, [
      ['about', 'client'],
      ['clients', 'lygtebaererne'],
      ['clients', 'havoernens-venner'],
      ['_language', 'da'],
    ])
    expect(switched.location).toBe('/da/o/klartone-tm/request/behalf')
    const danish = (await client.get('/da/o/klartone-tm/request/behalf')).html
    expect(danish).toContain('name="clients" checked="" value="lygtebaererne"')
    expect(danish).toContain('name="clients" checked="" value="havoernens-venner"')
    expect(danish).toContain(fixedT('da', 'request')('behalf.clients'))
  })

  test('a controller’s form has no such question', async () => {
    const client = new HttpClient(app.url)
    await post(client, '/en/o/lygtebaererne/request/right', { type: 'access' }, '/en/o/lygtebaererne/request/details')
    await post(client, '/en/o/lygtebaererne/request/details', { scope: 'all' }, '/en/o/lygtebaererne/request/identity')
    await post(client, '/en/o/lygtebaererne/request/identity', { name: 'Ida', email: 'ida@example.com' }, '/en/o/lygtebaererne/request/check')
    expect((await client.get('/en/o/lygtebaererne/request/behalf')).status).toBe(404)
  })
})

describe('the register of clients, kept by the processor’s admins', () => {
  test('an admin saves it, checked like the file; linking a client to an organisation on the portal stays the operator’s', async () => {
    const admin = new HttpClient(app.url, { Cookie: officerCookie })
    const page = await admin.get('/en/officer/clients')
    expect(page.status).toBe(200)
    expect(text(page.html)).toContain('Havørnens Venner')
    const current = YAML.parse(klartone.profile.clients.length ? YAML.stringify(klartone.profile.clients) : '[]') as Array<Record<string, unknown>>
    // A new client, with a number written the way people write it.
    const added = [...current, { key: 'sydhavn-kor', name: 'Sydhavn Kor', privacyEmail: 'privacy@sydhavn-kor.example', escalationEmail: 'board@sydhavn-kor.example', language: 'da', country: 'DK', campaigns: [{ name: 'Forår', from: '2027-03-01', numbers: ['0045 00 00 30 09'] }] }]
    expect((await admin.post('/en/officer/clients', { register: YAML.stringify(added) })).location).toBe('/en/officer/clients?saved=1')
    const saved = app.db.select().from(organisations).where(eq(organisations.id, klartone.id)).get()!
    expect(saved.profile.clients.at(-1)).toMatchObject({ key: 'sydhavn-kor', campaigns: [{ numbers: ['+4500003009'] }] })
    // The rest of the file is untouched.
    expect(saved.profile.register).toEqual(klartone.profile.register)
    // The new client is a choice on the form at once.
    expect((await new HttpClient(app.url).get('/en/o/klartone-tm')).status).toBe(200)
    // Errors name the field; nothing is saved.
    const broken = await admin.post('/en/officer/clients', { register: YAML.stringify([{ ...added[0], campaigns: [{ name: 'x', from: '2026-01-01', numbers: ['call us'] }] }]) })
    expect(broken.status).toBe(200)
    expect(text(broken.html)).toContain(t('auth:clients.problems'))
    expect(broken.html).toContain('clients[0].campaigns[0].numbers[0]')
    // Linking a client to another organisation on the portal is refused.
    const linked = await admin.post('/en/officer/clients', { register: YAML.stringify([{ ...added.at(-1), organisation: 'granlia-dyreklinikk' }]) })
    expect(linked.html).toContain('only the portal&#x27;s operator can link a client')
    expect(app.db.select().from(organisations).where(eq(organisations.id, klartone.id)).get()!.profile.clients).toEqual(saved.profile.clients)
    // …and so is removing a link the operator made, by leaving it out.
    const linkedBefore = saved.profile.clients.find((c) => c.organisation)!
    const unlinked = saved.profile.clients.map((c) => (c.key === linkedBefore.key ? { ...c, organisation: undefined } : c))
    const removal = await admin.post('/en/officer/clients', { register: YAML.stringify(unlinked) })
    expect(removal.html).toContain('only the portal&#x27;s operator can link a client')
    expect(app.db.select().from(organisations).where(eq(organisations.id, klartone.id)).get()!.profile.clients).toEqual(saved.profile.clients)
  })

  test('an officer may not, and a controller has no register', async () => {
    const officer = new HttpClient(app.url, { Cookie: signedInCookie(app.db, createOfficer(app.db, { orgId: klartone.id })) })
    expect((await officer.get('/en/officer/clients')).status).toBe(403)
    const lygtebaererne = app.db.select().from(organisations).where(eq(organisations.slug, 'lygtebaererne')).get()!
    const controllerAdmin = new HttpClient(app.url, { Cookie: signedInCookie(app.db, createOfficer(app.db, { orgId: lygtebaererne.id, role: 'admin' })) })
    expect((await controllerAdmin.get('/en/officer/clients')).status).toBe(404)
    expect((await controllerAdmin.post('/en/officer/clients', { register: '[]' })).status).toBe(404)
  })
})
