import { createHmac } from 'node:crypto'
import { and, desc, eq } from 'drizzle-orm'
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest'
import { getDb, type DB } from '#db/client.server'
import { events, organisations, requests, sessions, tokens, users, type Organisation, type User } from '#db/schema'
import { main } from '~/cli/main'
import { getUser, getUserByEmail } from '~/data/users.server'
import { peekToken } from '~/domain/accounts.server'
import { createDemoOfficers, demoOfficerFor } from '~/domain/demo-officers.server'
import { acceptInvitation, inviteUser } from '~/domain/invitations.server'
import { hashPassword, requestPasswordReset, resetPassword, verifyPassword } from '~/domain/passwords.server'
import { confirmTotpEnrolment, signIn, SIGN_IN_LIMIT, verifySecondFactor } from '~/domain/sign-in.server'
import { removeUser, updateOrgSettings } from '~/domain/team.server'
import { checkTotp, totpCode } from '~/domain/totp.server'
import { organisationFileText, saveOrganisationFile } from '~/domain/organisations.server'
import { assignRequest, withdrawRequest } from '~/domain/requests.server'
import { requireOfficer, requireOperator, requirePermission } from '~/web/auth.server'
import { advanceClock, resetClock, setClock } from '~/utils/clock'
import { sessionCookie } from '~/web/session-cookies.server'
import { allowConsoleError } from './support/console'
import { deliverAll, type Delivered } from './support/mail'
import { createOfficer, signedInCookie, TEST_PASSWORD } from './support/officers'
import { loadDemoOrganisations, newRequest } from './support/requests'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
const START = '2026-03-02T08:00:00Z'

let db: DB
let dk: Organisation
let fi: Organisation
let admin: User

beforeAll(() => {
  db = getDb()
  const orgs = loadDemoOrganisations(db)
  dk = orgs['dyrevaernsringen']!
  fi = orgs['aivokipina']!
  admin = createOfficer(db, { orgId: dk.id, role: 'admin', name: 'Admin Dk' })
})

beforeEach(() => setClock(START))
afterAll(() => resetClock())

/** What requireOfficer does with a request carrying this cookie: the user, or where it redirects. */
async function asOfficer(cookie: string | null, path = '/en/officer/queue') {
  const request = new Request(`http://localhost${path}`, { headers: cookie ? { Cookie: cookie } : {} })
  try {
    const { user } = await requireOfficer(request, { lang: 'en' })
    return { userId: user.id, redirect: null }
  } catch (thrown) {
    if (thrown instanceof Response && thrown.status === 302) return { userId: null, redirect: thrown.headers.get('Location') }
    throw thrown
  }
}

async function cookieFor(sessionToken: string) {
  return (await sessionCookie('officer').serialize(sessionToken)).split(';')[0]!
}

const delivered: Delivered[] = []
/** The newest email to an address, once every due email is delivered (links are minted then). */
async function lastEmailTo(to: string) {
  delivered.push(...(await deliverAll(db)))
  return delivered.filter((m) => m.to_ === to).at(-1)
}

function linkToken(text: string, kind: 'invitation' | 'reset-password') {
  const match = new RegExp(`/officer/${kind}/([A-Za-z0-9_-]+)`).exec(text)
  expect(match, `a ${kind} link in the email`).not.toBeNull()
  return match![1]!
}

function accountEvents(kind: string) {
  return db.select().from(events).where(eq(events.kind, kind)).all()
}

describe('passwords', () => {
  test('are hashed with argon2id, and only the right one verifies', async () => {
    const hash = await hashPassword('a long enough password')
    expect(hash.startsWith('$argon2id$')).toBe(true)
    // At the cost OWASP recommends for argon2id: 19 MiB, two passes, one lane.
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
    expect(await verifyPassword(hash, 'a long enough password')).toBe(true)
    expect(await verifyPassword(hash, 'a long enough passworD')).toBe(false)
    expect(admin.passwordHash?.startsWith('$argon2id$')).toBe(true)
  })

  test('a wrong password and an unknown address get the same answer, both audited', async () => {
    const before = accountEvents('officer_sign_in_failed').length
    const wrong = await signIn(db, { email: admin.email, password: 'not the password at all', ip: '10.0.0.1' })
    const unknown = await signIn(db, { email: 'nobody@nowhere.example', password: TEST_PASSWORD, ip: '10.0.0.1' })
    expect(wrong).toEqual({ ok: false, reason: 'invalid' })
    expect(unknown).toEqual(wrong)
    const failed = accountEvents('officer_sign_in_failed')
    expect(failed.length).toBe(before + 2)
    expect(failed.at(-2)).toMatchObject({ orgId: dk.id, requestId: null, actorKind: 'officer' })
  })
})

