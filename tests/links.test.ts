import { and, eq } from 'drizzle-orm'
import type { ParsedMail } from 'mailparser'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { events, outbox, requests, sessions, tokens } from '#db/schema'
import { emailHash } from '~/data/officer-requests.server'
import { getOrganisationBySlug } from '~/data/organisations.server'
import { REPLY_LIMIT } from '~/domain/requests.server'
import { advanceClock, resetClock, setClock } from '~/utils/clock'
import { hashToken } from '~/utils/tokens.server'
import { startApp, type TestApp } from './support/app'
import { HttpClient, textOf } from './support/http'
import { tFor } from './support/i18n'
import { addresses, fileAndAwaitConfirmation, linkIn, startSmtp, type TestSmtp } from './support/smtp'

// The emailed links are the only keys to a request: each works once, for a
// limited time, and nothing else (a reference number, a guess) opens one.

const HOUR = 3_600_000
const t = tFor('en')

let app: TestApp
let smtp: TestSmtp

beforeAll(async () => {
  setClock('2026-03-10T09:00:00Z')
  smtp = await startSmtp()
  app = await startApp({ smtpUrl: smtp.url })
})

afterAll(async () => {
  await app?.close()
  await smtp?.stop()
  resetClock()
})

let counter = 0
/** Files a request as the form does, and returns it with the confirmation email it caused. */
async function file(email = `person${++counter}@example.com`) {
  const org = getOrganisationBySlug(app.db, 'lygtebaererne')!
  const { requestId, mail, link } = await fileAndAwaitConfirmation(app.db, smtp, { org, language: 'en', type: 'access', details: { type: 'access', scope: 'all' }, subject: { name: 'Test Person', email, identifiers: {} } }, { publicUrl: app.url })
  expect(mail.subject).toBe(t('emails:confirm.subject', { org: org.name }))
  return { requestId, email, org, mail, link }
}

function statusOf(requestId: number) {
  return app.db.select().from(requests).where(eq(requests.id, requestId)).get()!.status
}

function outboxRows(requestId: number, template: string) {
  return app.db.select().from(outbox).where(and(eq(outbox.requestId, requestId), eq(outbox.template, template))).all()
}

/** Confirms through the link as a browser without JavaScript would; returns the client, now signed in to the request. */
async function confirm(link: string) {
  const client = new HttpClient(app.url)
  const page = await client.get(link)
  expect(page.status).toBe(200)
  expect(textOf(page.html)).toContain(t('request:confirm.title'))
  const pressed = await client.post(link)
  expect(pressed.status).toBe(302)
  expect(pressed.location).toBe('/en/request/confirmed')
  return client
}

