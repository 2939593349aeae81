import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { OrganisationProfile } from '#db/organisation-file'
import { readOrganisationFiles } from '~/data/organisations.server'
import { REQUEST_TYPES, type RequestType } from '~/vocabulary'
import { ACTIONS_OF_RIGHT, changesData, groundsFor, needsGrounds, needsIdentity, outcomesFor } from './grounds'

// Which grounds an answer to each right may rest on, as one table: a ground
// offered for the wrong right (a restriction ground for a rectification, an
// erasure hold for an access request) would let an officer refuse on a
// ground the law does not give, and the letter would cite it.

const files = Object.fromEntries(readOrganisationFiles(path.resolve('db/organisations')).map(({ org }) => [org.slug, org]))
const clinic = files['fjordkanten-dyreklinikk']!
// The Norwegian clinic keeps journals and accounts under the law; the Danish
// association relies on a national restriction of access. One register with both.
const profile: OrganisationProfile = {
  ...clinic,
  register: { ...clinic.register, nationalRestrictions: files['dyrevaernsringen']!.register.nationalRestrictions },
}

const OBJECTION = { type: 'objection', ground: 'particular_situation', situation: 'Mine gaver skal ikke i statistikken.' }
const PROFILING = { type: 'objection', ground: 'profiling' }
const DIRECT_MARKETING = { type: 'objection', ground: 'direct_marketing' }

// The columns: every right, and an objection to profiling and one to direct marketing apart (Art. 21(1)-(3)).
const COLUMNS: Array<{ name: string; type: RequestType; details?: Record<string, unknown> & { type: string } }> = [
  { name: 'access', type: 'access' },
  { name: 'rectification', type: 'rectification' },
  { name: 'erasure', type: 'erasure' },
  { name: 'restriction', type: 'restriction' },
  { name: 'objection', type: 'objection', details: OBJECTION },
  { name: 'objection to profiling', type: 'objection', details: PROFILING },
  { name: 'objection to direct marketing', type: 'objection', details: DIRECT_MARKETING },
  { name: 'portability', type: 'portability' },
  { name: 'automated decision', type: 'automated_decision' },
]

// Columns in the order above. x: offered for that right, with the article it is cited under; .: not offered.
const TABLE = `
ground                                article                     acc  rec  era  res  obj  pro  dm   por  aut
others_rights                         Art. 15(4)                  x    .    .    .    .    .    .    .    .
national:dk_databeskyttelsesloven_22  databeskyttelsesloven § 22  x    .    .    .    .    .    .    .    .
accurate                              Art. 16                     .    x    .    .    .    .    .    .    .
no_erasure_condition                  Art. 17(1)                  .    .    x    .    .    .    .    .    .
hold:medical-records                  Art. 17(3)(b)               .    .    x    .    .    .    .    .    .
hold:purchase-history                 Art. 17(3)(b)               .    .    x    .    .    .    .    .    .
hold:payment-details                  Art. 17(3)(b)               .    .    x    .    .    .    .    .    .
public_task                           Art. 17(3)(b)               .    .    x    .    .    .    .    .    .
expression                            Art. 17(3)(a)               .    .    x    .    .    .    .    .    .
public_health                         Art. 17(3)(c)               .    .    x    .    .    .    .    .    .
archiving                             Art. 17(3)(d)               .    .    x    .    .    .    .    .    .
legal_claims                          Art. 17(3)(e)               .    .    x    .    .    .    .    .    .
no_restriction_condition              Art. 18(1)                  .    .    .    x    .    .    .    .    .
not_public_or_legitimate_interest     Art. 21(1)                  .    .    .    .    x    x    .    .    .
compelling_grounds                    Art. 21(1)                  .    .    .    .    x    .    .    .    .
compelling_grounds_not_marketing      Art. 21(1)                  .    .    .    .    .    x    .    .    .
legal_claims                          Art. 21(1)                  .    .    .    .    x    x    .    .    .
not_provided                          Art. 20(1)                  .    .    .    .    .    .    .    x    .
not_consent_or_contract               Art. 20(1)(a)               .    .    .    .    .    .    .    x    .
not_automated                         Art. 20(1)(b)               .    .    .    .    .    .    .    x    .
harms_others                          Art. 20(4)                  .    .    .    .    .    .    .    x    .
not_solely_automated                  Art. 22(1)                  .    .    .    .    .    .    .    .    x
no_significant_effect                 Art. 22(1)                  .    .    .    .    .    .    .    .    x
authorised_by_law                     Art. 22(2)(b)               .    .    .    .    .    .    .    .    x
manifestly_unfounded                  Art. 12(5)(b)               x    x    x    x    x    x    .    x    x
excessive                             Art. 12(5)(b)               x    x    x    x    x    x    .    x    x
repetitive                            Art. 12(5)(b)               x    x    x    x    x    x    .    x    x
cannot_identify                       Art. 11(2), 12(2)           x    x    x    x    .    .    .    x    .
cannot_identify                       Art. 12(2), 12(6)           .    .    .    .    x    x    .    .    x
`

/** The table's rows: a ground, its article, and a mark per column. */
const rows = TABLE.trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const marks = line.trim().split(/\s+/).slice(-COLUMNS.length)
    const [ground, ...article] = line.trim().split(/\s+/).slice(0, -COLUMNS.length)
    return { ground: ground!, article: article.join(' '), marks }
  })

