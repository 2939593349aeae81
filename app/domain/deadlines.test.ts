import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  dayFormat,
  daysLeft,
  extendByDays,
  formattedDayNumber,
  isWorkingDay,
  legalDeadline,
  legalDeadlineWith,
  localDate,
  localDayNumber,
  pausedDays,
  slaDeadline,
  urgency,
  type DeadlineCountry,
  type DeadlineOrg,
  type Urgency,
} from './deadlines'

const DK: DeadlineOrg = { country: 'DK', timeZone: 'Europe/Copenhagen' }
const NO: DeadlineOrg = { country: 'NO', timeZone: 'Europe/Oslo' }
const FI: DeadlineOrg = { country: 'FI', timeZone: 'Europe/Helsinki' }
const ORGS: Record<DeadlineCountry, DeadlineOrg> = { DK, NO, FI }

// Noon UTC is the same calendar day in every Nordic zone, so these rows test
// the calendar rules without time-zone noise; the time-zone rows are separate.
const noon = (date: string) => new Date(`${date}T12:00:00Z`)

// A deadline must be the last instant of its local day: one millisecond later
// is already the next local date.
function expectEndOfLocalDay(result: Date, date: string, timeZone: string) {
  expect(localDate(result, timeZone)).toBe(date)
  expect(localDate(new Date(result.getTime() + 1), timeZone)).not.toBe(date)
}

describe('isWorkingDay', () => {
  it.each<[string, DeadlineCountry, boolean, string]>([
    // weekends
    ['2026-03-07', 'DK', false, 'Saturday'],
    ['2026-03-08', 'NO', false, 'Sunday'],
    ['2026-03-09', 'FI', true, 'ordinary Monday'],
    // Denmark
    ['2026-01-01', 'DK', false, 'Nytårsdag'],
    ['2026-04-02', 'DK', false, 'Skærtorsdag'],
    ['2026-04-03', 'DK', false, 'Langfredag'],
    ['2026-04-06', 'DK', false, '2. påskedag'],
    ['2026-05-14', 'DK', false, 'Kristi Himmelfartsdag'],
    ['2026-05-15', 'DK', true, 'Friday after Ascension is not a holiday'],
    ['2026-05-25', 'DK', false, '2. pinsedag'],
    ['2026-12-25', 'DK', false, 'Juledag'],
    ['2026-12-24', 'DK', true, 'Juleaftensdag is not a public holiday'],
    ['2026-06-05', 'DK', true, 'Grundlovsdag is not a public holiday'],
    ['2026-05-01', 'DK', true, '1 May is not a public holiday in Denmark'],
    ['2023-05-05', 'DK', false, 'Store Bededag 2023, before its abolition'],
    ['2024-04-26', 'DK', true, 'Store Bededag would have been 26 April 2024'],
    ['2025-05-16', 'DK', true, 'Store Bededag would have been 16 May 2025'],
    // Norway
    ['2027-03-25', 'NO', false, 'Skjærtorsdag'],
    ['2027-03-26', 'NO', false, 'Langfredag'],
    ['2027-03-29', 'NO', false, '2. påskedag'],
    ['2027-05-06', 'NO', false, 'Kristi himmelfartsdag'],
    ['2026-05-25', 'NO', false, '2. pinsedag'],
    ['2028-05-17', 'NO', false, 'Grunnlovsdagen'],
    ['2026-05-01', 'NO', false, 'Arbeidernes dag'],
    ['2025-12-24', 'NO', true, 'Julaften is a bank holiday only'],
    // Finland
    ['2026-04-02', 'FI', true, 'Maundy Thursday is not a holiday in Finland'],
    ['2026-04-03', 'FI', false, 'Pitkäperjantai'],
    ['2028-04-17', 'FI', false, '2. pääsiäispäivä'],
    ['2027-05-06', 'FI', false, 'Helatorstai'],
    ['2027-01-06', 'FI', false, 'Loppiainen'],
    ['2026-06-19', 'FI', true, 'Juhannusaatto is a bank holiday only'],
    ['2026-06-20', 'FI', false, 'Juhannuspäivä (a Saturday)'],
    ['2027-11-06', 'FI', false, 'Pyhäinpäivä (a Saturday)'],
    ['2027-12-06', 'FI', false, 'Itsenäisyyspäivä'],
    ['2025-12-24', 'FI', true, 'Jouluaatto is a bank holiday only'],
  ])('%s in %s is working day: %s (%s)', (date, country, expected) => {
    expect(isWorkingDay(date, country)).toBe(expected)
  })

  it('rejects anything but an ISO calendar date', () => {
    expect(() => isWorkingDay('2026-02-30', 'DK')).toThrow(new RangeError('Not an ISO calendar date: 2026-02-30'))
    expect(() => isWorkingDay('2026-02-03T10:00:00Z', 'DK')).toThrow(RangeError)
    expect(() => isWorkingDay('3.2.2026', 'DK')).toThrow(RangeError)
    expect(() => isWorkingDay('x2026-02-03', 'DK')).toThrow(RangeError)
    expect(() => isWorkingDay('2026-02-03x', 'DK')).toThrow(RangeError)
  })
})

