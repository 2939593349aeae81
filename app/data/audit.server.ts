import type Database from 'better-sqlite3'
import { and, asc, desc, eq, gt, lte } from 'drizzle-orm'
import type { DB, Tx } from '#db/client.server'
import { auditCheckpoints, events, type AuditCheckpoint, type EventRow } from '#db/schema'
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

/** The hash the first entry follows. */
export const GENESIS = 'genesis'

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

/** An entry's hash: the previous entry's hash and the entry's content, keyed with INDEX_KEY. */
export function entryHash(previous: string, e: NewEventRow): string {
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
  // The count is kept by triggers (audit_count): counting millions of entries took a quarter of a second at every start.
  const row = client.prepare('select (select entries from audit_count where id = 1) as entries, (select hash from events order by id desc limit 1) as hash').get() as { entries: number | null; hash: string | null }
  return { entries: row.entries ?? 0, hash: row.hash ?? GENESIS }
}

export type ChainCheck =
  /** `since`: the checkpoint the check started after (then only the entries after it were recomputed); null from the first entry. */
  | { ok: true; checked: number; head: AuditAnchor; lastId: number; since: AuditCheckpoint | null }
  /** An entry was changed, or one before it removed. */
  | { ok: false; checked: number; firstBroken: { id: number; at: Date; kind: string } }
  /** The chain is intact but does not reach the anchor: entries were cut from its end (and maybe others appended). */
  | { ok: false; checked: number; notAnchored: { expected: Partial<AuditAnchor>; found: string | null } }
  /** The checkpoint the check was to start from is not one the portal wrote, or its entry no longer has its hash. */
  | { ok: false; checked: number; badCheckpoint: { id: number; eventId: number; reason: 'forged' | 'entry_changed' | 'entry_missing' } }

/** Where a walk along the chain starts: after this entry (id 0: the beginning), whose hash is `previous`, at this position. */
type Start = { lastId: number; previous: string; position: number; since: AuditCheckpoint | null }

/**
 * Recomputes the chain from the first entry and names the first one that does
 * not match. With an anchor, the chain must also hold it: the entry at that
 * position (or, with a hash alone, any entry) has that hash. Entries appended
 * after the anchor are fine.
 */
export function verifyChain(db: DB, anchor: Partial<AuditAnchor> = {}, batch = 5000): ChainCheck {
  return walk(db, { lastId: 0, previous: GENESIS, position: 0, since: null }, anchor, batch)
}

function walk(db: DB, start: Start, anchor: Partial<AuditAnchor>, batch: number): ChainCheck {
  let previous = start.previous
  let checked = start.position
  let lastId = start.lastId
  // The hash at the anchor's position, or whether the anchor's hash turned up.
  let atAnchor: string | null = anchor.entries === 0 ? GENESIS : null
  if (anchor.entries !== undefined && anchor.entries > 0 && anchor.entries === start.position) atAnchor = start.previous
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
  return { ok: true, checked, head: { entries: checked, hash: previous }, lastId, since: start.since }
}

// ---------------------------------------------------------------------------- checkpoints

function checkpointSeal(c: Pick<AuditCheckpoint, 'eventId' | 'entries' | 'hash'>): string {
  return keyedHash('audit-chain', `checkpoint\n${c.eventId}\n${c.entries}\n${c.hash}`)
}

/** The newest checkpoint, if any. */
export function lastCheckpoint(db: DB | Tx): AuditCheckpoint | undefined {
  return db.select().from(auditCheckpoints).orderBy(desc(auditCheckpoints.id)).limit(1).get()
}

/**
 * Records that the chain was verified up to its head (a check that passed),
 * so the next `--since-checkpoint` check starts there. Nothing is recorded for
 * an empty trail.
 */
export function recordCheckpoint(db: DB, check: Extract<ChainCheck, { ok: true }>, at: Date): AuditCheckpoint | undefined {
  if (check.lastId === 0) return undefined
  const c = { eventId: check.lastId, entries: check.head.entries, hash: check.head.hash }
  return db
    .insert(auditCheckpoints)
    .values({ ...c, seal: checkpointSeal(c), full: check.since === null, at })
    .returning()
    .get()
}

/**
 * Verifies only the entries after the newest checkpoint (docs/decisions/014):
 * the checkpoint must carry the portal's keyed seal, its entry must still be
 * there with its hash (and that hash must still follow from the entry and the
 * one before it), and every entry after it is recomputed from there. What lies
 * before the checkpoint was verified when it was recorded and is not read
 * again: `verifyChain` (verify-audit in full) rechecks it. Without a
 * checkpoint, or with an anchor at or before it, this is the full check.
 */
export function verifySinceCheckpoint(db: DB, anchor: Partial<AuditAnchor> = {}, batch = 5000): ChainCheck {
  const cp = lastCheckpoint(db)
  const before = (a: Partial<AuditAnchor>) => a.hash !== undefined && a.entries === undefined
  if (!cp || before(anchor) || (anchor.entries !== undefined && cp && anchor.entries < cp.entries)) return verifyChain(db, anchor, batch)
  const bad = (reason: 'forged' | 'entry_changed' | 'entry_missing'): ChainCheck => ({ ok: false, checked: 0, badCheckpoint: { id: cp.id, eventId: cp.eventId, reason } })
  if (checkpointSeal(cp) !== cp.seal) return bad('forged')
  const [entry, prior] = db.select().from(events).where(lte(events.id, cp.eventId)).orderBy(desc(events.id)).limit(2).all()
  if (!entry || entry.id !== cp.eventId) return bad('entry_missing')
  if (entry.hash !== cp.hash || entryHash(prior?.hash ?? GENESIS, entry) !== entry.hash) return bad('entry_changed')
  return walk(db, { lastId: cp.eventId, previous: cp.hash, position: cp.entries, since: cp }, anchor, batch)
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
