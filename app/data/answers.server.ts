import { and, asc, eq, gt, inArray, isNotNull, isNull, lte, or, sql } from 'drizzle-orm'
import type { DB, Tx } from '#db/client.server'
import { createHash } from 'node:crypto'
import {
  answerDocuments,
  answerManifests,
  answers,
  apiKeys,
  collectedData,
  collectedFiles,
  suppressions,
  type Answer,
  type AnswerManifest,
  type CategoryDecisionRecord,
  type CollectedFileType,
  type CollectedRow,
  type DocumentKind,
  type Withholding,
} from '#db/schema'
import { nowMs } from '~/utils/clock'

// The answer's storage: data collected for a request (sealed), the answer an
// officer prepares, the documents as sent (sealed), the do-not-contact list
// (keyed hashes) and the organisations' API keys (hashes). Every read takes
// the organisation's id.

export type Collected = typeof collectedData.$inferSelect

export function insertCollected(tx: Tx, c: { orgId: number; requestId: number; category: string; source: Collected['source']; rows: CollectedRow[]; createdBy: number | null }): Collected {
  return tx
    .insert(collectedData)
    .values({ ...c, rowCount: c.rows.length, createdAt: new Date(nowMs()), acceptedAt: null })
    .returning()
    .get()
}

/** Collected tables by whether an officer accepted them: undefined, all of them. */
const acceptance = (accepted: boolean | undefined) => (accepted === undefined ? undefined : accepted ? isNotNull(collectedData.acceptedAt) : isNull(collectedData.acceptedAt))

/** The request's collected data, oldest first; `accepted` true: only what an officer accepted. */
export function collectedFor(db: DB | Tx, q: { orgId: number; requestId: number; accepted?: boolean }): Collected[] {
  return db
    .select()
    .from(collectedData)
    .where(and(eq(collectedData.orgId, q.orgId), eq(collectedData.requestId, q.requestId), acceptance(q.accepted)))
    .orderBy(asc(collectedData.id))
    .all()
}

/** How many rows each of the request's collected tables holds, without opening them. */
export function collectedSizes(db: DB | Tx, q: { orgId: number; requestId: number }): Array<{ id: number; rowCount: number; accepted: boolean }> {
  return db
    .select({ id: collectedData.id, rowCount: collectedData.rowCount, acceptedAt: collectedData.acceptedAt })
    .from(collectedData)
    .where(and(eq(collectedData.orgId, q.orgId), eq(collectedData.requestId, q.requestId)))
    .all()
    .map((c) => ({ id: c.id, rowCount: c.rowCount, accepted: c.acceptedAt !== null }))
}

export function acceptCollectedRows(tx: Tx, q: { orgId: number; requestId: number; ids: number[] }): Collected[] {
  const at = new Date(nowMs())
  return q.ids.flatMap((id) =>
    tx
      .update(collectedData)
      .set({ acceptedAt: at })
      .where(and(eq(collectedData.orgId, q.orgId), eq(collectedData.requestId, q.requestId), eq(collectedData.id, id), isNull(collectedData.acceptedAt)))
      .returning()
      .all(),
  )
}

export function deleteCollected(tx: Tx, q: { orgId: number; requestId: number; id: number }): Collected | undefined {
  return tx
    .delete(collectedData)
    .where(and(eq(collectedData.orgId, q.orgId), eq(collectedData.requestId, q.requestId), eq(collectedData.id, q.id)))
    .returning()
    .get()
}

/** Sets what an officer left out of a collected table (Art. 15(4)); an empty list puts everything back. */
export function setWithheld(tx: Tx, q: { orgId: number; requestId: number; id: number }, withheld: Withholding[]): Collected | undefined {
  return tx
    .update(collectedData)
    .set({ withheld: withheld.length > 0 ? withheld : null })
    .where(and(eq(collectedData.orgId, q.orgId), eq(collectedData.requestId, q.requestId), eq(collectedData.id, q.id)))
    .returning()
    .get()
}

export function insertCollectedFile(tx: Tx, f: { orgId: number; requestId: number; collectedId: number; name: string; contentType: CollectedFileType; content: Uint8Array }): void {
  tx.insert(collectedFiles)
    .values({ ...f, content: Buffer.from(f.content), size: f.content.length, createdAt: new Date(nowMs()) })
    .run()
}

export type CollectedFileInfo = { id: number; collectedId: number; name: string; contentType: CollectedFileType; size: number; accepted: boolean }

