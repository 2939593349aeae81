import { eq } from 'drizzle-orm'
import type { ParsedMail } from 'mailparser'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { organisations, requests, type Organisation } from '#db/schema'
import { createDemoOfficers, demoOfficerFor } from '~/domain/demo-officers.server'
import { totpCode } from '~/domain/totp.server'
import { fileRequest } from '~/domain/requests.server'
import { fixedT } from '~/i18n/i18n'
import { advanceClock, resetClock, setClock } from '~/utils/clock'
import { startApp, type TestApp } from './support/app'
import { axeViolations } from './support/axe'
import { launchBrowser, newPage, officerPage } from './support/browser'
import { escapeRegExp, watchPageErrors } from './support/i18n'
import { createOfficer, signedInCookie } from './support/officers'
import { addresses, linkIn, startSmtp, type TestSmtp } from './support/smtp'

// The officers' side end to end, in Danish with JavaScript: a demo officer
// signs in with password and authenticator code through the real pages, sees
// a request arrive unconfirmed, and takes one request to completed (verified,
// extended) and another to refused, while the person receives each step by
// email in their own language.

let app: TestApp
let smtp: TestSmtp
let browser: Browser
let org: Organisation

const t = fixedT('da', ['officer', 'auth', 'request', 'common', 'documents', 'emails'])

beforeAll(async () => {
  setClock('2026-04-07T08:00:00Z')
  smtp = await startSmtp()
  app = await startApp({ smtpUrl: smtp.url })
  createDemoOfficers(app.db)
  org = app.db.select().from(organisations).where(eq(organisations.slug, 'dyrevaernsringen')).get()!
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await app?.close()
  await smtp?.stop()
  resetClock()
})

const to = (email: string, pattern?: RegExp) => (m: ParsedMail) => addresses(m).includes(email) && (!pattern || pattern.test(`${m.subject}\n${m.text}`))

async function signIn(page: Page) {
  const demo = demoOfficerFor(org)
  await page.goto(`${app.url}/da/officer`)
  await page.waitForURL(/\/da\/officer\/sign-in/)
  await page.getByLabel(t('auth:fields.email')).fill(demo.email)
  await page.getByLabel(t('auth:fields.password'), { exact: true }).fill(demo.password)
  await page.getByRole('button', { name: t('auth:signIn.submit') }).click()
  await page.waitForURL(/\/da\/officer\/two-factor/)
  await page.getByLabel(t('auth:fields.code')).fill(totpCode(demo.totpSecret))
  await page.getByRole('button', { name: t('auth:twoFactor.submit') }).click()
  await page.waitForURL(`${app.url}/da/officer/queue`)
}

async function openRequest(page: Page, reference: string) {
  await page.goto(`${app.url}/da/officer/queue`)
  await page.getByRole('link', { name: reference }).click()
  await page.getByRole('heading', { level: 1 }).waitFor()
}

/** Files a request as the form's last step does. */
function filed(input: Parameters<typeof fileRequest>[1]) {
  const result = fileRequest(app.db, input)
  if (!result.ok) throw new Error('not filed')
  return result
}

const openAction = (page: Page, intent: string) => page.getByRole('link', { name: t(`officer:actions.${intent}.heading`), exact: true }).click()
const choose = (page: Page, label: string) => page.locator('label', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }).click()
const done = (page: Page, intent: string) => page.getByRole('status').filter({ hasText: t(`officer:done.${intent}`) }).waitFor()

