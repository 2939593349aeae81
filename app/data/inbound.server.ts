import { and, desc, eq, gt, inArray, isNotNull, isNull, sql } from 'drizzle-orm'
import type { DB, Tx } from '#db/client.server'
import { inboundAttachments, inboundEmails, outbox, replyTokens, requests, type InboundEmail, type InboundStatus, type Request } from '#db/schema'
import { hashToken } from '~/utils/tokens.server'

// Email the portal received (docs/decisions/020), its attachments, and the
// tokens of reply-to addresses. Every read of a received email takes the
// organisation's id.

export function insertInbound(tx: Tx, values: typeof inboundEmails.$inferInsert): InboundEmail {
  return tx.insert(inboundEmails).values(values).returning().get()
}

export function insertInboundAttachment(tx: Tx, values: typeof inboundAttachments.$inferInsert): number {
  return tx.insert(inboundAttachments).values(values).returning({ id: inboundAttachments.id }).get().id
}

export function getInbound(db: DB | Tx, q: { orgId: number; id: number }): InboundEmail | undefined {
  return db.select().from(inboundEmails).where(and(eq(inboundEmails.orgId, q.orgId), eq(inboundEmails.id, q.id))).get()
}

/** Whether the organisation received this email: its id alone, nothing opened. */
export function inboundExists(db: DB | Tx, q: { orgId: number; id: number }): boolean {
  return !!db.select({ id: inboundEmails.id }).from(inboundEmails).where(and(eq(inboundEmails.orgId, q.orgId), eq(inboundEmails.id, q.id))).get()
}

/** The organisation's received emails in a status, newest first, without the message source. */
export function inboundOf(db: DB | Tx, q: { orgId: number; status: InboundStatus; limit: number }) {
  return db
    .select({ id: inboundEmails.id, receivedAt: inboundEmails.receivedAt, fromAddress: inboundEmails.fromAddress, fromName: inboundEmails.fromName, subject: inboundEmails.subject, body: inboundEmails.body })
    .from(inboundEmails)
    .where(and(eq(inboundEmails.orgId, q.orgId), eq(inboundEmails.status, q.status)))
    .orderBy(desc(inboundEmails.receivedAt), desc(inboundEmails.id))
    .limit(q.limit)
    .all()
}

export function countInbound(db: DB | Tx, q: { orgId: number; status: InboundStatus }): number {
  return db.select({ n: sql<number>`count(*)` }).from(inboundEmails).where(and(eq(inboundEmails.orgId, q.orgId), eq(inboundEmails.status, q.status))).get()?.n ?? 0
}

/** Emails received on a request (threaded replies, and the one it was made from), oldest first. */
export function inboundOnRequest(db: DB | Tx, q: { orgId: number; requestId: number }) {
  return db
    .select({ id: inboundEmails.id, receivedAt: inboundEmails.receivedAt, status: inboundEmails.status })
    .from(inboundEmails)
    .where(and(eq(inboundEmails.orgId, q.orgId), eq(inboundEmails.requestId, q.requestId)))
    .orderBy(inboundEmails.receivedAt)
    .all()
}

/**
 * Moves a received email from one status to another, only if it is still in
 * the first: two officers triaging the same draft cannot both succeed.
 */
export function moveInbound(tx: Tx | DB, q: { orgId: number; id: number; from: InboundStatus; set: Partial<Pick<InboundEmail, 'status' | 'requestId' | 'triagedBy' | 'triagedAt'>> }): boolean {
  const changed = tx
    .update(inboundEmails)
    .set(q.set)
    .where(and(eq(inboundEmails.orgId, q.orgId), eq(inboundEmails.id, q.id), eq(inboundEmails.status, q.from)))
    .run()
  return changed.changes === 1
}

export function inboundAttachmentList(db: DB | Tx, q: { orgId: number; inboundId: number }) {
  return db
    .select({ id: inboundAttachments.id, filename: inboundAttachments.filename, contentType: inboundAttachments.contentType, size: inboundAttachments.size })
    .from(inboundAttachments)
    .where(and(eq(inboundAttachments.orgId, q.orgId), eq(inboundAttachments.inboundId, q.inboundId)))
    .orderBy(inboundAttachments.id)
    .all()
}

export function getInboundAttachment(db: DB | Tx, q: { orgId: number; inboundId: number; id: number }) {
  return db
    .select()
    .from(inboundAttachments)
    .where(and(eq(inboundAttachments.orgId, q.orgId), eq(inboundAttachments.inboundId, q.inboundId), eq(inboundAttachments.id, q.id)))
    .get()
}

// ---------------------------------------------------------------------------- threading

export function insertReplyToken(db: DB | Tx, q: { requestId: number; token: string; at: Date }): void {
  db.insert(replyTokens).values({ requestId: q.requestId, tokenHash: hashToken(q.token), createdAt: q.at }).run()
}

/** The request a reply-to token was minted for, if it was minted after `since`. */
export function requestIdByReplyToken(db: DB | Tx, token: string, since: Date): number | null {
  return db.select({ requestId: replyTokens.requestId }).from(replyTokens).where(and(eq(replyTokens.tokenHash, hashToken(token)), gt(replyTokens.createdAt, since))).get()?.requestId ?? null
}

/** The portal's own emails with these Message-IDs, that were about a request. */
export function outboxByMessageIds(db: DB | Tx, messageIds: string[]) {
  if (messageIds.length === 0) return []
  return db
    .select({ id: outbox.id, orgId: outbox.orgId, requestId: outbox.requestId, recipientHash: outbox.recipientHash })
    .from(outbox)
    .where(and(inArray(outbox.messageId, messageIds.slice(0, 50)), isNotNull(outbox.requestId)))
    .all()
}

// ---------------------------------------------------------------------------- delivery reports

/** The portal's emails to an address (by its keyed hash) that went out and were not yet reported undelivered: with a Message-ID, that one. */
export function sentNotReported(db: DB | Tx, q: { recipientHash: string; messageId: string; limit: number }) {
  return db
    .select({ id: outbox.id, orgId: outbox.orgId, requestId: outbox.requestId, template: outbox.template, messageId: outbox.messageId })
    .from(outbox)
    .where(and(eq(outbox.recipientHash, q.recipientHash), eq(outbox.status, 'sent'), isNull(outbox.undeliveredAt), eq(outbox.messageId, q.messageId)))
    .orderBy(desc(outbox.sentAt), desc(outbox.id))
    .limit(q.limit)
    .all()
}

export function markOutboxUndelivered(tx: Tx, id: number, at: Date): boolean {
  return tx.update(outbox).set({ undeliveredAt: at }).where(and(eq(outbox.id, id), isNull(outbox.undeliveredAt))).run().changes === 1
}

/** Open requests of the organisation from this address (its keyed hash), newest first: where an email may belong. */
export function openRequestsFrom(db: DB | Tx, q: { orgId: number; emailHash: string; limit: number }): Request[] {
  return db
    .select()
    .from(requests)
    .where(and(eq(requests.orgId, q.orgId), eq(requests.emailHash, q.emailHash), eq(requests.closed, false)))
    .orderBy(desc(requests.receivedAt))
    .limit(q.limit)
    .all()
}