describe('the grounds of each right', () => {
  it('the table has a mark for every right', () => {
    for (const row of rows) {
      expect(row.marks, row.ground).toHaveLength(COLUMNS.length)
      for (const mark of row.marks) expect(['x', '.'], row.ground).toContain(mark)
    }
  })

  it.each(COLUMNS.map((c, i) => [c.name, c, i] as const))('%s: exactly the grounds the table gives it, under their articles, its own before those of every right', (_, column, i) => {
    const expected = rows.filter((r) => r.marks[i] === 'x').map((r) => ({ key: r.ground, article: r.article }))
    const offered = groundsFor(column.type, profile, column.details).map((g) => ({ key: g.key, article: g.article }))
    expect(offered).toEqual(expected)
  })

  it('every ground any right offers is in the table', () => {
    const known = new Set(rows.map((r) => `${r.ground} ${r.article}`))
    for (const type of REQUEST_TYPES) {
      for (const g of groundsFor(type, profile, type === 'objection' ? OBJECTION : undefined)) expect(known, `${type}: ${g.key}`).toContain(`${g.key} ${g.article}`)
    }
  })

  it('a legal hold is offered only for a category the law makes the organisation keep', () => {
    const held = profile.register.retention.filter((r) => r.legalObligation).map((r) => `hold:${r.category}`)
    expect(held.sort()).toEqual(['hold:medical-records', 'hold:payment-details', 'hold:purchase-history'])
    const kept = profile.register.retention.filter((r) => !r.legalObligation).map((r) => `hold:${r.category}`)
    expect(kept.length).toBeGreaterThan(0)
    const erasure = groundsFor('erasure', profile).map((g) => g.key)
    for (const key of kept) expect(erasure).not.toContain(key)
  })

  it('a register ground is labelled from the register, every other from the locale', () => {
    const access = groundsFor('access', profile)
    expect(access.find((g) => g.key === 'national:dk_databeskyttelsesloven_22')?.label).toEqual({ register: 'nationalRestriction', index: 0 })
    expect(access.find((g) => g.key === 'others_rights')?.label).toEqual({ key: 'others_rights' })
    const erasure = groundsFor('erasure', profile)
    const index = profile.register.retention.findIndex((r) => r.category === 'payment-details' && r.legalObligation)
    expect(erasure.find((g) => g.key === 'hold:payment-details')?.label).toEqual({ register: 'retention', index })
  })
})

describe('the reasonable fee (Art. 12(5)(a))', () => {
  const FEE = { da: 'DKK 150, de administrative omkostninger ved en ny kopi', en: 'DKK 150, the administrative cost of a new copy' }

  it('is offered for every right but an objection to direct marketing, and only where the organisation charges one', () => {
    const charging: OrganisationProfile = { ...profile, reasonableFee: FEE }
    for (const column of COLUMNS) {
      const without = groundsFor(column.type, profile, column.details).map((g) => g.key)
      const withFee = groundsFor(column.type, charging, column.details)
      expect(without, column.name).not.toContain('fee')
      const fee = withFee.find((g) => g.key === 'fee')
      if (column.details === DIRECT_MARKETING) expect(fee, column.name).toBeUndefined()
      else expect(fee, column.name).toEqual({ key: 'fee', article: 'Art. 12(5)(a)', label: { register: 'reasonableFee' } })
    }
  })
})

describe('the outcomes of each right', () => {
  it('every outcome for every right, but an objection to direct marketing is never refused', () => {
    for (const type of REQUEST_TYPES) expect(outcomesFor(type, type === 'objection' ? OBJECTION : undefined), type).toEqual(['granted', 'partly_granted', 'refused', 'no_data'])
    expect(outcomesFor('objection', DIRECT_MARKETING)).toEqual(['granted', 'no_data'])
    // Only an objection's direct-marketing ground is absolute.
    expect(outcomesFor('access', DIRECT_MARKETING)).toEqual(['granted', 'partly_granted', 'refused', 'no_data'])
    expect(groundsFor('access', profile, DIRECT_MARKETING).length).toBeGreaterThan(0)
  })

  it('a partial grant and a refusal rest on grounds; all but a refusal wait for a verified identity', () => {
    expect(['granted', 'partly_granted', 'refused', 'no_data'].map((o) => needsGrounds(o as never))).toEqual([false, true, true, false])
    expect(['granted', 'partly_granted', 'refused', 'no_data'].map((o) => needsIdentity(o as never))).toEqual([true, true, false, true])
  })

  it('a granted objection to direct marketing does not wait for an identity check: it discloses nothing and harms nobody (Art. 12(6))', () => {
    const dm = { type: 'objection' as const, details: DIRECT_MARKETING }
    expect(['granted', 'no_data'].map((o) => needsIdentity(o as never, dm))).toEqual([false, true])
    expect(needsIdentity('granted', { type: 'objection', details: OBJECTION })).toBe(true)
    expect(needsIdentity('granted', { type: 'access', details: DIRECT_MARKETING })).toBe(true)
  })

  it('the rights that change data, and what each may do with a category', () => {
    expect(REQUEST_TYPES.filter(changesData)).toEqual(['rectification', 'erasure', 'restriction', 'objection'])
    expect(ACTIONS_OF_RIGHT).toEqual({
      rectification: ['corrected', 'unchanged'],
      erasure: ['erased', 'kept', 'unchanged'],
      restriction: ['restricted', 'unchanged'],
      objection: ['stopped', 'kept', 'unchanged'],
    })
  })
})
