import type { RequestStatus } from '#db/schema'

// The request lifecycle, written down once. Every change of a request's state
// is one of these actions, carried out by a function in
// app/domain/requests.server.ts that checks this table first.
//
//   unverified ──confirmEmail──▶ received ──verifyIdentity──▶ in_progress ──askForInformation──▶ awaiting_subject
//        │                          │                            │  ◀──subjectReplied / informationReceived──┘
//        └──────withdraw────────────┴──── complete / refuse / withdraw (from any open status) ────┘
//                                              ▼
//                                  completed · refused · withdrawn (closed)

export type Actor = 'subject' | 'officer' | 'system'

export type Action =
  | 'confirmEmail'
  | 'assign'
  | 'askForInformation'
  | 'subjectReplied'
  | 'informationReceived'
  | 'verifyIdentity'
  | 'extend'
  | 'note'
  | 'message'
  | 'refuse'
  | 'complete'
  | 'withdraw'

const OPEN_WORKING: RequestStatus[] = ['received', 'in_progress', 'awaiting_subject']

/** From which statuses an action may start, who may take it, and where it leads (null: status unchanged). */
export const TRANSITIONS: Record<Action, { from: RequestStatus[]; actors: Actor[]; to: RequestStatus | null }> = {
  confirmEmail: { from: ['unverified'], actors: ['subject'], to: 'received' },
  assign: { from: ['unverified', ...OPEN_WORKING], actors: ['officer'], to: null },
  askForInformation: { from: ['received', 'in_progress', 'awaiting_subject'], actors: ['officer'], to: 'awaiting_subject' },
  subjectReplied: { from: ['awaiting_subject'], actors: ['subject'], to: 'in_progress' },
  // The person answered by phone, letter or in person: the officer ends the wait.
  informationReceived: { from: ['awaiting_subject'], actors: ['officer'], to: 'in_progress' },
  verifyIdentity: { from: OPEN_WORKING, actors: ['officer'], to: 'in_progress' },
  extend: { from: OPEN_WORKING, actors: ['officer'], to: null },
  note: { from: ['unverified', ...OPEN_WORKING, 'completed', 'refused', 'withdrawn'], actors: ['officer'], to: null },
  message: { from: OPEN_WORKING, actors: ['officer', 'subject'], to: null },
  refuse: { from: ['unverified', ...OPEN_WORKING], actors: ['officer'], to: 'refused' },
  complete: { from: OPEN_WORKING, actors: ['officer'], to: 'completed' },
  withdraw: { from: ['unverified', ...OPEN_WORKING], actors: ['officer', 'subject'], to: 'withdrawn' },
}

export const CLOSED_STATUSES: RequestStatus[] = ['completed', 'refused', 'withdrawn']

export function isClosed(status: RequestStatus): boolean {
  return CLOSED_STATUSES.includes(status)
}

export function canTake(action: Action, status: RequestStatus, actor: Actor): boolean {
  const rule = TRANSITIONS[action]
  return rule.from.includes(status) && rule.actors.includes(actor)
}

export class TransitionError extends Error {
  constructor(
    readonly action: Action,
    readonly status: RequestStatus,
  ) {
    super(`${action} is not allowed when the request is ${status}`)
    this.name = 'TransitionError'
  }
}

export function assertCanTake(action: Action, status: RequestStatus, actor: Actor): RequestStatus {
  if (!canTake(action, status, actor)) throw new TransitionError(action, status)
  return TRANSITIONS[action].to ?? status
}
