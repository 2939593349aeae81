import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { getDb } from '#db/client.server'
import { controllerLinks, events, forwardings, outbox, requests, type Organisation, type Request } from '#db/schema'
import { isListed } from '~/domain/do-not-contact.server'
import { recordBounce } from '~/domain/forwarding.server'
import { confirmEmail, withdrawRequest } from '~/domain/requests.server'
import { routeRequest } from '~/domain/routing.server'
import { fixedT } from '~/i18n/i18n'
import { createMailer, deliverDueEmails } from '~/jobs/outbox.server'
import { resetClock, setClock } from '~/utils/clock'
import { env } from '~/utils/env.server'
import { hashToken } from '~/utils/tokens.server'
import type { Behalf } from '~/domain/processor-clients'
import { createOfficer } from './support/officers'
import { loadDemoOrganisations, reloadRequest } from './support/requests'
import { addresses, fileAndAwaitConfirmation, linkIn, startSmtp, type TestSmtp } from './support/smtp'
import { tokenOf } from './support/mail'

// A processor's request reaches the right controller (docs/decisions/017):
// passed on in the transaction that receives it, by an email in the
// controller's language that carries the reference and a link but not the
// person's data; sent, bounced and refused recorded as facts; an outage
// delays it and loses nothing; a request nobody could route is routed by the
// processor's officer, keeping its deadline.

const OPTS = { from: 'Rights Portal <no-reply@portal.example>', publicUrl: 'http://portal.test' }
const db = getDb()
let smtp: TestSmtp
let orgs: Record<string, Organisation>
const mailer = () => createMailer(smtp.url)
const t = fixedT('da', ['emails', 'request'])

beforeAll(async () => {
  setClock('2026-11-20T10:00:00Z')
  orgs = loadDemoOrganisations(db)
  smtp = await startSmtp()
})

afterAll(async () => {
  await smtp?.stop()
  resetClock()
})

/** Files with the agency as a person does and confirms the address through the emailed link. */
async function fileAndConfirm(email: string, behalf: Behalf): Promise<Request[]> {
  const filed = await fileAndAwaitConfirmation(db, smtp, {
    org: orgs['klartone-tm']!,
    language: 'en',
    type: 'objection',
    details: { type: 'objection', ground: 'direct_marketing' },
    subject: { name: 'Rasmus Ringet', email, phone: '+45 20 30 40 50', identifiers: {} },
    behalf,
  }, { publicUrl: OPTS.publicUrl, deliver: () => deliverDueEmails(db, mailer(), OPTS) })
  expect(confirmEmail(db, tokenOf(filed.link)).ok).toBe(true)
  return filed.requests.map((r) => reloadRequest(db, r))
}

const forwardingOf = (r: Pick<Request, 'id'>) => db.select().from(forwardings).where(eq(forwardings.requestId, r.id)).all()
const eventsOf = (r: Pick<Request, 'id'>, kind: string) => db.select().from(events).where(and(eq(events.requestId, r.id), eq(events.kind, kind))).all()

