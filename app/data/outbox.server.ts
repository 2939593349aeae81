import { randomUUID } from 'node:crypto'
import { and, asc, count, desc, eq, gt, inArray, lt, lte, or } from 'drizzle-orm'
import type { DB, Tx } from '#db/client.server'
import { outbox, type LinkSpec, type OutboxEmail } from '#db/schema'
import type { Language } from '~/vocabulary'
import { nowMs } from '~/utils/clock'
import { keyedHash } from '~/utils/crypto.server'
import { normaliseEmail } from '~/utils/search-terms'

// The outbox's storage: an email is a row written in the same transaction as
// the change that causes it, and delivered afterwards by the worker
// (app/jobs/outbox.server.ts). See docs/decisions/003-outbox.md.

export const LEASE_MS = 60_000

export function recipientHash(address: string): string {
  return keyedHash('email', normaliseEmail(address))
}

/** Typed by app/domain/mail.server.ts, which every sender goes through. */
export function enqueueEmail(
  tx: Tx | DB,
  e: { to: string; language: Language; template: string; params: object; links?: LinkSpec[]; orgId?: number | null; requestId?: number | null },
): { id: number; messageId: string } {
  const at = nowMs()
  return tx
    .insert(outbox)
    .values({
      createdAt: new Date(at),
      recipient: e.to,
      recipientHash: recipientHash(e.to),
      language: e.language,
      template: e.template,
      params: e.params as Record<string, unknown>,
      links: e.links ?? [],
      messageId: `<${randomUUID()}@rights-portal>`,
      nextAttemptAt: new Date(at),
      orgId: e.orgId ?? null,
      requestId: e.requestId ?? null,
    })
    .returning({ id: outbox.id, messageId: outbox.messageId })
    .get()
}

/** How many of these emails went (or wait to go) to an address since an instant: the cap on mail anyone can cause. */
export function emailsToSince(db: DB | Tx, q: { address: string; templates: string[]; since: Date }): number {
  return (
    db
      .select({ n: count() })
      .from(outbox)
      .where(and(eq(outbox.recipientHash, recipientHash(q.address)), inArray(outbox.template, q.templates), gt(outbox.createdAt, q.since)))
      .get()?.n ?? 0
  )
}

/** Claims due rows (leasing them) for one worker. */
export function claimDueEmails(db: DB, limit: number): OutboxEmail[] {
  const at = nowMs()
  return db.transaction((tx) => {
    const due = tx
      .select()
      .from(outbox)
      .where(
        or(
          and(eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, new Date(at))),
          // A worker that died mid-send leaves its lease behind; take it over when it lapses.
          and(eq(outbox.status, 'sending'), lt(outbox.lockedUntil, new Date(at))),
        ),
      )
      .orderBy(asc(outbox.nextAttemptAt), asc(outbox.id))
      .limit(limit)
      .all()
    if (due.length === 0) return []
    const lockedUntil = new Date(at + LEASE_MS)
    tx.update(outbox)
      .set({ status: 'sending', lockedUntil })
      .where(inArray(outbox.id, due.map((e) => e.id)))
      .run()
    return due.map((e) => ({ ...e, status: 'sending' as const, lockedUntil }))
  }, { behavior: 'immediate' })
}

/** Renews a claimed row's lease; false when it lapsed and another worker may have taken it over. */
export function renewLease(db: DB, email: OutboxEmail, lease: Date): boolean {
  const claimed = email.lockedUntil
  if (!claimed) return false
  return (
    db
      .update(outbox)
      .set({ lockedUntil: lease })
      .where(and(eq(outbox.id, email.id), eq(outbox.status, 'sending'), eq(outbox.lockedUntil, claimed)))
      .run().changes === 1
  )
}

const ours = (email: OutboxEmail, lease: Date) => and(eq(outbox.id, email.id), eq(outbox.status, 'sending'), eq(outbox.lockedUntil, lease))

/** Delivered: the address and parameters are not kept. */
export function markSent(db: DB, email: OutboxEmail, lease: Date): void {
  db.update(outbox)
    .set({ status: 'sent', sentAt: new Date(nowMs()), lockedUntil: null, attempts: email.attempts + 1, recipient: null, params: null, lastError: null })
    .where(ours(email, lease))
    .run()
}

export function markFailed(db: DB, email: OutboxEmail, lease: Date, f: { attempts: number; giveUp: boolean; retryAt: Date; error: string }): void {
  db.update(outbox)
    .set({ status: f.giveUp ? 'failed' : 'pending', attempts: f.attempts, lockedUntil: null, nextAttemptAt: f.retryAt, lastError: f.error })
    .where(ours(email, lease))
    .run()
}

/** The newest rows, for tests and the operator. */
export function recentOutbox(db: DB, limit = 50): OutboxEmail[] {
  return db.select().from(outbox).orderBy(desc(outbox.id)).limit(limit).all()
}