describe('TOTP', () => {
  test('accepts the code of this step and of the steps either side, once', () => {
    const u = createOfficer(db, { orgId: dk.id })
    const code = totpCode(u.totpSecret!)
    expect(checkTotp(db, u, code)).toBe(true)
    expect(checkTotp(db, u, code), 'the same code twice').toBe(false)
    // An earlier code is refused once a later one was used.
    expect(checkTotp(db, u, totpCode(u.totpSecret!, Date.parse(START) - 30_000))).toBe(false)

    const v = createOfficer(db, { orgId: dk.id })
    expect(checkTotp(db, v, totpCode(v.totpSecret!, Date.parse(START) - 30_000)), 'one step behind').toBe(true)
    expect(checkTotp(db, v, totpCode(v.totpSecret!, Date.parse(START) + 30_000)), 'one step ahead').toBe(true)
    const w = createOfficer(db, { orgId: dk.id })
    expect(checkTotp(db, w, totpCode(w.totpSecret!, Date.parse(START) - 90_000)), 'three steps behind').toBe(false)
    expect(checkTotp(db, w, '000000' === totpCode(w.totpSecret!) ? '111111' : '000000'), 'wrong code').toBe(false)
    expect(checkTotp(db, w, 'abcdef')).toBe(false)
  })
})