describe('legalDeadline', () => {
  it.each<[DeadlineCountry, string, string, string]>([
    // month ends: same day number, or the last day of a shorter month
    ['DK', '2025-01-31', '2025-02-28', '31 Jan → 28 Feb (Friday)'],
    ['DK', '2027-01-31', '2027-03-01', '31 Jan → 28 Feb is a Sunday → Monday 1 Mar'],
    ['DK', '2028-01-31', '2028-02-29', '31 Jan → 29 Feb in a leap year'],
    ['DK', '2028-01-30', '2028-02-29', '30 Jan → 29 Feb in a leap year'],
    ['DK', '2025-01-30', '2025-02-28', '30 Jan → 28 Feb'],
    ['DK', '2026-01-30', '2026-03-02', '30 Jan → 28 Feb is a Saturday → Monday 2 Mar'],
    ['DK', '2025-03-31', '2025-04-30', '31 Mar → 30 Apr'],
    ['DK', '2025-02-28', '2025-03-28', '28 Feb → 28 Mar, not the end of March'],
    ['DK', '2028-02-29', '2028-03-29', '29 Feb → 29 Mar'],
    ['DK', '2026-03-05', '2026-04-07', '5 Mar → 5 Apr is Easter Sunday, 6 Apr 2. påskedag'],
    // year end
    ['DK', '2025-12-15', '2026-01-15', '15 Dec → 15 Jan'],
    ['FI', '2026-12-15', '2027-01-15', '15 Dec → 15 Jan'],
    ['NO', '2026-12-31', '2027-02-01', '31 Dec → 31 Jan is a Sunday'],
    ['DK', '2025-12-01', '2026-01-02', '1 Jan is a holiday'],
    // weekends
    ['DK', '2026-09-10', '2026-10-12', 'Saturday → Monday'],
    ['FI', '2026-09-11', '2026-10-12', 'Sunday → Monday'],
    ['NO', '2026-09-09', '2026-10-09', 'Friday stays'],
    // Denmark
    ['DK', '2026-03-02', '2026-04-07', 'Skærtorsdag, Langfredag, Easter, 2. påskedag'],
    ['DK', '2026-03-03', '2026-04-07', 'Langfredag'],
    ['DK', '2026-03-06', '2026-04-07', '2. påskedag'],
    ['DK', '2027-02-25', '2027-03-30', 'Skærtorsdag 2027'],
    ['DK', '2026-04-14', '2026-05-15', 'Kristi Himmelfartsdag'],
    ['DK', '2026-04-25', '2026-05-26', '2. pinsedag'],
    ['DK', '2025-11-25', '2025-12-29', 'Juledag, 2. juledag, weekend'],
    ['DK', '2025-04-16', '2025-05-16', 'no Store Bededag after 2023'],
    ['DK', '2026-05-05', '2026-06-05', 'Grundlovsdag is not a public holiday'],
    ['DK', '2025-11-24', '2025-12-24', 'Juleaftensdag is not a public holiday'],
    ['DK', '2026-04-01', '2026-05-01', '1 May is not a public holiday in Denmark'],
    ['DK', '2028-04-17', '2028-05-17', '17 May is an ordinary day in Denmark'],
    // Norway
    ['NO', '2027-02-25', '2027-03-30', 'Skjærtorsdag'],
    ['NO', '2027-02-26', '2027-03-30', 'Langfredag'],
    ['NO', '2027-02-28', '2027-03-30', 'Easter Sunday, then 2. påskedag'],
    ['NO', '2026-03-02', '2026-04-07', 'Skjærtorsdag 2026'],
    ['NO', '2027-04-06', '2027-05-07', 'Kristi himmelfartsdag'],
    ['NO', '2026-04-25', '2026-05-26', '2. pinsedag'],
    ['NO', '2028-04-17', '2028-05-18', '17 May on a Wednesday'],
    ['NO', '2027-04-17', '2027-05-18', '17 May coinciding with 2. pinsedag'],
    ['NO', '2026-04-01', '2026-05-04', '1 May on a Friday'],
    ['NO', '2025-11-24', '2025-12-24', 'Julaften is a bank holiday only'],
    // Finland
    ['FI', '2026-03-02', '2026-04-02', 'Maundy Thursday is a working day in Finland'],
    ['FI', '2026-03-03', '2026-04-07', 'Pitkäperjantai, Easter, 2. pääsiäispäivä'],
    ['FI', '2028-03-17', '2028-04-18', '2. pääsiäispäivä'],
    ['FI', '2027-04-06', '2027-05-07', 'Helatorstai'],
    ['FI', '2026-12-06', '2027-01-07', 'Loppiainen'],
    ['FI', '2026-05-19', '2026-06-19', 'Juhannusaatto is a bank holiday only'],
    ['FI', '2026-05-20', '2026-06-22', 'Juhannuspäivä (Saturday)'],
    ['FI', '2027-10-06', '2027-11-08', 'Pyhäinpäivä (Saturday)'],
    ['FI', '2027-11-06', '2027-12-07', 'Itsenäisyyspäivä'],
    ['DK', '2027-11-06', '2027-12-06', '6 Dec is an ordinary day in Denmark'],
  ])('%s: received %s → due %s (%s)', (country, received, due) => {
    const org = ORGS[country]
    expectEndOfLocalDay(legalDeadline(noon(received), org), due, org.timeZone)
  })

  it.each<[DeadlineCountry, string, string]>([
    // 23:30 UTC is already the next day in Copenhagen (UTC+1) and Helsinki (UTC+2/+3)
    ['DK', '2026-01-09T23:30:00Z', '2026-02-10T22:59:59.999Z'],
    ['DK', '2026-01-09T22:59:00Z', '2026-02-09T22:59:59.999Z'],
    ['FI', '2026-03-14T22:30:00Z', '2026-04-15T20:59:59.999Z'],
    ['FI', '2026-03-14T21:59:00Z', '2026-04-14T20:59:59.999Z'],
    ['NO', '2026-06-30T22:15:00Z', '2026-08-03T21:59:59.999Z'],
    // receipt in winter, deadline in summer time and the other way round
    ['DK', '2026-03-02T12:00:00Z', '2026-04-07T21:59:59.999Z'],
    ['DK', '2026-09-28T12:00:00Z', '2026-10-28T22:59:59.999Z'],
    ['FI', '2026-11-06T12:00:00Z', '2026-12-07T21:59:59.999Z'],
  ])('counts from the local date in %s: %s → %s', (country, receivedAt, expected) => {
    expect(legalDeadline(new Date(receivedAt), ORGS[country]).toISOString()).toBe(expected)
  })

  it.each<[DeadlineCountry, string, number, string]>([
    // 31 Jan + 1 month is shifted to 2 Mar; counting the extension from that
    // shifted date would give 2 May (Saturday) → 4 May
    ['DK', '2026-01-31', 3, '2026-04-30'],
    ['DK', '2026-01-31', 1, '2026-03-02'],
    ['NO', '2026-02-17', 3, '2026-05-18'],
    ['FI', '2025-11-30', 3, '2026-03-02'],
    ['FI', '2027-11-30', 3, '2028-02-29'],
    ['DK', '2025-12-15', 3, '2026-03-16'],
  ])('extension in %s: received %s, %i months → %s', (country, received, months, due) => {
    const org = ORGS[country]
    expectEndOfLocalDay(legalDeadline(noon(received), org, months), due, org.timeZone)
  })

  it('ends an extended deadline at the end of the local summer-time day', () => {
    expect(legalDeadline(noon('2026-01-31'), DK, 3).toISOString()).toBe('2026-04-30T21:59:59.999Z')
  })

  it('rejects invalid input', () => {
    expect(() => legalDeadline(new Date('nope'), DK)).toThrow(new RangeError('Invalid date'))
    expect(() => legalDeadline(noon('2026-01-01'), { country: 'DK', timeZone: 'Mars/Olympus' })).toThrow(new RangeError('Unknown time zone: Mars/Olympus'))
    expect(() => legalDeadline(noon('2026-01-01'), DK, 1.5)).toThrow(new RangeError('months must be a non-negative integer, got 1.5'))
    expect(() => legalDeadline(noon('2026-01-01'), DK, -1)).toThrow(RangeError)
  })
})

