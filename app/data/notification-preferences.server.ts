import { and, eq, inArray } from 'drizzle-orm'
import type { DB, Tx } from '#db/client.server'
import { notificationPreferences } from '#db/schema'
import type { NotificationDelivery, NotificationKind } from '~/vocabulary'

export type StoredPreference = { kind: NotificationKind; delivery: NotificationDelivery; days: number | null }

/** The preferences officers saved, by user; kinds they never chose are absent (the domain's defaults apply). */
export function savedPreferences(db: DB | Tx, userIds: number[]): Map<number, StoredPreference[]> {
  const map = new Map<number, StoredPreference[]>()
  if (userIds.length === 0) return map
  for (const row of db.select().from(notificationPreferences).where(inArray(notificationPreferences.userId, userIds)).all()) {
    const list = map.get(row.userId) ?? []
    list.push({ kind: row.kind, delivery: row.delivery, days: row.days })
    map.set(row.userId, list)
  }
  return map
}

export function savePreference(tx: Tx, userId: number, p: StoredPreference): void {
  tx.insert(notificationPreferences)
    .values({ userId, ...p })
    .onConflictDoUpdate({ target: [notificationPreferences.userId, notificationPreferences.kind], set: { delivery: p.delivery, days: p.days } })
    .run()
}

export function deletePreference(tx: Tx, userId: number, kind: NotificationKind): void {
  tx.delete(notificationPreferences).where(and(eq(notificationPreferences.userId, userId), eq(notificationPreferences.kind, kind))).run()
}
