import { eq } from 'drizzle-orm'
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { organisations, requests, type Organisation } from '#db/schema'
import { localize, type Language } from '~/domain/languages'
import { fileRequest } from '~/domain/requests.server'
import { fixedT } from '~/i18n/i18n'
import { localDate } from '~/domain/deadlines'
import { resetClock, setClock } from '~/utils/clock'
import { startApp, type TestApp } from './support/app'
import { HttpClient, textOf } from './support/http'
import { createOfficer, signedInCookie } from './support/officers'
import { addresses, fileAndAwaitConfirmation, linkIn, mailTo, startSmtp, type TestSmtp } from './support/smtp'

// Every officer action that the person must know of arrives on a real SMTP
// server, in the language the person made the request in; messages arrive as
// a link only, and the person's reply from their status page reaches the
// organisation's privacy address as a link only.

let app: TestApp
let smtp: TestSmtp
let org: Organisation
let cookie: string
let officerEmail: string

beforeAll(async () => {
  setClock('2026-03-10T09:00:00Z')
  smtp = await startSmtp()
  app = await startApp({ smtpUrl: smtp.url })
  org = app.db.select().from(organisations).where(eq(organisations.slug, 'dyrevaernsringen')).get()!
  const officer = createOfficer(app.db, { orgId: org.id, language: 'no' })
  officerEmail = officer.email
  cookie = signedInCookie(app.db, officer)
})

afterAll(async () => {
  await app?.close()
  await smtp?.stop()
  resetClock()
})

async function officerPost(path: string, form: Record<string, string>) {
  const response = await fetch(app.url + path, {
    method: 'POST',
    headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
    redirect: 'manual',
  })
  expect(response.status, await response.clone().text()).toBe(302)
}

/** Files a request in a language and confirms it as the person would, from the emailed link; returns the person's browser. */
async function personWithRequest(lang: Language, email: string) {
  const { requestId, reference, link } = await fileAndAwaitConfirmation(app.db, smtp, { org, language: lang, type: 'access', details: { type: 'access', scope: 'all' }, subject: { name: 'Sanna Salainen', email, identifiers: {} } }, { publicUrl: app.url })
  const person = new HttpClient(app.url)
  const confirmed = await person.post(new URL(link).pathname)
  expect(confirmed.status).toBe(302)
  return { person, requestId, reference }
}

