import { getUserByEmail } from '~/data/users.server'
import { desc, eq } from 'drizzle-orm'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { organisations, outbox, users, type Organisation } from '#db/schema'
import { inviteUser } from '~/domain/invitations.server'
import { totpCode } from '~/domain/totp.server'
import { advanceClock, resetClock, setClock } from '~/utils/clock'
import { startApp, type TestApp } from './support/app'
import { axeViolations, titleProblems } from './support/axe'
import { launchBrowser, newPage } from './support/browser'
import { watchPageErrors } from './support/i18n'
import { inbox } from './support/mail'
import { createOfficer, TEST_PASSWORD } from './support/officers'

// Every account page, in its normal and its error state, scanned with axe
// (WCAG 2.2 AA) with JavaScript on, and checked for a title that says what
// the heading says.

let app: TestApp
let browser: Browser
let dk: Organisation

beforeAll(async () => {
  setClock('2026-03-10T09:00:00Z')
  app = await startApp()
  dk = app.db.select().from(organisations).where(eq(organisations.slug, 'dyrevaernsringen')).get()!
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await app?.close()
  resetClock()
})

const problems: string[] = []
const scanned: string[] = []

async function scan(page: Page, name: string) {
  problems.push(...(await axeViolations(page, name)))
  scanned.push(name)
  problems.push(...(await titleProblems(page, name)))
}

async function linkIn(to: string, kind: string): Promise<string> {
  const text = (await inbox(app.db, app.url).lastTo(to))!.text!
  return new RegExp(`https?://\\S+/officer/${kind}/[A-Za-z0-9_-]+`).exec(text)![0]
}

const wrong = (code: string) => (code === '000000' ? '111111' : '000000')