test('sign in with a TOTP code, then take one request to completed (verified, extended) and another to refused', async () => {
  const page = await newPage({ browser, javaScriptEnabled: true })
  const errors = watchPageErrors(page)
  await signIn(page)

  // A person files a request; until they confirm their address it is unverified, and the queue says so.
  const first = filed({ org, language: 'da', type: 'access', details: { type: 'access', scope: 'all' }, subject: { name: 'Karen Kvist', email: 'karen@example.com', identifiers: {} } })
  await page.goto(`${app.url}/da/officer/queue?status=unverified`)
  const row = page.locator('tbody tr', { hasText: first.reference })
  await row.waitFor()
  expect(await row.textContent()).toContain(t('officer:statusName.unverified'))

  // The person confirms from the email in their language.
  const confirmation = await smtp.waitFor(to('karen@example.com'))
  const personPage = await newPage({ browser, javaScriptEnabled: true })
  await personPage.goto(linkIn(confirmation, `${app.url}/da/confirm/`))
  await personPage.getByRole('button', { name: t('request:confirm.button') }).click()
  await personPage.getByText(first.reference).waitFor()
  await personPage.context().close()

  await openRequest(page, first.reference)
  await openAction(page, 'verify')
  await choose(page, t('officer:identityMethod.id_document_checked'))
  await page.getByRole('button', { name: t('officer:actions.verify.submit') }).click()
  await done(page, 'verify')

  advanceClock(10 * 86_400_000)
  await signIn(page) // ten days later the session has long been idle: sign in again, with a new code
  await openRequest(page, first.reference)
  await openAction(page, 'extend')
  await choose(page, t('officer:actions.extend.months', { count: 2 }))
  await page.getByLabel(t('officer:actions.extend.reason')).fill('Vi skal gennemgå mange opkaldsnotater.')
  await page.getByRole('button', { name: t('officer:actions.extend.submit') }).click()
  await done(page, 'extend')
  const extensionMail = await smtp.waitFor(to('karen@example.com', /gennemgå mange opkaldsnotater/))
  expect(extensionMail.text).toContain(first.reference)

  // The answer: outcome and words, then a preview of the documents exactly as they will go, then send.
  await openAction(page, 'answer')
  await choose(page, t('officer:answer.outcome.granted'))
  await page.getByLabel(t('officer:answer.reasons')).fill('Her er de oplysninger, vi har om dig.')
  await page.getByRole('button', { name: t('officer:actions.answer.submit') }).click()
  await done(page, 'answer')
  await page.getByRole('heading', { level: 2, name: t('officer:actions.send.heading') }).waitFor()
  const preview = page.getByRole('link', { name: t('officer:answer.document.access_pdf') })
  const previewed = await page.request.get(new URL((await preview.getAttribute('href'))!, app.url).href)
  expect(previewed.headers()['content-type']).toBe('application/pdf')
  await page.getByRole('button', { name: t('officer:actions.send.submit') }).click()
  await done(page, 'send')
  // The answer is personal data: the email only says it is ready and links to the status page.
  const answer = await smtp.waitFor(to('karen@example.com', new RegExp(escapeRegExp(t('officer:emails.completed.subject', { reference: first.reference })))))
  expect(answer.html).toContain('lang="da"')
  expect(answer.attachments).toHaveLength(0)
  expect(answer.text).not.toContain('Her er de oplysninger, vi har om dig')
  expect(answer.html).not.toContain('Her er de oplysninger, vi har om dig')
  const karenPage = await newPage({ browser, javaScriptEnabled: true })
  await karenPage.goto(linkIn(answer, `${app.url}/da/status/open/`))
  await karenPage.getByRole('button', { name: t('request:open.button') }).click()
  await karenPage.waitForURL(`${app.url}/da/status/request`)
  await karenPage.getByText('Her er de oplysninger, vi har om dig.').waitFor()
  // Her files open only after a fresh link to her own address.
  await karenPage.getByText(t('request:answer.document.access_pdf')).waitFor()
  expect(await karenPage.getByRole('link', { name: t('request:answer.document.access_pdf') }).count()).toBe(0)
  await karenPage.getByRole('button', { name: t('request:answer.sendLink') }).click()
  await karenPage.getByText(t('request:answer.linkSentTitle')).waitFor()
  const download = await smtp.waitFor(to('karen@example.com', new RegExp(escapeRegExp(t('emails:download.subject', { reference: first.reference })))))
  await karenPage.goto(linkIn(download, `${app.url}/da/status/download/`))
  await karenPage.getByRole('button', { name: t('request:answer.openButton') }).click()
  await karenPage.getByRole('link', { name: t('request:answer.document.access_pdf') }).waitFor()
  await karenPage.context().close()

  const completed = app.db.select().from(requests).where(eq(requests.id, first.requestId)).get()!
  expect(completed).toMatchObject({ status: 'completed', identityMethod: 'id_document_checked', extensionMonths: 2, closed: true })
  // Extended by two months from receipt on 7 April: 7 July 2026 is a Tuesday, a working day.
  expect(new Intl.DateTimeFormat('en-CA', { timeZone: org.timeZone }).format(completed.dueAt)).toBe('2026-07-07')

  // A second request is refused with a ground and a reason; the person learns where to complain.
  const second = filed({ org, language: 'da', type: 'erasure', details: { type: 'erasure', what: 'Alt', why: 'Jeg vil ikke være registreret' }, subject: { name: 'Ib Isaksen', email: 'ib@example.com', identifiers: {} } })
  const ibConfirmation = await smtp.waitFor(to('ib@example.com'))
  const ibPage = await newPage({ browser, javaScriptEnabled: true })
  await ibPage.goto(linkIn(ibConfirmation, `${app.url}/da/confirm/`))
  await ibPage.getByRole('button', { name: t('request:confirm.button') }).click()
  await ibPage.getByText(second.reference).waitFor()
  await ibPage.context().close()

  await openRequest(page, second.reference)
  await openAction(page, 'answer')
  await choose(page, t('officer:answer.outcome.refused'))
  await choose(page, `${t('documents:groundNames.manifestly_unfounded')} (Art. 12(5)(b))`)
  await page.getByLabel(t('officer:answer.reasons')).fill('Du har sendt den samme anmodning tolv gange i denne måned.')
  await page.getByRole('button', { name: t('officer:actions.answer.submit') }).click()
  await done(page, 'answer')
  await page.getByRole('button', { name: t('officer:actions.send.submit') }).click()
  await done(page, 'send')
  const refusal = await smtp.waitFor(to('ib@example.com', new RegExp(escapeRegExp(t('officer:emails.refused.subject', { reference: second.reference })))))
  expect(refusal.text).toContain(t('documents:groundNames.manifestly_unfounded'))
  expect(refusal.text).toContain('Datatilsynet')
  expect(refusal.text).toContain(org.profile.authority.complaintUrl)
  expect(app.db.select().from(requests).where(eq(requests.id, second.requestId)).get()!.status).toBe('refused')

  // Closed requests leave the queue; the request page keeps the timeline of who did what.
  await page.goto(`${app.url}/da/officer/queue`)
  await page.getByRole('heading', { level: 1 }).waitFor()
  expect(await page.getByRole('link', { name: first.reference }).count()).toBe(0)
  await page.goto(`${app.url}/da/officer/requests/${first.requestId}`)
  const timeline = await page.locator('ol.timeline').textContent()
  for (const kind of ['identity_verified', 'extended', 'answered']) expect(timeline).toContain(t(`officer:timeline.${kind}`))
  expect(errors).toEqual([])
  await page.context().close()
})

test('the dashboard, with figures from the requests above, is accessible in all four languages', async () => {
  const cookie = signedInCookie(app.db, createOfficer(app.db, { orgId: org.id })).replace(/^__officer=/, '')
  const problems: string[] = []
  for (const lang of ['da', 'no', 'fi', 'en'] as const) {
    const page = await officerPage(app.url, cookie, { browser, javaScriptEnabled: true })
    const errors = watchPageErrors(page)
    await page.goto(`${app.url}/${lang}/officer/dashboard`)
    await page.getByRole('heading', { level: 1, name: fixedT(lang, 'oversight')('dashboard.title') }).waitFor()
    // The chart is server-rendered SVG with a text alternative.
    expect(await page.locator('svg[role="img"] title').count()).toBeGreaterThan(0)
    problems.push(...(await axeViolations(page, `dashboard (${lang})`)))
    expect(errors).toEqual([])
    await page.context().close()
  }
  expect(problems, problems.join('\n')).toEqual([])
})
