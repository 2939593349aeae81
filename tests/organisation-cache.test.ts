import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { getDb, write, type DB } from '#db/client.server'
import { organisations } from '#db/schema'
import { getOrganisationBySlug } from '~/data/organisations.server'
import { loadDemoOrganisations } from './support/requests'

// The pages keep an organisation as read and read it again only when its row
// changed (organisations.version, raised by a trigger): whoever changes it,
// the next page sees the change, and nothing a page does changes what the
// next one sees.

let db: DB
const SLUG = 'dyrevaernsringen'

beforeAll(() => {
  db = getDb()
  loadDemoOrganisations(db)
})

describe('an organisation read by its address', () => {
  test('is kept while its row is unchanged, and frozen, so no page can change what the next one sees', () => {
    const first = getOrganisationBySlug(db, SLUG)!
    expect(getOrganisationBySlug(db, SLUG)).toBe(first)
    expect(Object.isFrozen(first.profile)).toBe(true)
    expect(() => {
      ;(first as { name: string }).name = 'Changed by a page'
    }).toThrow(TypeError)
    expect(() => {
      ;(first.profile.register.purposes as unknown[]).push({})
    }).toThrow(TypeError)
    expect(getOrganisationBySlug(db, SLUG)!.name).not.toBe('Changed by a page')
  })

  test('is read again as soon as anyone changes its row: the portal, or a statement from outside it', () => {
    const before = getOrganisationBySlug(db, SLUG)!
    // As the command line or an operator's statement would: no code of the portal's runs.
    db.$client.prepare('update organisations set name = ? where slug = ?').run('Renamed Outside', SLUG)
    const renamed = getOrganisationBySlug(db, SLUG)!
    expect(renamed.name).toBe('Renamed Outside')
    expect(renamed.version).toBe(before.version + 1)
    db.update(organisations).set({ name: before.name }).where(eq(organisations.id, before.id)).run()
    expect(getOrganisationBySlug(db, SLUG)!.name).toBe(before.name)
  })

  test('a change rolled back is never kept: after the rollback the page sees the row as it is', () => {
    const before = getOrganisationBySlug(db, SLUG)!
    expect(() =>
      write(db, (tx) => {
        tx.update(organisations).set({ name: 'Never Committed' }).where(eq(organisations.id, before.id)).run()
        // Inside the transaction the change is visible, and not kept.
        expect(getOrganisationBySlug(db, SLUG)!.name).toBe('Never Committed')
        throw new Error('roll back')
      }),
    ).toThrow('roll back')
    expect(getOrganisationBySlug(db, SLUG)!.name).toBe(before.name)
    // A later committed change that brings the version to the rolled-back one's number is read, not mistaken for it.
    db.update(organisations).set({ name: 'Committed Later' }).where(eq(organisations.id, before.id)).run()
    expect(getOrganisationBySlug(db, SLUG)!.name).toBe('Committed Later')
    db.update(organisations).set({ name: before.name }).where(eq(organisations.id, before.id)).run()
  })

  test('removed, it is gone; an unknown address finds nothing', () => {
    expect(getOrganisationBySlug(db, 'no-such-organisation')).toBeUndefined()
    const org = getOrganisationBySlug(db, SLUG)!
    db.$client.prepare('update organisations set slug = ? where id = ?').run('moved-away', org.id)
    expect(getOrganisationBySlug(db, SLUG)).toBeUndefined()
    expect(getOrganisationBySlug(db, 'moved-away')!.id).toBe(org.id)
    db.$client.prepare('update organisations set slug = ? where id = ?').run(SLUG, org.id)
    expect(getOrganisationBySlug(db, SLUG)!.id).toBe(org.id)
  })
})
