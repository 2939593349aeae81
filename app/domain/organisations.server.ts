import type { DB } from '#db/client.server'
import type { OrganisationFile } from '#db/organisation-file'
import { replaceClients, upsertOrganisation } from '~/data/organisations.server'
import { recordEvent, type Actor } from '~/domain/events'
import { nowMs } from '~/utils/clock'

/**
 * Creates or updates organisations by slug, all or none. Re-importing updates
 * an organisation in place, so its requests, officers and history stay.
 */
export function importOrganisations(
  db: DB,
  files: Array<{ file: string; org: OrganisationFile }>,
  actor: Actor = { kind: 'operator', userId: null },
): { created: string[]; updated: string[] } {
  const created: string[] = []
  const updated: string[] = []
  db.transaction((tx) => {
    const at = new Date(nowMs())
    for (const { org } of files) {
      const saved = upsertOrganisation(tx, org, at)
      // Demo organisations get officers whose credentials the CLI prints: a real one must never become one.
      if (saved.wasDemo === false && org.demo) throw new Error(`${org.slug}: demo: an existing organisation cannot become a demo organisation`)
      ;(saved.created ? created : updated).push(org.slug)
      recordEvent(tx, { kind: saved.created ? 'organisation_created' : 'organisation_updated', orgId: saved.id, actor, data: { slug: org.slug } })
    }
    for (const { org } of files) replaceClients(tx, org.slug, org.clients)
  }, { behavior: 'immediate' })
  return { created, updated }
}
