import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { and, asc, eq } from 'drizzle-orm'
import type { ParsedMail } from 'mailparser'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { write } from '#db/client.server'
import { events, forwardings, organisations, type Forwarding, type Organisation, type Request } from '#db/schema'
import { verifyChain } from '~/data/audit.server'
import { updateForwarding, updateTask } from '~/data/forwardings.server'
import { requestById } from '~/data/subject-requests.server'
import { CUSTODY_KINDS } from '~/domain/custody.server'
import { CONTROLLER, EVENTS, recordEvent } from '~/domain/events'
import { forwardingUndelivered, instructInTx } from '~/domain/forwarding.server'
import { remindAndEscalate, reminderSchedule } from '~/domain/forwarding-reminders.server'
import { fileRequest, sendStatusLink } from '~/domain/requests.server'
import { fixedT } from '~/i18n/i18n'
import { createMailer, deliverDueEmails } from '~/jobs/outbox.server'
import { resetClock, setClock } from '~/utils/clock'
import { startApp, type TestApp } from './support/app'
import { HttpClient, textOf } from './support/http'
import { createOfficer, signedInCookie } from './support/officers'
import { addresses, linkIn, startSmtp, type TestSmtp } from './support/smtp'

// Nothing passed on falls through the cracks, and every hand-over is evidence
// (issue 12). The agency passes requests on to three clients (two on the
// portal with the default reminders after 1, 3 and 5 working days, one by
// email only with its own 1, 2, 3 and 5); the clock moves over working days,
// a weekend and the ends of local days; the reminder round runs as the
// scheduler and the CLI run it, twice each time; every email goes through the
// outbox to a real SMTP server. Then the chain of custody is downloaded as
// JSON and PDF and read back, and the person's status page tells each step.

let app: TestApp
let smtp: TestSmtp
let klartone: Organisation
let officer: { email: string; readonly cookie: string }
const t = fixedT('en', ['request', 'emails', 'officer', 'documents'])
// The clients' emails are in their language, Danish.
const da = fixedT('da', ['request', 'emails', 'documents'])
const FROM = 'Portal <portal@test.example>'

// Monday 23 November 2026, 11:00 in Copenhagen. Working days after it: Tue 24 (1), Wed 25 (2), Thu 26 (3), Fri 27 (4), Mon 30 (5), Tue 1 Dec (6).
const FILED = '2026-11-23T10:00:00Z'

beforeAll(async () => {
  setClock(FILED)
  smtp = await startSmtp()
  // No mailer in the server: the test hands the outbox to the real SMTP server itself, so nothing races it.
  app = await startApp()
  klartone = app.db.select().from(organisations).where(eq(organisations.slug, 'klartone-tm')).get()!
  const user = createOfficer(app.db, { orgId: klartone.id, role: 'admin', email: 'officer@klartone-tm.example' })
  // A fresh session at the clock's time: the clock moves over weeks here.
  officer = {
    email: user.email,
    get cookie() {
      return signedInCookie(app.db, user)
    },
  }
})

afterAll(async () => {
  await app?.close()
  await smtp?.stop()
  resetClock()
})

/** Hands every due email in the outbox to the real SMTP server. */
async function deliver() {
  const mailer = createMailer(smtp.url)
  for (;;) {
    const { sent, failed } = await deliverDueEmails(app.db, mailer, { from: FROM, publicUrl: app.url, limit: 200 })
    expect(failed).toBe(0)
    if (sent === 0) return
  }
}

/** One reminder round as the scheduler runs it, and at once again as the CLI would: the second never sends anything. */
async function round(at: string) {
  setClock(at)
  const first = remindAndEscalate(app.db)
  const again = remindAndEscalate(app.db)
  expect(again, `second round at ${at}`).toEqual({ reminded: [], escalated: [], tasksEscalated: [] })
  await deliver()
  return first
}

const to = (address: string, subject?: string) => smtp.messages.filter((m: ParsedMail) => addresses(m).includes(address) && (subject === undefined || (m.subject ?? '') === subject))
const forwardingOf = (r: Pick<Request, 'id'>): Forwarding => app.db.select().from(forwardings).where(eq(forwardings.requestId, r.id)).get()!
const kindsOf = (r: Pick<Request, 'id'>) =>
  app.db
    .select()
    .from(events)
    .where(eq(events.requestId, r.id))
    .orderBy(asc(events.id))
    .all()

