import { datesFromReceipt } from '~/domain/clock-rules'
import type { Channel, IdentityMethod, Language, Outcome, RequestStatus, RequestType } from '~/vocabulary'
import type { Random } from './generate-random'
import { weighted } from './generate-random'

// One request's life as plain values: the request row, its messages, its
// audit events and its emails, in the order the portal would have written
// them. Event data follows app/domain/events.ts (checked by the test); the
// generator seals, hashes and numbers them.

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

export type BenchOrg = {
  id: number
  slug: string
  name: string
  country: 'DK' | 'NO' | 'FI'
  timeZone: string
  slaDays: number
  pauseClockOnInfoRequest: boolean
  privacyEmail: string
  languages: Language[]
  identityMethods: IdentityMethod[]
  /** Identifier keys of the organisation file, with their type. */
  identifiers: Array<{ key: string; type?: string }>
  categories: Array<{ key: string; fields: string[] }>
  /** The supervisory authority, as a refusal or an answer names it (in the request's language, else the first given). */
  authority: { name: Partial<Record<Language, string>>; complaintUrl: string }
  officers: number[]
}

export type PlannedMessage = { ref: number; authorKind: 'officer' | 'subject'; authorUserId: number | null; audience: 'subject' | 'internal'; purpose: string; body: string; at: number }
export type PlannedEvent = { at: number; actorKind: 'subject' | 'officer' | 'system'; actorUserId: number | null; kind: string; data: Record<string, unknown>; messageRefs?: Array<[string, number]> }
export type PlannedEmail = { at: number; toKind: 'subject' | 'officer' | 'privacy'; officerId?: number; template: string; params: Record<string, unknown>; links: unknown[] }
export type PlannedCollected = { category: string; rows: Array<Record<string, string | number>>; at: number; by: number }

export type PlannedRequest = {
  type: RequestType
  status: RequestStatus
  outcome: Outcome | null
  channel: Channel
  language: Language
  details: Record<string, unknown>
  withEmail: boolean
  withPhone: boolean
  withAddress: boolean
  identifiers: Record<string, string>
  registeredById: number | null
  filedAt: number
  receivedAt: number
  emailVerifiedAt: number | null
  identityVerifiedAt: number | null
  identityMethod: IdentityMethod | null
  dueAt: number
  slaDueAt: number
  extensionMonths: number
  pausedAt: number | null
  pauseReason: 'identity' | 'clarification' | null
  pausedDays: number
  assigneeId: number | null
  lastActivityAt: number
  closedAt: number | null
  messages: PlannedMessage[]
  events: PlannedEvent[]
  emails: PlannedEmail[]
  collected: PlannedCollected[]
}

const CHANNEL_TABLE = weighted<Channel>([
  ['web', 72],
  ['email', 10],
  ['phone', 8],
  ['letter', 6],
  ['in_person', 4],
])
const TYPE_TABLE = weighted<RequestType>([
  ['access', 40],
  ['erasure', 22],
  ['objection', 14],
  ['rectification', 10],
  ['portability', 6],
  ['restriction', 4],
  ['automated_decision', 4],
])
const CLOSED_TABLE = weighted<[RequestStatus, Outcome]>([
  [['completed', 'granted'], 42],
  [['completed', 'partly_granted'], 15],
  [['completed', 'no_data'], 19],
  [['refused', 'refused'], 7],
  [['withdrawn', 'withdrawn'], 17],
])

