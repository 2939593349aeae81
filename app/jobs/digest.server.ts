import { and, asc, eq, gte, inArray, isNotNull, isNull, lte, sql } from 'drizzle-orm'
import { DateTime } from 'luxon'
import type { DB, Tx } from '#db/client.server'
import { events, organisations, requests, users, type Organisation } from '#db/schema'
import { dailyDigest } from '#emails/digest-emails'
import { daysLeft } from '~/domain/deadlines'
import { formatDate } from '~/i18n/i18n'
import { enqueueEmail } from '~/jobs/outbox.server'
import { now } from '~/utils/clock'

// The daily digest: each morning, every officer of an organisation gets one
// email listing its open requests that are overdue or due within a week. It is
// sent at most once per organisation per local day; the `digest_sent` event is
// both the record and the guard.

/** Requests due within this many days (by the queue's date) are listed. */
export const DUE_SOON_DAYS = 7
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
export function sendDailyDigests(db: DB, opts: { publicUrl: string; notBeforeHour?: number }): DigestOutcome[] {
  const orgs = db.select().from(organisations).orderBy(asc(organisations.id)).all()
  return orgs.map((org) => {
    try {
      return sendDigest(db, org, opts)
    } catch (error) {
      const date = DateTime.fromJSDate(now(), { zone: org.timeZone }).toISODate() ?? ''
      return { orgId: org.id, slug: org.slug, date, result: 'failed', emails: 0, error: error instanceof Error ? error.message : String(error) }
    }
  })
}

/** One organisation's digest for its local today: the check, the event and the emails in one transaction. */
export function sendDigest(db: DB, org: Organisation, opts: { publicUrl: string; notBeforeHour?: number }): DigestOutcome {
  const at = now()
  const local = DateTime.fromJSDate(at, { zone: org.timeZone })
  if (!local.isValid) throw new RangeError(`Unknown time zone: ${org.timeZone}`)
  const date = local.toFormat('yyyy-MM-dd')
  const outcome = (result: DigestOutcome['result'], emails = 0): DigestOutcome => ({ orgId: org.id, slug: org.slug, date, result, emails })
  if (opts.notBeforeHour !== undefined && local.hour < opts.notBeforeHour) return outcome('too_early')

  // Immediate: two processes (the server's scheduler and the CLI) can never both
  // find no event and both send.
  return db.transaction(
    (tx) => {
      if (digestSentOn(tx, org.id, date, local)) return outcome('already_sent')

      // Deadlines end at midnight local time, so "due within 7 days" is every
      // queue date up to the end of the 7th local day from today.
      const startOfToday = local.startOf('day').toJSDate()
      const cutoff = local.startOf('day').plus({ days: DUE_SOON_DAYS }).endOf('day').toJSDate()
      const due = and(eq(requests.orgId, org.id), eq(requests.closed, false), lte(requests.queueDueAt, cutoff))
      const counts = tx
        .select({ total: sql<number>`count(*)`, overdue: sql<number>`coalesce(sum(${requests.queueDueAt} < ${startOfToday.getTime()}), 0)` })
        .from(requests)
        .where(due)
        .get()
      const total = counts?.total ?? 0
      if (total === 0) return outcome('nothing_due')

      const officers = tx
        .select({ email: users.email, name: users.name, language: users.language })
        .from(users)
        .where(
          and(
            eq(users.orgId, org.id),
            inArray(users.role, ['officer', 'admin']),
            isNull(users.removedAt),
            // An invitation not yet taken up has no password: that person cannot sign in to act on it.
            isNotNull(users.passwordHash)
          )
        )
        .orderBy(asc(users.id))
        .all()
      if (officers.length === 0) return outcome('no_officers')

      // Reference and type only: the digest names no one.
      const items = tx
        .select({ reference: requests.reference, type: requests.type, queueDueAt: requests.queueDueAt })
        .from(requests)
        .where(due)
        .orderBy(asc(requests.queueDueAt), asc(requests.id))
        .limit(MAX_LISTED)
        .all()
        .map((r) => ({ reference: r.reference, type: r.type, daysLeft: daysLeft(r.queueDueAt, at, org.timeZone) }))
      const overdue = counts?.overdue ?? 0

      tx.insert(events)
        .values({
          at,
          orgId: org.id,
          requestId: null,
          actorKind: 'system',
          kind: 'digest_sent',
          data: { date, overdue, dueSoon: total - overdue, recipients: officers.length },
        })
        .run()
      for (const officer of officers) {
        const lang = officer.language
        enqueueEmail(tx, {
          to: officer.email,
          language: lang,
          template: 'daily-digest',
          orgId: org.id,
          email: dailyDigest(lang, {
            officerName: officer.name,
            orgName: org.name,
            date: formatDate(at, lang, org.timeZone),
            overdue,
            dueSoon: total - overdue,
            items,
            link: `${opts.publicUrl}/${lang}/officer/queue`,
          }),
        })
      }
      return outcome('sent', officers.length)
    },
    { behavior: 'immediate' }
  )
}

function digestSentOn(tx: Tx, orgId: number, date: string, local: DateTime): boolean {
  // The time bound keeps the lookup on the (org_id, at) index; the date decides.
  const since = local.startOf('day').minus({ days: 1 }).toJSDate()
  const found = tx
    .select({ id: events.id })
    .from(events)
    .where(and(eq(events.orgId, orgId), gte(events.at, since), eq(events.kind, 'digest_sent'), sql`json_extract(${events.data}, '$.date') = ${date}`))
    .limit(1)
    .get()
  return found !== undefined
}

/**
 * Checks every 15 minutes and sends each organisation's digest once it is past
 * 07:00 in that organisation's time zone. Returns a function that stops it.
 */
export function startDigestScheduler(db: DB, opts: { publicUrl: string; intervalMs?: number }): () => void {
  const timer = setInterval(() => {
    try {
      for (const outcome of sendDailyDigests(db, { publicUrl: opts.publicUrl, notBeforeHour: DIGEST_HOUR })) {
        if (outcome.result === 'failed') console.error(`digest for ${outcome.slug}:`, outcome.error)
      }
    } catch (error) {
      console.error('digest scheduler:', error)
    }
  }, opts.intervalMs ?? CHECK_EVERY_MS)
  timer.unref()
  return () => clearInterval(timer)
}
