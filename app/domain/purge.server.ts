import { DateTime } from 'luxon'
import { write, type DB, type Tx } from '#db/client.server'
import type { Organisation, Request } from '#db/schema'
import { removeEndedSuppressions } from '~/data/answers.server'
import { listOrganisations } from '~/data/organisations.server'
import {
  addFigure,
  checkpoint,
  closedRequestsOf,
  collectedDue,
  deleteCollectedOf,
  deleteDocumentsOf,
  documentsDue,
  endedSuppressionCount,
  PURGE_TABLES,
  requestsDue,
  writeTombstone,
  type PurgeCutoffs,
} from '~/data/purge.server'
import { requestById } from '~/data/subject-requests.server'
import { recordEvent, SYSTEM, type Actor } from '~/domain/events'
import { cutoff, requestRetention } from '~/domain/request-retention'
import { nowMs } from '~/utils/clock'

// The purge (docs/decisions/025): what is past its organisation's period is
// erased, each request in its own short transaction that checks again that it
// is due, so a run stopped halfway leaves every request whole or a tombstone,
// and a second run takes up the rest. Due rows are found by index, in
// batches, as ids; between batches the event loop serves pages.

const DAY = 86_400_000

export type PurgeReport = {
  /** Requests made tombstones. */
  requests: number
  /** Requests whose collected data was deleted, and whose documents were. */
  collected: number
  documents: number
  /** Rows of other tables past their own period, by table. */
  tables: Record<string, number>
  doNotContact: number
  /** Stopped after `max` requests (a test's interruption): run again to finish. */
  stopped: boolean
}

export function cutoffsOf(org: Organisation, at: number): PurgeCutoffs {
  const r = requestRetention(org.profile)
  const z = org.timeZone
  return {
    closedRequests: cutoff(at, r.closedRequests, z),
    unconfirmedRequests: cutoff(at, r.unconfirmedRequests, z),
    documents: cutoff(at, r.documentsGrace, z),
    sentEmails: cutoff(at, r.sentEmails, z),
    inboundDismissed: cutoff(at, r.inboundDismissed, z),
  }
}

const yieldToPages = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * Erases everything past its period, organisation by organisation. With
 * `dryRun`, only counts what would go and changes nothing. `max` stops after
 * that many requests (what an interrupted run leaves).
 */
export async function purge(db: DB, opts: { dryRun?: boolean; batch?: number; max?: number } = {}): Promise<PurgeReport> {
  const at = nowMs()
  const batch = opts.batch ?? 200
  const dry = !!opts.dryRun
  const report: PurgeReport = { requests: 0, collected: 0, documents: 0, tables: {}, doNotContact: 0, stopped: false }
  const limit = dry ? Number.MAX_SAFE_INTEGER : batch
  let budget = opts.max ?? Number.POSITIVE_INFINITY
  for (const org of listOrganisations(db)) {
    const cutoffs = cutoffsOf(org, at)
    // Per request, each in its own transaction, batch after batch until fewer than a batch are due.
    const inBatches = async (due: () => number[], erase: (tx: Tx, q: { orgId: number; requestId: number }) => number) => {
      let n = 0
      for (;;) {
        const ids = due()
        if (!dry) for (const requestId of ids) write(db, (tx) => erase(tx, { orgId: org.id, requestId }))
        n += ids.length
        if (dry || ids.length < limit) return n
        await yieldToPages()
      }
    }
    // Collected data: once the answer is sent (the request closed), unless kept with a reason.
    report.collected += await inBatches(() => collectedDue(db, { orgId: org.id, at, limit }), deleteCollectedOf)
    report.documents += await inBatches(() => documentsDue(db, { orgId: org.id, cutoffs, limit }), deleteDocumentsOf)
    for (;;) {
      const ids = requestsDue(db, { orgId: org.id, cutoffs, limit: Math.min(limit, budget) })
      let erased = 0
      if (!dry) {
        for (const id of ids) {
          if (budget <= 0) break
          if (write(db, (tx) => purgeRequestInTx(tx, org, id, cutoffs, at))) erased++
          budget--
        }
      } else erased = ids.length
      report.requests += erased
      if (budget <= 0) return finish(db, report, dry, true)
      // Fewer than a batch due, or none of them erased (changed meanwhile): the next run sees them again.
      if (dry || ids.length < limit || erased === 0) break
      await yieldToPages()
    }
    for (const table of PURGE_TABLES) {
      if (!table.expired) continue
      for (;;) {
        const n = table.expired(db, { orgId: org.id, cutoffs, limit, dryRun: dry })
        report.tables[table.name] = (report.tables[table.name] ?? 0) + n
        if (dry || n < limit) break
        await yieldToPages()
      }
    }
  }
  report.doNotContact = dry ? endedSuppressionCount(db, at) : removeEndedSuppressions(db)
  return finish(db, report, dry, false)
}

