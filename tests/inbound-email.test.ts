import { eq } from 'drizzle-orm'
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { events, inboundAttachments, inboundEmails, outbox, type Organisation } from '#db/schema'
import { datesFromReceipt } from '~/domain/clock-rules'
import { DRAFTS_WAITING_MAX, listDrafts } from '~/domain/inbound-mail.server'
import { askForInformation } from '~/domain/requests.server'
import { startInboundSmtp } from '~/jobs/inbound-smtp.server'
import { advanceClock, resetClock, setClock } from '~/utils/clock'
import { startApp, type TestApp } from './support/app'
import { HttpClient, textOf } from './support/http'
import { receivedDraft } from './support/inbound'
import { deliverAll } from './support/mail'
import { createOfficer, signedInCookie } from './support/officers'
import { loadDemoOrganisations, newRequest, reloadRequest } from './support/requests'

// Email into the queue: a real SMTP client (nodemailer) delivering to the
// portal's own listener on 127.0.0.1, inside the started portal.

const ORG_BOX = 'persondata@dyrevaernsringen.example'
const PERSON = 'anna.holm@person.example'
const MAX_BYTES = 100_000

let app: TestApp
let dk: Organisation
let client: Transporter
let officerId: number

function send(message: SendMailOptions) {
  return client.sendMail(message)
}

/** The SMTP reply code a refused message got. */
async function refusal(message: SendMailOptions): Promise<number> {
  try {
    await send(message)
  } catch (error) {
    return (error as { responseCode: number }).responseCode
  }
  throw new Error('the message was accepted')
}

const draftsNow = () => listDrafts(app.db, dk.id).drafts
/** The officer, signed in afresh: the tests move the clock past a session's idle time. */
const officer = () => new HttpClient(app.url, { Cookie: signedInCookie(app.db, { id: officerId }) })

beforeAll(async () => {
  process.env.INBOUND_MAX_BYTES = String(MAX_BYTES)
  app = await startApp({ inboundSmtp: true })
  dk = loadDemoOrganisations(app.db)['dyrevaernsringen']!
  client = nodemailer.createTransport({ host: '127.0.0.1', port: app.smtpPort!, secure: false, ignoreTLS: true, pool: false })
  const user = createOfficer(app.db, { orgId: dk.id })
  officerId = user.id
})

afterAll(async () => {
  resetClock()
  delete process.env.INBOUND_MAX_BYTES
  await app?.close()
})