describe('sign-in', () => {
  test('password, then code: only then does requireOfficer let the officer in', async () => {
    const u = createOfficer(db, { orgId: dk.id })
    const first = await signIn(db, { email: u.email.toUpperCase(), password: TEST_PASSWORD, ip: '10.0.0.2' })
    expect(first).toMatchObject({ ok: true, next: 'two-factor' })
    if (!first.ok) return
    const halfway = await cookieFor(first.sessionToken)
    expect((await asOfficer(halfway)).redirect).toBe('/en/officer/sign-in?redirectTo=%2Fen%2Fofficer%2Fqueue')

    expect(verifySecondFactor(db, first.sessionToken, u, '123 456'.replace(/\d/g, '9'))).toMatchObject({ ok: false })
    const second = verifySecondFactor(db, first.sessionToken, u, totpCode(u.totpSecret!))
    expect(second.ok).toBe(true)
    if (!second.ok) return
    expect(await asOfficer(await cookieFor(second.sessionToken))).toEqual({ userId: u.id, redirect: null })
    // The half-way token is spent.
    expect((await asOfficer(halfway)).redirect).not.toBeNull()
    expect(accountEvents('officer_signed_in').some((e) => e.actorUserId === u.id && e.orgId === dk.id)).toBe(true)
  })

  test('wrong passwords from one client stop that client for that account, not the officer elsewhere', async () => {
    const u = createOfficer(db, { orgId: dk.id })
    for (let i = 0; i < SIGN_IN_LIMIT.perAccountFromClient; i++) {
      expect(await signIn(db, { email: u.email, password: 'wrong password number ' + i, ip: '10.1.0.1' })).toEqual({ ok: false, reason: 'invalid' })
    }
    expect(await signIn(db, { email: u.email, password: TEST_PASSWORD, ip: '10.1.0.1' })).toEqual({ ok: false, reason: 'rate_limited' })
    // The officer at their own desk is not locked out by someone else's guesses.
    expect(await signIn(db, { email: u.email, password: TEST_PASSWORD, ip: '10.1.1.1' })).toMatchObject({ ok: true })
    advanceClock(SIGN_IN_LIMIT.windowMs)
    expect(await signIn(db, { email: u.email, password: TEST_PASSWORD, ip: '10.1.0.1' })).toMatchObject({ ok: true })
  })

  test('ten wrong passwords from anywhere do not lock an officer out', async () => {
    const u = createOfficer(db, { orgId: dk.id })
    for (let i = 0; i < 10; i++) await signIn(db, { email: u.email, password: 'wrong password number ' + i, ip: `10.5.0.${i}` })
    expect(await signIn(db, { email: u.email, password: TEST_PASSWORD, ip: '10.5.1.1' })).toMatchObject({ ok: true })
  })

  test('only failures count: an office signing in all day is never stopped', async () => {
    const u = createOfficer(db, { orgId: dk.id })
    for (let i = 0; i < SIGN_IN_LIMIT.perClient + 5; i++) expect(await signIn(db, { email: u.email, password: TEST_PASSWORD, ip: '10.6.0.1' })).toMatchObject({ ok: true })
  })

  test('is rate-limited per address of the client, across accounts', async () => {
    for (let i = 0; i < SIGN_IN_LIMIT.perClient; i++) await signIn(db, { email: `guess${i}@nowhere.example`, password: 'x'.repeat(12), ip: '10.9.9.9' })
    const u = createOfficer(db, { orgId: dk.id })
    expect(await signIn(db, { email: u.email, password: TEST_PASSWORD, ip: '10.9.9.9' })).toEqual({ ok: false, reason: 'rate_limited' })
  })

  test('the rate-limit table holds no typed address', async () => {
    await signIn(db, { email: 'typed.address@nowhere.example', password: 'x'.repeat(12), ip: '10.7.0.1' })
    const keys = db.$client.prepare('select key from rate_limits').all() as Array<{ key: string }>
    expect(keys.length).toBeGreaterThan(0)
    for (const { key } of keys) {
      expect(key).not.toContain('@')
      expect(key).not.toContain('10.7.0.1')
    }
  })

  test('the code is rate-limited too', async () => {
    const u = createOfficer(db, { orgId: dk.id })
    const first = await signIn(db, { email: u.email, password: TEST_PASSWORD, ip: '10.0.0.3' })
    if (!first.ok) throw new Error('sign-in failed')
    const wrong = totpCode(u.totpSecret!) === '000000' ? '111111' : '000000'
    for (let i = 0; i < 5; i++) expect(verifySecondFactor(db, first.sessionToken, u, wrong)).toEqual({ ok: false, reason: 'invalid' })
    expect(verifySecondFactor(db, first.sessionToken, u, totpCode(u.totpSecret!))).toEqual({ ok: false, reason: 'rate_limited' })
  })

  test('a session ends after 30 minutes idle, and after 12 hours whatever happens', async () => {
    const u = createOfficer(db, { orgId: dk.id })
    const cookie = signedInCookie(db, u)
    expect((await asOfficer(cookie)).userId).toBe(u.id)
    advanceClock(29 * MINUTE)
    expect((await asOfficer(cookie)).userId, 'still active').toBe(u.id)
    advanceClock(31 * MINUTE)
    expect((await asOfficer(cookie, '/en/officer/requests/7?tab=notes')).redirect).toBe(
      '/en/officer/sign-in?redirectTo=%2Fen%2Fofficer%2Frequests%2F7%3Ftab%3Dnotes',
    )

    setClock(START)
    const busy = signedInCookie(db, u)
    for (let minutes = 0; minutes < 12 * 60 - 20; minutes += 20) {
      advanceClock(20 * MINUTE)
      expect((await asOfficer(busy)).userId).toBe(u.id)
    }
    advanceClock(20 * MINUTE)
    expect((await asOfficer(busy)).redirect).not.toBeNull()
  })

  test('a removed officer is signed out and refused', async () => {
    const u = createOfficer(db, { orgId: dk.id })
    const cookie = signedInCookie(db, u)
    expect((await asOfficer(cookie)).userId).toBe(u.id)
    expect(removeUser(db, admin, u.id)).toMatchObject({ ok: true })
    expect((await asOfficer(cookie)).redirect).not.toBeNull()
    expect(db.select().from(sessions).where(and(eq(sessions.userId, u.id))).all().every((s) => s.revokedAt)).toBe(true)
    expect(await signIn(db, { email: u.email, password: TEST_PASSWORD, ip: '10.0.0.4' })).toEqual({ ok: false, reason: 'invalid' })
    expect(accountEvents('officer_removed').at(-1)).toMatchObject({ orgId: dk.id, actorUserId: admin.id, actorKind: 'officer', requestId: null })
  })

  test('a removed officer’s open requests go back to nobody through the lifecycle, each with an event by the admin', async () => {
    const u = createOfficer(db, { orgId: dk.id })
    const file = async () => (await newRequest(db, dk)).request.id
    const [open1, open2, done] = [await file(), await file(), await file()]
    for (const id of [open1, open2, done]) assignRequest(db, { orgId: dk.id, requestId: id, officerId: admin.id, assigneeId: u.id })
    withdrawRequest(db, { orgId: dk.id, requestId: done, officerId: u.id })
    expect(removeUser(db, admin, u.id)).toMatchObject({ ok: true })
    for (const id of [open1, open2]) {
      expect(db.select().from(requests).where(eq(requests.id, id)).get()!.assigneeId).toBeNull()
      const last = db.select().from(events).where(eq(events.requestId, id)).orderBy(desc(events.id)).get()!
      expect(last).toMatchObject({ kind: 'assigned', actorKind: 'officer', actorUserId: admin.id, data: { assigneeId: null, previousAssigneeId: u.id, reason: 'officer_removed' } })
    }
    // A closed request keeps the name of who answered it.
    expect(db.select().from(requests).where(eq(requests.id, done)).get()!.assigneeId).toBe(u.id)
  })

  test('an admin cannot remove someone of another organisation, nor themselves', () => {
    const elsewhere = createOfficer(db, { orgId: fi.id })
    expect(removeUser(db, admin, elsewhere.id)).toEqual({ ok: false, reason: 'not_found' })
    expect(removeUser(db, admin, admin.id)).toEqual({ ok: false, reason: 'self' })
  })

  test('roles: officers are not admins, and only the operator is the operator', async () => {
    const officer = createOfficer(db, { orgId: dk.id })
    const operator = createOfficer(db, { orgId: null, role: 'operator' })
    const request = (u: User) => new Request('http://localhost/en/officer/team', { headers: { Cookie: signedInCookie(db, u) } })
    await expect(requirePermission(request(officer), { lang: 'en' }, 'team.manage')).rejects.toMatchObject({ init: { status: 403 } })
    await expect(requirePermission(request(admin), { lang: 'en' }, 'team.manage')).resolves.toMatchObject({ user: { id: admin.id }, org: { id: dk.id } })
    await expect(requireOperator(request(admin), { lang: 'en' })).rejects.toMatchObject({ init: { status: 403 } })
    await expect(requireOperator(request(operator), { lang: 'en' })).resolves.toMatchObject({ user: { id: operator.id } })
    await expect(requireOfficer(request(operator), { lang: 'en' })).rejects.toMatchObject({ init: { status: 403 } })
  })
})

