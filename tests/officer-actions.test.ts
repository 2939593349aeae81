import { and, asc, desc, eq, sql } from 'drizzle-orm'
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { I18nextProvider } from 'react-i18next'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { getDb, type DB } from '#db/client.server'
import { events, messages, organisations, requests, requestTerms, type Organisation, type Request } from '#db/schema'
import { DueTag } from '~/components/due-tag'
import { COMMON_TERM, getRequestForOrg, queuePage, queueSql, statusCounts, type QueueFilters } from '~/data/officer-requests.server'
import { parseQueueFilters } from '~/data/queue-filters'
import { legalDeadlineWith, localDate, slaDeadline, urgency } from '~/domain/deadlines'
import { acceptCollected, AnswerInvalidError, discardCollected, prepareAnswer, sendAnswer, stageUpload } from '~/domain/answers.server'
import { decodeEvent } from '~/domain/events'
import { officerTimeline } from '~/domain/timeline'
import { localize, type Language } from '~/domain/languages'
import { TransitionError } from '~/domain/lifecycle'
import {
  ActionRefusedError,
  addNote,
  confirmEmail,
  resendConfirmation,
  askForInformation,
  assignRequest,
  assignRequests,
  extendRequest,
  informationReceived,
  openStatusLink,
  overrideIdentity,
  REPLY_LIMIT,
  replyFromSubject,
  RequestNotFoundError,
  sendMessage,
  verifyIdentity,
  withdrawRequest,
  closeUnconfirmed,
} from '~/domain/requests.server'
import { fixedT, getI18n } from '~/i18n/i18n'
import { advanceClock, now, resetClock, setClock } from '~/utils/clock'
import { keyedHash } from '~/utils/crypto.server'
import { deliverAll, linkIn, tokenOf, type Delivered } from './support/mail'
import { createOfficer } from './support/officers'
import { loadDemoOrganisations, newRequest as fileAndConfirm, reloadRequest } from './support/requests'

// Every officer action against a real database, the real outbox and the
// real email rendering: what it changes, the events it records (facts only),
// the texts it keeps apart, and the email it sends in the person's language.

const DAY = 86_400_000
// A Tuesday: a month later (10 March 2026) is a working day in all three countries.
const START = '2026-02-10T09:00:00Z'

let db: DB
let dk: Organisation // pauses its clock while waiting for the person
let fi: Organisation
let other: Organisation
let officer: { id: number; role: 'officer' }
let colleague: { id: number }
let outsider: { id: number }

beforeAll(() => {
  db = getDb()
  const orgs = loadDemoOrganisations(db)
  dk = orgs['dyrevaernsringen']!
  fi = orgs['aivokipina']!
  other = orgs['lygtebaererne']!
  expect(dk.pauseClockOnInfoRequest).toBe(true)
  expect(fi.pauseClockOnInfoRequest).toBe(false)
  officer = createOfficer(db, { orgId: dk.id }) as { id: number; role: 'officer' }
  colleague = createOfficer(db, { orgId: dk.id, name: 'Kollega' })
  outsider = createOfficer(db, { orgId: other.id })
})

beforeEach(() => setClock(START))
afterAll(() => resetClock())

async function newRequest(org: Organisation, language: Language, opts: { confirm?: boolean; name?: string; email?: string } = {}): Promise<Request> {
  return (await fileAndConfirm(db, org, { language, ...opts })).request
}

const reload = (r: Request) => reloadRequest(db, r)
const eventsOf = (r: Request) => db.select().from(events).where(eq(events.requestId, r.id)).orderBy(asc(events.id)).all()
const lastEvent = (r: Request) => db.select().from(events).where(eq(events.requestId, r.id)).orderBy(desc(events.id)).limit(1).get()!
const act = (org: Organisation, r: Request) => ({ orgId: org.id, requestId: r.id, officerId: officer.id })
const sent = async (r: Request, template: string): Promise<Delivered | undefined> => (await deliverAll(db)).filter((m) => m.requestId === r.id && m.template === template).at(-1)

describe('assignment, taking a request, notes', () => {
  test('assigns to an officer of the organisation, records the fact, tells the new assignee', async () => {
    const r = await newRequest(dk, 'da')
    const done = assignRequest(db, { ...act(dk, r), assigneeId: colleague.id })
    expect(done.request.assigneeId).toBe(colleague.id)
    expect(lastEvent(r)).toMatchObject({ kind: 'assigned', actorKind: 'officer', actorUserId: officer.id, data: { assigneeId: colleague.id, previousAssigneeId: null, reason: 'assigned' } })
    const notice = await sent(r, 'new-work')
    expect(notice?.to_).toContain('@test.example')
    expect(notice?.text).toContain(r.reference)
    assignRequest(db, { ...act(dk, r), assigneeId: null })
    expect(reload(r).assigneeId).toBeNull()
  })

  test('refuses an assignee from another organisation', async () => {
    const r = await newRequest(dk, 'da')
    expect(() => assignRequest(db, { ...act(dk, r), assigneeId: outsider.id })).toThrow(ActionRefusedError)
    expect(reload(r).assigneeId).toBeNull()
  })

  test('bulk assignment is all or none: another organisation’s id is "not found"', async () => {
    const mine = [await newRequest(dk, 'da'), await newRequest(dk, 'en')]
    const theirs = await newRequest(other, 'da')
    expect(() => assignRequests(db, { orgId: dk.id, officerId: officer.id, requestIds: [...mine.map((r) => r.id), theirs.id], assigneeId: officer.id })).toThrow(RequestNotFoundError)
    for (const r of mine) expect(reload(r).assigneeId).toBeNull()
    expect(assignRequests(db, { orgId: dk.id, officerId: officer.id, requestIds: mine.map((r) => r.id), assigneeId: officer.id })).toBe(2)
    expect(reload(theirs).assigneeId).toBeNull()
  })

  test('acting on an unassigned request gives it to the officer who acts, and says so', async () => {
    const r = await newRequest(dk, 'da')
    const done = sendMessage(db, { ...act(dk, r), message: 'Vi er i gang' })
    expect(done.taken).toBe(true)
    expect(done.request.assigneeId).toBe(officer.id)
    expect(eventsOf(r).find((e) => e.kind === 'assigned')).toMatchObject({ actorUserId: officer.id, data: { assigneeId: officer.id, reason: 'taken' } })
    // Assigned already: nobody else takes it by acting.
    expect(sendMessage(db, { ...act(dk, r), officerId: colleague.id, message: 'Også mig' }).taken).toBe(false)
    expect(reload(r).assigneeId).toBe(officer.id)
  })

  test('a note is a message for officers only; its event holds the message id, not the text', async () => {
    const r = await newRequest(dk, 'da')
    addNote(db, { ...act(dk, r), body: 'Ringede til kunden' })
    const event = lastEvent(r)
    expect(event.kind).toBe('note_added')
    expect(JSON.stringify(event.data)).not.toContain('Ringede')
    const note = db.select().from(messages).where(eq(messages.id, Number(event.data.messageId))).get()!
    expect(note).toMatchObject({ audience: 'internal', purpose: 'note', body: 'Ringede til kunden', authorUserId: officer.id })
  })

  test('a note with only spaces or control characters is refused by the domain itself', async () => {
    const r = await newRequest(dk, 'da')
    expect(() => addNote(db, { ...act(dk, r), body: ' \u0000\u200b ' })).toThrow()
    expect(eventsOf(r).some((e) => e.kind === 'note_added')).toBe(false)
  })
})