describe('legalDeadlineWith', () => {
  // Counted from the receipt each time: a weekend or holiday shift happens once,
  // after the months and the paused days are added, and never adds up.
  it.each<[DeadlineCountry, string, number, number, string, string]>([
    ['DK', '2026-01-15', 1, 0, '2026-02-16', '15 Feb is a Sunday'],
    ['DK', '2026-01-15', 1, 2, '2026-02-17', 'weekend deadline, then a 2-day pause: 15 Feb + 2, not 16 Feb + 2'],
    ['DK', '2026-01-31', 1, 2, '2026-03-02', 'month end (28 Feb, a Saturday) + 2 days = Monday 2 Mar'],
    ['DK', '2026-01-15', 2, 3, '2026-03-18', 'extension plus pause: 15 Mar (Sunday) + 3 days'],
    ['DK', '2026-01-15', 3, 0, '2026-04-15', 'two-month extension, a Wednesday'],
    ['DK', '2026-03-02', 1, 1, '2026-04-07', 'lands in Easter: Langfredag to 2. påskedag skipped'],
    ['FI', '2026-01-15', 2, 0, '2026-03-16', 'no pause, shifted once'],
  ])('%s: received %s + %i months + %i paused days → %s (%s)', (country, received, months, paused, expected) => {
    const org = ORGS[country]
    const due = legalDeadlineWith(noon(received), org, { months, pausedDays: paused })
    expectEndOfLocalDay(due, expected, org.timeZone)
  })

  it('equals legalDeadline when nothing was paused', () => {
    expect(legalDeadlineWith(noon('2026-03-20'), DK, { months: 1, pausedDays: 0 })).toEqual(legalDeadline(noon('2026-03-20'), DK, 1))
  })

  it('rejects negative days', () => {
    expect(() => legalDeadlineWith(noon('2026-03-20'), DK, { months: 1, pausedDays: -1 })).toThrow(new RangeError('pausedDays must be a non-negative integer, got -1'))
    expect(() => legalDeadlineWith(noon('2026-03-20'), DK, { months: -1, pausedDays: 0 })).toThrow(new RangeError('months must be a non-negative integer, got -1'))
  })
})

