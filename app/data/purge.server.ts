import { and, asc, eq, inArray, isNotNull, isNull, lte, sql } from 'drizzle-orm'
import type { DB, Tx } from '#db/client.server'
import { answerDocuments, answers, collectedData, collectedFiles, inboundEmails, messages, outbox, replyTokens, requestFigures, requestTerms, requests, sessions, suppressions, tokens, type Request } from '#db/schema'

// The purge's storage (docs/decisions/025): which rows are past their period,
// found by index and read as ids only (no sealed value is opened to decide),
// and what erasing a request's personal data deletes. Every table that holds
// a person's data joins the purge in PURGE_TABLES, below.

/** Cutoffs of one organisation: what ended at or before each instant is past its period. */
export type PurgeCutoffs = { closedRequests: number; unconfirmedRequests: number; documents: number; sentEmails: number; inboundDismissed: number }

/**
 * A table of personal data the purge reaches. `ofRequest` deletes a
 * request's rows in the transaction that makes the request a tombstone (and
 * when an erasure reaches the portal's copies); `expired` deletes rows past
 * their own period, at most `limit`, in one short transaction, and returns
 * how many (with `dryRun`, only counts them).
 */
export type PurgeTable = {
  name: string
  ofRequest?: (tx: Tx, q: { orgId: number; requestId: number }) => number
  expired?: (db: DB, q: { orgId: number; cutoffs: PurgeCutoffs; limit: number; dryRun: boolean }) => number
}

const byRequest = (table: typeof messages | typeof requestTerms | typeof collectedData | typeof answerDocuments) => (tx: Tx, q: { orgId: number; requestId: number }) =>
  tx.delete(table).where(and(eq(table.requestId, q.requestId), 'orgId' in table ? eq(table.orgId, q.orgId) : undefined)).run().changes

/** Every table the purge reaches: add a new table of personal data here. */
export const PURGE_TABLES: PurgeTable[] = [
  {
    // First: it refers to a message. The answer keeps its outcome, grounds and dates; its reasons and per-category decisions (corrections quote values) go.
    name: 'answers',
    ofRequest: (tx, q) => tx.update(answers).set({ reasons: null, reasonMessageId: null, decisions: [] }).where(and(eq(answers.orgId, q.orgId), eq(answers.requestId, q.requestId))).run().changes,
  },
  { name: 'messages', ofRequest: byRequest(messages) },
  { name: 'request_terms', ofRequest: byRequest(requestTerms) },
  // Files first: they belong to a collected category (the foreign key would take them along, but the purge says what it erases).
  { name: 'collected_files', ofRequest: (tx, q) => tx.delete(collectedFiles).where(and(eq(collectedFiles.orgId, q.orgId), eq(collectedFiles.requestId, q.requestId))).run().changes },
  { name: 'collected_data', ofRequest: byRequest(collectedData) },
  { name: 'answer_documents', ofRequest: byRequest(answerDocuments) },
  { name: 'tokens', ofRequest: (tx, q) => tx.delete(tokens).where(eq(tokens.requestId, q.requestId)).run().changes },
  // Emails received for the request (the draft it came from, replies threaded onto it), their attachments with them.
  {
    name: 'inbound_emails',
    ofRequest: (tx, q) => tx.delete(inboundEmails).where(and(eq(inboundEmails.orgId, q.orgId), eq(inboundEmails.requestId, q.requestId))).run().changes,
    // An email an officer dismissed as not a request. Drafts nobody has triaged yet are requests waiting: never deleted by age.
    expired: (db, q) => {
      const due = and(eq(inboundEmails.orgId, q.orgId), eq(inboundEmails.status, 'dismissed'), lte(inboundEmails.triagedAt, new Date(q.cutoffs.inboundDismissed)))
      const ids = db.select({ id: inboundEmails.id }).from(inboundEmails).where(due).limit(q.limit).all().map((r) => r.id)
      if (q.dryRun || ids.length === 0) return ids.length
      return db.delete(inboundEmails).where(inArray(inboundEmails.id, ids)).run().changes
    },
  },
  { name: 'reply_tokens', ofRequest: (tx, q) => tx.delete(replyTokens).where(eq(replyTokens.requestId, q.requestId)).run().changes },
  { name: 'sessions', ofRequest: (tx, q) => tx.delete(sessions).where(and(eq(sessions.kind, 'subject'), eq(sessions.requestId, q.requestId))).run().changes },
  {
    name: 'outbox',
    ofRequest: (tx, q) => tx.delete(outbox).where(and(eq(outbox.requestId, q.requestId), inArray(outbox.status, ['sent', 'failed']))).run().changes,
    // A sent email's record: the address's keyed hash, the template, the times.
    expired: (db, q) => {
      const due = and(eq(outbox.orgId, q.orgId), inArray(outbox.status, ['sent', 'failed']), lte(outbox.createdAt, new Date(q.cutoffs.sentEmails)))
      const ids = db.select({ id: outbox.id }).from(outbox).where(due).limit(q.limit).all().map((r) => r.id)
      if (q.dryRun || ids.length === 0) return ids.length
      return db.delete(outbox).where(inArray(outbox.id, ids)).run().changes
    },
  },
]

