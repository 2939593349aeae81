import { eq } from 'drizzle-orm'
import type { ParsedMail } from 'mailparser'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { assistanceTasks, controllerLinks, events, forwardings, messages, organisations, requests, type Organisation, type Request } from '#db/schema'
import { pdfText } from '~/documents/test-support'
import { emailHash } from '~/data/officer-requests.server'
import { answeringOrg, CONTROLLER_LINK_DAYS_AFTER_CLOSE, maskEmail, maskName } from '~/domain/controller-link.server'
import { withdrawRequest } from '~/domain/requests.server'
import { fixedT } from '~/i18n/i18n'
import { nowMs, resetClock, setClock } from '~/utils/clock'
import { randomToken } from '~/utils/tokens.server'
import { startApp, type TestApp } from './support/app'
import { HttpClient, textOf } from './support/http'
import { createOfficer, signedInCookie } from './support/officers'
import { addresses, linkIn, startSmtp, type TestSmtp } from './support/smtp'

// The secure page of a client without an account (havoernens-venner of the
// demo agency, known only by its privacy address), through the real form, the
// real emails on a real SMTP server and the production build: the link from
// the forwarding email shows the case masked until the one-time code emailed
// to the client's privacy contact is given; the code works once, dies after 5
// wrong tries; the client acknowledges, instructs the agency, answers the
// person in its own name, or sends the request back. Every link that does
// not work (forged, revoked, sent back, expired) shows the same page.

let app: TestApp
let smtp: TestSmtp
let klartone: Organisation
let officer: HttpClient
let officerEmail: string
const t = fixedT('da', ['controller', 'officer', 'emails', 'documents'])
const CLIENT = 'privacy@havoernens-venner.example'
const base = '/da/o/klartone-tm/request'

