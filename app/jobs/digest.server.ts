import { DateTime } from 'luxon'
import type { DB } from '#db/client.server'
import type { Organisation } from '#db/schema'
import type { DigestItem } from '#emails/digest-emails'
import { countDue, countUnassigned, dueRequests, lastDigestAt, requestEventsSince } from '~/data/digest.server'
import { listOrganisations } from '~/data/organisations.server'
import { daysLeftFrom } from '~/domain/deadlines'
import { recordEvent, SYSTEM } from '~/domain/events'
import { queueEmail } from '~/domain/mail.server'
import { activeOfficers, preferencesOf } from '~/domain/notifications.server'
import { formatDate } from '~/i18n/i18n'
import { now } from '~/utils/clock'
import { env } from '~/utils/env.server'
import { logger } from '~/utils/logger.server'

// The daily round, each morning per organisation: every officer gets one
// digest of what they chose to hear of there (new requests, replies, requests
// given to them, deadlines within their chosen days, past the legal deadline,
// and how many nobody has taken), and officers who asked to hear of a near
// deadline at once get that email on the day. Sent at most once per
// organisation per local day; the `digest_sent` event is the record and the guard.

/** The scheduler sends an organisation's digest once it is this late, local time. */
export const DIGEST_HOUR = 7
const CHECK_EVERY_MS = 15 * 60_000
// The email lists the most urgent ones; the rest are counted and one click away.
const MAX_LISTED = 50

export type DigestOutcome = {
  orgId: number
  slug: string
  /** The organisation's local date the digest is for. */
  date: string
  result: 'sent' | 'already_sent' | 'nothing_due' | 'no_officers' | 'too_early' | 'failed'
  emails: number
  error?: string
}

/**
 * Sends each organisation's digest for its local today, unless it went out
 * already. With `notBeforeHour`, organisations where it is earlier than that
 * local hour are left for later. One organisation failing never stops the others.
 */
export function sendDailyDigests(db: DB, opts: { notBeforeHour?: number } = {}): DigestOutcome[] {
  return listOrganisations(db).map((org) => {
    try {
      return sendDigest(db, org, opts)
    } catch (error) {
      const date = DateTime.fromJSDate(now(), { zone: org.timeZone }).toISODate() ?? ''
      return { orgId: org.id, slug: org.slug, date, result: 'failed', emails: 0, error: error instanceof Error ? error.message : String(error) }
    }
  })
}

