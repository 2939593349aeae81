import type { DB, Tx } from '#db/client.server'
import type { User } from '#db/schema'
import { getOrganisation } from '~/data/organisations.server'
import { consumeToken, expireUnusedTokens, findToken } from '~/data/tokens.server'
import { getUser } from '~/data/users.server'
export type { SessionKind } from '~/data/sessions.server'
import type { Actor } from '~/domain/events'
import { nowMs } from '~/utils/clock'

// Accounts of the people who answer requests: organisation officers and
// admins, and the portal operator. Every change to one lands in the audit
// trail. Each part has its module: passwords and their reset
// (passwords.server.ts), TOTP (totp.server.ts), signing in and its limits
// (sign-in.server.ts), invitations (invitations.server.ts), an admin's team
// and settings (team.server.ts), the demo officers (demo-officers.server.ts);
// the operator's organisation files are in organisations.server.ts. This one
// holds what they share.

export function actorOf(user: Pick<User, 'id' | 'role'> | null): Actor {
  if (!user) return { kind: 'operator', userId: null } // the operator's command line
  return { kind: user.role === 'operator' ? 'operator' : 'officer', userId: user.id }
}

export function timeZoneOf(tx: Tx | DB, orgId: number | null): string {
  if (orgId === null) return 'Europe/Copenhagen'
  return getOrganisation(tx, orgId)?.timeZone ?? 'UTC'
}

// ---------------------------------------------------------------- single-use links (invitations, password resets)

export type TokenCheck<T> = ({ ok: true; user: User } & T) | { ok: false; reason: 'invalid' | 'expired' | 'used' }

/** Looks at a single-use link without using it up (the page that shows the form). */
export function peekToken(db: DB, purpose: 'invitation' | 'password_reset', token: string): TokenCheck<object> {
  const row = findToken(db, purpose, token)
  if (!row?.userId) return { ok: false, reason: 'invalid' }
  if (row.usedAt) return { ok: false, reason: 'used' }
  if (row.expiresAt.getTime() <= nowMs()) return { ok: false, reason: 'expired' }
  const user = getUser(db, row.userId)
  if (!user || user.removedAt) return { ok: false, reason: 'invalid' }
  return { ok: true, user }
}

/**
 * Uses up a single-use link of a user who can still sign in. The user is
 * checked before the link is used, so a refusal leaves the link as it was.
 */
export function consumeUserToken(tx: Tx, purpose: 'invitation' | 'password_reset', token: string): TokenCheck<object> {
  const row = findToken(tx, purpose, token)
  const user = row?.userId ? getUser(tx, row.userId) : undefined
  if (!user || user.removedAt) return { ok: false, reason: 'invalid' }
  const used = consumeToken(tx, purpose, token)
  if (!used.ok) return used
  // Any other link of the same kind still in a mailbox stops working with this one.
  expireUnusedTokens(tx, { purpose, userId: user.id })
  return { ok: true, user }
}
