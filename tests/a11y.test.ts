import { emailHash } from '~/data/officer-requests.server'
import { eq } from 'drizzle-orm'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { requests } from '#db/schema'
import { LANGUAGES } from '~/domain/languages'
import { resetClock, setClock } from '~/utils/clock'
import { startApp, type TestApp } from './support/app'
import { axeViolations, titleProblems } from './support/axe'
import { launchBrowser, newPage } from './support/browser'
import { escapeRegExp, tFor, watchPageErrors } from './support/i18n'
import { addresses, linkIn, startSmtp, type TestSmtp } from './support/smtp'

// Every page of the citizen's journey, in every state a person can meet it
// (including forms showing their errors), scanned with axe for WCAG 2.2 AA.
// With JavaScript: axe cannot run in a page without it.

const t = tFor('en')

let app: TestApp
let smtp: TestSmtp
let browser: Browser

beforeAll(async () => {
  setClock('2026-03-10T09:00:00Z')
  smtp = await startSmtp()
  app = await startApp({ smtpUrl: smtp.url })
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await app?.close()
  await smtp?.stop()
  resetClock()
})

const problems: string[] = []
const scanned: string[] = []

async function scan(page: Page, name: string) {
  problems.push(...(await axeViolations(page, name)))
  scanned.push(name)
  // Reflow (WCAG 1.4.10): at 320 CSS pixels, as at 400% zoom, nothing needs scrolling sideways.
  const size = page.viewportSize()!
  await page.setViewportSize({ width: 320, height: 640 })
  const [scrollWidth, clientWidth] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth])
  if (scrollWidth! > clientWidth!) problems.push(`${name}: ${scrollWidth}px wide at 320px (scrolls sideways at 400% zoom)`)
  await page.setViewportSize(size)
  // The page title says what the heading says (WCAG 2.4.2), with "Error:" in front when the form has errors.
  problems.push(...(await titleProblems(page, name)))
}

const continueButton = (page: Page) => page.getByRole('button', { name: t('common:continue'), exact: true })

async function choose(page: Page, label: string) {
  await page.locator('label', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }).click()
}

