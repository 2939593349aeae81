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
 * Every citizen page looks its organisation up by slug: the query is built and
 * prepared once per connection (or transaction object), not on each request.
 */
const bySlug = new WeakMap<DB | Tx, { get: (values: { slug: string }) => Organisation | undefined }>()

export function getOrganisationBySlug(db: DB | Tx, slug: string): Organisation | undefined {
  let query = bySlug.get(db)
  if (!query) {
    query = db.select().from(organisations).where(eq(organisations.slug, sql.placeholder('slug'))).prepare()
    bySlug.set(db, query)
  }
  return query.get({ slug })
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
