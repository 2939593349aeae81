import { parse } from 'csv-parse/sync'
import { eq } from 'drizzle-orm'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { organisations, requests, type Organisation, type User } from '#db/schema'
import { confirmEmail, replyFromSubject } from '~/domain/requests.server'
import { fixedT, formatDate } from '~/i18n/i18n'
import { resetClock, setClock } from '~/utils/clock'
import { startApp, type TestApp } from './support/app'
import { launchBrowser, newPage, officerPage } from './support/browser'
import { escapeRegExp, watchPageErrors } from './support/i18n'
import { createOfficer, signedInCookie } from './support/officers'
import { addresses, fileAndAwaitConfirmation, linkIn, mailTo, startSmtp, type TestSmtp } from './support/smtp'
import { tokenOf } from './support/mail'

// The officers' workspace in a real browser, with a real SMTP server: the
// request page in two columns with one action open, errors that belong only
// to their submission, the queue reflowing at 320 px, the CSV export of what
// the page shows, officers told of new work as each chose, and the person
// told of a paused clock and of the new date.

let app: TestApp
let smtp: TestSmtp
let browser: Browser
let org: Organisation
let alice: User
let bob: User
let aliceCookie: string
let bobCookie: string
const t = fixedT('en', ['officer', 'request', 'common', 'oversight', 'emails'])

beforeAll(async () => {
  setClock('2026-05-04T08:00:00Z')
  smtp = await startSmtp()
  app = await startApp({ smtpUrl: smtp.url })
  browser = await launchBrowser()
  // The hotline pauses its clock while it waits for the person.
  org = app.db.select().from(organisations).where(eq(organisations.slug, 'dyrevaernsringen')).get()!
  alice = createOfficer(app.db, { orgId: org.id, name: 'Alice Officer', language: 'en' })
  bob = createOfficer(app.db, { orgId: org.id, name: 'Bob Officer', language: 'en' })
  aliceCookie = signedInCookie(app.db, alice).replace(/^__officer=/, '')
  bobCookie = signedInCookie(app.db, bob).replace(/^__officer=/, '')
})

afterAll(async () => {
  await browser?.close()
  await app?.close()
  await smtp?.stop()
  resetClock()
})

function as(cookie: string, viewport = { width: 1280, height: 900 }, javaScriptEnabled = true): Promise<Page> {
  return officerPage(app.url, cookie, { browser, javaScriptEnabled, viewport })
}

let counter = 0
/** A request filed and confirmed as the person would, through the link in the real email. */
async function confirmedRequest(o: { type?: 'access' | 'erasure'; name?: string } = {}) {
  const email = `person${++counter}@example.com`
  const type = o.type ?? 'access'
  const details = type === 'access' ? { type, scope: 'all' as const } : { type, what: 'Alt', why: 'Ikke længere medlem' }
  const filed = await fileAndAwaitConfirmation(app.db, smtp, { org, language: 'da', type, details, subject: { name: o.name ?? `Person ${counter} Hemmelig`, email, identifiers: {} } }, { publicUrl: app.url })
  const confirmed = confirmEmail(app.db, tokenOf(filed.link))
  if (!confirmed.ok) throw new Error('not confirmed')
  return { ...filed, email }
}

const to = mailTo

describe('told of new work, as each officer chose', () => {
  test('Bob turns new requests off; a confirmed request and a reply reach Alice at once, with nothing personal in them', async () => {
    const page = await as(bobCookie)
    await page.goto(`${app.url}/en/officer/notifications`)
    const choose = (group: string, choice: string) => page.getByRole('group', { name: group }).locator('label', { hasText: new RegExp(`^${escapeRegExp(choice)}$`) }).click()
    await choose(t('oversight:notifications.kind.request_confirmed'), t('oversight:notifications.delivery.off'))
    await choose(t('oversight:notifications.kind.subject_replied'), t('oversight:notifications.delivery.digest'))
    await page.getByRole('button', { name: t('oversight:notifications.submit') }).click()
    await page.getByText(t('oversight:notifications.saved')).waitFor()
    await page.context().close()

    const before = smtp.messages.length
    const r = await confirmedRequest({ name: 'Margrethe Hemmelig' })
    const subject = t('oversight:notify.request_confirmed.subject', { reference: r.reference })
    const notice = await smtp.waitFor(to(alice.email, subject))
    expect(notice.text).toContain(`${app.url}/en/officer/requests/${r.requestId}`)
    for (const part of [notice.subject, notice.text, notice.html || '']) {
      expect(part).not.toContain('Margrethe')
      expect(part).not.toContain('Hemmelig')
      expect(part).not.toContain(r.email)
    }

    // The person replies while nobody has the request: Alice is told at once, Bob chose the digest.
    replyFromSubject(app.db, { requestId: r.requestId, message: 'Mit medlemsnummer er 4711' })
    const reply = await smtp.waitFor(to(alice.email, t('oversight:notify.subject_replied.subject', { reference: r.reference })))
    expect(reply.text).not.toContain('4711')
    const toBob = smtp.messages.slice(before).filter((m) => addresses(m).includes(bob.email))
    expect(toBob.map((m) => m.subject)).toEqual([])
  })

  test('given a request, the officer is told so', async () => {
    const r = await confirmedRequest()
    const page = await as(bobCookie)
    await page.goto(`${app.url}/en/officer/requests/${r.requestId}?do=assign`)
    await page.getByLabel(t('officer:actions.assign.label')).selectOption({ label: 'Alice Officer' })
    await page.getByRole('button', { name: t('officer:actions.assign.submit') }).click()
    await page.getByRole('status').filter({ hasText: t('officer:done.assign') }).waitFor()
    await smtp.waitFor(to(alice.email, t('oversight:notify.assigned_to_me.subject', { reference: r.reference })))
    await page.context().close()
  })
})

