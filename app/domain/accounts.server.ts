import { createHmac } from 'node:crypto'
import { hash, hashSync, verify, type Algorithm } from '@node-rs/argon2'
import { and, asc, eq, gt, isNull, lt, or } from 'drizzle-orm'
import { Secret, TOTP } from 'otpauth'
import YAML from 'yaml'
import type { DB, Tx } from '#db/client.server'
import { events, organisations, requests, sessions, tokens, users, type Organisation, type User } from '#db/schema'
import { OrganisationFileError, parseOrganisationFile } from '#db/organisation-file'
import { officerInvitation, passwordReset } from '#emails/officer-emails'
import { importOrganisations } from '~/data/organisations.server'
import { PASSWORD_MIN_LENGTH } from '~/domain/account-forms'
import { recordEvent } from '~/domain/requests.server'
import { consumeToken, issueToken } from '~/domain/tokens.server'
import type { Language } from '~/domain/languages'
import { formatDateTime } from '~/i18n/i18n'
import { enqueueEmail } from '~/jobs/outbox.server'
import { OFFICER_LIFETIME_MS, OFFICER_PENDING_MS } from '~/utils/auth.server'
import { nowMs } from '~/utils/clock'
import { env } from '~/utils/env.server'
import { allowAttempt, clearAttempts } from '~/utils/rate-limit.server'
import { createSession, revokeSession } from '~/utils/sessions.server'
import { hashToken } from '~/utils/tokens.server'

// Accounts of the people who answer requests: organisation officers and admins,
// and the portal operator. Every change here lands in the events table.

const MINUTE = 60 * 1000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

export { PASSWORD_MIN_LENGTH }
export const INVITATION_TTL = 7 * DAY
export const PASSWORD_RESET_TTL = HOUR
export const TOTP_ISSUER = 'Rights Portal'
const TOTP_PERIOD_S = 30

// Rate limits: generous for a person who mistypes, tight for a script.
export const SIGN_IN_LIMIT = { perEmail: 10, perIp: 50, windowMs: 15 * MINUTE }
export const TOTP_LIMIT = { perUser: 5, windowMs: 15 * MINUTE }
export const RESET_LIMIT = { perEmail: 3, perIp: 20, windowMs: HOUR }

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
  const step = Math.floor(at / 1000 / TOTP_PERIOD_S) + delta
  const claimed = tx
    .update(users)
    .set({ totpLastStep: step })
    .where(and(eq(users.id, user.id), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
    .run()
  return claimed.changes === 1
}

/** Six digits, whatever spaces or dashes the person typed between them. */
export function normaliseCode(code: string): string {
  return code.replace(/[\s-]/g, '')
}

// ---------------------------------------------------------------- events

type Actor = { kind: 'officer' | 'operator'; userId: number | null }

export function actorOf(user: Pick<User, 'id' | 'role'> | null): Actor {
  if (!user) return { kind: 'operator', userId: null } // the operator's command line
  return { kind: user.role === 'operator' ? 'operator' : 'officer', userId: user.id }
}

export function recordAccountEvent(tx: Tx | DB, e: { orgId: number | null; actor: Actor; kind: string; data?: Record<string, unknown> }) {
  tx.insert(events)
    .values({
      at: new Date(nowMs()),
      orgId: e.orgId,
      requestId: null,
      actorKind: e.actor.kind,
      actorUserId: e.actor.userId,
      kind: e.kind,
      data: e.data ?? {},
    })
    .run()
}

// ---------------------------------------------------------------- lookups

export function getUser(db: DB | Tx, id: number): User | undefined {
  return db.select().from(users).where(eq(users.id, id)).get()
}

export function getUserByEmail(db: DB | Tx, email: string): User | undefined {
  return db.select().from(users).where(eq(users.email, normaliseEmail(email))).get()
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase()
}

/** Officers and admins of one organisation, removed ones left out. */
export function listTeam(db: DB, orgId: number): User[] {
  return db
    .select()
    .from(users)
    .where(and(eq(users.orgId, orgId), isNull(users.removedAt)))
    .orderBy(asc(users.name), asc(users.id))
    .all()
}

export function revokeAllSessions(tx: Tx | DB, userId: number): void {
  tx.update(sessions)
    .set({ revokedAt: new Date(nowMs()) })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .run()
}

function timeZoneOf(tx: Tx | DB, orgId: number | null): string {
  if (orgId === null) return 'Europe/Copenhagen'
  return tx.select({ tz: organisations.timeZone }).from(organisations).where(eq(organisations.id, orgId)).get()?.tz ?? 'UTC'
}

function orgName(tx: Tx | DB, orgId: number | null): string | null {
  if (orgId === null) return null
  return tx.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, orgId)).get()?.name ?? null
}

