import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { assistanceTasks, collectedData, events, forwardings, organisations, outbox, requests, type Organisation, type Request } from '#db/schema'
import { write } from '#db/client.server'
import { emailHash } from '~/data/officer-requests.server'
import { CONTROLLER } from '~/domain/events'
import { instructInTx } from '~/domain/forwarding.server'
import { addWorkingDays } from '~/domain/deadlines'
import { isListed } from '~/domain/do-not-contact.server'
import { localize } from '~/domain/languages'
import { fixedT, formatDate, formatDateTime } from '~/i18n/i18n'
import { resetClock, setClock } from '~/utils/clock'
import { startApp, type TestApp } from './support/app'
import { HttpClient, textOf } from './support/http'
import { createOfficer, signedInCookie } from './support/officers'
import { addresses, linkIn, startSmtp, type TestSmtp } from './support/smtp'

// A processor's request for a client that is on the portal (GDPR Art.
// 28(3)(e); docs/decisions/016, 017), over real HTTP with a real SMTP server:
// the controller's officers find it in their own queue marked "forwarded by"
// the agency with both instants, acknowledge it, instruct the agency; the
// agency's officers carry the tasks out (the export lands as collected data on
// the controller's request, the person's number goes on the agency's
// do-not-call list) and the controller is emailed what was done; the
// controller's answer closes the agency's request without a second email to
// the person; a request sent back returns to routing with its deadline; and
// nobody reaches a task that is not theirs.

let app: TestApp
let smtp: TestSmtp
let klartone: Organisation
let lygte: Organisation
let engblomst: Organisation
const cookies = { processor: '', controller: '', engblomst: '', outsider: '' }
const officers: Partial<Record<keyof typeof cookies, { id: number }>> = {}
let processorEmail = ''
const t = fixedT('en', ['request', 'emails', 'officer', 'collection'])
const da = fixedT('da', ['request', 'emails', 'officer'])
const base = '/en/o/klartone-tm/request'
const PHONE = '+45 12 34 56 78'

beforeAll(async () => {
  setClock('2026-11-20T10:00:00Z')
  smtp = await startSmtp()
  app = await startApp({ smtpUrl: smtp.url })
  const bySlug = (slug: string) => app.db.select().from(organisations).where(eq(organisations.slug, slug)).get()!
  klartone = bySlug('klartone-tm')
  lygte = bySlug('lygtebaererne')
  engblomst = bySlug('engblomst-naturvaern')
  const processorOfficer = createOfficer(app.db, { orgId: klartone.id, role: 'admin', language: 'en' })
  processorEmail = processorOfficer.email
  officers.processor = processorOfficer
  officers.controller = createOfficer(app.db, { orgId: lygte.id, role: 'admin', language: 'en' })
  officers.engblomst = createOfficer(app.db, { orgId: engblomst.id, language: 'en' })
  officers.outsider = createOfficer(app.db, { orgId: bySlug('dyrevaernsringen').id, role: 'admin', language: 'en' })
  signIn()
})

/** Fresh sessions for everyone, as of the clock now. */
function signIn() {
  for (const who of Object.keys(cookies) as Array<keyof typeof cookies>) cookies[who] = signedInCookie(app.db, officers[who]!)
}

afterAll(async () => {
  await app?.close()
  await smtp?.stop()
  resetClock()
})

const as = (who: keyof typeof cookies) => new HttpClient(app.url, { Cookie: cookies[who] })

async function post(client: HttpClient, path: string, form: Record<string, string> | Array<[string, string]>, expected: string) {
  const reply = await client.post(path, form)
  expect(reply.status, `${path} → ${expected}: ${textOf(reply.html).slice(0, 300)}`).toBe(302)
  expect(reply.location).toBe(expected)
}

