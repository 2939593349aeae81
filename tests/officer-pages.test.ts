import AxeBuilder from '@axe-core/playwright'
import { and, eq } from 'drizzle-orm'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { organisations, outbox, requests, type Organisation } from '#db/schema'
import type { Language } from '~/domain/languages'
import { askForInformation, confirmEmail, fileRequest } from '~/domain/requests.server'
import { issueToken } from '~/domain/tokens.server'
import { fixedT } from '~/i18n/i18n'
import { resetClock, setClock } from '~/utils/clock'
import { startApp, type TestApp } from './support/app'
import { launchBrowser, newPage } from './support/browser'
import { escapeRegExp, watchPageErrors } from './support/i18n'
import { createOfficer, signedInCookie } from './support/officers'

// The queue and the request page in a real browser: axe-clean in all four
// languages (with JavaScript, as axe needs it), and a request worked from
// the queue to completed with JavaScript off, through plain forms.

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']

let app: TestApp
let browser: Browser
let org: Organisation
let cookieValue: string
const ids: number[] = []

beforeAll(async () => {
  setClock('2026-03-10T09:00:00Z')
  app = await startApp()
  browser = await launchBrowser()
  org = app.db.select().from(organisations).where(eq(organisations.slug, 'klartone-tm')).get()!
  const people = ['Ada Aalto', 'Bo Berg', 'Cecilie Carlsen', 'Dag Dahl']
  people.forEach((name, i) => {
    const { requestId } = fileRequest(
      app.db,
      {
        org,
        language: (['da', 'no', 'fi', 'en'] as const)[i]!,
        type: i % 2 ? 'rectification' : 'access',
        details: i % 2 ? { type: 'rectification', wrong: 'Old address', correct: 'New address' } : { type: 'access', scope: 'specific', specific: 'Call recordings' },
        subject: { name, email: `person${i}@example.com`, identifiers: {} },
      },
      app.url,
    )
    const mail = app.db.select().from(outbox).where(and(eq(outbox.requestId, requestId), eq(outbox.template, 'confirm-email'))).get()!
    confirmEmail(app.db, /\/confirm\/([A-Za-z0-9_-]+)/.exec(mail.text)![1]!, app.url)
    ids.push(requestId)
    // Spread the receipts, so the queue has different days left.
    setClock(new Date(new Date('2026-03-10T09:00:00Z').getTime() + (i + 1) * 6 * 86_400_000))
  })
  // Signed in now, after the clock moved: an officer session ends after 30 idle minutes.
  const officer = createOfficer(app.db, { orgId: org.id, name: 'Olga Officer' })
  cookieValue = signedInCookie(app.db, officer).replace(/^__officer=/, '')
})

afterAll(async () => {
  await browser?.close()
  await app?.close()
  resetClock()
})

async function officerPage(javaScriptEnabled: boolean): Promise<Page> {
  const page = await newPage({ browser, javaScriptEnabled })
  await page.context().addCookies([{ name: '__officer', value: cookieValue, url: app.url }])
  return page
}

async function scan(page: Page, name: string, problems: string[]) {
  const result = await new AxeBuilder({ page }).withTags(TAGS).analyze()
  expect(result.passes.length, `axe checked ${name}`).toBeGreaterThan(10)
  for (const v of result.violations) {
    const where = v.nodes.slice(0, 5).map((n) => `      ${n.target.join(' ')}: ${n.failureSummary?.replace(/\s+/g, ' ') ?? ''}`)
    problems.push(`${name}: ${v.id} [${v.impact}] ${v.help}\n${where.join('\n')}`)
  }
}

describe.each<Language>(['da', 'no', 'fi', 'en'])('in %s', (lang) => {
  const t = fixedT(lang, ['officer', 'request', 'common'])

  test('the queue and the request page are accessible, with errors shown too', async () => {
    const page = await officerPage(true)
    const errors = watchPageErrors(page)
    const problems: string[] = []
    await page.goto(`${app.url}/${lang}/officer/queue`)
    await page.getByRole('heading', { level: 1, name: t('officer:queue.title') }).waitFor()
    // Oldest first: Ada's request was received first.
    const rows = page.locator('table tbody tr')
    await expect.poll(() => rows.count()).toBe(4)
    expect(await rows.first().textContent()).toContain('Ada Aalto')
    expect(await page.locator('.due-tag').first().textContent()).toMatch(/\d/)
    await scan(page, `${lang} queue`, problems)

    // Bulk assignment with nothing selected explains itself.
    await page.getByRole('button', { name: t('officer:queue.assignSelected') }).click()
    await page.getByRole('alert').waitFor()
    await expect.poll(() => page.title()).toMatch(new RegExp(`^${escapeRegExp(t('common:errorPrefix'))}`))

    await page.goto(`${app.url}/${lang}/officer/requests/${ids[1]}`)
    await page.getByRole('heading', { level: 1 }).waitFor()
    await scan(page, `${lang} request page`, problems)
    await page.getByRole('button', { name: t('officer:actions.refuse.submit') }).click()
    await page.getByRole('alert').waitFor()
    expect(await page.getByRole('alert').textContent()).toContain(t('officer:errors.groundRequired'))
    await scan(page, `${lang} request page with errors`, problems)
    expect(problems, `axe found violations:\n${problems.join('\n')}`).toEqual([])
    expect(errors).toEqual([])
    await page.context().close()
  })
})

