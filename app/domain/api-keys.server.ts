import type { DB } from '#db/client.server'
import type { Organisation } from '#db/schema'
import { apiKeysOf, insertApiKey, revokeApiKeyRow, useApiKey, type ApiKey } from '~/data/answers.server'
import { getOrganisation } from '~/data/organisations.server'
import { allowAttempt } from '~/data/rate-limits.server'
import { recordEvent, type Actor } from '~/domain/events'
import { countOfficerWrite } from '~/domain/requests.server'
import { hashToken, randomToken } from '~/utils/tokens.server'

// Keys an organisation's own systems use for the portal's API (today: the
// do-not-contact check before a call). A key is random, shown once when it is
// made, stored as a hash, and can be revoked; its first characters stay
// visible so a key in use can be told apart.

const PREFIX = 'rpk_'
/**
 * Calls per organisation per minute, all its keys together: a dialler checking
 * numbers one by one, not a way to test the whole number plan. Counted per
 * organisation, so making more keys buys no more calls.
 */
export const API_CALLS_PER_MINUTE = 120
/** Keys in use per organisation: one per system that calls, with room to replace one before revoking it. */
export const MAX_ACTIVE_API_KEYS = 10

/** The organisation already has MAX_ACTIVE_API_KEYS keys in use. */
export class TooManyApiKeysError extends Error {
  readonly messageKey = 'officer:apiKeys.tooMany' as const
  constructor() {
    super(`An organisation can have at most ${MAX_ACTIVE_API_KEYS} keys in use: revoke one first.`)
  }
}

export function createApiKey(db: DB, q: { orgId: number; label: string; actor: Actor }): { key: string; row: ApiKey } {
  // An officer's keys count among their writes; the operator's command line is not limited.
  if (q.actor.kind === 'officer' && q.actor.userId !== null) countOfficerWrite(db, { orgId: q.orgId, officerId: q.actor.userId })
  const key = `${PREFIX}${randomToken()}`
  const label = q.label.trim().slice(0, 100) || '—'
  return db.transaction(
    (tx) => {
      // Counted inside the write transaction, so two admins at once cannot pass the cap together.
      if (apiKeysOf(tx, q.orgId).filter((k) => !k.revokedAt).length >= MAX_ACTIVE_API_KEYS) throw new TooManyApiKeysError()
      const row = insertApiKey(tx, { orgId: q.orgId, label, prefix: key.slice(0, PREFIX.length + 6), keyHash: hashToken(key), createdBy: q.actor.userId })
      recordEvent(tx, { kind: 'api_key_created', orgId: q.orgId, actor: q.actor, data: { apiKeyId: row.id } })
      return { key, row }
    },
    { behavior: 'immediate' },
  )
}

export function listApiKeys(db: DB, orgId: number): ApiKey[] {
  return apiKeysOf(db, orgId)
}

/** Revokes one of the organisation's keys; false when it is not theirs or already revoked. */
export function revokeApiKey(db: DB, q: { orgId: number; id: number; actor: Actor }): boolean {
  return db.transaction(
    (tx) => {
      const row = revokeApiKeyRow(tx, { orgId: q.orgId, id: q.id })
      if (row) recordEvent(tx, { kind: 'api_key_revoked', orgId: q.orgId, actor: q.actor, data: { apiKeyId: row.id } })
      return !!row
    },
    { behavior: 'immediate' },
  )
}

export type ApiCaller = { ok: true; org: Organisation; keyId: number } | { ok: false; reason: 'unauthorized' | 'rateLimited' }

/** The organisation behind an `Authorization: Bearer <key>` header. */
export function authenticateApiKey(db: DB, authorization: string | null): ApiCaller {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')
  if (!match || !match[1]!.startsWith(PREFIX)) return { ok: false, reason: 'unauthorized' }
  const row = useApiKey(db, hashToken(match[1]!))
  const org = row ? getOrganisation(db, row.orgId) : undefined
  if (!row || !org) return { ok: false, reason: 'unauthorized' }
  if (!allowAttempt(db, 'api:org', String(row.orgId), API_CALLS_PER_MINUTE, 60_000)) return { ok: false, reason: 'rateLimited' }
  return { ok: true, org, keyId: row.id }
}
