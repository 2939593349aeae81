import { createHmac } from 'node:crypto'
import { hash, hashSync, verify, type Algorithm } from '@node-rs/argon2'
import { Secret, TOTP } from 'otpauth'
import type { DB, Tx } from '#db/client.server'
import type { Organisation, User } from '#db/schema'
import { getOrganisation, listOrganisations as allOrganisations, updateOrganisationSettings } from '~/data/organisations.server'
import { allowAttempt, clearAttempts, isLimited } from '~/data/rate-limits.server'
import { createSession, revokeSession, revokeUserSessions } from '~/data/sessions.server'
import { consumeToken, expireUnusedTokens, expireUserTokens, findToken, issueToken } from '~/data/tokens.server'
import { claimTotpStep, getUser, getUserByEmail, insertUser, listTeam as team, orgAccounts, updateUser } from '~/data/users.server'
import { PASSWORD_MIN_LENGTH } from '~/domain/account-forms'
import { recordEvent, type Actor } from '~/domain/events'
import { queueEmail } from '~/domain/mail.server'
import { unassignAllOf } from '~/domain/requests.server'
import { nowMs } from '~/utils/clock'
import { env } from '~/utils/env.server'
import { normaliseEmail } from '~/utils/search-terms'
import type { Language, Role } from '~/vocabulary'

// Accounts of the people who answer requests: organisation officers and
// admins, and the portal operator. Every change here lands in the audit trail.

const MINUTE = 60 * 1000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

export { PASSWORD_MIN_LENGTH }
export const INVITATION_TTL = 7 * DAY
export const PASSWORD_RESET_TTL = HOUR
export const TOTP_ISSUER = 'Rights Portal'
const TOTP_PERIOD_S = 30

/** An officer session ends after 30 minutes without a request… */
export const OFFICER_IDLE_MS = 30 * MINUTE
/** …and 12 hours after sign-in whatever happens. */
export const OFFICER_LIFETIME_MS = 12 * 60 * MINUTE
/** Between the password and the second factor (or TOTP enrolment) a session lives this long. */
export const OFFICER_PENDING_MS = 15 * MINUTE

/**
 * Failed sign-ins, counted per window. A client is stopped for one account
 * after a few failures, and for every account after more; an account as a
 * whole only after far more, so that nobody elsewhere can lock an officer out
 * by typing wrong passwords (docs/security.md). Only failures count.
 */
export const SIGN_IN_LIMIT = { perAccountFromClient: 10, perClient: 50, perAccount: 200, windowMs: 15 * MINUTE }
export const TOTP_LIMIT = { perUser: 5, windowMs: 15 * MINUTE }
export const RESET_LIMIT = { perEmail: 3, perIp: 20, windowMs: HOUR }

const write = <T>(db: DB, fn: (tx: Tx) => T): T => db.transaction(fn, { behavior: 'immediate' })

// ---------------------------------------------------------------- passwords

// Algorithm is a const enum in the typings; its value is spelled out so the
// code also compiles one file at a time (isolatedModules).
const ARGON2ID = 2 as Algorithm.Argon2id
const ARGON2_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 }

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS)
}

/** For the CLI's demo data and tests, where a blocking hash is simpler. */
export function hashPasswordSync(password: string): string {
  return hashSync(password, ARGON2_OPTIONS)
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password)
  } catch {
    return false
  }
}

// Checked against when the email is unknown, so both cases take as long.
let dummyHash: string | undefined
async function burnTime(password: string) {
  dummyHash ??= await hashPassword('not-a-real-password-just-for-timing')
  await verifyPassword(dummyHash, password)
}

/** The password rules; a key in the auth namespace when it breaks one. */
export function passwordProblem(password: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return 'auth:errors.passwordTooShort'
  if (password.length > 200) return 'auth:errors.passwordTooLong'
  return null
}

// The forms check the rules and say so; this is the last line behind them.
function assertPasswordRules(password: string) {
  const problem = passwordProblem(password)
  if (problem) throw new Error(`password refused: ${problem}`)
}

// ---------------------------------------------------------------- TOTP

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32
}

function totpFor(secret: string, label: string) {
  return new TOTP({ issuer: TOTP_ISSUER, label, algorithm: 'SHA1', digits: 6, period: TOTP_PERIOD_S, secret: Secret.fromBase32(secret) })
}