/** One organisation's round for its local today: the check, the event and the emails in one transaction. */
export function sendDigest(db: DB, org: Organisation, opts: { notBeforeHour?: number } = {}): DigestOutcome {
  const at = now()
  const local = DateTime.fromJSDate(at, { zone: org.timeZone })
  if (!local.isValid) throw new RangeError(`Unknown time zone: ${org.timeZone}`)
  const date = local.toFormat('yyyy-MM-dd')
  const outcome = (result: DigestOutcome['result'], emails = 0): DigestOutcome => ({ orgId: org.id, slug: org.slug, date, result, emails })
  if (opts.notBeforeHour !== undefined && local.hour < opts.notBeforeHour) return outcome('too_early')
  const publicUrl = env().PUBLIC_URL

  // Immediate: two processes (the server's scheduler and the CLI) can never both find no event and both send.
  return db.transaction(
    (tx) => {
      const last = lastDigestAt(tx, org.id)
      if (last?.date === date) return outcome('already_sent')
      const officers = activeOfficers(tx, org.id)
      if (officers.length === 0) return outcome('no_officers')
      const prefs = preferencesOf(tx, officers.map((o) => o.id))
      const since = last?.at ?? local.minus({ days: 1 }).toJSDate()
      const recent = requestEventsSince(tx, { orgId: org.id, kinds: ['email_confirmed', 'subject_replied', 'assigned'], since })
      const unassigned = countUnassigned(tx, org.id)
      // Deadlines end at midnight local time: "within N days" is every date up to the end of the Nth local day from today.
      const startOfToday = local.startOf('day')
      const left = daysLeftFrom(at, org.timeZone)
      let emails = 0
      for (const officer of officers) {
        const p = prefs.get(officer.id)!
        const lang = officer.language
        const days = p.deadline_near.days
        const cutoff = startOfToday.plus({ days }).endOf('day').toJSDate()
        const mine = (r: { assigneeId: number | null }) => r.assigneeId === officer.id || r.assigneeId === null
        if (p.deadline_near.delivery === 'immediate') {
          // Exactly N days before the deadline: told once, on that day.
          const dayStart = startOfToday.plus({ days }).toJSDate()
          const dueThatDay = dueRequests(tx, { orgId: org.id, officerId: officer.id, cutoff, limit: MAX_LISTED }).filter((r) => r.dueAt >= dayStart)
          if (dueThatDay.length) {
            queueEmail(tx, {
              to: officer.email,
              language: lang,
              template: 'deadline-near',
              orgId: org.id,
              params: { orgName: org.name, days, items: dueThatDay.map((r) => ({ reference: r.reference, dueDate: formatDate(r.dueAt, lang, org.timeZone) })), queueLink: `${publicUrl}/${lang}/officer/queue?sort=deadline` },
            })
            emails++
          }
        }
        const counts = p.deadline_near.delivery === 'off' ? { overdue: 0, soon: 0 } : countDue(tx, { orgId: org.id, officerId: officer.id, before: startOfToday.toJSDate(), cutoff })
        const items: DigestItem[] =
          p.deadline_near.delivery === 'digest'
            ? dueRequests(tx, { orgId: org.id, officerId: officer.id, cutoff, limit: MAX_LISTED }).map((r) => ({ reference: r.reference, type: r.type, daysLeft: left(r.dueAt) }))
            : []
        const refs = (kind: string, keep: (e: (typeof recent)[number]) => boolean) => [...new Set(recent.filter((e) => e.kind === kind && !e.closed && keep(e)).map((e) => e.reference))]
        const newRequests = refs('email_confirmed', (e) => e.assigneeId === null)
        const replies = p.subject_replied.delivery === 'digest' ? refs('subject_replied', mine) : []
        const assignedToMe = p.assigned_to_me.delivery === 'digest' ? refs('assigned', (e) => e.data.assigneeId === officer.id && e.assigneeId === officer.id) : []
        if (counts.overdue + counts.soon + newRequests.length + replies.length + assignedToMe.length + unassigned === 0) continue
        queueEmail(tx, {
          to: officer.email,
          language: lang,
          template: 'daily-digest',
          orgId: org.id,
          params: {
            officerName: officer.name,
            orgName: org.name,
            date: formatDate(at, lang, org.timeZone),
            overdue: counts.overdue,
            dueSoon: counts.soon,
            items,
            newRequests,
            unassigned,
            replies,
            assignedToMe,
            link: `${publicUrl}/${lang}/officer/queue`,
          },
        })
        emails++
      }
      // Nothing to say is not recorded: the next check finds nothing again, at no cost.
      if (emails === 0) return outcome('nothing_due')
      recordEvent(tx, { kind: 'digest_sent', orgId: org.id, actor: SYSTEM, data: { date, recipients: emails } })
      return outcome('sent', emails)
    },
    { behavior: 'immediate' },
  )
}

/**
 * Checks every 15 minutes and runs each organisation's round once it is past
 * 07:00 in that organisation's time zone. Returns a function that stops it.
 */
export function startDigestScheduler(db: DB, opts: { intervalMs?: number } = {}): () => void {
  const timer = setInterval(() => {
    try {
      for (const outcome of sendDailyDigests(db, { notBeforeHour: DIGEST_HOUR })) {
        if (outcome.result === 'failed') logger().error({ org: outcome.slug, error: outcome.error }, 'digest failed')
      }
    } catch (error) {
      logger().error({ error: error instanceof Error ? error.name : 'Error' }, 'digest scheduler failed')
    }
  }, opts.intervalMs ?? CHECK_EVERY_MS)
  timer.unref()
  return () => clearInterval(timer)
}