describe('sign-in during a password attack spread over many addresses', () => {
  const wrongCode = (secret: string) => (totpCode(secret) === '000000' ? '111111' : '000000')

  /** Ten wrong passwords from each of twenty addresses: the per-address limit never stops them, the account-wide one is reached. */
  async function spreadAttack(email: string) {
    for (let a = 0; a < 20; a++) {
      for (let i = 0; i < SIGN_IN_LIMIT.perAccountFromClient; i++) {
        expect(await signIn(db, { email, password: `guess ${a}-${i}`, ip: `10.20.${a}.1` })).toEqual({ ok: false, reason: 'invalid' })
      }
    }
  }

  test('the account is held, not locked: the officer signs in from a new address with password and code, and every failure looks the same', async () => {
    const u = createOfficer(db, { orgId: dk.id, language: 'da', name: 'Ulla Udsat' })
    expect(20 * SIGN_IN_LIMIT.perAccountFromClient).toBe(SIGN_IN_LIMIT.perAccount)
    await spreadAttack(u.email)
    expect(accountEvents('officer_sign_in_held').filter((e) => (e.data as { userId: number }).userId === u.id)).toHaveLength(1)

    // The password alone is not even checked: right or wrong, the answer asks for the code too.
    const desk = '10.21.0.1'
    expect(await signIn(db, { email: u.email, password: TEST_PASSWORD, ip: desk })).toEqual({ ok: false, reason: 'code_needed' })
    expect(await signIn(db, { email: u.email, password: 'another guess', ip: desk })).toEqual({ ok: false, reason: 'code_needed' })
    // Together, a wrong password and a wrong code get the same answer.
    expect(await signIn(db, { email: u.email, password: 'another guess', code: totpCode(u.totpSecret!), ip: desk })).toEqual({ ok: false, reason: 'invalid' })
    expect(await signIn(db, { email: u.email, password: TEST_PASSWORD, code: wrongCode(u.totpSecret!), ip: desk })).toEqual({ ok: false, reason: 'invalid' })

    const signedIn = await signIn(db, { email: u.email, password: TEST_PASSWORD, code: totpCode(u.totpSecret!), ip: desk })
    expect(signedIn).toMatchObject({ ok: true, next: 'signed-in' })
    if (!signedIn.ok) return
    expect(await asOfficer(await cookieFor(signedIn.sessionToken))).toEqual({ userId: u.id, redirect: null })
    // The code is used up, as on the two-factor page.
    advanceClock(1000)
    expect(await signIn(db, { email: u.email, password: TEST_PASSWORD, code: totpCode(u.totpSecret!), ip: desk })).toEqual({ ok: false, reason: 'invalid' })

    // When the window ends, the password comes first again.
    advanceClock(SIGN_IN_LIMIT.windowMs)
    expect(await signIn(db, { email: u.email, password: TEST_PASSWORD, ip: desk })).toMatchObject({ ok: true, next: 'two-factor' })
  })

  test('the attackers are still throttled per address, even with the right password and code', async () => {
    const u = createOfficer(db, { orgId: dk.id })
    await spreadAttack(u.email)
    advanceClock(30_000)
    expect(await signIn(db, { email: u.email, password: TEST_PASSWORD, code: totpCode(u.totpSecret!), ip: '10.20.0.1' })).toEqual({ ok: false, reason: 'rate_limited' })
    // A twenty-first address gets its own ten tries, with codes, then is stopped too.
    for (let i = 0; i < SIGN_IN_LIMIT.perAccountFromClient; i++) {
      expect(await signIn(db, { email: u.email, password: `guess ${i}`, code: '123456', ip: '10.22.0.1' })).toEqual({ ok: false, reason: 'invalid' })
    }
    expect(await signIn(db, { email: u.email, password: TEST_PASSWORD, code: totpCode(u.totpSecret!), ip: '10.22.0.1' })).toEqual({ ok: false, reason: 'rate_limited' })
    expect(await signIn(db, { email: u.email, password: TEST_PASSWORD, code: totpCode(u.totpSecret!), ip: '10.23.0.1' })).toMatchObject({ ok: true, next: 'signed-in' })
  })

  test('the officer and the organisation’s admins are emailed once per window, in their own language, without the attackers’ addresses', async () => {
    await deliverAll(db)
    const u = createOfficer(db, { orgId: dk.id, language: 'da', name: 'Ulla Udsat' })
    await spreadAttack(u.email)
    // More failures in the same window send nothing more.
    for (let i = 0; i < 5; i++) await signIn(db, { email: u.email, password: `more ${i}`, code: '123456', ip: `10.24.0.${i}` })
    const sent = (await deliverAll(db)).filter((m) => m.template === 'sign-in-held')
    const admins = db.select().from(users).where(and(eq(users.orgId, dk.id), eq(users.role, 'admin'))).all().filter((a) => !a.removedAt && a.passwordHash)
    expect(sent.map((m) => m.to_).sort()).toEqual([u.email, ...admins.map((a) => a.email)].sort())
    const own = sent.find((m) => m.to_ === u.email)!
    expect(own.headers.get('content-language')).toBe('da')
    expect(own.subject).toBe('Mange forkerte adgangskoder er blevet prøvet på din konto')
    const toAdmin = sent.find((m) => m.to_ === admin.email)!
    expect(toAdmin.subject).toBe('Many wrong passwords were tried on the account of Ulla Udsat')
    expect(toAdmin.text).toContain('Until ')
    for (const m of sent) expect(`${m.subject} ${m.text} ${m.html}`).not.toMatch(/10\.2[0-4]\./)

    // The next window that fills up sends the next alert.
    advanceClock(SIGN_IN_LIMIT.windowMs)
    await spreadAttack(u.email)
    expect((await deliverAll(db)).filter((m) => m.template === 'sign-in-held' && m.to_ === u.email)).toHaveLength(1)
  })

  test('an unknown address can be held too, so holding says nothing about who has an account', async () => {
    const email = 'nobody.held@nowhere.example'
    await spreadAttack(email)
    expect(await signIn(db, { email, password: TEST_PASSWORD, ip: '10.21.0.2' })).toEqual({ ok: false, reason: 'code_needed' })
    expect(await signIn(db, { email, password: TEST_PASSWORD, code: '123456', ip: '10.21.0.2' })).toEqual({ ok: false, reason: 'invalid' })
  })
})

