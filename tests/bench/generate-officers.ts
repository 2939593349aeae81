import { createHmac } from 'node:crypto'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { hashSync, type Algorithm } from '@node-rs/argon2'
import { Secret } from 'otpauth'
import { and, asc, eq, isNull } from 'drizzle-orm'
import { openDatabase } from '#db/client.server'
import { organisations, users } from '#db/schema'
import { createSession } from '~/data/sessions.server'
import { OFFICER_LIFETIME_MS } from '~/domain/sign-in.server'
import { nowMs } from '~/utils/clock'
import { resetEnv } from '~/utils/env.server'
import { applyBenchEnv, BENCH_ENV, BENCH_PASSWORD } from './keys'

// The officers of a benchmark database, and how a benchmark signs in as one
// without going through the sign-in pages (as tests/support/officers.ts does).

const ARGON2ID = 2 as Algorithm.Argon2id

/**
 * The argon2id hash of BENCH_PASSWORD every bench officer has: the lowest
 * cost argon2 allows (checking one reads its cost from the hash), a fixed
 * salt so the database is the same for the same seed.
 */
export function benchPasswordHash(): string {
  return hashSync(BENCH_PASSWORD, { algorithm: ARGON2ID, memoryCost: 8, timeCost: 1, parallelism: 1, salt: Buffer.from('bench-salt-0001!') })
}

/** A bench officer's TOTP secret, derived from the seed and the address, so it can be printed again. */
export function benchTotpSecret(seed: number, email: string): string {
  const bytes = createHmac('sha256', `bench-totp:${seed}`).update(email).digest().subarray(0, 20)
  return new Secret({ buffer: new Uint8Array(bytes).buffer }).base32
}

export const benchAdminEmail = (slug: string) => `admin@${slug}.example`
export const benchOfficerEmail = (slug: string, n: number) => `officer-${n}@${slug}.example`

export type BenchOfficer = {
  userId: number
  orgId: number
  email: string
  password: string
  /** Its authenticator secret (base32), for signing in through the pages: totpCode(secret) from app/domain/totp.server.ts. */
  totpSecret: string
  /** A Cookie header value of a fresh officer session with both factors given (signed with BENCH_ENV.SESSION_SECRET). */
  cookie: string
}

/**
 * Signs in as the admin of `orgSlug` on a generated database (the portal may
 * be running on it: this opens its own connection in WAL mode) and returns
 * the session cookie. The session lives 12 hours and ends after 30 idle
 * minutes, as every officer session does.
 */
export function benchOfficer(dbPath: string, orgSlug: string, seed = 1): BenchOfficer {
  applyBenchEnv()
  resetEnv()
  const db = openDatabase(dbPath)
  try {
    // Only the columns needed: the file may be of an older schema until a portal has migrated it.
    const org = db.select({ id: organisations.id }).from(organisations).where(eq(organisations.slug, orgSlug)).get()
    if (!org) throw new Error(`${dbPath}: no organisation "${orgSlug}"`)
    const user = db
      .select({ id: users.id, email: users.email, totpSecret: users.totpSecret })
      .from(users)
      .where(and(eq(users.orgId, org.id), eq(users.role, 'admin'), isNull(users.removedAt)))
      .orderBy(asc(users.id))
      .get()
    if (!user) throw new Error(`${dbPath}: "${orgSlug}" has no admin`)
    const token = createSession(db, { kind: 'officer', userId: user.id, ttlMs: OFFICER_LIFETIME_MS, secondFactorAt: new Date(nowMs()) })
    return { userId: user.id, orgId: org.id, email: user.email, password: BENCH_PASSWORD, totpSecret: user.totpSecret ?? benchTotpSecret(seed, user.email), cookie: `__officer=${encodeURIComponent(signCookieValue(token))}` }
  } finally {
    db.$client.close()
  }
}

// Remix's createCookie signs asynchronously; this is the same format (base64
// of the JSON value, ".", HMAC-SHA256 in base64 without padding), done synchronously.
function signCookieValue(value: string): string {
  const encoded = Buffer.from(JSON.stringify(value), 'utf8').toString('base64')
  const mac = createHmac('sha256', BENCH_ENV.SESSION_SECRET).update(encoded).digest('base64').replace(/=+$/, '')
  return `${encoded}.${mac}`
}

// npx tsx tests/bench/generate-officers.ts <database> <organisation-slug>: prints the admin's sign-in as JSON (cookie included).
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const [dbPath, slug] = process.argv.slice(2)
  if (!dbPath || !slug) {
    console.error('usage: npx tsx tests/bench/generate-officers.ts <database> <organisation-slug>')
    process.exit(2)
  }
  console.log(JSON.stringify(benchOfficer(dbPath, slug), null, 2))
}
