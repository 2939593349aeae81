import { write, type DB, type Tx } from '#db/client.server'
import type { Organisation, Request } from '#db/schema'
import { deleteSuppressions, hasSuppression, upsertSuppression, type SuppressionChannel } from '~/data/answers.server'
import { recordEvent, type Actor } from '~/domain/events'
import { localize } from '~/domain/languages'
import { fixedT } from '~/i18n/i18n'
import { keyedHash } from '~/utils/crypto.server'
import { phoneE164 } from '~/utils/phone-number.server'
import { normaliseEmail } from '~/utils/search-terms'
import type { Country, Language } from '~/vocabulary'

// The organisation's do-not-contact list (Art. 21(3)): the phone numbers and
// addresses of people who objected to direct marketing, as keyed hashes,
// usable for nothing but the check: a number in, listed or not out. Nobody can
// read the list back. An objection lasts until the person withdraws it, so its
// entries have no end date; they are removed only on request (an officer's
// action on the request, the CLI or the API).

/**
 * Where a contact detail of a request comes from: the phone number the person
 * gave, the number a telemarketing agency called them on (a processor's
 * request about a client's call), one of the organisation's own identifier
 * fields of type phone (e.g. "the number you called from"), or the address. Keys, never values: these are
 * what the audit trail and the officer's page name.
 */
export type ListSource = 'phone' | 'call' | 'email' | `identifier:${string}`

/**
 * A source by its name in a language: "phone number" and "email address" from
 * the locales (`ns` officer or documents, subtree doNotContact.source), an
 * identifier field by the organisation's own label for it.
 */
export function sourceLabel(source: ListSource, org: Pick<Organisation, 'profile'>, lang: Language, ns: 'officer' | 'documents'): string {
  if (source === 'phone' || source === 'call' || source === 'email') return fixedT(lang, ns)(`doNotContact.source.${source}`)
  const key = source.slice('identifier:'.length)
  return localize(org.profile.identifiers.find((i) => i.key === key)?.label, lang) || key
}

export type ContactDetail = { source: ListSource; channel: SuppressionChannel; value: string }

/** Every phone number and the address a request gives, with where each comes from. */
export type ContactFields = Partial<Pick<Request, 'subjectPhone' | 'subjectEmail' | 'subjectIdentifiers' | 'details'>>

export function contactDetailsOf(request: ContactFields, org: Pick<Organisation, 'profile'>): ContactDetail[] {
  const details: ContactDetail[] = []
  if (request.subjectPhone?.trim()) details.push({ source: 'phone', channel: 'phone', value: request.subjectPhone })
  const call = request.details?.call as { number?: unknown } | undefined
  if (typeof call?.number === 'string' && call.number.trim()) details.push({ source: 'call', channel: 'phone', value: call.number })
  for (const identifier of org.profile.identifiers) {
    const value = request.subjectIdentifiers?.[identifier.key]
    if (identifier.type === 'phone' && value?.trim()) details.push({ source: `identifier:${identifier.key}`, channel: 'phone', value })
  }
  if (request.subjectEmail?.trim()) details.push({ source: 'email', channel: 'email', value: request.subjectEmail })
  return details
}

/**
 * The key before this version: a phone number's digits without the
 * international prefix, without the organisation's country code, and for
 * Finland without the trunk 0. Entries of a live database made before phone
 * numbers were read with libphonenumber-js are hashed from it, so the check and
 * the removal try it too: an existing entry keeps matching, and is removed
 * with the new one. Nothing is hashed from it any more.
 */
export function phoneKey(phone: string, country: Country): string {
  const LEGACY_CODES: Record<Country, string> = { DK: '45', NO: '47', FI: '358' }
  let digits = phone.replace(/[^0-9]/g, '').replace(/^00/, '')
  const code = LEGACY_CODES[country]
  const international = phone.trim().startsWith('+') || phone.trim().startsWith('00')
  if (international && digits.startsWith(code)) digits = digits.slice(code.length)
  return digits.replace(/^0+/, '')
}

type Org = Pick<Organisation, 'id' | 'country'>

/** The keyed hash an entry is stored under: a phone number in E.164 form, an address lower-cased; null when the value cannot be one. */
export function valueHash(org: Org, channel: SuppressionChannel, value: string): string | null {
  const key = channel === 'phone' ? phoneE164(value, org.country) : normaliseEmail(value)
  if (!key || (channel === 'email' && !key.includes('@'))) return null
  return keyedHash('do-not-contact', `${org.id}:${channel}:${key}`)
}

/** Every hash an entry for this value may be stored under: the current one, and for a phone number the legacy one. */
function hashesOf(org: Org, channel: SuppressionChannel, value: string): string[] {
  const current = valueHash(org, channel, value)
  if (channel === 'email') return current ? [current] : []
  const legacy = phoneKey(value, org.country)
  return [...(current ? [current] : []), ...(legacy.length >= 5 ? [keyedHash('do-not-contact', `${org.id}:phone:${legacy}`)] : [])]
}

export function isDirectMarketingObjection(request: Pick<Request, 'type' | 'details'>): boolean {
  return request.type === 'objection' && request.details.type === 'objection' && request.details.ground === 'direct_marketing'
}

/**
 * Puts every phone number of the request (the one the person gave and those
 * of the organisation's phone identifier fields) and its address on the list
 * at once: an objection to direct marketing takes effect when it is made,
 * whatever else is pending (Art. 21(3)), and lasts until it is withdrawn, so
 * the entries have no end date (the register's doNotContactPeriod is for
 * entries made for another purpose). Renews an entry already there. The event
 * names which sources were listed, never their values.
 */