test('every page of the journey, in every state: no WCAG 2.2 AA violations, reflows at 320px, titled after its heading', { timeout: 180_000 }, async () => {
  const page = await newPage({ javaScriptEnabled: true })
  const pageErrors = watchPageErrors(page)
  const h1 = (name: string) => page.getByRole('heading', { level: 1, name }).waitFor()

  // The first Tab reaches the skip link, which moves focus to the page's content.
  await page.goto(`${app.url}/en`)
  await page.keyboard.press('Tab')
  expect(await page.locator(':focus').textContent()).toBe(t('common:skipToContent'))
  await page.keyboard.press('Enter')
  expect(await page.locator('main:focus').count()).toBe(1)

  // The start page, in each language.
  for (const lang of LANGUAGES) {
    await page.goto(`${app.url}/${lang}`)
    await page.getByRole('heading', { level: 1, name: tFor(lang)('request:start.title') }).waitFor()
    await scan(page, `start page (${lang})`)
  }

  await page.goto(`${app.url}/en/organisations?q=klar&country=DK`)
  await page.getByText(t('request:search.count', { count: 1 })).waitFor()
  await scan(page, 'search results')
  await page.goto(`${app.url}/en/organisations?q=zzzz`)
  await page.getByText(t('request:search.noResults')).waitFor()
  await scan(page, 'search without results')

  // A controller's page with every section open, then the processor we file with.
  await page.goto(`${app.url}/en/o/lygtebaererne`)
  await h1('Lygtebærerne')
  for (const summary of await page.locator('details summary').all()) await summary.click()
  await scan(page, 'organisation page (controller, sections open)')
  await page.goto(`${app.url}/en/o/klartone-tm`)
  await h1('Klartone Telemarketing ApS')
  await scan(page, 'organisation page (processor)')

  const base = `${app.url}/en/o/klartone-tm/request`
  await page.getByRole('button', { name: t('request:organisation.start') }).click()
  await page.waitForURL(`${base}/right`)
  await h1(t('request:right.title'))
  await scan(page, 'which right')
  await continueButton(page).click()
  await page.getByRole('alert').waitFor()
  await scan(page, 'which right, with errors')
  await choose(page, t('request:types.access.name'))
  await continueButton(page).click()

  await page.waitForURL(`${base}/details`)
  await h1(t('request:details.title.access'))
  await scan(page, 'which data')
  await choose(page, t('request:details.scope.specific'))
  await continueButton(page).click()
  await page.getByRole('alert').waitFor()
  await scan(page, 'which data, with errors')
  // The question "which data" now shows beneath its choice, with its error.
  await page.getByLabel(t('request:details.specificLabel'), { exact: true }).fill('Call recordings')
  await continueButton(page).click()

  await page.waitForURL(`${base}/identity`)
  await h1(t('request:identity.title'))
  await scan(page, 'your details')
  await page.getByLabel(`${t('request:identity.phone')} ${t('common:optional')}`, { exact: true }).fill('x')
  await continueButton(page).click()
  await page.getByRole('alert').waitFor()
  await scan(page, 'your details, with errors')
  await page.getByLabel(t('request:identity.name'), { exact: true }).fill('Mette Jensen')
  await page.getByLabel(t('request:identity.email'), { exact: true }).fill('mette@example.com')
  await page.getByLabel(`${t('request:identity.phone')} ${t('common:optional')}`, { exact: true }).fill('')
  await continueButton(page).click()

  // A processor asks whom the call was for.
  await page.waitForURL(`${base}/behalf`)
  await h1(t('request:behalf.title', { org: 'Klartone Telemarketing ApS' }))
  await scan(page, 'on whose behalf')
  await choose(page, t('request:behalf.client', { org: 'Klartone Telemarketing ApS' }))
  await continueButton(page).click()
  await page.getByRole('alert').waitFor()
  await scan(page, 'on whose behalf, with errors')
  await page.getByLabel(`${t('request:behalf.callerNumber')} ${t('common:optional')}`, { exact: true }).fill('+45 00 00 30 03')
  await page.getByRole('button', { name: t('request:behalf.suggest') }).click()
  await page.getByText(t('request:behalf.suggested', { clients: 'Havørnens Venner (Julelotteri)' })).waitFor()
  await scan(page, 'on whose behalf, with a suggestion')
  await continueButton(page).click()

  await page.waitForURL(`${base}/check`)
  await h1(t('request:check.title'))
  await scan(page, 'check your answers')
  await page.getByRole('button', { name: t('request:check.send') }).click()
  await page.waitForURL(`${app.url}/en/request/sent`)
  await h1(t('request:sent.title'))
  await scan(page, 'check your email')
  await page.getByRole('button', { name: t('request:sent.resend') }).click()
  await page.getByText(t('request:sent.resent')).waitFor()
  await scan(page, 'check your email, sent again')

  // The emailed link.
  const mail = await smtp.waitFor((m) => addresses(m).includes('mette@example.com'))
  const link = linkIn(mail, `${app.url}/en/confirm/`)
  await page.goto(link)
  await h1(t('request:confirm.title'))
  await scan(page, 'confirm your email address')
  await page.getByRole('button', { name: t('request:confirm.button') }).click()
  await page.waitForURL(`${app.url}/en/request/confirmed`)
  await h1(t('request:confirmed.title'))
  await scan(page, 'request sent (confirmation panel)')

  await page.getByRole('link', { name: t('request:confirmed.follow') }).click()
  await page.waitForURL(`${app.url}/en/status/request`)
  const reference = app.db.select().from(requests).where(eq(requests.emailHash, emailHash('mette@example.com'))).get()!.reference
  await h1(t('request:statusPage.title', { reference }))
  await scan(page, 'request status')

  // A used link.
  await page.goto(link)
  await page.getByRole('button', { name: t('request:confirm.button') }).click()
  await h1(t('request:confirm.usedTitle'))
  await scan(page, 'confirmation link already used')

  // Follow a request: empty, with errors, sent; then the emailed link's page.
  await page.goto(`${app.url}/en/status`)
  await h1(t('request:follow.title'))
  await scan(page, 'follow a request')
  await page.getByRole('button', { name: t('request:follow.submit') }).click()
  await page.getByRole('alert').waitFor()
  await scan(page, 'follow a request, with errors')
  await page.getByLabel(t('request:follow.reference')).fill(reference)
  await page.getByLabel(t('request:identity.email')).fill('mette@example.com')
  await page.getByRole('button', { name: t('request:follow.submit') }).click()
  await page.getByText(t('request:follow.sent')).waitFor()
  await scan(page, 'follow a request, link sent')
  const statusMail = await smtp.waitFor((m) => m.subject === t('emails:statusLink.subject', { reference }))
  await page.goto(linkIn(statusMail, `${app.url}/en/status/open/`))
  await h1(t('request:open.title'))
  await scan(page, 'open your request')

  // A new confirmation link: empty, with errors, sent.
  await page.goto(`${app.url}/en/confirm/new`)
  await h1(t('request:newLink.title'))
  await scan(page, 'new confirmation link')
  await page.getByLabel(t('request:identity.email')).fill('not an address')
  await page.getByRole('button', { name: t('request:newLink.submit') }).click()
  await page.getByRole('alert').waitFor()
  await scan(page, 'new confirmation link, with errors')
  await page.getByLabel(t('request:identity.email')).fill('mette@example.com')
  await page.getByRole('button', { name: t('request:newLink.submit') }).click()
  await page.getByText(t('request:newLink.sent')).waitFor()
  await scan(page, 'new confirmation link, sent')

  await page.goto(`${app.url}/en/accessibility`)
  await h1(t('common:accessibility.title'))
  await scan(page, 'accessibility statement')

  // The 404 below logs its own "failed to load" in the browser: check for errors before it.
  expect(pageErrors).toEqual([])
  const missing = await page.goto(`${app.url}/en/no-such-page`)
  expect(missing?.status()).toBe(404)
  await h1(t('common:errorPages.notFoundTitle'))
  await scan(page, 'page not found')

  expect(scanned.length).toBeGreaterThanOrEqual(30)
  expect(problems, `accessibility problems:\n${problems.join('\n')}`).toEqual([])
})