describe('invitations', () => {
  test('are emailed in the invitee’s language, work once, and lead through TOTP enrolment', async () => {
    const invited = inviteUser(db, admin, { orgId: dk.id, role: 'officer', email: 'Ny.Kollega@dyr.example', name: 'Ny Kollega', language: 'fi' })
    expect(invited.ok).toBe(true)
    const email = (await lastEmailTo('ny.kollega@dyr.example'))!
    expect(email).toMatchObject({ template: 'officer-invitation', orgId: dk.id })
    expect(email.headers.get('content-language')).toBe('fi')
    expect(email.subject).toContain('Sinut on kutsuttu')
    const token = linkToken(email.text!, 'invitation')
    expect(accountEvents('officer_invited').at(-1)).toMatchObject({ orgId: dk.id, actorUserId: admin.id, requestId: null })

    expect(peekToken(db, 'invitation', token)).toMatchObject({ ok: true, user: { email: 'ny.kollega@dyr.example' } })
    expect(peekToken(db, 'invitation', token).ok, 'looking does not use it up').toBe(true)
    const accepted = await acceptInvitation(db, token, 'a brand new password')
    expect(accepted.ok).toBe(true)
    if (!accepted.ok) return
    expect(await acceptInvitation(db, token, 'another new password')).toEqual({ ok: false, reason: 'used' })

    // Not in yet: the second factor is still to be set up.
    const halfway = await cookieFor(accepted.sessionToken)
    expect((await asOfficer(halfway)).redirect).not.toBeNull()
    const user = getUser(db, accepted.user.id)!
    expect(user.passwordHash?.startsWith('$argon2id$')).toBe(true)
    expect(user.totpConfirmedAt).toBeNull()
    expect(confirmTotpEnrolment(db, accepted.sessionToken, user, '000000' === totpCode(user.totpSecret!) ? '111111' : '000000')).toEqual({ ok: false })
    const enrolled = confirmTotpEnrolment(db, accepted.sessionToken, user, totpCode(user.totpSecret!))
    expect(enrolled.ok).toBe(true)
    if (!enrolled.ok) return
    expect((await asOfficer(await cookieFor(enrolled.sessionToken))).userId).toBe(user.id)
    expect(accountEvents('officer_accepted').at(-1)).toMatchObject({ orgId: dk.id, actorUserId: user.id })
  })

  test('expire after 7 days', async () => {
    inviteUser(db, admin, { orgId: dk.id, role: 'admin', email: 'late@dyr.example', name: 'Late', language: 'da' })
    const email = (await lastEmailTo('late@dyr.example'))!
    expect(email.subject).toContain('inviteret')
    const token = linkToken(email.text!, 'invitation')
    advanceClock(7 * DAY)
    expect(peekToken(db, 'invitation', token)).toEqual({ ok: false, reason: 'expired' })
    expect(await acceptInvitation(db, token, 'a brand new password')).toEqual({ ok: false, reason: 'expired' })
  })

  test('inviting again sends a new link and retires the old one; a removed officer can be invited back', async () => {
    const first = inviteUser(db, admin, { orgId: dk.id, role: 'officer', email: 'twice@dyr.example', name: 'Twice', language: 'en' })
    const oldToken = linkToken((await lastEmailTo('twice@dyr.example'))!.text!, 'invitation')
    const second = inviteUser(db, admin, { orgId: dk.id, role: 'officer', email: 'twice@dyr.example', name: 'Twice', language: 'en' })
    expect(second).toMatchObject({ ok: true, userId: first.ok ? first.userId : -1 })
    const newToken = linkToken((await lastEmailTo('twice@dyr.example'))!.text!, 'invitation')
    expect(peekToken(db, 'invitation', oldToken).ok).toBe(false)
    expect(peekToken(db, 'invitation', newToken).ok).toBe(true)

    const gone = createOfficer(db, { orgId: dk.id })
    removeUser(db, admin, gone.id)
    // Not into another organisation, and that admin is not told the address has an account here.
    const elsewhere = inviteUser(db, admin, { orgId: fi.id, role: 'officer', email: gone.email, name: 'Elsewhere', language: 'fi' })
    expect(elsewhere).toEqual({ ok: true, userId: null })
    expect(inviteUser(db, admin, { orgId: dk.id, role: 'officer', email: gone.email, name: 'Back Again', language: 'en' })).toMatchObject({ ok: true, userId: gone.id })
    expect(getUser(db, gone.id)).toMatchObject({ removedAt: null, passwordHash: null, totpConfirmedAt: null })
    expect(await signIn(db, { email: gone.email, password: TEST_PASSWORD, ip: null })).toEqual({ ok: false, reason: 'invalid' })
  })

  test('a link of someone removed meanwhile is refused with an answer, not an error, and stays unused', async () => {
    const invited = inviteUser(db, admin, { orgId: dk.id, role: 'officer', email: 'gone-before-accepting@example.com', name: 'Gone', language: 'da' })
    if (!invited.ok || !invited.userId) throw new Error('not invited')
    const token = linkToken((await lastEmailTo('gone-before-accepting@example.com'))!.text!, 'invitation')
    db.update(users).set({ removedAt: new Date(START) }).where(eq(users.id, invited.userId)).run()
    await expect(acceptInvitation(db, token, 'a long enough password 1')).resolves.toEqual({ ok: false, reason: 'invalid' })
    const row = db.select().from(tokens).where(and(eq(tokens.userId, invited.userId), eq(tokens.purpose, 'invitation'))).get()!
    expect(row.usedAt).toBeNull()
  })

  test('someone who already has an account is not invited again', () => {
    expect(inviteUser(db, admin, { orgId: dk.id, role: 'officer', email: admin.email, name: 'Again', language: 'en' })).toEqual({ ok: false, reason: 'exists' })
  })
})