describe('a request naming two clients, one on the portal and one known by email', () => {
  let filed: Request[]
  const email = 'rasmus.ringet@example.com'

  beforeAll(async () => {
    filed = await fileAndConfirm(email, { about: 'client', clients: ['lygtebaererne', 'havoernens-venner'] })
  })

  test('each is passed on when the agency receives it, as one forwarding each', () => {
    expect(filed).toHaveLength(2)
    for (const r of filed) {
      const [f] = forwardingOf(r)
      expect(f).toBeTruthy()
      expect(f!.forwardedAt.getTime()).toBe(r.receivedAt.getTime())
      expect(eventsOf(r, 'forwarded')).toHaveLength(1)
    }
    const [toPortal] = forwardingOf(filed[0]!)
    // The client on the portal gets a request of its own, received when the agency received it, due no later.
    const mirror = db.select().from(requests).where(eq(requests.id, toPortal!.controllerRequestId!)).get()!
    expect(mirror).toMatchObject({ orgId: orgs.lygtebaererne!.id, forwardedFromRequestId: filed[0]!.id, status: 'received', type: 'objection' })
    expect(mirror.receivedAt.getTime()).toBe(filed[0]!.receivedAt.getTime())
    expect(mirror.dueAt.getTime()).toBeLessThanOrEqual(filed[0]!.dueAt.getTime())
    expect(eventsOf(mirror, 'received_from_processor')).toHaveLength(1)
    // The objection to direct marketing is on the client's own do-not-contact list at once, as on the agency's.
    expect(isListed(db, orgs.lygtebaererne!, { phone: '20 30 40 50' })).toBe(true)
    expect(isListed(db, orgs['klartone-tm']!, { phone: '20 30 40 50' })).toBe(true)
    expect(isListed(db, orgs['engblomst-naturvaern']!, { phone: '20 30 40 50' })).toBe(false)
    expect(forwardingOf(filed[1]!)[0]!.controllerRequestId).toBeNull()
  })

  test('the controllers’ emails are in their language, name the deadline and link to the request, and carry none of the person’s data', async () => {
    await deliverDueEmails(db, mailer(), OPTS)
    const [portal, byEmail] = filed.map((r) => forwardingOf(r)[0]!)
    const toPortal = await smtp.waitFor((m) => addresses(m).includes('persondata@lygtebaererne.example'))
    const toEmail = await smtp.waitFor((m) => addresses(m).includes('privacy@havoernens-venner.example'))
    expect(toPortal.subject).toContain(filed[0]!.reference)
    expect(toPortal.text).toContain(`${env().PUBLIC_URL}/da/officer/requests/${portal!.controllerRequestId}`)
    expect(toPortal.text).toContain(t('emails:forwarding.deadline'))
    expect(toEmail.text).toContain(`${OPTS.publicUrl}/da/controller/`)
    for (const mail of [toPortal, toEmail]) {
      expect(mail.headers.get('content-language')).toBe('da')
      for (const personal of ['Rasmus', 'Ringet', email, '20 30 40 50']) expect(`${mail.subject} ${mail.text} ${mail.html}`).not.toContain(personal)
    }
    // The link's token is stored only as a hash.
    const token = linkIn(toEmail, `${OPTS.publicUrl}/da/controller/`).split('/').pop()!
    const link = db.select().from(controllerLinks).where(eq(controllerLinks.forwardingId, byEmail!.id)).get()!
    expect(link.tokenHash).toBe(hashToken(token))
    expect(JSON.stringify(db.select().from(controllerLinks).all())).not.toContain(token)
  })

  test('what was sent is recorded: Message-ID and the hash of the message, and a return address of its own', () => {
    for (const r of filed) {
      const f = forwardingOf(r)[0]!
      const [sent] = eventsOf(r, 'forwarding_sent')
      expect(sent!.data).toMatchObject({ forwardingId: f.id, messageId: f.messageId })
      expect(sent!.data.sha256).toMatch(/^[0-9a-f]{64}$/)
      expect(f.sentSha256).toBe(sent!.data.sha256)
      const envelope = smtp.envelopeFrom.get(f.messageId!)
      expect(envelope).toMatch(/^bounce\+[A-Za-z0-9_-]+@portal\.example$/)
    }
  })

  test('a bounce to that address marks the forwarding undelivered and alerts the agency at once, once', async () => {
    const f = forwardingOf(filed[1]!)[0]!
    const bounceTo = smtp.envelopeFrom.get(f.messageId!)!
    expect(recordBounce(db, 'bounce+forged-token-that-names-nothing@portal.example')).toBe(false)
    expect(recordBounce(db, bounceTo)).toBe(true)
    expect(recordBounce(db, bounceTo)).toBe(false)
    expect(forwardingOf(filed[1]!)[0]!.undeliveredAt).toBeTruthy()
    expect(eventsOf(filed[1]!, 'forwarding_undelivered').map((e) => e.data)).toEqual([{ forwardingId: f.id, reason: 'bounced' }])
    await deliverDueEmails(db, mailer(), OPTS)
    // Nobody of the agency is on the portal in this test: its privacy address hears of it, in the agency's language.
    const subject = t('emails:forwardingAlert.undelivered.subject', { reference: filed[1]!.reference, controller: 'Havørnens Venner' })
    const alert = await smtp.waitFor((m) => m.subject === subject && addresses(m).includes(orgs['klartone-tm']!.privacyEmail))
    expect(alert.text).toContain(t('emails:forwardingAlert.undelivered.intro', { reference: filed[1]!.reference, controller: 'Havørnens Venner' }))
    expect(smtp.messages.filter((m) => m.subject === subject)).toHaveLength(1)
  })
})

describe('when delivery fails', () => {
  test('SMTP down while passing on, then up: the controller’s email arrives exactly once, recorded once', async () => {
    const [r] = await fileAndConfirm('outage.person@example.com', { about: 'client', clients: ['havoernens-venner'] })
    const f = forwardingOf(r!)[0]!
    await smtp.stop()
    try {
      await deliverDueEmails(db, mailer(), OPTS)
      expect(db.select().from(outbox).where(eq(outbox.id, f.outboxId!)).get()).toMatchObject({ status: 'pending', attempts: 1 })
      expect(forwardingOf(r!)[0]).toMatchObject({ sentAt: null, undeliveredAt: null })
    } finally {
      await smtp.start()
    }
    setClock(new Date(Date.parse('2026-11-20T10:00:00Z') + 10 * 60_000))
    await deliverDueEmails(db, mailer(), OPTS)
    await deliverDueEmails(db, mailer(), OPTS)
    await smtp.waitFor((m) => m.messageId === f.messageId)
    expect(smtp.messages.filter((m) => m.messageId === f.messageId)).toHaveLength(1)
    expect(eventsOf(r!, 'forwarding_sent')).toHaveLength(1)
    expect(forwardingOf(r!)[0]!.sentAt).toBeTruthy()
    setClock('2026-11-20T10:00:00Z')
  })

  test('a receiving server’s permanent refusal marks it undelivered at once and alerts the agency', async () => {
    smtp.refuse.add('persondata@engblomst-naturvaern.example')
    try {
      const [r] = await fileAndConfirm('refused.person@example.com', { about: 'client', clients: ['engblomst-naturvaern'] })
      const f = forwardingOf(r!)[0]!
      await deliverDueEmails(db, mailer(), OPTS)
      expect(db.select().from(outbox).where(eq(outbox.id, f.outboxId!)).get()).toMatchObject({ status: 'failed', attempts: 1 })
      expect(eventsOf(r!, 'forwarding_undelivered').map((e) => e.data)).toEqual([{ forwardingId: f.id, reason: 'rejected' }])
      await deliverDueEmails(db, mailer(), OPTS)
      const subject = t('emails:forwardingAlert.undelivered.subject', { reference: r!.reference, controller: 'Engblomst Naturværn' })
      await smtp.waitFor((m) => m.subject === subject && addresses(m).includes(orgs['klartone-tm']!.privacyEmail))
    } finally {
      smtp.refuse.clear()
    }
  })
})

