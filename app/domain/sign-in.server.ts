import { type DB, type Tx, write } from '#db/client.server'
import type { User } from '#db/schema'
import { allowAttempt, clearAttempts, countAttempt, isLimited } from '~/data/rate-limits.server'
import { createSession, revokeSession, touchSession } from '~/data/sessions.server'
import { getUser, getUserByEmail, listAdmins, updateUser } from '~/data/users.server'
import { actorOf, timeZoneOf } from '~/domain/accounts.server'
import { recordEvent, SYSTEM } from '~/domain/events'
import { queueEmail } from '~/domain/mail.server'
import { burnTime, verifyPassword } from '~/domain/passwords.server'
import { checkTotp, newTotpSecret, normaliseCode } from '~/domain/totp.server'
import { nowMs } from '~/utils/clock'
import { normaliseEmail } from '~/utils/search-terms'

// Signing in: the password, then a TOTP code (or enrolling an authenticator
// the first time), the limits on failed attempts, and signing out. While an
// account is held (below), the password and the code come in one step.

const MINUTE = 60 * 1000

/** An officer session ends after 30 minutes without a request… */
export const OFFICER_IDLE_MS = 30 * MINUTE
/** …and 12 hours after sign-in whatever happens. */
export const OFFICER_LIFETIME_MS = 12 * 60 * MINUTE
/** Between the password and the second factor (or TOTP enrolment) a session lives this long. */
export const OFFICER_PENDING_MS = 15 * MINUTE

/**
 * Failed sign-ins, counted per window. A client is stopped for one account
 * after a few failures, and for every account after more: that is what slows
 * a guesser down. The account as a whole is counted too, to catch guessing
 * spread over many clients, but reaching that limit locks nobody out: the
 * account is "held", and until the window ends only the password and a valid
 * code together sign in, in one step that does not say which of the two was
 * wrong (decision 015). Only failures count.
 */
export const SIGN_IN_LIMIT = { perAccountFromClient: 10, perClient: 50, perAccount: 200, windowMs: 15 * MINUTE }
export const TOTP_LIMIT = { perUser: 5, windowMs: 15 * MINUTE }


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

function fullSession(tx: Tx, userId: number): string {
  return createSession(tx, { kind: 'officer', userId, ttlMs: OFFICER_LIFETIME_MS, secondFactorAt: new Date(nowMs()) })
}

// A fresh token once both factors are in, so a token seen before sign-in is worth nothing after.
function upgradeSession(tx: Tx, pendingToken: string, userId: number): string {
  revokeSession(tx, pendingToken)
  return fullSession(tx, userId)
}

// ---------------------------------------------------------------- sign-in

export type SignInResult =
  | { ok: true; sessionToken: string; next: 'two-factor' | 'enrol' }
  | { ok: true; sessionToken: string; next: 'signed-in'; user: User }
  | { ok: false; reason: 'invalid' | 'rate_limited' | 'code_needed' }

// The limits of the client: they stop whoever guesses from there, and nobody else.
// Names the limit that refuses (for counting the refusals), or null.
function clientLimited(db: DB, email: string, ip: string | null): string | null {
  if (ip === null) return null
  const L = SIGN_IN_LIMIT
  if (isLimited(db, 'sign-in:client', ip, L.perClient)) return `client|${ip}`
  if (isLimited(db, 'sign-in:pair', `${email}|${ip}`, L.perAccountFromClient)) return `pair|${email}|${ip}`
  return null
}

function accountHeld(db: DB, email: string): boolean {
  return isLimited(db, 'sign-in:account', email, SIGN_IN_LIMIT.perAccount)
}

function countSignInFailure(db: DB, email: string, ip: string | null, user: User | undefined) {
  const L = SIGN_IN_LIMIT
  const account = countAttempt(db, 'sign-in:account', email, L.windowMs)
  if (ip !== null) {
    allowAttempt(db, 'sign-in:pair', `${email}|${ip}`, L.perAccountFromClient, L.windowMs)
    allowAttempt(db, 'sign-in:client', ip, L.perClient, L.windowMs)
  }
  // Exactly one failure reaches the limit in a window: it, and only it, tells the people concerned.
  if (user && account.count === L.perAccount) alertHeld(db, user, account.windowEndsAt)
}

/** Emails the officer and those who look after their account (the organisation's admins, or the operators) that the account is held. */
function alertHeld(db: DB, user: User, until: Date) {
  write(db, (tx) => {
    const recipients = [user, ...listAdmins(tx, user.orgId).filter((a) => a.id !== user.id)]
    const timeZone = timeZoneOf(tx, user.orgId)
    for (const r of recipients) {
      queueEmail(tx, {
        to: r.email,
        language: r.language,
        template: 'sign-in-held',
        orgId: user.orgId,
        params: { name: r.name, officerName: user.name, own: r.id === user.id, until: until.toISOString(), timeZone },
      })
    }
    recordEvent(tx, { kind: 'officer_sign_in_held', orgId: user.orgId, actor: SYSTEM, data: { userId: user.id, alerted: recipients.length } })
  })
}

function recordFailure(db: DB, user: User | undefined, reason: 'password' | 'totp' | 'rate_limited' | 'unknown_email' | 'code_needed', windowStart?: Date) {
  write(db, (tx) =>
    recordEvent(tx, {
      kind: 'officer_sign_in_failed',
      orgId: user?.orgId ?? null,
      actor: user ? actorOf(user) : { kind: 'officer', userId: null },
      data: { reason, userId: user?.id ?? null, ...(windowStart ? { windowStart: windowStart.toISOString() } : {}) },
    }),
  )
}

