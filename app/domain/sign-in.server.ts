import type { DB, Tx } from '#db/client.server'
import type { User } from '#db/schema'
import { allowAttempt, clearAttempts, isLimited } from '~/data/rate-limits.server'
import { createSession, revokeSession } from '~/data/sessions.server'
import { getUserByEmail, updateUser } from '~/data/users.server'
import { actorOf } from '~/domain/accounts.server'
import { recordEvent } from '~/domain/events'
import { burnTime, verifyPassword } from '~/domain/passwords.server'
import { checkTotp, newTotpSecret, normaliseCode } from '~/domain/totp.server'
import { nowMs } from '~/utils/clock'
import { normaliseEmail } from '~/utils/search-terms'

// Signing in: the password, then a TOTP code (or enrolling an authenticator
// the first time), the limits on failed attempts, and signing out.

const MINUTE = 60 * 1000

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

const write = <T>(db: DB, fn: (tx: Tx) => T): T => db.transaction(fn, { behavior: 'immediate' })

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