export const TEXTS: Record<Language, { question: string[]; reply: string[]; note: string[]; answer: string[]; extension: string; words: string[]; wrong: string; correct: string; why: string; what: string; situation: string; decision: string }> = {
  da: {
    question: ['Vi skal bruge en kopi af dit medlemsnummer for at finde dine oplysninger.', 'Kan du uddybe, hvilke oplysninger din anmodning drejer sig om?', 'Hvilken periode drejer din henvendelse sig om?'],
    reply: ['Mit medlemsnummer står i mailen. Venlig hilsen', 'Det drejer sig om mine opkald i 2024.', 'Jeg mener alle oplysninger, I har om mig.'],
    note: ['Ringet til personen, aftalt svar i næste uge.', 'Tjekket i CRM: ingen aktive sager.', 'Afventer svar fra IT om logfiler.'],
    answer: ['Vi har gennemgået dine oplysninger og vedlægger en kopi.', 'Dine oplysninger er nu slettet i alle vores systemer.', 'Vi har rettet din adresse som ønsket.'],
    extension: 'Din anmodning omfatter mange systemer, og vi forlænger derfor fristen.',
    words: ['Personen ringede og bad om en kopi af alt om sig.', 'Brev modtaget: ønsker sletning af sine oplysninger.', 'Henvendelse ved skranken om indsigt.'],
    wrong: 'Min adresse er forkert.',
    correct: 'Den rigtige adresse står i min profil.',
    why: 'Jeg er ikke længere medlem.',
    what: 'Alt om mine opkald.',
    situation: 'Jeg ønsker ikke at blive kontaktet på grund af min situation.',
    decision: 'Afslag på medlemskab foretaget automatisk.',
  },
  no: {
    question: ['Vi trenger kundenummeret ditt for å finne opplysningene dine.', 'Kan du utdype hvilke opplysninger forespørselen gjelder?', 'Hvilken periode gjelder henvendelsen?'],
    reply: ['Kundenummeret mitt står i e-posten. Hilsen', 'Det gjelder besøkene våre i fjor.', 'Jeg mener alle opplysninger dere har om meg.'],
    note: ['Ringte personen, avtalt svar neste uke.', 'Sjekket journalsystemet: ingen åpne saker.', 'Venter på svar fra IT om logger.'],
    answer: ['Vi har gått gjennom opplysningene dine og legger ved en kopi.', 'Opplysningene dine er nå slettet i alle systemene våre.', 'Vi har rettet adressen din som ønsket.'],
    extension: 'Forespørselen din gjelder mange systemer, og vi forlenger derfor fristen.',
    words: ['Personen ringte og ba om en kopi av alt om seg.', 'Brev mottatt: ønsker sletting av opplysningene sine.', 'Henvendelse i resepsjonen om innsyn.'],
    wrong: 'Adressen min er feil.',
    correct: 'Riktig adresse står i profilen min.',
    why: 'Jeg er ikke lenger kunde.',
    what: 'Alt om dyret mitt.',
    situation: 'Jeg ønsker ikke å bli kontaktet på grunn av min situasjon.',
    decision: 'Avslag på søknad gjort automatisk.',
  },
  fi: {
    question: ['Tarvitsemme asiakasnumerosi löytääksemme tietosi.', 'Voitko tarkentaa, mitä tietoja pyyntösi koskee?', 'Mitä ajanjaksoa yhteydenottosi koskee?'],
    reply: ['Asiakasnumeroni on sähköpostissa. Terveisin', 'Kyse on viime vuoden keskusteluista.', 'Tarkoitan kaikkia tietoja, joita teillä on minusta.'],
    note: ['Soitettu henkilölle, vastaus sovittu ensi viikolle.', 'Tarkistettu järjestelmästä: ei avoimia asioita.', 'Odotetaan IT:n vastausta lokeista.'],
    answer: ['Olemme käyneet tietosi läpi ja liitämme kopion.', 'Tietosi on nyt poistettu kaikista järjestelmistämme.', 'Olemme korjanneet osoitteesi pyynnöstäsi.'],
    extension: 'Pyyntösi koskee useita järjestelmiä, joten pidennämme määräaikaa.',
    words: ['Henkilö soitti ja pyysi kopion kaikista tiedoistaan.', 'Kirje vastaanotettu: pyytää tietojensa poistamista.', 'Käynti asiakaspalvelussa tietojen tarkastamiseksi.'],
    wrong: 'Osoitteeni on väärin.',
    correct: 'Oikea osoite on profiilissani.',
    why: 'En ole enää asiakas.',
    what: 'Kaikki keskusteluni.',
    situation: 'En halua yhteydenottoja tilanteeni vuoksi.',
    decision: 'Hakemus hylättiin automaattisesti.',
  },
  en: {
    question: ['We need your customer number to find your data.', 'Could you say which data your request is about?', 'Which period is your request about?'],
    reply: ['My customer number is in the email. Regards', 'It is about my calls last year.', 'I mean all the data you hold about me.'],
    note: ['Called the person, agreed to answer next week.', 'Checked the CRM: no open cases.', 'Waiting for IT about the logs.'],
    answer: ['We went through your data and attach a copy.', 'Your data is now erased from all our systems.', 'We corrected your address as you asked.'],
    extension: 'Your request covers many systems, so we extend the deadline.',
    words: ['The person called and asked for a copy of everything about them.', 'Letter received: asks for erasure of their data.', 'Visit at the front desk asking for access.'],
    wrong: 'My address is wrong.',
    correct: 'The right address is in my profile.',
    why: 'I am no longer a customer.',
    what: 'Everything about my calls.',
    situation: 'I do not want to be contacted because of my situation.',
    decision: 'My application was refused automatically.',
  },
}