/** The request's collected files without their content, oldest first; `accepted` true: only those of tables an officer accepted. */
export function collectedFilesFor(db: DB | Tx, q: { orgId: number; requestId: number; accepted?: boolean }): CollectedFileInfo[] {
  return db
    .select({ id: collectedFiles.id, collectedId: collectedFiles.collectedId, name: collectedFiles.name, contentType: collectedFiles.contentType, size: collectedFiles.size, acceptedAt: collectedData.acceptedAt })
    .from(collectedFiles)
    .innerJoin(collectedData, eq(collectedData.id, collectedFiles.collectedId))
    .where(and(eq(collectedFiles.orgId, q.orgId), eq(collectedFiles.requestId, q.requestId), acceptance(q.accepted)))
    .orderBy(asc(collectedFiles.id))
    .all()
    .map(({ acceptedAt, ...f }) => ({ ...f, accepted: acceptedAt !== null }))
}

/** The content of the request's accepted files, oldest first: what goes beside the letter. */
export function acceptedFileContents(db: DB | Tx, q: { orgId: number; requestId: number }): Array<{ id: number; content: Buffer }> {
  return db
    .select({ id: collectedFiles.id, content: collectedFiles.content })
    .from(collectedFiles)
    .innerJoin(collectedData, eq(collectedData.id, collectedFiles.collectedId))
    .where(and(eq(collectedFiles.orgId, q.orgId), eq(collectedFiles.requestId, q.requestId), isNotNull(collectedData.acceptedAt)))
    .orderBy(asc(collectedFiles.id))
    .all()
}

export function answerFor(db: DB | Tx, q: { orgId: number; requestId: number }): Answer | undefined {
  return db
    .select()
    .from(answers)
    .where(and(eq(answers.orgId, q.orgId), eq(answers.requestId, q.requestId)))
    .get()
}

export type AnswerDraft = {
  outcome: Answer['outcome']
  grounds: string[]
  reasons: string | null
  reasonMessageId: number | null
  decisions: CategoryDecisionRecord[]
  notifiedRecipients: number[]
}

/** Creates or replaces the request's answer while it is not yet sent. */
export function saveAnswerDraft(tx: Tx, q: { orgId: number; requestId: number }, d: AnswerDraft): Answer {
  const at = new Date(nowMs())
  return tx
    .insert(answers)
    .values({ orgId: q.orgId, requestId: q.requestId, ...d, createdAt: at, updatedAt: at })
    .onConflictDoUpdate({ target: answers.requestId, set: { ...d, updatedAt: at } })
    .returning()
    .get()
}

export function markAnswerSent(tx: Tx, id: number, s: { sentAt: Date; downloadUntil: Date; reasonMessageId: number | null }): Answer {
  return tx.update(answers).set({ ...s, updatedAt: s.sentAt }).where(eq(answers.id, id)).returning().get()!
}

export type StoredDocument = typeof answerDocuments.$inferSelect

export function insertDocument(tx: Tx, d: { orgId: number; requestId: number; answerId: number; kind: DocumentKind; filename: string; contentType: string; content: Buffer }): StoredDocument {
  return tx
    .insert(answerDocuments)
    .values({ ...d, size: d.content.length, createdAt: new Date(nowMs()) })
    .returning()
    .get()
}

/**
 * The manifest of a sent answer (docs/decisions/025): its documents' kinds,
 * names, sizes and SHA-256, the accepted categories with their row counts
 * (counted, not opened), who sent it and when.
 */
export function insertManifest(
  tx: Tx,
  m: { orgId: number; requestId: number; outcome: AnswerManifest['outcome']; sentAt: Date; sentByKind: string; sentByUserId: number | null; documents: Array<{ kind: DocumentKind; filename: string; content: Buffer }> },
): AnswerManifest {
  const categories = tx
    .select({ category: collectedData.category, rows: sql<number>`sum(${collectedData.rowCount})` })
    .from(collectedData)
    .where(and(eq(collectedData.orgId, m.orgId), eq(collectedData.requestId, m.requestId), isNotNull(collectedData.acceptedAt)))
    .groupBy(collectedData.category)
    .orderBy(asc(collectedData.category))
    .all()
  const documents = m.documents.map((d) => ({ kind: d.kind, filename: d.filename, size: d.content.length, sha256: createHash('sha256').update(d.content).digest('hex') }))
  return tx
    .insert(answerManifests)
    .values({ orgId: m.orgId, requestId: m.requestId, outcome: m.outcome, sentAt: m.sentAt, sentByKind: m.sentByKind, sentByUserId: m.sentByUserId, documents, categories })
    .returning()
    .get()
}

export function manifestFor(db: DB | Tx, q: { orgId: number; requestId: number }): AnswerManifest | undefined {
  return db.select().from(answerManifests).where(and(eq(answerManifests.orgId, q.orgId), eq(answerManifests.requestId, q.requestId))).get()
}

