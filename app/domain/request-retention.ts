import { DateTime } from 'luxon'
import type { OrganisationProfile } from '#db/organisation-file'

// How long the portal keeps its own copies of a request's data, per
// organisation (docs/decisions/025): the organisation file's
// `requestRetention:` block, each period left out taking the default here.

export const RETENTION_DEFAULTS = {
  /** Three years after closure: claims under Art. 82 are time-barred then in DK, NO and FI, and the record proves the answer (Art. 5(2)). */
  closedRequests: 'P3Y',
  /** A request whose address was never confirmed never reached the organisation. */
  unconfirmedRequests: 'P14D',
  /** After the download window closes: time for a person who wrote in its last days to be answered. */
  documentsGrace: 'P7D',
  /** A sent email's record (address hash, template, times): enough to answer "did you write to me?" and to cap mail per address. */
  sentEmails: 'P30D',
  /** An email an officer dismissed as not a request, after its dismissal. */
  inboundDismissed: 'P30D',
} as const

export type RetentionKey = keyof typeof RETENTION_DEFAULTS
export type RequestRetention = Record<RetentionKey, string>
export const RETENTION_KEYS = Object.keys(RETENTION_DEFAULTS) as RetentionKey[]

/** The organisation's periods, defaults filled in, with which of them it set itself. */
export function requestRetention(profile: Pick<OrganisationProfile, 'requestRetention'>): RequestRetention & { own: RetentionKey[] } {
  const set = profile.requestRetention ?? {}
  const own = RETENTION_KEYS.filter((k) => set[k] !== undefined)
  return { ...RETENTION_DEFAULTS, ...Object.fromEntries(own.map((k) => [k, set[k]])), own } as RequestRetention & { own: RetentionKey[] }
}

/** The instant `period` before `at`, counted in the organisation's calendar: what ended before it is past its period. */
export function cutoff(at: number, period: string, timeZone: string): number {
  const { count, unit } = periodParts(period)
  return DateTime.fromMillis(at, { zone: timeZone }).minus({ [unit]: count }).toMillis()
}

/** A period as its parts, for a page to say in words ("3 years"). */
export function periodParts(period: string): { count: number; unit: 'days' | 'weeks' | 'months' | 'years' } {
  const unit = ({ D: 'days', W: 'weeks', M: 'months', Y: 'years' } as const)[period.at(-1) as 'D' | 'W' | 'M' | 'Y']
  return { count: Number(period.slice(1, -1)), unit }
}