/**
 * An attempt a limit refuses checks nothing, so it is a count, not a fact for
 * the hash-chained trail: per window and per limit that refused (the client,
 * the account from that client, the account held, the officer's codes), the
 * first refusal writes one event with the window's start, and the others only
 * raise the count in rate_limits. A script hammering a refused sign-in thus
 * adds one row a window, not one a request.
 */
function recordRefusal(db: DB, user: User | undefined, reason: 'rate_limited' | 'code_needed', limit: string) {
  const windowMs = SIGN_IN_LIMIT.windowMs
  const { count, windowEndsAt } = countAttempt(db, 'sign-in:refused', `${reason}|${limit}`, windowMs)
  if (count === 1) recordFailure(db, user, reason, new Date(windowEndsAt.getTime() - windowMs))
}

/**
 * Signs in. Without a code this is the first factor: the answer says whether
 * the password was right (unknown address and wrong password alike), and the
 * code comes next. With a code, both factors are checked at once and the answer
 * says only whether both were right. While the account is held, only the
 * second way is open: the password alone is not checked at all, so guessing it
 * on a held account teaches nothing.
 */
export async function signIn(db: DB, input: { email: string; password: string; code?: string; ip: string | null }): Promise<SignInResult> {
  const email = normaliseEmail(input.email)
  const user = getUserByEmail(db, email)
  const usable = user && !user.removedAt && user.passwordHash ? user : undefined
  const refusedBy = clientLimited(db, email, input.ip)
  if (refusedBy) {
    recordRefusal(db, usable, 'rate_limited', refusedBy)
    return { ok: false, reason: 'rate_limited' }
  }
  if (input.code !== undefined) return bothFactors(db, email, usable, { ...input, code: input.code })
  if (accountHeld(db, email)) {
    recordRefusal(db, usable, 'code_needed', `account|${email}`)
    return { ok: false, reason: 'code_needed' }
  }
  if (!usable) {
    await burnTime(input.password)
    countSignInFailure(db, email, input.ip, undefined)
    recordFailure(db, undefined, 'unknown_email')
    return { ok: false, reason: 'invalid' }
  }
  if (!(await verifyPassword(usable.passwordHash!, input.password))) {
    countSignInFailure(db, email, input.ip, usable)
    recordFailure(db, usable, 'password')
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

// Password and code in one step. Every failure gets the same answer, whichever
// factor was wrong: a right password with a wrong (or rate-limited) code must
// look like a wrong password. Someone who never finished enrolling has no code
// to give, so they wait for the window to end.
async function bothFactors(db: DB, email: string, usable: User | undefined, input: { password: string; code: string; ip: string | null }): Promise<SignInResult> {
  let passwordRight = false
  if (usable) passwordRight = await verifyPassword(usable.passwordHash!, input.password)
  else await burnTime(input.password)
  const user = passwordRight ? usable : undefined
  const codeLimited = !!user && isLimited(db, 'totp:user', String(user.id), TOTP_LIMIT.perUser)
  const sessionToken =
    user && !codeLimited && user.totpConfirmedAt
      ? write(db, (tx) => {
          if (!checkTotp(tx, user, normaliseCode(input.code))) return null
          recordEvent(tx, { kind: 'officer_password_accepted', orgId: user.orgId, actor: actorOf(user), data: {} })
          recordEvent(tx, { kind: 'officer_signed_in', orgId: user.orgId, actor: actorOf(user), data: {} })
          return fullSession(tx, user.id)
        })
      : null
  if (user && sessionToken) {
    if (input.ip !== null) clearAttempts(db, 'sign-in:pair', `${email}|${input.ip}`)
    clearAttempts(db, 'totp:user', String(user.id))
    return { ok: true, sessionToken, next: 'signed-in', user }
  }
  countSignInFailure(db, email, input.ip, usable)
  if (user && !codeLimited) allowAttempt(db, 'totp:user', String(user.id), TOTP_LIMIT.perUser, TOTP_LIMIT.windowMs)
  if (user && codeLimited) recordRefusal(db, user, 'rate_limited', `totp|${user.id}`)
  else recordFailure(db, usable, !usable ? 'unknown_email' : !user ? 'password' : 'totp')
  return { ok: false, reason: 'invalid' }
}

/** The second factor, for a session that has the first. */
export function verifySecondFactor(db: DB, pendingToken: string, user: User, code: string): { ok: true; sessionToken: string } | { ok: false; reason: 'invalid' | 'rate_limited' } {
  if (isLimited(db, 'totp:user', String(user.id), TOTP_LIMIT.perUser)) {
    recordRefusal(db, user, 'rate_limited', `totp|${user.id}`)
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
    recordFailure(db, user, 'totp')
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

/**
 * The officer a session token belongs to, keeping the session alive; none for
 * an ended session or a removed account. `complete`: both factors given.
 */
export function officerSession(db: DB, token: string): { user: User; complete: boolean } | undefined {
  const session = touchSession(db, 'officer', token, OFFICER_IDLE_MS)
  if (!session?.userId) return undefined
  const user = getUser(db, session.userId)
  if (!user || user.removedAt) return undefined
  return { user, complete: session.secondFactorAt !== null && user.totpConfirmedAt !== null }
}