describe('confirmation links', () => {
  test('work once; the second time the person is told the link was used', async () => {
    const { requestId, link } = await file()
    // Opening the link (a mail scanner does) confirms nothing.
    await new HttpClient(app.url).get(link)
    expect(statusOf(requestId)).toBe('unverified')

    const client = await confirm(link)
    expect(statusOf(requestId)).toBe('received')
    const confirmed = await client.get('/en/request/confirmed')
    expect(confirmed.status).toBe(200)

    const again = await new HttpClient(app.url).post(link)
    expect(again.status).toBe(200)
    const text = textOf(again.html)
    expect(text).toContain(t('request:confirm.usedTitle'))
    expect(t('request:confirm.usedTitle')).toMatch(/already been used/)
    expect(again.html).toContain(`<title>${t('request:confirm.usedTitle')} – ${t('common:serviceName')}</title>`)
    expect(text).not.toContain(t('request:confirmed.referenceLabel'))
    // Confirmed once: one "request sent" email, not two.
    expect(outboxRows(requestId, 'request-confirmed')).toHaveLength(1)
  })

  test('expire after 24 hours: 23 hours later a link works, 25 hours later it is refused and the request stays unconfirmed', async () => {
    const early = await file()
    const late = await file()
    advanceClock(23 * HOUR)
    await confirm(early.link)
    expect(statusOf(early.requestId)).toBe('received')
    advanceClock(2 * HOUR)
    const reply = await new HttpClient(app.url).post(late.link)
    expect(reply.status).toBe(200)
    expect(textOf(reply.html)).toContain(t('request:confirm.expiredTitle'))
    expect(statusOf(late.requestId)).toBe('unverified')
  })

  test('a made-up link does not work', async () => {
    const reply = await new HttpClient(app.url).post('/en/confirm/not-a-real-token')
    expect(textOf(reply.html)).toContain(t('request:confirm.invalidTitle'))
  })

  test('a new link can be asked for, and it works', async () => {
    const { requestId, email, mail: first } = await file()
    advanceClock(25 * HOUR)
    const client = new HttpClient(app.url)
    const form = await client.get('/en/confirm/new')
    expect(textOf(form.html)).toContain(t('request:newLink.title'))
    const asked = await client.post('/en/confirm/new', { email: email.toUpperCase() })
    expect(asked.status).toBe(200)
    expect(textOf(asked.html)).toContain(t('request:newLink.sent'))
    const second = await smtp.waitFor((m) => addresses(m).includes(email) && m.messageId !== first.messageId)
    const link = linkIn(second, `${app.url}/en/confirm/`)
    expect(link).not.toBe(linkIn(first, `${app.url}/en/confirm/`))
    await confirm(link)
    expect(statusOf(requestId)).toBe('received')
  })

  test('asking for a new link with an address that has no request says the same and sends nothing', async () => {
    const before = app.db.select().from(outbox).all().length
    const reply = await new HttpClient(app.url).post('/en/confirm/new', { email: 'nobody@example.com' })
    expect(textOf(reply.html)).toContain(t('request:newLink.sent'))
    expect(app.db.select().from(outbox).all()).toHaveLength(before)
  })

  test('tokens are stored only as hashes', async () => {
    const { link } = await file()
    const raw = link.split('/').pop()!
    const stored = app.db.select().from(tokens).all()
    expect(stored.some((row) => row.tokenHash === hashToken(raw))).toBe(true)
    expect(JSON.stringify(stored)).not.toContain(raw)
    // The session a link opens is also kept only as a hash: its token (in the signed cookie) is not in the table.
    const client = await confirm(link)
    expect((await client.get('/en/request/confirmed')).status).toBe(200)
    const signed = decodeURIComponent(client.cookie('__subject')!)
    const sessionToken = JSON.parse(Buffer.from(signed.slice(0, signed.lastIndexOf('.')), 'base64').toString('utf8')) as string
    expect(sessionToken).toMatch(/^[A-Za-z0-9_-]{40,}$/)
    const rows = app.db.select().from(sessions).all()
    expect(rows.some((row) => row.id === hashToken(sessionToken))).toBe(true)
    expect(JSON.stringify(rows)).not.toContain(sessionToken)
    expect(JSON.stringify(rows)).not.toContain(raw)
  })
})

describe('the "check your email" page', () => {
  test('sends the email again on request, with a new link that works', async () => {
    const client = new HttpClient(app.url)
    // Filed through the form, so the browser is remembered as the one that sent it.
    const email = 'again@example.com'
    for (const [step, form] of [
      ['right', { type: 'access' }],
      ['details', { scope: 'all' }],
      ['identity', { name: 'Asker Again', email }],
    ] as const) {
      const reply = await client.post(`/en/o/lygtebaererne/request/${step}`, form)
      expect(reply.status, step).toBe(302)
    }
    const sent = await client.post('/en/o/lygtebaererne/request/check')
    expect(sent.location).toBe('/en/request/sent')
    const page = await client.get('/en/request/sent')
    expect(textOf(page.html)).toContain(t('request:sent.lead', { email }))
    const first = await smtp.waitFor((m) => addresses(m).includes(email))

    const again = await client.post('/en/request/sent')
    expect(textOf(again.html)).toContain(t('request:sent.resent'))
    const second = await smtp.waitFor((m) => addresses(m).includes(email) && m.messageId !== first.messageId)
    await confirm(linkIn(second, `${app.url}/en/confirm/`))
    expect(app.db.select().from(requests).where(eq(requests.emailHash, emailHash(email))).get()!.status).toBe('received')
  })
})

