// The words used everywhere: by the database schema, the domain, the routes,
// the emails and the organisation files. Plain data, importing nothing, so
// every layer may use it (see docs/decisions/007-layers.md).

export const LANGUAGES = ['da', 'no', 'fi', 'en'] as const
export type Language = (typeof LANGUAGES)[number]
/** Each language named in itself. */
export const LANGUAGE_NAMES: Record<Language, string> = {
  da: 'Dansk',
  no: 'Norsk',
  fi: 'Suomi',
  en: 'English',
}

/** BCP 47 tags for Intl formatting and <html lang>. */
export const LANGUAGE_TAGS: Record<Language, string> = { da: 'da', no: 'nb', fi: 'fi', en: 'en' }

/** A text an organisation writes, per language. */
export type Localized = Partial<Record<Language, string>>

/**
 * Who answers a request a processor holds about a call made for a client
 * (docs/decisions/016): the client the person named, or nobody yet.
 */
export const ROUTINGS = ['client', 'needs_routing'] as const
export type Routing = (typeof ROUTINGS)[number]

/**
 * What a controller can instruct its processor to do about one request
 * (GDPR Art. 28(3)(e); docs/decisions/017): send it what it holds on the
 * person, erase it, stop calling the person, or confirm it holds nothing.
 */
export const INSTRUCTION_KINDS = ['export', 'erase', 'stop_calling', 'nothing_held'] as const
export type InstructionKind = (typeof INSTRUCTION_KINDS)[number]

export const COUNTRIES = ['DK', 'NO', 'FI'] as const
export type Country = (typeof COUNTRIES)[number]

/** The rights a person can exercise (GDPR Art. 15–22). Every organisation accepts every one. */
export const REQUEST_TYPES = ['access', 'rectification', 'erasure', 'restriction', 'objection', 'portability', 'automated_decision'] as const
export type RequestType = (typeof REQUEST_TYPES)[number]

export const REQUEST_STATUSES = [
  'unverified', // sent, the address not yet confirmed: not yet received by the organisation (docs/decisions/008)
  'received', // received, waiting for an officer
  'in_progress', // an officer is working on it
  'awaiting_subject', // the organisation asked the person for information or identity
  'completed', // answered: granted, partly granted, or nothing held
  'refused',
  'withdrawn',
] as const
export type RequestStatus = (typeof REQUEST_STATUSES)[number]

export const OPEN_STATUSES = ['unverified', 'received', 'in_progress', 'awaiting_subject'] as const satisfies readonly RequestStatus[]
export type OpenStatus = (typeof OPEN_STATUSES)[number]
export const CLOSED_STATUSES = ['completed', 'refused', 'withdrawn'] as const satisfies readonly RequestStatus[]

/**
 * How a request ended. "No data" is a complete answer, not a refusal. "Not confirmed": closed without the person ever
 * confirming their address. "Merged": joined to another request of the same person, which goes on (docs/decisions/023). "Answered directly": a processor's client answered the person itself, outside the portal (docs/decisions/017).
 */
export const OUTCOMES = ['granted', 'partly_granted', 'refused', 'no_data', 'withdrawn', 'not_confirmed', 'answered_directly', 'merged'] as const
export type Outcome = (typeof OUTCOMES)[number]

export const CHANNELS = ['web', 'phone', 'letter', 'in_person', 'email'] as const
export type Channel = (typeof CHANNELS)[number]

export const ROLES = ['operator', 'admin', 'officer'] as const
export type Role = (typeof ROLES)[number]

/** `controller`: a processor's client without an account, through its secure link (docs/decisions/017). */
export const ACTOR_KINDS = ['subject', 'officer', 'operator', 'system', 'controller'] as const
export type ActorKind = (typeof ACTOR_KINDS)[number]

export const TOKEN_PURPOSES = ['confirm_email', 'status_access', 'invitation', 'password_reset', 'answer_download', 'status_code'] as const
export type TokenPurpose = (typeof TOKEN_PURPOSES)[number]

/** How an officer checked who the person is. Only the method is recorded, never a copy of a document. */
export const IDENTITY_METHODS = ['id_document_checked', 'known_customer_details', 'bank_id', 'in_person'] as const
export type IdentityMethod = (typeof IDENTITY_METHODS)[number]

/** Kinds of new work an officer can be told of, each by email at once, in the daily digest, or not at all. */
export const NOTIFICATION_KINDS = ['request_confirmed', 'subject_replied', 'assigned_to_me', 'deadline_near'] as const
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number]
export const NOTIFICATION_DELIVERIES = ['immediate', 'digest', 'off'] as const
export type NotificationDelivery = (typeof NOTIFICATION_DELIVERIES)[number]
/** The choices of "tell me N days before the legal deadline". */
export const DEADLINE_DAYS = [1, 2, 3, 5, 7, 10, 14] as const

/** The outcomes an answer may have. "We hold no data about you" is an answer, not a refusal. */
export const ANSWER_OUTCOMES = ['granted', 'partly_granted', 'refused', 'no_data'] as const satisfies readonly Outcome[]
export type AnswerOutcome = (typeof ANSWER_OUTCOMES)[number]

/** What an answer did with one category of the register (the response letter). */
export const CATEGORY_ACTIONS = ['corrected', 'erased', 'restricted', 'stopped', 'kept', 'unchanged'] as const
export type CategoryAction = (typeof CATEGORY_ACTIONS)[number]

/** What an officer asks the person for: proof of identity and a necessary clarification may pause the clock. */
export const ASK_TOPICS = ['identity', 'clarification', 'other'] as const
export type AskTopic = (typeof ASK_TOPICS)[number]
export const PAUSE_REASONS = ['identity', 'clarification'] as const satisfies readonly AskTopic[]
export type PauseReason = (typeof PAUSE_REASONS)[number]

/** Why something was left out of a copy of the data (Art. 15(4), recital 63): another person's data, or a trade secret or intellectual property. */
export const WITHHOLD_REASONS = ['other_person', 'trade_secret'] as const
export type WithholdReason = (typeof WITHHOLD_REASONS)[number]