describe('a request whose client the person did not know', () => {
  test('the agency’s officer names two clients: two linked requests, each passed on, with the receipt and deadline unchanged', async () => {
    const email = 'ved.ikke@example.com'
    const [r] = await fileAndConfirm(email, { about: 'client', clients: 'unknown' })
    expect(r).toMatchObject({ routing: 'needs_routing', clientKey: null })
    expect(forwardingOf(r!)).toHaveLength(0)
    const officer = createOfficer(db, { orgId: orgs['klartone-tm']!.id, role: 'officer', email: 'router@klartone-tm.example' })
    setClock('2026-11-23T09:00:00Z')
    const act = { orgId: orgs['klartone-tm']!.id, requestId: r!.id, officerId: officer.id }
    expect(() => routeRequest(db, { ...act, clients: ['no-such-client'] })).toThrow('clientUnknown')
    const routed = routeRequest(db, { ...act, clients: ['engblomst-naturvaern', 'havoernens-venner'] }).requests
    expect(routed.map((x) => x.clientKey)).toEqual(['engblomst-naturvaern', 'havoernens-venner'])
    expect(routed[0]!.id).toBe(r!.id)
    for (const x of routed) {
      expect(x.receivedAt.getTime()).toBe(r!.receivedAt.getTime())
      expect(x.dueAt.getTime()).toBe(r!.dueAt.getTime())
      expect(x.groupId).toBe(routed[0]!.groupId)
      expect(forwardingOf(x)).toHaveLength(1)
    }
    expect(eventsOf(r!, 'routed').map((e) => e.data)).toEqual([{ clientKeys: ['engblomst-naturvaern', 'havoernens-venner'], requestIds: routed.map((x) => x.id) }])
    expect(() => routeRequest(db, { ...act, clients: ['havoernens-venner'] })).toThrow('routingNotNeeded')
    // The person is told, for each, to whom it went and by when they will be answered.
    await deliverDueEmails(db, mailer(), OPTS)
    const en = fixedT('en', ['emails'])
    for (const [x, name] of [
      [routed[0]!, 'Engblomst Naturværn'],
      [routed[1]!, 'Havørnens Venner'],
    ] as const) {
      const mail = await smtp.waitFor((m) => addresses(m).includes(email) && (m.subject ?? '') === en('emails:forwardedToController.subject', { reference: x.reference, controller: name }))
      expect(mail.text).toContain(en('emails:forwardedToController.intro', { org: orgs['klartone-tm']!.name, controller: name, date: 'November 23, 2026', dueDate: 'December 21, 2026' }))
    }
    setClock('2026-11-20T10:00:00Z')
  })
})

describe('a request the person withdraws at the client on the portal', () => {
  test('ends the agency’s request too, as withdrawn, without a second email', async () => {
    const [r] = await fileAndConfirm('withdraws.later@example.com', { about: 'client', clients: ['lygtebaererne'] })
    const mirror = db.select().from(requests).where(eq(requests.forwardedFromRequestId, r!.id)).get()!
    const officer = createOfficer(db, { orgId: orgs.lygtebaererne!.id, role: 'officer', email: 'withdrawer@lygtebaererne.example' })
    const before = db.select().from(outbox).where(eq(outbox.requestId, r!.id)).all().length
    withdrawRequest(db, { orgId: orgs.lygtebaererne!.id, requestId: mirror.id, officerId: officer.id, note: 'Ringede og trak den tilbage' })
    expect(reloadRequest(db, r!)).toMatchObject({ status: 'withdrawn', outcome: 'withdrawn', closed: true })
    expect(eventsOf(r!, 'withdrawn').map((e) => [e.data, e.actorKind])).toEqual([[{ messageId: null, emailed: false }, 'system']])
    expect(db.select().from(outbox).where(eq(outbox.requestId, r!.id)).all()).toHaveLength(before)
  })
})
