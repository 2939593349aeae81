import YAML from 'yaml'
import type { DB } from '#db/client.server'
import type { OrganisationFile } from '#db/organisation-file'
import { getOrganisationBySlug, replaceClients, upsertOrganisation } from '~/data/organisations.server'
import { recordEvent, type Actor } from '~/domain/events'
import { nowMs } from '~/utils/clock'

/**
 * Creates or updates organisations by slug, all or none. Re-importing updates
 * an organisation in place, so its requests, officers and history stay.
 * `newDemo: 'refuse'`: a file may not create a demo organisation (only the demo
 * loader may; see demoOrganisationRefused).
 */
export function importOrganisations(
  db: DB,
  files: Array<{ file: string; org: OrganisationFile }>,
  actor: Actor = { kind: 'operator', userId: null },
  opts: { newDemo?: 'allow' | 'refuse' } = {},
): { created: string[]; updated: string[] } {
  const created: string[] = []
  const updated: string[] = []
  db.transaction((tx) => {
    const at = new Date(nowMs())
    for (const { org } of files) {
      const saved = upsertOrganisation(tx, org, at)
      // Demo organisations get officers whose credentials the CLI prints: a real one must never become one.
      if (saved.wasDemo === false && org.demo) throw new Error(`${org.slug}: demo: an existing organisation cannot become a demo organisation`)
      if (saved.created && org.demo && opts.newDemo === 'refuse') throw new Error(`${org.slug}: demo: only the demo loader (load-demo) creates demo organisations`)
      ;(saved.created ? created : updated).push(org.slug)
      recordEvent(tx, { kind: saved.created ? 'organisation_created' : 'organisation_updated', orgId: saved.id, actor, data: { slug: org.slug } })
    }
    for (const { org } of files) replaceClients(tx, org.slug, org.clients)
  }, { behavior: 'immediate' })
  return { created, updated }
}

/**
 * Whether a pasted organisation file would make a demo organisation, which
 * only the demo loader may: a demo organisation's admin has credentials
 * derived from SESSION_SECRET that `demo-officer` prints to anyone at the
 * console. Editing an organisation that is a demo one already is fine.
 */
export function demoOrganisationRefused(db: DB, text: string): boolean {
  let data: unknown
  try {
    data = YAML.parse(text)
  } catch {
    // Not YAML: the file's own check says what is wrong.
    return false
  }
  if (!data || typeof data !== 'object' || (data as { demo?: unknown }).demo !== true) return false
  const slug = (data as { slug?: unknown }).slug
  return !(typeof slug === 'string' && getOrganisationBySlug(db, slug)?.isDemo)
}