/** Files an access request with the agency about a call for `client`, confirms it through the real email, and hands the controller's email to the SMTP server. */
async function fileFor(client: string, email: string) {
  setClock(FILED)
  const filed = fileRequest(app.db, {
    org: klartone,
    language: 'en',
    type: 'access',
    details: { type: 'access', scope: 'all' },
    subject: { name: 'Rita Ringet', email, identifiers: {} },
    behalf: { about: 'client', clients: [client] },
  })
  if (!filed.ok) throw new Error('not filed')
  await deliver()
  const confirm = await smtp.waitFor((m) => addresses(m).includes(email) && (m.text ?? '').includes('/en/confirm/'))
  const person = new HttpClient(app.url)
  expect((await person.post(linkIn(confirm, `${app.url}/en/confirm/`))).location).toBe('/en/request/confirmed')
  await deliver()
  const request = requestById(app.db, filed.requestId)!
  expect(forwardingOf(request).sentAt).not.toBeNull()
  return { request, person }
}

/** The person's status page, through a fresh status link (their earlier session has long gone idle). */
async function statusPage(r: Request) {
  sendStatusLink(app.db, { reference: r.reference, email: r.subjectEmail! })
  await deliver()
  const link = smtp.messages.filter((m) => addresses(m).includes(r.subjectEmail!) && (m.text ?? '').includes('/en/status/open/')).at(-1)!
  const person = new HttpClient(app.url)
  await person.post(linkIn(link, `${app.url}/en/status/open/`))
  return textOf((await person.get('/en/status/request')).html)
}

test('every event the person’s history shows, and every custody event, has its words in every language', () => {
  for (const lang of ['da', 'no', 'fi', 'en'] as const) {
    const tl = fixedT(lang, ['officer', 'documents'])
    for (const [kind, declaration] of Object.entries(EVENTS)) {
      if ('history' in declaration && declaration.history) expect(tl(`officer:history.${kind}`, { defaultValue: '' }), `${lang} history.${kind}`).not.toBe('')
    }
    for (const kind of CUSTODY_KINDS) expect(tl(`documents:custody.event.${kind}`, { defaultValue: '' }), `${lang} custody.event.${kind}`).not.toBe('')
  }
})

