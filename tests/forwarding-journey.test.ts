import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { organisations, requests, type Organisation, type Request } from '#db/schema'
import { emailHash } from '~/data/officer-requests.server'
import { isListed } from '~/domain/do-not-contact.server'
import { fixedT } from '~/i18n/i18n'
import { resetClock, setClock } from '~/utils/clock'
import { startApp, type TestApp } from './support/app'
import { launchBrowser, newPage, officerPage } from './support/browser'
import { escapeRegExp, watchPageErrors } from './support/i18n'
import { createOfficer, signedInCookie } from './support/officers'
import { addresses, linkIn, mailTo, startSmtp, type TestSmtp } from './support/smtp'

// The whole path of a request about a call the agency made for a client, in a
// real browser with a real SMTP server (docs/decisions/017): the person files
// with the agency and names the client; the client's privacy contact gets the
// email; a client without an account follows its link with the emailed code,
// a client on the portal works it in its own queue; each acknowledges and
// instructs the agency, the agency's officer carries the instruction out, and
// the client's answer reaches the person.

let app: TestApp
let smtp: TestSmtp
let browser: Browser
const orgs: Record<string, Organisation> = {}
const cookies: Record<string, string> = {}

const t = fixedT('en', ['request', 'common', 'emails', 'officer', 'controller', 'documents'])
const da = fixedT('da', ['emails', 'controller', 'officer'])

beforeAll(async () => {
  setClock('2026-11-23T09:00:00Z')
  smtp = await startSmtp()
  app = await startApp({ smtpUrl: smtp.url })
  for (const slug of ['klartone-tm', 'lygtebaererne', 'havoernens-venner'] as const) {
    const org = app.db.select().from(organisations).where(eq(organisations.slug, slug)).get()
    if (org) orgs[slug] = org
  }
  for (const slug of ['klartone-tm', 'lygtebaererne'] as const) {
    const officer = createOfficer(app.db, { orgId: orgs[slug]!.id, role: 'officer', email: `officer@${slug}.example`, language: 'da' })
    cookies[slug] = signedInCookie(app.db, officer).replace(/^__officer=/, '')
  }
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await app?.close()
  await smtp?.stop()
  resetClock()
})

const to = mailTo
const label = (page: Page, text: string) => page.locator('label', { hasText: new RegExp(`^\\s*${escapeRegExp(text)}\\s*$`) })

function asOfficerOf(slug: 'klartone-tm' | 'lygtebaererne'): Promise<Page> {
  return officerPage(app.url, cookies[slug]!, { browser, javaScriptEnabled: true })
}

/** The person files with the agency, in English, about a call made for `client`, and confirms the address from the email. */
async function fileWithAgency(person: { name: string; email: string; phone?: string }, right: 'access' | 'objection', client: string): Promise<Request> {
  const agency = orgs['klartone-tm']!
  const page = await newPage({ browser, javaScriptEnabled: true })
  const errors = watchPageErrors(page)
  await page.goto(`${app.url}/en/o/klartone-tm`)
  await page.getByRole('button', { name: t('request:organisation.start') }).click()
  await label(page, t(`request:types.${right}.name`)).click()
  await page.getByRole('button', { name: t('common:continue'), exact: true }).click()
  await page.waitForURL(/\/request\/details$/)
  await label(page, t(right === 'access' ? 'request:details.scope.all' : 'request:details.ground.direct_marketing')).click()
  await page.getByRole('button', { name: t('common:continue'), exact: true }).click()
  await page.waitForURL(/\/request\/identity$/)
  await page.getByLabel(t('request:identity.name'), { exact: true }).fill(person.name)
  await page.getByLabel(t('request:identity.email'), { exact: true }).fill(person.email)
  if (person.phone) await page.getByLabel(t('request:identity.phone'), { exact: false }).first().fill(person.phone)
  await page.getByRole('button', { name: t('common:continue'), exact: true }).click()
  await page.waitForURL(/\/request\/behalf$/)
  await label(page, t('request:behalf.client', { org: agency.name })).click()
  await label(page, client).click()
  await page.getByRole('button', { name: t('common:continue'), exact: true }).click()
  await page.waitForURL(/\/request\/check$/)
  await page.getByRole('button', { name: t('request:check.send') }).click()
  await page.waitForURL(`${app.url}/en/request/sent`)
  const confirm = await smtp.waitFor(to(person.email, t('emails:confirm.subject', { org: agency.name })))
  await page.goto(linkIn(confirm, `${app.url}/en/confirm/`))
  await page.getByRole('button', { name: t('request:confirm.button') }).click()
  await page.waitForURL(`${app.url}/en/request/confirmed`)
  // Told at once that it was passed on, to whom, and by when they will be answered.
  await page.getByText(new RegExp(escapeRegExp(t('request:confirmed.nextForwarded', { org: agency.name, controller: client, date: 'November 23, 2026', dueDate: 'December 23, 2026' })))).waitFor()
  expect(errors).toEqual([])
  await page.context().close()
  return app.db
    .select()
    .from(requests)
    .where(eq(requests.emailHash, emailHash(person.email)))
    .all()
    .find((r) => r.orgId === agency.id)!
}