const PARTLY_GROUNDS: Record<RequestType, string> = {
  access: 'others_rights',
  portability: 'not_provided',
  erasure: 'legal_claims',
  restriction: 'no_restriction_condition',
  objection: 'legal_claims',
  rectification: 'accurate',
  automated_decision: 'not_solely_automated',
}

/** The grounds above as an email names them (the portal's label with the article cited). */
export const GROUND_LABELS: Record<string, string> = {
  manifestly_unfounded: 'Manifestly unfounded (Art. 12(5)(b))',
  excessive: 'Excessive (Art. 12(5)(b))',
  cannot_identify: 'We cannot identify you (Art. 12(2), 12(6))',
  others_rights: "Others' rights and freedoms (Art. 15(4))",
  not_provided: 'Not provided by you (Art. 20(1))',
  legal_claims: 'Legal claims (Art. 17(3)(e))',
  no_restriction_condition: 'No condition for restriction (Art. 18(1))',
  accurate: 'The data is accurate (Art. 16)',
  not_solely_automated: 'Not solely automated (Art. 22(1))',
}

function details(random: Random, type: RequestType, t: (typeof TEXTS)[Language]): Record<string, unknown> {
  switch (type) {
    case 'access':
    case 'portability':
      return random.chance(0.8) ? { type, scope: 'all' } : { type, scope: 'specific', specific: t.what }
    case 'rectification':
      return { type, wrong: t.wrong, correct: t.correct }
    case 'erasure':
    case 'restriction':
      return { type, what: t.what, why: t.why }
    case 'objection': {
      const ground = random.pick(['direct_marketing', 'direct_marketing', 'profiling', 'particular_situation'] as const)
      return ground === 'particular_situation' ? { type, ground, situation: t.situation } : { type, ground }
    }
    case 'automated_decision':
      return { type, decision: t.decision, ask: random.pick(['human_intervention', 'contest', 'not_subject'] as const) }
  }
}

/** datesFromReceipt depends only on the local date of receipt: cached per organisation kind and day. */
const dateCache = new Map<string, { dueAt: number; slaDueAt: number }>()
function dates(org: BenchOrg, receivedAt: number, extensionMonths: number, pausedDays: number) {
  const key = `${org.country}|${org.timeZone}|${org.slaDays}|${Math.floor(receivedAt / DAY)}|${extensionMonths}|${pausedDays}`
  let hit = dateCache.get(key)
  if (!hit) {
    const d = datesFromReceipt(new Date(receivedAt), org, { extensionMonths, pausedDays })
    hit = { dueAt: d.dueAt.getTime(), slaDueAt: d.slaDueAt.getTime() }
    if (dateCache.size > 200_000) dateCache.clear()
    dateCache.set(key, hit)
  }
  return hit
}

const iso = (ms: number) => new Date(ms).toISOString()

/**
 * Plans one request received (or filed) at `t0`, as seen at `now`. Receipt
 * times are between 06:00 and 20:00 UTC, so the local date in the Nordic
 * time zones is the UTC date (which the date cache relies on).
 */
