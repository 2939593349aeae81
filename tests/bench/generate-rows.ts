import { keyedHash, seal } from '~/utils/crypto.server'
import { resetEnv } from '~/utils/env.server'
import { phoneE164 } from '~/utils/phone-number.server'
import { normaliseEmail, searchWords } from '~/utils/search-terms'
import type { Language } from '~/vocabulary'
import { planRequest, type BenchOrg, type PlannedEvent } from './generate-lifecycle'
import { person } from './generate-names'
import { seededRandom, weighted, type Random, type Weighted } from './generate-random'
import { applyBenchEnv } from './keys'

// The expensive part of a request, made from its number alone (its own
// random stream), so worker threads can make ranges of requests in parallel
// and the result is the same whichever thread made it: the plan, its sealed
// values and keyed hashes. The main thread numbers the rows, draws the
// reference, chains the events and inserts (tests/bench/generate.ts).

const DAY = 86_400_000
const HOUR = 3_600_000

export type Recipient = { email: string; hash: string; language: Language }

export type PrepareContext = {
  seed: number
  total: number
  now: number
  /** The first instant of the period of receipts, and its length in whole days. */
  start: number
  days: number
  orgs: BenchOrg[]
  /** Per organisation (by index), its share of the requests. */
  shares: number[]
  officers: Array<[number, Recipient]>
}

export type PreparedEmail = {
  at: number
  /** Null once sent. The main thread seals pending email's address and parameters (they carry the reference). */
  to: Recipient
  pending: boolean
  template: string
  params: Record<string, unknown>
  links: string
  messageId: string
  sentAt: number | null
}

export type PreparedRequest = {
  orgIndex: number
  /** The request's columns after id and reference, in the order of the generator's INSERT. */
  row: unknown[]
  terms: string[]
  /** author_kind, author_user_id, audience, purpose, body (sealed), created_at */
  messages: unknown[][]
  /** category, rows (sealed), row_count, created_at, created_by */
  collected: unknown[][]
  events: PlannedEvent[]
  emails: PreparedEmail[]
}

export class Preparer {
  private readonly orgTable: Weighted<number>
  private readonly officers: Map<number, Recipient>
  private readonly privacy = new Map<number, Recipient>()
  private readonly termHashes = new Map<string, string>()

  constructor(private readonly ctx: PrepareContext) {
    applyBenchEnv()
    resetEnv()
    this.orgTable = weighted(ctx.shares.map((share, i) => [i, share] as const))
    this.officers = new Map(ctx.officers)
    for (const org of ctx.orgs) this.privacy.set(org.id, { email: org.privacyEmail, hash: keyedHash('email', normaliseEmail(org.privacyEmail)), language: org.languages[0]! })
  }

  private termHash(word: string): string {
    let hash = this.termHashes.get(word)
    if (!hash) {
      hash = keyedHash('name-term', word)
      if (this.termHashes.size < 100_000) this.termHashes.set(word, hash)
    }
    return hash
  }

  range(from: number, to: number): PreparedRequest[] {
    const out: PreparedRequest[] = []
    for (let i = from; i < to; i++) out.push(this.one(i))
    return out
  }

  /** Request number i (0-based; its id is i + 1). */
  one(i: number): PreparedRequest {
    const { ctx } = this
    const random = seededRandom(ctx.seed, i + 1)
    // Receipts spread evenly over the period, in order, between 06:00 and 20:00 UTC.
    const x = ((i + random.next()) / ctx.total) * ctx.days
    const day = Math.floor(x)
    const t0 = ctx.start + day * DAY + 6 * HOUR + Math.floor((x - day) * 14 * HOUR)
    const orgIndex = random.weighted(this.orgTable)
    const org = ctx.orgs[orgIndex]!
    const id = i + 1
    const who = person(random, org.country, i)
    const p = planRequest(random, org, t0, ctx.now)
    const email = p.withEmail ? normaliseEmail(who.email) : null
    const emailHash = email ? keyedHash('email', email) : null
    const phone = p.withPhone ? who.phone : null
    const e164 = phone ? phoneE164(phone, org.country) : null
    const closed = p.status === 'completed' || p.status === 'refused' || p.status === 'withdrawn'
    const row = [
      p.type, p.status, p.outcome, closed ? 1 : 0, p.channel, p.language,
      seal(JSON.stringify(p.details), 'requests.details'),
      seal(who.name, 'requests.subject_name'),
      email === null ? null : seal(email, 'requests.subject_email'),
      phone === null ? null : seal(phone, 'requests.subject_phone'),
      p.withAddress ? seal(who.address, 'requests.subject_address') : null,
      seal(JSON.stringify(p.identifiers), 'requests.subject_identifiers'),
      emailHash, e164 ? keyedHash('phone', e164) : null, p.registeredById, p.filedAt, p.receivedAt, p.emailVerifiedAt, p.identityVerifiedAt, p.identityMethod,
      p.dueAt, p.slaDueAt, p.extensionMonths, p.pausedAt, p.pauseReason, p.pausedDays, p.assigneeId, p.lastActivityAt, p.closedAt, p.filedAt, p.lastActivityAt,
    ]
    const terms = searchWords(who.name).map((w) => this.termHash(w))
    const messages = p.messages.map((m) => [m.authorKind, m.authorUserId, m.audience, m.purpose, seal(m.body, 'messages.body'), m.at])
    const collected = p.collected.map((c) => [c.category, seal(JSON.stringify(c.rows), 'collected_data.rows'), c.rows.length, c.at, c.by])
    const emails: PreparedEmail[] = []
    for (const m of p.emails) {
      const to = m.toKind === 'subject' ? (email ? { email, hash: emailHash!, language: p.language } : null) : m.toKind === 'officer' ? this.officers.get(m.officerId!)! : this.privacy.get(org.id)!
      if (!to) continue
      // Email older than a day was delivered (its address and parameters cleared); newer email waits, sealed.
      const pending = m.at > ctx.now - DAY
      const links = JSON.stringify(m.links.map((l) => ({ ...(l as object), requestId: id })))
      const params = m.toKind === 'subject' ? m.params : { ...m.params, link: `/${to.language}/officer/requests/${id}` }
      const messageId = `<${hex(random, 8)}-${hex(random, 4)}-4${hex(random, 3)}-a${hex(random, 3)}-${hex(random, 12)}@rights-portal>`
      emails.push({ at: m.at, to, pending, template: m.template, params: pending ? params : {}, links, messageId, sentAt: pending ? null : m.at + 2000 + random.int(60_000) })
    }
    return { orgIndex, row, terms, messages, collected, events: p.events, emails }
  }
}

function hex(random: Random, n: number): string {
  let s = ''
  for (let i = 0; i < n; i++) s += '0123456789abcdef'[random.int(16)]
  return s
}
