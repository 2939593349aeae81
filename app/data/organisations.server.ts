import fs from 'node:fs'
import path from 'node:path'
import { and, asc, eq, inArray, like, or, type SQL } from 'drizzle-orm'
import YAML from 'yaml'
import type { DB } from '#db/client.server'
import { parseOrganisationFile, OrganisationFileError, type OrganisationFile } from '#db/organisation-file'
import { events, organisations, processorClients, type Organisation } from '#db/schema'
import { nowMs } from '~/utils/clock'

export type { Organisation }

export function getOrganisationBySlug(db: DB, slug: string): Organisation | undefined {
  return db.select().from(organisations).where(eq(organisations.slug, slug)).get()
}

export function getOrganisation(db: DB, id: number): Organisation | undefined {
  return db.select().from(organisations).where(eq(organisations.id, id)).get()
}

/** Organisations a person can find: by name (case-insensitive, also within words) and country. */
export function searchOrganisations(db: DB, q: { text?: string; country?: string }): Organisation[] {
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
export function listClients(db: DB, processorId: number): Organisation[] {
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
      const data: unknown = name.endsWith('.json') ? JSON.parse(raw) : YAML.parse(raw)
      result.push({ file, org: parseOrganisationFile(file, data) })
    } catch (error) {
      problems.push(error instanceof OrganisationFileError ? error.message : `${file}: ${(error as Error).message}`)
    }
  }
  if (problems.length) throw new Error(problems.join('\n'))
  return result
}

/**
 * Creates or updates organisations by slug. Re-importing updates an
 * organisation in place, so its requests, officers and history stay.
 */
export function importOrganisations(db: DB, files: Array<{ file: string; org: OrganisationFile }>): { created: string[]; updated: string[] } {
  const created: string[] = []
  const updated: string[] = []
  db.transaction((tx) => {
    const at = new Date(nowMs())
    for (const { org } of files) {
      const { slug, name, country, timeZone, kind, privacyEmail, slaDays, pauseClockOnInfoRequest, demo, ...profile } = org
      const values = { slug, name, country, timeZone, kind, privacyEmail, slaDays, pauseClockOnInfoRequest, isDemo: demo, profile, updatedAt: at }
      const existing = tx.select({ id: organisations.id, isDemo: organisations.isDemo }).from(organisations).where(eq(organisations.slug, slug)).get()
      // Demo organisations get officers whose credentials the CLI prints: a real one must never become one.
      if (existing && !existing.isDemo && demo) throw new Error(`${slug}: demo: an existing organisation cannot become a demo organisation`)
      let id: number
      if (existing) {
        tx.update(organisations).set(values).where(eq(organisations.id, existing.id)).run()
        id = existing.id
        updated.push(slug)
      } else {
        id = tx.insert(organisations).values({ ...values, createdAt: at }).returning({ id: organisations.id }).get().id
        created.push(slug)
      }
      tx.insert(events).values({ at, orgId: id, actorKind: 'operator', kind: existing ? 'organisation_updated' : 'organisation_created', data: { slug } }).run()
    }
    // Processor–client links follow the files: replaced for every imported processor.
    for (const { org } of files) {
      const processor = tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.slug, org.slug)).get()!
      tx.delete(processorClients).where(eq(processorClients.processorId, processor.id)).run()
      for (const client of org.clients) {
        const controller = tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.slug, client)).get()
        if (!controller) throw new Error(`${org.slug}: client "${client}" is not an organisation`)
        tx.insert(processorClients).values({ processorId: processor.id, controllerId: controller.id }).run()
      }
    }
  })
  return { created, updated }
}
