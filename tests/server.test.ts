import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startApp, type TestApp } from './support/app'

// What the HTTP server itself guards: forms posted from another site, and the
// development mailbox, which exists only while the portal sends no email
// (server-smtp.test.ts: with SMTP it does not exist).

describe('without SMTP, on localhost', () => {
  let app: TestApp
  beforeAll(async () => {
    app = await startApp({ devMailbox: true })
  })
  afterAll(() => app?.close())

  test('the development mailbox shows the unsent email', async () => {
    const form = new URLSearchParams({ email: 'nobody@example.com' })
    await fetch(`${app.url}/en/confirm/new`, { method: 'POST', body: form, redirect: 'manual' })
    const response = await fetch(`${app.url}/en/dev/mailbox`)
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('Development mailbox')
  })

  test('a form posted from another site is refused; the portal’s own forms pass', async () => {
    const body = new URLSearchParams({ email: 'person@example.com' })
    const forged = await fetch(`${app.url}/en/confirm/new`, { method: 'POST', body, headers: { Origin: 'https://attacker.example' }, redirect: 'manual' })
    expect(forged.status).toBe(403)
    const crossSite = await fetch(`${app.url}/en/confirm/new`, { method: 'POST', body, headers: { 'Sec-Fetch-Site': 'cross-site' }, redirect: 'manual' })
    expect(crossSite.status).toBe(403)
    const own = await fetch(`${app.url}/en/confirm/new`, { method: 'POST', body, headers: { Origin: app.url, 'Sec-Fetch-Site': 'same-origin' }, redirect: 'manual' })
    expect(own.status).toBe(200)
    expect(await own.text()).not.toContain('Forbidden')
  })
})