/** Requests of an organisation whose record is past its period, oldest first, as ids (index: requests_purge_*). */
export function requestsDue(db: DB, q: { orgId: number; cutoffs: PurgeCutoffs; limit: number }): number[] {
  const closed = db
    .select({ id: requests.id })
    .from(requests)
    .where(and(eq(requests.orgId, q.orgId), isNull(requests.purgedAt), isNotNull(requests.closedAt), lte(requests.closedAt, new Date(q.cutoffs.closedRequests))))
    .orderBy(asc(requests.closedAt))
    .limit(q.limit)
    .all()
  const unconfirmed = db
    .select({ id: requests.id })
    .from(requests)
    .where(and(eq(requests.orgId, q.orgId), eq(requests.status, 'unverified'), isNull(requests.purgedAt), lte(requests.filedAt, new Date(q.cutoffs.unconfirmedRequests))))
    .orderBy(asc(requests.filedAt))
    .limit(q.limit)
    .all()
  return [...closed, ...unconfirmed].map((r) => r.id)
}

/** Closed requests still holding collected data that nobody kept: deleted once the answer is sent (or the request closed without one). */
export function collectedDue(db: DB, q: { orgId: number; at: number; limit: number }): number[] {
  return db
    .selectDistinct({ id: collectedData.requestId })
    .from(collectedData)
    .innerJoin(requests, eq(requests.id, collectedData.requestId))
    .where(and(eq(collectedData.orgId, q.orgId), eq(requests.closed, true), lte(requests.closedAt, new Date(q.at)), isNull(requests.collectedKeptAt)))
    .limit(q.limit)
    .all()
    .map((r) => r.id)
}

/** Answers whose documents' download window closed before the cutoff (documents still stored: the table holds only live ones). */
export function documentsDue(db: DB, q: { orgId: number; cutoffs: PurgeCutoffs; limit: number }): number[] {
  return db
    .selectDistinct({ id: answerDocuments.requestId })
    .from(answerDocuments)
    .innerJoin(answers, eq(answers.id, answerDocuments.answerId))
    .where(and(eq(answerDocuments.orgId, q.orgId), lte(answers.downloadUntil, new Date(q.cutoffs.documents))))
    .limit(q.limit)
    .all()
    .map((r) => r.id)
}

export function deleteCollectedOf(tx: Tx, q: { orgId: number; requestId: number }): number {
  return byRequest(collectedData)(tx, q)
}

export function deleteDocumentsOf(tx: Tx, q: { orgId: number; requestId: number }): number {
  return byRequest(answerDocuments)(tx, q)
}

/** Requests of the same person (address hash) at an organisation, closed, not yet purged, other than `except`. */
export function closedRequestsOf(tx: Tx, q: { orgId: number; emailHash: string; except: number }): Request[] {
  return tx
    .select()
    .from(requests)
    .where(and(eq(requests.orgId, q.orgId), eq(requests.emailHash, q.emailHash), eq(requests.closed, true), isNull(requests.purgedAt), sql`${requests.id} != ${q.except}`))
    .all()
}

/** Adds one request to the figures kept of purged requests. */
export function addFigure(tx: Tx, f: { orgId: number; month: string; type: Request['type']; status: Request['status']; outcome: string; tenths: number; onTime: boolean }): void {
  tx.insert(requestFigures)
    .values({ orgId: f.orgId, month: f.month, type: f.type, status: f.status, outcome: f.outcome, tenths: f.tenths, n: 1, onTime: f.onTime ? 1 : 0 })
    .onConflictDoUpdate({
      target: [requestFigures.orgId, requestFigures.month, requestFigures.type, requestFigures.status, requestFigures.outcome, requestFigures.tenths],
      set: { n: sql`${requestFigures.n} + 1`, onTime: sql`${requestFigures.onTime} + ${f.onTime ? 1 : 0}` },
    })
    .run()
}

/** What is left of a request: no name, address, phone, identifiers or text; dates as given (to the day). */
export function writeTombstone(tx: Tx, id: number, t: Pick<Request, 'filedAt' | 'receivedAt' | 'dueAt' | 'slaDueAt' | 'closedAt' | 'lastActivityAt' | 'createdAt' | 'updatedAt' | 'answeredOnTime' | 'type'> & { purgedAt: Date }): void {
  tx.update(requests)
    .set({
      ...t,
      details: { type: t.type },
      subjectName: '',
      subjectEmail: '',
      subjectPhone: null,
      subjectAddress: null,
      phoneHash: null,
      subjectIdentifiers: {},
      emailHash: '',
      groupId: null,
      draftKey: null,
      assigneeId: null,
      emailVerifiedAt: null,
      identityVerifiedAt: null,
      identityOverriddenAt: null,
      pausedAt: null,
      collectedKeptAt: null,
    })
    .where(eq(requests.id, id))
    .run()
}

/** Moves what was written to the file's WAL into the database and empties the WAL, so erased bytes leave both files. */
export function checkpoint(db: DB): void {
  db.$client.pragma('wal_checkpoint(TRUNCATE)')
}

/** Do-not-contact entries whose own period has ended (never an objection's: those have no end). */
export function endedSuppressionCount(db: DB, at: number): number {
  return db.select({ n: sql<number>`count(*)` }).from(suppressions).where(lte(suppressions.expiresAt, new Date(at))).get()?.n ?? 0
}