/** The otpauth:// URI an authenticator app reads (as a QR code or pasted). */
export function totpUri(secret: string, email: string): string {
  return totpFor(secret, email).toString()
}

/** The current code for a secret: the demo CLI and tests use it. */
export function totpCode(secret: string, at = nowMs()): string {
  return totpFor(secret, 'x').generate({ timestamp: at })
}

/**
 * Accepts a code from the step before, now or after (clocks drift) and
 * remembers the step, so the same code, or an older one, never works twice.
 */
export function checkTotp(tx: Tx | DB, user: Pick<User, 'id' | 'totpSecret' | 'email'>, code: string): boolean {
  if (!user.totpSecret || !/^\d{6}$/.test(code)) return false
  const at = nowMs()
  const delta = totpFor(user.totpSecret, user.email).validate({ token: code, timestamp: at, window: 1 })
  if (delta === null) return false
  return claimTotpStep(tx, user.id, Math.floor(at / 1000 / TOTP_PERIOD_S) + delta)
}

/** Six digits, whatever spaces or dashes the person typed between them. */
export function normaliseCode(code: string): string {
  return code.replace(/[\s-]/g, '')
}

// ---------------------------------------------------------------- events

export function actorOf(user: Pick<User, 'id' | 'role'> | null): Actor {
  if (!user) return { kind: 'operator', userId: null } // the operator's command line
  return { kind: user.role === 'operator' ? 'operator' : 'officer', userId: user.id }
}

// ---------------------------------------------------------------- lookups

export { getUser, getUserByEmail }

/** Officers and admins of one organisation, removed ones left out. */
export function listTeam(db: DB, orgId: number): User[] {
  return team(db, orgId)
}

function timeZoneOf(tx: Tx | DB, orgId: number | null): string {
  if (orgId === null) return 'Europe/Copenhagen'
  return getOrganisation(tx, orgId)?.timeZone ?? 'UTC'
}

// ---------------------------------------------------------------- invitations

/** userId null: the address has an account elsewhere, and nothing was sent (the admin is not told, see inviteUser). */
export type InviteResult = { ok: true; userId: number | null } | { ok: false; reason: 'exists' }

/**
 * Invites someone to be an officer or admin of an organisation (orgId set) or
 * the operator (orgId null). Someone invited but not yet in, or removed from
 * the same organisation, is invited again. An address with an account in
 * another organisation is not invited, and the answer is the same as for a new
 * invitation, so an admin cannot probe other organisations' staff.
 * `printLink`: the CLI shows a link of its own as well (both work once; the
 * first used retires the other).
 */
export function inviteUser(
  db: DB,
  invitedBy: User | null,
  i: { orgId: number | null; role: Role; email: string; name: string; language: Language },
  opts: { printLink?: boolean } = {},
): InviteResult & { link?: string } {
  const email = normaliseEmail(i.email)
  return write(db, (tx) => {
    const existing = getUserByEmail(tx, email)
    let userId: number
    if (existing) {
      const pending = existing.passwordHash === null || existing.removedAt !== null
      if (!pending || existing.orgId !== i.orgId) {
        recordEvent(tx, { kind: 'officer_invitation_refused', orgId: i.orgId, actor: actorOf(invitedBy), data: { reason: existing.orgId === i.orgId ? 'exists' : 'exists_elsewhere' } })
        return existing.orgId === i.orgId ? { ok: false as const, reason: 'exists' as const } : { ok: true as const, userId: null }
      }
      updateUser(tx, existing.id, { role: i.role, name: i.name, language: i.language, passwordHash: null, totpSecret: null, totpConfirmedAt: null, totpLastStep: null, removedAt: null })
      userId = existing.id
    } else {
      userId = insertUser(tx, { orgId: i.orgId, role: i.role, email, name: i.name, language: i.language, createdAt: new Date(nowMs()) }).id
    }
    const org = i.orgId === null ? undefined : getOrganisation(tx, i.orgId)
    queueEmail(tx, {
      to: email,
      language: i.language,
      template: 'officer-invitation',
      orgId: i.orgId,
      params: { name: i.name, orgName: org?.name ?? null, role: i.role, inviter: invitedBy?.name ?? null, timeZone: timeZoneOf(tx, i.orgId) },
      // A new invitation retires the older ones, unless the CLI prints one of its own beside it.
      links: [{ name: 'link', purpose: 'invitation', userId, ttlMs: INVITATION_TTL, path: `/${i.language}/officer/invitation/{token}`, replacesOthers: !opts.printLink }],
    })
    recordEvent(tx, { kind: 'officer_invited', orgId: i.orgId, actor: actorOf(invitedBy), data: { userId, role: i.role } })
    const link = opts.printLink ? `${env().PUBLIC_URL}/${i.language}/officer/invitation/${issueToken(tx, { purpose: 'invitation', userId, ttlMs: INVITATION_TTL }).token}` : undefined
    return { ok: true as const, userId, link }
  })
}

