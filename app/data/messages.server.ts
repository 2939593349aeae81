import { and, asc, eq } from 'drizzle-orm'
import type { DB, Tx } from '#db/client.server'
import { messages, type Message, type MessagePurpose } from '#db/schema'
import type { ActorKind } from '~/vocabulary'
import { nowMs } from '~/utils/clock'

// The written texts of a request (messages, replies, notes, reasons,
// answers), sealed at rest. Every read takes the organisation's id.

export function addMessage(
  tx: Tx | DB,
  m: { orgId: number; requestId: number; authorKind: ActorKind; authorUserId?: number | null; audience: 'subject' | 'internal'; purpose: MessagePurpose; body: string },
): Message {
  return tx
    .insert(messages)
    .values({ ...m, authorUserId: m.authorUserId ?? null, createdAt: new Date(nowMs()) })
    .returning()
    .get()
}

/** A request's texts, oldest first; only those the person may read with audience 'subject'. */
export function requestMessages(db: DB | Tx, q: { orgId: number; requestId: number; audience?: 'subject' }): Message[] {
  return db
    .select()
    .from(messages)
    .where(and(eq(messages.orgId, q.orgId), eq(messages.requestId, q.requestId), q.audience ? eq(messages.audience, q.audience) : undefined))
    .orderBy(asc(messages.id))
    .all()
}

export function getMessage(db: DB | Tx, q: { orgId: number; id: number }): Message | undefined {
  return db
    .select()
    .from(messages)
    .where(and(eq(messages.orgId, q.orgId), eq(messages.id, q.id)))
    .get()
}