test('the account pages have no WCAG 2.2 AA violations, in every state', { timeout: 180_000 }, async () => {
  const errors: string[] = []
  const open = async () => {
    const page = await newPage()
    errors.push(...watchPageErrors(page))
    return page
  }

  // An invitation, accepted, with the authenticator set up (in Danish).
  inviteUser(app.db, null, { orgId: dk.id, role: 'admin', email: 'a11y-admin@dyr.example', name: 'Alma Admin', language: 'da' })
  let page = await open()
  await page.goto(await linkIn('a11y-admin@dyr.example', 'invitation'))
  await scan(page, 'invitation')
  await page.getByLabel('Ny adgangskode').fill('short')
  await page.getByRole('button', { name: 'Gem adgangskode og fortsæt' }).click()
  await page.getByRole('alert').waitFor()
  await scan(page, 'invitation with an error')
  await page.getByLabel('Ny adgangskode').fill('a long and good password')
  await page.getByRole('button', { name: 'Gem adgangskode og fortsæt' }).click()
  await page.waitForURL(/\/da\/officer\/enrol$/)
  await scan(page, 'TOTP enrolment')
  const secret = getUserByEmail(app.db, 'a11y-admin@dyr.example')!.totpSecret!
  await page.getByLabel('Kode fra din godkendelsesapp').fill(wrong(totpCode(secret)))
  await page.getByRole('button', { name: 'Bekræft og fortsæt' }).click()
  await page.getByRole('alert').waitFor()
  await scan(page, 'TOTP enrolment with an error')
  await page.getByLabel('Kode fra din godkendelsesapp').fill(totpCode(secret))
  await page.getByRole('button', { name: 'Bekræft og fortsæt' }).click()
  await page.waitForURL(/\/da\/officer\/queue$/)
  await page.getByRole('link', { name: 'Team' }).click()
  await page.waitForURL(/\/da\/officer\/team$/)
  await scan(page, 'team')
  await page.getByRole('button', { name: 'Send invitation' }).click()
  await page.getByRole('alert').waitFor()
  await scan(page, 'team with invitation errors')
  await page.getByRole('link', { name: 'Indstillinger' }).click()
  await page.waitForURL(/\/da\/officer\/settings$/)
  await scan(page, 'settings')
  await page.getByLabel('Jeres egen svartid i dage').fill('99')
  await page.getByRole('button', { name: 'Gem indstillinger' }).click()
  await page.getByRole('alert').waitFor()
  await scan(page, 'settings with an error')
  await page.context().close()

  // Sign-in, in English, with its errors.
  const officer = createOfficer(app.db, { orgId: dk.id })
  page = await open()
  await page.goto(`${app.url}/en/officer/sign-in`)
  await scan(page, 'sign-in')
  await page.getByLabel('Email address').fill(officer.email)
  await page.getByLabel('Password', { exact: true }).fill('not the password')
  await page.getByRole('button', { name: 'Continue' }).click()
  await page.getByRole('alert').waitFor()
  await scan(page, 'sign-in with an error')
  await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD)
  await page.getByRole('button', { name: 'Continue' }).click()
  await page.waitForURL(/\/en\/officer\/two-factor$/)
  await scan(page, 'two-factor')
  advanceClock(30_000)
  await page.getByLabel('Code from your authenticator app').fill(wrong(totpCode(officer.totpSecret!)))
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('alert').waitFor()
  await scan(page, 'two-factor with an error')
  await page.context().close()

  // Forgotten password (in Norwegian) and Finnish reset page.
  page = await open()
  await page.goto(`${app.url}/no/officer/forgot-password`)
  await scan(page, 'forgot password')
  await page.getByRole('button', { name: 'Send lenken' }).click()
  await page.getByRole('alert').waitFor()
  await scan(page, 'forgot password with an error')
  await page.getByLabel('E-postadresse').fill(officer.email)
  await page.getByRole('button', { name: 'Send lenken' }).click()
  await page.waitForURL(/sent=1/)
  await scan(page, 'forgot password, sent')
  await page.goto((await linkIn(officer.email, 'reset-password')).replace('/en/', '/fi/'))
  await scan(page, 'reset password')
  await page.goto(`${app.url}/fi/officer/reset-password/not-a-real-token`)
  await scan(page, 'reset password, bad link')
  await page.context().close()

  // The operator's pages.
  const operator = createOfficer(app.db, { orgId: null, role: 'operator' })
  page = await open()
  await page.goto(`${app.url}/en/officer/sign-in`)
  await page.getByLabel('Email address').fill(operator.email)
  await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD)
  await page.getByRole('button', { name: 'Continue' }).click()
  await page.waitForURL(/two-factor/)
  await page.getByLabel('Code from your authenticator app').fill(totpCode(operator.totpSecret!))
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForURL(/\/en\/officer\/organisations$/)
  await scan(page, 'organisations')
  await page.getByRole('link', { name: /^Edit Aivokipinä ry$/ }).click()
  await page.waitForURL(/\/en\/officer\/organisations\/aivokipina$/)
  await scan(page, 'organisation file')
  await page.getByLabel('Organisation file (YAML)').fill('slug: Not A Slug\nname: x\n')
  await page.getByRole('button', { name: 'Check and save' }).click()
  await page.getByRole('alert').waitFor()
  await scan(page, 'organisation file with errors')
  await page.goto(`${app.url}/en/officer/organisations/new`)
  await scan(page, 'new organisation')
  await page.context().close()

  // A processor's admin keeps its register of clients.
  const klartone = app.db.select().from(organisations).where(eq(organisations.slug, 'klartone-tm')).get()!
  const processorAdmin = createOfficer(app.db, { orgId: klartone.id, role: 'admin' })
  page = await open()
  await page.goto(`${app.url}/en/officer/sign-in`)
  await page.getByLabel('Email address').fill(processorAdmin.email)
  await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD)
  await page.getByRole('button', { name: 'Continue' }).click()
  await page.waitForURL(/two-factor/)
  await page.getByLabel('Code from your authenticator app').fill(totpCode(processorAdmin.totpSecret!))
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForURL(/\/en\/officer\/queue/)
  await page.goto(`${app.url}/en/officer/clients`)
  await scan(page, 'register of clients')
  await page.getByLabel('Register of clients (YAML)').fill('- key: Not A Key\n')
  await page.getByRole('button', { name: 'Check and save' }).click()
  await page.getByRole('alert').waitFor()
  await scan(page, 'register of clients with errors')
  await page.context().close()

  expect(errors, 'errors in the pages (hydration, scripts)').toEqual([])
  expect(problems, problems.join('\n')).toEqual([])
  expect(scanned.length).toBe(23)
})