// ---------------------------------------------------------------- invitations

export type InviteResult = { ok: true; userId: number; link: string } | { ok: false; reason: 'exists' }

/**
 * Invites someone to be an officer or admin of an organisation (orgId set) or
 * the operator (orgId null). Someone invited but not yet in, or removed from
 * the same organisation, is invited again.
 */
export function inviteUser(
  db: DB,
  invitedBy: User | null,
  i: { orgId: number | null; role: 'officer' | 'admin' | 'operator'; email: string; name: string; language: Language },
  publicUrl: string,
): InviteResult {
  const email = normaliseEmail(i.email)
  return db.transaction((tx) => {
    const existing = getUserByEmail(tx, email)
    let userId: number
    if (existing) {
      const pending = existing.passwordHash === null || existing.removedAt !== null
      if (!pending || existing.orgId !== i.orgId) return { ok: false as const, reason: 'exists' as const }
      tx.update(users)
        .set({ role: i.role, name: i.name, language: i.language, passwordHash: null, totpSecret: null, totpConfirmedAt: null, totpLastStep: null, removedAt: null })
        .where(eq(users.id, existing.id))
        .run()
      // An older invitation link stops working once a new one is sent.
      tx.update(tokens)
        .set({ usedAt: new Date(nowMs()) })
        .where(and(eq(tokens.userId, existing.id), eq(tokens.purpose, 'invitation'), isNull(tokens.usedAt)))
        .run()
      userId = existing.id
    } else {
      userId = tx
        .insert(users)
        .values({ orgId: i.orgId, role: i.role, email, name: i.name, language: i.language, createdAt: new Date(nowMs()) })
        .returning({ id: users.id })
        .get().id
    }
    const { token, expiresAt } = issueToken(tx, { purpose: 'invitation', userId, ttlMs: INVITATION_TTL })
    const link = `${publicUrl}/${i.language}/officer/invitation/${token}`
    enqueueEmail(tx, {
      to: email,
      language: i.language,
      template: 'officer_invitation',
      orgId: i.orgId,
      email: officerInvitation(i.language, {
        name: i.name,
        orgName: orgName(tx, i.orgId),
        role: i.role,
        inviter: invitedBy?.name ?? null,
        link,
        expiresAt: formatDateTime(expiresAt, i.language, timeZoneOf(tx, i.orgId)),
      }),
    })
    recordAccountEvent(tx, { orgId: i.orgId, actor: actorOf(invitedBy), kind: 'officer_invited', data: { userId, role: i.role } })
    return { ok: true as const, userId, link }
  })
}

type TokenCheck<T> = { ok: true; user: User } & T | { ok: false; reason: 'invalid' | 'expired' | 'used' }

/** Looks at a single-use link without using it up (the page that shows the form). */
export function peekToken(db: DB, purpose: 'invitation' | 'password_reset', token: string): TokenCheck<object> {
  const row = db
    .select()
    .from(tokens)
    .where(and(eq(tokens.tokenHash, hashToken(token)), eq(tokens.purpose, purpose)))
    .get()
  if (!row?.userId) return { ok: false, reason: 'invalid' }
  if (row.usedAt) return { ok: false, reason: 'used' }
  if (row.expiresAt.getTime() <= nowMs()) return { ok: false, reason: 'expired' }
  const user = getUser(db, row.userId)
  if (!user || user.removedAt) return { ok: false, reason: 'invalid' }
  return { ok: true, user }
}

/**
 * Uses up a single-use link of a user who can still sign in. The user is
 * checked before the link is used, so a refusal needs no rollback (which would
 * throw out of the transaction) and leaves the link as it was.
 */
function consumeUserToken(tx: Tx, purpose: 'invitation' | 'password_reset', token: string): TokenCheck<object> {
  const row = tx
    .select({ userId: tokens.userId })
    .from(tokens)
    .where(and(eq(tokens.tokenHash, hashToken(token)), eq(tokens.purpose, purpose)))
    .get()
  const user = row?.userId ? getUser(tx, row.userId) : undefined
  if (!user || user.removedAt) return { ok: false, reason: 'invalid' }
  const used = consumeToken(tx, purpose, token)
  if (!used.ok) return used
  return { ok: true, user }
}

