import type { ProcessorClient } from '#db/organisation-file'
import { CALLING_CODES, toE164 } from '~/utils/phone'
import type { Country, Routing } from '~/vocabulary'

// A processor's clients as the person filing sees them, and who answers what
// (docs/decisions/016). Pure: the register comes from the organisation file.

/** Days either side of a campaign's period still counted as "roughly then": people remember dates loosely. */
export const CALL_DATE_SLACK_DAYS = 14
const DAY = 86_400_000

export type CallHint = { number?: string | null; on?: string | null }
export type ClientSuggestion = { key: string; name: string; campaign: string }

/**
 * The clients whose campaigns called from this number, best first: those
 * whose period (give or take CALL_DATE_SLACK_DAYS) holds the date the person
 * gave; when none does, every campaign that used the number, since a date
 * remembered roughly may be wrong. Nothing without a number. A number without
 * a country code is read in the processor's country.
 */
export function suggestClients(clients: readonly ProcessorClient[], hint: CallHint, country: Country): ClientSuggestion[] {
  const number = hint.number ? toE164(hint.number, CALLING_CODES[country]) : null
  if (!number) return []
  const calling = clients.flatMap((client) => client.campaigns.filter((c) => c.numbers.includes(number)).map((campaign) => ({ client, campaign })))
  const day = hint.on && /^\d{4}-\d{2}-\d{2}$/.test(hint.on) ? Date.parse(`${hint.on}T00:00:00Z`) : NaN
  const near = Number.isNaN(day)
    ? calling
    : calling.filter(({ campaign }) => {
        const from = Date.parse(`${campaign.from}T00:00:00Z`) - CALL_DATE_SLACK_DAYS * DAY
        const to = campaign.to ? Date.parse(`${campaign.to}T00:00:00Z`) + CALL_DATE_SLACK_DAYS * DAY : Infinity
        return day >= from && day <= to
      })
  const seen = new Set<string>()
  const result: ClientSuggestion[] = []
  for (const { client, campaign } of near.length ? near : calling) {
    if (seen.has(client.key)) continue
    seen.add(client.key)
    result.push({ key: client.key, name: client.name, campaign: campaign.name })
  }
  return result
}

/**
 * The behalf step as it comes back after "Find the organisation from the
 * number": the clients the person had ticked, with those the number suggests
 * ticked too. Nothing is saved; the person still continues.
 */
export function suggestedBehalf(
  clients: readonly ProcessorClient[],
  country: Country,
  asked: { callerNumber: string; calledOn: string; checked: readonly string[] },
): { found: ClientSuggestion[]; values: { about: 'client'; clients: string[]; callerNumber: string; calledOn: string } } {
  const callerNumber = asked.callerNumber.slice(0, 40)
  const calledOn = asked.calledOn.slice(0, 10)
  const found = suggestClients(clients, { number: callerNumber, on: calledOn }, country)
  const checked = asked.checked.filter((key) => key !== 'unknown')
  return { found, values: { about: 'client', clients: [...new Set([...checked, ...found.map((s) => s.key)])], callerNumber, calledOn } }
}

/** What the person said the request is about, on a processor's form. */
export type Behalf = { about: 'own' } | { about: 'client'; clients: string[] | 'unknown' }

/** One request to file per controller named; "I don't know" is one request that needs routing. */
export type RequestRouting = { routing: Routing | null; clientKey: string | null }

export function routingsFor(behalf: Behalf | undefined): RequestRouting[] {
  if (!behalf || behalf.about === 'own') return [{ routing: null, clientKey: null }]
  if (behalf.clients === 'unknown') return [{ routing: 'needs_routing', clientKey: null }]
  return [...new Set(behalf.clients)].map((key) => ({ routing: 'client', clientKey: key }))
}

/** A request the processor holds for a controller: only that controller answers, refuses or extends it (GDPR Art. 28(3)(e), 29). */
export function isForController(request: { routing: Routing | null }): boolean {
  return request.routing !== null
}

/**
 * Who answers a request the processor holds for a client: the client by its
 * name in the register (the key, should the register no longer hold it), or
 * "needs routing" while nobody knows which client it is. Null for a request
 * the organisation answers itself.
 */
export function answeredBy(org: { profile: { clients: readonly ProcessorClient[] } }, request: { routing: Routing | null; clientKey: string | null }): { routing: Routing; name: string | null } | null {
  if (request.routing === null) return null
  if (request.routing === 'needs_routing' || !request.clientKey) return { routing: 'needs_routing', name: null }
  return { routing: 'client', name: org.profile.clients.find((c) => c.key === request.clientKey)?.name ?? request.clientKey }
}
