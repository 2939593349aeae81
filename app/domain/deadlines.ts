import type Holidays from 'date-holidays'
import { DateTime } from 'luxon'
import { lazyRequire } from '~/utils/lazy-require'

export type DeadlineCountry = 'DK' | 'NO' | 'FI'
export type DeadlineOrg = { country: DeadlineCountry; timeZone: string }
export type Urgency = 'ok' | 'soon' | 'urgent' | 'overdue'

/*
 * What counts as a non-working day: Saturday, Sunday, and the days date-holidays
 * types as 'public' for the country. Nothing else.
 *
 * That deliberately leaves out days that are widely taken off but are not public
 * holidays in law, and which the library types 'bank' or 'observance':
 * - DK: Grundlovsdag (5 June), Juleaftensdag (24 Dec), 1 May. Store Bededag is
 *   public only up to 2023; it was abolished from 2024.
 * - NO: Julaften (24 Dec) and Nyttårsaften (31 Dec) are 'bank'. 1 May and 17 May
 *   are public.
 * - FI: Juhannusaatto (Midsummer Eve), Jouluaatto (24 Dec) and Uudenvuodenaatto
 *   (31 Dec) are 'bank'. Juhannuspäivä and Pyhäinpäivä are public but always fall
 *   on a Saturday, so they change nothing.
 *
 * A holiday can only move a deadline later, so a day wrongly counted as a holiday
 * could make an organisation answer after the legal limit, while a holiday missed
 * only makes it answer a day early. When the legal status is unclear we therefore
 * keep the day as a working day.
 */
const holidayCalendars = new Map<DeadlineCountry, Holidays>()
// The library (with every country's rules) is loaded when the first deadline is computed, not with
// every process that imports this module: it was a twentieth of the server's start-up.
const loadHolidays = lazyRequire<typeof Holidays>('date-holidays')
const holidayDates = new Map<string, ReadonlySet<string>>()

function publicHolidays(country: DeadlineCountry, year: number): ReadonlySet<string> {
  const key = `${country}:${year}`
  const cached = holidayDates.get(key)
  if (cached) return cached
  let calendar = holidayCalendars.get(country)
  if (!calendar) {
    calendar = new (loadHolidays())(country, { types: ['public'] })
    holidayCalendars.set(country, calendar)
  }
  // `date` is the local wall-clock start ('YYYY-MM-DD hh:mm:ss'); `start` is an
  // instant and would depend on the zone the library picked.
  const dates = new Set(
    calendar
      .getHolidays(year)
      .filter((holiday) => holiday.type === 'public')
      .map((holiday) => holiday.date.slice(0, 10)),
  )
  holidayDates.set(key, dates)
  return dates
}

// Calendar-date arithmetic runs in UTC so that a 23- or 25-hour DST day can
// never turn "plus one day" into a different date.
function parseDate(date: string): DateTime {
  const parsed = /^\d{4}-\d{2}-\d{2}$/.test(date) ? DateTime.fromISO(date, { zone: 'utc' }) : null
  if (!parsed?.isValid) throw new RangeError(`Not an ISO calendar date: ${date}`)
  return parsed
}

function formatDate(date: DateTime): string {
  return date.toFormat('yyyy-MM-dd')
}

function addDays(date: string, days: number): string {
  return formatDate(parseDate(date).plus({ days }))
}

function daysBetween(from: string, to: string): number {
  return Math.round(parseDate(to).diff(parseDate(from), 'days').days)
}

function toZone(instant: Date, timeZone: string): DateTime {
  if (Number.isNaN(instant.getTime())) throw new RangeError('Invalid date')
  const local = DateTime.fromJSDate(instant, { zone: timeZone })
  if (!local.isValid) throw new RangeError(`Unknown time zone: ${timeZone}`)
  return local
}

function endOfLocalDay(date: string, timeZone: string): Date {
  const local = DateTime.fromISO(date, { zone: timeZone })
  if (!local.isValid) throw new RangeError(`Unknown time zone: ${timeZone}`)
  return local.endOf('day').toJSDate()
}