describe('asking the person, pausing the clock, and their reply', () => {
  test('without a pause (the organisation does not pause): the message waits in the portal, the email carries only a link', async () => {
    const r = await newRequest(fi, 'fi')
    const done = askForInformation(db, { ...act(fi, r), topic: 'identity', message: 'Salainen viesti: asiakasnumerosi?' })
    expect(done).toMatchObject({ paused: false, request: { status: 'awaiting_subject', pausedAt: null } })
    expect(lastEvent(r)).toMatchObject({ kind: 'information_requested', data: { topic: 'identity' } })
    const mail = (await sent(r, 'new-message'))!
    expect(mail.to_).toBe(r.subjectEmail)
    expect(mail.subject).toContain('Uusi viesti')
    expect(mail.text).not.toContain('Salainen')
    expect(mail.text).not.toContain('Karen')
    // One click opens the status page: a fresh single-use link.
    const token = tokenOf(linkIn(mail, 'http://portal.test/fi/status/open/'))
    expect(openStatusLink(db, token)).toMatchObject({ ok: true })
    expect(openStatusLink(db, token)).toEqual({ ok: false, reason: 'used' })
  })

  test('for proof of identity the clock pauses; the person is told so, and told the new date when they answer', async () => {
    const r = await newRequest(dk, 'da')
    const done = askForInformation(db, { ...act(dk, r), topic: 'identity', message: 'Vis legitimation' })
    expect(done.paused).toBe(true)
    expect(reload(r)).toMatchObject({ pausedAt: new Date(START), pauseReason: 'identity' })
    const ask = (await sent(r, 'new-message'))!
    expect(ask.text).toContain(fixedT('da', 'officer')('emails.message.clockPaused', { org: dk.name }))
    advanceClock(5 * DAY)
    const replied = replyFromSubject(db, { requestId: r.id, message: 'Her er mit kørekort' })
    expect(replied).toMatchObject({ status: 'in_progress', pausedAt: null, pausedDays: 5 })
    expect(replied.dueAt.getTime()).toBe(legalDeadlineWith(r.receivedAt, dk, { months: 1, pausedDays: 5 }).getTime())
    expect(replied.slaDueAt.getTime()).toBe(slaDeadline(r.receivedAt, dk, dk.slaDays + 5).getTime())
    expect(eventsOf(r).find((e) => e.kind === 'clock_resumed')?.data).toMatchObject({ pausedAt: new Date(START).toISOString(), days: 5, dueAt: replied.dueAt.toISOString() })
    const told = (await sent(r, 'clock-resumed'))!
    expect(told.text).toContain(new Intl.DateTimeFormat('da', { dateStyle: 'long', timeZone: dk.timeZone }).format(replied.dueAt))
  })

  test('an ordinary question never pauses the clock, even where the organisation pauses', async () => {
    const r = await newRequest(dk, 'da')
    expect(askForInformation(db, { ...act(dk, r), topic: 'other', message: 'Hvornår passer det?' }).paused).toBe(false)
    expect(reload(r).pausedAt).toBeNull()
    expect(eventsOf(r).some((e) => e.kind === 'clock_paused')).toBe(false)
    expect((await sent(r, 'new-message'))!.text).not.toContain(fixedT('da', 'officer')('emails.message.clockPaused', { org: dk.name }))
  })

  test('a necessary clarification pauses; a second question while paused starts no second pause', async () => {
    const r = await newRequest(dk, 'da')
    expect(askForInformation(db, { ...act(dk, r), topic: 'clarification', message: 'Hvilke data?' }).paused).toBe(true)
    advanceClock(DAY)
    expect(askForInformation(db, { ...act(dk, r), topic: 'identity', message: 'Og legitimation?' }).paused).toBe(false)
    expect(eventsOf(r).filter((e) => e.kind === 'clock_paused')).toHaveLength(1)
    expect(reload(r).pausedAt?.getTime()).toBe(new Date(START).getTime())
  })

  test('no pause once the legal deadline has passed', async () => {
    const r = await newRequest(dk, 'da')
    setClock(r.dueAt.getTime() + DAY)
    expect(askForInformation(db, { ...act(dk, r), topic: 'identity', message: 'Legitimation?' }).paused).toBe(false)
    expect(reload(r).pausedAt).toBeNull()
  })

  test('no identity pause once the identity is verified', async () => {
    const r = await newRequest(dk, 'da')
    verifyIdentity(db, { ...act(dk, r), method: 'bank_id' })
    expect(askForInformation(db, { ...act(dk, r), topic: 'identity', message: 'Igen?' }).paused).toBe(false)
  })

  test('the person’s reply is a message; officers are told there is one, never its text', async () => {
    const r = await newRequest(dk, 'da')
    askForInformation(db, { ...act(dk, r), topic: 'clarification', message: 'Hvilket medlemsnummer?' })
    await deliverAll(db)
    replyFromSubject(db, { requestId: r.id, message: 'Nummer 4711, mit navn er Karen' })
    const event = lastEvent(r)
    expect(event.kind === 'subject_replied' || event.kind === 'clock_resumed').toBe(true)
    const reply = db.select().from(messages).where(and(eq(messages.requestId, r.id), eq(messages.purpose, 'reply'))).get()!
    expect(reply).toMatchObject({ authorKind: 'subject', audience: 'subject', body: 'Nummer 4711, mit navn er Karen' })
    const notices = (await deliverAll(db)).filter((m) => m.template === 'new-work' && m.requestId === r.id)
    expect(notices.length).toBeGreaterThan(0)
    for (const n of notices) {
      expect(n.text).toContain(`/officer/requests/${r.id}`)
      expect(n.text).not.toContain('4711')
      expect(n.text).not.toContain('Karen')
      expect(n.text).not.toContain(r.subjectEmail)
    }
  })

  test('a plain message: status and clock unchanged', async () => {
    const r = await newRequest(dk, 'da')
    sendMessage(db, { ...act(dk, r), message: 'Vi er i gang, Karen' })
    expect(reload(r)).toMatchObject({ status: 'in_progress', pausedAt: null, dueAt: r.dueAt })
    const mail = (await sent(r, 'new-message'))!
    expect(mail.subject).toContain('Ny besked')
    expect(mail.text).not.toContain('Karen')
  })

  test('the person may write while the request is open, but not once it is closed', async () => {
    const r = await newRequest(fi, 'fi')
    expect(replyFromSubject(db, { requestId: r.id, message: 'Lisätietoa' }).status).toBe('received')
    withdrawRequest(db, { ...act(fi, r), note: 'Peruttu' })
    expect(() => replyFromSubject(db, { requestId: r.id, message: 'Vielä' })).toThrow(TransitionError)
  })
})

