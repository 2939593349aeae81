import { type DB, write } from '#db/client.server'
import type { Organisation, User } from '#db/schema'
import { updateOrganisationSettings } from '~/data/organisations.server'
import { revokeUserSessions } from '~/data/sessions.server'
import { expireUserTokens } from '~/data/tokens.server'
import { getUser, listTeam as team, updateUser } from '~/data/users.server'
import { actorOf } from '~/domain/accounts.server'
import { recordEvent } from '~/domain/events'
import { unassignAllOf } from '~/domain/requests.server'
import { nowMs } from '~/utils/clock'

// What an organisation's admin manages: its officers and its settings.


/** Officers and admins of one organisation, removed ones left out. */
export function listTeam(db: DB, orgId: number): User[] {
  return team(db, orgId)
}

/** Removes an officer from the admin's organisation; their sessions and links end at once and their open requests go back to nobody. */
export function removeUser(db: DB, admin: User, userId: number): { ok: true; user: User } | { ok: false; reason: 'not_found' | 'already_removed' | 'self' } {
  if (admin.id === userId) return { ok: false, reason: 'self' }
  return write(db, (tx) => {
    const user = getUser(tx, userId)
    if (!user || user.orgId === null || user.orgId !== admin.orgId) return { ok: false as const, reason: 'not_found' as const }
    if (user.removedAt) return { ok: false as const, reason: 'already_removed' as const }
    updateUser(tx, user.id, { removedAt: new Date(nowMs()) })
    revokeUserSessions(tx, user.id)
    expireUserTokens(tx, user.id)
    const unassigned = unassignAllOf(tx, { orgId: user.orgId, userId: user.id, byOfficerId: admin.id })
    recordEvent(tx, { kind: 'officer_removed', orgId: user.orgId, actor: actorOf(admin), data: { userId: user.id, role: user.role, unassigned } })
    return { ok: true as const, user }
  })
}

export type OrgSettings = { slaDays: number; pauseClockOnInfoRequest: boolean; privacyEmail: string }

export function updateOrgSettings(db: DB, admin: User, org: Organisation, s: OrgSettings): void {
  const before: OrgSettings = { slaDays: org.slaDays, pauseClockOnInfoRequest: org.pauseClockOnInfoRequest, privacyEmail: org.privacyEmail }
  const changed = (Object.keys(s) as Array<keyof OrgSettings>).filter((k) => before[k] !== s[k])
  if (changed.length === 0) return
  write(db, (tx) => {
    updateOrganisationSettings(tx, org.id, s, new Date(nowMs()))
    recordEvent(tx, { kind: 'organisation_settings_changed', orgId: org.id, actor: actorOf(admin), data: { fields: changed } })
  })
}
