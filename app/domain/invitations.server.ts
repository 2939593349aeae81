import { type DB, write } from '#db/client.server'
import type { User } from '#db/schema'
import { getOrganisation } from '~/data/organisations.server'
import { createSession } from '~/data/sessions.server'
import { issueToken } from '~/data/tokens.server'
import { getUserByEmail, insertUser, updateUser } from '~/data/users.server'
import { actorOf, consumeUserToken, timeZoneOf, type TokenCheck } from '~/domain/accounts.server'
import { recordEvent } from '~/domain/events'
import { queueEmail } from '~/domain/mail.server'
import { assertPasswordRules, hashPassword } from '~/domain/passwords.server'
import { OFFICER_PENDING_MS } from '~/domain/sign-in.server'
import { newTotpSecret } from '~/domain/totp.server'
import { nowMs } from '~/utils/clock'
import { env } from '~/utils/env.server'
import { normaliseEmail } from '~/utils/search-terms'
import type { Language, Role } from '~/vocabulary'

// Joining: an officer, an admin or the operator is invited by email, sets a
// password from the link, and enrols an authenticator (sign-in.server.ts).

export const INVITATION_TTL = 7 * 24 * 60 * 60 * 1000


/** userId null: the address has an account elsewhere, and nothing was sent (the admin is not told, see inviteUser). */
export type InviteResult = { ok: true; userId: number | null } | { ok: false; reason: 'exists' }

/**
 * Invites someone to be an officer or admin of an organisation (orgId set) or
 * the operator (orgId null). Someone invited but not yet in, or removed from
 * the same organisation, is invited again. An address with an account in
 * another organisation is not invited, and the answer is the same as for a new
 * invitation, so an admin cannot probe other organisations' staff.
 * `printLink`: the CLI shows a link of its own as well (both work once; the
 * first used retires the other).
 */
export function inviteUser(
  db: DB,
  invitedBy: User | null,
  i: { orgId: number | null; role: Role; email: string; name: string; language: Language },
  opts: { printLink?: boolean } = {},
): InviteResult & { link?: string } {
  const email = normaliseEmail(i.email)
  return write(db, (tx) => {
    const existing = getUserByEmail(tx, email)
    let userId: number
    if (existing) {
      const pending = existing.passwordHash === null || existing.removedAt !== null
      if (!pending || existing.orgId !== i.orgId) {
        recordEvent(tx, { kind: 'officer_invitation_refused', orgId: i.orgId, actor: actorOf(invitedBy), data: { reason: existing.orgId === i.orgId ? 'exists' : 'exists_elsewhere' } })
        return existing.orgId === i.orgId ? { ok: false as const, reason: 'exists' as const } : { ok: true as const, userId: null }
      }
      updateUser(tx, existing.id, { role: i.role, name: i.name, language: i.language, passwordHash: null, totpSecret: null, totpConfirmedAt: null, totpLastStep: null, removedAt: null })
      userId = existing.id
    } else {
      userId = insertUser(tx, { orgId: i.orgId, role: i.role, email, name: i.name, language: i.language, createdAt: new Date(nowMs()) }).id
    }
    const org = i.orgId === null ? undefined : getOrganisation(tx, i.orgId)
    queueEmail(tx, {
      to: email,
      language: i.language,
      template: 'officer-invitation',
      orgId: i.orgId,
      params: { name: i.name, orgName: org?.name ?? null, role: i.role, inviter: invitedBy?.name ?? null, timeZone: timeZoneOf(tx, i.orgId) },
      // A new invitation retires the older ones, unless the CLI prints one of its own beside it.
      links: [{ name: 'link', purpose: 'invitation', userId, ttlMs: INVITATION_TTL, path: `/${i.language}/officer/invitation/{token}`, replacesOthers: !opts.printLink }],
    })
    recordEvent(tx, { kind: 'officer_invited', orgId: i.orgId, actor: actorOf(invitedBy), data: { userId, role: i.role } })
    const link = opts.printLink ? `${env().PUBLIC_URL}/${i.language}/officer/invitation/${issueToken(tx, { purpose: 'invitation', userId, ttlMs: INVITATION_TTL }).token}` : undefined
    return { ok: true as const, userId, link }
  })
}

/**
 * Sets the invitee's password and hands out a half-way session: the next
 * step, enrolling an authenticator, finishes the sign-in.
 */
export async function acceptInvitation(db: DB, token: string, password: string): Promise<TokenCheck<{ sessionToken: string }>> {
  assertPasswordRules(password)
  const passwordHash = await hashPassword(password)
  return write(db, (tx) => {
    const used = consumeUserToken(tx, 'invitation', token)
    if (!used.ok) return used
    const { user } = used
    const totpSecret = newTotpSecret()
    updateUser(tx, user.id, { passwordHash, totpSecret, totpConfirmedAt: null, totpLastStep: null })
    const sessionToken = createSession(tx, { kind: 'officer', userId: user.id, ttlMs: OFFICER_PENDING_MS })
    recordEvent(tx, { kind: 'officer_accepted', orgId: user.orgId, actor: actorOf(user), data: {} })
    return { ok: true as const, user: { ...user, passwordHash, totpSecret }, sessionToken }
  })
}
