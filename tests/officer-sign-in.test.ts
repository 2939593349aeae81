import { eq } from 'drizzle-orm'
import { Secret, TOTP } from 'otpauth'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { organisations, type Organisation } from '#db/schema'
import { createDemoOfficers, demoOfficerFor, type DemoOfficer } from '~/domain/demo-officers.server'
import { signIn, SIGN_IN_LIMIT } from '~/domain/sign-in.server'
import { advanceClock, nowMs, resetClock, setClock } from '~/utils/clock'
import { startApp, type TestApp } from './support/app'
import { launchBrowser, newPage } from './support/browser'

// A demo officer signs in the way a person does: password, then a code from
// their authenticator (here computed from the secret with otpauth), and lands
// where they were going.

let app: TestApp
let browser: Browser
let org: Organisation
let demo: DemoOfficer

beforeAll(async () => {
  setClock('2026-03-10T09:00:00Z')
  app = await startApp()
  createDemoOfficers(app.db)
  org = app.db.select().from(organisations).where(eq(organisations.slug, 'aivokipina')).get()!
  demo = demoOfficerFor(org)
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await app?.close()
  resetClock()
})

function authenticatorCode(secret: string): string {
  return new TOTP({ issuer: 'Rights Portal', algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) }).generate({ timestamp: nowMs() })
}

async function signInWithPassword(page: Page) {
  await page.getByLabel('Email address').fill(demo.email)
  await page.getByLabel('Password', { exact: true }).fill(demo.password)
  await page.getByRole('button', { name: 'Continue' }).click()
  await page.waitForURL(/\/en\/officer\/two-factor/)
}

describe.each([true, false])('sign-in with JavaScript %s', (javaScriptEnabled) => {
  test('password, then the code, reaches the queue; sign-out ends it', async () => {
    // Each run uses a fresh time step: a code never works twice.
    advanceClock(30_000)
    const page = await newPage({ javaScriptEnabled })
    await page.goto(`${app.url}/en/officer`)
    await page.waitForURL(/\/en\/officer\/sign-in/)
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in as a privacy officer')

    // A wrong password: the same message as for an unknown address, the address kept.
    await page.getByLabel('Email address').fill(demo.email)
    await page.getByLabel('Password', { exact: true }).fill('not the right password')
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.getByText('The email address or password is not right').first().waitFor()
    expect(await page.title()).toMatch(/^Error: /)
    expect(await page.getByLabel('Email address').inputValue()).toBe(demo.email)

    await signInWithPassword(page)
    const code = page.getByLabel('Code from your authenticator app')
    expect(await code.getAttribute('autocomplete')).toBe('one-time-code')
    expect(await code.getAttribute('inputmode')).toBe('numeric')
    await code.fill(authenticatorCode(demo.totpSecret))
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL(`${app.url}/en/officer/queue`)
    const signOut = page.getByRole('button', { name: 'Sign out' })
    await signOut.waitFor()
    expect(await page.getByRole('navigation', { name: 'Privacy officers' }).getByRole('link', { name: 'Team' }).count()).toBe(1)

    await signOut.click()
    await page.waitForURL(/\/en\/officer\/sign-in\?signedOut=1/)
    await page.getByText('You have signed out.').waitFor()
    await page.goto(`${app.url}/en/officer/queue`)
    await page.waitForURL(/\/en\/officer\/sign-in\?redirectTo=%2Fen%2Fofficer%2Fqueue/)
    await page.context().close()
  })
})

test('after sign-in the officer lands on the page they asked for', async () => {
  advanceClock(30_000)
  const page = await newPage({ javaScriptEnabled: false })
  await page.goto(`${app.url}/en/officer/settings`)
  await page.waitForURL(/\/en\/officer\/sign-in\?redirectTo=%2Fen%2Fofficer%2Fsettings/)
  await signInWithPassword(page)
  // A wrong code first: an error, and still on the code page.
  const right = authenticatorCode(demo.totpSecret)
  await page.getByLabel('Code from your authenticator app').fill(right === '000000' ? '111111' : '000000')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByText('The code is not right').first().waitFor()
  await page.getByLabel('Code from your authenticator app').fill(right)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForURL(`${app.url}/en/officer/settings`)
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Organisation settings')
  await page.context().close()
})

test('the same pages in Finnish', async () => {
  advanceClock(30_000)
  const page = await newPage({ javaScriptEnabled: false })
  await page.goto(`${app.url}/fi/officer/sign-in`)
  await page.getByLabel('Sähköpostiosoite').fill(demo.email)
  await page.getByLabel('Salasana', { exact: true }).fill(demo.password)
  await page.getByRole('button', { name: 'Jatka' }).click()
  await page.waitForURL(/\/fi\/officer\/two-factor/)
  await page.getByLabel('Todennussovelluksen koodi').fill(authenticatorCode(demo.totpSecret))
  await page.getByRole('button', { name: 'Kirjaudu sisään' }).click()
  await page.waitForURL(`${app.url}/fi/officer/queue`)
  await page.getByRole('button', { name: 'Kirjaudu ulos' }).waitFor()
  await page.context().close()
})

test('while many wrong passwords hold the account, the page asks for the password and the code together', async () => {
  for (let a = 0; a < 20; a++) {
    for (let i = 0; i < SIGN_IN_LIMIT.perAccountFromClient; i++) await signIn(app.db, { email: demo.email, password: `guess ${a}-${i}`, ip: `198.51.100.${a + 1}` })
  }
  for (const javaScriptEnabled of [true, false]) {
    advanceClock(30_000)
    const page = await newPage({ javaScriptEnabled })
    await page.goto(`${app.url}/en/officer/sign-in`)
    await page.getByLabel('Email address').fill(demo.email)
    await page.getByLabel('Password', { exact: true }).fill(demo.password)
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.getByText('Many wrong passwords have been tried for this account recently').waitFor()
    expect(await page.title()).toMatch(/^Error: /)
    expect(await page.getByLabel('Email address').inputValue()).toBe(demo.email)
    await page.getByLabel('Password', { exact: true }).fill(demo.password)
    await page.getByLabel('Code from your authenticator app').fill(authenticatorCode(demo.totpSecret))
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL(`${app.url}/en/officer/queue`)
    await page.getByRole('button', { name: 'Sign out' }).waitFor()
    await page.context().close()
  }
})
