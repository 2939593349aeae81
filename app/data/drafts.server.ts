import { and, eq, gt, lt, sql } from 'drizzle-orm'
import { perConnection, type DB, type Tx } from '#db/client.server'
import { requestDrafts } from '#db/schema'
import { nowMs } from '~/utils/clock'

// A request being filled in lives server-side (sealed) for a day, under the
// hash of a random cookie token (the key). The cookie is the web layer's
// (app/web/drafts.server.ts).

export const DRAFT_TTL = 24 * 3_600_000

// Every step of the form reads the draft and every answer writes it: the
// queries are built once per connection, not at each call.
const statements = perConnection((db) => {
  // Compared with a column, a placeholder is bound as given (the time in ms); written into one, it goes through the column (a Date).
  const now = sql.placeholder('nowMs')
  const excluded = (column: { name: string }) => sql.raw(`excluded."${column.name}"`)
  return {
    read: db
      .select()
      .from(requestDrafts)
      .where(and(eq(requestDrafts.id, sql.placeholder('key')), gt(requestDrafts.expiresAt, now)))
      .prepare(),
    upsert: db
      .insert(requestDrafts)
      .values({ id: sql.placeholder('key'), orgId: sql.placeholder('orgId'), data: sql.placeholder('data'), updatedAt: sql.placeholder('updatedAt'), expiresAt: sql.placeholder('expiresAt') })
      .onConflictDoUpdate({
        target: requestDrafts.id,
        set: { orgId: excluded(requestDrafts.orgId), data: excluded(requestDrafts.data), updatedAt: excluded(requestDrafts.updatedAt), expiresAt: excluded(requestDrafts.expiresAt) },
      })
      .prepare(),
    removeExpired: db.delete(requestDrafts).where(lt(requestDrafts.expiresAt, now)).prepare(),
  }
})

export function readDraftRow(db: DB, key: string, orgId: number): Record<string, unknown> | undefined {
  const row = statements(db).read.get({ key, nowMs: nowMs() })
  return row && row.orgId === orgId ? row.data : undefined
}

export function draftExists(db: DB, key: string): boolean {
  return !!db.select({ id: requestDrafts.id }).from(requestDrafts).where(and(eq(requestDrafts.id, key), gt(requestDrafts.expiresAt, new Date(nowMs())))).get()
}

/** Saves a draft (new or not), and removes everyone's expired drafts as it goes: they hold personal data. */
export function writeDraftRow(db: DB, key: string, orgId: number, data: Record<string, unknown>): void {
  const at = nowMs()
  const q = statements(db)
  db.transaction(() => {
    q.upsert.run({ key, orgId, data, updatedAt: new Date(at), expiresAt: new Date(at + DRAFT_TTL) })
    q.removeExpired.run({ nowMs: at })
  }, { behavior: 'immediate' })
}

/**
 * Deletes the draft about to be sent and says whether this caller was the one
 * that did; an expired draft counts as gone. Called inside the transaction
 * that files the request, so claiming and filing happen together or not at all.
 */
export function claimDraftInTx(tx: Tx, key: string, orgId: number): boolean {
  return tx.delete(requestDrafts).where(and(eq(requestDrafts.id, key), eq(requestDrafts.orgId, orgId), gt(requestDrafts.expiresAt, new Date(nowMs())))).run().changes === 1
}

export function removeExpiredDrafts(db: DB): number {
  return db.delete(requestDrafts).where(lt(requestDrafts.expiresAt, new Date(nowMs()))).run().changes
}
