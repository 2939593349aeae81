import { eq } from 'drizzle-orm'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { organisations, requests, type Organisation } from '#db/schema'
import { issueToken } from '~/data/tokens.server'
import type { Language } from '~/domain/languages'
import { askForInformation } from '~/domain/requests.server'
import { saveTemplate } from '~/domain/templates.server'
import { fixedT } from '~/i18n/i18n'
import { resetClock, setClock } from '~/utils/clock'
import { startApp, type TestApp } from './support/app'
import { axeViolations } from './support/axe'
import { launchBrowser, newPage, officerPage } from './support/browser'
import { escapeRegExp, watchPageErrors } from './support/i18n'
import { deliverAll, linkIn, tokenOf } from './support/mail'
import { createOfficer, signedInCookie } from './support/officers'
import { newRequest } from './support/requests'

// The officer pages in a real browser: axe-clean in all four languages (with
// JavaScript, as axe needs it), and a request worked from the queue to its
// answer with JavaScript off, one action at a time, through plain forms.

let app: TestApp
let browser: Browser
let org: Organisation
let cookieValue: string
const ids: number[] = []
const refs: string[] = []

beforeAll(async () => {
  setClock('2026-03-10T09:00:00Z')
  app = await startApp()
  browser = await launchBrowser()
  org = app.db.select().from(organisations).where(eq(organisations.slug, 'klartone-tm')).get()!
  const people = ['Ada Aalto', 'Bo Berg', 'Cecilie Carlsen', 'Dag Dahl']
  for (const [i, name] of people.entries()) {
    const { request } = await newRequest(app.db, org, { language: (['da', 'no', 'fi', 'en'] as const)[i]!, type: i % 2 ? 'rectification' : 'access', name, email: `person${i}@example.com` })
    ids.push(request.id)
    refs.push(request.reference)
    // Spread the receipts, so the queue has different days left.
    setClock(new Date(new Date('2026-03-10T09:00:00Z').getTime() + (i + 1) * 6 * 86_400_000))
  }
  // Signed in now, after the clock moved: an officer session ends after 30 idle minutes.
  const officer = createOfficer(app.db, { orgId: org.id, name: 'Olga Officer', role: 'admin' })
  cookieValue = signedInCookie(app.db, officer).replace(/^__officer=/, '')
  saveTemplate(app.db, officer, { title: 'Standard', body_da: 'Kære {{name}}', body_no: 'Kjære {{name}}', body_fi: 'Hei {{name}}', body_en: 'Dear {{name}}' })
})

afterAll(async () => {
  await browser?.close()
  await app?.close()
  resetClock()
})

function asOfficer(javaScriptEnabled: boolean): Promise<Page> {
  return officerPage(app.url, cookieValue, { browser, javaScriptEnabled })
}

async function scan(page: Page, name: string, problems: string[]) {
  problems.push(...(await axeViolations(page, name)))
}

describe.each<Language>(['da', 'no', 'fi', 'en'])('in %s', (lang) => {
  const t = fixedT(lang, ['officer', 'request', 'common', 'oversight'])

  test('every officer page is accessible, with an action open and with errors shown too', async () => {
    const page = await asOfficer(true)
    const errors = watchPageErrors(page)
    const problems: string[] = []
    await page.goto(`${app.url}/${lang}/officer/queue`)
    await page.getByRole('heading', { level: 1, name: t('officer:queue.title') }).waitFor()
    const rows = page.locator('table tbody tr')
    await expect.poll(() => rows.count()).toBe(4)
    // Nearest legal deadline first: Ada's request was received first.
    expect(await rows.first().textContent()).toContain('Ada Aalto')
    await scan(page, `${lang} queue`, problems)
    // Bulk assignment with nothing selected explains itself.
    await page.getByRole('button', { name: t('officer:queue.assignSelected') }).click()
    await page.getByRole('alert').waitFor()
    await expect.poll(() => page.title()).toMatch(new RegExp(`^${escapeRegExp(t('common:errorPrefix'))}`))

    await page.goto(`${app.url}/${lang}/officer/requests/${ids[1]}`)
    await page.getByRole('heading', { level: 1 }).waitFor()
    await scan(page, `${lang} request page`, problems)
    await page.getByRole('link', { name: t('officer:actions.answer.heading') }).click()
    await page.getByRole('heading', { level: 2, name: t('officer:actions.answer.heading') }).waitFor()
    await scan(page, `${lang} request page, answer open`, problems)
    await page.locator('label', { hasText: new RegExp(`^${escapeRegExp(t('officer:answer.outcome.refused'))}$`) }).click()
    await page.getByRole('button', { name: t('officer:actions.answer.submit') }).click()
    await page.getByRole('alert').waitFor()
    expect(await page.getByRole('alert').textContent()).toContain(t('officer:errors.groundRequired'))
    await scan(page, `${lang} request page with errors`, problems)

    for (const [path, heading] of [
      ['notifications', t('oversight:notifications.title')],
      ['templates', t('officer:templates.title')],
      ['templates?edit=new', t('officer:templates.title')],
      ['api-keys', t('officer:apiKeys.title')],
      [`requests/${ids[1]}/collect`, t('officer:collect.title', { reference: refs[1] })],
    ] as const) {
      await page.goto(`${app.url}/${lang}/officer/${path}`)
      await page.getByRole('heading', { level: 1, name: heading }).waitFor()
      await scan(page, `${lang} ${path}`, problems)
    }
    expect(problems, `axe found violations:\n${problems.join('\n')}`).toEqual([])
    expect(errors).toEqual([])
    await page.context().close()
  })
})