describe('reminders and escalation, by moving the clock over working days', () => {
  let lygte: Request
  let engblomst: Request
  let havoern: Request
  let firstPage: string
  const reminderSubject = (r: Request) => da('emails:forwarding.subject.reminder', { reference: r.reference, processor: klartone.name })
  const escalationSubject = (r: Request, controller: string) => da('emails:forwarding.subject.escalation', { reference: r.reference, processor: klartone.name, controller })
  const alertSubject = (r: Request, controller: string, alert: string) => t(`emails:forwardingAlert.${alert}.subject`, { reference: r.reference, controller, org: klartone.name })

  beforeAll(async () => {
    const filed = await fileFor('lygtebaererne', 'rita.lygte@example.com')
    lygte = filed.request
    firstPage = textOf((await filed.person.get('/en/status/request')).html)
    engblomst = (await fileFor('engblomst-naturvaern', 'rita.engblomst@example.com')).request
    havoern = (await fileFor('havoernens-venner', 'rita.havoern@example.com')).request
  })

  test('the schedule: the end of working days 1, 3 and 5 in the agency’s calendar, the escalation at the end of day 6', () => {
    const s = reminderSchedule(new Date(FILED), [1, 3, 5], klartone)
    expect(s.reminders.map((d) => d.toISOString())).toEqual(['2026-11-24T22:59:59.999Z', '2026-11-26T22:59:59.999Z', '2026-11-30T22:59:59.999Z'])
    expect(s.escalation.toISOString()).toBe('2026-12-01T22:59:59.999Z')
  })

  test('the person is told to whom and when it was passed on, instead of that it must be', () => {
    expect(firstPage).toContain(t('request:handOver.passedOn', { org: klartone.name, controller: 'Lygtebærerne', date: 'November 23, 2026' }))
    expect(firstPage).toContain(t('request:handOver.waiting', { controller: 'Lygtebærerne' }))
    expect(firstPage).not.toContain(t('request:statusPage.passOn', { org: klartone.name, controller: 'Lygtebærerne' }))
    // The history names the step and the controller.
    expect(firstPage).toContain(t('officer:history.forwarded'))
    expect(firstPage).toContain(t('officer:custody.history.to', { controller: 'Lygtebærerne' }))
  })

  test('nothing before the first working day has ended', async () => {
    expect(await round('2026-11-23T22:00:00Z')).toEqual({ reminded: [], escalated: [], tasksEscalated: [] })
    // Tuesday 24 at 23:30 in Copenhagen: the day has not ended there yet.
    expect(await round('2026-11-24T22:30:00Z')).toEqual({ reminded: [], escalated: [], tasksEscalated: [] })
  })

  test('reminder 1 once working day 1 has ended, to each privacy contact, in the outbox and on the SMTP server', async () => {
    const r = await round('2026-11-25T07:00:00Z')
    expect(r.reminded.map((x) => [x.requestId, x.reminder]).sort()).toEqual(
      [
        [lygte.id, 1],
        [engblomst.id, 1],
        [havoern.id, 1],
      ].sort(),
    )
    const mail = to('persondata@lygtebaererne.example', reminderSubject(lygte))
    expect(mail).toHaveLength(1)
    expect(mail[0]!.text).toContain(da('emails:forwarding.intro.reminder', { count: 1, processor: klartone.name, reference: lygte.reference, type: da('request:types.access.name'), controller: 'Lygtebærerne' }))
    // A client on the portal is sent to its own queue; the one by email only gets a secure link of its own.
    expect(mail[0]!.text).toContain(`${app.url}/da/officer/requests/`)
    expect(to('privacy@havoernens-venner.example', reminderSubject(havoern))[0]!.text).toMatch(new RegExp(`${app.url}/da/controller/[A-Za-z0-9_-]{20,}`))
  })

  test('an acknowledgement stops them', async () => {
    // The controller acknowledges (its page records this; here the same facts are written directly).
    write(app.db, (tx) => {
      const f = forwardingOf(engblomst)
      updateForwarding(tx, f.id, { acknowledgedAt: new Date('2026-11-25T09:00:00Z') })
      recordEvent(tx, { kind: 'acknowledged', orgId: klartone.id, requestId: engblomst.id, actor: CONTROLLER, data: { forwardingId: f.id } })
    })
    const r = await round('2026-11-26T12:00:00Z')
    // Only the client by email, whose second reminder is after working day 2.
    expect(r.reminded).toEqual([{ forwardingId: forwardingOf(havoern).id, requestId: havoern.id, reminder: 2 }])
  })

  test('reminder 2 after working day 3, none over the weekend, reminder 3 after working day 5', async () => {
    expect((await round('2026-11-27T07:00:00Z')).reminded.map((x) => [x.requestId, x.reminder]).sort()).toEqual(
      [
        [lygte.id, 2],
        [havoern.id, 3],
      ].sort(),
    )
    for (const at of ['2026-11-28T10:00:00Z', '2026-11-29T10:00:00Z', '2026-11-30T12:00:00Z']) expect((await round(at)).reminded, at).toEqual([])
    expect((await round('2026-12-01T07:00:00Z')).reminded.map((x) => [x.requestId, x.reminder]).sort()).toEqual(
      [
        [lygte.id, 3],
        [havoern.id, 4],
      ].sort(),
    )
    // The end of Tuesday, working day 6, has not come yet: no escalation.
    expect((await round('2026-12-01T20:00:00Z')).escalated).toEqual([])
  })

  test('then, once, the second contact and the agency’s officers', async () => {
    const r = await round('2026-12-02T07:00:00Z')
    expect(r.escalated.map((x) => x.requestId).sort()).toEqual([lygte.id, havoern.id].sort())
    // The second contact and one officer each.
    for (const x of r.escalated) expect(x.recipients).toBe(2)
    for (const at of ['2026-12-03T07:00:00Z', '2026-12-10T07:00:00Z']) expect(await round(at)).toEqual({ reminded: [], escalated: [], tasksEscalated: [] })

    // Exactly once each, on the real SMTP server.
    expect(to('persondata@lygtebaererne.example', reminderSubject(lygte))).toHaveLength(3)
    expect(to('privacy@havoernens-venner.example', reminderSubject(havoern))).toHaveLength(4)
    expect(to('persondata@engblomst-naturvaern.example', reminderSubject(engblomst))).toHaveLength(1)
    expect(to('direktion@lygtebaererne.example', escalationSubject(lygte, 'Lygtebærerne'))).toHaveLength(1)
    expect(to('formand@havoernens-venner.example', escalationSubject(havoern, 'Havørnens Venner'))).toHaveLength(1)
    expect(to('sekretariat@engblomst-naturvaern.example')).toHaveLength(0)
    expect(to(officer.email, alertSubject(lygte, 'Lygtebærerne', 'notAcknowledged'))).toHaveLength(1)
    expect(to(officer.email, alertSubject(havoern, 'Havørnens Venner', 'notAcknowledged'))).toHaveLength(1)
    expect(to(officer.email, alertSubject(engblomst, 'Engblomst Naturværn', 'notAcknowledged'))).toHaveLength(0)
    expect(to('direktion@lygtebaererne.example')[0]!.text).toContain(da('emails:forwarding.intro.escalation', { processor: klartone.name, controller: 'Lygtebærerne', reference: lygte.reference, type: da('request:types.access.name') }))

    // The facts, in the audit trail and on the forwarding.
    const trail = kindsOf(lygte).filter((e) => e.kind === 'forwarding_reminded' || e.kind === 'forwarding_escalated')
    expect(trail.map((e) => [e.kind, e.data])).toEqual([
      ['forwarding_reminded', { forwardingId: forwardingOf(lygte).id, reminder: 1 }],
      ['forwarding_reminded', { forwardingId: forwardingOf(lygte).id, reminder: 2 }],
      ['forwarding_reminded', { forwardingId: forwardingOf(lygte).id, reminder: 3 }],
      ['forwarding_escalated', { forwardingId: forwardingOf(lygte).id, recipients: 2 }],
    ])
    expect(forwardingOf(lygte)).toMatchObject({ reminders: 3, escalatedAt: new Date('2026-12-02T07:00:00Z') })
    expect(forwardingOf(engblomst)).toMatchObject({ reminders: 1, escalatedAt: null })
  })

  test('an acknowledged request reads as such on the person’s page, step by step', async () => {
    const page = await statusPage(engblomst)
    expect(page).toContain(t('request:handOver.passedOn', { org: klartone.name, controller: 'Engblomst Naturværn', date: 'November 23, 2026' }))
    expect(page).toContain(t('request:handOver.acknowledged', { controller: 'Engblomst Naturværn', date: 'November 25, 2026' }))
    expect(page).not.toContain(t('request:handOver.waiting', { controller: 'Engblomst Naturværn' }))
    expect(page).toContain(t('officer:history.acknowledged'))
    expect(page).toContain(t('officer:custody.history.by', { controller: 'Engblomst Naturværn' }))
    // Reminders are the agency's business, not the person's.
    expect(page).not.toContain(t('officer:timeline.forwarding_reminded'))
  })

  test('the agency’s officer sees the hand-over: client, delivery, acknowledgement, both instants and the lag, and the custody links', async () => {
    const officerPage = new HttpClient(app.url, { Cookie: officer.cookie })
    const reply = await officerPage.get(`/en/officer/requests/${lygte.id}`)
    const page = textOf(reply.html)
    expect(page).toContain(t('officer:custody.heading'))
    expect(page).toContain('persondata@lygtebaererne.example')
    expect(page).toContain(t('officer:custody.lag', { hours: 0, minutes: 0 }))
    expect(page).toContain(`${t('officer:custody.acknowledged')} ${t('officer:custody.notYet')}`)
    expect(page).toContain(t('officer:timeline.forwarding_escalated'))
    expect(reply.html).toContain(`href="/en/officer/requests/${lygte.id}/custody/pdf"`)
    expect(reply.html).toContain(`href="/en/officer/requests/${lygte.id}/custody/json"`)
  })
})