beforeAll(async () => {
  setClock('2026-11-20T10:00:00Z')
  smtp = await startSmtp()
  app = await startApp({ smtpUrl: smtp.url })
  klartone = app.db.select().from(organisations).where(eq(organisations.slug, 'klartone-tm')).get()!
  const admin = createOfficer(app.db, { orgId: klartone.id, role: 'admin', language: 'da' })
  officerEmail = admin.email
  officer = new HttpClient(app.url, { Cookie: signedInCookie(app.db, admin) })
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

/** Files a request with the agency through the form, naming the client; confirms it from the email; returns it and the client's link from the forwarding email. */
async function fileNamingClient(name: string, email: string) {
  const person = new HttpClient(app.url)
  await post(person, `${base}/right`, { type: 'access' }, `${base}/details`)
  await post(person, `${base}/details`, { scope: 'all' }, `${base}/identity`)
  await post(person, `${base}/identity`, { name, email }, `${base}/behalf`)
  await post(person, `${base}/behalf`, [
    ['about', 'client'],
    ['clients', 'havoernens-venner'],
    ['callerNumber', '+45 00 00 30 03'],
    ['calledOn', '2026-11-18'],
  ], `${base}/check`)
  await post(person, `${base}/check`, {}, '/da/request/sent')
  const confirm = await smtp.waitFor((m) => addresses(m).includes(email) && (m.text ?? '').includes('/da/confirm/'))
  expect((await person.post(linkIn(confirm, `${app.url}/da/confirm/`))).location).toBe('/da/request/confirmed')
  const request = app.db.select().from(requests).where(eq(requests.emailHash, emailHash(email))).get()!
  const forwarded = await smtp.waitFor((m) => addresses(m).includes(CLIENT) && (m.subject ?? '').includes(request.reference))
  return { request, person, link: linkIn(forwarded, `${app.url}/da/controller/`) }
}

const seen = new Set<string>()
/** The next code emailed for the request (never one read before), and to whom it went. */
async function nextCode(reference: string): Promise<{ code: string; mail: ParsedMail }> {
  const subject = t('emails:controllerCode.subject', { reference, processor: klartone.name, controller: 'Havørnens Venner' })
  const mail = await smtp.waitFor((m) => !seen.has(m.messageId ?? '') && m.subject === subject)
  seen.add(mail.messageId ?? '')
  const code = /\b(\d{8})\b/.exec(mail.text ?? '')?.[1]
  expect(code, mail.text).toBeTruthy()
  return { code: code!, mail }
}

function eventsOf(r: Pick<Request, 'id'>, kind?: string) {
  return app.db
    .select()
    .from(events)
    .where(eq(events.requestId, r.id))
    .all()
    .filter((e) => !kind || e.kind === kind)
}

const forwardingOf = (r: Pick<Request, 'id'>) => app.db.select().from(forwardings).where(eq(forwardings.requestId, r.id)).get()!
const reload = (r: Pick<Request, 'id'>) => app.db.select().from(requests).where(eq(requests.id, r.id)).get()!
const pathOf = (link: string) => link.slice(app.url.length)

/** Opens the link with a fresh code in a browser of its own. */
async function open(link: string, reference: string): Promise<HttpClient> {
  const browser = new HttpClient(app.url)
  expect((await browser.post(pathOf(link), { intent: 'sendCode' })).status).toBe(302)
  const { code } = await nextCode(reference)
  const reply = await browser.post(pathOf(link), { intent: 'enterCode', code })
  expect(reply.status, textOf(reply.html).slice(0, 300)).toBe(302)
  return browser
}

let refusal = ''

describe('the client’s link, opened with the emailed code', () => {
  let request: Request
  let link: string
  let client: HttpClient
  let person: HttpClient

  beforeAll(async () => {
    ;({ request, link, person } = await fileNamingClient('Rasmus Ringet', 'rasmus.ringet@example.com'))
    // What a link that does not work shows, to compare every refusal with.
    const forged = await new HttpClient(app.url).get(`/da/controller/${randomToken()}`)
    expect(forged.status).toBe(404)
    refusal = textOf(forged.html)
    expect(refusal).toContain(t('controller:refused.title'))
  })

  test('before the code: the case by reference, the person masked', async () => {
    const page = await new HttpClient(app.url).get(pathOf(link))
    expect(page.status).toBe(200)
    const text = textOf(page.html)
    for (const s of [request.reference, 'Havørnens Venner', klartone.name, 'R***** R*****', 'r***@e***.com', t('controller:code.send')]) expect(text).toContain(s)
    for (const s of ['Rasmus', 'Ringet', 'rasmus.ringet', '00 00 30 03', '+4500003003']) expect(page.html).not.toContain(s)
    expect(maskName('Rasmus Ringet')).toBe('R***** R*****')
    expect(maskEmail('rasmus.ringet@example.com')).toBe('r***@e***.com')
  })

  test('a code goes to the client’s privacy contact only, in Danish; a wrong one is refused, the right one opens the page once', async () => {
    client = new HttpClient(app.url)
    // An address typed in the form changes nothing: the code goes where the request was sent.
    const sent = await client.post(pathOf(link), { intent: 'sendCode', email: 'attacker@example.com' })
    expect(sent.status).toBe(302)
    expect(sent.location).toContain('code=sent')
    const { code, mail } = await nextCode(request.reference)
    expect(addresses(mail)).toEqual([CLIENT])
    expect(mail.headers.get('content-language')).toBe('da')
    expect(mail.text).not.toContain('Rasmus')
    expect(smtp.messages.some((m) => addresses(m).includes('attacker@example.com'))).toBe(false)
    expect(eventsOf(request, 'controller_code_sent')).toHaveLength(1)

    const wrong = await client.post(pathOf(link), { intent: 'enterCode', code: code === '00000000' ? '11111111' : '00000000' })
    expect(wrong.status).toBe(400)
    expect(textOf(wrong.html)).toContain(t('controller:errors.wrong'))
    expect(wrong.html).not.toContain('Rasmus')
    expect(eventsOf(request, 'controller_code_refused').map((e) => e.data)).toEqual([{ forwardingId: forwardingOf(request).id, reason: 'wrong' }])

    const right = await client.post(pathOf(link), { intent: 'enterCode', code })
    expect(right.status).toBe(302)
    expect(right.location).toBe(`${pathOf(link)}?done=opened`)
    expect(client.cookie('__controller')).toBeTruthy()
    expect(client.cookie('__officer')).toBeUndefined()
    const opened = textOf((await client.get(pathOf(link))).html)
    for (const s of ['Rasmus Ringet', 'rasmus.ringet@example.com', '+4500003003', '2026-11-18', t('controller:acknowledge.submit')]) expect(opened).toContain(s)
    expect(forwardingOf(request).openedAt).not.toBeNull()
    expect(eventsOf(request, 'controller_link_opened')).toHaveLength(1)

    // The code is used up: another browser giving it again is refused and sees nothing.
    const again = new HttpClient(app.url)
    const reused = await again.post(pathOf(link), { intent: 'enterCode', code })
    expect(reused.status).toBe(400)
    expect(textOf(reused.html)).toContain(t('controller:errors.noCode'))
    expect(reused.html).not.toContain('Rasmus')
    expect(again.cookie('__controller')).toBeUndefined()
  })

  test('the session cookie is HttpOnly, SameSite=Strict, for the whole site, and acts on nothing without it', async () => {
    const reply = await fetch(app.url + pathOf(link), { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'intent=sendCode', redirect: 'manual' })
    expect(reply.status).toBe(302)
    const { code } = await nextCode(request.reference)
    const entered = await fetch(app.url + pathOf(link), { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `intent=enterCode&code=${code}`, redirect: 'manual' })
    const cookie = entered.headers.getSetCookie().find((c) => c.startsWith('__controller='))!
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toMatch(/SameSite=Strict/i)
    expect(cookie).toMatch(/Path=\//)
    // Without a session, an action is refused and changes nothing.
    const stranger = await new HttpClient(app.url).post(pathOf(link), { intent: 'acknowledge' })
    expect(stranger.status).toBe(403)
    expect(textOf(stranger.html)).toContain(t('controller:errors.codeFirst'))
    expect(forwardingOf(request).acknowledgedAt).toBeNull()
  })

  test('five wrong tries kill a code', async () => {
    const browser = new HttpClient(app.url)
    await browser.post(pathOf(link), { intent: 'sendCode' })
    const { code } = await nextCode(request.reference)
    const wrongCode = code === '12345678' ? '87654321' : '12345678'
    const replies = []
    for (let i = 0; i < 5; i++) replies.push(textOf((await browser.post(pathOf(link), { intent: 'enterCode', code: wrongCode })).html))
    for (const r of replies.slice(0, 4)) expect(r).toContain(t('controller:errors.wrong'))
    expect(replies[4]).toContain(t('controller:errors.tooMany'))
    const late = await browser.post(pathOf(link), { intent: 'enterCode', code })
    expect(late.status).toBe(400)
    expect(textOf(late.html)).toContain(t('controller:errors.noCode'))
    expect(browser.cookie('__controller')).toBeUndefined()
    const reasons = eventsOf(request, 'controller_code_refused').map((e) => (e.data as { reason: string }).reason)
    expect(reasons.filter((r) => r === 'too_many')).toHaveLength(1)
    // Codes are stored only as hashes.
    const row = app.db.select().from(controllerLinks).where(eq(controllerLinks.forwardingId, forwardingOf(request).id)).get()!
    expect(JSON.stringify(row)).not.toContain(code)
  })

  test('acknowledge, then instruct the agency: a task in its queue, its officers told', async () => {
    expect((await client.post(pathOf(link), { intent: 'acknowledge' })).location).toBe(`${pathOf(link)}?done=acknowledge`)
    expect(forwardingOf(request).acknowledgedAt).not.toBeNull()
    expect(eventsOf(request, 'acknowledged')).toHaveLength(1)
    expect(eventsOf(request, 'acknowledged')[0]!.actorKind).toBe('controller')
    expect(textOf((await client.get(`${pathOf(link)}?done=acknowledge`)).html)).toContain(t('controller:doneNotice.acknowledge'))

    expect((await client.post(pathOf(link), { intent: 'instruct', kind: 'export' })).location).toBe(`${pathOf(link)}?done=instruct`)
    const tasks = app.db.select().from(assistanceTasks).where(eq(assistanceTasks.requestId, request.id)).all()
    expect(tasks).toMatchObject([{ kind: 'export', orgId: klartone.id, forwardingId: forwardingOf(request).id, doneAt: null }])
    expect(tasks[0]!.dueAt.getTime()).toBeLessThanOrEqual(request.dueAt.getTime())
    expect(eventsOf(request, 'instructed')).toHaveLength(1)
    const alert = t('emails:forwardingAlert.instructed.subject', { org: klartone.name, controller: 'Havørnens Venner', reference: request.reference })
    await smtp.waitFor((m) => addresses(m).includes(officerEmail) && m.subject === alert)
    // The same instruction again, while the first is open, is refused.
    const twice = await client.post(pathOf(link), { intent: 'instruct', kind: 'export' })
    expect(twice.status).toBe(400)
    expect(textOf(twice.html)).toContain(t('controller:errors.alreadyInstructed'))
    expect(app.db.select().from(assistanceTasks).where(eq(assistanceTasks.requestId, request.id)).all()).toHaveLength(1)
  })

  test('a bad date for a direct answer is refused with its error', async () => {
    const reply = await client.post(pathOf(link), { intent: 'directAnswer', on: '2025-01-01' })
    expect(reply.status).toBe(400)
    expect(textOf(reply.html)).toContain(t('controller:errors.dateOutOfRange'))
    expect(forwardingOf(request).directAnswerOn).toBeNull()
  })

  test('the answer reaches the person in the client’s name, with its grounds and the authority, and the letter names the client, not the agency', async () => {
    const reply = await client.post(pathOf(link), [
      ['intent', 'answer'],
      ['outcome', 'refused'],
      ['grounds', 'manifestly_unfounded'],
      ['reasons', 'Vi har aldrig ringet til dig for Havørnens Venner.'],
    ])
    expect(reply.status, textOf(reply.html).slice(0, 400)).toBe(302)
    expect(reply.location).toBe(`${pathOf(link)}?done=answer`)
    const closed = reload(request)
    expect(closed).toMatchObject({ status: 'refused', outcome: 'refused', closed: true })
    expect(forwardingOf(request).answeredAt).not.toBeNull()
    expect(eventsOf(request, 'controller_answered').map((e) => e.data)).toEqual([{ forwardingId: forwardingOf(request).id, outcome: 'refused' }])
    expect(eventsOf(request, 'answered')[0]!.actorKind).toBe('controller')

    const refused = await smtp.waitFor((m) => addresses(m).includes('rasmus.ringet@example.com') && (m.subject ?? '').includes(request.reference) && (m.text ?? '').includes('Datatilsynet'))
    expect(refused.text).toContain(fixedT('da', 'officer')('emails.refused.intro', { org: 'Havørnens Venner' }))
    expect(refused.text).not.toContain(fixedT('da', 'officer')('emails.refused.intro', { org: klartone.name }))

    // The person downloads it as usual: the status link of the email, then a fresh download link.
    expect((await person.post(linkIn(refused, `${app.url}/da/status/open/`))).status).toBe(302)
    expect((await person.post('/da/status/request', { intent: 'download-link' })).status).toBe(302)
    const download = await smtp.waitFor((m) => addresses(m).includes('rasmus.ringet@example.com') && (m.text ?? '').includes('/da/status/download/'))
    expect((await person.post(linkIn(download, `${app.url}/da/status/download/`))).status).toBe(302)
    const href = /href="(\/da\/status\/answer\/\d+)"/.exec((await person.get('/da/status/request')).html)?.[1]
    expect(href).toBeTruthy()
    const file = await fetch(app.url + href!, { headers: { Cookie: `__subject=${person.cookie('__subject')}` } })
    expect(file.status).toBe(200)
    const letter = pdfText(Buffer.from(await file.arrayBuffer()))
    expect(letter).toContain('Havørnens Venner')
    expect(letter).toContain(CLIENT)
    expect(letter).toContain('Datatilsynet')
    expect(letter).not.toContain(klartone.name)
    expect(letter).not.toContain(klartone.privacyEmail)

    // Closed: the page reads, and acts no more.
    const page = await client.get(pathOf(link))
    expect(page.status).toBe(200)
    expect(textOf(page.html)).toContain(t('controller:closedNotice'))
    const late = await client.post(pathOf(link), { intent: 'directAnswer', on: '2026-11-21' })
    expect(late.status).toBe(400)
    expect(textOf(late.html)).toContain(t('controller:errors.closed'))
    const sendBack = await client.post(pathOf(link), { intent: 'sendBack', reason: 'For sent' })
    expect(sendBack.status).toBe(400)
    expect(textOf(sendBack.html)).toContain(t('controller:errors.closed'))
    expect(forwardingOf(request).active).toBe(true)
  })
})

describe('who signs an answer given through the link', () => {
  test('the client, with its own authority, or the agency’s only when both are in one country; else it answers directly', () => {
    const client = klartone.profile.clients.find((c) => c.key === 'havoernens-venner')!
    expect(answeringOrg(klartone, client)).toEqual({ name: 'Havørnens Venner', country: 'DK', privacyEmail: CLIENT, authority: klartone.profile.authority })
    expect(answeringOrg(klartone, { ...client, country: 'SE' })).toBeNull()
    const imy = { name: { da: 'Integritetsskyddsmyndigheten', en: 'IMY' }, complaintUrl: 'https://www.imy.se/privatperson/' }
    expect(answeringOrg(klartone, { ...client, country: 'SE', authority: imy })).toMatchObject({ name: 'Havørnens Venner', country: 'SE', authority: imy })
  })
})

describe('a request that is not the client’s, sent back', () => {
  test('returns to the agency’s routing with its deadline unchanged; the reason is an internal note; the link stops working', async () => {
    const { request, link } = await fileNamingClient('Sofie Sendtilbage', 'sofie@example.com')
    const client = await open(link, request.reference)
    const empty = await client.post(pathOf(link), { intent: 'sendBack', reason: '  ' })
    expect(empty.status).toBe(400)
    expect(textOf(empty.html)).toContain(t('controller:errors.reasonRequired'))
    const reply = await client.post(pathOf(link), { intent: 'sendBack', reason: 'Vi har ingen medlemmer med det navn.' })
    expect(reply.status).toBe(302)
    expect(reply.location).toBe(pathOf(link))
    const done = await client.get(pathOf(link))
    expect(done.status).toBe(200)
    expect(textOf(done.html)).toContain(t('controller:sendBack.doneTitle', { processor: klartone.name }))
    const after = reload(request)
    expect(after).toMatchObject({ routing: 'needs_routing', clientKey: null, status: request.status, closed: false })
    expect(after.dueAt.getTime()).toBe(request.dueAt.getTime())
    expect(after.receivedAt.getTime()).toBe(request.receivedAt.getTime())
    const forwarding = forwardingOf(request)
    expect(forwarding).toMatchObject({ active: false })
    expect(forwarding.returnedAt).not.toBeNull()
    const sentBack = eventsOf(request, 'sent_back')
    expect(sentBack).toHaveLength(1)
    const note = app.db.select().from(messages).where(eq(messages.id, (sentBack[0]!.data as { messageId: number }).messageId)).get()!
    expect(note).toMatchObject({ audience: 'internal', purpose: 'note', authorKind: 'controller', body: 'Vi har ingen medlemmer med det navn.' })
    // The event holds facts, never the reason's words.
    expect(JSON.stringify(sentBack[0]!.data)).not.toContain('medlemmer')
    const alert = t('emails:forwardingAlert.sentBack.subject', { org: klartone.name, controller: 'Havørnens Venner', reference: request.reference })
    await smtp.waitFor((m) => addresses(m).includes(officerEmail) && m.subject === alert)
    // The agency's officer sees it needing routing again.
    expect(textOf((await officer.get(`/da/officer/requests/${request.id}`)).html)).toContain(fixedT('da', 'officer')('request.needsRoutingBody'))
    // The link: the same page as a forged one, for anyone else, and for the session opened on it.
    const page = await new HttpClient(app.url).get(pathOf(link))
    expect(page.status).toBe(404)
    expect(textOf(page.html)).toBe(refusal)
    expect((await client.post(pathOf(link), { intent: 'acknowledge' })).status).toBe(404)
    expect(forwardingOf(request).acknowledgedAt).toBeNull()
    // The agency's officer routes it again, to the right client: passed on at once, the deadline still the one of the receipt.
    const routed = await officer.post(`/da/officer/requests/${request.id}`, { intent: 'route', clients: 'engblomst-naturvaern' })
    expect(routed.status).toBe(302)
    const rerouted = reload(request)
    expect(rerouted).toMatchObject({ routing: 'client', clientKey: 'engblomst-naturvaern' })
    expect(rerouted.dueAt.getTime()).toBe(request.dueAt.getTime())
    const handOvers = app.db.select().from(forwardings).where(eq(forwardings.requestId, request.id)).all()
    expect(handOvers.map((f) => [f.clientKey, f.active])).toEqual([
      ['havoernens-venner', false],
      ['engblomst-naturvaern', true],
    ])
  })
})

describe('links that do not work all say the same, and nothing more', () => {
  test('forged tokens', async () => {
    for (const token of [randomToken(), 'abc', 'x'.repeat(200)]) {
      const page = await new HttpClient(app.url).get(`/da/controller/${token}`)
      expect(page.status, token).toBe(404)
      expect(textOf(page.html)).toBe(refusal)
      const posted = await new HttpClient(app.url).post(`/da/controller/${token}`, { intent: 'sendCode' })
      expect(posted.status).toBe(404)
      expect(textOf(posted.html)).toBe(refusal)
    }
  })

  test('a link the agency’s officer withdrew, and the session opened on it', async () => {
    const { request, link } = await fileNamingClient('Rikke Revoke', 'rikke@example.com')
    const client = await open(link, request.reference)
    // The client says it answers the person itself: recorded as its word; the agency's part is done, its request closes.
    expect((await client.post(pathOf(link), { intent: 'directAnswer', on: '2026-11-20' })).location).toBe(`${pathOf(link)}?done=directAnswer`)
    expect(forwardingOf(request)).toMatchObject({ directAnswerOn: '2026-11-20' })
    expect(forwardingOf(request).answeredAt).not.toBeNull()
    expect(eventsOf(request, 'direct_answer_recorded').map((e) => e.data)).toEqual([{ forwardingId: forwardingOf(request).id, on: '2026-11-20' }])
    expect(reload(request)).toMatchObject({ status: 'completed', outcome: 'answered_directly', closed: true })
    const page = await officer.get(`/da/officer/requests/${request.id}`)
    expect(textOf(page.html)).toContain(fixedT('da', 'officer')('actions.revokeLink.heading'))
    const form = await officer.get(`/da/officer/requests/${request.id}?do=revokeLink`)
    expect(textOf(form.html)).toContain(fixedT('da', 'officer')('controllerLink.revoke.notice'))
    const revoked = await officer.post(`/da/officer/requests/${request.id}`, { intent: 'revokeLink' })
    expect(revoked.status).toBe(302)
    expect(revoked.location).toContain('done=revokeLink')
    expect(eventsOf(request, 'controller_link_revoked').map((e) => e.data)).toEqual([{ forwardingId: forwardingOf(request).id, links: 1 }])
    const after = await client.get(pathOf(link))
    expect(after.status).toBe(404)
    expect(textOf(after.html)).toBe(refusal)
    expect((await client.post(pathOf(link), { intent: 'acknowledge' })).status).toBe(404)
    expect((await new HttpClient(app.url).post(pathOf(link), { intent: 'sendCode' })).status).toBe(404)
    expect(forwardingOf(request).acknowledgedAt).toBeNull()
    // Not offered on a request the agency answers itself, and a forged post there changes nothing.
    const own = app.db.select().from(requests).where(eq(requests.orgId, klartone.id)).all().find((r) => r.routing === null)
    if (own) {
      expect(textOf((await officer.get(`/da/officer/requests/${own.id}`)).html)).not.toContain(fixedT('da', 'officer')('actions.revokeLink.heading'))
      const forged = await officer.post(`/da/officer/requests/${own.id}`, { intent: 'revokeLink' })
      expect(forged.status).toBe(200)
      expect(eventsOf(own, 'controller_link_revoked')).toHaveLength(0)
    }
  })

  test(`a link ${CONTROLLER_LINK_DAYS_AFTER_CLOSE} days after its request closed`, async () => {
    const { request, link } = await fileNamingClient('Emil Expired', 'emil@example.com')
    const officerId = createOfficer(app.db, { orgId: klartone.id }).id
    withdrawRequest(app.db, { orgId: klartone.id, requestId: request.id, officerId })
    const closedAt = reload(request).closedAt!.getTime()
    // Still readable within the 30 days.
    setClock(new Date(closedAt + (CONTROLLER_LINK_DAYS_AFTER_CLOSE - 1) * 86_400_000).toISOString())
    expect((await new HttpClient(app.url).get(pathOf(link))).status).toBe(200)
    setClock(new Date(closedAt + (CONTROLLER_LINK_DAYS_AFTER_CLOSE + 1) * 86_400_000).toISOString())
    const page = await new HttpClient(app.url).get(pathOf(link))
    expect(page.status).toBe(404)
    expect(textOf(page.html)).toBe(refusal)
    expect(nowMs()).toBeGreaterThan(closedAt)
  })
})