describe('identity', () => {
  test('records how identity was verified, and ends a pause for identity', async () => {
    const r = await newRequest(dk, 'da')
    askForInformation(db, { ...act(dk, r), topic: 'identity', message: 'Vis legitimation' })
    advanceClock(2 * DAY)
    const { request } = verifyIdentity(db, { ...act(dk, r), method: 'in_person' })
    expect(request).toMatchObject({ status: 'awaiting_subject', identityMethod: 'in_person', pausedAt: null })
    expect(request.identityVerifiedAt?.getTime()).toBe(new Date(START).getTime() + 2 * DAY)
    expect(request.dueAt.getTime()).toBe(legalDeadlineWith(r.receivedAt, dk, { months: 1, pausedDays: 2 }).getTime())
  })

  test('an answer with personal data waits for a verified identity, or a recorded override', async () => {
    const r = await newRequest(dk, 'da')
    prepareAnswer(db, { ...act(dk, r), outcome: 'no_data' })
    await expect(sendAnswer(db, act(dk, r))).rejects.toThrow(ActionRefusedError)
    overrideIdentity(db, { ...act(dk, r), reason: 'Kendt adresse fra medlemssystemet' })
    const override = db.select().from(messages).where(and(eq(messages.requestId, r.id), eq(messages.purpose, 'override_reason'))).get()!
    expect(override).toMatchObject({ audience: 'internal', body: 'Kendt adresse fra medlemssystemet' })
    expect((await sendAnswer(db, act(dk, r))).request.status).toBe('completed')
  })

  test('an override needs a reason, checked by the domain itself', async () => {
    const r = await newRequest(dk, 'da')
    expect(() => overrideIdentity(db, { ...act(dk, r), reason: '   ' })).toThrow()
    expect(reload(r).identityOverriddenAt).toBeNull()
  })
})

describe('extension', () => {
  test('within the first month: counted from receipt, the reason emailed in the request’s language', async () => {
    const r = await newRequest(fi, 'fi')
    advanceClock(20 * DAY)
    const { request } = extendRequest(db, { ...act(fi, r), months: 2, reason: 'Pyyntöjä on poikkeuksellisen paljon' })
    expect(request.extensionMonths).toBe(2)
    expect(request.dueAt.getTime()).toBe(legalDeadlineWith(r.receivedAt, fi, { months: 3, pausedDays: 0 }).getTime())
    expect(request.slaDueAt.getTime()).toBeGreaterThan(r.slaDueAt.getTime())
    const event = lastEvent(r)
    expect(event).toMatchObject({ kind: 'extended', data: { months: 2 } })
    expect(JSON.stringify(event.data)).not.toContain('poikkeuksellisen')
    const mail = (await sent(r, 'extended'))!
    expect(mail.text).toContain('Pyyntöjä on poikkeuksellisen paljon')
    expect(mail.text).toContain('12 artiklan 3 kohdan')
  })

  test('only once, by one or two months', async () => {
    const r = await newRequest(dk, 'da')
    extendRequest(db, { ...act(dk, r), months: 1, reason: 'Kompleks' })
    expect(() => extendRequest(db, { ...act(dk, r), months: 1, reason: 'Igen' })).toThrow(ActionRefusedError)
    const s = await newRequest(dk, 'da')
    expect(() => extendRequest(db, { ...act(dk, s), months: 3, reason: 'For lang' })).toThrow()
    expect(reload(s).extensionMonths).toBe(0)
  })

  test('refused once the first month has passed', async () => {
    const r = await newRequest(dk, 'da')
    advanceClock(40 * DAY)
    const attempt = () => extendRequest(db, { ...act(dk, r), months: 1, reason: 'For sent' })
    expect(attempt).toThrow(expect.objectContaining({ code: 'extensionTooLate' }))
    expect(reload(r).extensionMonths).toBe(0)
  })

  test('an extension without a reason is refused by the domain itself', async () => {
    const r = await newRequest(dk, 'da')
    expect(() => extendRequest(db, { ...act(dk, r), months: 1, reason: '' })).toThrow()
  })
})

