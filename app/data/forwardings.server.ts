import { and, asc, desc, eq, gt, isNotNull, isNull, lte } from 'drizzle-orm'
import type { DB, Tx } from '#db/client.server'
import { assistanceTasks, controllerLinks, forwardings, type AssistanceTask, type ControllerLink, type Forwarding } from '#db/schema'
import { nowMs } from '~/utils/clock'
import { hashToken, randomToken } from '~/utils/tokens.server'

// Storage of hand-overs between a processor and its controllers
// (docs/decisions/017): forwardings, the controllers' secure links, and the
// assistance tasks a controller's instructions become.

export function insertForwarding(tx: Tx, values: typeof forwardings.$inferInsert): Forwarding {
  return tx.insert(forwardings).values(values).returning().get()
}

export function updateForwarding(tx: Tx | DB, id: number, set: Partial<typeof forwardings.$inferInsert>): Forwarding {
  return tx.update(forwardings).set(set).where(eq(forwardings.id, id)).returning().get()!
}

/** A processor's request's forwardings, the latest first; only `orgId`'s own. */
export function forwardingsOf(db: DB | Tx, q: { orgId: number; requestId: number }): Forwarding[] {
  return db
    .select()
    .from(forwardings)
    .where(and(eq(forwardings.orgId, q.orgId), eq(forwardings.requestId, q.requestId)))
    .orderBy(desc(forwardings.id))
    .all()
}

export function activeForwardingOf(db: DB | Tx, q: { orgId: number; requestId: number }): Forwarding | undefined {
  return db
    .select()
    .from(forwardings)
    .where(and(eq(forwardings.orgId, q.orgId), eq(forwardings.requestId, q.requestId), eq(forwardings.active, true)))
    .orderBy(desc(forwardings.id))
    .get()
}

export function forwardingById(db: DB | Tx, id: number): Forwarding | undefined {
  return db.select().from(forwardings).where(eq(forwardings.id, id)).get()
}

export function forwardingByOutbox(db: DB | Tx, outboxId: number): Forwarding | undefined {
  return db.select().from(forwardings).where(eq(forwardings.outboxId, outboxId)).get()
}

/** The forwarding a controller's own request on the portal was made from. */
export function forwardingOfControllerRequest(db: DB | Tx, controllerRequestId: number): Forwarding | undefined {
  return db.select().from(forwardings).where(and(eq(forwardings.controllerRequestId, controllerRequestId), eq(forwardings.active, true))).get()
}

export function forwardingByBounceToken(db: DB | Tx, token: string): Forwarding | undefined {
  return db.select().from(forwardings).where(eq(forwardings.bounceTokenHash, hashToken(token))).get()
}

/**
 * What the reminder round looks at, a page at a time in id order: active
 * forwardings handed to the mail server and not refused, neither
 * acknowledged, answered nor escalated yet. Escalated ones drop out, so they
 * never crowd out the newer ones.
 */
export function forwardingsToRemind(db: DB | Tx, q: { afterId: number; limit: number }): Forwarding[] {
  return db
    .select()
    .from(forwardings)
    .where(
      and(
        eq(forwardings.active, true),
        isNull(forwardings.acknowledgedAt),
        isNull(forwardings.answeredAt),
        isNull(forwardings.undeliveredAt),
        isNull(forwardings.escalatedAt),
        isNotNull(forwardings.sentAt),
        gt(forwardings.id, q.afterId),
      ),
    )
    .orderBy(asc(forwardings.id))
    .limit(q.limit)
    .all()
}

// ---------------------------------------------------------------------------- the controller's links

/** A new link for a forwarding: the token goes into the email only, its hash here. */
export function issueControllerLink(tx: Tx | DB, forwardingId: number): { token: string; link: ControllerLink } {
  const token = randomToken()
  const link = tx.insert(controllerLinks).values({ forwardingId, tokenHash: hashToken(token), createdAt: new Date(nowMs()) }).returning().get()
  return { token, link }
}

export function controllerLinkByToken(db: DB | Tx, token: string): ControllerLink | undefined {
  return db.select().from(controllerLinks).where(eq(controllerLinks.tokenHash, hashToken(token))).get()
}

export function controllerLinkById(db: DB | Tx, id: number): ControllerLink | undefined {
  return db.select().from(controllerLinks).where(eq(controllerLinks.id, id)).get()
}

export function updateControllerLink(tx: Tx | DB, id: number, set: Partial<typeof controllerLinks.$inferInsert>): ControllerLink {
  return tx.update(controllerLinks).set(set).where(eq(controllerLinks.id, id)).returning().get()!
}

/** Every link of a forwarding stops working; returns how many were still live. */
export function revokeControllerLinks(tx: Tx | DB, forwardingId: number): number {
  return tx
    .update(controllerLinks)
    .set({ revokedAt: new Date(nowMs()) })
    .where(and(eq(controllerLinks.forwardingId, forwardingId), isNull(controllerLinks.revokedAt)))
    .run().changes
}

// ---------------------------------------------------------------------------- assistance tasks

export function insertTask(tx: Tx, values: typeof assistanceTasks.$inferInsert): AssistanceTask {
  return tx.insert(assistanceTasks).values(values).returning().get()
}

export function updateTask(tx: Tx, id: number, set: Partial<typeof assistanceTasks.$inferInsert>): AssistanceTask {
  return tx.update(assistanceTasks).set(set).where(eq(assistanceTasks.id, id)).returning().get()!
}

/** One task of the processor's; undefined when it is another organisation's. */
export function taskForOrg(db: DB | Tx, q: { orgId: number; id: number }): AssistanceTask | undefined {
  if (!Number.isSafeInteger(q.id) || q.id <= 0) return undefined
  return db.select().from(assistanceTasks).where(and(eq(assistanceTasks.orgId, q.orgId), eq(assistanceTasks.id, q.id))).get()
}

export function tasksOfRequest(db: DB | Tx, q: { orgId: number; requestId: number }): AssistanceTask[] {
  return db
    .select()
    .from(assistanceTasks)
    .where(and(eq(assistanceTasks.orgId, q.orgId), eq(assistanceTasks.requestId, q.requestId)))
    .orderBy(asc(assistanceTasks.id))
    .all()
}

export function tasksOfForwarding(db: DB | Tx, forwardingId: number): AssistanceTask[] {
  return db.select().from(assistanceTasks).where(eq(assistanceTasks.forwardingId, forwardingId)).orderBy(asc(assistanceTasks.id)).all()
}

/** Open tasks past their due date, not yet escalated, over every processor. */
export function overdueTasks(db: DB | Tx, q: { now: Date; limit?: number }): AssistanceTask[] {
  return db
    .select()
    .from(assistanceTasks)
    .where(and(isNull(assistanceTasks.doneAt), isNull(assistanceTasks.escalatedAt), lte(assistanceTasks.dueAt, q.now)))
    .orderBy(asc(assistanceTasks.id))
    .limit(q.limit ?? 1000)
    .all()
}
