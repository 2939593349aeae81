import { type DB, write } from '#db/client.server'
import { OrganisationFileError, parseOrganisationFile, type OrganisationFile } from '#db/organisation-file'
import type { Organisation, User } from '#db/schema'
import { getOrganisation, getOrganisationBySlug, listOrganisations as allOrganisations, replaceClients, searchOrganisations, upsertOrganisation } from '~/data/organisations.server'
import { actorOf } from '~/domain/accounts.server'
import { recordEvent, type Actor } from '~/domain/events'
import { portalAddress } from '~/domain/inbound-mail.server'
import { nowMs } from '~/utils/clock'
import { lazyRequire } from '~/utils/lazy-require'

// Loaded with the first organisation file read or written, not at start-up (docs/decisions/027).
const yaml = lazyRequire<typeof import('yaml')>('yaml')

/** Lookups the pages use: by id (an officer's own), by slug (an address), by the words a person types. */
export { getOrganisation, getOrganisationBySlug, searchOrganisations }

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
    for (const { org } of files) replaceClients(tx, org.slug, org.clients.flatMap((c) => (c.organisation ? [c.organisation] : [])))
    // An inbound address takes the email of whoever holds it: one organisation's file cannot claim another's, nor the portal's own.
    const holders = new Map<string, string>()
    for (const o of allOrganisations(tx)) {
      for (const address of o.profile.inbound?.addresses ?? []) {
        if (address === portalAddress()) throw new Error(`${o.slug}: inbound.addresses: "${address}" is the portal's own sender address`)
        const holder = holders.get(address)
        if (holder) throw new Error(`${o.slug}: inbound.addresses: "${address}" is already ${holder}'s inbound address`)
        holders.set(address, o.slug)
      }
    }
  }, { behavior: 'immediate' })
  return { created, updated }
}


// ---------------------------------------------------------------- organisation files (operator)

export function listOrganisations(db: DB): Organisation[] {
  return allOrganisations(db)
}

/** The organisation file as the operator would paste it back, for editing. */
export function organisationFileText(org: Organisation): string {
  const { slug, name, country, timeZone, kind, privacyEmail, slaDays, pauseClockOnInfoRequest, isDemo, profile } = org
  return yaml().stringify({ slug, name, country, timeZone, kind, privacyEmail, slaDays, pauseClockOnInfoRequest, demo: isDemo, ...profile })
}

export type SaveOrganisationResult = { ok: true; slug: string; created: boolean } | { ok: false; problems: string[] }

/**
 * Validates a pasted organisation file and creates that organisation (no
 * `expectSlug`: the slug must be new) or updates the one named by `expectSlug`.
 */
export function saveOrganisationFile(db: DB, operator: User, text: string, expectSlug?: string): SaveOrganisationResult {
  let data: unknown
  try {
    data = yaml().parse(text)
  } catch (error) {
    return { ok: false, problems: [`YAML: ${(error as Error).message.split('\n')[0]}`] }
  }
  try {
    const org = parseOrganisationFile('organisation', data)
    if (expectSlug && org.slug !== expectSlug) return { ok: false, problems: [`slug: must stay "${expectSlug}"`] }
    const existing = getOrganisationBySlug(db, org.slug)
    // Adding must never overwrite an organisation that happens to have the same slug.
    if (!expectSlug && existing) return { ok: false, problems: [`slug: an organisation "${org.slug}" already exists; edit it from the list of organisations`] }
    // Demo officers have credentials anyone with the demo key can work out: a real organisation never becomes a demo one.
    if (existing && !existing.isDemo && org.demo) return { ok: false, problems: ['demo: a real organisation cannot be turned into a demo organisation'] }
    const { created } = importOrganisations(db, [{ file: 'organisation', org }], actorOf(operator), { newDemo: 'refuse' })
    const saved = getOrganisationBySlug(db, org.slug)
    write(db, (tx) => recordEvent(tx, { kind: 'organisation_file_saved', orgId: saved?.id ?? null, actor: actorOf(operator), data: { slug: org.slug } }))
    return { ok: true, slug: org.slug, created: created.length > 0 }
  } catch (error) {
    if (error instanceof OrganisationFileError) return { ok: false, problems: error.issues }
    return { ok: false, problems: [(error as Error).message] }
  }
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
    data = yaml().parse(text)
  } catch {
    // Not YAML: the file's own check says what is wrong.
    return false
  }
  if (!data || typeof data !== 'object' || (data as { demo?: unknown }).demo !== true) return false
  const slug = (data as { slug?: unknown }).slug
  return !(typeof slug === 'string' && getOrganisationBySlug(db, slug)?.isDemo)
}

// ---------------------------------------------------------------- a processor's client register (its admins)

export type SaveRegisterResult = { ok: true } | { ok: false; problems: string[] }

/**
 * A processor's admin replaces its client register (the `clients:` of its
 * file), checked by the same schema as the whole file. Which client is which
 * organisation on the portal stays the operator's to say: requests will be
 * passed into that organisation's own queue (docs/decisions/016), so an admin
 * who could link any organisation could fill another's queue.
 */
export function saveClientRegister(db: DB, admin: User, org: Organisation, text: string): SaveRegisterResult {
  let clients: unknown
  try {
    clients = yaml().parse(text) ?? []
  } catch (error) {
    return { ok: false, problems: [`YAML: ${(error as Error).message.split('\n')[0]}`] }
  }
  const links = new Map(org.profile.clients.map((c) => [c.key, c.organisation]))
  try {
    const file = parseOrganisationFile('clients', { ...(yaml().parse(organisationFileText(org)) as Record<string, unknown>), clients })
    // Neither set, changed nor removed: a link the operator made stays as it is.
    const problems = file.clients.flatMap((c, i) => ((c.organisation ?? null) !== (links.get(c.key) ?? null) ? [`clients[${i}].organisation: only the portal's operator can link a client to its organisation on the portal`] : []))
    if (problems.length) return { ok: false, problems }
    importOrganisations(db, [{ file: 'clients', org: file }], actorOf(admin))
    write(db, (tx) => recordEvent(tx, { kind: 'organisation_file_saved', orgId: org.id, actor: actorOf(admin), data: { slug: org.slug } }))
    return { ok: true }
  } catch (error) {
    if (error instanceof OrganisationFileError) return { ok: false, problems: error.issues.map((p) => p.replace(/^clients: /, '')) }
    return { ok: false, problems: [(error as Error).message] }
  }
}

/** The register as its admins edit it. */
export function clientRegisterText(org: Organisation): string {
  return org.profile.clients.length ? yaml().stringify(org.profile.clients) : ''
}