describe('deadlines are counted from the local receipt, so weekend shifts never add up', () => {
  // Received Thursday 15 January 2026 in Denmark: a month later is Sunday 15 February.
  const dueDate = (r: Request) => localDate(r.dueAt, dk.timeZone)

  test('a weekend deadline, then a two-day pause: 15 Feb + 2 = Tuesday 17 Feb, not 18 Feb', async () => {
    setClock('2026-01-15T09:00:00Z')
    const r = await newRequest(dk, 'da')
    expect(dueDate(r)).toBe('2026-02-16')
    askForInformation(db, { ...act(dk, r), topic: 'clarification', message: '?' })
    advanceClock(2 * DAY)
    expect(dueDate(replyFromSubject(db, { requestId: r.id, message: '!' }))).toBe('2026-02-17')
  })

  test('received late in the evening (local date already the 16th): a pause and an extension count from the local date', async () => {
    // 23:30 UTC on the 15th is 00:30 on Friday the 16th in Copenhagen.
    setClock('2026-01-15T23:30:00Z')
    const r = await newRequest(dk, 'da')
    expect(localDate(r.receivedAt, dk.timeZone)).toBe('2026-01-16')
    expect(dueDate(r)).toBe('2026-02-16')
    askForInformation(db, { ...act(dk, r), topic: 'clarification', message: '?' })
    advanceClock(2 * DAY)
    // 16 Feb + 2 = Wednesday 18 Feb (counted in UTC it would be 15 Feb + 2 = 17 Feb).
    expect(dueDate(replyFromSubject(db, { requestId: r.id, message: '!' }))).toBe('2026-02-18')
    // 16 Mar + 2 = Wednesday 18 Mar (in UTC: 15 Mar + 2 = 17 Mar).
    expect(dueDate(extendRequest(db, { ...act(dk, r), months: 1, reason: 'Kompleks' }).request)).toBe('2026-03-18')
  })

  test('an extension while paused, then the pause ends: 15 Mar + 4 = 19 Mar', async () => {
    setClock('2026-01-15T09:00:00Z')
    const r = await newRequest(dk, 'da')
    askForInformation(db, { ...act(dk, r), topic: 'identity', message: '?' })
    advanceClock(2 * DAY)
    expect(dueDate(extendRequest(db, { ...act(dk, r), months: 1, reason: 'Kompleks' }).request)).toBe('2026-03-16')
    advanceClock(2 * DAY)
    expect(dueDate(informationReceived(db, { ...act(dk, r), note: 'Pr. telefon' }).request)).toBe('2026-03-19')
  })
})

describe('an unconfirmed request has not been received', () => {
  test('its clock starts when the address is confirmed, so a late confirmation is never told a past date', async () => {
    setClock('2026-03-02T09:00:00Z')
    const { request: r } = await fileAndConfirm(db, dk, { confirm: false, email: 'late@example.com' })
    expect(r.status).toBe('unverified')
    // Three weeks later the person asks for a new link, and confirms.
    advanceClock(21 * DAY)
    expect(resendConfirmation(db, 'late@example.com')).toBe(1)
    const link = (await deliverAll(db)).find((m) => m.template === 'confirm-email' && m.requestId === r.id)!
    const confirmed = confirmEmail(db, tokenOf(linkIn(link, 'http')))
    expect(confirmed.ok).toBe(true)
    const received = reload(r)
    expect(received).toMatchObject({ status: 'received', receivedAt: now(), filedAt: r.filedAt })
    expect(localDate(received.dueAt, dk.timeZone)).toBe('2026-04-23')
    const told = (await sent(r, 'request-confirmed'))!
    expect(told.text).toContain('23. april 2026')
  })

  test('officers may note, assign and close it, but not write to the unconfirmed address', async () => {
    const r = await newRequest(dk, 'da', { confirm: false })
    addNote(db, { ...act(dk, r), body: 'Ukendt afsender' })
    assignRequest(db, { ...act(dk, r), assigneeId: officer.id })
    expect(() => askForInformation(db, { ...act(dk, r), topic: 'identity', message: 'x' })).toThrow(TransitionError)
    expect(() => extendRequest(db, { ...act(dk, r), months: 1, reason: 'x' })).toThrow(TransitionError)
    expect(() => sendMessage(db, { ...act(dk, r), message: 'x' })).toThrow(TransitionError)
    expect(() => prepareAnswer(db, { ...act(dk, r), outcome: 'refused', grounds: ['excessive'], reasons: 'x' })).toThrow(TransitionError)
    withdrawRequest(db, { ...act(dk, r), note: 'Aldrig bekræftet' })
    expect(lastEvent(r).data).toMatchObject({ emailed: false })
    expect((await deliverAll(db)).filter((m) => m.requestId === r.id)).toHaveLength(0)
  })

  test('it is closed as "not confirmed", not as withdrawn by the person, with no email; only while unconfirmed', async () => {
    const r = await newRequest(dk, 'da', { confirm: false })
    const { request } = closeUnconfirmed(db, { ...act(dk, r), note: 'Ikke bekræftet efter 30 dage' })
    expect(request).toMatchObject({ status: 'withdrawn', outcome: 'not_confirmed', closed: true })
    expect(lastEvent(r)).toMatchObject({ kind: 'withdrawn', data: { emailed: false, notConfirmed: true } })
    expect((await deliverAll(db)).filter((m) => m.requestId === r.id)).toHaveLength(0)
    // The timeline's heading and the outcome say "not confirmed" in every language.
    const entry = officerTimeline(eventsOf(r), [], new Map(), { date: String, dateTime: String }).at(-1)!
    expect(entry.kind).toBe('closed_unconfirmed')
    expect(fixedT('da', 'officer')(`timeline.${entry.kind}`)).toBe('Afsluttet som ikke bekræftet')
    expect(fixedT('da', 'officer')('outcome.not_confirmed')).toBe('Ikke bekræftet')
    // A received request is closed as withdrawn or answered, never as "not confirmed".
    const received = await newRequest(dk, 'da')
    expect(() => closeUnconfirmed(db, act(dk, received))).toThrow(TransitionError)
  })
})