describe('a new email becomes a draft request', () => {
  let draftId: number
  const RECEIVED = '2026-03-02T09:15:00Z'

  test('delivered over SMTP, it waits in the queue as a draft with its text, sender, receipt and attachments, sealed', async () => {
    setClock(RECEIVED)
    await send({
      from: `Anna Holm <${PERSON}>`,
      to: ORG_BOX,
      subject: 'Indsigt i mine oplysninger',
      text: 'Jeg vil gerne have indsigt i alle oplysninger om mig.\n\nVenlig hilsen Anna\n\nDen 1. mar. 2026 kl. 10.00 skrev Dyreværnsringen <nyhedsbrev@dyrevaernsringen.example>:\n> Støt vores arbejde',
      attachments: [{ filename: 'medlemskort.pdf', content: Buffer.from('%PDF-1.4 card') }],
    })
    const drafts = draftsNow()
    expect(drafts).toHaveLength(1)
    draftId = drafts[0]!.id
    expect(drafts[0]).toMatchObject({ from: `Anna Holm <${PERSON}>`, subject: 'Indsigt i mine oplysninger', receivedAt: new Date(RECEIVED) })
    // Sealed at rest: the file holds no plain address, text or attachment.
    const raw = app.db.$client.prepare('SELECT from_address, body, raw FROM inbound_emails WHERE id = ?').get(draftId) as Record<string, unknown>
    expect(JSON.stringify(raw)).not.toContain('anna.holm')
    const file = app.db.$client.prepare('SELECT content FROM inbound_attachments WHERE inbound_id = ?').get(draftId) as { content: Buffer }
    expect(file.content.toString('latin1')).not.toContain('%PDF')

    // The officer is told on the queue, and the page shows the text without the quoted newsletter, the whole message a click away.
    const queue = await officer().get('/da/officer/queue')
    expect(textOf(queue.html)).toContain('1 e-mail modtaget af organisationen venter')
    const page = await officer().get(`/da/officer/inbox/${draftId}`)
    expect(page.status).toBe(200)
    const [shown, whole] = textOf(page.html).split('Vis hele beskeden')
    expect(shown).toContain('Jeg vil gerne have indsigt')
    expect(shown).not.toContain('Støt vores arbejde')
    expect(whole).toContain('Støt vores arbejde')
    const attachment = app.db.select().from(inboundAttachments).where(eq(inboundAttachments.inboundId, draftId)).get()!
    const download = await fetch(`${app.url}/da/officer/inbox/${draftId}/attachments/${attachment.id}`, { headers: { Cookie: signedInCookie(app.db, { id: officerId }) } })
    expect(download.headers.get('content-disposition')).toBe('attachment; filename="medlemskort.pdf"')
    expect(Buffer.from(await download.arrayBuffer()).toString()).toBe('%PDF-1.4 card')
  })

  test('an officer confirms it days later: the request is received when the email was, its deadline counted from then', async () => {
    setClock('2026-03-05T13:00:00Z')
    const missing = await officer().post(`/da/officer/inbox/${draftId}`, { intent: 'confirm', name: 'Anna Holm', email: PERSON, language: 'da', words: '' })
    expect(missing.status).toBe(400)
    expect(textOf(missing.html)).toContain('Vælg mindst én rettighed')
    // An objection among the rights needs what it is against (an objection to direct marketing lists the person at once).
    const noGround = await officer().post(`/da/officer/inbox/${draftId}`, [['intent', 'confirm'], ['types', 'access'], ['types', 'objection'], ['name', 'Anna Holm'], ['language', 'da'], ['words', 'Ring ikke til mig.']])
    expect(noGround.status).toBe(400)
    expect(textOf(noGround.html)).toContain('Vælg, hvad personen gør indsigelse mod')
    expect(noGround.html).toContain('Ring ikke til mig.')
    expect(draftsNow()).toHaveLength(1)
    const done = await officer().post(`/da/officer/inbox/${draftId}`, [
      ['intent', 'confirm'],
      ['types', 'access'],
      ['name', 'Anna Holm'],
      ['email', PERSON],
      ['language', 'da'],
      ['words', 'Jeg vil gerne have indsigt i alle oplysninger om mig.'],
    ])
    expect(done.status).toBe(302)
    const requestId = Number(/requests\/(\d+)$/.exec(done.location!)![1])
    const request = reloadRequest(app.db, { id: requestId })
    expect(request).toMatchObject({ status: 'received', channel: 'email', type: 'access', subjectEmail: PERSON, receivedAt: new Date(RECEIVED), emailVerifiedAt: new Date(RECEIVED) })
    expect(request.dueAt).toEqual(datesFromReceipt(new Date(RECEIVED), dk, { extensionMonths: 0, pausedDays: 0 }).dueAt)
    expect(app.db.select().from(inboundEmails).where(eq(inboundEmails.id, draftId)).get()).toMatchObject({ status: 'confirmed', requestId })
    expect(draftsNow()).toHaveLength(0)
    // The request's page leads to the email, whole, with its attachment.
    const page = await officer().get(`/da/officer/requests/${requestId}`)
    expect(page.html).toContain(`href="/da/officer/inbox/${draftId}"`)
    expect(textOf(page.html)).toContain('E-mailen, anmodningen kom med, modtaget')
    expect(textOf((await officer().get(`/da/officer/inbox/${draftId}`)).html)).toContain('Bekræftet som anmodning')
    // Confirming again is refused: the draft is gone.
    expect((await officer().post(`/da/officer/inbox/${draftId}`, [['intent', 'confirm'], ['types', 'access'], ['name', 'A'], ['email', PERSON]])).status).toBe(400)
    // The person is emailed the reference.
    const mails = await deliverAll(app.db)
    expect(mails.find((m) => m.template === 'request-confirmed' && m.requestId === requestId)?.to_).toBe(PERSON)
  })

  test('dismissed as not a request, a draft leaves the queue', async () => {
    await send({ from: 'sales@vendor.example', to: ORG_BOX, subject: 'Ny CRM-løsning', text: 'Book et møde med os.' })
    const id = draftsNow()[0]!.id
    const done = await officer().post(`/da/officer/inbox/${id}`, { intent: 'dismiss' })
    expect(done.location).toBe('/da/officer/inbox?done=dismissed')
    expect(draftsNow()).toHaveLength(0)
    expect(app.db.select().from(events).where(eq(events.kind, 'email_draft_dismissed')).all().map((e) => e.data)).toEqual([{ inboundId: id }])
  })
})

