import { eq } from 'drizzle-orm'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { organisations, type Organisation, type User } from '#db/schema'
import { readOrganisationFiles } from '~/data/organisations.server'
import { acceptCollected, prepareAnswer, stageUpload } from '~/domain/answers.server'
import { createApiKey } from '~/domain/api-keys.server'
import type { Language } from '~/domain/languages'
import { importOrganisations } from '~/domain/organisations.server'
import { assignRequests, verifyIdentity } from '~/domain/requests.server'
import { saveTemplate } from '~/domain/templates.server'
import { fixedT } from '~/i18n/i18n'
import { resetClock, setClock } from '~/utils/clock'
import { startApp, type TestApp } from './support/app'
import { launchBrowser, newPage } from './support/browser'
import { watchPageErrors } from './support/i18n'
import { inbox } from './support/mail'
import { createOfficer, signedInCookie, TEST_PASSWORD } from './support/officers'
import { newRequest } from './support/requests'

// Officers work at a desk: every officer page fits a 1024 and a 1280 px wide
// window without scrolling sideways, in all four languages, with the longest
// words those languages have: a long organisation name, long officer and
// person names, Finnish compounds in category names and column headings, and
// every column of the queue filled in. At 320 px nothing scrolls sideways
// either, and the queue is a list of cards.

const LANGS: Language[] = ['da', 'no', 'fi', 'en']
// 320 px as well: the width of a phone, and of a desk screen at 400% zoom (WCAG 1.4.10).
const WIDTHS = [1024, 1280, 320]

const LONG_ORG = 'Suomen Epilepsiayhdistysten Valtakunnallinen Kattojärjestö ja Vertaistukiverkosto ry'
const LONG_CATEGORY = 'Asiakaspalvelukeskustelutallennejärjestelmän tiedot (keskustelut, liitetiedostot ja yhteydenottopyyntöjen sisältö)'

let app: TestApp
let browser: Browser
let page: Page
let org: Organisation
let admin: User
let adminCookie: string
let operatorCookie: string
let processorCookie: string
let answerId: number
let assignedId: number
const pageErrors: string[] = []

beforeAll(async () => {
  setClock('2026-03-10T09:00:00Z')
  app = await startApp()
  // A demo organisation as a worst case: its name and its categories' names
  // are as long as an organisation file may make them.
  const [file] = readOrganisationFiles('db/organisations').filter((f) => f.org.slug === 'aivokipina')
  const categories = file!.org.register.dataCategories.map((c, i) => ({
    ...c,
    name: Object.fromEntries(Object.keys(c.name).map((l) => [l, i === 0 ? LONG_CATEGORY : `${c.name[l as Language]} – rekisteröidynkäsittelytoimenpiteidenrajoittamisoikeus`])),
  }))
  importOrganisations(app.db, [{ file: file!.file, org: { ...file!.org, name: LONG_ORG, register: { ...file!.org.register, dataCategories: categories } } }])
  org = app.db.select().from(organisations).where(eq(organisations.slug, 'aivokipina')).get()!

  admin = createOfficer(app.db, { orgId: org.id, role: 'admin', name: 'Aleksandra Kristiina Väisänen-Heikkilä-Lindqvist', email: 'aleksandra.vaisanen-heikkila-lindqvist@aivokipina.example' })
  const officer = createOfficer(app.db, { orgId: org.id, name: 'Maximilian Bartholomæus Kristoffersen-Vandmandsdatter', email: 'maximilian.kristoffersen-vandmandsdatter@aivokipina.example' })
  const people = [
    ['Jääskeläinen-Hyvärinen, Maria-Liisa Annikki', 'access'],
    ['Þórhildur Kristjánsdóttir-Ólafsdóttir', 'automated_decision'],
    ['Bartholomæus Kristoffersen-Vandmandsdatter', 'restriction'],
    ['Ánde Ŋuolláš-Čiekčuvuolle', 'erasure'],
  ] as const
  const ids: number[] = []
  for (const [i, [name, type]] of people.entries()) {
    const email = `${name.normalize('NFD').replace(/[^A-Za-z]+/g, '.').toLowerCase()}@tietosuojaesimerkkiyhdistys.example`
    const { request } = await newRequest(app.db, org, { language: 'fi', type, name, email })
    ids.push(request.id)
    setClock(new Date(Date.parse('2026-03-10T09:00:00Z') + (i + 1) * 9 * 86_400_000))
  }
  // "Assigned to" filled in on every row, with the longest name.
  assignRequests(app.db, { orgId: org.id, officerId: admin.id, requestIds: ids, assigneeId: officer.id })
  assignedId = ids[1]!
  // One request with its data collected and its answer prepared, for the collect page and the preview list.
  answerId = ids[0]!
  const act = { orgId: org.id, requestId: answerId, officerId: admin.id }
  verifyIdentity(app.db, { ...act, method: 'known_customer_details' })
  const csv = [
    'keskustelunaloitusajankohta,asiakaspalvelukeskustelun_kokonaiskesto,yhteydenottajan_sähköpostiosoite,viesti',
    `2026-02-01T10:00:00Z,PT45M,maria-liisa.jaaskelainen-hyvarinen@tietosuojaesimerkkiyhdistys.example,Hei! Haluaisin tietää henkilötietojenkäsittelyperiaatteistanne ja tietosuojaselosteestanne.`,
  ].join('\n')
  const staged = stageUpload(app.db, { ...act, filename: 'chat.csv', bytes: new TextEncoder().encode(csv), category: categories[0]!.key })
  if (!staged.ok) throw new Error(`not staged: ${JSON.stringify(staged.error)}`)
  acceptCollected(app.db, { ...act, ids: staged.ids })
  prepareAnswer(app.db, { ...act, outcome: 'granted', reasons: 'Tässä ovat tietosi.' })
  saveTemplate(app.db, admin, {
    title: 'Henkilöllisyydenvarmentamispyyntö ja lisätietojenpyytämiskäytäntö',
    body_da: 'Kære {{name}}',
    body_no: 'Kjære {{name}}',
    body_fi: 'Hei {{name}}',
    body_en: 'Dear {{name}}',
  })
  createApiKey(app.db, { orgId: org.id, label: 'Puhelinmarkkinointijärjestelmän soittoestorekisteritarkistusrajapinta', actor: { kind: 'officer', userId: admin.id } })

  adminCookie = signedInCookie(app.db, admin).replace(/^__officer=/, '')
  operatorCookie = signedInCookie(app.db, createOfficer(app.db, { orgId: null, role: 'operator', name: 'Operaattori Järjestelmänylläpitäjä-Pääkäyttäjä' })).replace(/^__officer=/, '')
  // A processor's admin, for the register of its clients.
  const processor = app.db.select().from(organisations).where(eq(organisations.slug, 'klartone-tm')).get()!
  processorCookie = signedInCookie(app.db, createOfficer(app.db, { orgId: processor.id, role: 'admin', name: 'Christoffer Bartholomæus Vandmandsdatter-Kristoffersen' })).replace(/^__officer=/, '')
  browser = await launchBrowser()
  page = await newPage({ browser })
  pageErrors.push(...watchPageErrors(page))
})