describe('the person’s replies are rate-limited', () => {
  test(`${REPLY_LIMIT.perRequest} an hour per request, then refused until the hour has passed`, async () => {
    const r = await newRequest(fi, 'fi')
    for (let i = 0; i < REPLY_LIMIT.perRequest; i++) replyFromSubject(db, { requestId: r.id, message: `Viesti ${i}` })
    expect(() => replyFromSubject(db, { requestId: r.id, message: 'Liikaa' })).toThrow(expect.objectContaining({ code: 'replyLimit' }))
    expect(eventsOf(r).filter((e) => e.kind === 'subject_replied')).toHaveLength(REPLY_LIMIT.perRequest)
    advanceClock(REPLY_LIMIT.windowMs + 1)
    expect(replyFromSubject(db, { requestId: r.id, message: 'Taas' }).status).toBe('received')
  })
})

describe('closing', () => {
  test('refusal: grounds recorded as facts, the reasons as a message on the status page, the email names the grounds, the authority and the courts', async () => {
    const r = await newRequest(dk, 'da')
    prepareAnswer(db, { ...act(dk, r), outcome: 'refused', grounds: ['manifestly_unfounded'], reasons: 'Samme anmodning for tiende gang' })
    const { request } = await sendAnswer(db, act(dk, r))
    expect(request).toMatchObject({ status: 'refused', outcome: 'refused', closed: true })
    const event = lastEvent(r)
    expect(event).toMatchObject({ kind: 'answered', data: { outcome: 'refused', grounds: ['manifestly_unfounded'] } })
    expect(JSON.stringify(event.data)).not.toContain('tiende')
    const reasons = db.select().from(messages).where(and(eq(messages.requestId, r.id), eq(messages.purpose, 'refusal_reason'))).get()!
    expect(reasons).toMatchObject({ audience: 'subject', body: 'Samme anmodning for tiende gang' })
    const mail = (await sent(r, 'refused'))!
    expect(mail.text).not.toContain('tiende gang')
    expect(mail.text).toContain(fixedT('da', 'documents')('groundNames.manifestly_unfounded'))
    expect(mail.text).toContain('Datatilsynet')
    expect(mail.text).toContain(dk.profile.authority.complaintUrl)
    expect(mail.text).toContain('domstolene')
  })

  test('a refusal with an empty reason, or without a ground of the right, is refused by the domain itself', async () => {
    const r = await newRequest(dk, 'da')
    expect(() => prepareAnswer(db, { ...act(dk, r), outcome: 'refused', grounds: ['excessive'], reasons: '  ' })).toThrow(AnswerInvalidError)
    expect(() => prepareAnswer(db, { ...act(dk, r), outcome: 'refused', grounds: [], reasons: 'Grund' })).toThrow(AnswerInvalidError)
    // An access request has no ground of erasure.
    expect(() => prepareAnswer(db, { ...act(dk, r), outcome: 'refused', grounds: ['legal_claims'], reasons: 'Grund' })).toThrow(AnswerInvalidError)
    expect(() => prepareAnswer(db, { ...act(dk, r), outcome: 'granted', grounds: ['excessive'] })).toThrow(AnswerInvalidError)
    expect(reload(r).status).toBe('received')
  })

  test('completion: the email is a notice and a link, the answer waits on the status page', async () => {
    const r = await newRequest(fi, 'fi')
    verifyIdentity(db, { orgId: fi.id, requestId: r.id, officerId: officer.id, method: 'bank_id' })
    prepareAnswer(db, { orgId: fi.id, requestId: r.id, officerId: officer.id, outcome: 'granted', reasons: 'Tässä ovat tietosi.' })
    const { request } = await sendAnswer(db, { orgId: fi.id, requestId: r.id, officerId: officer.id })
    expect(request).toMatchObject({ status: 'completed', outcome: 'granted', closed: true })
    const mail = (await sent(r, 'answer-ready'))!
    expect(mail.subject).toContain('Vastaus pyyntöösi')
    expect(mail.text).not.toContain('Tässä ovat tietosi.')
    expect(String(mail.html)).not.toContain('Tässä ovat tietosi.')
    expect(mail.text).toMatch(/http:\/\/portal\.test\/fi\/status\/open\/[A-Za-z0-9_-]+/)
    // A full grant names the supervisory authority and where to complain too (Art. 12(4), 77).
    const authority = fi.profile.authority
    expect(mail.text).toContain(fixedT('fi', 'officer')('emails.completed.complain', { authority: localize(authority.name, 'fi'), complaintUrl: authority.complaintUrl }))
    expect(localize(authority.name, 'fi')).not.toBe('')
  })

  test('closing a paused request resumes the clock first, with the paused days in the event', async () => {
    const r = await newRequest(dk, 'da')
    askForInformation(db, { ...act(dk, r), topic: 'identity', message: '?' })
    advanceClock(3 * DAY)
    const { request } = withdrawRequest(db, { ...act(dk, r), note: 'Trak den tilbage' })
    expect(request).toMatchObject({ status: 'withdrawn', pausedAt: null, pausedDays: 3 })
    expect(eventsOf(r).find((e) => e.kind === 'clock_resumed')).toMatchObject({ actorKind: 'officer', actorUserId: officer.id, data: { days: 3 } })
  })

  test('a closed request allows no further transition but a note', async () => {
    const r = await newRequest(dk, 'da')
    withdrawRequest(db, { ...act(dk, r) })
    expect(() => prepareAnswer(db, { ...act(dk, r), outcome: 'refused', grounds: ['excessive'], reasons: 'x' })).toThrow(TransitionError)
    expect(() => extendRequest(db, { ...act(dk, r), months: 1, reason: 'x' })).toThrow(TransitionError)
    expect(() => askForInformation(db, { ...act(dk, r), topic: 'other', message: 'x' })).toThrow(TransitionError)
    expect(() => verifyIdentity(db, { ...act(dk, r), method: 'bank_id' })).toThrow(TransitionError)
    expect(() => withdrawRequest(db, act(dk, r))).toThrow(TransitionError)
    addNote(db, { ...act(dk, r), body: 'Arkiveret' })
  })
})