type TokenCheck<T> = ({ ok: true; user: User } & T) | { ok: false; reason: 'invalid' | 'expired' | 'used' }

/** Looks at a single-use link without using it up (the page that shows the form). */
export function peekToken(db: DB, purpose: 'invitation' | 'password_reset', token: string): TokenCheck<object> {
  const row = findToken(db, purpose, token)
  if (!row?.userId) return { ok: false, reason: 'invalid' }
  if (row.usedAt) return { ok: false, reason: 'used' }
  if (row.expiresAt.getTime() <= nowMs()) return { ok: false, reason: 'expired' }
  const user = getUser(db, row.userId)
  if (!user || user.removedAt) return { ok: false, reason: 'invalid' }
  return { ok: true, user }
}

/**
 * Uses up a single-use link of a user who can still sign in. The user is
 * checked before the link is used, so a refusal leaves the link as it was.
 */
function consumeUserToken(tx: Tx, purpose: 'invitation' | 'password_reset', token: string): TokenCheck<object> {
  const row = findToken(tx, purpose, token)
  const user = row?.userId ? getUser(tx, row.userId) : undefined
  if (!user || user.removedAt) return { ok: false, reason: 'invalid' }
  const used = consumeToken(tx, purpose, token)
  if (!used.ok) return used
  // Any other link of the same kind still in a mailbox stops working with this one.
  expireUnusedTokens(tx, { purpose, userId: user.id })
  return { ok: true, user }
}

/**
 * Sets the invitee's password and hands out a half-way session: the next
 * step, enrolling an authenticator, finishes the sign-in.
 */
export async function acceptInvitation(db: DB, token: string, password: string): Promise<TokenCheck<{ sessionToken: string }>> {
  assertPasswordRules(password)
  const passwordHash = await hashPassword(password)
  return write(db, (tx) => {
    const used = consumeUserToken(tx, 'invitation', token)
    if (!used.ok) return used
    const { user } = used
    const totpSecret = newTotpSecret()
    updateUser(tx, user.id, { passwordHash, totpSecret, totpConfirmedAt: null, totpLastStep: null })
    const sessionToken = createSession(tx, { kind: 'officer', userId: user.id, ttlMs: OFFICER_PENDING_MS })
    recordEvent(tx, { kind: 'officer_accepted', orgId: user.orgId, actor: actorOf(user), data: {} })
    return { ok: true as const, user: { ...user, passwordHash, totpSecret }, sessionToken }
  })
}

/** Confirms the authenticator with a code it shows; the session becomes a full one. */
export function confirmTotpEnrolment(db: DB, pendingToken: string, user: User, code: string): { ok: true; sessionToken: string } | { ok: false } {
  return write(db, (tx) => {
    if (user.totpConfirmedAt || !checkTotp(tx, user, normaliseCode(code))) return { ok: false as const }
    updateUser(tx, user.id, { totpConfirmedAt: new Date(nowMs()) })
    const sessionToken = upgradeSession(tx, pendingToken, user.id)
    recordEvent(tx, { kind: 'officer_totp_enrolled', orgId: user.orgId, actor: actorOf(user), data: {} })
    recordEvent(tx, { kind: 'officer_signed_in', orgId: user.orgId, actor: actorOf(user), data: {} })
    return { ok: true as const, sessionToken }
  })
}

// A fresh token once both factors are in, so a token seen before sign-in is worth nothing after.
function upgradeSession(tx: Tx, pendingToken: string, userId: number): string {
  revokeSession(tx, pendingToken)
  return createSession(tx, { kind: 'officer', userId, ttlMs: OFFICER_LIFETIME_MS, secondFactorAt: new Date(nowMs()) })
}

// ---------------------------------------------------------------- sign-in

