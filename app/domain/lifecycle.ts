import { CLOSED_STATUSES, type RequestStatus } from '~/vocabulary'

// The request lifecycle, written down once. Every change of a request's state
// is one of these actions, carried out by a function in
// app/domain/requests.server.ts that checks this table first; the officer's
// action catalogue (app/domain/actions.server.ts) offers only what it allows.
//
//   unverified ──confirmEmail──▶ received ──(an officer starts work)──▶ in_progress ──askForInformation──▶ awaiting_subject
//        │                                                               │  ◀──subjectReplied / informationReceived──┘
//        └──withdraw / closeUnconfirmed──┐   answer / refuse / withdraw (from any received status)
//                     ▼                              ▼
//                           completed · refused · withdrawn (closed)
//
// An unverified request has not yet reached the organisation (the person has
// not confirmed the address, docs/decisions/008): officers may read it, note,
// assign and close it, as withdrawn or as never confirmed, nothing that writes to the address.

/** `controller`: a processor's client without an account, answering through its secure link (docs/decisions/017). */
export type Actor = 'subject' | 'officer' | 'system' | 'controller'

export type LifecycleAction =
  | 'confirmEmail'
  | 'assign'
  | 'note'
  | 'askForInformation'
  | 'subjectReplied'
  | 'informationReceived'
  | 'verifyIdentity'
  | 'overrideIdentity'
  | 'extend'
  | 'message'
  | 'collectData'
  | 'prepareAnswer'
  | 'answer'
  | 'refuse'
  | 'withdraw'
  /** An officer closes a request whose address was never confirmed: outcome "not confirmed", status withdrawn. */
  | 'closeUnconfirmed'
  /** A processor names the client(s) of a request that needed routing (docs/decisions/017). */
  | 'route'
  // A controller's own request made from a processor's (docs/decisions/016, 017): seen, the processor instructed, or sent back as "not our customer".
  | 'acknowledge'
  | 'instruct'
  | 'sendBack'
  // Two open requests of the same person joined into one, and that undone (docs/decisions/023).
  | 'merge'
  | 'unmerge'

const RECEIVED: RequestStatus[] = ['received', 'in_progress', 'awaiting_subject']
const OPEN: RequestStatus[] = ['unverified', ...RECEIVED]
const ALL: RequestStatus[] = [...OPEN, ...CLOSED_STATUSES]

/** An officer's work on a request nobody has worked on yet puts it in progress; otherwise the status stays. */
const WORKING = 'working' as const

type Rule = { from: RequestStatus[]; actors: Actor[]; to: RequestStatus | null | typeof WORKING }

/** From which statuses an action may start, who may take it, and where it leads (null: status unchanged). */
export const TRANSITIONS: Record<LifecycleAction, Rule> = {
  confirmEmail: { from: ['unverified'], actors: ['subject'], to: 'received' },
  assign: { from: OPEN, actors: ['officer'], to: null },
  note: { from: ALL, actors: ['officer'], to: null },
  askForInformation: { from: RECEIVED, actors: ['officer'], to: 'awaiting_subject' },
  subjectReplied: { from: ['awaiting_subject'], actors: ['subject'], to: 'in_progress' },
  // The person answered by phone, letter or in person: the officer ends the wait.
  informationReceived: { from: ['awaiting_subject'], actors: ['officer'], to: 'in_progress' },
  verifyIdentity: { from: RECEIVED, actors: ['officer'], to: WORKING },
  overrideIdentity: { from: RECEIVED, actors: ['officer'], to: WORKING },
  extend: { from: RECEIVED, actors: ['officer'], to: WORKING },
  message: { from: RECEIVED, actors: ['officer', 'subject'], to: WORKING },
  collectData: { from: RECEIVED, actors: ['officer'], to: WORKING },
  prepareAnswer: { from: RECEIVED, actors: ['officer', 'controller'], to: WORKING },
  answer: { from: RECEIVED, actors: ['officer', 'controller'], to: 'completed' },
  refuse: { from: RECEIVED, actors: ['officer', 'controller'], to: 'refused' },
  withdraw: { from: OPEN, actors: ['officer', 'subject'], to: 'withdrawn' },
  closeUnconfirmed: { from: ['unverified'], actors: ['officer'], to: 'withdrawn' },
  route: { from: RECEIVED, actors: ['officer'], to: WORKING },
  acknowledge: { from: RECEIVED, actors: ['officer'], to: WORKING },
  instruct: { from: RECEIVED, actors: ['officer'], to: WORKING },
  // Not the controller's request after all: closed here, and back to the processor's routing.
  sendBack: { from: RECEIVED, actors: ['officer'], to: 'withdrawn' },
  // The request the officer is on stays as it is (the other one is closed as merged, or opened again).
  merge: { from: OPEN, actors: ['officer'], to: null },
  unmerge: { from: OPEN, actors: ['officer'], to: null },
}

export function isClosed(status: RequestStatus): boolean {
  return (CLOSED_STATUSES as readonly RequestStatus[]).includes(status)
}

export function canTake(action: LifecycleAction, status: RequestStatus, actor: Actor): boolean {
  const rule = TRANSITIONS[action]
  return rule.from.includes(status) && rule.actors.includes(actor)
}

export class TransitionError extends Error {
  constructor(
    readonly action: LifecycleAction,
    readonly status: RequestStatus,
  ) {
    super(`${action} is not allowed when the request is ${status}`)
    this.name = 'TransitionError'
  }
}

/** Checks the table and says the status the request moves to. */
export function assertCanTake(action: LifecycleAction, status: RequestStatus, actor: Actor): RequestStatus {
  if (!canTake(action, status, actor)) throw new TransitionError(action, status)
  const to = TRANSITIONS[action].to
  if (to === WORKING) return status === 'received' && actor === 'officer' ? 'in_progress' : status
  return to ?? status
}