function assertWholeDays(value: number, name: string): void {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer, got ${value}`)
}

function nextWorkingDay(date: string, country: DeadlineCountry): string {
  let day = date
  // Nordic holidays never cluster for more than a few days; the bound only
  // guards against a broken holiday table looping forever.
  for (let i = 0; i < 31; i++) {
    if (isWorkingDay(day, country)) return day
    day = addDays(day, 1)
  }
  throw new Error(`No working day within a month of ${date} in ${country}`)
}

export function localDate(instant: Date, timeZone: string): string {
  return formatDate(toZone(instant, timeZone))
}

export function isWorkingDay(date: string, country: DeadlineCountry): boolean {
  const day = parseDate(date)
  if (day.weekday >= 6) return false
  return !publicHolidays(country, day.year).has(date)
}

/**
 * GDPR Art. 12(3) deadline, counted as Regulation 1182/71 Art. 3 and EDPB
 * Guidelines 01/2022 describe: the same day number `months` later (or that
 * month's last day), pushed past weekends and public holidays, ending at
 * midnight local time. An extension of n months is `months = 1 + n` from the
 * receipt, not from an already shifted deadline, so shifts never accumulate.
 */
export function legalDeadline(receivedAt: Date, org: DeadlineOrg, months = 1): Date {
  assertWholeDays(months, 'months')
  return kept(`legal\u0000${receiptKey(receivedAt, org)}\u0000${months}`, () => {
    const received = parseDate(localDate(receivedAt, org.timeZone))
    // Luxon clamps to the last day of a shorter month (31 Jan + 1 month = 28/29 Feb),
    // which is exactly Art. 3(2)(c) of Regulation 1182/71.
    const due = formatDate(received.plus({ months }))
    return endOfLocalDay(nextWorkingDay(due, org.country), org.timeZone)
  })
}

/**
 * The legal deadline counted afresh from the receipt: the receipt's local date
 * plus `months` (month-end rule) plus the whole days the clock was paused, and
 * only then moved to the next working day, once. Recomputing from the receipt
 * keeps weekend and holiday shifts from adding up across pauses and extensions.
 */
export function legalDeadlineWith(receivedAt: Date, org: DeadlineOrg, o: { months: number; pausedDays: number }): Date {
  assertWholeDays(o.months, 'months')
  assertWholeDays(o.pausedDays, 'pausedDays')
  return kept(`legalWith\u0000${receiptKey(receivedAt, org)}\u0000${o.months}\u0000${o.pausedDays}`, () => {
    const received = parseDate(localDate(receivedAt, org.timeZone))
    const due = formatDate(received.plus({ months: o.months }).plus({ days: o.pausedDays }))
    return endOfLocalDay(nextWorkingDay(due, org.country), org.timeZone)
  })
}

/**
 * Calendar days an extension of `months` adds to the first month, counted from
 * the receipt without any working-day shift: what the SLA target moves by.
 */
export function extensionDays(receivedAt: Date, org: DeadlineOrg, months: number): number {
  assertWholeDays(months, 'months')
  // No extension adds no days: every new request asks this, and needs no calendar for it.
  if (months === 0) return 0
  const received = parseDate(localDate(receivedAt, org.timeZone))
  return daysBetween(formatDate(received.plus({ months: 1 })), formatDate(received.plus({ months: 1 + months })))
}

/** Internal service target: plain calendar days, no holiday shift. */
export function slaDeadline(receivedAt: Date, org: DeadlineOrg, slaDays: number): Date {
  assertWholeDays(slaDays, 'slaDays')
  return kept(`sla\u0000${receiptKey(receivedAt, org)}\u0000${slaDays}`, () => endOfLocalDay(addDays(localDate(receivedAt, org.timeZone), slaDays), org.timeZone))
}

// A deadline depends only on the receipt's local date (and the zone, country and counts):
// each is worked out once (luxon's calendar and the holiday table took a fifth of filing a
// request) and kept, a bounded number of them. Each caller gets its own Date.
const keptDeadlines = new Map<string, number>()
const KEPT_DEADLINES = 5_000

function kept(key: string, compute: () => Date): Date {
  let at = keptDeadlines.get(key)
  if (at === undefined) {
    at = compute().getTime()
    if (keptDeadlines.size >= KEPT_DEADLINES) keptDeadlines.clear()
    keptDeadlines.set(key, at)
  }
  return new Date(at)
}

/** The receipt's local date (a day number, through the zone's kept formatter), zone and country: all a deadline counted from it depends on. */
function receiptKey(receivedAt: Date, org: DeadlineOrg): string {
  return `${localDayNumber(receivedAt, dayFormat(org.timeZone))}\u0000${org.timeZone}\u0000${org.country}`
}

/** Pushes a deadline by the days the clock was paused. */
export function extendByDays(deadline: Date, days: number, org: DeadlineOrg): Date {
  assertWholeDays(days, 'days')
  if (days === 0) return new Date(deadline.getTime())
  const due = addDays(localDate(deadline, org.timeZone), days)
  return endOfLocalDay(nextWorkingDay(due, org.country), org.timeZone)
}

/**
 * Whole local days the clock stood still. Pausing and resuming on the same
 * day costs nothing; otherwise the day of pausing counts and the day of
 * resuming does not, so back-to-back pauses never count a day twice.
 */
export function pausedDays(pausedAt: Date, resumedAt: Date, org: DeadlineOrg): number {
  const days = daysBetween(localDate(pausedAt, org.timeZone), localDate(resumedAt, org.timeZone))
  if (days < 0) throw new RangeError('resumedAt is before pausedAt')
  return days
}

/** 0 on the due day, negative once overdue (-3 = three days late). */
export function daysLeft(dueAt: Date, now: Date, timeZone: string): number {
  return daysLeftFrom(now, timeZone)(dueAt)
}

// One date formatter per time zone, made on first use and kept: a zone
// conversion per deadline (two per row of a queue page, fifty per officer in
// a digest) cost more than the rest of building the page.
const dayFormats = new Map<string, Intl.DateTimeFormat>()

export function dayFormat(timeZone: string): Intl.DateTimeFormat {
  let format = dayFormats.get(timeZone)
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-US', { timeZone, calendar: 'gregory', numberingSystem: 'latn', year: 'numeric', month: 'numeric', day: 'numeric' })
    } catch {
      throw new RangeError(`Unknown time zone: ${timeZone}`)
    }
    dayFormats.set(timeZone, format)
  }
  return format
}

// Every zone's offset, and every change of it, since 1980 is a whole number of
// quarter hours, so the local date is the same throughout a quarter hour of UTC:
// each zone keeps the day number of the quarter hours it was asked for (a queue
// page asks it for 50 deadlines, most of them on a few dates), a bounded number.
const QUARTER_HOUR = 900_000
const SINCE_1980 = Date.UTC(1980, 0, 1)
const KEPT_QUARTERS = 20_000
const keptDays = new WeakMap<Intl.DateTimeFormat, Map<number, number>>()

/** The instant's local date in the formatter's zone, as whole days since 1970-01-01. */
export function localDayNumber(instant: Date, format: Intl.DateTimeFormat): number {
  const ms = instant.getTime()
  if (Number.isNaN(ms)) throw new RangeError('Invalid date')
  if (ms < SINCE_1980) return formattedDayNumber(instant, format)
  let days = keptDays.get(format)
  if (!days) keptDays.set(format, (days = new Map()))
  const quarter = Math.floor(ms / QUARTER_HOUR)
  let day = days.get(quarter)
  if (day === undefined) {
    day = formattedDayNumber(instant, format)
    if (days.size >= KEPT_QUARTERS) days.clear()
    days.set(quarter, day)
  }
  return day
}

/** The same, read from the formatter every time. */
export function formattedDayNumber(instant: Date, format: Intl.DateTimeFormat): number {
  let year = 0
  let month = 0
  let day = 0
  for (const part of format.formatToParts(instant)) {
    if (part.type === 'year') year = Number(part.value)
    else if (part.type === 'month') month = Number(part.value)
    else if (part.type === 'day') day = Number(part.value)
  }
  return Date.UTC(year, month - 1, day) / 86_400_000
}

/**
 * daysLeft(dueAt, now, timeZone) for many deadlines in one zone: the whole
 * local days from `now`'s date to each deadline's date, with the zone's one
 * formatter and today's date worked out once.
 */
export function daysLeftFrom(now: Date, timeZone: string): (dueAt: Date) => number {
  const format = dayFormat(timeZone)
  const today = localDayNumber(now, format)
  return (dueAt) => localDayNumber(dueAt, format) - today
}

export function urgency(daysLeft: number): Urgency {
  if (daysLeft < 0) return 'overdue'
  if (daysLeft < 5) return 'urgent'
  if (daysLeft < 10) return 'soon'
  return 'ok'
}

/**
 * The end of the local day `days` working days after `from`'s local date
 * (weekends and public holidays skipped): when a processor's assistance task
 * or a reminder to a controller is due (docs/decisions/017).
 */
export function addWorkingDays(from: Date, days: number, org: DeadlineOrg): Date {
  assertWholeDays(days, 'days')
  let date = localDate(from, org.timeZone)
  for (let left = days; left > 0; ) {
    date = addDays(date, 1)
    if (isWorkingDay(date, org.country)) left--
  }
  return endOfLocalDay(date, org.timeZone)
}