function expireUnusedTokens(tx: Tx, userId: number, purpose: 'invitation' | 'password_reset') {
  tx.update(tokens)
    .set({ usedAt: new Date(nowMs()) })
    .where(and(eq(tokens.userId, userId), eq(tokens.purpose, purpose), isNull(tokens.usedAt)))
    .run()
}

/**
 * Sets the invitee's password and hands out a half-way session: the next
 * step, enrolling an authenticator, finishes the sign-in.
 */
export async function acceptInvitation(db: DB, token: string, password: string): Promise<TokenCheck<{ sessionToken: string }>> {
  assertPasswordRules(password)
  const passwordHash = await hashPassword(password)
  return db.transaction((tx) => {
    const used = consumeUserToken(tx, 'invitation', token)
    if (!used.ok) return used
    const { user } = used
    const totpSecret = newTotpSecret()
    tx.update(users).set({ passwordHash, totpSecret, totpConfirmedAt: null, totpLastStep: null }).where(eq(users.id, user.id)).run()
    const sessionToken = createSession(tx, { kind: 'officer', userId: user.id, ttlMs: OFFICER_PENDING_MS })
    recordAccountEvent(tx, { orgId: user.orgId, actor: actorOf(user), kind: 'officer_accepted' })
    return { ok: true as const, user: { ...user, passwordHash, totpSecret }, sessionToken }
  })
}

/** Confirms the authenticator with a code it shows; the session becomes a full one. */
export function confirmTotpEnrolment(db: DB, pendingToken: string, user: User, code: string): { ok: true; sessionToken: string } | { ok: false } {
  return db.transaction((tx) => {
    if (user.totpConfirmedAt || !checkTotp(tx, user, normaliseCode(code))) return { ok: false as const }
    tx.update(users).set({ totpConfirmedAt: new Date(nowMs()) }).where(eq(users.id, user.id)).run()
    const sessionToken = upgradeSession(tx, pendingToken, user.id)
    recordAccountEvent(tx, { orgId: user.orgId, actor: actorOf(user), kind: 'officer_totp_enrolled' })
    recordAccountEvent(tx, { orgId: user.orgId, actor: actorOf(user), kind: 'officer_signed_in' })
    return { ok: true as const, sessionToken }
  })
}

// A fresh token once both factors are in, so a token seen before sign-in is worth nothing after.
function upgradeSession(tx: Tx, pendingToken: string, userId: number): string {
  revokeSession(tx, pendingToken)
  return createSession(tx, { kind: 'officer', userId, ttlMs: OFFICER_LIFETIME_MS, secondFactorAt: new Date(nowMs()) })
}

// ---------------------------------------------------------------- sign-in

export type SignInResult =
  | { ok: true; sessionToken: string; next: 'two-factor' | 'enrol' }
  | { ok: false; reason: 'invalid' | 'rate_limited' }

/** The first factor. Unknown address and wrong password get the same answer. */
export async function signIn(db: DB, input: { email: string; password: string; ip: string | null }): Promise<SignInResult> {
  const email = normaliseEmail(input.email)
  const byEmail = allowAttempt(db, `sign-in:email:${email}`, SIGN_IN_LIMIT.perEmail, SIGN_IN_LIMIT.windowMs)
  const byIp = input.ip === null || allowAttempt(db, `sign-in:ip:${input.ip}`, SIGN_IN_LIMIT.perIp, SIGN_IN_LIMIT.windowMs)
  const user = getUserByEmail(db, email)
  const usable = user && !user.removedAt && user.passwordHash ? user : undefined
  if (!byEmail || !byIp) {
    recordAccountEvent(db, { orgId: usable?.orgId ?? null, actor: actorOf(usable ?? null), kind: 'officer_sign_in_failed', data: { reason: 'rate_limited', userId: usable?.id ?? null } })
    return { ok: false, reason: 'rate_limited' }
  }
  if (!usable) {
    await burnTime(input.password)
    recordAccountEvent(db, { orgId: null, actor: { kind: 'officer', userId: null }, kind: 'officer_sign_in_failed', data: { reason: 'unknown_email' } })
    return { ok: false, reason: 'invalid' }
  }
  if (!(await verifyPassword(usable.passwordHash!, input.password))) {
    recordAccountEvent(db, { orgId: usable.orgId, actor: actorOf(usable), kind: 'officer_sign_in_failed', data: { reason: 'password', userId: usable.id } })
    return { ok: false, reason: 'invalid' }
  }
  clearAttempts(db, `sign-in:email:${email}`)
  return db.transaction((tx) => {
    let next: 'two-factor' | 'enrol' = 'two-factor'
    // Everyone has a second factor: someone who stopped half-way through enrolment finishes it now.
    if (!usable.totpConfirmedAt) {
      next = 'enrol'
      if (!usable.totpSecret) tx.update(users).set({ totpSecret: newTotpSecret() }).where(eq(users.id, usable.id)).run()
    }
    const sessionToken = createSession(tx, { kind: 'officer', userId: usable.id, ttlMs: OFFICER_PENDING_MS })
    recordAccountEvent(tx, { orgId: usable.orgId, actor: actorOf(usable), kind: 'officer_password_accepted' })
    return { ok: true as const, sessionToken, next }
  })
}