describe('a hand-over that did not arrive', () => {
  test('is not told to the person as passed on, and is neither reminded nor escalated', async () => {
    const { request } = await fileFor('havoernens-venner', 'una.undelivered@example.com')
    expect(forwardingUndelivered(app.db, { outboxId: forwardingOf(request).outboxId! }, 'rejected')).toBe(true)
    const page = await statusPage(request)
    expect(page).toContain(t('request:statusPage.passOn', { org: klartone.name, controller: 'Havørnens Venner' }))
    expect(page).not.toContain(t('request:handOver.passedOn', { org: klartone.name, controller: 'Havørnens Venner', date: 'November 23, 2026' }))
    const r = await round('2026-12-09T07:00:00Z')
    expect(r.reminded.filter((x) => x.requestId === request.id)).toEqual([])
    expect(r.escalated.filter((x) => x.requestId === request.id)).toEqual([])
  })
})

describe('an assistance task past its due date', () => {
  test('is escalated once to the agency’s officers and the client’s second contact; a task done in time is not', async () => {
    const { request } = await fileFor('havoernens-venner', 'tina.task@example.com')
    const f = forwardingOf(request)
    setClock('2026-12-14T09:00:00Z')
    // Acknowledged, so only the tasks are in question. Due the end of working day 5: Monday 21 December.
    const [late, done] = write(app.db, (tx) => {
      updateForwarding(tx, f.id, { acknowledgedAt: new Date('2026-12-14T09:00:00Z') })
      return [instructInTx(tx, f, 'erase', CONTROLLER), instructInTx(tx, f, 'stop_calling', CONTROLLER)]
    })
    expect(late.dueAt.toISOString()).toBe('2026-12-21T22:59:59.999Z')
    write(app.db, (tx) => updateTask(tx, done.id, { doneAt: new Date('2026-12-18T10:00:00Z') }))
    expect((await round('2026-12-21T20:00:00Z')).tasksEscalated).toEqual([])
    const r = await round('2026-12-22T07:00:00Z')
    expect(r.tasksEscalated).toEqual([{ taskId: late.id, requestId: request.id, recipients: 2 }])
    expect((await round('2026-12-28T07:00:00Z')).tasksEscalated).toEqual([])
    expect(to(officer.email, alertSubject(request))).toHaveLength(1)
    const second = to('formand@havoernens-venner.example', da('emails:forwarding.subject.taskOverdue', { reference: request.reference, processor: klartone.name, controller: 'Havørnens Venner' }))
    expect(second).toHaveLength(1)
    expect(second[0]!.text).toContain(da('emails:forwarding.intro.taskOverdue', { reference: request.reference, processor: klartone.name, controller: 'Havørnens Venner', type: da('request:types.access.name') }))
    expect(kindsOf(request).filter((e) => e.kind === 'task_escalated').map((e) => e.data)).toEqual([{ taskId: late.id, recipients: 2 }])
  })

  const alertSubject = (r: Request) => t('emails:forwardingAlert.taskOverdue.subject', { reference: r.reference, controller: 'Havørnens Venner', org: klartone.name })
})