function finish(db: DB, report: PurgeReport, dry: boolean, stopped: boolean): PurgeReport {
  if (!dry) checkpoint(db)
  return { ...report, stopped }
}

/** Whether the request is past its record's period now: checked again inside the transaction that erases it. */
function isDue(r: Request, cutoffs: PurgeCutoffs): boolean {
  if (r.purgedAt) return false
  if (r.closedAt) return r.closedAt.getTime() <= cutoffs.closedRequests
  return r.status === 'unverified' && r.filedAt.getTime() <= cutoffs.unconfirmedRequests
}

/**
 * Makes one request a tombstone: its count moves to the figures, every table
 * of PURGE_TABLES loses its rows, its dates are kept to the day. False when it
 * is not (or no longer) due.
 */
export function purgeRequestInTx(tx: Tx, org: Organisation, id: number, cutoffs: PurgeCutoffs, at: number): boolean {
  const r = requestById(tx, id)
  if (!r || r.orgId !== org.id || !isDue(r, cutoffs)) return false
  const answered = r.status === 'completed' || r.status === 'refused'
  const onTime = answered && !!r.closedAt && r.closedAt.getTime() <= r.dueAt.getTime()
  addFigure(tx, {
    orgId: org.id,
    month: DateTime.fromJSDate(r.receivedAt, { zone: org.timeZone }).toFormat('yyyy-MM'),
    type: r.type,
    status: r.status,
    outcome: r.outcome ?? '',
    tenths: answered && r.closedAt ? Math.round((r.closedAt.getTime() - r.receivedAt.getTime()) / (DAY / 10)) : -1,
    onTime,
  })
  let rows = 0
  for (const table of PURGE_TABLES) rows += table.ofRequest?.(tx, { orgId: org.id, requestId: r.id }) ?? 0
  const day = (d: Date) => DateTime.fromJSDate(d, { zone: org.timeZone }).startOf('day').toJSDate()
  const maybeDay = (d: Date | null) => (d ? day(d) : null)
  const purgedAt = day(new Date(at))
  writeTombstone(tx, r.id, {
    type: r.type,
    filedAt: day(r.filedAt),
    receivedAt: day(r.receivedAt),
    dueAt: day(r.dueAt),
    slaDueAt: day(r.slaDueAt),
    closedAt: maybeDay(r.closedAt),
    lastActivityAt: purgedAt,
    createdAt: day(r.createdAt),
    updatedAt: purgedAt,
    answeredOnTime: answered ? onTime : null,
    purgedAt,
  })
  recordEvent(tx, { kind: 'request_purged', orgId: org.id, requestId: r.id, actor: SYSTEM, data: { rows } })
  return true
}

/**
 * An erasure granted in full or in part reaches the portal's own copies of
 * the person's data at the organisation (docs/decisions/025): the data
 * collected for this and the person's other requests there, the documents and
 * the messages of those already closed. The records themselves (who asked
 * what, when, how it was answered) stay for their own period: they prove the
 * answers (Art. 5(2)). Data an officer kept with a stated reason stays.
 */
const step = (name: string) => PURGE_TABLES.find((t) => t.name === name)!.ofRequest!

export function erasePortalCopies(tx: Tx, request: Request, actor: Actor): void {
  const org = { orgId: request.orgId }
  let collected = 0
  let documents = 0
  let messages = 0
  let emails = 0
  // Earlier requests of the same person are found by their address; one registered without an address has none to find.
  const others = request.emailHash ? closedRequestsOf(tx, { ...org, emailHash: request.emailHash, except: request.id }) : []
  for (const other of others) {
    const q = { ...org, requestId: other.id }
    if (!other.collectedKeptAt) collected += deleteCollectedOf(tx, q)
    documents += deleteDocumentsOf(tx, q)
    step('answers')(tx, q)
    messages += step('messages')(tx, q)
    // The emails they came by or that were threaded onto them, with their attachments.
    emails += step('inbound_emails')(tx, q)
  }
  if (!request.collectedKeptAt) collected += deleteCollectedOf(tx, { ...org, requestId: request.id })
  recordEvent(tx, { kind: 'portal_copies_erased', orgId: request.orgId, requestId: request.id, actor, data: { requests: others.length, collected, documents, messages, emails } })
}