/** Files an access request with the agency through the form, naming `client`; confirms it from the email. Returns the agency's request and the controller's own. */
async function fileWithAgency(email: string, client: string): Promise<{ theirs: Request; mirror: Request }> {
  const person = new HttpClient(app.url)
  await post(person, `${base}/right`, { type: 'access' }, `${base}/details`)
  await post(person, `${base}/details`, { scope: 'all' }, `${base}/identity`)
  await post(person, `${base}/identity`, { name: 'Rasmus Ringet', email, phone: PHONE }, `${base}/behalf`)
  await post(person, `${base}/behalf`, [['about', 'client'], ['clients', client]], `${base}/check`)
  await post(person, `${base}/check`, {}, '/en/request/sent')
  const confirm = await smtp.waitFor((m) => addresses(m).includes(email) && (m.text ?? '').includes('/en/confirm/'))
  expect((await person.post(linkIn(confirm, `${app.url}/en/confirm/`))).location).toBe('/en/request/confirmed')
  const filed = app.db.select().from(requests).where(eq(requests.emailHash, emailHash(email))).all()
  const theirs = filed.find((r) => r.forwardedFromRequestId === null)!
  const mirror = filed.find((r) => r.forwardedFromRequestId === theirs.id)!
  expect(theirs.orgId).toBe(klartone.id)
  expect(mirror).toBeTruthy()
  return { theirs, mirror }
}

const reload = (r: Pick<Request, 'id'>) => app.db.select().from(requests).where(eq(requests.id, r.id)).get()!
const kindsOf = (r: Pick<Request, 'id'>) => app.db.select().from(events).where(eq(events.requestId, r.id)).all().map((e) => e.kind)
const forwardingOf = (r: Pick<Request, 'id'>) => app.db.select().from(forwardings).where(eq(forwardings.requestId, r.id)).get()!
const tasksOf = (r: Pick<Request, 'id'>) => app.db.select().from(assistanceTasks).where(eq(assistanceTasks.requestId, r.id)).all()

async function upload(who: keyof typeof cookies, path: string, file: { name: string; text: string }, fields: Record<string, string>) {
  const form = new FormData()
  form.append('file', new Blob([file.text], { type: 'text/csv' }), file.name)
  for (const [k, v] of Object.entries(fields)) form.append(k, v)
  const response = await fetch(app.url + path, { method: 'POST', headers: { Cookie: cookies[who] }, body: form, redirect: 'manual' })
  return { status: response.status, location: response.headers.get('location'), html: await response.text() }
}

