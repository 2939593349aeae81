import { and, asc, desc, eq, gt } from 'drizzle-orm'
import type { DB, Tx } from '#db/client.server'
import { events, type EventRow } from '#db/schema'
import type { ActorKind } from '~/vocabulary'
import { keyedHash } from '~/utils/crypto.server'

// The audit trail's storage: entries are only ever appended, each with a keyed
// hash over its content and the previous entry's hash. Changing or removing an
// entry breaks every hash after it; without INDEX_KEY nobody can forge new ones.
// What an entry may hold is declared in app/domain/events.ts, the only caller.

const GENESIS = 'genesis'

export type NewEventRow = {
  at: Date
  orgId: number | null
  requestId: number | null
  actorKind: ActorKind
  actorUserId: number | null
  kind: string
  data: Record<string, unknown>
}

/** Keys sorted at every level, so the same content always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`
  }
  return JSON.stringify(value ?? null)
}

function entryHash(previous: string, e: NewEventRow): string {
  return keyedHash('audit-chain', `${previous}\n${canonical([e.at.getTime(), e.orgId, e.requestId, e.actorKind, e.actorUserId, e.kind, e.data])}`)
}

/**
 * Appends an entry. Always inside a write (immediate) transaction, so that
 * reading the last hash and appending cannot interleave with another writer.
 */
export function appendEvent(tx: Tx, e: NewEventRow): EventRow {
  const previous = tx.select({ hash: events.hash }).from(events).orderBy(desc(events.id)).limit(1).get()?.hash ?? GENESIS
  return tx
    .insert(events)
    .values({ ...e, hash: entryHash(previous, e) })
    .returning()
    .get()
}

export type ChainCheck = { ok: true; checked: number } | { ok: false; checked: number; firstBroken: { id: number; at: Date; kind: string } }

/** Recomputes the chain from the first entry and names the first one that does not match. */
export function verifyChain(db: DB, batch = 5000): ChainCheck {
  let previous = GENESIS
  let checked = 0
  let lastId = 0
  for (;;) {
    const rows = db.select().from(events).where(gt(events.id, lastId)).orderBy(asc(events.id)).limit(batch).all()
    if (rows.length === 0) return { ok: true, checked }
    for (const row of rows) {
      const expected = entryHash(previous, row)
      if (expected !== row.hash) return { ok: false, checked, firstBroken: { id: row.id, at: row.at, kind: row.kind } }
      previous = row.hash
      checked++
      lastId = row.id
    }
  }
}

/** Every entry of one of the organisation's requests, oldest first. */
export function requestEventRows(db: DB | Tx, q: { orgId: number; requestId: number }): EventRow[] {
  return db
    .select()
    .from(events)
    .where(and(eq(events.orgId, q.orgId), eq(events.requestId, q.requestId)))
    .orderBy(asc(events.id))
    .all()
}