describe('password reset', () => {
  test('the same answer for unknown addresses, a single-use link that ends every session', async () => {
    const u = createOfficer(db, { orgId: dk.id, language: 'no' })
    expect(requestPasswordReset(db, { email: 'nobody@nowhere.example', ip: '10.2.0.1' })).toEqual({ rateLimited: false })
    expect(await lastEmailTo('nobody@nowhere.example'), 'no email for an unknown address').toBeUndefined()

    const cookie = signedInCookie(db, u)
    expect(requestPasswordReset(db, { email: u.email, ip: '10.2.0.1' })).toEqual({ rateLimited: false })
    const email = (await lastEmailTo(u.email))!
    expect(email).toMatchObject({ template: 'password-reset' })
    expect(email.headers.get('content-language')).toBe('no')
    const token = linkToken(email.text!, 'reset-password')
    expect((await asOfficer(cookie)).userId, 'asking changes nothing yet').toBe(u.id)

    expect(await resetPassword(db, token, 'my new long password')).toMatchObject({ ok: true })
    expect((await asOfficer(cookie)).redirect, 'signed out everywhere').not.toBeNull()
    expect(await resetPassword(db, token, 'yet another password')).toEqual({ ok: false, reason: 'used' })
    expect(await signIn(db, { email: u.email, password: TEST_PASSWORD, ip: '10.2.0.2' })).toEqual({ ok: false, reason: 'invalid' })
    expect(await signIn(db, { email: u.email, password: 'my new long password', ip: '10.2.0.2' })).toMatchObject({ ok: true })
    expect(accountEvents('officer_password_reset').at(-1)).toMatchObject({ orgId: dk.id, actorUserId: u.id })
  })

  test('the link expires after an hour', async () => {
    const u = createOfficer(db, { orgId: dk.id })
    requestPasswordReset(db, { email: u.email, ip: '10.2.0.3' })
    const token = linkToken((await lastEmailTo(u.email))!.text!, 'reset-password')
    advanceClock(HOUR)
    expect(await resetPassword(db, token, 'my new long password')).toEqual({ ok: false, reason: 'expired' })
  })

  test('asking is rate-limited', () => {
    const u = createOfficer(db, { orgId: dk.id })
    for (let i = 0; i < 3; i++) expect(requestPasswordReset(db, { email: u.email, ip: `10.3.0.${i}` })).toEqual({ rateLimited: false })
    expect(requestPasswordReset(db, { email: u.email, ip: '10.3.1.1' })).toEqual({ rateLimited: true })
  })
})

describe('password reset links', () => {
  test('only the newest link works, and using one retires any other; a removed user gets an answer, not an error', async () => {
    const u = createOfficer(db, { orgId: dk.id })
    requestPasswordReset(db, { email: u.email, ip: null })
    const first = linkToken((await lastEmailTo(u.email))!.text!, 'reset-password')
    requestPasswordReset(db, { email: u.email, ip: null })
    const second = linkToken((await lastEmailTo(u.email))!.text!, 'reset-password')
    await expect(resetPassword(db, first, 'a brand new password 1')).resolves.toEqual({ ok: false, reason: 'used' })
    await expect(resetPassword(db, second, 'a brand new password 1')).resolves.toMatchObject({ ok: true })
    const open = db.select().from(tokens).where(and(eq(tokens.userId, u.id), eq(tokens.purpose, 'password_reset'))).all().filter((t) => !t.usedAt)
    expect(open).toEqual([])

    const v = createOfficer(db, { orgId: dk.id })
    requestPasswordReset(db, { email: v.email, ip: null })
    const link = linkToken((await lastEmailTo(v.email))!.text!, 'reset-password')
    db.update(users).set({ removedAt: new Date(START) }).where(eq(users.id, v.id)).run()
    await expect(resetPassword(db, link, 'a brand new password 1')).resolves.toEqual({ ok: false, reason: 'invalid' })
  })
})

