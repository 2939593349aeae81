import { z } from 'zod'
import type { DB, Tx } from '#db/client.server'
import type { Organisation, Request, User } from '#db/schema'
import { orgMembers } from '~/data/officer-requests.server'
import { savedPreferences, savePreference } from '~/data/notification-preferences.server'
import { recordEvent, officerActor } from '~/domain/events'
import { queueEmail } from '~/domain/mail.server'
import { worksRequests } from '~/domain/permissions'
import { env } from '~/utils/env.server'
import { DEADLINE_DAYS, NOTIFICATION_DELIVERIES, NOTIFICATION_KINDS, ROLES, type Language, type NotificationDelivery, type NotificationKind, type Role } from '~/vocabulary'

// Telling officers of new work. Each officer chooses, per kind of work, an
// email at once, a line in the daily digest, or nothing. The emails carry the
// reference number and a link, nothing about the person.

export type Preference = { delivery: NotificationDelivery; days: number }
export type Preferences = Record<NotificationKind, Preference>

/** New requests and replies at once (for the assignee or, when unassigned, for every officer); deadlines in the digest, a week ahead. */
export const DEFAULT_PREFERENCES: Preferences = {
  request_confirmed: { delivery: 'immediate', days: 0 },
  subject_replied: { delivery: 'immediate', days: 0 },
  assigned_to_me: { delivery: 'immediate', days: 0 },
  deadline_near: { delivery: 'digest', days: 7 },
}

export { DEADLINE_DAYS } from '~/vocabulary'

export function preferencesOf(db: DB | Tx, userIds: number[]): Map<number, Preferences> {
  const saved = savedPreferences(db, userIds)
  return new Map(
    userIds.map((id) => {
      const prefs: Preferences = structuredClone(DEFAULT_PREFERENCES)
      for (const p of saved.get(id) ?? []) prefs[p.kind] = { delivery: p.delivery, days: p.days ?? DEFAULT_PREFERENCES[p.kind].days }
      return [id, prefs]
    }),
  )
}

export const preferencesSchema = z.object(
  Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, z.enum(NOTIFICATION_DELIVERIES, { message: 'oversight:errors.deliveryRequired' })])) as unknown as Record<NotificationKind, z.ZodEnum<[NotificationDelivery, ...NotificationDelivery[]]>>,
).extend({
  deadlineDays: z.coerce.number().int().refine((n) => (DEADLINE_DAYS as readonly number[]).includes(n), 'oversight:errors.daysRequired'),
})

export function savePreferences(db: DB, user: Pick<User, 'id' | 'orgId'>, input: z.input<typeof preferencesSchema>): void {
  const p = preferencesSchema.parse(input)
  db.transaction((tx) => {
    for (const kind of NOTIFICATION_KINDS) savePreference(tx, user.id, { kind, delivery: p[kind], days: kind === 'deadline_near' ? p.deadlineDays : null })
    recordEvent(tx, { kind: 'notification_settings_changed', orgId: user.orgId, actor: officerActor(user.id), data: { kinds: [...NOTIFICATION_KINDS] } })
  }, { behavior: 'immediate' })
}

/** The officers of an organisation who can act on its requests and have signed in at least once. */
export function activeOfficers(db: DB | Tx, orgId: number) {
  return activeAmong(orgMembers(db, orgId, ROLES))
}

/** activeOfficers, from the members already read. */
export function activeAmong<M extends { role: Role; active: boolean }>(members: M[]): M[] {
  return members.filter((m) => worksRequests(m.role) && m.active)
}

/** Who hears of new work on a request: its assignee, or every officer while nobody has it. */
function recipientsFor(tx: Tx, request: Pick<Request, 'orgId' | 'assigneeId'>) {
  const officers = activeOfficers(tx, request.orgId)
  return request.assigneeId ? officers.filter((o) => o.id === request.assigneeId) : officers
}

function requestLink(lang: Language, requestId: number) {
  return `${env().PUBLIC_URL}/${lang}/officer/requests/${requestId}`
}

/**
 * Queues the "at once" emails for new work, in the transaction that caused it.
 * Officers who chose the digest find it there (app/jobs/digest.server.ts reads
 * the events); those who chose nothing are not told.
 */
export function notifyNewWork(
  tx: Tx,
  e: { kind: Exclude<NotificationKind, 'deadline_near'>; org: Organisation; request: Pick<Request, 'id' | 'orgId' | 'reference' | 'assigneeId'>; actorId?: number },
): void {
  const recipients = e.kind === 'assigned_to_me' ? activeOfficers(tx, e.org.id).filter((o) => o.id === e.request.assigneeId && o.id !== e.actorId) : recipientsFor(tx, e.request)
  if (recipients.length === 0 && e.kind !== 'assigned_to_me') {
    // Nobody in the portal to tell yet: the organisation's privacy address hears of it, by link only.
    const lang = e.org.profile.languages[0] ?? 'en'
    queueEmail(tx, { to: e.org.privacyEmail, language: lang, template: 'new-work', orgId: e.org.id, requestId: e.request.id, params: { kind: e.kind, orgName: e.org.name, reference: e.request.reference, link: requestLink(lang, e.request.id) } })
    return
  }
  const prefs = preferencesOf(tx, recipients.map((r) => r.id))
  for (const officer of recipients) {
    if (prefs.get(officer.id)?.[e.kind].delivery !== 'immediate') continue
    queueEmail(tx, {
      to: officer.email,
      language: officer.language,
      template: 'new-work',
      orgId: e.org.id,
      requestId: e.request.id,
      params: { kind: e.kind, orgName: e.org.name, reference: e.request.reference, link: requestLink(officer.language, e.request.id) },
    })
  }
}