afterAll(async () => {
  await browser?.close()
  await app?.close()
  resetClock()
})

const problems: string[] = []
let measured = 0

/**
 * What makes the page wider than the window: the document itself, an element
 * reaching past the right edge, or a box scrolling sideways within. On a phone
 * the dashboard's chart may scroll in its own labelled region (a chart is
 * two-dimensional content, which WCAG 1.4.10 lets scroll); never on a desk.
 */
async function overflow(): Promise<string[]> {
  return page.evaluate(() => {
    const chartMayScroll = window.innerWidth < 768
    const found: string[] = []
    const width = window.innerWidth
    const doc = document.scrollingElement!
    if (doc.scrollWidth > width) found.push(`the page is ${doc.scrollWidth} px wide`)
    const name = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}`
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      if (chartMayScroll && el.closest('.scroll-region[role="region"][tabindex="0"]')) continue
      const box = el.getBoundingClientRect()
      if (box.width <= 1 || box.height <= 1) continue
      if (box.right > width + 0.5) found.push(`${name(el)} reaches ${Math.round(box.right)} px`)
      const style = getComputedStyle(el)
      if ((style.overflowX === 'auto' || style.overflowX === 'scroll') && el.scrollWidth > el.clientWidth + 1) found.push(`${name(el)} scrolls sideways (${el.scrollWidth} px in ${el.clientWidth} px)`)
    }
    return found
  })
}

/** Opens the page once and measures it at each desk width. */
async function visit(path: string) {
  await page.setViewportSize({ width: WIDTHS[0]!, height: 900 })
  const response = await page.goto(`${app.url}${path}`)
  if (!response?.ok()) {
    problems.push(`${path}: HTTP ${response?.status()}`)
    return
  }
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 })
    const found = await overflow()
    measured++
    if (found.length > 0) problems.push(`${path} at ${width} px: ${found.slice(0, 6).join('; ')}${found.length > 6 ? ` and ${found.length - 6} more` : ''}`)
  }
}

async function signInAs(cookie: string | null) {
  await page.context().clearCookies()
  if (cookie) await page.context().addCookies([{ name: '__officer', value: cookie, url: app.url }])
}

test('every officer page fits 1024, 1280 and 320 px in all four languages; the queue is cards at 320 px', { timeout: 300_000 }, async () => {
  // Invite a new officer through the team page (so the team has a pending member), then follow the invitation.
  await signInAs(adminCookie)
  await page.goto(`${app.url}/en/officer/team`)
  const invited = 'kristiina.vaisanen-heikkila@aivokipina.example'
  await page.getByLabel('Name', { exact: true }).fill('Kristiina Väisänen-Heikkilä-Lindqvist-Jääskeläinen')
  await page.getByLabel('Email address').fill(invited)
  await page.getByRole('button', { name: 'Send invitation' }).click()
  await page.getByRole('status').waitFor()
  const invitation = new RegExp(`https?://\\S+/officer/invitation/[A-Za-z0-9_-]+`).exec((await inbox(app.db, app.url).lastTo(invited))!.text!)![0]
  const invitationPath = new URL(invitation).pathname.replace(/^\/[a-z]{2}\//, '/')

  // The pages before sign-in, and the second factor after a password.
  await signInAs(null)
  for (const lang of LANGS) {
    await visit(`/${lang}/officer/sign-in`)
    await visit(`/${lang}/officer/forgot-password`)
    await visit(`/${lang}/officer/reset-password/not-a-real-token`)
    await visit(`/${lang}${invitationPath}`)
  }
  await page.goto(`${app.url}/en/officer/sign-in`)
  await page.getByLabel('Email address').fill(admin.email)
  await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD)
  await page.getByRole('button', { name: 'Continue' }).click()
  await page.waitForURL(/two-factor$/)
  for (const lang of LANGS) await visit(`/${lang}/officer/two-factor`)
  await signInAs(null)
  await page.goto(invitation)
  await page.getByLabel('New password').fill('a long and good password')
  await page.getByRole('button', { name: 'Set password and continue' }).click()
  await page.waitForURL(/enrol$/)
  for (const lang of LANGS) await visit(`/${lang}/officer/enrol`)

  // The admin's pages.
  await signInAs(adminCookie)
  for (const lang of LANGS) {
    for (const path of [
      'queue',
      `requests/${assignedId}?do=ask`,
      `requests/${answerId}?do=answer`,
      `requests/${answerId}?do=send`,
      `requests/${answerId}/collect`,
      'dashboard',
      'notifications',
      'templates',
      'team',
      'api-keys',
      'settings',
    ])
      await visit(`/${lang}/officer/${path}`)

    // At 320 px the queue is a list of cards: one per request, the cells across the card.
    await page.setViewportSize({ width: 320, height: 800 })
    await page.goto(`${app.url}/${lang}/officer/queue`)
    expect(await page.locator('table thead').boundingBox().then((b) => b?.height ?? 0)).toBeLessThanOrEqual(1)
    const cell = (await page.locator('table tbody tr').first().locator('td').nth(1).boundingBox())!
    expect(cell.width, `${lang}: a cell spans the card`).toBeGreaterThan(200)
  }

  // The operator's pages.
  await signInAs(operatorCookie)
  for (const lang of LANGS) {
    await visit(`/${lang}/officer/organisations`)
    await visit(`/${lang}/officer/organisations/aivokipina`)
    await visit(`/${lang}/officer/organisations/new`)
  }

  // A processor's register of clients.
  await signInAs(processorCookie)
  for (const lang of LANGS) await visit(`/${lang}/officer/clients`)

  expect(problems, `pages wider than the window:\n${problems.join('\n')}`).toEqual([])
  expect(measured).toBe(LANGS.length * (4 + 1 + 1 + 11 + 3 + 1) * WIDTHS.length)
  expect(pageErrors).toEqual([])
})

