import { afterEach, expect, test } from 'vitest'
import { advanceClock, resetClock, setClock } from '~/utils/clock'
import { createLogLimiter } from '~/utils/log-limit'

afterEach(() => resetClock())

test('one line per key per minute; the next minute says how many were left out', () => {
  setClock('2026-12-01T10:00:00Z')
  const limit = createLogLimiter()
  expect(limit('POST /en')).toEqual({ log: true, leftOut: 0 })
  expect(limit('POST /en')).toEqual({ log: false })
  expect(limit('TRACE /en')).toEqual({ log: true, leftOut: 0 })
  advanceClock(59_999)
  expect(limit('POST /en')).toEqual({ log: false })
  advanceClock(1)
  expect(limit('POST /en')).toEqual({ log: true, leftOut: 2 })
  expect(limit('TRACE /en')).toEqual({ log: true, leftOut: 0 })
})

test('at most so many kinds a minute, however many a scanner invents', () => {
  setClock('2026-12-01T10:00:00Z')
  const limit = createLogLimiter({ perWindow: 3 })
  const logged = Array.from({ length: 50 }, (_, i) => limit(`GET /x${i}`).log).filter(Boolean)
  expect(logged).toHaveLength(3)
  advanceClock(60_000)
  expect(limit('GET /y')).toEqual({ log: true, leftOut: 47 })
})