/** The documents of an answer, without their content. */
export function documentsOf(db: DB | Tx, q: { orgId: number; requestId: number }): Array<Omit<StoredDocument, 'content'>> {
  return db
    .select({
      id: answerDocuments.id,
      orgId: answerDocuments.orgId,
      requestId: answerDocuments.requestId,
      answerId: answerDocuments.answerId,
      kind: answerDocuments.kind,
      filename: answerDocuments.filename,
      contentType: answerDocuments.contentType,
      size: answerDocuments.size,
      createdAt: answerDocuments.createdAt,
    })
    .from(answerDocuments)
    .where(and(eq(answerDocuments.orgId, q.orgId), eq(answerDocuments.requestId, q.requestId)))
    .orderBy(asc(answerDocuments.id))
    .all()
}

export function documentById(db: DB | Tx, q: { orgId: number; requestId: number; id: number }): StoredDocument | undefined {
  if (!Number.isSafeInteger(q.id) || q.id <= 0) return undefined
  return db
    .select()
    .from(answerDocuments)
    .where(and(eq(answerDocuments.orgId, q.orgId), eq(answerDocuments.requestId, q.requestId), eq(answerDocuments.id, q.id)))
    .get()
}

// ---------------------------------------------------------------------------- do not contact

export type SuppressionChannel = 'phone' | 'email'

/** Adds (or renews) an entry of the do-not-contact list; `valueHash` is already the keyed hash. */
export function upsertSuppression(tx: Tx, s: { orgId: number; channel: SuppressionChannel; valueHash: string; requestId: number | null; expiresAt: Date | null }): void {
  const at = new Date(nowMs())
  tx.insert(suppressions)
    .values({ ...s, createdAt: at })
    .onConflictDoUpdate({ target: [suppressions.orgId, suppressions.channel, suppressions.valueHash], set: { createdAt: at, expiresAt: s.expiresAt, requestId: s.requestId } })
    .run()
}

/** Removes the organisation's entries stored under any of these hashes, whatever their end date; returns how many. */
export function deleteSuppressions(tx: Tx, q: { orgId: number; channel: SuppressionChannel; valueHashes: string[] }): number {
  if (q.valueHashes.length === 0) return 0
  return tx
    .delete(suppressions)
    .where(and(eq(suppressions.orgId, q.orgId), eq(suppressions.channel, q.channel), inArray(suppressions.valueHash, q.valueHashes)))
    .run().changes
}

/** Deletes the entries whose period has ended (those made for another purpose than an objection; an objection's have none). */
export function removeEndedSuppressions(db: DB | Tx): number {
  return db.delete(suppressions).where(lte(suppressions.expiresAt, new Date(nowMs()))).run().changes
}

export function hasSuppression(db: DB | Tx, q: { orgId: number; channel: SuppressionChannel; valueHash: string }): boolean {
  return !!db
    .select({ id: suppressions.id })
    .from(suppressions)
    .where(
      and(
        eq(suppressions.orgId, q.orgId),
        eq(suppressions.channel, q.channel),
        eq(suppressions.valueHash, q.valueHash),
        or(isNull(suppressions.expiresAt), gt(suppressions.expiresAt, new Date(nowMs()))),
      ),
    )
    .get()
}

// ---------------------------------------------------------------------------- API keys

export type ApiKey = typeof apiKeys.$inferSelect

export function insertApiKey(tx: Tx | DB, k: { orgId: number; label: string; prefix: string; keyHash: string; createdBy: number | null }): ApiKey {
  return tx
    .insert(apiKeys)
    .values({ ...k, createdAt: new Date(nowMs()) })
    .returning()
    .get()
}

export function apiKeysOf(db: DB | Tx, orgId: number): ApiKey[] {
  return db.select().from(apiKeys).where(eq(apiKeys.orgId, orgId)).orderBy(asc(apiKeys.id)).all()
}

export function revokeApiKeyRow(tx: Tx | DB, q: { orgId: number; id: number }): ApiKey | undefined {
  if (!Number.isSafeInteger(q.id) || q.id <= 0) return undefined
  return tx
    .update(apiKeys)
    .set({ revokedAt: new Date(nowMs()) })
    .where(and(eq(apiKeys.orgId, q.orgId), eq(apiKeys.id, q.id), isNull(apiKeys.revokedAt)))
    .returning()
    .get()
}

/** The live key with this hash, its last use recorded. */
export function useApiKey(db: DB, keyHash: string): ApiKey | undefined {
  const row = db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt)))
    .get()
  if (row) db.update(apiKeys).set({ lastUsedAt: new Date(nowMs()) }).where(eq(apiKeys.id, row.id)).run()
  return row
}
