import { DateTime } from 'luxon'
import type { DB, Tx } from '#db/client.server'
import type { Organisation, Request } from '#db/schema'
import { hasSuppression, upsertSuppression, type SuppressionChannel } from '~/data/answers.server'
import { recordEvent, type Actor } from '~/domain/events'
import { nowMs } from '~/utils/clock'
import { keyedHash } from '~/utils/crypto.server'
import { normaliseEmail } from '~/utils/search-terms'
import type { Country } from '~/vocabulary'

// The organisation's do-not-contact list (Art. 21(3)): the phone numbers and
// addresses of people who objected to direct marketing, as keyed hashes, kept
// for the organisation's period, usable for nothing but the check: a number
// in, listed or not out. Nobody can read the list back.

const CALLING_CODES: Record<Country, string> = { DK: '45', NO: '47', FI: '358' }

/**
 * A phone number as one key however it is written: digits only, without the
 * international prefix, without the organisation's country code, and for
 * Finland without the trunk 0 ("+358 40 123 4567", "040 1234567" → "401234567").
 */
export function phoneKey(phone: string, country: Country): string {
  let digits = phone.replace(/[^0-9]/g, '').replace(/^00/, '')
  const code = CALLING_CODES[country]
  const international = phone.trim().startsWith('+') || phone.trim().startsWith('00')
  if (international && digits.startsWith(code)) digits = digits.slice(code.length)
  return digits.replace(/^0+/, '')
}

function valueHash(org: Pick<Organisation, 'id' | 'country'>, channel: SuppressionChannel, value: string): string | null {
  const key = channel === 'phone' ? phoneKey(value, org.country) : normaliseEmail(value)
  if (channel === 'phone' ? key.length < 5 : !key.includes('@')) return null
  return keyedHash('do-not-contact', `${org.id}:${channel}:${key}`)
}

export function isDirectMarketingObjection(request: Pick<Request, 'type' | 'details'>): boolean {
  return request.type === 'objection' && request.details.type === 'objection' && request.details.ground === 'direct_marketing'
}

/**
 * Puts the person's phone number and address on the list at once: an
 * objection to direct marketing takes effect when it is made, whatever else
 * is pending (Art. 21(3)). Renews an entry already there.
 */
export function suppressDirectMarketing(tx: Tx, request: Request, org: Organisation, actor: Actor): void {
  const period = org.profile.register.doNotContactPeriod
  const expiresAt = period ? DateTime.fromMillis(nowMs()).plus({ [unitOf(period)]: Number(period.slice(1, -1)) }).toJSDate() : null
  const channels: SuppressionChannel[] = []
  for (const [channel, value] of [['phone', request.subjectPhone], ['email', request.subjectEmail]] as const) {
    const hash = value ? valueHash(org, channel, value) : null
    if (!hash) continue
    upsertSuppression(tx, { orgId: org.id, channel, valueHash: hash, requestId: request.id, expiresAt })
    channels.push(channel)
  }
  recordEvent(tx, { kind: 'suppression_added', orgId: org.id, requestId: request.id, actor, data: { channels, expiresAt: expiresAt?.toISOString() ?? null } })
}

/**
 * A controller told its processor to stop calling the person (Art. 28(3)(e)):
 * each of the person's phone numbers goes on the processor's own list, as
 * keyed hashes, for the processor's period. Returns how many were listed.
 */
export function suppressPhones(tx: Tx, q: { org: Organisation; requestId: number; phones: string[]; actor: Actor }): number {
  const period = q.org.profile.register.doNotContactPeriod
  const expiresAt = period ? DateTime.fromMillis(nowMs()).plus({ [unitOf(period)]: Number(period.slice(1, -1)) }).toJSDate() : null
  const hashes = new Set(q.phones.flatMap((phone) => valueHash(q.org, 'phone', phone) ?? []))
  for (const valueHash of hashes) upsertSuppression(tx, { orgId: q.org.id, channel: 'phone', valueHash, requestId: q.requestId, expiresAt })
  if (hashes.size > 0) recordEvent(tx, { kind: 'suppression_added', orgId: q.org.id, requestId: q.requestId, actor: q.actor, data: { channels: ['phone'], expiresAt: expiresAt?.toISOString() ?? null } })
  return hashes.size
}

function unitOf(period: string): 'days' | 'weeks' | 'months' | 'years' {
  return ({ D: 'days', W: 'weeks', M: 'months', Y: 'years' } as const)[period.slice(-1) as 'D' | 'W' | 'M' | 'Y']
}

/** Whether a phone number or address is on the organisation's list now. */
export function isListed(db: DB | Tx, org: Pick<Organisation, 'id' | 'country'>, q: { phone: string } | { email: string }): boolean {
  const [channel, value] = 'phone' in q ? (['phone', q.phone] as const) : (['email', q.email] as const)
  const hash = valueHash(org, channel, value)
  return !!hash && hasSuppression(db, { orgId: org.id, channel, valueHash: hash })
}