describe('an email from someone whose request is already open', () => {
  test('is added to that request by its reference, which then runs from the earlier email; undone, both are as they were', async () => {
    const WRITER = 'jens.lund@person.example'
    setClock('2026-04-01T08:00:00Z')
    await send({ from: `Jens Lund <${WRITER}>`, to: ORG_BOX, subject: 'Slet mine oplysninger', text: 'Slet venligst alt om mig.' })
    const draft = draftsNow()[0]!
    // Before anyone triaged the email, he filed the same request on the web form.
    setClock('2026-04-03T10:00:00Z')
    const { request } = await newRequest(app.db, dk, { type: 'erasure', name: 'Jens Lund', email: WRITER })
    const ownDue = request.dueAt
    setClock('2026-04-03T11:00:00Z')
    // The draft's page offers his open request; a reference of no open request here is refused, the draft kept.
    const page = await officer().get(`/da/officer/inbox/${draft.id}`)
    expect(textOf(page.html)).toContain(request.reference)
    const wrong = await officer().post(`/da/officer/inbox/${draft.id}`, { intent: 'merge', reference: 'AAAA-AAAA' })
    expect(wrong.status).toBe(400)
    expect(textOf(wrong.html)).toContain('Indtast referencenummeret på en åben anmodning')
    expect(draftsNow().map((d) => d.id)).toContain(draft.id)

    const merged = await officer().post(`/da/officer/inbox/${draft.id}`, { intent: 'merge', reference: request.reference })
    expect(merged.location).toBe(`/da/officer/requests/${request.id}`)
    const after = reloadRequest(app.db, { id: request.id })
    expect(after.receivedAt).toEqual(new Date('2026-04-01T08:00:00Z'))
    expect(after.dueAt).toEqual(datesFromReceipt(new Date('2026-04-01T08:00:00Z'), dk, { extensionMonths: 0, pausedDays: 0 }).dueAt)
    expect(after.dueAt.getTime()).toBeLessThan(ownDue.getTime())
    expect(draftsNow().map((d) => d.id)).not.toContain(draft.id)
    expect((await officer().get(`/da/officer/requests/${request.id}`)).html).toContain(`href="/da/officer/inbox/${draft.id}"`)

    const undone = await officer().post(`/da/officer/inbox/${draft.id}`, { intent: 'unmerge' })
    expect(undone.status).toBe(302)
    const back = reloadRequest(app.db, { id: request.id })
    expect(back.receivedAt).toEqual(request.receivedAt)
    expect(back.dueAt).toEqual(ownDue)
    expect(draftsNow().map((d) => d.id)).toContain(draft.id)
    expect(app.db.select().from(events).where(eq(events.kind, 'email_draft_unmerged')).all().map((e) => e.data.inboundId)).toEqual([draft.id])
    // Dismissed, so the other tests see an empty queue.
    await officer().post(`/da/officer/inbox/${draft.id}`, { intent: 'dismiss' })
  })
})

