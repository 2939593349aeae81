import { createHmac } from 'node:crypto'
import { hashSync, type Algorithm } from '@node-rs/argon2'
import type { DB } from '#db/client.server'
import type { User } from '#db/schema'
import { createSession } from '~/data/sessions.server'
import { insertUser } from '~/data/users.server'
import { OFFICER_LIFETIME_MS } from '~/domain/sign-in.server'
import { newTotpSecret } from '~/domain/totp.server'
import { nowMs } from '~/utils/clock'
import { env } from '~/utils/env.server'
import type { Language, Role } from '~/vocabulary'

// Lets any test act as a signed-in officer without going through the sign-in pages.

export const TEST_PASSWORD = 'correct horse battery staple'

let counter = 0

// The test officers' passwords are argon2id hashes as the portal makes them,
// at the lowest cost argon2 allows: checking one reads its cost from the hash,
// so the hundreds of sign-ins the attack tests make each take a fraction of a
// millisecond instead of tens. The portal's own cost is tested in
// tests/accounts.test.ts, on the hashes it makes.
const ARGON2ID = 2 as Algorithm.Argon2id
function cheapHash(password: string): string {
  return hashSync(password, { algorithm: ARGON2ID, memoryCost: 8, timeCost: 1, parallelism: 1 })
}

/** An officer (or admin) with a password (TEST_PASSWORD) and a confirmed TOTP secret. */
export function createOfficer(db: DB, o: { orgId: number | null; role?: Role; email?: string; name?: string; language?: Language }): User {
  counter++
  const at = new Date(nowMs())
  return db.transaction((tx) =>
    insertUser(tx, {
      orgId: o.orgId,
      role: o.role ?? 'officer',
      email: o.email ?? `officer-${process.pid}-${counter}-${Math.random().toString(36).slice(2, 8)}@test.example`,
      name: o.name ?? `Test Officer ${counter}`,
      language: o.language ?? 'en',
      passwordHash: cheapHash(TEST_PASSWORD),
      totpSecret: newTotpSecret(),
      totpConfirmedAt: at,
      createdAt: at,
    }),
  )
}

/** A Cookie header value for a fresh session of this user with both factors given. */
export function signedInCookie(db: DB, user: Pick<User, 'id'>): string {
  const token = createSession(db, { kind: 'officer', userId: user.id, ttlMs: OFFICER_LIFETIME_MS, secondFactorAt: new Date(nowMs()) })
  return `__officer=${encodeURIComponent(signCookieValue(token))}`
}

// Remix's createCookie signs asynchronously; this is the same format
// (base64 of the JSON value, ".", HMAC-SHA256 in base64 without padding), done synchronously.
function signCookieValue(value: string): string {
  const encoded = Buffer.from(JSON.stringify(value), 'utf8').toString('base64')
  const mac = createHmac('sha256', env().SESSION_SECRET).update(encoded).digest('base64').replace(/=+$/, '')
  return `${encoded}.${mac}`
}
