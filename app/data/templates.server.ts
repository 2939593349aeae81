import { and, asc, eq } from 'drizzle-orm'
import type { DB, Tx } from '#db/client.server'
import { replyTemplates, type ReplyTemplate } from '#db/schema'
import type { Localized } from '~/vocabulary'

export function orgTemplates(db: DB | Tx, orgId: number): ReplyTemplate[] {
  return db.select().from(replyTemplates).where(eq(replyTemplates.orgId, orgId)).orderBy(asc(replyTemplates.title), asc(replyTemplates.id)).all()
}

export function getTemplate(db: DB | Tx, q: { orgId: number; id: number }): ReplyTemplate | undefined {
  return db.select().from(replyTemplates).where(and(eq(replyTemplates.orgId, q.orgId), eq(replyTemplates.id, q.id))).get()
}

export function insertTemplate(tx: Tx, t: { orgId: number; title: string; bodies: Localized; at: Date }): ReplyTemplate {
  return tx.insert(replyTemplates).values({ orgId: t.orgId, title: t.title, bodies: t.bodies, createdAt: t.at, updatedAt: t.at }).returning().get()
}

export function updateTemplate(tx: Tx, q: { orgId: number; id: number }, t: { title: string; bodies: Localized; at: Date }): boolean {
  return tx.update(replyTemplates).set({ title: t.title, bodies: t.bodies, updatedAt: t.at }).where(and(eq(replyTemplates.orgId, q.orgId), eq(replyTemplates.id, q.id))).run().changes === 1
}

export function deleteTemplate(tx: Tx, q: { orgId: number; id: number }): boolean {
  return tx.delete(replyTemplates).where(and(eq(replyTemplates.orgId, q.orgId), eq(replyTemplates.id, q.id))).run().changes === 1
}
