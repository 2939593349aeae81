import { createHmac } from 'node:crypto'
import { Secret } from 'otpauth'
import { type DB, write } from '#db/client.server'
import type { Organisation } from '#db/schema'
import { listOrganisations as allOrganisations } from '~/data/organisations.server'
import { revokeUserSessions } from '~/data/sessions.server'
import { getUserByEmail, insertUser, orgAccounts, updateUser } from '~/data/users.server'
import { recordEvent } from '~/domain/events'
import { hashPasswordSync } from '~/domain/passwords.server'
import { totpUri } from '~/domain/totp.server'
import { nowMs } from '~/utils/clock'
import { env } from '~/utils/env.server'
import type { Language } from '~/vocabulary'


// Demo credentials are derived, not random, so `demo-officer` can print them
// again at any time. They are keyed by the deployment's SESSION_SECRET, so
// nobody can work them out from the source code alone, and they exist only for
// demo organisations.
function demoEmail(slug: string) {
  return `officer@${slug}.demo.example`
}

export type DemoOfficer = { email: string; name: string; password: string; totpSecret: string; totpUri: string }

export function demoOfficerFor(org: Pick<Organisation, 'slug' | 'isDemo'>): DemoOfficer {
  if (!org.isDemo) throw new Error(`${org.slug} is not a demo organisation: demo officers exist only for demo organisations`)
  const derive = (what: string) => createHmac('sha256', env().SESSION_SECRET).update(`demo-officer:${org.slug}:${what}`).digest()
  const password = `demo-${derive('password').toString('base64url').slice(0, 16)}`
  const totpSecret = new Secret({ buffer: new Uint8Array(derive('totp').subarray(0, 20)).buffer }).base32
  const email = demoEmail(org.slug)
  return { email, name: 'Demo Officer', password, totpSecret, totpUri: totpUri(totpSecret, email) }
}

/**
 * Creates (or resets) the demo admin of every demo organisation, or of the ones
 * named. First removes the demo admins of organisations that are no longer demo
 * ones. A demo organisation that has officers of its own but no demo admin yet
 * looks like a real organisation whose file was switched to `demo: true`: it
 * gets none (skipped, or an error when it was named).
 */
export function createDemoOfficers(db: DB, onlySlugs?: string[]): string[] {
  removeStaleDemoOfficers(db)
  const demoOrgs = allOrganisations(db).filter((o) => o.isDemo && (!onlySlugs || onlySlugs.includes(o.slug)))
  const done: string[] = []
  for (const org of demoOrgs) {
    const demo = demoOfficerFor(org)
    const current = getUserByEmail(db, demo.email)
    if ((!current || current.removedAt) && orgAccounts(db, org.id).some((u) => u.email !== demo.email)) {
      if (onlySlugs) throw new Error(`${org.slug} has officers of its own and was not a demo organisation from the start: it gets no demo officer`)
      continue
    }
    const language = (org.profile.languages[0] ?? 'en') as Language
    const values = {
      orgId: org.id,
      role: 'admin' as const,
      name: demo.name,
      language,
      passwordHash: hashPasswordSync(demo.password),
      totpSecret: demo.totpSecret,
      totpConfirmedAt: new Date(nowMs()),
      removedAt: null,
    }
    write(db, (tx) => {
      const existing = getUserByEmail(tx, demo.email)
      const userId = existing ? (updateUser(tx, existing.id, values), existing.id) : insertUser(tx, { ...values, email: demo.email, createdAt: new Date(nowMs()) }).id
      recordEvent(tx, { kind: 'demo_officer_created', orgId: org.id, actor: { kind: 'operator', userId: null }, data: { userId } })
    })
    done.push(org.slug)
  }
  return done
}

/** Demo admins of organisations that are not (or no longer) demo ones lose their account and sessions. */
export function removeStaleDemoOfficers(db: DB): string[] {
  const removed: string[] = []
  for (const org of allOrganisations(db).filter((o) => !o.isDemo)) {
    const user = getUserByEmail(db, demoEmail(org.slug))
    if (!user || user.orgId !== org.id || user.removedAt) continue
    write(db, (tx) => {
      updateUser(tx, user.id, { removedAt: new Date(nowMs()), passwordHash: null, totpSecret: null, totpConfirmedAt: null })
      revokeUserSessions(tx, user.id)
      recordEvent(tx, { kind: 'demo_officer_removed', orgId: org.id, actor: { kind: 'operator', userId: null }, data: { userId: user.id } })
    })
    removed.push(org.slug)
  }
  return removed
}