describe('a request for a client that is on the portal', () => {
  const email = 'called.for.lygte@example.com'
  let theirs: Request
  let mirror: Request

  beforeAll(async () => {
    ;({ theirs, mirror } = await fileWithAgency(email, 'lygtebaererne'))
  })

  test('the controller finds it in its own queue, marked forwarded by the agency, with both instants and the lag', async () => {
    const queue = textOf((await as('controller').get('/en/officer/queue')).html)
    expect(queue).toContain(mirror.reference)
    expect(queue).toContain(t('officer:forwardedBy.mark', { processor: klartone.name }))
    const page = textOf((await as('controller').get(`/en/officer/requests/${mirror.id}`)).html)
    const forwarding = forwardingOf(theirs)
    expect(page).toContain(t('officer:forwardedBy.title', { processor: klartone.name }))
    expect(page).toContain(`${t('officer:forwardedBy.receivedAt', { processor: klartone.name })} ${formatDateTime(theirs.receivedAt, 'en', lygte.timeZone)}`)
    expect(page).toContain(`${t('officer:forwardedBy.forwardedAt')} ${formatDateTime(forwarding.forwardedAt, 'en', lygte.timeZone)} (${t('officer:forwardedBy.lag', { count: 0 })})`)
    expect(page).toContain(t('officer:forwardedBy.notAcknowledged'))
    // The processor's own request has no such mark, and the controller's actions are offered on this one only.
    expect(page).toContain(t('officer:actions.acknowledge.heading'))
    expect(page).toContain(t('officer:actions.instruct.heading'))
    expect(page).toContain(t('officer:actions.sendBack.heading'))
    const agencyPage = textOf((await as('processor').get(`/en/officer/requests/${theirs.id}`)).html)
    expect(agencyPage).not.toContain(t('officer:actions.instruct.heading'))
  })

  test('acknowledging tells the agency, on its request, once', async () => {
    await post(as('controller'), `/en/officer/requests/${mirror.id}`, { intent: 'acknowledge' }, `/en/officer/requests/${mirror.id}?done=acknowledge&taken=1`)
    expect(forwardingOf(theirs).acknowledgedAt).toBeInstanceOf(Date)
    expect(kindsOf(theirs)).toContain('acknowledged')
    expect(kindsOf(mirror)).toContain('acknowledged')
    expect(reload(mirror).status).toBe('in_progress')
    // Once: again is refused, and the trail has one acknowledgement.
    const again = await as('controller').post(`/en/officer/requests/${mirror.id}`, { intent: 'acknowledge' })
    expect(again.status).toBe(200)
    expect(textOf(again.html)).toContain(t('officer:errors.alreadyAcknowledged'))
    expect(kindsOf(theirs).filter((k) => k === 'acknowledged')).toHaveLength(1)
    const page = textOf((await as('controller').get(`/en/officer/requests/${mirror.id}`)).html)
    expect(page).toContain(`${t('officer:forwardedBy.acknowledged')} ${formatDateTime(forwardingOf(theirs).acknowledgedAt!, 'en', lygte.timeZone)}`)
  })

  test('instructions become tasks in the agency’s queue, due in 5 working days and never after the deadline', async () => {
    for (const kind of ['export', 'stop_calling']) {
      await post(as('controller'), `/en/officer/requests/${mirror.id}`, { intent: 'instruct', kind }, `/en/officer/requests/${mirror.id}?done=instruct`)
    }
    // A kind that is not one is the officer's error, not a task.
    const bad = await as('controller').post(`/en/officer/requests/${mirror.id}`, { intent: 'instruct', kind: 'burn_it' })
    expect(bad.status).toBe(200)
    const tasks = tasksOf(theirs)
    expect(tasks.map((x) => x.kind)).toEqual(['export', 'stop_calling'])
    const due = addWorkingDays(new Date('2026-11-20T10:00:00Z'), 5, klartone)
    for (const task of tasks) {
      expect(task).toMatchObject({ orgId: klartone.id, doneAt: null })
      expect(task.dueAt.getTime()).toBe(Math.min(due.getTime(), theirs.dueAt.getTime()))
    }
    expect(kindsOf(theirs).filter((k) => k === 'instructed')).toHaveLength(2)
    expect(kindsOf(mirror).filter((k) => k === 'instructed')).toHaveLength(2)
    // The agency's officers are told.
    await smtp.waitFor((m) => addresses(m).includes(processorEmail) && (m.subject ?? '').includes(theirs.reference))
    // The agency sees them on the request, with their due dates, and in its queue.
    const page = textOf((await as('processor').get(`/en/officer/requests/${theirs.id}`)).html)
    expect(page).toContain(t('officer:assistance.tasksHeading'))
    expect(page).toContain(`${t('officer:assistance.dueLabel')} ${formatDate(tasks[0]!.dueAt, 'en', klartone.timeZone)}`)
    for (const kind of ['export', 'stop_calling']) expect(page).toContain(t('officer:assistance.carryOut', { task: t(`officer:assistance.kind.${kind}`) }))
    expect(page).toContain(`${t('officer:assistance.givenBy')} Lygtebærerne`)
    const queue = textOf((await as('processor').get('/en/officer/queue')).html)
    expect(queue).toContain(t('officer:assistance.openTasksHeading'))
    expect(queue).toContain(t('officer:assistance.openTasksCount', { count: 2, overdue: 0 }))
    expect(queue).toContain(t('officer:assistance.openTaskLink', { task: t('officer:assistance.kind.export'), reference: theirs.reference }))
    // The controller's page lists what it asked for.
    const theirPage = textOf((await as('controller').get(`/en/officer/requests/${mirror.id}`)).html)
    expect(theirPage).toContain(t('officer:assistance.instructionsHeading'))
  })

  test('the agency’s export arrives as collected data on the controller’s request, and the controller is emailed', async () => {
    const task = tasksOf(theirs).find((x) => x.kind === 'export')!
    const path = `/en/officer/requests/${theirs.id}/tasks/${task.id}`
    const form = await as('processor').get(path)
    expect(form.status).toBe(200)
    expect(textOf(form.html)).toContain(t('officer:assistance.exportToQueue', { controller: 'Lygtebærerne' }))
    // No file: the officer's error.
    const empty = await as('processor').post(path, { category: 'member-contact' })
    expect(textOf(empty.html)).toContain(t('officer:collect.errors.noFile'))
    const reply = await upload('processor', path, { name: 'calls.csv', text: 'navn,telefon\nRasmus Ringet,+4512345678\n' }, { category: 'member-contact' })
    expect(reply.status, textOf(reply.html).slice(0, 300)).toBe(302)
    expect(reply.location).toBe(`${path}?done=1`)
    const collected = app.db.select().from(collectedData).where(eq(collectedData.requestId, mirror.id)).all()
    expect(collected).toHaveLength(1)
    expect(collected[0]).toMatchObject({ orgId: lygte.id, category: 'member-contact', rowCount: 1, acceptedAt: null })
    // Nothing on the agency's own copy: the data is the controller's to answer with.
    expect(app.db.select().from(collectedData).where(eq(collectedData.requestId, theirs.id)).all()).toHaveLength(0)
    // The controller's officers see it on their collect page, and the task's report on their request.
    expect(textOf((await as('controller').get(`/en/officer/requests/${mirror.id}/collect`)).html)).toContain('Rasmus Ringet')
    expect(kindsOf(mirror)).toContain('task_done')
    const controllerPage = textOf((await as('controller').get(`/en/officer/requests/${mirror.id}`)).html)
    expect(controllerPage).toContain(`${t('officer:timeline.task_done')}`)
    expect(controllerPage).toContain(t('officer:timeline.acknowledged'))
    expect(controllerPage).toContain(t('officer:assistance.result.export', { count: 1, categories: localize(lygte.profile.register.dataCategories.find((c) => c.key === 'member-contact')?.name, 'en') }))
    const done = app.db.select().from(events).where(and(eq(events.requestId, theirs.id), eq(events.kind, 'task_done'))).get()!
    expect(done.data).toEqual({ taskId: task.id, kind: 'export', categories: ['member-contact'], rows: 1 })
    // The report: to the client's privacy contact, in its language, with the queue link and the facts only.
    const mail = await smtp.waitFor((m) => addresses(m).includes('persondata@lygtebaererne.example') && (m.subject ?? '') === da('emails:taskDone.subject', { processor: klartone.name, reference: theirs.reference, instruction: da('emails:taskDone.kind.export') }))
    const body = mail.text ?? ''
    expect(body).toContain(`${app.url}/da/officer/requests/${mirror.id}`)
    expect(body).toContain(mirror.reference)
    expect(body).not.toContain('Rasmus')
    expect(body).not.toContain('12345678')
    // Done once: a second upload is refused and adds nothing.
    const again = await upload('processor', path, { name: 'calls.csv', text: 'navn\nX\n' }, { category: 'member-contact' })
    expect(again.status).toBe(200)
    expect(textOf(again.html)).toContain(t('officer:assistance.errors.taskDone'))
    expect(app.db.select().from(collectedData).where(eq(collectedData.requestId, mirror.id)).all()).toHaveLength(1)
  })

  test('stop calling puts the person’s number on the agency’s do-not-call list, as a keyed hash', async () => {
    const task = tasksOf(theirs).find((x) => x.kind === 'stop_calling')!
    const path = `/en/officer/requests/${theirs.id}/tasks/${task.id}`
    expect(isListed(app.db, klartone, { phone: PHONE })).toBe(false)
    expect(textOf((await as('processor').get(path)).html)).toContain(t('officer:assistance.phonesListed', { phones: PHONE }))
    // Something that is not a number is refused.
    const bad = await as('processor').post(path, { otherNumbers: 'call me maybe' })
    expect(textOf(bad.html)).toContain(t('officer:assistance.errors.badNumbers'))
    expect(isListed(app.db, klartone, { phone: PHONE })).toBe(false)
    await post(as('processor'), path, { otherNumbers: '' }, `${path}?done=1`)
    expect(isListed(app.db, klartone, { phone: PHONE })).toBe(true)
    expect(isListed(app.db, klartone, { phone: '0045 12 34 56 78' })).toBe(true)
    expect(isListed(app.db, klartone, { phone: '+45 87 65 43 21' })).toBe(false)
    // The controller's own list is not the agency's.
    expect(isListed(app.db, lygte, { phone: PHONE })).toBe(false)
    const done = app.db.select().from(events).where(and(eq(events.requestId, theirs.id), eq(events.kind, 'task_done'))).all().map((e) => e.data)
    expect(done).toContainEqual({ taskId: task.id, kind: 'stop_calling', channels: ['phone'] })
    await smtp.waitFor((m) => addresses(m).includes('persondata@lygtebaererne.example') && (m.subject ?? '').includes(da('emails:taskDone.kind.stop_calling')))
    // The agency's page and queue say it is done; no task is open now.
    const page = textOf((await as('processor').get(`/en/officer/requests/${theirs.id}`)).html)
    expect(page).toContain(t('officer:assistance.result.stopCalling', { count: 1 }))
    const category = localize(lygte.profile.register.dataCategories.find((c) => c.key === 'member-contact')?.name, 'en')
    expect(page).toContain(t('officer:assistance.result.export', { count: 1, categories: category }))
    expect(textOf((await as('processor').get('/en/officer/queue')).html)).not.toContain(t('officer:assistance.openTasksHeading'))
  })

  test('a task is reached only by its own organisation, on its own request', async () => {
    const task = tasksOf(theirs)[0]!
    const path = `/en/officer/requests/${theirs.id}/tasks/${task.id}`
    for (const who of ['controller', 'outsider'] as const) {
      expect((await as(who).get(path)).status, who).toBe(404)
      expect((await as(who).post(path, { otherNumbers: '' })).status, who).toBe(404)
    }
    // The agency's own task under another of its requests' addresses, or an id that is none, is not found either.
    const other = app.db.select().from(requests).where(eq(requests.orgId, klartone.id)).all().find((r) => r.id !== theirs.id)
    if (other) expect((await as('processor').get(`/en/officer/requests/${other.id}/tasks/${task.id}`)).status).toBe(404)
    for (const id of ['abc', '0', '-1', String(task.id + 10_000)]) expect((await as('processor').get(`/en/officer/requests/${theirs.id}/tasks/${id}`)).status).toBe(404)
  })

  test('a forged instruction, acknowledgement or send-back on a request nobody forwarded is refused', async () => {
    const before = tasksOf(theirs).length
    const forms: Array<Record<string, string>> = [{ intent: 'instruct', kind: 'erase' }, { intent: 'acknowledge' }, { intent: 'sendBack', reason: 'Not ours' }]
    for (const form of forms) {
      const reply = await as('processor').post(`/en/officer/requests/${theirs.id}`, form)
      expect(reply.status, form.intent).toBe(200)
      expect(textOf(reply.html), form.intent).toContain(t('officer:errors.notForwarded'))
    }
    expect(tasksOf(theirs)).toHaveLength(before)
    expect(reload(theirs)).toMatchObject({ routing: 'client', clientKey: 'lygtebaererne', closed: false })
  })

  test('the controller’s answer closes the agency’s request with its outcome, without a second email to the person', async () => {
    const page = `/en/officer/requests/${mirror.id}`
    await post(as('controller'), page, { intent: 'override', reason: 'Known member, same address' }, `${page}?done=override`)
    await post(as('controller'), page, { intent: 'answer', outcome: 'granted' }, `${page}?done=answer&do=send`)
    await post(as('controller'), page, { intent: 'send' }, `${page}?done=send`)
    expect(reload(mirror)).toMatchObject({ status: 'completed', outcome: 'granted', closed: true })
    expect(reload(theirs)).toMatchObject({ status: 'completed', outcome: 'granted', closed: true })
    expect(forwardingOf(theirs).answeredAt).toBeInstanceOf(Date)
    const answered = app.db.select().from(events).where(and(eq(events.requestId, theirs.id), eq(events.kind, 'controller_answered'))).get()!
    expect(answered.data).toEqual({ forwardingId: forwardingOf(theirs).id, outcome: 'granted' })
    // The person hears from the controller; the agency's request sends nothing of its own.
    await smtp.waitFor((m) => addresses(m).includes(email) && (m.subject ?? '').includes(mirror.reference))
    const theirMail = app.db.select().from(outbox).where(eq(outbox.requestId, theirs.id)).all().map((o) => o.template)
    expect(theirMail).not.toContain('answer-ready')
    expect(theirMail).not.toContain('refused')
    // It has left the agency's open queue.
    expect(textOf((await as('processor').get('/en/officer/queue')).html)).not.toContain(theirs.reference)
    expect(textOf((await as('processor').get('/en/officer/queue?status=completed')).html)).toContain(theirs.reference)
  })
})