describe('the request page at 1280 px', () => {
  test('two columns: the case on one side, dates and the actions available now on the other; one action open at a time', async () => {
    const r = await confirmedRequest()
    const page = await as(aliceCookie)
    const errors = watchPageErrors(page)
    await page.goto(`${app.url}/en/officer/requests/${r.requestId}`)
    const main = (await page.locator('.case-layout__main').boundingBox())!
    const side = (await page.locator('.case-layout__side').boundingBox())!
    expect(side.x).toBeGreaterThanOrEqual(main.x + main.width - 1)
    expect(Math.abs(side.y - main.y)).toBeLessThan(20)
    expect(main.width).toBeGreaterThan(600)
    // Only the actions allowed now are listed, and no form is open until one is chosen.
    await page.getByRole('heading', { name: t('officer:request.actions') }).waitFor()
    expect(await page.locator('.action-panel').count()).toBe(0)
    await page.getByRole('link', { name: t('officer:actions.extend.heading'), exact: true }).click()
    await page.getByRole('heading', { level: 2, name: t('officer:actions.extend.heading') }).waitFor()
    expect(await page.locator('.action-panel').count()).toBe(1)
    expect(await page.locator('.action-panel').boundingBox().then((b) => b!.x)).toBeGreaterThanOrEqual(main.x + main.width - 1)
    await page.getByRole('link', { name: t('officer:actions.note.heading'), exact: true }).click()
    await page.getByRole('heading', { level: 2, name: t('officer:actions.note.heading') }).waitFor()
    expect(await page.locator('.action-panel').count()).toBe(1)
    // The whole page is a working screen, not a scroll of every form.
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThan(2600)
    expect(errors).toEqual([])
    await page.context().close()
  })

  test('an error summary belongs to the submission that caused it: gone after a later success', async () => {
    const r = await confirmedRequest()
    const page = await as(aliceCookie)
    const errors = watchPageErrors(page)
    await page.goto(`${app.url}/en/officer/requests/${r.requestId}?do=note`)
    await page.getByRole('button', { name: t('officer:actions.note.submit') }).click()
    await page.getByRole('alert').filter({ hasText: t('officer:errors.noteRequired') }).waitFor()
    await page.getByLabel(t('officer:actions.note.body'), { exact: true }).fill('Checked the membership list')
    await page.getByRole('button', { name: t('officer:actions.note.submit') }).click()
    await page.getByRole('status').filter({ hasText: t('officer:done.note') }).waitFor()
    expect(await page.locator('.error-summary').count()).toBe(0)
    // Another action after that starts clean too.
    await page.getByRole('link', { name: t('officer:actions.message.heading'), exact: true }).click()
    await page.getByRole('heading', { level: 2, name: t('officer:actions.message.heading') }).waitFor()
    expect(await page.locator('.error-summary').count()).toBe(0)
    expect(await page.locator('.notification--success').count()).toBe(0)
    expect(errors).toEqual([])
    await page.context().close()
  })
})