/** The second factor, for a session that has the first. */
export function verifySecondFactor(
  db: DB,
  pendingToken: string,
  user: User,
  code: string,
): { ok: true; sessionToken: string } | { ok: false; reason: 'invalid' | 'rate_limited' } {
  if (!allowAttempt(db, `totp:user:${user.id}`, TOTP_LIMIT.perUser, TOTP_LIMIT.windowMs)) {
    recordAccountEvent(db, { orgId: user.orgId, actor: actorOf(user), kind: 'officer_sign_in_failed', data: { reason: 'rate_limited', factor: 'totp', userId: user.id } })
    return { ok: false, reason: 'rate_limited' }
  }
  const result = db.transaction((tx) => {
    if (!user.totpConfirmedAt || !checkTotp(tx, user, normaliseCode(code))) return null
    const sessionToken = upgradeSession(tx, pendingToken, user.id)
    recordAccountEvent(tx, { orgId: user.orgId, actor: actorOf(user), kind: 'officer_signed_in' })
    return sessionToken
  })
  if (!result) {
    recordAccountEvent(db, { orgId: user.orgId, actor: actorOf(user), kind: 'officer_sign_in_failed', data: { reason: 'totp', userId: user.id } })
    return { ok: false, reason: 'invalid' }
  }
  clearAttempts(db, `totp:user:${user.id}`)
  return { ok: true, sessionToken: result }
}

export function signOut(db: DB, sessionToken: string, user: User): void {
  db.transaction((tx) => {
    revokeSession(tx, sessionToken)
    recordAccountEvent(tx, { orgId: user.orgId, actor: actorOf(user), kind: 'officer_signed_out' })
  })
}

// ---------------------------------------------------------------- password reset

/**
 * Emails a reset link when the address belongs to someone who can sign in.
 * The caller shows the same answer either way, so the form tells no one who has an account.
 */
export function requestPasswordReset(db: DB, input: { email: string; ip: string | null }, publicUrl: string): { rateLimited: boolean } {
  const email = normaliseEmail(input.email)
  const byEmail = allowAttempt(db, `reset:email:${email}`, RESET_LIMIT.perEmail, RESET_LIMIT.windowMs)
  const byIp = input.ip === null || allowAttempt(db, `reset:ip:${input.ip}`, RESET_LIMIT.perIp, RESET_LIMIT.windowMs)
  if (!byEmail || !byIp) return { rateLimited: true }
  const user = getUserByEmail(db, email)
  if (!user || user.removedAt || !user.passwordHash) return { rateLimited: false }
  db.transaction((tx) => {
    // Only the newest reset link works: an older one left in a mailbox is no key.
    expireUnusedTokens(tx, user.id, 'password_reset')
    const { token, expiresAt } = issueToken(tx, { purpose: 'password_reset', userId: user.id, ttlMs: PASSWORD_RESET_TTL })
    enqueueEmail(tx, {
      to: user.email,
      language: user.language,
      template: 'officer_password_reset',
      orgId: user.orgId,
      email: passwordReset(user.language, {
        name: user.name,
        link: `${publicUrl}/${user.language}/officer/reset-password/${token}`,
        expiresAt: formatDateTime(expiresAt, user.language, timeZoneOf(tx, user.orgId)),
      }),
    })
    recordAccountEvent(tx, { orgId: user.orgId, actor: actorOf(user), kind: 'officer_password_reset_requested' })
  })
  return { rateLimited: false }
}

