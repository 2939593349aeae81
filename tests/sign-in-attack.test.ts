import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { organisations, outbox, type User } from '#db/schema'
import { SIGN_IN_LIMIT } from '~/domain/sign-in.server'
import { totpCode } from '~/domain/totp.server'
import { fixedT } from '~/i18n/i18n'
import { advanceClock, resetClock, setClock } from '~/utils/clock'
import { startApp, type TestApp } from './support/app'
import { HttpClient, textOf } from './support/http'
import { createOfficer, TEST_PASSWORD } from './support/officers'
import { addresses, startSmtp, type TestSmtp } from './support/smtp'

// A password attack as it would come over the network: ten wrong passwords
// from each of twenty addresses, all at once, which no per-address limit
// stops and which fills the account-wide one. The officer must still get in,
// and they and their admin hear of it by email, on a real SMTP server.

let app: TestApp
let smtp: TestSmtp
let officer: User
let admin: User

const en = fixedT('en', ['auth'])

beforeAll(async () => {
  setClock('2026-03-10T09:00:00Z')
  smtp = await startSmtp()
  app = await startApp({ smtpUrl: smtp.url })
  const org = app.db.select().from(organisations).where(eq(organisations.slug, 'fjordkanten-dyreklinikk')).get()!
  officer = createOfficer(app.db, { orgId: org.id, language: 'no', name: 'Sigrid Solberg' })
  admin = createOfficer(app.db, { orgId: org.id, role: 'admin', language: 'fi', name: 'Aino Admin' })
})

afterAll(async () => {
  await app?.close()
  await smtp?.stop()
  resetClock()
})

const from = (address: string) => new HttpClient(app.url, { 'X-Forwarded-For': address })

test('two hundred wrong passwords from twenty addresses: the officer signs in from a twenty-first with password and code, attackers stay throttled, and the alert arrives', async () => {
  const attackers = Array.from({ length: 20 }, (_, a) => from(`198.51.100.${a + 1}`))
  await Promise.all(
    attackers.map(async (client, a) => {
      for (let i = 0; i < SIGN_IN_LIMIT.perAccountFromClient; i++) {
        const reply = await client.post('/en/officer/sign-in', { email: officer.email, password: `guess ${a}-${i}` })
        expect(reply.status).toBe(200)
        expect(textOf(reply.html)).toContain(en('auth:errors.invalidCredentials'))
      }
    }),
  )

  // At the officer's desk the password alone gets a form that asks for the code as well…
  const desk = from('203.0.113.50')
  const asked = await desk.post('/en/officer/sign-in', { email: officer.email, password: TEST_PASSWORD })
  expect(asked.status).toBe(200)
  expect(textOf(asked.html)).toContain(en('auth:signIn.held'))
  expect(textOf(asked.html)).toContain(en('auth:errors.codeNeeded'))
  expect(asked.html).toMatch(/<input[^>]*name="code"/)
  // …and the same for a wrong password, so it tells an attacker nothing.
  const guessed = await from('203.0.113.51').post('/en/officer/sign-in', { email: officer.email, password: 'not it either' })
  expect(textOf(guessed.html)).toContain(en('auth:errors.codeNeeded'))

  const signedIn = await desk.post('/en/officer/sign-in', { email: officer.email, password: TEST_PASSWORD, code: totpCode(officer.totpSecret!) })
  expect(signedIn).toMatchObject({ status: 302, location: '/en/officer/queue' })
  expect((await desk.get('/en/officer/queue')).status).toBe(200)

  // An attacker's address stays stopped, whatever it sends.
  advanceClock(30_000)
  const stopped = await attackers[0]!.post('/en/officer/sign-in', { email: officer.email, password: TEST_PASSWORD, code: totpCode(officer.totpSecret!) })
  expect(textOf(stopped.html)).toContain(en('auth:errors.tooManyAttempts'))

  // One alert each, in their own language, naming no address the attempts came from.
  const toOfficer = await smtp.waitFor((m) => addresses(m).includes(officer.email))
  expect(toOfficer.subject).toBe(fixedT('no', ['auth'])('auth:emails.held.subject.own'))
  const toAdmin = await smtp.waitFor((m) => addresses(m).includes(admin.email))
  expect(toAdmin.subject).toBe(fixedT('fi', ['auth'])('auth:emails.held.subject.other', { name: 'Sigrid Solberg' }))
  for (const mail of [toOfficer, toAdmin]) expect(`${mail.text} ${mail.html}`).not.toMatch(/198\.51\.100|203\.0\.113/)
  expect(app.db.select().from(outbox).where(eq(outbox.template, 'sign-in-held')).all()).toHaveLength(2)
})