export function planRequest(random: Random, org: BenchOrg, t0: number, now: number): PlannedRequest {
  const channel = random.weighted(CHANNEL_TABLE)
  const type = random.weighted(TYPE_TABLE)
  const language: Language = random.chance(0.85) ? org.languages[0]! : random.chance(0.5) ? 'en' : random.pick(org.languages)
  const text = TEXTS[language]
  const officer = () => random.pick(org.officers)
  const messages: PlannedMessage[] = []
  const events: PlannedEvent[] = []
  const emails: PlannedEmail[] = []
  const collected: PlannedCollected[] = []
  const message = (m: Omit<PlannedMessage, 'ref'>) => {
    messages.push({ ...m, ref: messages.length })
    return messages.length - 1
  }
  const web = channel === 'web'
  const withEmail = web || channel === 'email' || random.chance(channel === 'letter' ? 0.5 : channel === 'phone' ? 0.8 : 0.7)
  const withPhone = channel === 'phone' || random.chance(0.35)
  const withAddress = channel === 'letter' || channel === 'in_person' || random.chance(0.05)
  const identifiers: Record<string, string> = {}
  for (const id of org.identifiers) if (random.chance(0.3)) identifiers[id.key] = id.type === 'phone' ? '' : `${id.key.slice(0, 2).toUpperCase()}-${random.between(1000, 99999)}`
  for (const key of Object.keys(identifiers)) if (identifiers[key] === '') delete identifiers[key]

  const r: PlannedRequest = {
    type,
    status: 'received',
    outcome: null,
    channel,
    language,
    details: web ? details(random, type, text) : { type, words: random.pick(text.words) },
    withEmail,
    withPhone,
    withAddress,
    identifiers: web ? identifiers : {},
    registeredById: null,
    filedAt: t0,
    receivedAt: t0,
    emailVerifiedAt: null,
    identityVerifiedAt: null,
    identityMethod: null,
    dueAt: 0,
    slaDueAt: 0,
    extensionMonths: 0,
    pausedAt: null,
    pauseReason: null,
    pausedDays: 0,
    assigneeId: null,
    lastActivityAt: t0,
    closedAt: null,
    messages,
    events,
    emails,
    collected,
  }
  const statusLink = () => [{ name: 'link', purpose: 'status_access', requestId: 0, ttlMs: 7 * DAY, path: `/${language}/status/open/{token}` }]
  const toPerson = (at: number, template: string, params: Record<string, unknown>, links: unknown[] = statusLink()) => {
    if (withEmail) emails.push({ at, toKind: 'subject', template, params: { orgName: org.name, timeZone: org.timeZone, ...params }, links })
  }
  const newWork = (at: number) => {
    if (random.chance(0.3)) emails.push({ at, toKind: 'officer', officerId: officer(), template: 'new-work', params: { kind: 'request_confirmed', orgName: org.name }, links: [] })
  }
  const age = now - t0

  // ------------------------------------------------------------ arrival
  if (web) {
    events.push({ at: t0, actorKind: 'subject', actorUserId: null, kind: 'request_filed', data: { channel } })
    emails.push({ at: t0, toKind: 'subject', template: 'confirm-email', params: { orgName: org.name, timeZone: org.timeZone, requestType: type }, links: [{ name: 'link', purpose: 'confirm_email', requestId: 0, ttlMs: 2 * DAY, path: `/${language}/confirm/{token}` }] })
    const provisional = dates(org, t0, 0, 0)
    r.dueAt = provisional.dueAt
    r.slaDueAt = provisional.slaDueAt
    if (age < 14 * DAY && random.chance(0.12)) {
      r.status = 'unverified'
      return r
    }
    if (age >= 14 * DAY && random.chance(0.04)) {
      // Never confirmed: closed as not confirmed when the address was not confirmed in time.
      const at = t0 + 14 * DAY
      r.status = 'withdrawn'
      r.outcome = 'not_confirmed'
      r.closedAt = at
      r.lastActivityAt = at
      events.push({ at, actorKind: 'system', actorUserId: null, kind: 'withdrawn', data: { messageId: null, emailed: false, notConfirmed: true } })
      return r
    }
    const confirmedAt = t0 + random.between(2 * MINUTE, 6 * HOUR)
    r.receivedAt = confirmedAt
    r.emailVerifiedAt = confirmedAt
    const d = dates(org, confirmedAt, 0, 0)
    r.dueAt = d.dueAt
    r.slaDueAt = d.slaDueAt
    events.push({ at: confirmedAt, actorKind: 'subject', actorUserId: null, kind: 'email_confirmed', data: { dueAt: iso(d.dueAt) } })
    toPerson(confirmedAt, 'request-confirmed', { requestType: type, dueAt: iso(d.dueAt) })
    newWork(confirmedAt)
  } else {
    const registrar = officer()
    const backdated = random.chance(0.03)
    // Registered later than received, but never after `now` (a backdated registration needs its reason only when it is more than a day late).
    const registeredAt = Math.min(now - MINUTE, t0 + (backdated ? random.between(2 * DAY, 5 * DAY) : random.between(5 * MINUTE, 20 * HOUR)))
    r.registeredById = registrar
    r.filedAt = t0
    r.receivedAt = t0
    const d = dates(org, t0, 0, 0)
    r.dueAt = d.dueAt
    r.slaDueAt = d.slaDueAt
    if (withEmail) r.emailVerifiedAt = registeredAt
    const reason = backdated && registeredAt - t0 > DAY ? message({ authorKind: 'officer', authorUserId: registrar, audience: 'internal', purpose: 'backdate_reason', body: random.pick(text.note), at: registeredAt }) : null
    events.push({
      at: registeredAt,
      actorKind: 'officer',
      actorUserId: registrar,
      kind: 'request_registered',
      data: { channel, receivedAt: iso(t0), registeredAt: iso(registeredAt), dueAt: iso(d.dueAt), reasonMessageId: null },
      messageRefs: reason === null ? [] : [['reasonMessageId', reason]],
    })
    if (channel !== 'email' && random.chance(0.5)) {
      const method = org.identityMethods.includes('in_person') && channel === 'in_person' ? 'in_person' : random.pick(org.identityMethods)
      r.identityVerifiedAt = registeredAt
      r.identityMethod = method
      events.push({ at: registeredAt, actorKind: 'officer', actorUserId: registrar, kind: 'identity_verified', data: { method } })
    }
    if (withEmail) toPerson(registeredAt, 'request-confirmed', { requestType: type, dueAt: iso(d.dueAt) })
    else events.push({ at: registeredAt, actorKind: 'officer', actorUserId: registrar, kind: 'status_code_issued', data: { expiresAt: iso(registeredAt + 120 * DAY) } })
  }

  // ------------------------------------------------------------ where it is now
  const received = r.receivedAt
  const since = now - received
  const openShare = since < 45 * DAY ? 0.85 : since < 120 * DAY ? 0.1 : 0.004
  const open = random.chance(openShare)
  let end: number
  let closing: [RequestStatus, Outcome] | null = null
  if (open) {
    end = received + Math.max(MINUTE, (now - received) * (0.3 + 0.7 * random.next()) - random.next() * HOUR)
    end = Math.min(end, now - MINUTE)
  } else {
    closing = random.weighted(CLOSED_TABLE)
    // Days to answer: mostly within the month, some late.
    const days = random.chance(0.06) ? random.between(31, 75) : Math.max(0.2, Math.min(30, -Math.log(1 - random.next()) * 9))
    end = Math.min(received + days * DAY, now - HOUR)
  }
  const span = Math.max(MINUTE, end - received)
  let cursor = received + random.next() * span * 0.1
  const step = (share: number) => {
    cursor = Math.min(end, cursor + Math.max(1000, random.next() * span * share))
    return Math.round(cursor)
  }
  const lastArrival = events[events.length - 1]!.at
  if (cursor < lastArrival) cursor = lastArrival + 1000

  // An open request still waiting for an officer stops here.
  const waiting = open && (since < 3 * DAY ? random.chance(0.6) : random.chance(0.18))
  if (waiting) {
    r.status = 'received'
    r.lastActivityAt = lastArrival
    return r
  }

  // ------------------------------------------------------------ an officer takes it
  const assignee = officer()
  r.assigneeId = assignee
  events.push({ at: step(0.1), actorKind: 'officer', actorUserId: assignee, kind: 'assigned', data: { assigneeId: assignee, previousAssigneeId: null, reason: random.chance(0.7) ? 'taken' : 'assigned' } })
  r.status = 'in_progress'
  if (random.chance(0.06)) {
    const at = step(0.1)
    const note = message({ authorKind: 'officer', authorUserId: assignee, audience: 'internal', purpose: 'note', body: random.pick(text.note), at })
    events.push({ at, actorKind: 'officer', actorUserId: assignee, kind: 'note_added', data: { messageId: 0 }, messageRefs: [['messageId', note]] })
  }
  if (web && !r.identityVerifiedAt && random.chance(0.22)) {
    const at = step(0.2)
    r.identityVerifiedAt = at
    r.identityMethod = random.pick(org.identityMethods)
    events.push({ at, actorKind: 'officer', actorUserId: assignee, kind: 'identity_verified', data: { method: r.identityMethod } })
  }
  // Asking the person something, maybe with the clock paused.
  const asks = random.chance(0.17)
  let endsAwaiting = open && random.chance(0.3)
  if (asks || endsAwaiting) {
    // A question left unanswered keeps an open request waiting for the person; a closed one had its answer.
    if (open && !random.chance(0.85)) endsAwaiting = true
    const topic = random.pick(['identity', 'clarification', 'clarification', 'other'] as const)
    const at = step(0.2)
    const q = message({ authorKind: 'officer', authorUserId: assignee, audience: 'subject', purpose: 'question', body: random.pick(text.question), at })
    events.push({ at, actorKind: 'officer', actorUserId: assignee, kind: 'information_requested', data: { messageId: 0, topic }, messageRefs: [['messageId', q]] })
    const pauses = org.pauseClockOnInfoRequest && topic !== 'other' && !(topic === 'identity' && r.identityVerifiedAt) && at <= r.dueAt
    toPerson(at, 'new-message', { asksForInformation: true, clockPaused: pauses })
    if (pauses) {
      events.push({ at, actorKind: 'officer', actorUserId: assignee, kind: 'clock_paused', data: { reason: topic } })
    }
    r.status = 'awaiting_subject'
    if (endsAwaiting) {
      if (pauses) {
        r.pausedAt = at
        r.pauseReason = topic as 'identity' | 'clarification'
      }
      r.lastActivityAt = at
      return r
    }
    {
      const replyAt = step(0.3)
      const reply = message({ authorKind: 'subject', authorUserId: null, audience: 'subject', purpose: 'reply', body: random.pick(text.reply), at: replyAt })
      events.push({ at: replyAt, actorKind: 'subject', actorUserId: null, kind: 'subject_replied', data: { messageId: 0 }, messageRefs: [['messageId', reply]] })
      events.push({ at: replyAt, actorKind: 'subject', actorUserId: null, kind: 'information_received', data: { messageId: 0 }, messageRefs: [['messageId', reply]] })
      if (pauses) {
        const days = Math.max(0, Math.floor(replyAt / DAY) - Math.floor(at / DAY))
        r.pausedDays = days
        const d = dates(org, received, 0, days)
        r.dueAt = d.dueAt
        r.slaDueAt = d.slaDueAt
        events.push({ at: replyAt, actorKind: 'system', actorUserId: null, kind: 'clock_resumed', data: { pausedAt: iso(at), days, dueAt: iso(d.dueAt) } })
        toPerson(replyAt, 'clock-resumed', { dueAt: iso(d.dueAt) })
      }
      r.status = 'in_progress'
    }
  }
  if (random.chance(0.03) && cursor < r.dueAt) {
    const months = random.chance(0.8) ? 1 : 2
    const at = step(0.2)
    const previousDueAt = r.dueAt
    const why = message({ authorKind: 'officer', authorUserId: assignee, audience: 'subject', purpose: 'extension_reason', body: text.extension, at })
    r.extensionMonths = months
    const d = dates(org, received, months, r.pausedDays)
    r.dueAt = d.dueAt
    r.slaDueAt = d.slaDueAt
    events.push({ at, actorKind: 'officer', actorUserId: assignee, kind: 'extended', data: { months, previousDueAt: iso(previousDueAt), dueAt: iso(d.dueAt), messageId: 0 }, messageRefs: [['messageId', why]] })
    toPerson(at, 'extended', { months, reason: text.extension, dueAt: iso(d.dueAt) })
  }
  // Data collected for an access or portability answer, now and then.
  if ((type === 'access' || type === 'portability') && random.chance(open ? 0.05 : 0.004) && org.categories.length) {
    const category = random.pick(org.categories)
    const at = step(0.2)
    const n = random.between(2, 25)
    const rows = Array.from({ length: n }, (_, i) => Object.fromEntries(category.fields.map((f) => [f, /_(at|on)$/.test(f) ? iso(received - random.between(1, 900) * DAY).slice(0, 10) : `${f.replace(/_/g, ' ')} ${i + 1}`])))
    collected.push({ category: category.key, rows, at, by: assignee })
    events.push({ at, actorKind: 'officer', actorUserId: assignee, kind: 'data_collected', data: { collectedId: 0, category: category.key, source: 'upload', rows: n } })
  }
  if (open) {
    r.lastActivityAt = events[events.length - 1]!.at
    return r
  }

  // ------------------------------------------------------------ closed
  const [status, outcome] = closing!
  const at = Math.max(Math.round(end), events[events.length - 1]!.at + 1000)
  r.status = status
  r.outcome = outcome
  r.closedAt = at
  r.lastActivityAt = at
  if (status === 'withdrawn') {
    const note = random.chance(0.3) ? message({ authorKind: 'subject', authorUserId: null, audience: 'subject', purpose: 'withdrawal_note', body: random.pick(text.reply), at }) : null
    events.push({ at, actorKind: 'subject', actorUserId: null, kind: 'withdrawn', data: { messageId: null, emailed: withEmail }, messageRefs: note === null ? [] : [['messageId', note]] })
    toPerson(at, 'withdrawn', {})
    return r
  }
  const grounds = outcome === 'refused' ? [random.pick(['manifestly_unfounded', 'cannot_identify', 'excessive'])] : outcome === 'partly_granted' ? [PARTLY_GROUNDS[type]] : []
  const letter = random.chance(0.25) ? message({ authorKind: 'officer', authorUserId: assignee, audience: 'subject', purpose: status === 'refused' ? 'refusal_reason' : 'answer', body: random.pick(text.answer), at }) : null
  events.push({ at, actorKind: 'officer', actorUserId: assignee, kind: 'answered', data: { outcome, grounds, messageId: null, documents: 0 }, messageRefs: letter === null ? [] : [['messageId', letter]] })
  // As the portal does: a refusal or a partial grant is told with its grounds, any other answer as ready.
  const authority = { authorityName: org.authority.name[language] ?? Object.values(org.authority.name)[0] ?? '', complaintUrl: org.authority.complaintUrl }
  if (outcome === 'refused' || outcome === 'partly_granted') toPerson(at, 'refused', { grounds: grounds.map((g) => GROUND_LABELS[g] ?? g), ...authority, partly: outcome === 'partly_granted', hasDocuments: false })
  else toPerson(at, 'answer-ready', { hasDocuments: false, ...authority })
  if (status === 'completed' && withEmail && random.chance(0.25)) {
    const linkAt = Math.min(now - MINUTE, at + random.between(10 * MINUTE, 3 * DAY))
    events.push({ at: linkAt, actorKind: 'subject', actorUserId: null, kind: 'download_link_sent', data: {} })
    emails.push({ at: linkAt, toKind: 'subject', template: 'download-link', params: { orgName: org.name, timeZone: org.timeZone }, links: [{ name: 'link', purpose: 'answer_download', requestId: 0, ttlMs: 30 * DAY, path: `/${language}/status/download/{token}` }] })
    r.lastActivityAt = linkAt
  }
  return r
}
