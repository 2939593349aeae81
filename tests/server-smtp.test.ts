import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startApp, type TestApp } from './support/app'
import { startSmtp, type TestSmtp } from './support/smtp'

// The configuration is read once per process, so the portal with SMTP gets a
// test file of its own.

describe('with SMTP', () => {
  let app: TestApp
  let smtp: TestSmtp
  beforeAll(async () => {
    smtp = await startSmtp()
    app = await startApp({ smtpUrl: smtp.url })
  })
  afterAll(async () => {
    await app?.close()
    await smtp?.stop()
  })

  test('there is no development mailbox', async () => {
    expect((await fetch(`${app.url}/en/dev/mailbox`)).status).toBe(404)
  })
})
