import { and, eq, gt, lt } from 'drizzle-orm'
import type { DB, Tx } from '#db/client.server'
import { requestDrafts } from '#db/schema'
import { nowMs } from '~/utils/clock'

// A request being filled in lives server-side (sealed) for a day, under the
// hash of a random cookie token (the key). The cookie is the web layer's
// (app/web/drafts.server.ts).

export const DRAFT_TTL = 24 * 3_600_000

export function readDraftRow(db: DB, key: string, orgId: number): Record<string, unknown> | undefined {
  const row = db
    .select()
    .from(requestDrafts)
    .where(and(eq(requestDrafts.id, key), gt(requestDrafts.expiresAt, new Date(nowMs()))))
    .get()
  return row && row.orgId === orgId ? row.data : undefined
}

export function draftExists(db: DB, key: string): boolean {
  return !!db.select({ id: requestDrafts.id }).from(requestDrafts).where(and(eq(requestDrafts.id, key), gt(requestDrafts.expiresAt, new Date(nowMs())))).get()
}

/** Saves a draft (new or not), and removes everyone's expired drafts as it goes: they hold personal data. */
export function writeDraftRow(db: DB, key: string, orgId: number, data: Record<string, unknown>): void {
  const at = nowMs()
  const values = { orgId, data, updatedAt: new Date(at), expiresAt: new Date(at + DRAFT_TTL) }
  db.transaction((tx) => {
    tx.insert(requestDrafts).values({ id: key, ...values }).onConflictDoUpdate({ target: requestDrafts.id, set: values }).run()
    tx.delete(requestDrafts).where(lt(requestDrafts.expiresAt, new Date(at))).run()
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