describe('slaDeadline', () => {
  it.each<[DeadlineCountry, string, number, string, string]>([
    ['DK', '2026-03-20T12:00:00Z', 14, '2026-04-03T21:59:59.999Z', 'Langfredag, not shifted'],
    ['DK', '2026-03-19T23:30:00Z', 14, '2026-04-03T21:59:59.999Z', 'received on 20 Mar local time'],
    ['DK', '2026-03-19T22:30:00Z', 14, '2026-04-02T21:59:59.999Z', 'received on 19 Mar local time'],
    ['DK', '2026-10-10T12:00:00Z', 0, '2026-10-10T21:59:59.999Z', 'same day, a Saturday'],
    ['FI', '2025-12-15T12:00:00Z', 30, '2026-01-14T21:59:59.999Z', 'across the year end'],
    ['NO', '2026-05-10T12:00:00Z', 7, '2026-05-17T21:59:59.999Z', '17 May, not shifted'],
  ])('%s: received %s + %i days → %s (%s)', (country, receivedAt, days, expected) => {
    expect(slaDeadline(new Date(receivedAt), ORGS[country], days).toISOString()).toBe(expected)
  })
})

describe('extendByDays', () => {
  it.each<[DeadlineCountry, string, number, string, string]>([
    ['DK', '2026-03-30T21:59:59.999Z', 3, '2026-04-07T21:59:59.999Z', 'onto Skærtorsdag → after Easter'],
    ['DK', '2026-03-27T22:59:59.999Z', 3, '2026-03-30T21:59:59.999Z', 'across the switch to summer time'],
    ['DK', '2026-10-23T21:59:59.999Z', 3, '2026-10-26T22:59:59.999Z', 'across the switch to winter time'],
    ['FI', '2026-12-04T21:59:59.999Z', 2, '2026-12-07T21:59:59.999Z', 'onto Itsenäisyyspäivä (Sunday)'],
    ['FI', '2027-12-03T21:59:59.999Z', 3, '2027-12-07T21:59:59.999Z', 'onto Itsenäisyyspäivä (Monday)'],
    ['NO', '2028-05-15T21:59:59.999Z', 2, '2028-05-18T21:59:59.999Z', 'onto 17 May'],
    ['DK', '2028-05-15T21:59:59.999Z', 2, '2028-05-17T21:59:59.999Z', '17 May is ordinary in Denmark'],
    ['NO', '2025-12-19T22:59:59.999Z', 5, '2025-12-24T22:59:59.999Z', 'onto Julaften, a bank holiday only'],
    ['NO', '2025-12-19T22:59:59.999Z', 6, '2025-12-29T22:59:59.999Z', 'onto Christmas'],
  ])('%s: %s + %i days → %s (%s)', (country, deadline, days, expected) => {
    expect(extendByDays(new Date(deadline), days, ORGS[country]).toISOString()).toBe(expected)
  })

  it('leaves the deadline alone for zero days, even on a weekend', () => {
    const saturday = new Date('2026-10-10T21:59:59.999Z')
    expect(extendByDays(saturday, 0, DK).toISOString()).toBe(saturday.toISOString())
  })

  it('rejects negative days', () => {
    expect(() => extendByDays(new Date('2026-10-10T21:59:59.999Z'), -1, DK)).toThrow(new RangeError('days must be a non-negative integer, got -1'))
  })
})