/** Sets a new password from a reset link and signs the person out everywhere. */
export async function resetPassword(db: DB, token: string, password: string): Promise<TokenCheck<object>> {
  assertPasswordRules(password)
  const passwordHash = await hashPassword(password)
  return db.transaction((tx) => {
    const used = consumeUserToken(tx, 'password_reset', token)
    if (!used.ok) return used
    const { user } = used
    // Any other reset link still in a mailbox stops working with this one.
    expireUnusedTokens(tx, user.id, 'password_reset')
    tx.update(users).set({ passwordHash }).where(eq(users.id, user.id)).run()
    revokeAllSessions(tx, user.id)
    recordAccountEvent(tx, { orgId: user.orgId, actor: actorOf(user), kind: 'officer_password_reset' })
    return { ok: true as const, user }
  })
}

// ---------------------------------------------------------------- team and organisation (admins)

/** Removes an officer from the admin's organisation; their sessions end at once and their open requests go back to the queue. */
export function removeUser(db: DB, admin: User, userId: number): { ok: true; user: User } | { ok: false; reason: 'not_found' | 'self' } {
  if (admin.id === userId) return { ok: false, reason: 'self' }
  return db.transaction((tx) => {
    const user = tx
      .select()
      .from(users)
      .where(and(eq(users.id, userId), eq(users.orgId, admin.orgId ?? -1), isNull(users.removedAt)))
      .get()
    if (!user) return { ok: false as const, reason: 'not_found' as const }
    tx.update(users).set({ removedAt: new Date(nowMs()) }).where(eq(users.id, user.id)).run()
    revokeAllSessions(tx, user.id)
    // Links already sent to them stop working too.
    tx.update(tokens)
      .set({ usedAt: new Date(nowMs()) })
      .where(and(eq(tokens.userId, user.id), isNull(tokens.usedAt), gt(tokens.expiresAt, new Date(nowMs()))))
      .run()
    // Nobody would work on requests still assigned to them: they go back to "nobody".
    const assigned = tx
      .update(requests)
      .set({ assigneeId: null, updatedAt: new Date(nowMs()) })
      .where(and(eq(requests.orgId, admin.orgId ?? -1), eq(requests.assigneeId, user.id), eq(requests.closed, false)))
      .returning({ id: requests.id, orgId: requests.orgId })
      .all()
    for (const request of assigned) {
      recordEvent(tx, request, { actorKind: 'officer', actorUserId: admin.id, kind: 'unassigned', data: { assigneeId: null, previousAssigneeId: user.id, reason: 'officer_removed' } })
    }
    recordAccountEvent(tx, { orgId: user.orgId, actor: actorOf(admin), kind: 'officer_removed', data: { userId: user.id, role: user.role, unassigned: assigned.length } })
    return { ok: true as const, user }
  })
}

export type OrgSettings = { slaDays: number; pauseClockOnInfoRequest: boolean; privacyEmail: string }

export function updateOrgSettings(db: DB, admin: User, org: Organisation, s: OrgSettings): void {
  const before: OrgSettings = { slaDays: org.slaDays, pauseClockOnInfoRequest: org.pauseClockOnInfoRequest, privacyEmail: org.privacyEmail }
  const changed = (Object.keys(s) as Array<keyof OrgSettings>).filter((k) => before[k] !== s[k])
  if (changed.length === 0) return
  db.transaction((tx) => {
    tx.update(organisations).set({ ...s, updatedAt: new Date(nowMs()) }).where(eq(organisations.id, org.id)).run()
    recordAccountEvent(tx, {
      orgId: org.id,
      actor: actorOf(admin),
      kind: 'organisation_settings_changed',
      data: Object.fromEntries(changed.map((k) => [k, { from: before[k], to: s[k] }])),
    })
  })
}

// ---------------------------------------------------------------- organisations (operator)

export function listOrganisations(db: DB): Organisation[] {
  return db.select().from(organisations).orderBy(asc(organisations.name)).all()
}

/** The organisation file as the operator would paste it back, for editing. */
export function organisationFileText(org: Organisation): string {
  const { slug, name, country, timeZone, kind, privacyEmail, slaDays, pauseClockOnInfoRequest, isDemo, profile } = org
  return YAML.stringify({ slug, name, country, timeZone, kind, privacyEmail, slaDays, pauseClockOnInfoRequest, demo: isDemo, ...profile })
}

export type SaveOrganisationResult = { ok: true; slug: string; created: boolean } | { ok: false; problems: string[] }