describe('replies thread onto their request', () => {
  test('a reply to the portal’s email (reply-to token, Message-ID) resumes the paused clock; a reference in the subject only offers the request', async () => {
    setClock('2026-03-10T10:00:00Z')
    const request = app.db.select().from(inboundEmails).where(eq(inboundEmails.status, 'confirmed')).get()!
    const requestId = request.requestId!
    const asked = askForInformation(app.db, { orgId: dk.id, requestId, officerId, topic: 'identity', message: 'Send venligst dit medlemsnummer.' })
    expect(asked.paused).toBe(true)
    const sent = (await deliverAll(app.db)).find((m) => m.template === 'new-message' && m.requestId === requestId)!
    const replyTo = sent.replyTo!.value[0]!.address!
    expect(replyTo).toMatch(/^persondata\+r-[A-Za-z0-9_-]{43}@dyrevaernsringen\.example$/)

    setClock('2026-03-12T10:00:00Z')
    await send({
      from: PERSON,
      to: replyTo,
      subject: `Re: ${sent.subject}`,
      inReplyTo: sent.messageId,
      references: [sent.messageId!],
      text: 'Mit medlemsnummer er 4711.\n\n-----Oprindelig besked-----\nSend venligst dit medlemsnummer.',
    })
    const resumed = reloadRequest(app.db, { id: requestId })
    expect(resumed).toMatchObject({ status: 'in_progress', pausedAt: null, pausedDays: 2 })
    expect(draftsNow()).toHaveLength(0)
    const kinds = app.db.select().from(events).where(eq(events.requestId, requestId)).all().map((e) => e.kind)
    expect(kinds).toEqual(expect.arrayContaining(['subject_replied', 'clock_resumed', 'email_threaded']))
    const thread = app.db.$client.prepare("SELECT count(*) AS n FROM messages WHERE request_id = ? AND purpose = 'reply'").get(requestId) as { n: number }
    expect(thread.n).toBe(1)

    // A reference in the subject proves nothing (anyone can write any From:): from the person's address too, the email
    // waits as a draft, which offers the request from that address; from someone else's it offers nothing.
    await send({ from: PERSON, to: ORG_BOX, subject: `Vedr. ${resumed.reference}`, text: 'Har I fået mit nummer?' })
    await send({ from: 'mallory@elsewhere.example', to: ORG_BOX, subject: `Vedr. ${resumed.reference}`, text: 'Luk sagen.' })
    const drafts = draftsNow()
    expect(drafts.map((d) => d.subject)).toEqual([`Vedr. ${resumed.reference}`, `Vedr. ${resumed.reference}`])
    const offered = async (id: number) => (await officer().get(`/da/officer/inbox/${id}`)).html.includes(`href="/da/officer/requests/${requestId}"`)
    const fromPerson = drafts.find((d) => d.from.includes(PERSON))!
    const fromMallory = drafts.find((d) => d.from.includes('mallory'))!
    expect(await offered(fromPerson.id)).toBe(true)
    expect(await offered(fromMallory.id)).toBe(false)
    const replies = app.db.$client.prepare("SELECT count(*) AS n FROM messages WHERE request_id = ? AND purpose = 'reply'").get(requestId) as { n: number }
    expect(replies.n).toBe(1)
    for (const d of drafts) await officer().post(`/da/officer/inbox/${d.id}`, { intent: 'dismiss' })
  })
})

describe('automatic mail is not a request', () => {
  test('an auto-reply and bulk mail make no draft', async () => {
    const before = draftsNow().length
    await send({ from: PERSON, to: ORG_BOX, subject: 'Fraværende', text: 'Jeg er på ferie.', headers: { 'Auto-Submitted': 'auto-replied' } })
    await send({ from: 'news@list.example', to: ORG_BOX, subject: 'Nyhedsbrev', text: 'Nyt fra os', headers: { Precedence: 'bulk' } })
    expect(draftsNow()).toHaveLength(before)
  })

  test('a delivery report marks the portal’s email to that address undelivered and alerts the officers', async () => {
    const sent = app.db.select().from(outbox).where(eq(outbox.template, 'new-message')).get()!
    expect(sent).toMatchObject({ status: 'sent', undeliveredAt: null })
    const before = draftsNow().length
    const raw = [
      'From: Mail Delivery System <MAILER-DAEMON@mx.person.example>',
      'To: no-reply@portal.example',
      'Subject: Undelivered Mail Returned to Sender',
      'Date: Thu, 12 Mar 2026 10:00:00 +0000',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="BB"',
      '',
      '--BB',
      'Content-Type: text/plain',
      '',
      'Your message could not be delivered.',
      '--BB',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.person.example',
      '',
      `Final-Recipient: rfc822; ${PERSON}`,
      'Action: failed',
      'Status: 5.1.1',
      '',
      '--BB',
      'Content-Type: text/rfc822-headers',
      '',
      `Message-ID: ${sent.messageId}`,
      'Subject: Ny besked',
      '',
      '--BB--',
      '',
    ].join('\r\n')
    const undelivered = () => app.db.select().from(outbox).where(eq(outbox.id, sent.id)).get()!.undeliveredAt
    // Written to an organisation's address, or naming no Message-ID, a report is anyone's word: it marks nothing.
    await send({ envelope: { from: '', to: [ORG_BOX] }, raw })
    await send({ envelope: { from: '', to: ['no-reply@portal.example'] }, raw: raw.replace(`Message-ID: ${sent.messageId}`, 'X-Note: none') })
    expect(undelivered()).toBeNull()
    await send({ envelope: { from: '', to: ['no-reply@portal.example'] }, raw })
    expect(undelivered()).toBeInstanceOf(Date)
    expect(draftsNow()).toHaveLength(before)
    const alerts = (await deliverAll(app.db)).filter((m) => m.template === 'forwarding-alert')
    expect(alerts.map((m) => m.subject)).toEqual([`Not delivered: email about request ${reloadRequest(app.db, { id: sent.requestId! }).reference}`])
  })
})