export type SignInResult = { ok: true; sessionToken: string; next: 'two-factor' | 'enrol' } | { ok: false; reason: 'invalid' | 'rate_limited' }

function signInLimited(db: DB, email: string, ip: string | null): boolean {
  const L = SIGN_IN_LIMIT
  if (isLimited(db, 'sign-in:account', email, L.perAccount)) return true
  if (ip === null) return false
  return isLimited(db, 'sign-in:pair', `${email}|${ip}`, L.perAccountFromClient) || isLimited(db, 'sign-in:client', ip, L.perClient)
}

function countSignInFailure(db: DB, email: string, ip: string | null) {
  const L = SIGN_IN_LIMIT
  allowAttempt(db, 'sign-in:account', email, L.perAccount, L.windowMs)
  if (ip === null) return
  allowAttempt(db, 'sign-in:pair', `${email}|${ip}`, L.perAccountFromClient, L.windowMs)
  allowAttempt(db, 'sign-in:client', ip, L.perClient, L.windowMs)
}

/** The first factor. Unknown address and wrong password get the same answer. */
export async function signIn(db: DB, input: { email: string; password: string; ip: string | null }): Promise<SignInResult> {
  const email = normaliseEmail(input.email)
  const user = getUserByEmail(db, email)
  const usable = user && !user.removedAt && user.passwordHash ? user : undefined
  if (signInLimited(db, email, input.ip)) {
    write(db, (tx) => recordEvent(tx, { kind: 'officer_sign_in_failed', orgId: usable?.orgId ?? null, actor: actorOf(usable ?? null), data: { reason: 'rate_limited', userId: usable?.id ?? null } }))
    return { ok: false, reason: 'rate_limited' }
  }
  if (!usable) {
    await burnTime(input.password)
    countSignInFailure(db, email, input.ip)
    write(db, (tx) => recordEvent(tx, { kind: 'officer_sign_in_failed', orgId: null, actor: { kind: 'officer', userId: null }, data: { reason: 'unknown_email', userId: null } }))
    return { ok: false, reason: 'invalid' }
  }
  if (!(await verifyPassword(usable.passwordHash!, input.password))) {
    countSignInFailure(db, email, input.ip)
    write(db, (tx) => recordEvent(tx, { kind: 'officer_sign_in_failed', orgId: usable.orgId, actor: actorOf(usable), data: { reason: 'password', userId: usable.id } }))
    return { ok: false, reason: 'invalid' }
  }
  if (input.ip !== null) clearAttempts(db, 'sign-in:pair', `${email}|${input.ip}`)
  return write(db, (tx) => {
    let next: 'two-factor' | 'enrol' = 'two-factor'
    // Everyone has a second factor: someone who stopped half-way through enrolment finishes it now.
    if (!usable.totpConfirmedAt) {
      next = 'enrol'
      if (!usable.totpSecret) updateUser(tx, usable.id, { totpSecret: newTotpSecret() })
    }
    const sessionToken = createSession(tx, { kind: 'officer', userId: usable.id, ttlMs: OFFICER_PENDING_MS })
    recordEvent(tx, { kind: 'officer_password_accepted', orgId: usable.orgId, actor: actorOf(usable), data: {} })
    return { ok: true as const, sessionToken, next }
  })
}

/** The second factor, for a session that has the first. */
export function verifySecondFactor(db: DB, pendingToken: string, user: User, code: string): { ok: true; sessionToken: string } | { ok: false; reason: 'invalid' | 'rate_limited' } {
  if (isLimited(db, 'totp:user', String(user.id), TOTP_LIMIT.perUser)) {
    write(db, (tx) => recordEvent(tx, { kind: 'officer_sign_in_failed', orgId: user.orgId, actor: actorOf(user), data: { reason: 'rate_limited', userId: user.id } }))
    return { ok: false, reason: 'rate_limited' }
  }
  const result = write(db, (tx) => {
    if (!user.totpConfirmedAt || !checkTotp(tx, user, normaliseCode(code))) return null
    const sessionToken = upgradeSession(tx, pendingToken, user.id)
    recordEvent(tx, { kind: 'officer_signed_in', orgId: user.orgId, actor: actorOf(user), data: {} })
    return sessionToken
  })
  if (!result) {
    allowAttempt(db, 'totp:user', String(user.id), TOTP_LIMIT.perUser, TOTP_LIMIT.windowMs)
    write(db, (tx) => recordEvent(tx, { kind: 'officer_sign_in_failed', orgId: user.orgId, actor: actorOf(user), data: { reason: 'totp', userId: user.id } }))
    return { ok: false, reason: 'invalid' }
  }
  clearAttempts(db, 'totp:user', String(user.id))
  return { ok: true, sessionToken: result }
}