describe('addresses without a language', () => {
  test.each([
    ['/', 'nb-NO,nb;q=0.9,en;q=0.5', '/no'],
    ['/', 'fi', '/fi'],
    ['/', 'de', '/en'],
    ['/o/lygtebaererne', 'da-DK', '/da/o/lygtebaererne'],
    ['/status', 'nn', '/no/status'],
  ])('%s with Accept-Language %s goes to %s', async (path, acceptLanguage, location) => {
    const reply = await new HttpClient(app.url, { 'Accept-Language': acceptLanguage }).get(path)
    expect(reply.status).toBe(302)
    expect(reply.location).toBe(location)
  })

  test('an unknown page or organisation is a 404 page in the language of the address', async () => {
    for (const [path, lang] of [
      ['/fi/no-such-page', 'fi'],
      ['/da/o/no-such-organisation', 'da'],
    ] as const) {
      const reply = await new HttpClient(app.url).get(path)
      expect(reply.status, path).toBe(404)
      expect(textOf(reply.html)).toContain(tFor(lang)('common:errorPages.notFoundTitle'))
    }
  })
})

describe('following a request', () => {
  async function confirmedRequest() {
    const filed = await file()
    await confirm(filed.link)
    const reference = app.db.select().from(requests).where(eq(requests.id, filed.requestId)).get()!.reference
    return { ...filed, reference }
  }

  const statusMail = (email: string, reference: string) => (m: ParsedMail) =>
    addresses(m).includes(email) && m.subject === t('emails:statusLink.subject', { reference })

  test('the "Follow a request" form emails a link that opens the request once', async () => {
    const { email, reference, requestId } = await confirmedRequest()
    const client = new HttpClient(app.url)
    const form = await client.get('/en/status')
    expect(textOf(form.html)).toContain(t('request:follow.title'))
    // Typed the way people type it.
    const asked = await client.post('/en/status?index', { reference: reference.toLowerCase().replace('-', ' '), email: ` ${email.toUpperCase()} ` })
    expect(textOf(asked.html)).toContain(t('request:follow.sent'))
    const mail = await smtp.waitFor(statusMail(email, reference))
    const link = linkIn(mail, `${app.url}/en/status/open/`)

    const opened = await client.post(link)
    expect(opened.status).toBe(302)
    expect(opened.location).toBe('/en/status/request')
    const status = await client.get('/en/status/request')
    expect(status.status).toBe(200)
    const text = textOf(status.html)
    expect(text).toContain(t('request:statusPage.title', { reference }))
    expect(text).toContain(t('request:status.received'))

    const again = await new HttpClient(app.url).post(link)
    expect(textOf(again.html)).toContain(t('request:open.usedTitle'))
    expect(outboxRows(requestId, 'status-link')).toHaveLength(1)
  })

  test('a wrong email address or reference gets the same answer and no email', async () => {
    const { email, reference, requestId } = await confirmedRequest()
    const client = new HttpClient(app.url)
    const before = app.db.select().from(outbox).all().length
    const wrongEmail = await client.post('/en/status?index', { reference, email: 'someone.else@example.com' })
    const wrongReference = await client.post('/en/status?index', { reference: reference === 'KKKK-KKKK' ? 'MMMM-MMMM' : 'KKKK-KKKK', email })
    for (const reply of [wrongEmail, wrongReference]) {
      expect(reply.status).toBe(200)
      expect(textOf(reply.html)).toContain(t('request:follow.sent'))
    }
    expect(app.db.select().from(outbox).all()).toHaveLength(before)
    expect(outboxRows(requestId, 'status-link')).toHaveLength(0)
  })

  test('an unconfirmed request gets no status link', async () => {
    const { email, requestId, mail } = await file()
    const reference = app.db.select().from(requests).where(eq(requests.id, requestId)).get()!.reference
    expect(mail.text).not.toContain(reference)
    const reply = await new HttpClient(app.url).post('/en/status?index', { reference, email })
    expect(textOf(reply.html)).toContain(t('request:follow.sent'))
    expect(outboxRows(requestId, 'status-link')).toHaveLength(0)
  })

  test('knowing a reference number alone reveals nothing', async () => {
    const { reference } = await confirmedRequest()
    const stranger = new HttpClient(app.url)
    for (const path of ['/en/status/request', `/en/status/request?reference=${reference}`, '/en/request/confirmed']) {
      const reply = await stranger.get(path)
      expect(reply.status).toBe(302)
      expect(reply.location).toBe('/en/status')
    }
    const follow = await stranger.get('/en/status')
    expect(follow.html).not.toContain(reference)
  })

  test('a session opened by a link ends after two hours without use', async () => {
    const { email, reference } = await confirmedRequest()
    const client = new HttpClient(app.url)
    await client.post('/en/status?index', { reference, email })
    const mail = await smtp.waitFor(statusMail(email, reference))
    expect((await client.post(linkIn(mail, `${app.url}/en/status/open/`))).status).toBe(302)
    advanceClock(HOUR + 59 * 60_000)
    expect((await client.get('/en/status/request')).status).toBe(200)
    // Used a moment ago: the two hours start again.
    advanceClock(HOUR + 59 * 60_000)
    expect((await client.get('/en/status/request')).status).toBe(200)
    advanceClock(2 * HOUR)
    const expired = await client.get('/en/status/request')
    expect(expired.status).toBe(302)
    expect(expired.location).toBe('/en/status')
  })

  test('the form says what is wrong with a reference that cannot be one', async () => {
    const reply = await new HttpClient(app.url).post('/en/status?index', { reference: 'hello', email: 'person@example.com' })
    const text = textOf(reply.html)
    expect(text).toContain(t('common:errorSummaryTitle'))
    expect(text).toContain(t('errors:status.referenceInvalid'))
    expect(reply.html).toMatch(new RegExp(`<title>${t('common:errorPrefix')} `))
    expect(text).not.toContain(t('request:follow.sent'))
  })
})