/** The agency's officer opens the task from the request page and carries it out with `fill`. */
async function carryOutTask(request: Request, kind: 'export' | 'stop_calling', fill: (page: Page) => Promise<void>) {
  const page = await asOfficerOf('klartone-tm')
  const errors = watchPageErrors(page)
  await page.goto(`${app.url}/da/officer/requests/${request.id}`)
  await page.getByRole('link', { name: da('officer:assistance.carryOut', { task: da(`officer:assistance.kind.${kind}`) }) }).click()
  await page.getByRole('heading', { level: 1, name: da('officer:assistance.pageTitle', { task: da(`officer:assistance.kind.${kind}`), reference: request.reference }) }).waitFor()
  await fill(page)
  await page.getByRole('button', { name: da(`officer:assistance.submit.${kind}`) }).click()
  await page.waitForURL(/\?done=1$/)
  expect(errors).toEqual([])
  await page.context().close()
}

describe('a client without an account', () => {
  const person = { name: 'Rasmus Ringet', email: 'rasmus.journey@example.com' }
  let request: Request

  test('the person files with the agency naming the client; the client’s privacy contact gets the email, in its language', async () => {
    request = await fileWithAgency(person, 'access', 'Havørnens Venner')
    expect(request).toMatchObject({ routing: 'client', clientKey: 'havoernens-venner' })
    const mail = await smtp.waitFor(to('privacy@havoernens-venner.example', da('emails:forwarding.subject.forwarded', { reference: request.reference, controller: 'Havørnens Venner', processor: orgs['klartone-tm']!.name })))
    expect(mail.text).not.toContain(person.name)
    expect(mail.text).not.toContain(person.email)
  })

  test('the link opens with the code emailed to the client; it acknowledges, instructs an export the agency carries out, and answers; the person gets the answer in the client’s name', async () => {
    const mail = await smtp.waitFor(to('privacy@havoernens-venner.example', da('emails:forwarding.subject.forwarded', { reference: request.reference, controller: 'Havørnens Venner', processor: orgs['klartone-tm']!.name })))
    const link = linkIn(mail, `${app.url}/da/controller/`)
    const page = await newPage({ browser, javaScriptEnabled: true })
    const errors = watchPageErrors(page)
    await page.goto(link)
    // Masked until the code is given.
    expect(await page.locator('main').textContent()).not.toContain(person.name)
    await page.getByRole('button', { name: da('controller:code.send') }).click()
    const codeMail = await smtp.waitFor((m) => addresses(m).includes('privacy@havoernens-venner.example') && /\b\d{8}\b/.test(m.text ?? ''))
    const code = /\b(\d{8})\b/.exec(codeMail.text ?? '')![1]!
    await page.getByLabel(da('controller:code.label')).fill(code)
    await page.getByRole('button', { name: da('controller:code.submit') }).click()
    await page.getByText(person.name, { exact: true }).waitFor()

    await page.getByRole('button', { name: da('controller:acknowledge.submit') }).click()
    await page.getByRole('button', { name: da('controller:acknowledge.submit') }).waitFor({ state: 'detached' })
    await label(page, da('controller:instruct.kinds.export')).click()
    await page.getByRole('button', { name: da('controller:instruct.submit') }).click()
    await page.getByText(da('controller:done.tasks', { processor: orgs['klartone-tm']!.name })).waitFor()

    // The agency's officer carries the export out; the client is told.
    await carryOutTask(request, 'export', async (task) => {
      await task.locator('#task-file').setInputFiles({ name: 'opkald.csv', mimeType: 'text/csv', buffer: Buffer.from('navn,telefon,opkald\nRasmus Ringet,+4520304050,2026-11-20\n') })
      await task.getByLabel(da('officer:collect.category')).selectOption({ index: 1 })
    })
    await smtp.waitFor((m) => addresses(m).includes('privacy@havoernens-venner.example') && (m.subject ?? '').includes(request.reference) && m.subject !== mail.subject && !/\b\d{8}\b/.test(m.text ?? ''))

    // The client answers through the portal, in its own name.
    await page.reload()
    await label(page, da('officer:answer.outcome.granted')).click()
    await label(page, da('officer:identityMethod.known_customer_details')).click()
    await page.getByRole('button', { name: da('controller:answer.submit') }).click()
    await page.getByText(da('controller:closedNotice')).waitFor()
    expect(errors).toEqual([])
    await page.context().close()

    // The answer reaches the person, from the client, and their status page shows who answered.
    const ready = await smtp.waitFor((m) => addresses(m).includes(person.email) && m.subject === t('officer:emails.completed.subject', { reference: request.reference }))
    expect(ready.text).toContain(t('officer:emails.completed.intro', { org: 'Havørnens Venner' }))
    const personPage = await newPage({ browser, javaScriptEnabled: true })
    await personPage.goto(linkIn(ready, `${app.url}/en/status/open/`))
    await personPage.getByRole('button', { name: t('request:open.button') }).click()
    await personPage.waitForURL(`${app.url}/en/status/request`)
    await personPage.getByRole('heading', { name: t('request:statusPage.answerHeading') }).waitFor()
    const status = (await personPage.locator('main').textContent())!
    expect(status).toContain('Havørnens Venner')
    expect(status).toContain(t('request:statusPage.answerHeading'))
    // The letter is the client's: it names the client and not the agency as the one who answers.
    await personPage.getByRole('button', { name: t('request:answer.sendLink') }).click()
    const download = await smtp.waitFor(to(person.email, t('emails:download.subject', { reference: request.reference })))
    await personPage.goto(linkIn(download, `${app.url}/en/status/download/`))
    await personPage.getByRole('button', { name: t('request:answer.openButton') }).click()
    await personPage.waitForURL(/\/en\/status\/request/)
    await personPage.locator('a[download]').first().waitFor()
    const href = await personPage.locator('a[download]').first().getAttribute('href')
    const pdf = await personPage.request.get(`${app.url}${href}`)
    expect(pdf.status()).toBe(200)
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'journey-')), 'answer.pdf')
    fs.writeFileSync(file, await pdf.body())
    const letter = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
    expect(letter).toMatch(new RegExp(`${t('documents:letter.from')}\\s+Havørnens Venner`))
    // Told as what the agency does for the client, the agency named as its processor, no other client named as a recipient.
    const flat = letter.replace(/\s+/g, ' ')
    expect(flat).toContain(t('documents:access.processing.introProcessor', { processor: orgs['klartone-tm']!.name }))
    expect(flat).toContain(t('documents:access.recipients.processorRole'))
    expect(flat).not.toContain('Lygtebærerne')
    expect(flat).not.toContain('Engblomst')
    // The agency's export is the copy of the data: the letter never says nothing is held.
    expect(flat).toContain('2026-11-20')
    expect(flat).not.toContain(t('documents:access.data.none'))
    await personPage.context().close()
  })
})

