import { Secret, TOTP } from 'otpauth'
import type { DB, Tx } from '#db/client.server'
import type { User } from '#db/schema'
import { claimTotpStep } from '~/data/users.server'
import { nowMs } from '~/utils/clock'

// The second factor: time-based codes from an authenticator app (RFC 6238).

export const TOTP_ISSUER = 'Rights Portal'
const TOTP_PERIOD_S = 30

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