describe('isolation in the domain', () => {
  test('another organisation’s request is not found, and no action touches it', async () => {
    const theirs = await newRequest(other, 'da')
    expect(getRequestForOrg(db, { orgId: dk.id, id: theirs.id })).toBeUndefined()
    const a = act(dk, theirs)
    expect(() => assignRequest(db, { ...a, assigneeId: officer.id })).toThrow(RequestNotFoundError)
    expect(() => addNote(db, { ...a, body: 'x' })).toThrow(RequestNotFoundError)
    expect(() => askForInformation(db, { ...a, topic: 'other', message: 'x' })).toThrow(RequestNotFoundError)
    expect(() => verifyIdentity(db, { ...a, method: 'bank_id' })).toThrow(RequestNotFoundError)
    expect(() => overrideIdentity(db, { ...a, reason: 'x' })).toThrow(RequestNotFoundError)
    expect(() => extendRequest(db, { ...a, months: 1, reason: 'x' })).toThrow(RequestNotFoundError)
    expect(() => prepareAnswer(db, { ...a, outcome: 'refused', grounds: ['excessive'], reasons: 'x' })).toThrow(RequestNotFoundError)
    await expect(sendAnswer(db, a)).rejects.toThrow(RequestNotFoundError)
    expect(() => stageUpload(db, { ...a, filename: 'x.csv', bytes: new TextEncoder().encode('a\n1\n'), category: 'caller-contact' })).toThrow(RequestNotFoundError)
    expect(() => acceptCollected(db, { ...a, ids: [1] })).toThrow(RequestNotFoundError)
    expect(() => discardCollected(db, { ...a, id: 1 })).toThrow(RequestNotFoundError)
    expect(() => withdrawRequest(db, a)).toThrow(RequestNotFoundError)
    expect(() => sendMessage(db, { ...a, message: 'x' })).toThrow(RequestNotFoundError)
    expect(() => informationReceived(db, a)).toThrow(RequestNotFoundError)
    expect(reload(theirs)).toEqual(theirs)
  })
})

describe('events are facts, declared once and read back through their declaration', () => {
  test('every event of a worked request decodes, and none holds a text anyone wrote', async () => {
    const r = await newRequest(dk, 'da', { name: 'Hemmelig Hansen' })
    askForInformation(db, { ...act(dk, r), topic: 'identity', message: 'HEMMELIG-SPØRGSMÅL' })
    replyFromSubject(db, { requestId: r.id, message: 'HEMMELIG-SVAR' })
    addNote(db, { ...act(dk, r), body: 'HEMMELIG-NOTE' })
    extendRequest(db, { ...act(dk, r), months: 1, reason: 'HEMMELIG-GRUND' })
    const rows = eventsOf(r)
    expect(rows.length).toBeGreaterThan(6)
    for (const row of rows) {
      expect(decodeEvent(row), row.kind).not.toBeNull()
      expect(JSON.stringify(row.data)).not.toMatch(/HEMMELIG|Hansen|@example/)
    }
  })
})