describe('a client on the portal', () => {
  const person = { name: 'Birthe Bortringet', email: 'birthe.journey@example.com', phone: '+45 20 30 40 61' }
  let request: Request
  let theirs: Request

  test('the request is in the client’s own queue, marked as forwarded by the agency; the officer acknowledges and instructs the agency to stop calling, which it does', async () => {
    request = await fileWithAgency(person, 'objection', 'Lygtebærerne')
    theirs = app.db.select().from(requests).where(eq(requests.forwardedFromRequestId, request.id)).get()!
    expect(theirs.orgId).toBe(orgs.lygtebaererne!.id)
    const mail = await smtp.waitFor(to('persondata@lygtebaererne.example', da('emails:forwarding.subject.forwarded', { reference: request.reference, controller: 'Lygtebærerne', processor: orgs['klartone-tm']!.name })))
    expect(mail.text).toContain(`/da/officer/requests/${theirs.id}`)

    const page = await asOfficerOf('lygtebaererne')
    const errors = watchPageErrors(page)
    await page.goto(`${app.url}/da/officer/queue`)
    const row = page.getByRole('row').filter({ hasText: theirs.reference })
    await row.getByText(da('officer:forwardedBy.mark', { processor: orgs['klartone-tm']!.name })).waitFor()
    await row.getByRole('link', { name: theirs.reference }).click()
    await page.getByRole('heading', { level: 1 }).waitFor()
    await page.getByText(da('officer:forwardedBy.title', { processor: orgs['klartone-tm']!.name })).first().waitFor()

    await page.getByRole('link', { name: da('officer:actions.acknowledge.heading'), exact: true }).click()
    await page.getByRole('button', { name: da('officer:actions.acknowledge.submit') }).click()
    await page.getByRole('status').filter({ hasText: da('officer:done.acknowledge') }).waitFor()
    await page.getByRole('link', { name: da('officer:actions.instruct.heading'), exact: true }).click()
    await label(page, da('officer:assistance.kind.stop_calling')).click()
    await page.getByRole('button', { name: da('officer:actions.instruct.submit') }).click()
    await page.getByRole('status').filter({ hasText: da('officer:done.instruct') }).waitFor()
    expect(errors).toEqual([])
    await page.context().close()

    await carryOutTask(request, 'stop_calling', async () => {})
    expect(isListed(app.db, orgs['klartone-tm']!, { phone: '20 30 40 61' })).toBe(true)
  })

  test('the client answers in its own queue; the person is answered by the client and the agency’s request leaves its queue', async () => {
    const page = await asOfficerOf('lygtebaererne')
    const errors = watchPageErrors(page)
    await page.goto(`${app.url}/da/officer/requests/${theirs.id}`)
    await page.getByRole('link', { name: da('officer:actions.answer.heading'), exact: true }).click()
    await label(page, da('officer:answer.outcome.granted')).click()
    await page.getByRole('button', { name: da('officer:actions.answer.submit') }).click()
    await page.getByRole('button', { name: da('officer:actions.send.submit') }).click()
    await page.getByRole('status').filter({ hasText: da('officer:done.send') }).waitFor()
    expect(errors).toEqual([])
    await page.context().close()

    await smtp.waitFor((m) => addresses(m).includes(person.email) && (m.text ?? '').includes('Lygtebærerne') && (m.subject ?? '').includes(theirs.reference))
    const agencys = app.db.select().from(requests).where(eq(requests.id, request.id)).get()!
    expect(agencys).toMatchObject({ closed: true, status: 'completed', outcome: 'granted' })
  })
})