describe('pausedDays', () => {
  it.each([
    ['2026-03-10T08:00:00Z', '2026-03-10T15:00:00Z', 0, 'same day'],
    ['2026-03-10T15:00:00Z', '2026-03-11T07:00:00Z', 1, 'next morning, less than 24 h'],
    ['2026-03-10T22:30:00Z', '2026-03-10T23:30:00Z', 1, 'same UTC date, but past local midnight'],
    ['2026-03-10T23:30:00Z', '2026-03-11T20:00:00Z', 0, 'different UTC dates, same local date'],
    ['2026-03-28T12:00:00Z', '2026-03-30T06:00:00Z', 2, 'across the switch to summer time, 42 h'],
    ['2026-01-25T09:00:00Z', '2026-02-05T09:00:00Z', 11, 'across a month end'],
  ])('%s → %s is %i days (%s)', (pausedAt, resumedAt, expected) => {
    expect(pausedDays(new Date(pausedAt), new Date(resumedAt), DK)).toBe(expected)
  })

  it('refuses a resume before the pause', () => {
    expect(() => pausedDays(new Date('2026-03-11T09:00:00Z'), new Date('2026-03-10T09:00:00Z'), DK)).toThrow(new RangeError('resumedAt is before pausedAt'))
  })
})

describe('daysLeft', () => {
  const due = '2026-04-07T21:59:59.999Z'
  it.each([
    [due, '2026-04-07T08:00:00Z', 'Europe/Copenhagen', 0, 'on the due day'],
    [due, '2026-04-07T21:59:59.000Z', 'Europe/Copenhagen', 0, 'last second of the due day'],
    [due, '2026-04-07T22:00:00.000Z', 'Europe/Copenhagen', -1, 'first second after'],
    [due, '2026-04-10T10:00:00Z', 'Europe/Copenhagen', -3, 'three days overdue'],
    [due, '2026-03-27T12:00:00Z', 'Europe/Copenhagen', 11, 'across the switch to summer time'],
    ['2026-03-30T21:59:59.999Z', '2026-03-27T12:00:00Z', 'Europe/Copenhagen', 3, '3 days 10 h before'],
    ['2026-03-30T21:59:59.999Z', '2026-03-29T22:30:00Z', 'Europe/Copenhagen', 0, 'still 29 Mar in UTC'],
    ['2026-10-26T22:59:59.999Z', '2026-10-24T21:30:00Z', 'Europe/Copenhagen', 2, 'before the switch to winter time'],
    ['2026-10-26T22:59:59.999Z', '2026-10-24T22:30:00Z', 'Europe/Copenhagen', 1, 'past local midnight'],
    ['2026-04-15T20:59:59.999Z', '2026-04-14T21:30:00Z', 'Europe/Helsinki', 0, 'already 15 Apr in Helsinki'],
    ['2026-04-15T20:59:59.999Z', '2026-04-14T21:30:00Z', 'Europe/Copenhagen', 1, 'still 14 Apr in Copenhagen'],
    ['2027-01-15T22:59:59.999Z', '2026-12-15T12:00:00Z', 'Europe/Oslo', 31, 'across the year end'],
  ])('due %s, now %s in %s → %i (%s)', (dueAt, now, timeZone, expected) => {
    expect(daysLeft(new Date(dueAt), new Date(now), timeZone)).toBe(expected)
  })
})

