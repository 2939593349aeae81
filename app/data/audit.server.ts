import type Database from 'better-sqlite3'
import { and, asc, desc, eq, gt } from 'drizzle-orm'
import type { DB, Tx } from '#db/client.server'
import { events, type EventRow } from '#db/schema'
import type { ActorKind } from '~/vocabulary'
import { keyedHash } from '~/utils/crypto.server'

// The audit trail's storage: entries are only ever appended, each with a keyed
// hash over its content and the previous entry's hash. Changing or removing an
// entry breaks every hash after it; without INDEX_KEY nobody can forge new ones.
// What an entry may hold is declared in app/domain/events.ts, the only caller.
// The chain cannot show that entries were cut from its end, or all of it
// removed: for that the operator keeps its head (an anchor) outside the
// database, from the log or a backup, and checks against it
// (docs/decisions/014-audit-anchor.md).

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

/** The chain's newest entry, as the number of entries and its hash: the anchor an operator keeps. */
export type AuditAnchor = { entries: number; hash: string }

/** The head of the chain now, in one statement so count and hash belong together. Takes the raw connection, so a backup file can be read as it is. */
export function auditHead(client: Database.Database): AuditAnchor {
  const row = client.prepare('select count(*) as entries, (select hash from events order by id desc limit 1) as hash from events').get() as { entries: number; hash: string | null }
  return { entries: row.entries, hash: row.hash ?? GENESIS }
}

export type ChainCheck =
  | { ok: true; checked: number; head: AuditAnchor }
  /** An entry was changed, or one before it removed. */
  | { ok: false; checked: number; firstBroken: { id: number; at: Date; kind: string } }
  /** The chain is intact but does not reach the anchor: entries were cut from its end (and maybe others appended). */
  | { ok: false; checked: number; notAnchored: { expected: Partial<AuditAnchor>; found: string | null } }

/**
 * Recomputes the chain from the first entry and names the first one that does
 * not match. With an anchor, the chain must also hold it: the entry at that
 * position (or, with a hash alone, any entry) has that hash. Entries appended
 * after the anchor are fine.
 */
export function verifyChain(db: DB, anchor: Partial<AuditAnchor> = {}, batch = 5000): ChainCheck {
  let previous = GENESIS
  let checked = 0
  let lastId = 0
  // The hash at the anchor's position, or whether the anchor's hash turned up.
  let atAnchor: string | null = anchor.entries === 0 ? GENESIS : null
  for (;;) {
    const rows = db.select().from(events).where(gt(events.id, lastId)).orderBy(asc(events.id)).limit(batch).all()
    if (rows.length === 0) break
    for (const row of rows) {
      const expected = entryHash(previous, row)
      if (expected !== row.hash) return { ok: false, checked, firstBroken: { id: row.id, at: row.at, kind: row.kind } }
      previous = row.hash
      checked++
      lastId = row.id
      if (anchor.entries === undefined ? row.hash === anchor.hash : checked === anchor.entries) atAnchor = row.hash
    }
  }
  const holds = anchor.entries === undefined && anchor.hash === undefined ? true : atAnchor !== null && (anchor.hash === undefined || atAnchor === anchor.hash)
  if (!holds) return { ok: false, checked, notAnchored: { expected: anchor, found: atAnchor } }
  return { ok: true, checked, head: { entries: checked, hash: previous } }
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