describe('organisation settings and files', () => {
  test('settings changes are saved and audited: which fields, not their values', () => {
    const org = db.select().from(organisations).where(eq(organisations.id, fi.id)).get()!
    const fiAdmin = createOfficer(db, { orgId: fi.id, role: 'admin' })
    updateOrgSettings(db, fiAdmin, org, { slaDays: 14, pauseClockOnInfoRequest: true, privacyEmail: org.privacyEmail })
    expect(db.select().from(organisations).where(eq(organisations.id, fi.id)).get()).toMatchObject({ slaDays: 14, pauseClockOnInfoRequest: true })
    expect(accountEvents('organisation_settings_changed').at(-1)).toMatchObject({
      orgId: fi.id,
      actorUserId: fiAdmin.id,
      data: { fields: ['slaDays', 'pauseClockOnInfoRequest'] },
    })
  })

  test('a pasted organisation file is validated, naming the field, and saved', () => {
    const operator = createOfficer(db, { orgId: null, role: 'operator' })
    const text = organisationFileText(dk)
    const broken = saveOrganisationFile(db, operator, text.replace(/^slaDays: \d+$/m, 'slaDays: 45'), dk.slug)
    expect(broken.ok).toBe(false)
    if (!broken.ok) expect(broken.problems.join('\n')).toMatch(/^slaDays: /m)
    const renamed = saveOrganisationFile(db, operator, text.replace(/^name: .*$/m, 'name: Dyreværnsringen (ny)'), dk.slug)
    expect(renamed).toEqual({ ok: true, slug: dk.slug, created: false })
    expect(db.select().from(organisations).where(eq(organisations.id, dk.id)).get()?.name).toBe('Dyreværnsringen (ny)')
    const copyText = text.replace(/^slug: .*$/m, 'slug: copy-of-dk').replace(/^demo: true$/m, 'demo: false')
    // A copy keeping the original's inbound address would take its email: refused, naming the field.
    const claiming = saveOrganisationFile(db, operator, copyText)
    expect(claiming.ok).toBe(false)
    if (!claiming.ok) expect(claiming.problems.join('\n')).toMatch(/inbound\.addresses: "persondata@dyrevaernsringen\.example" is already/)
    const copy = saveOrganisationFile(db, operator, copyText.replace(/^(\s*- )persondata@dyrevaernsringen\.example$/m, '$1persondata@copy-of-dk.example'))
    expect(copy).toEqual({ ok: true, slug: 'copy-of-dk', created: true })
  })

  test('adding refuses a slug that exists instead of overwriting that organisation', () => {
    const operator = createOfficer(db, { orgId: null, role: 'operator' })
    const before = db.select().from(organisations).where(eq(organisations.id, fi.id)).get()!
    const clash = saveOrganisationFile(db, operator, organisationFileText(fi).replace(/^name: .*$/m, 'name: Overwritten'))
    expect(clash.ok).toBe(false)
    if (!clash.ok) expect(clash.problems.join('\n')).toMatch(/^slug: .*already exists/m)
    expect(db.select().from(organisations).where(eq(organisations.id, fi.id)).get()).toEqual(before)
  })

  test('a real organisation cannot be switched to a demo one', () => {
    const operator = createOfficer(db, { orgId: null, role: 'operator' })
    const text = organisationFileText(fi).replace(/^slug: .*$/m, 'slug: real-then-demo').replace(/^demo: true$/m, 'demo: false')
    expect(saveOrganisationFile(db, operator, text)).toMatchObject({ ok: true })
    const flipped = saveOrganisationFile(db, operator, text.replace(/^demo: false$/m, 'demo: true'), 'real-then-demo')
    expect(flipped.ok).toBe(false)
    if (!flipped.ok) expect(flipped.problems.join('\n')).toMatch(/^demo: /m)
    expect(db.select().from(organisations).where(eq(organisations.slug, 'real-then-demo')).get()!.isDemo).toBe(false)
  })
})