describe.each<[Language, string]>([
  ['da', 'da-person@example.com'],
  ['fi', 'fi-person@example.com'],
])('a request in %s', (lang, email) => {
  const t = fixedT(lang, ['officer', 'request'])
  let person: HttpClient
  let requestId: number
  let reference: string

  beforeAll(async () => {
    ;({ person, requestId, reference } = await personWithRequest(lang, email))
  })

  test('asking for information: the email is a link, the message waits on the status page', async () => {
    await officerPost(`/en/officer/requests/${requestId}`, { intent: 'ask', topic: 'identity', message: 'Private question 4711' })
    const mail = await smtp.waitFor(mailTo(email, t('officer:emails.message.subject', { reference })))
    expect(mail.headers.get('content-language')).toBe(lang)
    expect(mail.text).toContain(t('officer:emails.message.privacy'))
    expect(mail.text).toContain(`${app.url}/${lang}/status/open/`)
    expect(mail.text).not.toContain('4711')
    const page = await person.get(`/${lang}/status/request`)
    expect(page.status).toBe(200)
    const text = textOf(page.html)
    expect(text).toContain('Private question 4711')
    expect(text).toContain(t('officer:status.replyLabelAwaiting', { org: org.name }))
  })

  test('the person replies from the status page; the officer who has the request gets a link only, in the officer’s language', async () => {
    const reply = await person.post(`/${lang}/status/request`, { message: 'My member number is 8080' })
    expect(reply.status).toBe(302)
    expect(app.db.select().from(requests).where(eq(requests.id, requestId)).get()!.status).toBe('in_progress')
    const officerT = fixedT('no', ['oversight'])
    const notice = await smtp.waitFor((m) => addresses(m).includes(officerEmail) && m.subject === officerT('oversight:notify.subject_replied.subject', { reference }))
    expect(notice.text).toContain(`/no/officer/requests/${requestId}`)
    expect(notice.text).not.toContain('8080')
    expect(notice.text).not.toContain('Sanna')
    expect(notice.text).not.toContain(email)
    const page = textOf((await person.get(`/${lang}/status/request`)).html)
    expect(page).toContain('My member number is 8080')
    // An empty message comes back with the error, in the page's language.
    const empty = await person.post(`/${lang}/status/request`, { message: '' })
    expect(empty.status).toBe(200)
    expect(textOf(empty.html)).toContain(t('officer:errors.replyMessageRequired'))
  })

  test('extension: the reason arrives, and shows in the person’s history', async () => {
    await officerPost(`/en/officer/requests/${requestId}`, { intent: 'extend', months: '2', reason: 'Reason for extension\nline two\n\nSecond <paragraph>' })
    const mail = await smtp.waitFor(mailTo(email, t('officer:emails.extended.subject', { reference })))
    expect(mail.text).toContain('Reason for extension\nline two\n\nSecond <paragraph>')
    // In HTML the typed paragraphs and line breaks survive, escaped.
    expect(mail.html).toContain('>Reason for extension<br>line two</p>')
    expect(mail.html).toContain('>Second &lt;paragraph&gt;</p>')
    expect(mail.text).toContain(t('officer:emails.extended.reasonHeading'))
    const page = textOf((await person.get(`/${lang}/status/request`)).html)
    expect(page).toContain(t('officer:history.extended'))
    expect(page).toContain('Reason for extension')
  })

  test('completion: the email is a notice with a one-click link; the answer waits on the status page', async () => {
    await officerPost(`/en/officer/requests/${requestId}`, { intent: 'verify', method: 'known_customer_details' })
    await officerPost(`/en/officer/requests/${requestId}`, { intent: 'answer', outcome: 'granted', reasons: 'Here is your answer\n\nSecond paragraph' })
    await officerPost(`/en/officer/requests/${requestId}`, { intent: 'send' })
    const mail = await smtp.waitFor(mailTo(email, t('officer:emails.completed.subject', { reference })))
    expect(mail.text).not.toContain('Here is your answer')
    expect(mail.html || '').not.toContain('Here is your answer')
    expect(mail.attachments).toHaveLength(0)
    expect(mail.text).toContain(t('officer:emails.completed.documentsWait'))
    // A fresh browser follows the link and presses the button: no reference or address to type.
    const fresh = new HttpClient(app.url)
    const opened = await fresh.post(new URL(linkIn(mail, `${app.url}/${lang}/status/open/`)).pathname)
    expect(opened.status).toBe(302)
    const page = textOf((await fresh.get(`/${lang}/status/request`)).html)
    expect(page).toContain(t('officer:history.answered'))
    expect(page).toContain('Here is your answer')
    expect(page).not.toContain(t('officer:status.replySubmit'))
  })

  test('refusal: the ground, the authority and the courts in the email; the reasons on the status page', async () => {
    const other = await personWithRequest(lang, `refused-${email}`)
    await officerPost(`/en/officer/requests/${other.requestId}`, { intent: 'answer', outcome: 'refused', grounds: 'excessive', reasons: 'Reason for refusal' })
    await officerPost(`/en/officer/requests/${other.requestId}`, { intent: 'send' })
    const mail = await smtp.waitFor(mailTo(`refused-${email}`, t('officer:emails.refused.subject', { reference: other.reference })))
    for (const s of [fixedT(lang, 'documents')('groundNames.excessive'), localize(org.profile.authority.name, lang), org.profile.authority.complaintUrl, t('officer:emails.refused.court')]) {
      expect(mail.text).toContain(s)
    }
    expect(mail.text).not.toContain('Reason for refusal')
    const page = textOf((await other.person.get(`/${lang}/status/request`)).html)
    expect(page).toContain(t('officer:history.answered'))
    expect(page).toContain('Reason for refusal')
    expect(page).toContain(localize(org.profile.authority.name, lang))
  })

  test('withdrawal', async () => {
    const other = await personWithRequest(lang, `withdrawn-${email}`)
    await officerPost(`/en/officer/requests/${other.requestId}`, { intent: 'withdraw', note: '' })
    const mail = await smtp.waitFor(mailTo(`withdrawn-${email}`, t('officer:emails.withdrawn.subject', { reference: other.reference })))
    expect(mail.text).toContain(t('officer:emails.withdrawn.intro', { org: org.name }))
  })
})