describe('limits that refuse say so', () => {
  test('a sixth new confirmation link in an hour is refused with the "wait an hour" notice, not "we have sent"', async () => {
    const { email } = await file()
    const client = new HttpClient(app.url)
    for (let i = 0; i < 5; i++) expect(textOf((await client.post('/en/confirm/new', { email })).html)).toContain(t('request:newLink.sent'))
    const before = app.db.select().from(outbox).all().length
    const refused = textOf((await client.post('/en/confirm/new', { email })).html)
    expect(refused).toContain(t('request:sent.limited'))
    expect(refused).not.toContain(t('request:newLink.sent'))
    expect(app.db.select().from(outbox).all()).toHaveLength(before)
  })

  test('a sixth status link in an hour for the same address is refused with the "wait an hour" notice', async () => {
    const email = 'curious.person@example.com'
    const client = new HttpClient(app.url)
    for (let i = 0; i < 5; i++) expect(textOf((await client.post('/en/status?index', { reference: 'KKKK-KKKK', email })).html)).toContain(t('request:follow.sent'))
    const refused = textOf((await client.post('/en/status?index', { reference: 'MMMM-MMMM', email })).html)
    expect(refused).toContain(t('request:sent.limited'))
    expect(refused).not.toContain(t('request:follow.sent'))
  })

  test('too many messages from the status page: an error beside the form, not a server error, and the text is kept', async () => {
    const { link, requestId } = await file()
    const client = await confirm(link)
    for (let i = 0; i < REPLY_LIMIT.perRequest; i++) {
      const sent = await client.post('/en/status/request', { message: `Message ${i}` })
      expect(sent.status).toBe(302)
    }
    const refused = await client.post('/en/status/request', { message: 'One message too many' })
    expect(refused.status).toBe(200)
    const text = textOf(refused.html)
    expect(text).toContain(t('common:errorSummaryTitle'))
    expect(text).toContain(t('errors:status.replyLimit'))
    expect(refused.html).toContain('One message too many')
    expect(app.db.select().from(events).where(and(eq(events.requestId, requestId), eq(events.kind, 'subject_replied'))).all()).toHaveLength(REPLY_LIMIT.perRequest)
  })
})

describe('confirming a request that was closed before the address was confirmed', () => {
  for (const status of ['refused', 'withdrawn'] as const) {
    test(`(${status}) leads to its status page, not to "Request sent, answer due by…"`, async () => {
      const { requestId, link } = await file()
      app.db.update(requests).set({ status }).where(eq(requests.id, requestId)).run()
      const client = new HttpClient(app.url)
      const pressed = await client.post(link)
      expect(pressed.status).toBe(302)
      expect(pressed.location).toBe('/en/status/request')
      expect(statusOf(requestId)).toBe(status)
      const page = await client.get('/en/status/request')
      expect(page.status).toBe(200)
      expect(textOf(page.html)).toContain(t(`request:status.${status}`))
      // The confirmation panel, asked for directly, sends the person there too.
      expect((await client.get('/en/request/confirmed')).location).toBe('/en/status/request')
    })
  }
})