export function signOut(db: DB, sessionToken: string, user: User): void {
  write(db, (tx) => {
    revokeSession(tx, sessionToken)
    recordEvent(tx, { kind: 'officer_signed_out', orgId: user.orgId, actor: actorOf(user), data: {} })
  })
}

// ---------------------------------------------------------------- password reset

/**
 * Emails a reset link when the address belongs to someone who can sign in.
 * The caller shows the same answer either way, so the form tells no one who has an account.
 */
export function requestPasswordReset(db: DB, input: { email: string; ip: string | null }): { rateLimited: boolean } {
  const email = normaliseEmail(input.email)
  const byEmail = allowAttempt(db, 'reset:email', email, RESET_LIMIT.perEmail, RESET_LIMIT.windowMs)
  const byIp = input.ip === null || allowAttempt(db, 'reset:ip', input.ip, RESET_LIMIT.perIp, RESET_LIMIT.windowMs)
  if (!byEmail || !byIp) return { rateLimited: true }
  const user = getUserByEmail(db, email)
  if (!user || user.removedAt || !user.passwordHash) return { rateLimited: false }
  write(db, (tx) => {
    queueEmail(tx, {
      to: user.email,
      language: user.language,
      template: 'password-reset',
      orgId: user.orgId,
      params: { name: user.name, timeZone: timeZoneOf(tx, user.orgId) },
      // Only the newest reset link works: an older one left in a mailbox is no key.
      links: [{ name: 'link', purpose: 'password_reset', userId: user.id, ttlMs: PASSWORD_RESET_TTL, path: `/${user.language}/officer/reset-password/{token}`, replacesOthers: true }],
    })
    recordEvent(tx, { kind: 'officer_password_reset_requested', orgId: user.orgId, actor: actorOf(user), data: {} })
  })
  return { rateLimited: false }
}

/** Sets a new password from a reset link and signs the person out everywhere. */
export async function resetPassword(db: DB, token: string, password: string): Promise<TokenCheck<object>> {
  assertPasswordRules(password)
  const passwordHash = await hashPassword(password)
  return write(db, (tx) => {
    const used = consumeUserToken(tx, 'password_reset', token)
    if (!used.ok) return used
    const { user } = used
    updateUser(tx, user.id, { passwordHash })
    revokeUserSessions(tx, user.id)
    recordEvent(tx, { kind: 'officer_password_reset', orgId: user.orgId, actor: actorOf(user), data: {} })
    return { ok: true as const, user }
  })
}

// ---------------------------------------------------------------- team and organisation (admins)

/** Removes an officer from the admin's organisation; their sessions and links end at once and their open requests go back to nobody. */
export function removeUser(db: DB, admin: User, userId: number): { ok: true; user: User } | { ok: false; reason: 'not_found' | 'already_removed' | 'self' } {
  if (admin.id === userId) return { ok: false, reason: 'self' }
  return write(db, (tx) => {
    const user = getUser(tx, userId)
    if (!user || user.orgId === null || user.orgId !== admin.orgId) return { ok: false as const, reason: 'not_found' as const }
    if (user.removedAt) return { ok: false as const, reason: 'already_removed' as const }
    updateUser(tx, user.id, { removedAt: new Date(nowMs()) })
    revokeUserSessions(tx, user.id)
    expireUserTokens(tx, user.id)
    const unassigned = unassignAllOf(tx, { orgId: user.orgId, userId: user.id, byOfficerId: admin.id })
    recordEvent(tx, { kind: 'officer_removed', orgId: user.orgId, actor: actorOf(admin), data: { userId: user.id, role: user.role, unassigned } })
    return { ok: true as const, user }
  })
}

export type OrgSettings = { slaDays: number; pauseClockOnInfoRequest: boolean; privacyEmail: string }

