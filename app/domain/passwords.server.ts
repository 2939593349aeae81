import type { Algorithm } from '@node-rs/argon2'
import { type DB, write } from '#db/client.server'
import { allowAttempt } from '~/data/rate-limits.server'
import { revokeUserSessions } from '~/data/sessions.server'
import { getUserByEmail, updateUser } from '~/data/users.server'
import { PASSWORD_MIN_LENGTH } from '~/domain/account-forms'
import { actorOf, consumeUserToken, timeZoneOf, type TokenCheck } from '~/domain/accounts.server'
import { recordEvent } from '~/domain/events'
import { queueEmail } from '~/domain/mail.server'
import { lazyRequire } from '~/utils/lazy-require'
import { normaliseEmail } from '~/utils/search-terms'

// The argon2 binding is loaded at the first password, not at start-up (decision 027).
const argon2 = lazyRequire<typeof import('@node-rs/argon2')>('@node-rs/argon2')

// Officers' passwords: how they are hashed and checked, the rules they
// follow, and setting a new one from an emailed link.

const HOUR = 60 * 60 * 1000

export { PASSWORD_MIN_LENGTH }
export const PASSWORD_RESET_TTL = HOUR
export const RESET_LIMIT = { perEmail: 3, perIp: 20, windowMs: HOUR }


// Algorithm is a const enum in the typings; its value is spelled out so the
// code also compiles one file at a time (isolatedModules).
const ARGON2ID = 2 as Algorithm.Argon2id
const ARGON2_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 }

export function hashPassword(password: string): Promise<string> {
  return argon2().hash(password, ARGON2_OPTIONS)
}

/** For the CLI's demo data and tests, where a blocking hash is simpler. */
export function hashPasswordSync(password: string): string {
  return argon2().hashSync(password, ARGON2_OPTIONS)
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await argon2().verify(passwordHash, password)
  } catch {
    return false
  }
}

// Checked against when the email is unknown, so both cases take as long.
let dummyHash: string | undefined
export async function burnTime(password: string) {
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
export function assertPasswordRules(password: string) {
  const problem = passwordProblem(password)
  if (problem) throw new Error(`password refused: ${problem}`)
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