describe('bad mail is refused, the listener keeps serving, the web stays fast', () => {
  test('malformed, oversized, unaddressed and too many recipients each get an SMTP error', async () => {
    expect(await refusal({ envelope: { from: PERSON, to: [ORG_BOX] }, raw: 'this is not an email at all' })).toBe(550)
    expect(await refusal({ envelope: { from: PERSON, to: [ORG_BOX] }, raw: 'Subject: no sender\r\n\r\nHello' })).toBe(550)
    expect(await refusal({ from: PERSON, to: ORG_BOX, subject: 'big', text: 'x'.repeat(MAX_BYTES * 2) })).toBe(552)
    expect(await refusal({ from: PERSON, to: 'someone@elsewhere.example', subject: 'hi', text: 'hello' })).toBe(550)
    const many = Array.from({ length: 12 }, (_, i) => `persondata+r-${'a'.repeat(41)}${String(i).padStart(2, '0')}@dyrevaernsringen.example`)
    const info = await send({ from: PERSON, to: many, subject: 'many', text: 'hello' })
    expect(info.rejected).toHaveLength(2)
  })

  test('an organisation with its most emails waiting for triage tells senders to try again later; another still gets its mail', async () => {
    const box = 'persondata@lygtebaererne.example'
    for (let i = 0; i < DRAFTS_WAITING_MAX; i++) receivedDraft(app.db, { to: box, from: `flood${i}@spam.example`, subject: 'x', text: 'x' })
    advanceClock(120_000)
    expect(await refusal({ from: PERSON, to: box, subject: 'Indsigt', text: 'Jeg vil have indsigt.' })).toBe(452)
    const before = new Set(draftsNow().map((d) => d.id))
    await send({ from: PERSON, to: ORG_BOX, subject: 'Indsigt', text: 'Jeg vil have indsigt.' })
    const [mine] = draftsNow().filter((d) => !before.has(d.id))
    expect(mine?.subject).toBe('Indsigt')
    await officer().post(`/da/officer/inbox/${mine!.id}`, { intent: 'dismiss' })
  })

  test('a client over its rate is told to come back later', async () => {
    const listener = await startInboundSmtp(app.db, { port: 0, host: '127.0.0.1', maxBytes: MAX_BYTES, perMinute: 2 })
    try {
      const other = nodemailer.createTransport({ host: '127.0.0.1', port: listener.port, secure: false, ignoreTLS: true })
      const message = { from: PERSON, to: ORG_BOX, subject: 'Igen', text: 'Hej', headers: { Precedence: 'bulk' } }
      await other.sendMail(message)
      await other.sendMail(message)
      await expect(other.sendMail(message)).rejects.toMatchObject({ responseCode: 450 })
    } finally {
      await listener.close()
    }
  })

  test('while bad mail is being refused, a web page answers quickly and good mail still gets in', async () => {
    const before = draftsNow().length
    const flood = Array.from({ length: 12 }, (_, i) =>
      refusal(i % 2 ? { envelope: { from: PERSON, to: [ORG_BOX] }, raw: `Subject: broken ${i}\r\n\r\n${'y'.repeat(50_000)}` } : { from: PERSON, to: ORG_BOX, subject: 'big', text: 'z'.repeat(MAX_BYTES * 3) }),
    )
    const started = performance.now()
    const page = await fetch(`${app.url}/en/organisations`)
    const ms = performance.now() - started
    expect(page.status).toBe(200)
    expect(ms).toBeLessThan(3000)
    expect(new Set(await Promise.all(flood))).toEqual(new Set([550, 552]))
    await send({ from: 'bo@person.example', to: ORG_BOX, subject: 'Slet mine data', text: 'Slet venligst alt om mig.' })
    expect(draftsNow()).toHaveLength(before + 1)
  })
})