test('without JavaScript: verify, ask, extend and complete a request from the queue', async () => {
  const t = fixedT('en', ['officer', 'request', 'common'])
  const page = await officerPage(false)
  await page.goto(`${app.url}/en/officer/queue?q=${encodeURIComponent('Ada')}`)
  await page.getByRole('link', { name: /^[A-Z0-9]{4}-[A-Z0-9]{4}$/ }).click()
  await page.getByRole('heading', { level: 1 }).waitFor()
  const choose = (label: string) => page.locator('label', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }).click()
  const done = (intent: string) => page.getByRole('status').filter({ hasText: t(`officer:done.${intent}`) }).waitFor()

  await choose(t('officer:identityMethod.bank_id'))
  await page.getByRole('button', { name: t('officer:actions.verify.submit') }).click()
  await done('verify')

  await choose(t('officer:actions.ask.topic.information'))
  await page.getByLabel(t('officer:actions.ask.message')).fill('Which calls do you mean?')
  await page.getByRole('button', { name: t('officer:actions.ask.submit') }).click()
  await done('ask')

  // The answer came by phone: the officer ends the wait from the request page.
  await page.getByLabel(t('officer:actions.received.note')).fill('Told us by phone which calls')
  await page.getByRole('button', { name: t('officer:actions.received.submit') }).click()
  await done('received')
  expect(app.db.select().from(requests).where(eq(requests.id, ids[0]!)).get()!.status).toBe('in_progress')

  await choose(t('officer:actions.extend.months', { count: 1 }))
  await page.getByLabel(t('officer:actions.extend.reason')).fill('Many recordings to go through')
  await page.getByRole('button', { name: t('officer:actions.extend.submit') }).click()
  await done('extend')
  // Once extended, the page says it cannot be extended again.
  await page.getByText(t('officer:errors.alreadyExtended')).waitFor()

  await page.getByLabel(t('officer:actions.complete.reply')).fill('The recordings are attached.')
  await page.getByRole('button', { name: t('officer:actions.complete.submit') }).click()
  await done('complete')

  const r = app.db.select().from(requests).where(eq(requests.id, ids[0]!)).get()!
  expect(r).toMatchObject({ status: 'completed', identityMethod: 'bank_id', extensionMonths: 1 })
  const timeline = await page.locator('table.timeline-table').textContent()
  for (const kind of ['identity_verified', 'information_requested', 'information_received', 'extended', 'completed']) expect(timeline).toContain(t(`officer:timeline.${kind}`))
  expect(timeline).toContain('Told us by phone which calls')
  expect(timeline).toContain('Olga Officer')
  await page.context().close()
})

test('the "n assigned" notice stays on the page it belongs to, not in the pagination links', async () => {
  const page = await officerPage(false)
  await page.goto(`${app.url}/en/officer/queue?type=access&after=0.0&assigned_count=2`)
  const first = await page.locator('a.pagination__first').getAttribute('href')
  expect(first).toContain('type=access')
  expect(first).not.toContain('assigned_count')
  expect(first).not.toContain('after')
  await page.context().close()
})

test('the person’s status page: thread, reply form and history are accessible and work without JavaScript', async () => {
  const t = fixedT('fi', ['officer', 'request', 'common'])
  const { requestId } = fileRequest(
    app.db,
    { org, language: 'fi', type: 'erasure', details: { type: 'erasure', what: 'Kaikki', why: 'En ole asiakas' }, subject: { name: 'Eeva Esimerkki', email: 'eeva@example.com', identifiers: {} } },
    app.url,
  )
  const mail = app.db.select().from(outbox).where(and(eq(outbox.requestId, requestId), eq(outbox.template, 'confirm-email'))).get()!
  const token = /\/confirm\/([A-Za-z0-9_-]+)/.exec(mail.text)![1]!
  const officer = createOfficer(app.db, { orgId: org.id })
  const problems: string[] = []
  for (const javaScriptEnabled of [true, false]) {
    const page = await newPage({ browser, javaScriptEnabled })
    if (javaScriptEnabled) {
      await page.goto(`${app.url}/fi/confirm/${token}`)
      await page.getByRole('button', { name: t('request:confirm.button') }).click()
      await page.waitForURL(/\/fi\/request\/confirmed/)
      askForInformation(app.db, { orgId: org.id, requestId, officerId: officer.id, topic: 'identity', message: 'Kerro asiakasnumerosi.' }, app.url)
    } else {
      // A second visit: a fresh status link, opened without JavaScript.
      const link = issueStatusLink(requestId)
      await page.goto(`${app.url}/fi/status/open/${link}`)
      await page.getByRole('button').filter({ hasText: t('request:open.button') }).click()
    }
    await page.goto(`${app.url}/fi/status/request`)
    await page.getByText('Kerro asiakasnumerosi.').waitFor()
    if (javaScriptEnabled) await scan(page, 'status page with a message', problems)
    await page.getByRole('button', { name: t('officer:status.replySubmit') }).click()
    await page.getByText(t('officer:errors.replyMessageRequired')).first().waitFor()
    if (javaScriptEnabled) await scan(page, 'status page with an error', problems)
    await page.getByLabel(javaScriptEnabled ? t('officer:status.replyLabelAwaiting', { org: org.name }) : t('officer:status.replyLabel', { org: org.name })).fill(`Numero 12345 (${javaScriptEnabled ? 'js' : 'no js'})`)
    await page.getByRole('button', { name: t('officer:status.replySubmit') }).click()
    await page.getByText(t('officer:status.replySent')).waitFor()
    await page.getByText(`Numero 12345 (${javaScriptEnabled ? 'js' : 'no js'})`).waitFor()
    await page.context().close()
  }
  expect(problems, `axe found violations:\n${problems.join('\n')}`).toEqual([])
  expect(app.db.select().from(requests).where(eq(requests.id, requestId)).get()!.status).toBe('in_progress')
})

function issueStatusLink(requestId: number): string {
  return app.db.transaction((tx) => issueToken(tx, { purpose: 'status_access', requestId, ttlMs: 3_600_000 })).token
}