/**
 * Validates a pasted organisation file and creates that organisation (no
 * `expectSlug`: the slug must be new) or updates the one named by `expectSlug`.
 */
export function saveOrganisationFile(db: DB, operator: User, text: string, expectSlug?: string): SaveOrganisationResult {
  let data: unknown
  try {
    data = YAML.parse(text)
  } catch (error) {
    return { ok: false, problems: [`YAML: ${(error as Error).message.split('\n')[0]}`] }
  }
  try {
    const org = parseOrganisationFile('organisation', data)
    if (expectSlug && org.slug !== expectSlug) return { ok: false, problems: [`slug: must stay "${expectSlug}"`] }
    const existing = db.select().from(organisations).where(eq(organisations.slug, org.slug)).get()
    // Adding must never overwrite an organisation that happens to have the same slug.
    if (!expectSlug && existing) return { ok: false, problems: [`slug: an organisation "${org.slug}" already exists; edit it from the list of organisations`] }
    // Demo officers have credentials anyone with the demo key can work out: a real organisation never becomes a demo one.
    if (existing && !existing.isDemo && org.demo) return { ok: false, problems: ['demo: a real organisation cannot be turned into a demo organisation'] }
    const { created } = importOrganisations(db, [{ file: 'organisation', org }])
    const saved = db.select({ id: organisations.id }).from(organisations).where(eq(organisations.slug, org.slug)).get()
    recordAccountEvent(db, { orgId: saved?.id ?? null, actor: actorOf(operator), kind: 'organisation_file_saved', data: { slug: org.slug } })
    return { ok: true, slug: org.slug, created: created.length > 0 }
  } catch (error) {
    if (error instanceof OrganisationFileError) return { ok: false, problems: error.issues }
    return { ok: false, problems: [(error as Error).message] }
  }
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
  const demoOrgs = db
    .select()
    .from(organisations)
    .where(eq(organisations.isDemo, true))
    .all()
    .filter((o) => !onlySlugs || onlySlugs.includes(o.slug))
  const done: string[] = []
  for (const org of demoOrgs) {
    const demo = demoOfficerFor(org)
    const current = getUserByEmail(db, demo.email)
    if ((!current || current.removedAt) && hasRealOfficers(db, org.id, demo.email)) {
      if (onlySlugs) throw new Error(`${org.slug} has officers of its own and was not a demo organisation from the start: it gets no demo officer`)
      continue
    }
    const language = (org.profile.languages[0] ?? 'en') as Language
    const values = {
      orgId: org.id,
      role: 'admin' as const,
      email: demo.email,
      name: demo.name,
      language,
      passwordHash: hashPasswordSync(demo.password),
      totpSecret: demo.totpSecret,
      totpConfirmedAt: new Date(nowMs()),
      removedAt: null,
    }
    db.transaction((tx) => {
      const existing = getUserByEmail(tx, demo.email)
      if (existing) tx.update(users).set(values).where(eq(users.id, existing.id)).run()
      else tx.insert(users).values({ ...values, createdAt: new Date(nowMs()) }).run()
      recordAccountEvent(tx, { orgId: org.id, actor: { kind: 'operator', userId: null }, kind: 'demo_officer_created', data: { email: demo.email } })
    })
    done.push(org.slug)
  }
  return done
}

function hasRealOfficers(db: DB, orgId: number, demoAddress: string): boolean {
  return db
    .select({ email: users.email })
    .from(users)
    .where(eq(users.orgId, orgId))
    .all()
    .some((u) => u.email !== demoAddress)
}

/** Demo admins of organisations that are not (or no longer) demo ones lose their account and sessions. */
export function removeStaleDemoOfficers(db: DB): string[] {
  const removed: string[] = []
  for (const org of db.select().from(organisations).where(eq(organisations.isDemo, false)).all()) {
    const user = db
      .select()
      .from(users)
      .where(and(eq(users.orgId, org.id), eq(users.email, demoEmail(org.slug)), isNull(users.removedAt)))
      .get()
    if (!user) continue
    db.transaction((tx) => {
      tx.update(users).set({ removedAt: new Date(nowMs()), passwordHash: null, totpSecret: null, totpConfirmedAt: null }).where(eq(users.id, user.id)).run()
      revokeAllSessions(tx, user.id)
      recordAccountEvent(tx, { orgId: org.id, actor: { kind: 'operator', userId: null }, kind: 'demo_officer_removed', data: { email: user.email } })
    })
    removed.push(org.slug)
  }
  return removed
}