test('the queue names the officer each request is assigned to, in every language', async () => {
  // The column that was cut off at 1280 px: its heading and the name are on screen.
  await signInAs(adminCookie)
  await page.setViewportSize({ width: 1280, height: 900 })
  for (const lang of LANGS) {
    await page.goto(`${app.url}/${lang}/officer/queue`)
    const heading = page.getByRole('columnheader', { name: fixedT(lang, 'officer')('queue.assignee') })
    const box = (await heading.boundingBox())!
    expect(box.x + box.width, lang).toBeLessThanOrEqual(1280)
    const name = page.locator('table tbody tr').first().getByText('Maximilian Bartholomæus Kristoffersen-Vandmandsdatter')
    const nameBox = (await name.boundingBox())!
    expect(nameBox.x + nameBox.width, lang).toBeLessThanOrEqual(1280)
  }
  // The received column gives way at this width; the filters still order by it.
  const t = fixedT('en', 'officer')
  await page.goto(`${app.url}/en/officer/queue`)
  expect(await page.getByRole('columnheader', { name: t('queue.receivedColumn') }).isVisible()).toBe(false)
  await page.getByLabel(t('queue.sortBy')).selectOption({ label: t('queue.receivedColumn') })
  await page.getByRole('button', { name: t('queue.apply') }).click()
  await page.waitForURL(/sort=received/)
  // Newest receipt first: the last request filed leads.
  await expect.poll(() => page.locator('table tbody tr').first().textContent()).toContain('Ánde Ŋuolláš-Čiekčuvuolle')
})