describe('a request the controller sends back as not its customer', () => {
  test('returns to the agency’s routing with its deadline unchanged, and closes on the controller’s side', async () => {
    const { theirs, mirror } = await fileWithAgency('not.theirs@example.com', 'engblomst-naturvaern')
    setClock('2026-11-24T09:00:00Z')
    signIn()
    const page = `/en/officer/requests/${mirror.id}`
    // A reason is needed.
    const empty = await as('engblomst').post(page, { intent: 'sendBack', reason: '' })
    expect(empty.status).toBe(200)
    expect(textOf(empty.html)).toContain(t('officer:assistance.errors.reasonRequired'))
    await post(as('engblomst'), page, { intent: 'sendBack', reason: 'We ran no campaign in November.' }, `${page}?done=sendBack&taken=1`)
    const after = reload(theirs)
    expect(after).toMatchObject({ routing: 'needs_routing', clientKey: null, onBehalfOfOrgId: null, closed: false })
    expect(after.dueAt.getTime()).toBe(theirs.dueAt.getTime())
    expect(after.receivedAt.getTime()).toBe(theirs.receivedAt.getTime())
    const forwarding = forwardingOf(theirs)
    expect(forwarding).toMatchObject({ active: false })
    expect(forwarding.returnedAt?.toISOString()).toBe('2026-11-24T09:00:00.000Z')
    // Sending back is not an acknowledgement.
    expect(forwarding.acknowledgedAt).toBeNull()
    expect(kindsOf(theirs)).toContain('sent_back')
    expect(reload(mirror)).toMatchObject({ status: 'withdrawn', outcome: 'withdrawn', closed: true })
    // The person is not told the controller's copy closed: the agency's request is still open for them.
    expect(app.db.select().from(outbox).where(eq(outbox.requestId, mirror.id)).all().map((o) => o.template)).not.toContain('withdrawn')
    // The agency is alerted, and finds it under "needs routing" with the reason among its notes.
    await smtp.waitFor((m) => addresses(m).includes(processorEmail) && m.subject === t('emails:forwardingAlert.sentBack.subject', { reference: theirs.reference, controller: 'Engblomst Naturværn' }))
    expect(textOf((await as('processor').get('/en/officer/queue?needsRouting=1')).html)).toContain(theirs.reference)
    const agencyPage = textOf((await as('processor').get(`/en/officer/requests/${theirs.id}`)).html)
    expect(agencyPage).toContain(t('officer:request.needsRouting'))
    expect(agencyPage).toContain('We ran no campaign in November.')
    expect(agencyPage).toContain(t('officer:timeline.sent_back'))
    // Nothing more can be done with it on the controller's side.
    const again = await as('engblomst').post(page, { intent: 'instruct', kind: 'erase' })
    expect(again.status).toBe(200)
    expect(tasksOf(theirs)).toHaveLength(0)
  })
})

