import { getUserByEmail } from '~/data/users.server'
import { desc, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { events, organisations, users, type Organisation, type User } from '#db/schema'
import { inviteUser } from '~/domain/invitations.server'
import { totpCode } from '~/domain/totp.server'
import { LANGUAGES } from '~/domain/languages'
import { fixedT } from '~/i18n/i18n'
import { advanceClock, resetClock, setClock } from '~/utils/clock'
import { startApp, type TestApp } from './support/app'
import { HttpClient, textOf } from './support/http'
import { inbox } from './support/mail'
import { createOfficer, signedInCookie } from './support/officers'

// The account pages without JavaScript: plain form posts and redirects, as a
// browser without scripts sends them.

let app: TestApp
let dk: Organisation
let admin: User

beforeAll(async () => {
  setClock('2026-03-10T09:00:00Z')
  app = await startApp()
  dk = app.db.select().from(organisations).where(eq(organisations.slug, 'dyrevaernsringen')).get()!
  admin = createOfficer(app.db, { orgId: dk.id, role: 'admin', name: 'Anne Admin' })
  mail = inbox(app.db, app.url)
})

afterAll(async () => {
  await app?.close()
  resetClock()
})

/** A client already signed in as this user. */
function clientAs(user: User): HttpClient {
  const client = new HttpClient(app.url)
  const [name, value] = signedInCookie(app.db, user).split('=') as [string, string]
  ;(client as unknown as { cookies: Map<string, string> }).cookies.set(name, value)
  return client
}

let mail: ReturnType<typeof inbox>
const lastEmailTo = (to: string) => mail.lastTo(to)

function pathOfLink(text: string, kind: string): string {
  const match = new RegExp(`https?://[^/\\s]+(/\\w+/officer/${kind}/[A-Za-z0-9_-]+)`).exec(text)
  expect(match, `a ${kind} link`).not.toBeNull()
  return match![1]!
}

const wrong = (code: string) => (code === '000000' ? '111111' : '000000')

test('an invitation: the form, a password, the authenticator, and in', async () => {
  inviteUser(app.db, admin, { orgId: dk.id, role: 'officer', email: 'new.one@dyr.example', name: 'Ny Person', language: 'da' })
  const link = pathOfLink((await lastEmailTo('new.one@dyr.example'))!.text!, 'invitation')
  expect(link.startsWith('/da/officer/invitation/')).toBe(true)
  const browser = new HttpClient(app.url)

  const form = await browser.get(link)
  expect(form.status).toBe(200)
  expect(textOf(form.html)).toContain('Velkommen, Ny Person')
  expect(form.html).toMatch(/autocomplete="new-password"/i)
  expect((await browser.get(link)).status, 'opening it twice is fine').toBe(200)

  const short = await browser.post(link, { password: 'too short' })
  expect(textOf(short.html)).toContain('Indtast en adgangskode på mindst 12 tegn')
  expect(short.html).toMatch(/<title>Fejl|<title>[^<]*:/)

  const accepted = await browser.post(link, { password: 'a perfectly long password' })
  expect(accepted).toMatchObject({ status: 302, location: '/da/officer/enrol' })

  const enrol = await browser.get('/da/officer/enrol')
  expect(enrol.status).toBe(200)
  const user = getUserByEmail(app.db, 'new.one@dyr.example')!
  const secret = user.totpSecret!
  expect(textOf(enrol.html).replace(/\s/g, '')).toContain(secret)
  expect(enrol.html).toContain('otpauth://totp/Rights%20Portal:new.one%40dyr.example?')
  expect(enrol.html).toMatch(/autocomplete="one-time-code"/i)
  expect(enrol.html).toMatch(/inputmode="numeric"/i)
  // Not signed in until the authenticator is confirmed.
  expect((await browser.get('/da/officer/queue')).status).toBe(302)

  const bad = await browser.post('/da/officer/enrol', { code: wrong(totpCode(secret)) })
  expect(textOf(bad.html)).toContain('Koden er forkert')
  const done = await browser.post('/da/officer/enrol', { code: totpCode(secret) })
  expect(done).toMatchObject({ status: 302, location: '/da/officer/queue' })
  const team = await browser.get('/da/officer/team')
  expect(team.status, 'an officer is not an admin').toBe(403)

  const again = await new HttpClient(app.url).get(link)
  expect(textOf(again.html)).toContain('Invitationen er allerede brugt')
})

test('forgotten password: the same answer for any address, a link, a new password, signed out everywhere', async () => {
  const officer = createOfficer(app.db, { orgId: dk.id, language: 'en' })
  const elsewhere = clientAs(officer)
  expect((await elsewhere.get('/en/officer/settings')).status, 'officers cannot open settings').toBe(403)

  const browser = new HttpClient(app.url)
  const form = await browser.get('/en/officer/forgot-password')
  expect(form.status).toBe(200)
  const unknown = await browser.post('/en/officer/forgot-password', { email: 'nobody@nowhere.example' })
  const known = await browser.post('/en/officer/forgot-password', { email: officer.email })
  expect(unknown).toMatchObject({ status: 302, location: '/en/officer/forgot-password?sent=1' })
  expect(known).toEqual(unknown)

  const link = pathOfLink((await lastEmailTo(officer.email))!.text!, 'reset-password')
  expect((await browser.get(link)).html).toMatch(/autocomplete="new-password"/i)
  const changed = await browser.post(link, { password: 'my brand new password' })
  expect(changed).toMatchObject({ status: 302, location: '/en/officer/sign-in?passwordChanged=1' })
  const after = await elsewhere.get('/en/officer/queue')
  expect(after.status).toBe(302)
  expect(after.location).toMatch(/^\/en\/officer\/sign-in\?redirectTo=/)
  expect(textOf((await browser.get(link)).html)).toContain('The link has already been used')

  // And the new password works, with a code.
  const signIn = await browser.post('/en/officer/sign-in', { email: officer.email, password: 'my brand new password', redirectTo: '' })
  expect(signIn).toMatchObject({ status: 302, location: '/en/officer/two-factor' })
  const code = await browser.post('/en/officer/two-factor', { code: totpCode(officer.totpSecret!) })
  expect(code).toMatchObject({ status: 302, location: '/en/officer/queue' })
})

test('sign-in refuses a wrong password and an unknown address with the same words', async () => {
  const browser = new HttpClient(app.url)
  const a = await browser.post('/en/officer/sign-in', { email: admin.email, password: 'wrong wrong wrong' })
  const b = await browser.post('/en/officer/sign-in', { email: 'nobody@nowhere.example', password: 'wrong wrong wrong' })
  expect(a.status).toBe(200)
  const message = 'The email address or password is not right'
  expect(textOf(a.html)).toContain(message)
  expect(textOf(b.html)).toContain(message)
  expect(a.html).toContain('<title>Error: ')
  expect(a.html, 'the password is not sent back').not.toContain('wrong wrong wrong')
})

test('an admin invites and removes team members, and changes the settings', async () => {
  const client = clientAs(admin)
  const page = await client.get('/en/officer/team')
  expect(page.status).toBe(200)
  expect(textOf(page.html)).toContain('Anne Admin')

  const invalid = await client.post('/en/officer/team', { intent: 'invite', name: 'Someone', email: 'not-an-address', role: 'officer', language: 'no' })
  expect(textOf(invalid.html)).toContain('Enter an email address like name@example.com')
  const invited = await client.post('/en/officer/team', { intent: 'invite', name: 'Kari Nordmann', email: 'kari@dyr.example', role: 'officer', language: 'no' })
  expect(invited).toMatchObject({ status: 302, location: '/en/officer/team?done=invited' })
  const invitation = (await lastEmailTo('kari@dyr.example'))!
  expect(invitation).toMatchObject({ template: 'officer-invitation' })
  expect(invitation.headers.get('content-language')).toBe('no')
  expect(invitation.subject).toContain('Du er invitert')
  const taken = await client.post('/en/officer/team', { intent: 'invite', name: 'Again', email: admin.email, role: 'officer', language: 'en' })
  expect(textOf(taken.html)).toContain('already has an account')

  const member = createOfficer(app.db, { orgId: dk.id, name: 'Leaving Soon' })
  const theirs = clientAs(member)
  expect((await theirs.get('/en/officer/queue')).status).toBe(200)
  const removed = await client.post('/en/officer/team', { intent: 'remove', userId: String(member.id) })
  expect(removed).toMatchObject({ status: 302, location: '/en/officer/team?done=removed' })
  expect((await theirs.get('/en/officer/queue')).status).toBe(302)
  expect(textOf((await client.get('/en/officer/team')).html)).not.toContain('Leaving Soon')
  // A removal that did not happen says so, and why.
  const self = await client.post('/en/officer/team', { intent: 'remove', userId: String(admin.id) })
  expect(self).toMatchObject({ status: 302, location: '/en/officer/team?failed=self' })
  const selfPage = textOf((await client.get(self.location!)).html)
  expect(selfPage).toContain('You cannot remove yourself from the team')
  expect(selfPage).not.toContain('The person has been removed from the team')
  const again = await client.post('/en/officer/team', { intent: 'remove', userId: String(member.id) })
  expect(again).toMatchObject({ status: 302, location: '/en/officer/team?failed=not_found' })
  expect(textOf((await client.get(again.location!)).html)).toContain('The person was not removed')

  const outOfRange = await client.post('/en/officer/settings', { slaDays: '45', pauseClockOnInfoRequest: 'no', privacyEmail: dk.privacyEmail })
  expect(textOf(outOfRange.html)).toContain('Enter a whole number of days from 1 to 30')
  const saved = await client.post('/en/officer/settings', { slaDays: '20', pauseClockOnInfoRequest: 'no', privacyEmail: 'privacy@dyr.example' })
  expect(saved).toMatchObject({ status: 302, location: '/en/officer/settings?saved=1' })
  expect(app.db.select().from(organisations).where(eq(organisations.id, dk.id)).get()).toMatchObject({
    slaDays: 20,
    pauseClockOnInfoRequest: false,
    privacyEmail: 'privacy@dyr.example',
  })
  const audit = app.db.select().from(events).where(eq(events.kind, 'organisation_settings_changed')).orderBy(desc(events.id)).get()
  expect(audit).toMatchObject({ orgId: dk.id, actorUserId: admin.id, actorKind: 'officer', requestId: null })
})

test('the operator lists organisations and edits one by pasting its file', async () => {
  const operator = createOfficer(app.db, { orgId: null, role: 'operator', name: 'Ola Operator' })
  const client = clientAs(operator)
  const list = await client.get('/en/officer/organisations')
  expect(list.status).toBe(200)
  expect(textOf(list.html)).toContain('Aivokipinä ry')
  expect((await clientAs(admin).get('/en/officer/organisations')).status, 'admins are not the operator').toBe(403)
  expect((await client.get('/en/officer/queue')).status, 'the operator has no queue').toBe(403)

  const edit = await client.get('/en/officer/organisations/aivokipina')
  expect(edit.status).toBe(200)
  const yaml = /<textarea[^>]*>([\s\S]*?)<\/textarea>/.exec(edit.html)![1]!
    .replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
  expect(yaml).toContain('slug: aivokipina')

  const broken = await client.post('/en/officer/organisations/aivokipina', { file: yaml.replace(/^timeZone: .*$/m, 'timeZone: Mars/Olympus') })
  expect(broken.status).toBe(200)
  expect(textOf(broken.html)).toContain('timeZone: not a known IANA time zone')
  expect(broken.html).toContain('<title>Error: ')

  const saved = await client.post('/en/officer/organisations/aivokipina', { file: yaml.replace(/^slaDays: .*$/m, 'slaDays: 21') })
  expect(saved).toMatchObject({ status: 302, location: '/en/officer/organisations?saved=aivokipina' })
  expect(app.db.select().from(organisations).where(eq(organisations.slug, 'aivokipina')).get()?.slaDays).toBe(21)

  const noName = await client.post('/en/officer/organisations/aivokipina', { intent: 'invite-admin', email: 'boss@aivo.example', language: 'fi' })
  expect(textOf(noName.html)).toContain("Enter the person's name")
  const invited = await client.post('/en/officer/organisations/aivokipina', { intent: 'invite-admin', name: 'Maija Pomo', email: 'boss@aivo.example', language: 'fi' })
  expect(invited).toMatchObject({ status: 302, location: '/en/officer/organisations/aivokipina?invited=1' })
  const bossMail = (await lastEmailTo('boss@aivo.example'))!
  expect(bossMail.template).toBe('officer-invitation')
  expect(bossMail.headers.get('content-language')).toBe('fi')
  expect(getUserByEmail(app.db, 'boss@aivo.example')).toMatchObject({ role: 'admin' })
  expect(textOf((await client.get('/en/officer/organisations/aivokipina')).html)).toContain('Maija Pomo (boss@aivo.example)')

  // "Add" never overwrites an organisation that has the slug already.
  const clash = await client.post('/en/officer/organisations/new', { file: yaml.replace(/^name: .*$/m, 'name: Overwritten ry') })
  expect(clash.status).toBe(200)
  expect(textOf(clash.html)).toContain('already exists')
  expect(app.db.select().from(organisations).where(eq(organisations.slug, 'aivokipina')).get()?.name).not.toBe('Overwritten ry')

  // Only the demo loader makes demo organisations: their admin's credentials are printed at the console.
  const asDemo = await client.post('/fi/officer/organisations/new', { file: yaml.replace(/^slug: .*$/m, 'slug: uusi-yhdistys').replace(/^name: .*$/m, 'name: Uusi yhdistys ry') })
  expect(asDemo.status).toBe(200)
  expect(textOf(asDemo.html)).toContain(fixedT('fi', 'auth')('organisationFile.demoRefused'))
  expect(app.db.select().from(organisations).where(eq(organisations.slug, 'uusi-yhdistys')).get()).toBeUndefined()

  const added = await client.post('/en/officer/organisations/new', { file: yaml.replace(/^slug: .*$/m, 'slug: uusi-yhdistys').replace(/^name: .*$/m, 'name: Uusi yhdistys ry').replace(/^demo: true$/m, 'demo: false') })
  expect(added).toMatchObject({ status: 302, location: '/en/officer/organisations?saved=uusi-yhdistys' })
  expect(textOf((await client.get('/en/officer/organisations')).html)).toContain('Uusi yhdistys ry')
})

describe.each(LANGUAGES)('%s', (lang) => {
  test('every account page is translated (no keys showing)', async () => {
    advanceClock(1000)
    const operator = createOfficer(app.db, { orgId: null, role: 'operator' })
    const pages: Array<[HttpClient, string]> = [
      [new HttpClient(app.url), `/${lang}/officer/sign-in`],
      [new HttpClient(app.url), `/${lang}/officer/forgot-password`],
      [new HttpClient(app.url), `/${lang}/officer/forgot-password?sent=1`],
      [new HttpClient(app.url), `/${lang}/officer/invitation/not-a-token`],
      [new HttpClient(app.url), `/${lang}/officer/reset-password/not-a-token`],
      [clientAs(admin), `/${lang}/officer/team`],
      [clientAs(admin), `/${lang}/officer/settings`],
      [clientAs(operator), `/${lang}/officer/organisations`],
      [clientAs(operator), `/${lang}/officer/organisations/new`],
    ]
    for (const [client, path] of pages) {
      const reply = await client.get(path)
      expect(reply.status, path).toBe(200)
      const text = textOf(reply.html)
      expect(text, path).not.toMatch(/\b(auth|common):|\b(signIn|forgot|invitation|reset|team|settings|organisations|organisationFile|nav|fields|errors)\.[a-z]+[A-Za-z.]*\b/)
    }
  })
})
