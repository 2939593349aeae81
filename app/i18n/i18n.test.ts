import { describe, expect, test } from 'vitest'
import { dateTimeFormat, formatDate, formatDateTime, formatNumber, numberFormat } from './i18n'

// Dates and numbers as each language writes them, through formatters made
// once and kept: a new Intl formatter per date shown held native memory the
// garbage collector does not see (docs/decisions/026).

describe('formatting dates and numbers', () => {
  const instant = new Date('2026-03-01T23:30:00Z')

  test('each language writes the date in the organisation’s time zone, not the server’s', () => {
    expect(formatDate(instant, 'en', 'Europe/Copenhagen')).toBe('March 2, 2026')
    expect(formatDate(instant, 'en', 'UTC')).toBe('March 1, 2026')
    expect(formatDate(instant, 'da', 'Europe/Copenhagen', 'medium')).toBe('2. mar. 2026')
    expect(formatDateTime(instant, 'fi', 'Europe/Helsinki')).toBe(new Intl.DateTimeFormat('fi', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Helsinki' }).format(instant))
    expect(formatNumber(36721, 'en')).toBe('36,721')
    expect(formatNumber(36721, 'da')).toBe('36.721')
  })

  test('one formatter per locale and options is made and kept; other options or zones get their own', () => {
    const a = dateTimeFormat('da-DK', { dateStyle: 'long', timeZone: 'Europe/Copenhagen' })
    expect(dateTimeFormat('da-DK', { dateStyle: 'long', timeZone: 'Europe/Copenhagen' })).toBe(a)
    expect(dateTimeFormat('da-DK', { dateStyle: 'long', timeZone: 'Europe/Oslo' })).not.toBe(a)
    expect(dateTimeFormat('nb-NO', { dateStyle: 'long', timeZone: 'Europe/Copenhagen' })).not.toBe(a)
    expect(numberFormat('fi', { style: 'percent' })).toBe(numberFormat('fi', { style: 'percent' }))
    expect(numberFormat('fi', { style: 'percent' })).not.toBe(numberFormat('fi'))
  })
})