describe('the queue', () => {
  let org: Organisation
  let me: { id: number }
  beforeAll(() => {
    // A fresh organisation of its own, so other tests' requests do not count.
    org = db
      .insert(organisations)
      .values({ ...fi, id: undefined, slug: 'queue-test', name: 'Queue Test', slaDays: 14, createdAt: now(), updatedAt: now() })
      .returning()
      .get()
    me = createOfficer(db, { orgId: org.id })
  })
  const filters = (f: Partial<QueueFilters> = {}): QueueFilters => ({ ...parseQueueFilters(new URLSearchParams()), ...f })

  test('keyset pagination returns every open request once, in each order', async () => {
    setClock('2026-01-05T08:00:00Z')
    const made: Request[] = []
    // Requests received on 13 different days, several per day: many share a due date.
    for (let i = 0; i < 130; i++) {
      if (i % 10 === 0) advanceClock(DAY)
      made.push(await newRequest(org, 'fi', { name: `Henkilö Numero${i}` }))
    }
    withdrawRequest(db, { orgId: org.id, requestId: made[3]!.id, officerId: me.id })
    withdrawRequest(db, { orgId: org.id, requestId: made[77]!.id, officerId: me.id })
    const open = db.select().from(requests).where(and(eq(requests.orgId, org.id), eq(requests.closed, false))).all()
    expect(open).toHaveLength(128)
    const orders = {
      deadline: [...open].sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.id - b.id),
      received: [...open].sort((a, b) => b.receivedAt.getTime() - a.receivedAt.getTime() || b.id - a.id),
      activity: [...open].sort((a, b) => b.lastActivityAt.getTime() - a.lastActivityAt.getTime() || b.id - a.id),
    }
    for (const [sort, expected] of Object.entries(orders) as Array<[QueueFilters['sort'], Request[]]>) {
      const seen: number[] = []
      let after: { key: number; id: number } | undefined
      let pages = 0
      do {
        const page = queuePage(db, { orgId: org.id, userId: me.id, now: now(), filters: filters({ sort, dir: sort === 'deadline' ? 'asc' : 'desc' }), after, limit: 25 })
        seen.push(...page.rows.map((r) => r.id))
        after = page.next
        pages++
      } while (after && pages < 20)
      expect(pages, sort).toBe(6)
      expect(seen, sort).toEqual(expected.map((r) => r.id))
    }
    expect(statusCounts(db, org.id)).toEqual({ unverified: 0, received: 128, in_progress: 0, awaiting_subject: 0 })
  })

  test('filters, and search by reference, address or the words of a name', () => {
    setClock('2026-01-20T00:00:00Z')
    const q = (f: Partial<QueueFilters>) => queuePage(db, { orgId: org.id, userId: me.id, now: now(), filters: filters(f), limit: 500 }).rows
    const target = q({})[10]!
    expect(q({ q: target.reference.toLowerCase().replace('-', '') }).map((r) => r.id)).toEqual([target.id])
    expect(q({ q: target.subjectEmail!.toUpperCase() }).map((r) => r.id)).toEqual([target.id])
    expect(q({ q: 'numero45 henkilö' }).map((r) => r.subjectName)).toEqual(['Henkilö Numero45'])
    expect(q({ q: 'henkilo' })).toHaveLength(128)
    // Whole words only: a part of a word matches nothing.
    expect(q({ q: 'Numero' })).toHaveLength(0)
    expect(q({ assigned: 'me' })).toHaveLength(0)
    assignRequest(db, { orgId: org.id, requestId: target.id, officerId: me.id, assigneeId: me.id })
    expect(q({ assigned: 'me' }).map((r) => r.id)).toEqual([target.id])
    expect(q({ assigned: 'unassigned' })).toHaveLength(127)
    verifyIdentity(db, { orgId: org.id, requestId: target.id, officerId: me.id, method: 'bank_id' })
    expect(q({ unverified: true })).toHaveLength(127)
    expect(q({ status: 'withdrawn' })).toHaveLength(2)
    expect(q({ type: 'erasure' })).toHaveLength(0)
    // Another organisation's officer sees none of it.
    expect(queuePage(db, { orgId: other.id, userId: outsider.id, now: now(), filters: filters({ q: target.reference }) }).rows).toHaveLength(0)
  })

  test('the open counts per status equal a recount after every kind of change, however it is written', async () => {
    const recount = () => {
      const counts: Record<string, number> = { unverified: 0, received: 0, in_progress: 0, awaiting_subject: 0 }
      for (const r of db.select({ status: requests.status }).from(requests).where(eq(requests.orgId, org.id)).all()) if (r.status in counts) counts[r.status]!++
      return counts
    }
    expect(statusCounts(db, org.id)).toEqual(recount())
    const filed = await newRequest(org, 'fi', { name: 'Laskettu Ihminen' })
    const copy = db.insert(requests).values({ ...reload(filed), id: undefined, reference: `${filed.reference}X`, draftKey: null }).returning().get()
    const changes: Array<[string, () => void]> = [
      ['filed', () => {}],
      ['inserted directly', () => {}],
      ['taken in hand', () => void db.update(requests).set({ status: 'in_progress' }).where(eq(requests.id, filed.id)).run()],
      ['withdrawn', () => void withdrawRequest(db, { orgId: org.id, requestId: filed.id, officerId: me.id })],
      ['moved to another organisation', () => void db.update(requests).set({ orgId: other.id }).where(eq(requests.id, copy.id)).run()],
      ['deleted', () => void db.delete(requests).where(eq(requests.id, copy.id)).run()],
    ]
    for (const [what, change] of changes) {
      change()
      expect(statusCounts(db, org.id), what).toEqual(recount())
    }
    expect(statusCounts(db, other.id).received).toBe(db.select({ id: requests.id }).from(requests).where(and(eq(requests.orgId, other.id), eq(requests.status, 'received'))).all().length)
  })

  test('a name word many requests share is tested row by row, a rarer one is looked up first: both find the same requests, in the same pages', () => {
    const pages = (f: Partial<QueueFilters>, orgId = org.id) => {
      const seen: number[][] = []
      let after: { key: number; id: number } | undefined
      do {
        const page = queuePage(db, { orgId, userId: me.id, now: now(), filters: filters(f), after, limit: 25 })
        seen.push(page.rows.map((r) => r.id))
        after = page.next
      } while (after && seen.length < 20)
      return seen
    }
    const views: Array<Partial<QueueFilters>> = [
      { q: 'henkilo' },
      { q: 'henkilo', sort: 'received' },
      { q: 'henkilo', sort: 'activity', dir: 'asc' },
      { q: 'henkilo', status: 'withdrawn' },
      { q: 'henkilö numero45' },
    ]
    const planOf = (f: Partial<QueueFilters>) => {
      const { sql: text, params } = queueSql(db, { orgId: org.id, userId: me.id, now: now(), filters: filters(f) })
      return plan(text, params)
    }
    // 130 requests have the word: fewer than COMMON_TERM, so they are read by id and sorted.
    const rare = views.map((f) => pages(f))
    expect(rare[0]!.flat()).toHaveLength(128)
    expect(rare[3]!.flat()).toHaveLength(2)
    expect(rare[4]!.flat()).toHaveLength(1)
    expect(planOf({ q: 'henkilo' })).toContain('USING INTEGER PRIMARY KEY')
    // Another organisation's officer finds none of them, by either way.
    expect(pages({ q: 'henkilo' }, other.id).flat()).toEqual([])

    // The word becomes common: index entries of requests that do not exist (the foreign key is off for this) count it past COMMON_TERM.
    const hash = keyedHash('name-term', 'henkilo')
    db.$client.pragma('foreign_keys = OFF')
    try {
      const add = db.$client.prepare('insert into request_terms (org_id, term_hash, request_id) values (?, ?, ?)')
      db.$client.transaction(() => {
        for (let i = 0; i < COMMON_TERM; i++) add.run(org.id, hash, 900_000_000 + i)
      })()
      expect(planOf({ q: 'henkilo' })).toContain('requests_due_idx')
      expect(planOf({ q: 'henkilo' })).not.toContain('TEMP B-TREE')
      expect(views.slice(0, 4).map((f) => pages(f))).toEqual(rare.slice(0, 4))
      // Both words common, and one common and one rare.
      expect(pages({ q: 'henkilö numero45' })).toEqual(rare[4])
      expect(pages({ q: 'henkilo' }, other.id).flat()).toEqual([])
    } finally {
      db.delete(requestTerms).where(and(eq(requestTerms.orgId, org.id), eq(requestTerms.termHash, hash), sql`${requestTerms.requestId} >= 900000000`)).run()
      db.$client.pragma('foreign_keys = ON')
    }
  })

  test('"overdue" means past the legal deadline; past our own target is a filter of its own', () => {
    const at = (iso: string) => queuePage(db, { orgId: org.id, userId: me.id, now: new Date(iso), filters: filters({ overdue: true }), limit: 500 }).rows.length
    const target = (iso: string) => queuePage(db, { orgId: org.id, userId: me.id, now: new Date(iso), filters: filters({ pastTarget: true }), limit: 500 }).rows.length
    // The organisation's target is 14 days, the law's a month: in between, past the target only.
    expect(org.slaDays).toBeLessThan(28)
    expect(at('2026-01-31T12:00:00Z')).toBe(0)
    expect(target('2026-01-31T12:00:00Z')).toBeGreaterThan(0)
    expect(at('2026-03-20T00:00:00Z')).toBe(128)
  })

  const plan = (sqlText: string, params: unknown[]) =>
    (db.$client.prepare(`EXPLAIN QUERY PLAN ${sqlText}`).all(...params.map((p) => (p instanceof Date ? p.getTime() : (p as number | string)))) as Array<{ detail: string }>)
      .map((p) => p.detail)
      .join('\n')

  test.each<[string, Partial<QueueFilters>, string]>([
    ['open, by deadline', {}, 'requests_due_idx'],
    ['open, by receipt', { sort: 'received', dir: 'desc' }, 'requests_received_idx'],
    ['open, by activity', { sort: 'activity', dir: 'desc' }, 'requests_activity_idx'],
    ['by status', { status: 'received' }, 'requests_org_status_idx'],
    ['by status, by receipt', { status: 'completed', sort: 'received', dir: 'desc' }, 'requests_org_status_received_idx'],
    ['by status, by activity', { status: 'in_progress', sort: 'activity', dir: 'asc' }, 'requests_org_status_activity_idx'],
    ['assigned to me', { assigned: 'me' }, 'requests_org_assignee_idx'],
  ])('the %s queue reads an index in order, with no sort', (_name, f, index) => {
    for (const after of [undefined, { key: Date.now(), id: 5 }]) {
      const { sql, params } = queueSql(db, { orgId: org.id, userId: me.id, now: now(), filters: filters(f), after })
      const details = plan(sql, params)
      expect(details).toContain(index)
      expect(details).not.toContain('TEMP B-TREE')
    }
  })

  test('a search by reference, address or name uses its index', () => {
    const byReference = queueSql(db, { orgId: org.id, userId: me.id, now: now(), filters: filters({ q: 'k7m4 q9px' }) })
    expect(plan(byReference.sql, byReference.params)).toContain('requests_reference_unique')
    const byEmail = queueSql(db, { orgId: org.id, userId: me.id, now: now(), filters: filters({ q: 'someone@example.com' }) })
    expect(plan(byEmail.sql, byEmail.params)).toMatch(/requests_(org_)?email_idx/)
    const byName = queueSql(db, { orgId: org.id, userId: me.id, now: now(), filters: filters({ q: 'henkilö' }) })
    expect(plan(byName.sql, byName.params)).toMatch(/request_terms/)
  })
})

describe('the days-left tags', () => {
  // Words first, and to what: the colour class only repeats them.
  const render = (lang: Language, daysLeft: number, o: { paused?: boolean; of?: 'legal' | 'target' } = {}) =>
    renderToStaticMarkup(createElement(I18nextProvider, { i18n: getI18n(lang) }, createElement(DueTag, { daysLeft, urgency: urgency(daysLeft), ...o })))
  test.each([
    [12, 'en', '12 days left (legal)', 'due-tag--ok'],
    [3, 'en', '3 days left (legal)', 'due-tag--urgent'],
    [0, 'en', 'Legally due today', 'due-tag--urgent'],
    [-4, 'en', '4 days past the legal deadline', 'due-tag--overdue'],
  ] as const)('%i days in %s: "%s"', (days, lang, text, cls) => {
    const html = render(lang, days)
    expect(html).toContain(text)
    expect(html).toContain(cls)
  })
  test('the internal target says it is ours, not the law’s', () => {
    expect(render('en', -2, { of: 'target' })).toContain('2 days past our target')
    expect(render('en', 5, { of: 'target' })).toContain('5 days to our target')
  })
  test('a paused clock says so', () => {
    expect(render('en', 3, { paused: true })).toContain('Clock paused')
  })
})
