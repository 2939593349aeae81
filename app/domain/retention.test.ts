import { describe, expect, test } from 'vitest'
import { organisationFileSchema } from '#db/organisation-file'
import { organisation } from './answer-input.test-support'
import { carryingRule, holdOutcome, holdRule, recordEnd } from './retention'

const OSLO = 'Europe/Oslo'
// Answered on 5 December 2026, in the afternoon in Oslo.
const AT = new Date('2026-12-05T14:00:00Z')
const clinic = organisation('fjordkanten-dyreklinikk')
const journal = holdRule(clinic, 'medical-records')!
const purchases = holdRule(clinic, 'purchase-history')!
const day = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: OSLO, dateStyle: 'short' }).format(d)

describe('each record kept until its own date (docs/decisions/018)', () => {
  test('the Norwegian clinic cites its sections and counts journals from each entry and purchases from the end of the financial year', () => {
    expect(journal).toMatchObject({ start: 'record', dateField: 'entry_date', period: 'P10Y', section: { no: 'forskrift om journal for dyrehelsepersonell § 6' } })
    expect(purchases).toMatchObject({ start: 'financialYearEnd', dateField: 'purchased_on', period: 'P5Y', section: { no: 'bokføringsloven § 13' } })
  })

  test('a journal entry of 2010 is past its ten years and is erased now; a newer one is kept to its own date', () => {
    expect(recordEnd(journal, { entry_date: '2010-06-14' }, OSLO, AT)).toEqual({ kind: 'ended', until: new Date('2020-06-13T22:00:00Z') })
    const newer = recordEnd(journal, { entry_date: '2019-03-02' }, OSLO, AT)
    expect(newer.kind).toBe('until')
    expect(newer.kind === 'until' && day(newer.until)).toBe('2029-03-02')
  })

  test('a record is kept through its last day and erased the day after, in the organisation’s zone', () => {
    // 5 December 2016 + 10 years is today in Oslo: still kept today.
    expect(recordEnd(journal, { entry_date: '2016-12-05' }, OSLO, AT).kind).toBe('until')
    expect(recordEnd(journal, { entry_date: '2016-12-04' }, OSLO, AT).kind).toBe('ended')
    // At 00:30 in Oslo on 6 December (23:30 UTC on the 5th), the entry of 5 December 2016 has ended.
    expect(recordEnd(journal, { entry_date: '2016-12-05' }, OSLO, new Date('2026-12-05T23:30:00Z')).kind).toBe('ended')
  })

  test('a purchase of November 2026 is kept to 31 December 2031, five years from the end of its financial year', () => {
    const end = recordEnd(purchases, { purchased_on: '2026-11-14' }, OSLO, AT)
    expect(end.kind).toBe('until')
    expect(end.kind === 'until' && day(end.until)).toBe('2031-12-31')
    // A purchase on 31 December late in the evening, written with its time, still belongs to that year.
    const late = recordEnd(purchases, { purchased_on: '2026-12-31T23:30:00+01:00' }, OSLO, AT)
    expect(late.kind === 'until' && day(late.until)).toBe('2031-12-31')
    // One of 2020 ended on 31 December 2025.
    expect(recordEnd(purchases, { purchased_on: '2020-01-02' }, OSLO, AT).kind).toBe('ended')
  })

  test('a rule with only a criterion gives no date', () => {
    const agreement = holdRule(organisation('lygtebaererne'), 'payment-agreement')!
    expect(agreement.criterion?.da).toContain('Så længe aftalen løber')
    expect(recordEnd(agreement, { started_on: '2020-01-01' }, 'Europe/Copenhagen', AT)).toEqual({ kind: 'criterion' })
    expect(holdOutcome(agreement, [{ a: 1 }, { a: 2 }], 'Europe/Copenhagen', AT)).toEqual({ kept: [], erased: 0, byCriterion: 2, undated: 0 })
  })

  test('a record whose date cannot be read gets no date', () => {
    expect(recordEnd(journal, { entry_date: 'last spring' }, OSLO, AT)).toEqual({ kind: 'undated' })
    expect(recordEnd(journal, { entry_date: null }, OSLO, AT)).toEqual({ kind: 'undated' })
  })

  test('a category’s records are counted by their own dates, earliest first', () => {
    const rows = ['2010-06-14', '2012-01-05', '2019-03-02', '2019-03-02', '2024-08-30'].map((entry_date) => ({ entry_date }))
    const outcome = holdOutcome(journal, rows, OSLO, AT)
    expect(outcome.erased).toBe(2)
    expect(outcome.kept.map((k) => [day(k.until), k.count])).toEqual([
      ['2029-03-02', 2],
      ['2034-08-30', 1],
    ])
  })
})

describe('a hold carries along the categories its records cannot be kept without', () => {
  test('the journal carries its owner and animal; a category with its own hold, or none, is carried by nothing', () => {
    expect(carryingRule(clinic, 'customer-details')).toBe(journal)
    expect(carryingRule(clinic, 'animal-details')).toBe(journal)
    expect(carryingRule(clinic, 'medical-records')).toBeUndefined()
    expect(carryingRule(clinic, 'emails')).toBeUndefined()
  })
})

describe('the organisation file names each hold’s start and section', () => {
  const withRule = (change: (rule: Record<string, unknown>) => void) => {
    const file = structuredClone(clinic) as unknown as { register: { retention: Record<string, unknown>[] } }
    change(file.register.retention[0]!)
    return organisationFileSchema.safeParse(file)
  }
  const messages = (r: ReturnType<typeof withRule>) => (r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`))

  test('the demo clinic loads', () => expect(withRule(() => {}).success).toBe(true))

  test('a legal hold without a section is refused', () => {
    expect(messages(withRule((r) => delete r.section))).toEqual(['register.retention.0.section: a legal hold cites the statute and its section it rests on'])
  })

  test('a hold carries only categories of the register, and only a legal hold carries any', () => {
    expect(messages(withRule((r) => (r.carries = ['owners'])))).toEqual(['register.retention.0.carries.0: "owners" is not one of register.dataCategories'])
    expect(messages(withRule((r) => (r.legalObligation = false)))).toEqual(['register.retention.0.carries: only a legal hold keeps other categories along with its own'])
  })

  test('a legal hold with neither a date column nor a criterion is refused', () => {
    expect(messages(withRule((r) => delete r.dateField))).toEqual([
      "register.retention.0.dateField: a legal hold names the column holding each record's date, or a criterion where no date can be known",
    ])
    expect(withRule((r) => {
      delete r.dateField
      r.criterion = { no: 'Så lenge pasienten må antas å være i live.', en: 'As long as the patient can be assumed to be alive.' }
    }).success).toBe(true)
  })
})