describe('the chain of custody, read back', () => {
  let lygte: Request
  beforeAll(() => {
    lygte = app.db
      .select()
      .from(forwardings)
      .where(and(eq(forwardings.clientKey, 'lygtebaererne'), eq(forwardings.orgId, klartone.id)))
      .all()
      .map((f) => requestById(app.db, f.requestId)!)[0]!
  })

  test('JSON: every hand-over event in order, with its id, instants, actor and chain hash, and the chain verified', async () => {
    const reply = await fetch(`${app.url}/en/officer/requests/${lygte.id}/custody/json`, { headers: { Cookie: officer.cookie } })
    expect(reply.status).toBe(200)
    expect(reply.headers.get('content-type')).toContain('application/json')
    expect(reply.headers.get('content-disposition')).toContain(`${lygte.reference}-custody.json`)
    const bundle = (await reply.json()) as {
      request: { reference: string; receivedAt: string; channel: string }
      forwardings: Array<{ recipient: string; messageId: string; sha256: string; reminders: number; lagMinutes: number }>
      events: Array<{ n: number; eventId: number; kind: string; utc: string; local: string; actor: string; chainHash: string; description: string }>
      verification: { ok: boolean; checked: number; headHash: string; statement: string }
    }
    expect(bundle.request).toMatchObject({ reference: lygte.reference, receivedAt: FILED.replace('Z', '.000Z'), channel: 'web' })
    expect(bundle.events.map((e) => e.kind)).toEqual(['request_filed', 'email_confirmed', 'forwarded', 'forwarding_sent', 'forwarding_reminded', 'forwarding_reminded', 'forwarding_reminded', 'forwarding_escalated'])
    // In the trail's order, each as stored: the same id, instant, actor and hash.
    const rows = new Map(app.db.select().from(events).where(eq(events.requestId, lygte.id)).all().map((e) => [e.id, e]))
    bundle.events.forEach((e, i) => {
      expect(e.n).toBe(i + 1)
      if (i > 0) expect(e.eventId).toBeGreaterThan(bundle.events[i - 1]!.eventId)
      const row = rows.get(e.eventId)!
      expect(e.chainHash).toBe(row.hash)
      expect(e.utc).toBe(row.at.toISOString())
      expect(e.actor).toBe(row.actorKind)
    })
    expect(bundle.events[1]!.local).toBe('2026-11-23 11:00:00 (Europe/Copenhagen)')
    expect(bundle.events[2]!.description).toContain('persondata@lygtebaererne.example')
    // What was sent: the Message-ID and the SHA-256 of the message as handed to the SMTP server, which received that very Message-ID.
    const sent = rows.get(bundle.events[3]!.eventId)!.data as { messageId: string; sha256: string }
    expect(bundle.forwardings[0]).toMatchObject({ recipient: 'persondata@lygtebaererne.example', messageId: sent.messageId, sha256: sent.sha256, reminders: 3, lagMinutes: 0 })
    expect(smtp.messages.some((m) => m.messageId === sent.messageId && addresses(m).includes('persondata@lygtebaererne.example'))).toBe(true)
    const check = verifyChain(app.db)
    expect(check.ok).toBe(true)
    expect(bundle.verification).toMatchObject({ ok: true, headHash: check.ok ? check.head.hash : 'x' })
    expect(bundle.verification.statement).toContain(bundle.verification.headHash)
  })

  test('PDF: the same events in order, each hash, the Message-ID and the verification line, as pdftotext reads them', async () => {
    const reply = await fetch(`${app.url}/da/officer/requests/${lygte.id}/custody/pdf`, { headers: { Cookie: officer.cookie } })
    expect(reply.status).toBe(200)
    expect(reply.headers.get('content-type')).toBe('application/pdf')
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'custody-')), 'custody.pdf')
    fs.writeFileSync(file, Buffer.from(await reply.arrayBuffer()))
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' })
    const flat = text.replace(/\s+/g, ' ')
    const bare = text.replace(/\s+/g, '')
    expect(flat).toContain(da('documents:custody.title', { reference: lygte.reference }))
    const json = (await (await fetch(`${app.url}/da/officer/requests/${lygte.id}/custody/json`, { headers: { Cookie: officer.cookie } })).json()) as {
      events: Array<{ n: number; kind: string; chainHash: string }>
      forwardings: Array<{ messageId: string; sha256: string }>
      verification: { statement: string }
    }
    // Each event's heading, in order, and its chain hash.
    let at = -1
    for (const e of json.events) {
      const heading = `${e.n}. ${da(`documents:custody.event.${e.kind}`)}`
      const found = flat.indexOf(heading, at + 1)
      expect(found, heading).toBeGreaterThan(at)
      at = found
      expect(bare).toContain(e.chainHash)
    }
    expect(bare).toContain(json.forwardings[0]!.messageId)
    expect(bare).toContain(json.forwardings[0]!.sha256)
    expect(flat).toContain('persondata@lygtebaererne.example')
    // The verification line, after the events.
    expect(bare.indexOf(json.verification.statement.replace(/\s+/g, ''))).toBeGreaterThan(bare.indexOf(json.events.at(-1)!.chainHash))
    expect(json.verification.statement).toMatch(/^Kontrolleret:/)
  })

  test('the client on the portal gets the custody of its own request: that hand-over only, under its own reference', async () => {
    const lygtebaererne = app.db.select().from(organisations).where(eq(organisations.slug, 'lygtebaererne')).get()!
    const engblomstOrg = app.db.select().from(organisations).where(eq(organisations.slug, 'engblomst-naturvaern')).get()!
    const f = forwardingOf(lygte)
    const own = requestById(app.db, f.controllerRequestId!)!
    expect(own.orgId).toBe(lygtebaererne.id)
    const cookie = signedInCookie(app.db, createOfficer(app.db, { orgId: lygtebaererne.id }))
    const page = await fetch(`${app.url}/en/officer/requests/${own.id}`, { headers: { Cookie: cookie } })
    expect(await page.text()).toContain(`href="/en/officer/requests/${own.id}/custody/pdf"`)
    const reply = await fetch(`${app.url}/en/officer/requests/${own.id}/custody/json`, { headers: { Cookie: cookie } })
    expect(reply.status).toBe(200)
    expect(reply.headers.get('content-disposition')).toContain(`${own.reference}-custody.json`)
    const bundle = (await reply.json()) as { organisation: { name: string }; processor: { name: string; reference: string }; request: { reference: string; receivedAt: string }; forwardings: unknown[]; events: Array<{ kind: string; eventId: number; chainHash: string }> }
    expect(bundle.organisation.name).toBe(lygtebaererne.name)
    expect(bundle.processor).toEqual({ name: klartone.name, reference: lygte.reference })
    // The deadline's instant is the processor's receipt.
    expect(bundle.request).toMatchObject({ reference: own.reference, receivedAt: lygte.receivedAt.toISOString() })
    expect(bundle.forwardings).toHaveLength(1)
    expect(bundle.events.map((e) => e.kind)).toEqual(['request_filed', 'email_confirmed', 'forwarded', 'received_from_processor', 'forwarding_sent', 'forwarding_reminded', 'forwarding_reminded', 'forwarding_reminded', 'forwarding_escalated'])
    for (const e of bundle.events) expect(e.chainHash).toBe(app.db.select().from(events).where(eq(events.id, e.eventId)).get()!.hash)
    // The PDF says who passed it on.
    const pdf = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'custody-')), 'own.pdf')
    fs.writeFileSync(pdf, Buffer.from(await (await fetch(`${app.url}/en/officer/requests/${own.id}/custody/pdf`, { headers: { Cookie: cookie } })).arrayBuffer()))
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')
    expect(text).toContain(t('documents:custody.fact.processorReference', { processor: klartone.name }))
    expect(text).toContain(t(`documents:custody.event.received_from_processor`))
    // Another client on the portal, and the processor's id, are not its.
    const other = signedInCookie(app.db, createOfficer(app.db, { orgId: engblomstOrg.id }))
    expect((await fetch(`${app.url}/en/officer/requests/${own.id}/custody/json`, { headers: { Cookie: other } })).status).toBe(404)
    expect((await fetch(`${app.url}/en/officer/requests/${lygte.id}/custody/json`, { headers: { Cookie: cookie } })).status).toBe(404)
  })

  test('another organisation’s officer, a request the agency answers itself, and a format that is not one are not found', async () => {
    const lygtebaererne = app.db.select().from(organisations).where(eq(organisations.slug, 'lygtebaererne')).get()!
    const stranger = signedInCookie(app.db, createOfficer(app.db, { orgId: lygtebaererne.id }))
    for (const format of ['pdf', 'json']) expect((await fetch(`${app.url}/en/officer/requests/${lygte.id}/custody/${format}`, { headers: { Cookie: stranger } })).status).toBe(404)
    const own = fileRequest(app.db, { org: klartone, language: 'en', type: 'access', details: { type: 'access', scope: 'all' }, subject: { name: 'Otto Own', email: 'otto@example.com', identifiers: {} }, behalf: { about: 'own' } })
    if (!own.ok) throw new Error('not filed')
    expect((await fetch(`${app.url}/en/officer/requests/${own.requestId}/custody/json`, { headers: { Cookie: officer.cookie } })).status).toBe(404)
    for (const bad of [`${lygte.id}/custody/xml`, `${lygte.id}/custody/PDF`, 'abc/custody/pdf', '0/custody/json', '1e3/custody/json']) {
      expect((await fetch(`${app.url}/en/officer/requests/${bad}`, { headers: { Cookie: officer.cookie } })).status, bad).toBe(404)
    }
  })
})
