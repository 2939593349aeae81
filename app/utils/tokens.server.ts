import { createHash, randomBytes } from 'node:crypto'

/** A URL-safe random token with 256 bits of entropy. Only its hash is ever stored. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url')
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}
