import { emailHash } from '~/data/officer-requests.server'
import { eq } from 'drizzle-orm'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { organisations, requests } from '#db/schema'
import { LANGUAGE_NAMES, LANGUAGE_TAGS, type Language } from '~/domain/languages'
import { formatDate } from '~/i18n/i18n'
import { resetClock, setClock } from '~/utils/clock'
import { startApp, type TestApp } from './support/app'
import { launchBrowser, newPage } from './support/browser'
import { HttpClient, textOf } from './support/http'
import { escapeRegExp, tFor, watchPageErrors } from './support/i18n'
import { addresses, linkIn, startSmtp, type TestSmtp } from './support/smtp'

// The citizen's whole journey, in a real browser against the production build:
// find the organisation, fill in the request, confirm the address from the
// email, see the reference number, follow the request.

const REFERENCE = /^[34679ACDEFGHJKMNPQRTWXY]{4}-[34679ACDEFGHJKMNPQRTWXY]{4}$/
// A Tuesday in March: a month later (10 April 2026) is a working day in all three countries.
const SENT_AT = '2026-03-10T09:00:00Z'
const DUE = new Date('2026-04-10T12:00:00Z')

let app: TestApp
let smtp: TestSmtp
let browser: Browser

beforeAll(async () => {
  setClock(SENT_AT)
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

type Journey = {
  lang: Language
  javaScript: boolean
  /** How the person arrives: the language's start page, or the bare address with only Accept-Language to go by. */
  arrive: { path: string; acceptLanguage?: string }
  search: { text: string; country: 'DK' | 'NO' | 'FI'; expect: string[]; notExpected: string }
  org: string
  /** The language switched to (and back from) midway on a form page. */
  switchTo?: { lang: Language; on: 'details' | 'identity' }
  email: string
}

const journeys: Journey[] = [
  {
    lang: 'en',
    javaScript: true,
    arrive: { path: '/en' },
    search: { text: 'dyre', country: 'NO', expect: ['Fjordkanten Dyreklinikk', 'Granlia Dyreklinikk'], notExpected: 'Dyreværnsringen – Dyrevagten' },
    org: 'Granlia Dyreklinikk',
    switchTo: { lang: 'no', on: 'details' },
    email: 'kari.english@example.com',
  },
  {
    lang: 'da',
    javaScript: false,
    arrive: { path: '/da' },
    search: { text: 'dyre', country: 'DK', expect: ['Dyreværnsringen – Dyrevagten'], notExpected: 'Granlia Dyreklinikk' },
    org: 'Dyreværnsringen – Dyrevagten',
    switchTo: { lang: 'fi', on: 'identity' },
    email: 'mette.dansk@example.com',
  },
  {
    lang: 'no',
    javaScript: true,
    arrive: { path: '/', acceptLanguage: 'nb' },
    search: { text: 'klinikk', country: 'NO', expect: ['Fjordkanten Dyreklinikk', 'Granlia Dyreklinikk'], notExpected: 'Aivokipinä ry' },
    org: 'Fjordkanten Dyreklinikk',
    email: 'ola.norsk@example.com',
  },
]

describe.each(journeys)('the journey in $lang (JavaScript: $javaScript)', (j) => {
  test('from the start page to following the confirmed request', { timeout: 120_000 }, async () => {
    const t = tFor(j.lang)
    const page = await newPage({ javaScriptEnabled: j.javaScript, extraHTTPHeaders: j.arrive.acceptLanguage ? { 'Accept-Language': j.arrive.acceptLanguage } : undefined })
    const pageErrors = watchPageErrors(page)
    const base = `${app.url}/${j.lang}`

    // Start page, in the right language.
    await page.goto(app.url + j.arrive.path)
    await page.waitForURL(`${base}`)
    expect(await page.getAttribute('html', 'lang')).toBe(LANGUAGE_TAGS[j.lang])
    await page.getByRole('heading', { level: 1, name: t('request:start.title') }).waitFor()

    // Search by name, filtered by country.
    await page.getByLabel(t('request:search.nameLabel')).fill(j.search.text)
    await page.getByLabel(t('request:search.countryLabel')).selectOption(j.search.country)
    await page.getByRole('button', { name: t('request:search.submit') }).click()
    await page.waitForURL(`${base}/organisations?q=${j.search.text}&country=${j.search.country}`)
    await page.getByText(t('request:search.count', { count: j.search.expect.length })).waitFor()
    const results = await page.locator('.result-list__name').allTextContents()
    expect(results).toEqual(j.search.expect)
    expect(results).not.toContain(j.search.notExpected)

    // The organisation's page.
    await page.getByRole('link', { name: j.org, exact: true }).click()
    const org = app.db.select().from(organisations).where(eq(organisations.name, j.org)).get()!
    await page.waitForURL(`${base}/o/${org.slug}`)
    await page.getByRole('heading', { level: 1, name: j.org }).waitFor()
    await page.getByRole('button', { name: t('request:organisation.start') }).click()
    await page.waitForURL(`${base}/o/${org.slug}/request/right`)

    // Which right: sent empty first, the error summary leads to the question.
    await page.getByRole('button', { name: t('common:continue'), exact: true }).click()
    const summary = page.getByRole('alert')
    await summary.getByText(t('common:errorSummaryTitle')).waitFor()
    await expectErrorState(page, t, [t('errors:right.required')], j.javaScript)
    const errorLink = summary.getByRole('link', { name: t('errors:right.required') })
    const target = (await errorLink.getAttribute('href'))!
    expect(await page.locator(target).getAttribute('name')).toBe('type')
    await errorLink.click()
    expect(await page.locator(`${target}:focus`).count(), 'the error link moves focus to the question').toBe(1)
    await choose(page, t('request:types.access.name'))
    await page.getByRole('button', { name: t('common:continue'), exact: true }).click()
    await page.waitForURL(`${base}/o/${org.slug}/request/details`)

    // Which data. The title has lost its "Error:".
    await page.getByRole('heading', { level: 1, name: t('request:details.title.access') }).waitFor()
    expect(await page.title()).toBe(`${t('request:details.title.access')} – ${t('common:serviceName')}`)
    // "Which data?" belongs to "specific data", where it must be answered: shown beneath that choice,
    // not marked optional; always there without JavaScript, revealed on choosing it with JavaScript.
    const which = page.getByLabel(t('request:details.specificLabel'), { exact: true })
    expect(await page.getByText(`${t('request:details.specificLabel')} ${t('common:optional')}`).count()).toBe(0)
    expect(await page.locator('.radios__item:has(input[value="specific"]) .radios__conditional textarea[name="specific"]').count()).toBe(1)
    if (j.javaScript) await which.waitFor({ state: 'hidden' })
    else expect(await which.isVisible()).toBe(true)
    await choose(page, t('request:details.scope.specific'))
    await which.waitFor({ state: 'visible' })
    const specific = 'Call recordings from May'
    await which.fill(specific)
    if (j.switchTo?.on === 'details') {
      await switchLanguageAndBack(page, j.lang, j.switchTo.lang, `/o/${org.slug}/request/details`, async (lang) => {
        const tt = tFor(lang)
        expect(await page.getByLabel(tt('request:details.scope.specific'), { exact: true }).isChecked()).toBe(true)
        expect(await page.getByLabel(tt('request:details.specificLabel'), { exact: true }).inputValue()).toBe(specific)
      })
    }
    await page.getByRole('button', { name: t('common:continue'), exact: true }).click()
    await page.waitForURL(`${base}/o/${org.slug}/request/identity`)

    // Your details: a wrong email address is refused, nothing typed is lost.
    const name = 'Kari Nordmann'
    await page.getByLabel(t('request:identity.name'), { exact: true }).fill(name)
    await page.getByLabel(t('request:identity.email'), { exact: true }).fill('kari.example.com')
    await page.getByRole('button', { name: t('common:continue'), exact: true }).click()
    await page.getByRole('alert').getByRole('link', { name: t('errors:identity.emailInvalid') }).waitFor()
    await expectErrorState(page, t, [t('errors:identity.emailInvalid')], j.javaScript)
    expect(await page.getByLabel(t('request:identity.name'), { exact: true }).inputValue()).toBe(name)
    expect(await page.getByLabel(t('request:identity.email'), { exact: true }).inputValue()).toBe('kari.example.com')
    // The message also stands beside the field.
    expect(await page.locator('.form-group--error .field-error').textContent()).toContain(t('errors:identity.emailInvalid'))
    await page.getByLabel(t('request:identity.email'), { exact: true }).fill(j.email)
    if (j.switchTo?.on === 'identity') {
      await switchLanguageAndBack(page, j.lang, j.switchTo.lang, `/o/${org.slug}/request/identity`, async (lang) => {
        const tt = tFor(lang)
        expect(await page.getByLabel(tt('request:identity.name'), { exact: true }).inputValue()).toBe(name)
        expect(await page.getByLabel(tt('request:identity.email'), { exact: true }).inputValue()).toBe(j.email)
      })
    }
    await page.getByRole('button', { name: t('common:continue'), exact: true }).click()
    await page.waitForURL(`${base}/o/${org.slug}/request/check`)

    // Check your answers, change one, come back.
    await page.getByRole('heading', { level: 1, name: t('request:check.title') }).waitFor()
    const answers = await page.locator('.summary-list__value').allTextContents()
    expect(answers).toEqual(expect.arrayContaining([j.org, t('request:types.access.name'), t('request:details.scope.specific'), specific, name, j.email]))
    await page.getByRole('link', { name: `${t('request:check.change')} ${t('request:identity.name')}`, exact: true }).click()
    await page.waitForURL(`${base}/o/${org.slug}/request/identity?change=1`)
    expect(await page.getByLabel(t('request:identity.name'), { exact: true }).inputValue()).toBe(name)
    const newName = 'Kari Nordmann-Lie'
    await page.getByLabel(t('request:identity.name'), { exact: true }).fill(newName)
    await page.getByRole('button', { name: t('common:continue'), exact: true }).click()
    await page.waitForURL(`${base}/o/${org.slug}/request/check`)
    await page.getByText(newName, { exact: true }).waitFor()
    expect(await page.locator('.summary-list__value').allTextContents()).not.toContain(name)

    // Send: stored at once, unverified.
    await page.getByRole('button', { name: t('request:check.send') }).click()
    await page.waitForURL(`${base}/request/sent`)
    await page.getByRole('heading', { level: 1, name: t('request:sent.title') }).waitFor()
    expect(await page.locator('main').textContent()).toContain(j.email)
    const stored = app.db.select().from(requests).where(eq(requests.emailHash, emailHash(j.email))).all()
    expect(stored).toHaveLength(1)
    expect(stored[0]).toMatchObject({ status: 'unverified', language: j.lang, orgId: org.id, type: 'access', subjectName: newName })

    // The confirmation email, in the request's language, with HTML and text.
    const confirmMail = await smtp.waitFor((m) => addresses(m).includes(j.email) && m.subject === t('emails:confirm.subject', { org: j.org }))
    expect(confirmMail.headers.get('content-language')).toBe(j.lang)
    expect(confirmMail.html).toContain(`<html lang="${LANGUAGE_TAGS[j.lang]}">`)
    expect(confirmMail.html).toContain(t('emails:confirm.button'))
    expect(confirmMail.text).toContain(t('emails:confirm.button'))
    expect(confirmMail.text).toContain(t(`request:types.access.name`))
    const confirmLink = linkIn(confirmMail, `${base}/confirm/`)

    // Follow the link; nothing happens until the button is pressed.
    await page.goto(confirmLink)
    await page.getByRole('heading', { level: 1, name: t('request:confirm.title') }).waitFor()
    expect(app.db.select().from(requests).where(eq(requests.id, stored[0]!.id)).get()!.status).toBe('unverified')
    await page.getByRole('button', { name: t('request:confirm.button') }).click()
    await page.waitForURL(`${base}/request/confirmed`)

    // The confirmation panel: reference and due date.
    await page.getByRole('heading', { level: 1, name: t('request:confirmed.title') }).waitFor()
    const reference = (await page.locator('.panel .reference').textContent())!
    expect(reference).toMatch(REFERENCE)
    const dueDate = formatDate(DUE, j.lang, org.timeZone)
    expect(await page.locator('main').textContent()).toContain(t('request:confirmed.dueDate', { org: j.org, dueDate }))
    const confirmed = app.db.select().from(requests).where(eq(requests.id, stored[0]!.id)).get()!
    expect(confirmed).toMatchObject({ status: 'received', reference })
    expect(confirmed.emailVerifiedAt).not.toBeNull()

    // The second email carries the reference and the due date.
    const confirmedMail = await smtp.waitFor((m) => addresses(m).includes(j.email) && m.subject === t('emails:confirmed.subject', { reference, org: j.org }))
    expect(confirmedMail.text).toContain(reference)
    expect(confirmedMail.text).toContain(dueDate)
    expect(confirmedMail.html).toContain(reference)
    expect(confirmedMail.headers.get('content-language')).toBe(j.lang)

    // The status page: the request and its history.
    await page.getByRole('link', { name: t('request:confirmed.follow') }).click()
    await page.waitForURL(`${base}/status/request`)
    await page.getByRole('heading', { level: 1, name: t('request:statusPage.title', { reference }) }).waitFor()
    const main = (await page.locator('main').textContent())!
    expect(main).toContain(t('request:status.received'))
    expect(main).toContain(j.org)
    expect(await page.locator('.timeline__title').allTextContents()).toEqual([t('officer:history.request_filed'), t('officer:history.email_confirmed')])

    expect(pageErrors).toEqual([])
    await page.context().close()
  })
})

describe('the request form, as plain HTML forms', () => {
  const t = tFor('en')

  async function post(client: HttpClient, path: string, form: Record<string, string>, expected: string) {
    const reply = await client.post(path, form)
    expect(reply.status, `${path} → ${expected}`).toBe(302)
    expect(reply.location).toBe(expected)
  }

  test('a request to a processor says which organisation the person was contacted about', async () => {
    const client = new HttpClient(app.url)
    const base = '/en/o/klartone-tm/request'
    await post(client, `${base}/right`, { type: 'objection' }, `${base}/details`)
    await post(client, `${base}/details`, { ground: 'direct_marketing' }, `${base}/identity`)
    await post(client, `${base}/identity`, { name: 'Mette Jensen', email: 'mette.processor@example.com' }, `${base}/behalf`)
    // Whether it is about the agency or a call made for a client must be answered, and for a call, for whom (or "I do not know").
    const missing = await client.post(`${base}/behalf`, {})
    expect(textOf(missing.html)).toContain(t('errors:behalf.aboutRequired'))
    const noClient = await client.post(`${base}/behalf`, { about: 'client' })
    expect(textOf(noClient.html)).toContain(t('errors:behalf.clientsRequired'))
    await post(client, `${base}/behalf`, { about: 'client', clients: 'lygtebaererne' }, `${base}/check`)
    const check = textOf((await client.get(`${base}/check`)).html)
    expect(check).toContain(`${t('request:check.onBehalfOf')} Lygtebærerne`)
    expect(check).toContain(t('request:details.ground.direct_marketing'))
    await post(client, `${base}/check`, {}, '/en/request/sent')
    const stored = app.db.select().from(requests).where(eq(requests.emailHash, emailHash('mette.processor@example.com'))).get()!
    const lygtebaererne = app.db.select().from(organisations).where(eq(organisations.slug, 'lygtebaererne')).get()!
    const klartone = app.db.select().from(organisations).where(eq(organisations.slug, 'klartone-tm')).get()!
    expect(stored).toMatchObject({ orgId: klartone.id, onBehalfOfOrgId: lygtebaererne.id, routing: 'client', clientKey: 'lygtebaererne', type: 'objection', details: { type: 'objection', ground: 'direct_marketing' } })
  })

  test('changing the right on "check your answers" asks the new questions, then returns to the check page', async () => {
    const client = new HttpClient(app.url)
    const base = '/en/o/lygtebaererne/request'
    await post(client, `${base}/right`, { type: 'access' }, `${base}/details`)
    await post(client, `${base}/details`, { scope: 'all' }, `${base}/identity`)
    await post(client, `${base}/identity`, { name: 'Jens Hansen', email: 'jens@example.com' }, `${base}/check`)
    expect((await client.get(`${base}/check`)).status).toBe(200)
    // Another browser, without the answers, cannot skip ahead.
    expect((await new HttpClient(app.url).get(`${base}/check`)).location).toBe(`${base}/right`)
    await post(client, `${base}/right?change=1`, { type: 'erasure' }, `${base}/details?change=1`)
    // The old answers about "access" no longer apply: the check page waits for the new ones,
    // so "Back" leads to the right just changed, not to the check page.
    expect((await client.get(`${base}/check`)).location).toBe(`${base}/details`)
    const details = await client.get(`${base}/details?change=1`)
    expect(details.html.match(/<a class="back-link"[^>]* href="([^"]+)"/)?.[1]).toBe(`${base}/right?change=1`)
    await post(client, `${base}/details?change=1`, { what: 'Everything', why: 'I left' }, `${base}/check`)
    const check = textOf((await client.get(`${base}/check`)).html)
    expect(check).toContain(t('request:types.erasure.name'))
    expect(check).toContain('Jens Hansen')
    expect(check).not.toContain(t('request:details.scope.all'))
  })

  /** Answers the pages up to "check your answers" (lygtebaererne, access to all data). */
  async function fillIn(client: HttpClient, email: string, base = '/en/o/lygtebaererne/request') {
    await post(client, `${base}/right`, { type: 'access' }, `${base}/details`)
    await post(client, `${base}/details`, { scope: 'all' }, `${base}/identity`)
    await post(client, `${base}/identity`, { name: 'Test Person', email }, `${base}/check`)
  }

  const filedFor = (email: string) => app.db.select().from(requests).where(eq(requests.emailHash, emailHash(email))).all().length

  test('an address gets at most five requests an hour: the sixth is not sent, and its answers are kept', async () => {
    const email = 'flooded@example.com'
    const base = '/en/o/lygtebaererne/request'
    const client = new HttpClient(app.url, { 'X-Forwarded-For': '198.51.100.1' })
    for (let i = 0; i < 5; i++) {
      await fillIn(client, email)
      await post(client, `${base}/check`, {}, '/en/request/sent')
    }
    expect(filedFor(email)).toBe(5)
    // The limit counts the address however it is typed, from any connection.
    const other = new HttpClient(app.url, { 'X-Forwarded-For': '198.51.100.2' })
    await fillIn(other, email.toUpperCase())
    const refused = await other.post(`${base}/check`)
    expect(refused.status).toBe(200)
    const text = textOf(refused.html)
    expect(text).toContain(t('common:errorSummaryTitle'))
    expect(text).toContain(t('errors:check.tooMany'))
    expect(refused.html).toMatch(new RegExp(`<title>${escapeRegExp(t('common:errorPrefix'))} `))
    expect(filedFor(email)).toBe(5)
    expect((await other.get(`${base}/check`)).status).toBe(200)
  })

  test('a connection gets at most twenty requests an hour, whatever the addresses', async () => {
    const base = '/en/o/lygtebaererne/request'
    const client = new HttpClient(app.url, { 'X-Forwarded-For': '203.0.113.7' })
    for (let i = 0; i < 20; i++) {
      await fillIn(client, `many${i}@example.com`)
      await post(client, `${base}/check`, {}, '/en/request/sent')
    }
    await fillIn(client, 'many20@example.com')
    const refused = await client.post(`${base}/check`)
    expect(refused.status).toBe(200)
    expect(textOf(refused.html)).toContain(t('errors:check.tooMany'))
    expect(filedFor('many20@example.com')).toBe(0)
    // Someone else is not held back by it.
    const neighbour = new HttpClient(app.url, { 'X-Forwarded-For': '203.0.113.8' })
    await fillIn(neighbour, 'neighbour@example.com')
    await post(neighbour, `${base}/check`, {}, '/en/request/sent')
    expect(filedFor('neighbour@example.com')).toBe(1)
  })

  test('pressing "Send request" twice files one request', async () => {
    const email = 'double.click@example.com'
    const base = '/en/o/lygtebaererne/request'
    const client = new HttpClient(app.url)
    await fillIn(client, email)
    const replies = await Promise.all([client.post(`${base}/check`), client.post(`${base}/check`), client.post(`${base}/check`)])
    for (const reply of replies) {
      expect(reply.status).toBe(302)
      expect(reply.location).toBe('/en/request/sent')
    }
    expect(filedFor(email)).toBe(1)
  })

  test('text typed for one right (kept while switching language) does not fill in the questions of another', async () => {
    const client = new HttpClient(app.url)
    const base = (lang: string) => `/${lang}/o/lygtebaererne/request`
    await post(client, `${base('en')}/right`, { type: 'erasure' }, `${base('en')}/details`)
    await post(client, `${base('en')}/details`, { what: 'My typed secret', why: 'Left the club', _language: 'da' }, `${base('da')}/details`)
    expect((await client.get(`${base('da')}/details`)).html).toContain('My typed secret')
    await post(client, `${base('da')}/right`, { type: 'restriction' }, `${base('da')}/details`)
    const details = await client.get(`${base('da')}/details`)
    expect(details.status).toBe(200)
    expect(details.html).not.toContain('My typed secret')
    expect(details.html).not.toContain('Left the club')
  })

})

/** Picks a radio the way a person does: by its label, which covers the styled input. */
async function choose(page: Page, label: string) {
  await page.locator('label', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }).click()
  expect(await page.getByLabel(label, { exact: true }).isChecked()).toBe(true)
}

/** The page shows its errors the way a person (and a screen reader) meets them. */
async function expectErrorState(page: Page, t: ReturnType<typeof tFor>, messages: string[], javaScript: boolean) {
  expect(await page.title()).toMatch(new RegExp(`^${escapeRegExp(t('common:errorPrefix'))} `))
  const summary = page.getByRole('alert')
  expect(await summary.getByRole('link').allTextContents()).toEqual(messages)
  // With JavaScript the page does not reload, so the summary takes focus for screen readers to announce it.
  if (javaScript) await page.locator('.error-summary:focus').waitFor()
  // At the top: above the page's heading.
  const summaryBox = (await summary.boundingBox())!
  const headingBox = (await page.getByRole('heading', { level: 1 }).boundingBox())!
  expect(summaryBox.y).toBeLessThan(headingBox.y)
}

/** Uses the header's language switch on a form page and back again; checks the page each time. */
async function switchLanguageAndBack(page: Page, from: Language, to: Language, path: string, check: (lang: Language) => Promise<void>) {
  for (const [current, next] of [
    [from, to],
    [to, from],
  ] as const) {
    const nav = page.getByRole('navigation', { name: tFor(current)('common:languageSwitch') })
    await nav.getByRole('button', { name: LANGUAGE_NAMES[next] }).click()
    await page.waitForURL(new RegExp(`/${next}${escapeRegExp(path)}$`))
    await page.locator(`html[lang="${LANGUAGE_TAGS[next]}"]`).waitFor({ state: 'attached' })
    expect(await page.getAttribute('html', 'lang')).toBe(LANGUAGE_TAGS[next])
    await page.getByRole('navigation', { name: tFor(next)('common:languageSwitch') }).waitFor()
    await check(next)
  }
}
