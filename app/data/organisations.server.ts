import fs from 'node:fs'
import path from 'node:path'
import { and, asc, eq, inArray, like, or, sql, type SQL } from 'drizzle-orm'
import type { DB, Tx } from '#db/client.server'
import { parseOrganisationFile, OrganisationFileError, type OrganisationFile } from '#db/organisation-file'
import { organisations, processorClients, type Organisation } from '#db/schema'
import { lazyRequire } from '~/utils/lazy-require'

// Loaded with the first organisation file read or written, not at start-up (docs/decisions/027).
const yaml = lazyRequire<typeof import('yaml')>('yaml')

export type { Organisation }

/**
 * Every citizen page looks its organisation up by slug. Its row holds the
 * whole organisation file (tens of kilobytes of JSON): parsing it on every
 * page was a twentieth of a form page's time. So an organisation is kept as
 * read, per connection, and each page reads only its `version` (raised by a
 * trigger on every change, whoever makes it): the kept one is returned while
 * the version is the same. Kept organisations are frozen: nothing may change
 * one a later page would see. Inside a transaction nothing is kept or used
 * from the cache (a rolled-back change must not stay), and a transaction
 * object has no cache of its own. The queries are prepared once.
 */
type BySlug = {
  full: { get: (values: { slug: string }) => Organisation | undefined }
  version: { get: (values: { slug: string }) => { id: number; version: number } | undefined }
  kept: Map<string, Organisation> | null
}
const bySlug = new WeakMap<DB | Tx, BySlug>()

export function getOrganisationBySlug(db: DB | Tx, slug: string): Organisation | undefined {
  let q = bySlug.get(db)
  if (!q) {
    q = {
      full: db.select().from(organisations).where(eq(organisations.slug, sql.placeholder('slug'))).prepare(),
      version: db.select({ id: organisations.id, version: organisations.version }).from(organisations).where(eq(organisations.slug, sql.placeholder('slug'))).prepare(),
      kept: '$client' in db ? new Map() : null,
    }
    bySlug.set(db, q)
  }
  if (!q.kept || (db as DB).$client.inTransaction) return q.full.get({ slug })
  const current = q.version.get({ slug })
  if (!current) return undefined
  const kept = q.kept.get(slug)
  q.kept.delete(slug)
  if (kept && kept.id === current.id && kept.version === current.version) {
    q.kept.set(slug, kept)
    return kept
  }
  const org = q.full.get({ slug })
  if (!org) return undefined
  q.kept.set(slug, deepFreeze(org))
  // The least recently used go first: a parsed file is tens of kilobytes of objects.
  for (const oldest of q.kept.keys()) {
    if (q.kept.size <= KEPT_ORGANISATIONS) break
    q.kept.delete(oldest)
  }
  return org
}

/** How many organisations a connection keeps parsed. */
const KEPT_ORGANISATIONS = 50

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value) && !(value instanceof Date)) {
    Object.freeze(value)
    for (const inner of Object.values(value)) deepFreeze(inner)
  }
  return value
}

export function getOrganisation(db: DB | Tx, id: number): Organisation | undefined {
  return db.select().from(organisations).where(eq(organisations.id, id)).get()
}

/** Organisations a person can find: by name (case-insensitive, also within words) and country. */
export function searchOrganisations(db: DB | Tx, q: { text?: string; country?: string }): Organisation[] {
  const where: SQL[] = []
  const text = q.text?.trim()
  if (text) {
    const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    where.push(or(like(organisations.name, pattern), like(organisations.slug, pattern))!)
  }
  if (q.country === 'DK' || q.country === 'NO' || q.country === 'FI') where.push(eq(organisations.country, q.country))
  return db
    .select()
    .from(organisations)
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(organisations.name))
    .limit(100)
    .all()
}

/** The controllers a processor acts for. */
export function listClients(db: DB | Tx, processorId: number): Organisation[] {
  const ids = db.select({ id: processorClients.controllerId }).from(processorClients).where(eq(processorClients.processorId, processorId)).all()
  if (ids.length === 0) return []
  return db
    .select()
    .from(organisations)
    .where(inArray(organisations.id, ids.map((r) => r.id)))
    .orderBy(asc(organisations.name))
    .all()
}

/** Reads and validates every *.yaml / *.json file in a folder; throws one error listing every problem. */
export function readOrganisationFiles(dir: string): Array<{ file: string; org: OrganisationFile }> {
  const files = fs
    .readdirSync(dir)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort()
  const problems: string[] = []
  const result: Array<{ file: string; org: OrganisationFile }> = []
  for (const name of files) {
    const file = path.join(dir, name)
    try {
      const raw = fs.readFileSync(file, 'utf8')
      const data: unknown = name.endsWith('.json') ? JSON.parse(raw) : yaml().parse(raw)
      result.push({ file, org: parseOrganisationFile(file, data) })
    } catch (error) {
      problems.push(error instanceof OrganisationFileError ? error.message : `${file}: ${(error as Error).message}`)
    }
  }
  if (problems.length) throw new Error(problems.join('\n'))
  return result
}

/** Creates or updates one organisation from its file, by slug; says which. */
export function upsertOrganisation(tx: Tx, org: OrganisationFile, at: Date): { id: number; created: boolean; wasDemo: boolean | null } {
  const { slug, name, country, timeZone, kind, privacyEmail, slaDays, pauseClockOnInfoRequest, demo, ...profile } = org
  const values = { slug, name, country, timeZone, kind, privacyEmail, slaDays, pauseClockOnInfoRequest, isDemo: demo, profile, updatedAt: at }
  const existing = tx.select({ id: organisations.id, isDemo: organisations.isDemo }).from(organisations).where(eq(organisations.slug, slug)).get()
  if (existing) {
    tx.update(organisations).set(values).where(eq(organisations.id, existing.id)).run()
    return { id: existing.id, created: false, wasDemo: existing.isDemo }
  }
  const id = tx.insert(organisations).values({ ...values, createdAt: at }).returning({ id: organisations.id }).get().id
  return { id, created: true, wasDemo: null }
}

/** The wasDemo of an existing organisation, before any change: a real one must never become a demo one. */
export function existingDemoFlag(tx: Tx, slug: string): boolean | null {
  return tx.select({ isDemo: organisations.isDemo }).from(organisations).where(eq(organisations.slug, slug)).get()?.isDemo ?? null
}

/** Processor–client links follow the files: replaced for the processor. */
export function replaceClients(tx: Tx, processorSlug: string, clientSlugs: string[]): void {
  const processor = tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.slug, processorSlug)).get()!
  tx.delete(processorClients).where(eq(processorClients.processorId, processor.id)).run()
  for (const client of clientSlugs) {
    const controller = tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.slug, client)).get()
    if (!controller) throw new Error(`${processorSlug}: client "${client}" is not an organisation`)
    tx.insert(processorClients).values({ processorId: processor.id, controllerId: controller.id }).run()
  }
}

export function listOrganisations(db: DB | Tx): Organisation[] {
  return db.select().from(organisations).orderBy(asc(organisations.name)).all()
}

export function countOrganisations(db: DB | Tx): number {
  return db.select({ id: organisations.id }).from(organisations).all().length
}

export function updateOrganisationSettings(tx: Tx, orgId: number, set: Partial<Pick<Organisation, 'slaDays' | 'pauseClockOnInfoRequest' | 'privacyEmail'>>, at: Date): void {
  tx.update(organisations).set({ ...set, updatedAt: at }).where(eq(organisations.id, orgId)).run()
}