describe('demo officers', () => {
  test('exist for demo organisations, with the credentials the CLI prints', async () => {
    // A demo organisation no test has given officers of its own.
    const demoOrg = db.select().from(organisations).where(eq(organisations.slug, 'granlia-dyreklinikk')).get()!
    expect(demoOrg.isDemo).toBe(true)
    createDemoOfficers(db)
    const demo = demoOfficerFor(demoOrg)
    expect(demoOfficerFor(demoOrg)).toEqual(demo)
    const result = await signIn(db, { email: demo.email, password: demo.password, ip: '10.4.0.1' })
    expect(result).toMatchObject({ ok: true, next: 'two-factor' })
    const user = getUserByEmail(db, demo.email)!
    expect(user).toMatchObject({ orgId: demoOrg.id, role: 'admin' })
    if (result.ok) expect(verifySecondFactor(db, result.sessionToken, user, totpCode(demo.totpSecret)).ok).toBe(true)

    const log = vi.spyOn(console, 'log').mockImplementation(() => {})
    expect(await main(['demo-officer', demoOrg.slug])).toBe(0)
    const printed = log.mock.calls.flat().join('\n')
    log.mockRestore()
    expect(printed).toContain(demo.email)
    expect(printed).toContain(demo.password)
    expect(printed).toContain(demo.totpSecret)
    expect(printed).toContain('otpauth://totp/')
  })

  test('the credentials are keyed by the deployment’s secret, not by a constant in the source', () => {
    const demoOrg = db.select().from(organisations).where(eq(organisations.slug, 'granlia-dyreklinikk')).get()!
    const publicKey = createHmac('sha256', 'rights-portal-demo-officers-v1').update(`${demoOrg.slug}:password`).digest()
    expect(demoOfficerFor(demoOrg).password).not.toBe(`demo-${publicKey.toString('base64url').slice(0, 16)}`)
  })

  test('an organisation that stops being a demo loses its demo officer; one with officers of its own never gets one', async () => {
    const demoOrg = db.select().from(organisations).where(eq(organisations.slug, 'fjordkanten-dyreklinikk')).get()!
    createDemoOfficers(db, [demoOrg.slug])
    const demo = demoOfficerFor(demoOrg)
    const cookie = signedInCookie(db, getUserByEmail(db, demo.email)!)
    db.update(organisations).set({ isDemo: false }).where(eq(organisations.id, demoOrg.id)).run()
    createDemoOfficers(db)
    expect(getUserByEmail(db, demo.email)!.removedAt).not.toBeNull()
    expect((await asOfficer(cookie)).redirect).not.toBeNull()
    expect(await signIn(db, { email: demo.email, password: demo.password, ip: '10.4.0.2' })).toEqual({ ok: false, reason: 'invalid' })

    // fi has officers of its own (made by earlier tests) and never had a demo officer.
    expect(fi.isDemo).toBe(true)
    expect(createDemoOfficers(db)).not.toContain(fi.slug)
    expect(getUserByEmail(db, demoOfficerFor(fi).email)).toBeUndefined()
    expect(() => createDemoOfficers(db, [fi.slug])).toThrow(/officers of its own/)
  })

  test('create-admin and create-operator print an invitation link and email it', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {})
    expect(await main(['create-admin', fi.slug, 'Pääkäyttäjä@Aivo.example', 'Maija', 'Meikäläinen'])).toBe(0)
    expect(await main(['create-operator', 'operator@portal.example', 'Olli', '--language', 'da'])).toBe(0)
    const printed = log.mock.calls.flat().join('\n')
    log.mockRestore()
    // The printed link and the emailed one both work (once); using one retires the other.
    const adminMail = (await lastEmailTo('pääkäyttäjä@aivo.example'))!
    expect(adminMail).toMatchObject({ orgId: fi.id, template: 'officer-invitation' })
    expect(adminMail.headers.get('content-language')).toBe('fi')
    const printedToken = /\/fi\/officer\/invitation\/([A-Za-z0-9_-]+)/.exec(printed)![1]!
    expect(peekToken(db, 'invitation', printedToken).ok).toBe(true)
    expect(peekToken(db, 'invitation', linkToken(adminMail.text!, 'invitation')).ok).toBe(true)
    expect(getUserByEmail(db, 'pääkäyttäjä@aivo.example')).toMatchObject({ role: 'admin', orgId: fi.id, name: 'Maija Meikäläinen' })
    const operatorMail = (await lastEmailTo('operator@portal.example'))!
    expect(operatorMail).toMatchObject({ orgId: null })
    expect(operatorMail.headers.get('content-language')).toBe('da')
    expect(printed).toMatch(/\/da\/officer\/invitation\/[A-Za-z0-9_-]+/)
    expect(accountEvents('officer_invited').at(-1)).toMatchObject({ orgId: null, actorKind: 'operator', actorUserId: null })
  })

  test('the CLI refuses an organisation that is not a demo', async () => {
    const operator = createOfficer(db, { orgId: null, role: 'operator' })
    const made = saveOrganisationFile(db, operator, organisationFileText(fi).replace(/^slug: .*$/m, 'slug: real-org').replace(/^demo: true$/m, 'demo: false'))
    expect(made.ok).toBe(true)
    allowConsoleError()
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    expect(await main(['demo-officer', 'real-org'])).toBe(2)
    expect(error.mock.calls.flat().join('\n')).toContain('not a demo organisation')
    error.mockRestore()
    const realOrg = db.select().from(organisations).where(eq(organisations.slug, 'real-org')).get()!
    expect(() => demoOfficerFor(realOrg)).toThrow(/not a demo organisation/)
    createDemoOfficers(db)
    expect(db.select().from(users).where(eq(users.orgId, realOrg.id)).all()).toEqual([])
  })
})