export function updateOrgSettings(db: DB, admin: User, org: Organisation, s: OrgSettings): void {
  const before: OrgSettings = { slaDays: org.slaDays, pauseClockOnInfoRequest: org.pauseClockOnInfoRequest, privacyEmail: org.privacyEmail }
  const changed = (Object.keys(s) as Array<keyof OrgSettings>).filter((k) => before[k] !== s[k])
  if (changed.length === 0) return
  write(db, (tx) => {
    updateOrganisationSettings(tx, org.id, s, new Date(nowMs()))
    recordEvent(tx, { kind: 'organisation_settings_changed', orgId: org.id, actor: actorOf(admin), data: { fields: changed } })
  })
}

// ---------------------------------------------------------------- demo officers

// Demo credentials are derived, not random, so `demo-officer` can print them
// again at any time. They are keyed by the deployment's SESSION_SECRET, so
// nobody can work them out from the source code alone, and they exist only for
// demo organisations.
function demoEmail(slug: string) {
  return `officer@${slug}.demo.example`
}

export type DemoOfficer = { email: string; name: string; password: string; totpSecret: string; totpUri: string }

export function demoOfficerFor(org: Pick<Organisation, 'slug' | 'isDemo'>): DemoOfficer {
  if (!org.isDemo) throw new Error(`${org.slug} is not a demo organisation: demo officers exist only for demo organisations`)
  const derive = (what: string) => createHmac('sha256', env().SESSION_SECRET).update(`demo-officer:${org.slug}:${what}`).digest()
  const password = `demo-${derive('password').toString('base64url').slice(0, 16)}`
  const totpSecret = new Secret({ buffer: new Uint8Array(derive('totp').subarray(0, 20)).buffer }).base32
  const email = demoEmail(org.slug)
  return { email, name: 'Demo Officer', password, totpSecret, totpUri: totpUri(totpSecret, email) }
}

/**
 * Creates (or resets) the demo admin of every demo organisation, or of the ones
 * named. First removes the demo admins of organisations that are no longer demo
 * ones. A demo organisation that has officers of its own but no demo admin yet
 * looks like a real organisation whose file was switched to `demo: true`: it
 * gets none (skipped, or an error when it was named).
 */
export function createDemoOfficers(db: DB, onlySlugs?: string[]): string[] {
  removeStaleDemoOfficers(db)
  const demoOrgs = allOrganisations(db).filter((o) => o.isDemo && (!onlySlugs || onlySlugs.includes(o.slug)))
  const done: string[] = []
  for (const org of demoOrgs) {
    const demo = demoOfficerFor(org)
    const current = getUserByEmail(db, demo.email)
    if ((!current || current.removedAt) && orgAccounts(db, org.id).some((u) => u.email !== demo.email)) {
      if (onlySlugs) throw new Error(`${org.slug} has officers of its own and was not a demo organisation from the start: it gets no demo officer`)
      continue
    }
    const language = (org.profile.languages[0] ?? 'en') as Language
    const values = {
      orgId: org.id,
      role: 'admin' as const,
      name: demo.name,
      language,
      passwordHash: hashPasswordSync(demo.password),
      totpSecret: demo.totpSecret,
      totpConfirmedAt: new Date(nowMs()),
      removedAt: null,
    }
    write(db, (tx) => {
      const existing = getUserByEmail(tx, demo.email)
      const userId = existing ? (updateUser(tx, existing.id, values), existing.id) : insertUser(tx, { ...values, email: demo.email, createdAt: new Date(nowMs()) }).id
      recordEvent(tx, { kind: 'demo_officer_created', orgId: org.id, actor: { kind: 'operator', userId: null }, data: { userId } })
    })
    done.push(org.slug)
  }
  return done
}

/** Demo admins of organisations that are not (or no longer) demo ones lose their account and sessions. */
export function removeStaleDemoOfficers(db: DB): string[] {
  const removed: string[] = []
  for (const org of allOrganisations(db).filter((o) => !o.isDemo)) {
    const user = getUserByEmail(db, demoEmail(org.slug))
    if (!user || user.orgId !== org.id || user.removedAt) continue
    write(db, (tx) => {
      updateUser(tx, user.id, { removedAt: new Date(nowMs()), passwordHash: null, totpSecret: null, totpConfirmedAt: null })
      revokeUserSessions(tx, user.id)
      recordEvent(tx, { kind: 'demo_officer_removed', orgId: org.id, actor: { kind: 'operator', userId: null }, data: { userId: user.id } })
    })
    removed.push(org.slug)
  }
  return removed
}