test('without JavaScript: verify, ask, receive, extend and answer a request, one action at a time', async () => {
  const t = fixedT('en', ['officer', 'request', 'common'])
  const page = await asOfficer(false)
  await page.goto(`${app.url}/en/officer/queue?q=${encodeURIComponent('Ada')}`)
  await page.getByRole('link', { name: /^[A-Z0-9]{4}-[A-Z0-9]{4}$/ }).click()
  await page.getByRole('heading', { level: 1 }).waitFor()
  const open = (intent: string) => page.getByRole('link', { name: t(`officer:actions.${intent}.heading`), exact: true }).click()
  const choose = (label: string) => page.locator('label', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }).click()
  const done = (intent: string) => page.getByRole('status').filter({ hasText: t(`officer:done.${intent}`) }).waitFor()
  // Nothing is open until the officer opens it: one form at a time.
  expect(await page.locator('form[method="post"] textarea, form[method="post"] input[type="radio"]').count()).toBe(0)

  await open('verify')
  expect(await page.locator('.action-panel').count()).toBe(1)
  await choose(t('officer:identityMethod.bank_id'))
  await page.getByRole('button', { name: t('officer:actions.verify.submit') }).click()
  await done('verify')
  // Nobody had it: the officer who acted has it now, and is told so.
  await page.getByText(t('officer:done.taken')).waitFor()

  await open('ask')
  await choose(t('officer:actions.ask.topic.clarification'))
  await page.getByLabel(t('officer:actions.ask.message')).fill('Which calls do you mean?')
  await page.getByRole('button', { name: t('officer:actions.ask.submit') }).click()
  await done('ask')

  // The answer came by phone: the officer ends the wait from the request page.
  await open('received')
  await page.getByLabel(t('officer:actions.received.note')).fill('Told us by phone which calls')
  await page.getByRole('button', { name: t('officer:actions.received.submit') }).click()
  await done('received')
  expect(app.db.select().from(requests).where(eq(requests.id, ids[0]!)).get()!.status).toBe('in_progress')

  await open('extend')
  await choose(t('officer:actions.extend.months', { count: 1 }))
  await page.getByLabel(t('officer:actions.extend.reason')).fill('Many recordings to go through')
  await page.getByRole('button', { name: t('officer:actions.extend.submit') }).click()
  await done('extend')
  // Once extended, the action list says why it cannot be extended again.
  await page.getByText(t('officer:errors.alreadyExtended')).waitFor()

  await open('answer')
  await choose(t('officer:answer.outcome.granted'))
  await page.getByLabel(t('officer:answer.reasons')).fill('The recordings are attached.')
  await page.getByRole('button', { name: t('officer:actions.answer.submit') }).click()
  await done('answer')
  await page.getByRole('button', { name: t('officer:actions.send.submit') }).click()
  await done('send')

  const r = app.db.select().from(requests).where(eq(requests.id, ids[0]!)).get()!
  expect(r).toMatchObject({ status: 'completed', identityMethod: 'bank_id', extensionMonths: 1 })
  const timeline = await page.locator('ol.timeline').textContent()
  for (const kind of ['identity_verified', 'information_requested', 'information_received', 'extended', 'answered']) expect(timeline).toContain(t(`officer:timeline.${kind}`))
  expect(timeline).toContain('Told us by phone which calls')
  expect(timeline).toContain('Olga Officer')
  // Closed: its outcome and closing date, and no days left.
  await page.getByText(t('officer:outcome.granted')).first().waitFor()
  expect(await page.locator('.due-tag').count()).toBe(0)
  await page.context().close()
})

test('a template is picked, filled in and editable before sending, without JavaScript', async () => {
  const t = fixedT('no', ['officer'])
  const page = await asOfficer(false)
  await page.goto(`${app.url}/no/officer/requests/${ids[1]}?do=message`)
  await page.getByLabel(t('templates.pick')).selectOption({ label: 'Standard' })
  await page.getByRole('button', { name: t('templates.use') }).click()
  const box = page.getByLabel(t('actions.message.message'), { exact: true })
  await expect.poll(() => box.inputValue()).toBe('Kjære Bo Berg')
  await box.fill('Kjære Bo Berg, vi ser på saken.')
  await page.getByRole('button', { name: t('actions.message.submit') }).click()
  await page.getByRole('status').filter({ hasText: t('done.message') }).waitFor()
  await page.locator('.thread').getByText('Kjære Bo Berg, vi ser på saken.').waitFor()
  await page.context().close()
})

test('the person’s status page: thread, reply form and history are accessible and work without JavaScript', async () => {
  const t = fixedT('fi', ['officer', 'request', 'common'])
  const { request, mails } = await newRequest(app.db, org, { language: 'fi', type: 'erasure', name: 'Eeva Esimerkki', email: 'eeva@example.com', confirm: false })
  const token = tokenOf(linkIn(mails.find((m) => m.template === 'confirm-email')!, 'http'))
  const officer = createOfficer(app.db, { orgId: org.id })
  const problems: string[] = []
  for (const javaScriptEnabled of [true, false]) {
    const page = await newPage({ browser, javaScriptEnabled })
    if (javaScriptEnabled) {
      await page.goto(`${app.url}/fi/confirm/${token}`)
      await page.getByRole('button', { name: t('request:confirm.button') }).click()
      await page.waitForURL(/\/fi\/request\/confirmed/)
      askForInformation(app.db, { orgId: org.id, requestId: request.id, officerId: officer.id, topic: 'identity', message: 'Kerro asiakasnumerosi.' })
      await deliverAll(app.db, app.url)
    } else {
      // A second visit: a fresh status link, opened without JavaScript.
      const link = app.db.transaction((tx) => issueToken(tx, { purpose: 'status_access', requestId: request.id, ttlMs: 3_600_000 })).token
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
  expect(app.db.select().from(requests).where(eq(requests.id, request.id)).get()!.status).toBe('in_progress')
})