describe('after preparing an answer that cannot be sent yet', () => {
  test('the confirmation says it cannot be sent yet and why, not "then send it"; once it can, it offers the send form', async () => {
    const filed = fileRequest(app.db, { org, language: 'en', type: 'objection', details: { type: 'objection', ground: 'particular_situation', situation: 'Stop using my data for statistics.' }, subject: { name: 'Otto Objection', email: 'otto@example.com', identifiers: {} } })
    if (!filed.ok) throw new Error('not filed')
    const confirm = await smtp.waitFor((m) => addresses(m).includes('otto@example.com'))
    expect((await new HttpClient(app.url).post(new URL(linkIn(confirm, `${app.url}/en/confirm/`)).pathname)).status).toBe(302)
    const path = `/en/officer/requests/${filed.requestId}`
    const t = fixedT('en', 'officer')
    const prepare = async () => {
      const response = await fetch(app.url + path, { method: 'POST', headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ intent: 'answer', outcome: 'granted', reasons: 'We have stopped.' }).toString(), redirect: 'manual' })
      expect(response.status).toBe(302)
      const location = response.headers.get('location')!
      return { location, page: textOf(await (await fetch(app.url + location, { headers: { Cookie: cookie } })).text()) }
    }
    // Identity not verified: sending is blocked.
    const blocked = await prepare()
    expect(blocked.location).toContain('blocked=identityNotVerified')
    expect(blocked.location).not.toContain('do=send')
    expect(blocked.page).toContain(t('done.answerBlocked'))
    expect(blocked.page).toContain(t('errors.identityNotVerified'))
    expect(blocked.page).not.toContain(t('done.answer'))
    // Verified: the confirmation says "send it", with the send form open.
    await officerPost(path, { intent: 'verify', method: 'known_customer_details' })
    const ready = await prepare()
    expect(ready.location).toContain('do=send')
    expect(ready.page).toContain(t('done.answer'))
    expect(ready.page).not.toContain(t('done.answerBlocked'))
  })
})

describe('the queue’s CSV export', () => {
  test('writes ISO 8601 dates and times in the organisation’s zone, with the offset and the zone named', async () => {
    const response = await fetch(`${app.url}/en/officer/queue/export`, { headers: { Cookie: cookie } })
    expect(response.status).toBe(200)
    const t = fixedT('en', 'officer')
    const rows = parse((await response.text()).replace(/^\uFEFF/, ''), { columns: true }) as Array<Record<string, string>>
    const stored = app.db.select().from(requests).where(eq(requests.orgId, org.id)).all()
    const received = rows.filter((r) => r[t('queue.csv.received')] !== '')
    expect(received.length).toBeGreaterThan(0)
    for (const row of received) {
      const r = stored.find((s) => s.reference === row[t('queue.csv.reference')])!
      expect(row[t('queue.csv.received')]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/)
      expect(new Date(row[t('queue.csv.received')]!).getTime()).toBe(r.receivedAt.getTime() - (r.receivedAt.getTime() % 1000))
      expect(row[t('queue.csv.legalDeadline')]).toBe(localDate(r.dueAt, org.timeZone))
      expect(row[t('queue.csv.target')]).toMatch(/^\d{4}-\d{2}-\d{2}$/)
      expect(row[t('queue.csv.lastActivity')]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/)
      expect(row[t('queue.csv.timeZone')]).toBe(org.timeZone)
    }
    // March in Copenhagen is UTC+01:00.
    expect(org.timeZone).toBe('Europe/Copenhagen')
    expect(received.some((r) => r[t('queue.csv.received')]!.endsWith('+01:00'))).toBe(true)
  })
})
