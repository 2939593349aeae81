import { describe, expect, test } from 'vitest'
import { extensionProblem, pauseFor, type AskTopic } from '~/domain/clock-rules'
import { legalDeadlineWith, type DeadlineOrg } from '~/domain/deadlines'

// When asking the person for information stops the clock, and when an
// extension is still possible (docs/decisions/008), with the reason an
// officer reads beside each choice when it does not.

const DK: DeadlineOrg = { country: 'DK', timeZone: 'Europe/Copenhagen' }
const receivedAt = new Date('2026-02-02T09:00:00Z')
const dueAt = legalDeadlineWith(receivedAt, DK, { months: 1, pausedDays: 0 })
const open = { dueAt, pausedAt: null, identityVerifiedAt: null, routing: null }
const pausing = { pauseClockOnInfoRequest: true }
const before = new Date(dueAt.getTime() - 86_400_000)

describe('pauseFor', () => {
  test.each<[string, Parameters<typeof pauseFor>[0], boolean, AskTopic, Date, ReturnType<typeof pauseFor>]>([
    ['proof of identity, before the deadline', open, true, 'identity', before, { pause: true }],
    ['a necessary clarification, before the deadline', open, true, 'clarification', before, { pause: true }],
    ['a clarification once the identity is verified', { ...open, identityVerifiedAt: receivedAt }, true, 'clarification', before, { pause: true }],
    ['at the deadline’s last moment', open, true, 'identity', dueAt, { pause: true }],
    ['where the organisation does not pause', open, false, 'identity', before, { pause: false, why: 'orgDoesNotPause' }],
    ['an ordinary question', open, true, 'other', before, { pause: false, why: 'ordinaryQuestion' }],
    ['identity asked again once verified', { ...open, identityVerifiedAt: receivedAt }, true, 'identity', before, { pause: false, why: 'identityVerified' }],
    ['a second question while paused', { ...open, pausedAt: receivedAt }, true, 'clarification', before, { pause: false, why: 'alreadyPaused' }],
    ['a millisecond after the deadline', open, true, 'identity', new Date(dueAt.getTime() + 1), { pause: false, why: 'deadlinePassed' }],
    ['a clarification after the deadline', open, true, 'clarification', new Date(dueAt.getTime() + 86_400_000), { pause: false, why: 'deadlinePassed' }],
    // A processor holding a client's request cannot stop the client's clock (docs/decisions/016).
    ['a processor asking which client called', { ...open, routing: 'needs_routing' }, true, 'clarification', before, { pause: false, why: 'controllersClock' }],
    ['a processor asking for identity on a client’s request', { ...open, routing: 'client' }, true, 'identity', before, { pause: false, why: 'controllersClock' }],
  ])('%s', (_, request, pauses, topic, now, expected) => {
    expect(pauseFor(request, { pauseClockOnInfoRequest: pauses }, topic, now)).toEqual(expected)
  })

  test('the organisation’s choice is asked first: without pauses, every topic says so', () => {
    for (const topic of ['identity', 'clarification', 'other'] as const) {
      expect(pauseFor(open, { pauseClockOnInfoRequest: false }, topic, before)).toEqual({ pause: false, why: 'orgDoesNotPause' })
    }
    expect(pauseFor(open, pausing, 'identity', before)).toEqual({ pause: true })
  })
})

describe('extensionProblem', () => {
  const request = { receivedAt, extensionMonths: 0, pausedDays: 0 }

  test('within the first month an extension is possible, up to its last moment', () => {
    expect(extensionProblem(request, DK, before)).toBeNull()
    expect(extensionProblem(request, DK, dueAt)).toBeNull()
  })

  test('after the first month it is too late', () => {
    expect(extensionProblem(request, DK, new Date(dueAt.getTime() + 1))).toBe('extensionTooLate')
  })

  test('days the clock stood still do not count towards the first month', () => {
    const afterFirstMonth = new Date(dueAt.getTime() + 3 * 86_400_000)
    expect(extensionProblem(request, DK, afterFirstMonth)).toBe('extensionTooLate')
    expect(extensionProblem({ ...request, pausedDays: 5 }, DK, afterFirstMonth)).toBeNull()
  })

  test('only once', () => {
    expect(extensionProblem({ ...request, extensionMonths: 1 }, DK, before)).toBe('alreadyExtended')
    expect(extensionProblem({ ...request, extensionMonths: 2 }, DK, receivedAt)).toBe('alreadyExtended')
  })
})
