import { createCipheriv, createDecipheriv, createHmac, createSecretKey, hkdfSync, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto'
import { env, type Env } from '~/utils/env.server'

// Personal data at rest: every value is sealed with AES-256-GCM under the
// current data key, and carries that key's id, so keys can be rotated while
// the portal runs (`npm run portal -- rotate-keys`). Lookups never need the
// clear text: an email address is found by its keyed hash, a name by the keyed
// hashes of its words. See docs/decisions/010-encryption-at-rest.md.

const VERSION = 'v1'
const IV_BYTES = 12

// Data keys as KeyObjects: Node makes one of a raw key on every cipher otherwise.
type Keyring = { current: { id: string; key: KeyObject }; all: Map<string, KeyObject>; index: Buffer }

/** The keys of the environment as read (env() gives a new object after resetEnv, e.g. new keys). */
let cached: { env: Env; ring: Keyring } | undefined

function keyring(): Keyring {
  const e = env()
  if (cached?.env === e) return cached.ring
  const entries = e.DATA_KEYS.map(({ id, key }) => [id, createSecretKey(key)] as const)
  const [first] = entries
  if (!first) throw new Error('DATA_KEYS: at least one key is needed')
  const ring = { current: { id: first[0], key: first[1] }, all: new Map(entries), index: e.INDEX_KEY }
  cached = { env: e, ring }
  return ring
}

/**
 * Seals a text. `context` names where the value lives (for example
 * "requests.subject"), bound into the tag as additional data, so a sealed
 * value copied into another column does not open there.
 */
export function seal(plain: string, context: string): string {
  const { current } = keyring()
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv('aes-256-gcm', current.key, iv)
  cipher.setAAD(Buffer.from(context, 'utf8'))
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()])
  return `${VERSION}.${current.id}.${iv.toString('base64url')}.${body.toString('base64url')}`
}

export class SealError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SealError'
  }
}

export function unseal(sealed: string, context: string): string {
  const [version, keyId, ivText, bodyText] = sealed.split('.')
  if (version !== VERSION || !keyId || !ivText || !bodyText) throw new SealError(`not a sealed value (${context})`)
  const key = keyring().all.get(keyId)
  if (!key) throw new SealError(`sealed with key "${keyId}", which DATA_KEYS does not hold (${context})`)
  const body = Buffer.from(bodyText, 'base64url')
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(ivText, 'base64url'))
  decipher.setAAD(Buffer.from(context, 'utf8'))
  decipher.setAuthTag(body.subarray(body.length - 16))
  try {
    return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString('utf8')
  } catch {
    throw new SealError(`sealed value does not open: wrong key or altered data (${context})`)
  }
}

/** Seals bytes (answer documents): the same format, the body being the bytes themselves. */
export function sealBytes(plain: Uint8Array, context: string): Buffer {
  const { current } = keyring()
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv('aes-256-gcm', current.key, iv)
  cipher.setAAD(Buffer.from(context, 'utf8'))
  const header = Buffer.from(`${VERSION}.${current.id}.`, 'utf8')
  return Buffer.concat([header, iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()])
}

export function unsealBytes(sealed: Buffer, context: string): Buffer {
  const text = sealed.subarray(0, 64).toString('latin1')
  const parts = text.split('.')
  if (parts[0] !== VERSION || !parts[1]) throw new SealError(`not sealed bytes (${context})`)
  const headerLength = `${parts[0]}.${parts[1]}.`.length
  const key = keyring().all.get(parts[1])
  if (!key) throw new SealError(`sealed with key "${parts[1]}", which DATA_KEYS does not hold (${context})`)
  const iv = sealed.subarray(headerLength, headerLength + IV_BYTES)
  const body = sealed.subarray(headerLength + IV_BYTES)
  const decipher = createDecipheriv('aes-256-gcm', key, iv)
  decipher.setAAD(Buffer.from(context, 'utf8'))
  decipher.setAuthTag(body.subarray(body.length - 16))
  try {
    return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()])
  } catch {
    throw new SealError(`sealed bytes do not open: wrong key or altered data (${context})`)
  }
}

/** The id of the key a sealed value (text or bytes) was sealed with. */
export function sealedKeyId(sealed: string | Buffer): string | undefined {
  const text = typeof sealed === 'string' ? sealed : sealed.subarray(0, 64).toString('latin1')
  const [version, keyId] = text.split('.')
  return version === VERSION ? keyId : undefined
}

export function currentKeyId(): string {
  return keyring().current.id
}

/**
 * Purposes of keyed hashes, each with a key of its own derived from
 * INDEX_KEY, so a hash made for one purpose says nothing about another.
 */
export type HashPurpose = 'email' | 'name-term' | 'phone' | 'do-not-contact' | 'rate-limit' | 'audit-chain' | 'controller-code'

const purposeKeys = new Map<string, Buffer>()

function purposeKey(purpose: HashPurpose): Buffer {
  const index = keyring().index
  const cacheKey = `${index.toString('hex')}:${purpose}`
  let key = purposeKeys.get(cacheKey)
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', index, Buffer.alloc(0), `rights-portal:${purpose}`, 32))
    purposeKeys.set(cacheKey, key)
  }
  return key
}

/** HMAC-SHA256 of an already normalised value, hex: equal inputs give equal hashes, and nothing else can be read from it. */
export function keyedHash(purpose: HashPurpose, value: string): string {
  return createHmac('sha256', purposeKey(purpose)).update(value, 'utf8').digest('hex')
}

export function hashesEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex')
  const y = Buffer.from(b, 'hex')
  return x.length === y.length && timingSafeEqual(x, y)
}

/** A fresh 32-byte key, base64: what `npm run portal -- new-key` prints. */
export function newKey(): string {
  return randomBytes(32).toString('base64')
}
