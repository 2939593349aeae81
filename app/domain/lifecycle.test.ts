import { describe, expect, test } from 'vitest'
import { REQUEST_STATUSES, type RequestStatus } from '~/vocabulary'
import { assertCanTake, canTake, TRANSITIONS, TransitionError, type Actor, type LifecycleAction } from './lifecycle'

// The lifecycle table, row by row, against a copy written out by hand: a
// change to the table (an extension allowed before the address is confirmed,
// say) fails here until this copy is changed with it, on purpose.

const U = 'unverified', R = 'received', P = 'in_progress', A = 'awaiting_subject', C = 'completed', F = 'refused', W = 'withdrawn'
type Row = Partial<Record<RequestStatus, RequestStatus>>

/** For each action: who takes it, and from each status it may start in, the status it leads to. */
const EXPECTED: Record<LifecycleAction, { actors: Actor[]; moves: Row }> = {
  confirmEmail: { actors: ['subject'], moves: { [U]: R } },
  assign: { actors: ['officer'], moves: { [U]: U, [R]: R, [P]: P, [A]: A } },
  note: { actors: ['officer'], moves: { [U]: U, [R]: R, [P]: P, [A]: A, [C]: C, [F]: F, [W]: W } },
  askForInformation: { actors: ['officer'], moves: { [R]: A, [P]: A, [A]: A } },
  subjectReplied: { actors: ['subject'], moves: { [A]: P } },
  informationReceived: { actors: ['officer'], moves: { [A]: P } },
  verifyIdentity: { actors: ['officer'], moves: { [R]: P, [P]: P, [A]: A } },
  overrideIdentity: { actors: ['officer'], moves: { [R]: P, [P]: P, [A]: A } },
  extend: { actors: ['officer'], moves: { [R]: P, [P]: P, [A]: A } },
  message: { actors: ['officer', 'subject'], moves: { [R]: P, [P]: P, [A]: A } },
  collectData: { actors: ['officer'], moves: { [R]: P, [P]: P, [A]: A } },
  prepareAnswer: { actors: ['officer'], moves: { [R]: P, [P]: P, [A]: A } },
  answer: { actors: ['officer'], moves: { [R]: C, [P]: C, [A]: C } },
  refuse: { actors: ['officer'], moves: { [R]: F, [P]: F, [A]: F } },
  withdraw: { actors: ['officer', 'subject'], moves: { [U]: W, [R]: W, [P]: W, [A]: W } },
  closeUnconfirmed: { actors: ['officer'], moves: { [U]: W } },
  route: { actors: ['officer'], moves: { [R]: P, [P]: P, [A]: A } },
  acknowledge: { actors: ['officer'], moves: { [R]: P, [P]: P, [A]: A } },
  instruct: { actors: ['officer'], moves: { [R]: P, [P]: P, [A]: A } },
  sendBack: { actors: ['officer'], moves: { [R]: W, [P]: W, [A]: W } },
  merge: { actors: ['officer'], moves: { [U]: U, [R]: R, [P]: P, [A]: A } },
  unmerge: { actors: ['officer'], moves: { [U]: U, [R]: R, [P]: P, [A]: A } },
}

const ACTORS: Actor[] = ['subject', 'officer', 'system']

test('the table has exactly the actions written out here', () => {
  expect(Object.keys(TRANSITIONS).sort()).toEqual(Object.keys(EXPECTED).sort())
})

describe.each(Object.keys(EXPECTED) as LifecycleAction[])('%s', (action) => {
  const { actors, moves } = EXPECTED[action]
  test.each(REQUEST_STATUSES.flatMap((status) => ACTORS.map((actor) => [status, actor] as const)))('from %s by %s', (status, actor) => {
    const allowed = status in moves && actors.includes(actor)
    expect(canTake(action, status, actor)).toBe(allowed)
    if (allowed) {
      // Work by the person never puts a request "in progress": only an officer's does.
      const to = actor === 'subject' && moves[status] === P && status === R ? R : moves[status]
      expect(assertCanTake(action, status, actor)).toBe(to)
    } else {
      expect(() => assertCanTake(action, status, actor)).toThrow(TransitionError)
    }
  })
})