describe('urgency', () => {
  it.each<[number, Urgency]>([
    [-30, 'overdue'],
    [-1, 'overdue'],
    [0, 'urgent'],
    [4, 'urgent'],
    [5, 'soon'],
    [9, 'soon'],
    [10, 'ok'],
    [45, 'ok'],
  ])('%i days left → %s', (days, expected) => {
    expect(urgency(days)).toBe(expected)
  })
})

describe('localDate', () => {
  it.each([
    ['2026-01-09T23:30:00Z', 'Europe/Copenhagen', '2026-01-10'],
    ['2026-01-09T23:30:00Z', 'UTC', '2026-01-09'],
    ['2026-07-01T20:59:59.999Z', 'Europe/Helsinki', '2026-07-01'],
    ['2026-07-01T21:00:00.000Z', 'Europe/Helsinki', '2026-07-02'],
    ['2026-12-31T23:00:00.000Z', 'Europe/Oslo', '2027-01-01'],
  ])('%s in %s is %s', (instant, timeZone, expected) => {
    expect(localDate(new Date(instant), timeZone)).toBe(expected)
  })
})

describe('the local date of an instant, kept per quarter hour of UTC', () => {
  // Zones with offsets of half and three quarters of an hour, a 30-minute DST shift, and the portal's own.
  const ZONES = ['Europe/Copenhagen', 'Europe/Oslo', 'Europe/Helsinki', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Pacific/Chatham', 'America/St_Johns', 'Asia/Kolkata', 'Pacific/Kiritimati']
  it('is the date the zone’s formatter gives, at any instant from 1980 on, around midnights and DST changes too', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.integer({ min: Date.UTC(1980, 0, 1) / 60_000, max: Date.UTC(2100, 0, 1) / 60_000 }), fc.integer({ min: 0, max: 59_999 }), (zone, minute, ms) => {
        const format = dayFormat(zone)
        const instant = new Date(minute * 60_000 + ms)
        expect(localDayNumber(instant, format)).toBe(formattedDayNumber(instant, format))
      }),
      { numRuns: 20_000 },
    )
    // Every 7th minute of two days around each of four DST changes of 2026, in order, in each zone.
    for (const zone of ZONES) {
      const format = dayFormat(zone)
      for (const day of [Date.UTC(2026, 2, 29), Date.UTC(2026, 9, 25), Date.UTC(2026, 3, 5), Date.UTC(2026, 8, 27)]) {
        for (let minute = -24 * 60; minute < 24 * 60; minute += 7) {
          const instant = new Date(day + minute * 60_000 + 59_000)
          expect(localDayNumber(instant, format), `${zone} ${instant.toISOString()}`).toBe(formattedDayNumber(instant, format))
        }
      }
    }
  })
})