describe('the queue', () => {
  test('at 320 px each request is a card and the page never scrolls sideways', async () => {
    await confirmedRequest({ name: 'Bartholomæus Kristoffersen-Vandmandsdatter' })
    for (const path of ['/en/officer/queue', '/da/officer/queue?sort=received', '/fi/officer/queue']) {
      const page = await as(aliceCookie, { width: 320, height: 800 })
      await page.goto(`${app.url}${path}`)
      await page.locator('table tbody tr').first().waitFor()
      const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }))
      expect(widths.scroll, path).toBeLessThanOrEqual(widths.client)
      // A card, not a squeezed row: the cell spans the card.
      const cell = (await page.locator('table tbody tr').first().locator('td').nth(1).boundingBox())!
      expect(cell.width).toBeGreaterThan(200)
      await page.context().close()
    }
    const request = await as(aliceCookie, { width: 320, height: 800 })
    const id = app.db.select().from(requests).where(eq(requests.orgId, org.id)).all().at(-1)!.id
    await request.goto(`${app.url}/en/officer/requests/${id}?do=ask`)
    expect(await request.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true)
    await request.context().close()
  })

  test('the CSV export holds exactly the rows of the filtered view, in its order', async () => {
    await confirmedRequest({ type: 'erasure' })
    await confirmedRequest({ type: 'erasure' })
    // Wide enough for every column: below 1440 px the received column gives way (its order is then in the filters).
    const page = await as(aliceCookie, { width: 1600, height: 900 })
    await page.goto(`${app.url}/en/officer/queue`)
    await page.getByLabel(t('officer:queue.type')).selectOption({ label: t('request:types.erasure.name') })
    await page.getByRole('button', { name: t('officer:queue.apply') }).click()
    await page.waitForURL(/type=erasure/)
    await page.getByRole('link', { name: t('officer:queue.receivedColumn') }).click()
    await page.waitForURL(/sort=received/)
    const onPage = await page.locator('table tbody th[scope="row"] a').allTextContents()
    expect(onPage.length).toBeGreaterThanOrEqual(2)
    const href = await page.getByRole('link', { name: t('officer:queue.export') }).getAttribute('href')
    expect(href).toContain('type=erasure')
    const response = await page.request.get(`${app.url}${href}`)
    expect(response.headers()['content-type']).toContain('text/csv')
    const rows = parse(await response.text(), { bom: true, columns: true }) as Array<Record<string, string>>
    expect(rows.map((r) => r[t('officer:queue.csv.reference')])).toEqual(onPage)
    expect(rows.every((r) => r[t('officer:queue.csv.type')] === t('request:types.erasure.name'))).toBe(true)
    await page.context().close()
  })
})

describe('a paused clock, as the person sees it', () => {
  test('asked for proof of identity, the person is told the clock stopped; answering, they are told the new date', async () => {
    const r = await confirmedRequest()
    const page = await as(aliceCookie)
    await page.goto(`${app.url}/en/officer/requests/${r.requestId}?do=ask`)
    await page.locator('label', { hasText: new RegExp(`^${escapeRegExp(t('officer:actions.ask.topic.identity'))}$`) }).click()
    await page.getByLabel(t('officer:actions.ask.message'), { exact: true }).fill('Please show us an ID document.')
    await page.getByRole('button', { name: t('officer:actions.ask.submit') }).click()
    await page.getByRole('status').filter({ hasText: t('officer:done.ask') }).waitFor()
    await page.context().close()
    const da = fixedT('da', ['officer', 'request', 'emails'])
    const ask = await smtp.waitFor(to(r.email, da('officer:emails.message.subject', { reference: r.reference })))
    expect(ask.text).toContain(da('officer:emails.message.clockPaused', { org: org.name }))

    const person = await newPage({ browser })
    await person.goto(linkIn(ask, `${app.url}/da/status/open/`))
    await person.getByRole('button', { name: da('request:open.button') }).click()
    await person.waitForURL(/\/da\/status\/request/)
    await person.getByText(da('request:statusPage.paused')).waitFor()
    await person.context().close()
    // Four days later the person comes back with a new link, and answers.
    setClock('2026-05-08T08:00:00Z')
    const back = await newPage({ browser })
    await back.goto(`${app.url}/da/status`)
    await back.getByLabel(da('request:follow.reference')).fill(r.reference)
    await back.getByLabel(da('request:identity.email')).fill(r.email)
    await back.getByRole('button', { name: da('request:follow.submit') }).click()
    await back.getByText(da('request:follow.sent')).waitFor()
    const link = await smtp.waitFor(to(r.email, da('emails:statusLink.subject', { reference: r.reference })))
    await back.goto(linkIn(link, `${app.url}/da/status/open/`))
    await back.getByRole('button', { name: da('request:open.button') }).click()
    await back.waitForURL(/\/da\/status\/request/)
    await back.getByLabel(da('officer:status.replyLabelAwaiting', { org: org.name })).fill('Her er mit kørekort.')
    await back.getByRole('button', { name: da('officer:status.replySubmit') }).click()
    await back.getByText(da('officer:status.replySent')).waitFor()
    const row = app.db.select().from(requests).where(eq(requests.id, r.requestId)).get()!
    expect(row.pausedDays).toBe(4)
    const date = formatDate(row.dueAt, 'da', org.timeZone)
    const told = await smtp.waitFor(to(r.email, da('officer:emails.resumed.subject', { reference: r.reference })))
    expect(told.text).toContain(date)
    await back.getByText(date).first().waitFor()
    await back.context().close()
  })
})