export function suppressDirectMarketing(tx: Tx, request: Request, org: Organisation, actor: Actor): void {
  const channels = new Set<SuppressionChannel>()
  const sources: ListSource[] = []
  const unreadable: ListSource[] = []
  for (const detail of contactDetailsOf(request, org)) {
    const hash = valueHash(org, detail.channel, detail.value)
    if (!hash) {
      unreadable.push(detail.source)
      continue
    }
    upsertSuppression(tx, { orgId: org.id, channel: detail.channel, valueHash: hash, requestId: request.id, expiresAt: null })
    channels.add(detail.channel)
    sources.push(detail.source)
  }
  recordEvent(tx, {
    kind: 'suppression_added',
    orgId: org.id,
    requestId: request.id,
    actor,
    data: { channels: [...channels], expiresAt: null, sources, ...(unreadable.length ? { unreadable } : {}) },
  })
}

/**
 * A controller told its processor to stop calling the person (Art. 28(3)(e)):
 * each of the person's phone numbers goes on the processor's own list, as
 * keyed hashes, until the person withdraws the objection, like their own (no end date).
 * Returns how many were listed.
 */
export function suppressPhones(tx: Tx, q: { org: Organisation; requestId: number; phones: string[]; actor: Actor }): number {
  const hashes = new Set(q.phones.flatMap((phone) => valueHash(q.org, 'phone', phone) ?? []))
  for (const valueHash of hashes) upsertSuppression(tx, { orgId: q.org.id, channel: 'phone', valueHash, requestId: q.requestId, expiresAt: null })
  if (hashes.size > 0) recordEvent(tx, { kind: 'suppression_added', orgId: q.org.id, requestId: q.requestId, actor: q.actor, data: { channels: ['phone'], expiresAt: null } })
  return hashes.size
}

/** Whether a phone number or address is on the organisation's list now. */
export function isListed(db: DB | Tx, org: Org, q: { phone: string } | { email: string }): boolean {
  const [channel, value] = 'phone' in q ? (['phone', q.phone] as const) : (['email', q.email] as const)
  return hashesOf(org, channel, value).some((hash) => hasSuppression(db, { orgId: org.id, channel, valueHash: hash }))
}

export type SourceState = { source: ListSource; state: 'listed' | 'notListed' | 'unreadable' }

/** Each contact detail of the request, and whether it is on the list now (values never leave this function). */
export function listStateOf(db: DB | Tx, request: ContactFields, org: Organisation): SourceState[] {
  return contactDetailsOf(request, org).map((d) => {
    if (!valueHash(org, d.channel, d.value)) return { source: d.source, state: 'unreadable' as const }
    return { source: d.source, state: isListed(db, org, d.channel === 'phone' ? { phone: d.value } : { email: d.value }) ? ('listed' as const) : ('notListed' as const) }
  })
}

/** The sources of the request's contact details that are on the list now. */
export function listedSources(db: DB | Tx, request: ContactFields, org: Organisation): ListSource[] {
  return listStateOf(db, request, org)
    .filter((s) => s.state === 'listed')
    .map((s) => s.source)
}

/**
 * Takes the request's contact details off the list, when the person withdraws
 * their objection: every entry their values are stored under, legacy ones too.
 * Returns how many entries went.
 */
export function unlistRequest(tx: Tx, request: Request, org: Organisation, actor: Actor): number {
  const sources: ListSource[] = []
  const channels = new Set<SuppressionChannel>()
  let entries = 0
  const details = contactDetailsOf(request, org)
  // Named before anything goes: two fields may give the same number, stored once.
  for (const d of details) {
    if (!isListed(tx, org, d.channel === 'phone' ? { phone: d.value } : { email: d.value })) continue
    sources.push(d.source)
    channels.add(d.channel)
  }
  for (const d of details) entries += deleteSuppressions(tx, { orgId: org.id, channel: d.channel, valueHashes: hashesOf(org, d.channel, d.value) })
  recordEvent(tx, { kind: 'suppression_removed', orgId: org.id, requestId: request.id, actor, data: { channels: [...channels], sources, entries, via: 'officer' } })
  return entries
}

export class NotAContactError extends Error {
  constructor() {
    super('not a phone number or an email address')
    this.name = 'NotAContactError'
  }
}

/**
 * Takes one phone number or address off the list (the CLI's and the API's
 * removal): every entry it is stored under, legacy ones too. The audit trail
 * records it on the organisation, with the channel and the count only.
 * Returns how many entries went; throws NotAContactError for a value that
 * cannot be a phone number or an address.
 */
export function unlistValue(tx: Tx, org: Organisation, q: { phone: string } | { email: string }, actor: Actor, via: 'cli' | 'api', apiKeyId?: number): number {
  const [channel, value] = 'phone' in q ? (['phone', q.phone] as const) : (['email', q.email] as const)
  if (!valueHash(org, channel, value)) throw new NotAContactError()
  const entries = deleteSuppressions(tx, { orgId: org.id, channel, valueHashes: hashesOf(org, channel, value) })
  recordEvent(tx, { kind: 'do_not_contact_removed', orgId: org.id, actor, data: { channel, entries, via, ...(apiKeyId ? { apiKeyId } : {}) } })
  return entries
}

/** unlistValue in its own transaction: the CLI's and the API's removal. */
export function removeFromList(db: DB, org: Organisation, q: { phone: string } | { email: string }, actor: Actor, via: 'cli' | 'api', apiKeyId?: number): number {
  return write(db, (tx) => unlistValue(tx, org, q, actor, via, apiKeyId))
}

/** A value as the CLI and the API take it: an address when it has an @, a phone number otherwise. */
export function contactQuery(value: string): { phone: string } | { email: string } {
  return value.includes('@') ? { email: value } : { phone: value }
}
