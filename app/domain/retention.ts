import { DateTime } from 'luxon'
import type { OrganisationProfile } from '#db/organisation-file'

// How long each record held under a legal obligation (Art. 17(3)(b)) is kept,
// counted from the rule's own starting point (docs/decisions/018). Pure: the
// rows, the rule, the organisation's time zone and "now" come in.

export type RetentionRule = OrganisationProfile['register']['retention'][number]
type Row = Record<string, string | number | boolean | null>

/** One record's end: the day it is kept until, or why no date can be given. */
export type RecordEnd = { kind: 'until'; until: Date } | { kind: 'ended'; until: Date } | { kind: 'criterion' } | { kind: 'undated' }

/** A category's records under a hold: how many are kept until each date, how many are erased now, how many follow the criterion or have no date. */
export type HoldOutcome = {
  /** Kept, by the day each is kept until, earliest first. */
  kept: Array<{ until: Date; count: number }>
  /** Past their period: erased now. */
  erased: number
  /** Kept while the rule's criterion holds (no date can be known). */
  byCriterion: number
  /** Kept, though the record's date could not be read: no date is stated for them. */
  undated: number
}

const UNITS = { D: 'days', W: 'weeks', M: 'months', Y: 'years' } as const

function periodOf(rule: RetentionRule): Partial<Record<(typeof UNITS)[keyof typeof UNITS], number>> {
  const match = /^P(\d+)([DWMY])$/.exec(rule.period)
  if (!match) throw new Error(`not a period: ${rule.period}`)
  return { [UNITS[match[2] as keyof typeof UNITS]]: Number(match[1]) }
}

/** A record's date as the organisation's calendar day, from an ISO 8601 date or date and time. */
function recordDay(value: Row[string] | undefined, zone: string): DateTime | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined
  const text = value.trim()
  // A bare date is that day in the organisation's zone; a date and time with an offset (or UTC) is converted to it.
  const parsed = /^\d{4}-\d{2}-\d{2}$/.test(text) ? DateTime.fromISO(text, { zone }) : DateTime.fromISO(text.replace(' ', 'T'), { zone, setZone: false }).setZone(zone)
  return parsed.isValid ? parsed.startOf('day') : undefined
}

/**
 * The day a record is kept until under `rule`: its own date plus the period
 * (start 'record'), or the last day of the financial year it belongs to plus
 * the period (start 'financialYearEnd'; the calendar year), in the
 * organisation's zone. A record whose day has passed by `at` has ended.
 */
export function recordEnd(rule: RetentionRule, row: Row, zone: string, at: Date): RecordEnd {
  // A criterion is stated where no date can be known: never a date beside it.
  if (rule.criterion) return { kind: 'criterion' }
  const day = rule.dateField ? recordDay(row[rule.dateField], zone) : undefined
  if (!day) return { kind: 'undated' }
  const from = rule.start === 'financialYearEnd' ? day.endOf('year').startOf('day') : day
  const last = from.plus(periodOf(rule))
  const until = last.toJSDate()
  // Kept through its last day; erased once that day is over.
  const today = DateTime.fromJSDate(at, { zone }).startOf('day')
  return today > last ? { kind: 'ended', until } : { kind: 'until', until }
}

/** The records of one category under a hold, counted by what happens to them. */
export function holdOutcome(rule: RetentionRule, rows: Row[], zone: string, at: Date): HoldOutcome {
  const byDay = new Map<number, number>()
  const outcome: HoldOutcome = { kept: [], erased: 0, byCriterion: 0, undated: 0 }
  for (const row of rows) {
    const end = recordEnd(rule, row, zone, at)
    if (end.kind === 'ended') outcome.erased++
    else if (end.kind === 'criterion') outcome.byCriterion++
    else if (end.kind === 'undated') outcome.undated++
    else byDay.set(end.until.getTime(), (byDay.get(end.until.getTime()) ?? 0) + 1)
  }
  outcome.kept = [...byDay].sort(([a], [b]) => a - b).map(([ms, count]) => ({ until: new Date(ms), count }))
  return outcome
}

/** The legal hold (legalObligation) a category is kept under, if any. */
export function holdRule(profile: OrganisationProfile, category: string): RetentionRule | undefined {
  return profile.register.retention.find((r) => r.category === category && r.legalObligation)
}

/** The legal hold that keeps `category` along with its own records (`carries`), where the category has no hold of its own. */
export function carryingRule(profile: OrganisationProfile, category: string): RetentionRule | undefined {
  if (holdRule(profile, category)) return undefined
  return profile.register.retention.find((r) => r.legalObligation && r.carries.includes(category))
}