describe('tasks for a client known only by its email address', () => {
  let theirs: Request
  const task = (kind: string) => tasksOf(theirs).find((x) => x.kind === kind)!

  beforeAll(async () => {
    const person = new HttpClient(app.url)
    const email = 'called.for.havoern@example.com'
    await post(person, `${base}/right`, { type: 'erasure' }, `${base}/details`)
    await post(person, `${base}/details`, { what: 'Everything', why: 'I never agreed' }, `${base}/identity`)
    await post(person, `${base}/identity`, { name: 'Hanne Havørn', email }, `${base}/behalf`)
    await post(person, `${base}/behalf`, [['about', 'client'], ['clients', 'havoernens-venner']], `${base}/check`)
    await post(person, `${base}/check`, {}, '/en/request/sent')
    const confirm = await smtp.waitFor((m) => addresses(m).includes(email) && (m.text ?? '').includes('/en/confirm/'))
    await person.post(linkIn(confirm, `${app.url}/en/confirm/`))
    theirs = app.db.select().from(requests).where(eq(requests.emailHash, emailHash(email))).get()!
    // The client instructs through its secure link (its page is built elsewhere): here, the same transition.
    const forwarding = forwardingOf(theirs)
    expect(forwarding.controllerRequestId).toBeNull()
    for (const kind of ['erase', 'nothing_held', 'export', 'stop_calling'] as const) write(app.db, (tx) => instructInTx(tx, forwarding, kind, CONTROLLER))
  })

  test('an erasure is confirmed per category of the agency’s register, and reported with the client’s secure link', async () => {
    const path = `/en/officer/requests/${theirs.id}/tasks/${task('erase').id}`
    const none = await as('processor').post(path, {})
    expect(textOf(none.html)).toContain(t('officer:assistance.errors.categoryRequired'))
    const unknown = await as('processor').post(path, { categories: 'member-contact' })
    expect(textOf(unknown.html)).toContain(t('officer:assistance.errors.unknownCategory'))
    await post(as('processor'), path, [['categories', 'contact-details'], ['categories', 'agreement']], `${path}?done=1`)
    expect(task('erase').result).toEqual({ categories: ['contact-details', 'agreement'] })
    const name = (key: string, lang: 'da' | 'en') => localize(klartone.profile.register.dataCategories.find((c) => c.key === key)?.name, lang)
    expect(textOf((await as('processor').get(path)).html)).toContain(t('officer:assistance.result.erase', { categories: `${name('contact-details', 'en')}, ${name('agreement', 'en')}` }))
    const mail = await smtp.waitFor((m) => addresses(m).includes('privacy@havoernens-venner.example') && (m.subject ?? '').includes(da('emails:taskDone.kind.erase')))
    expect(mail.text).toContain(da('emails:taskDone.result.erase', { categories: `${name('contact-details', 'da')}, ${name('agreement', 'da')}` }))
    // No account: the report links to the client's secure page for this request, never to a queue.
    expect(mail.text).toContain(`${app.url}/da/controller/`)
    expect(mail.text).not.toContain('/officer/')
  })

  test('“we hold nothing” is confirmed, or the rows held reported', async () => {
    const path = `/en/officer/requests/${theirs.id}/tasks/${task('nothing_held').id}`
    const missing = await as('processor').post(path, { held: 'some', rows: '' })
    expect(textOf(missing.html)).toContain(t('officer:assistance.errors.rowsRequired'))
    await post(as('processor'), path, { held: 'none', rows: '' }, `${path}?done=1`)
    expect(task('nothing_held').result).toEqual({ held: false, rows: 0 })
    const done = app.db.select().from(events).where(and(eq(events.requestId, theirs.id), eq(events.kind, 'task_done'))).all().map((e) => e.data)
    expect(done).toContainEqual({ taskId: task('nothing_held').id, kind: 'nothing_held', rows: 0 })
  })

  test('an export stays on the agency’s request, for the client to answer through its link', async () => {
    const path = `/en/officer/requests/${theirs.id}/tasks/${task('export').id}`
    expect(textOf((await as('processor').get(path)).html)).toContain(t('officer:assistance.exportToLink', { controller: 'Havørnens Venner' }))
    const reply = await upload('processor', path, { name: 'calls.csv', text: 'navn\nHanne Havørn\n' }, { category: 'contact-details' })
    expect(reply.location).toBe(`${path}?done=1`)
    expect(app.db.select().from(collectedData).where(eq(collectedData.requestId, theirs.id)).all()).toMatchObject([{ orgId: klartone.id, category: 'contact-details', rowCount: 1 }])
  })

  test('stop calling without a number asks for one, and lists the one typed', async () => {
    const path = `/en/officer/requests/${theirs.id}/tasks/${task('stop_calling').id}`
    const none = await as('processor').post(path, { otherNumbers: '' })
    expect(textOf(none.html)).toContain(t('officer:assistance.errors.noPhone'))
    await post(as('processor'), path, { otherNumbers: '+45 55 44 33 22' }, `${path}?done=1`)
    expect(isListed(app.db, klartone, { phone: '55443322' })).toBe(true)
  })
})
