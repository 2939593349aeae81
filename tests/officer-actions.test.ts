import { and, asc, count, desc, eq, inArray } from 'drizzle-orm'
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { I18nextProvider } from 'react-i18next'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { getDb, type DB } from '#db/client.server'
import { events, organisations, outbox, requests, type Organisation, type Request } from '#db/schema'
import { completionNotice, extensionNotice, newMessageNotice, refusalNotice, withdrawalNotice } from '#emails/request-emails'
import { getRequestForOrg, queuePage, queueSql, statusCounts, type QueueFilters } from '~/data/officer-requests.server'
import { importOrganisations, readOrganisationFiles } from '~/data/organisations.server'
import { DueTag } from '~/components/due-tag'
import { legalDeadline, legalDeadlineWith, localDate, slaDeadline, urgency } from '~/domain/deadlines'
import type { Language } from '~/domain/languages'
import { TransitionError } from '~/domain/lifecycle'
import {
  ActionRefusedError,
  addNote,
  askForInformation,
  assignRequest,
  assignRequests,
  completeRequest,
  confirmEmail,
  extendRequest,
  fileRequest,
  informationReceived,
  openStatusLink,
  refuseRequest,
  REPLY_LIMIT,
  replyFromSubject,
  RequestNotFoundError,
  sendMessage,
  verifyIdentity,
  withdrawRequest,
} from '~/domain/requests.server'
import { getI18n } from '~/i18n/i18n'
import { advanceClock, now, resetClock, setClock } from '~/utils/clock'
import { createOfficer } from './support/officers'

// Every officer action against a real database and the real outbox: what it
// changes, the event it records, and the email it queues in the person's language.

const URL = 'http://portal.test'
const DAY = 86_400_000
// A Tuesday: a month later (10 March 2026) is a working day in all three countries.
const START = '2026-02-10T09:00:00Z'

let db: DB
let dk: Organisation // pauses its clock while waiting for the person
let fi: Organisation
let other: Organisation
let officer: { id: number }
let colleague: { id: number }
let outsider: { id: number }

beforeAll(() => {
  db = getDb()
  importOrganisations(db, readOrganisationFiles('db/organisations'))
  const bySlug = (slug: string) => db.select().from(organisations).where(eq(organisations.slug, slug)).get()!
  dk = bySlug('dyrevaernsringen')
  fi = bySlug('aivokipina')
  other = bySlug('lygtebaererne')
  expect(dk.pauseClockOnInfoRequest).toBe(true)
  expect(fi.pauseClockOnInfoRequest).toBe(false)
  officer = createOfficer(db, { orgId: dk.id })
  colleague = createOfficer(db, { orgId: dk.id, name: 'Kollega' })
  outsider = createOfficer(db, { orgId: other.id })
})

beforeEach(() => setClock(START))
afterAll(() => resetClock())

/** Files a request and confirms its address through the real confirmation link. */
function newRequest(org: Organisation, language: Language, opts: { confirm?: boolean; name?: string; email?: string } = {}): Request {
  const email = opts.email ?? `person-${Math.random().toString(36).slice(2, 10)}@example.com`
  const { requestId } = fileRequest(
    db,
    {
      org,
      language,
      type: 'access',
      details: { type: 'access', scope: 'all' },
      subject: { name: opts.name ?? 'Karen Testesen', email, identifiers: {} },
    },
    URL,
  )
  if (opts.confirm !== false) {
    const mail = db.select().from(outbox).where(and(eq(outbox.requestId, requestId), eq(outbox.template, 'confirm-email'))).get()!
    const token = /\/confirm\/([A-Za-z0-9_-]+)/.exec(mail.text)![1]!
    expect(confirmEmail(db, token, URL).ok).toBe(true)
  }
  return db.select().from(requests).where(eq(requests.id, requestId)).get()!
}

function reload(r: Request): Request {
  return db.select().from(requests).where(eq(requests.id, r.id)).get()!
}

function lastEvent(r: Request) {
  return db.select().from(events).where(eq(events.requestId, r.id)).orderBy(desc(events.id)).limit(1).get()!
}

function eventsOf(r: Request) {
  return db.select().from(events).where(eq(events.requestId, r.id)).orderBy(asc(events.id)).all()
}

function lastEmail(r: Request, template: string) {
  return db
    .select()
    .from(outbox)
    .where(and(eq(outbox.requestId, r.id), eq(outbox.template, template)))
    .orderBy(desc(outbox.id))
    .limit(1)
    .get()
}

const act = (org: Organisation, r: Request) => ({ orgId: org.id, requestId: r.id, officerId: officer.id })

describe('assign and note', () => {
  test('assigns to an officer of the organisation, records it, emails nobody', () => {
    const r = newRequest(dk, 'da')
    const before = db.select().from(outbox).all().length
    const updated = assignRequest(db, { ...act(dk, r), assigneeId: colleague.id })
    expect(updated.assigneeId).toBe(colleague.id)
    expect(lastEvent(r)).toMatchObject({ kind: 'assigned', actorKind: 'officer', actorUserId: officer.id, visibleToSubject: false, data: { assigneeId: colleague.id } })
    expect(db.select().from(outbox).all().length).toBe(before)
    assignRequest(db, { ...act(dk, r), assigneeId: null })
    expect(reload(r).assigneeId).toBeNull()
    expect(lastEvent(r).kind).toBe('unassigned')
  })

  test('refuses an assignee from another organisation', () => {
    const r = newRequest(dk, 'da')
    expect(() => assignRequest(db, { ...act(dk, r), assigneeId: outsider.id })).toThrow(ActionRefusedError)
    expect(reload(r).assigneeId).toBeNull()
  })

  test('bulk assignment skips other organisations’ requests', () => {
    const mine = [newRequest(dk, 'da'), newRequest(dk, 'en')]
    const theirs = newRequest(other, 'da')
    const n = assignRequests(db, { orgId: dk.id, officerId: officer.id, requestIds: [...mine.map((r) => r.id), theirs.id], assigneeId: officer.id })
    expect(n).toBe(2)
    for (const r of mine) expect(reload(r).assigneeId).toBe(officer.id)
    expect(reload(theirs).assigneeId).toBeNull()
  })

  test('an internal note is an event the person does not see', () => {
    const r = newRequest(dk, 'da')
    addNote(db, { ...act(dk, r), body: 'Ringede til kunden' })
    expect(lastEvent(r)).toMatchObject({ kind: 'note', visibleToSubject: false, data: { body: 'Ringede til kunden' } })
  })
})

describe('asking the person, and their reply', () => {
  test('without a pause: status changes, the message waits in the portal, the email carries only a link', () => {
    const r = newRequest(fi, 'fi')
    const updated = askForInformation(db, { ...act(fi, r), topic: 'identity', message: 'Salainen viesti: asiakasnumerosi?' }, URL)
    expect(updated.status).toBe('awaiting_subject')
    expect(updated.pausedAt).toBeNull()
    expect(lastEvent(r)).toMatchObject({ kind: 'identity_requested', visibleToSubject: true, data: { message: 'Salainen viesti: asiakasnumerosi?' } })
    const mail = lastEmail(r, 'new-message')!
    expect(mail.toAddress).toBe(r.subjectEmail)
    expect(mail.language).toBe('fi')
    expect(mail.subject).toContain('Uusi viesti')
    // One click opens the status page: a fresh single-use link, not the "Follow a request" form.
    const token = new RegExp(`${URL}/fi/status/open/([A-Za-z0-9_-]+)`).exec(mail.text)?.[1]
    expect(token).toBeDefined()
    const opened = openStatusLink(db, token!)
    expect(opened).toMatchObject({ ok: true })
    expect(openStatusLink(db, token!)).toEqual({ ok: false, reason: 'used' })
    expect(mail.text).not.toContain('Salainen')
    expect(mail.text).not.toContain('Karen')
  })

  test('with a pause: the reply ends it and every deadline moves by the paused days', () => {
    const r = newRequest(dk, 'da')
    askForInformation(db, { ...act(dk, r), topic: 'information', message: 'Hvilket medlemsnummer har du?' }, URL)
    const paused = reload(r)
    expect(paused.pausedAt?.getTime()).toBe(new Date(START).getTime())
    expect(eventsOf(r).map((e) => e.kind)).toContain('clock_paused')
    advanceClock(5 * DAY)
    const replied = replyFromSubject(db, { requestId: r.id, message: 'Nummer 4711, mit navn er Karen' }, URL)
    expect(replied.status).toBe('in_progress')
    expect(replied.pausedAt).toBeNull()
    expect(replied.dueAt.getTime()).toBe(legalDeadlineWith(r.receivedAt, dk, { months: 1, pausedDays: 5 }).getTime())
    expect(replied.slaDueAt.getTime()).toBe(slaDeadline(r.receivedAt, dk, dk.slaDays + 5).getTime())
    expect(replied.queueDueAt.getTime()).toBe(Math.min(replied.dueAt.getTime(), replied.slaDueAt.getTime()))
    const resumed = eventsOf(r).find((e) => e.kind === 'clock_resumed')!
    expect(resumed.data).toMatchObject({ pausedAt: new Date(START).toISOString(), resumedAt: new Date(new Date(START).getTime() + 5 * DAY).toISOString(), days: 5 })
    expect(eventsOf(r).find((e) => e.kind === 'subject_replied')).toMatchObject({ actorKind: 'subject', visibleToSubject: true })
    // The organisation hears of it at its privacy address, with a link and nothing personal.
    const notice = lastEmail(r, 'reply-received')!
    expect(notice.toAddress).toBe(dk.privacyEmail)
    expect(notice.text).toContain(`${URL}/da/officer/requests/${r.id}`)
    expect(notice.text).not.toContain('4711')
    expect(notice.text).not.toContain('Karen')
    expect(notice.text).not.toContain(r.subjectEmail)
  })

  test('a plain message: status and clock unchanged, the email carries only a link', () => {
    const r = newRequest(dk, 'da')
    sendMessage(db, { ...act(dk, r), message: 'Vi er i gang, Karen' }, URL)
    expect(reload(r)).toMatchObject({ status: 'received', pausedAt: null, dueAt: r.dueAt })
    expect(lastEvent(r)).toMatchObject({ kind: 'message_sent', visibleToSubject: true, data: { message: 'Vi er i gang, Karen' } })
    const mail = lastEmail(r, 'new-message')!
    expect(mail.subject).toContain('Ny besked')
    expect(mail.text).not.toContain('Karen')
  })

  test('the person may write while the request is open, but not once it is closed', () => {
    const r = newRequest(fi, 'fi')
    expect(replyFromSubject(db, { requestId: r.id, message: 'Lisätietoa' }, URL).status).toBe('received')
    completeRequest(db, { ...act(fi, r), reply: 'Valmis' }, URL)
    expect(() => replyFromSubject(db, { requestId: r.id, message: 'Vielä' }, URL)).toThrow(TransitionError)
  })
})

describe('identity', () => {
  test('records how identity was verified, and ends a pause', () => {
    const r = newRequest(dk, 'da')
    askForInformation(db, { ...act(dk, r), topic: 'identity', message: 'Vis legitimation' }, URL)
    advanceClock(2 * DAY)
    const updated = verifyIdentity(db, { ...act(dk, r), method: 'in_person' })
    expect(updated).toMatchObject({ status: 'in_progress', identityMethod: 'in_person', pausedAt: null })
    expect(updated.identityVerifiedAt?.getTime()).toBe(new Date(START).getTime() + 2 * DAY)
    expect(updated.dueAt.getTime()).toBe(legalDeadlineWith(r.receivedAt, dk, { months: 1, pausedDays: 2 }).getTime())
    expect(eventsOf(r).find((e) => e.kind === 'identity_verified')).toMatchObject({ visibleToSubject: true, data: { method: 'in_person' } })
  })
})

describe('extension', () => {
  test('within the first month: counted from receipt, reason emailed in the request’s language', () => {
    const r = newRequest(fi, 'fi')
    advanceClock(20 * DAY)
    const updated = extendRequest(db, { ...act(fi, r), months: 2, reason: 'Pyyntöjä on poikkeuksellisen paljon' }, URL)
    expect(updated.extensionMonths).toBe(2)
    expect(updated.dueAt.getTime()).toBe(legalDeadline(r.receivedAt, fi, 3).getTime())
    expect(updated.queueDueAt.getTime()).toBeLessThanOrEqual(updated.dueAt.getTime())
    expect(updated.slaDueAt.getTime()).toBeGreaterThan(r.slaDueAt.getTime())
    expect(lastEvent(r)).toMatchObject({ kind: 'extended', visibleToSubject: true, data: { months: 2, reason: 'Pyyntöjä on poikkeuksellisen paljon' } })
    const mail = lastEmail(r, 'extended')!
    expect(mail.language).toBe('fi')
    expect(mail.text).toContain('Pyyntöjä on poikkeuksellisen paljon')
    expect(mail.text).toContain('määräaikaa')
    expect(mail.text).toContain('12 artiklan 3 kohdan')
  })

  test('only once, and never beyond two months in all', () => {
    const r = newRequest(dk, 'da')
    extendRequest(db, { ...act(dk, r), months: 1, reason: 'Kompleks' }, URL)
    expect(() => extendRequest(db, { ...act(dk, r), months: 1, reason: 'Igen' }, URL)).toThrow(ActionRefusedError)
    const s = newRequest(dk, 'da')
    expect(() => extendRequest(db, { ...act(dk, s), months: 3 as 2, reason: 'For lang' }, URL)).toThrow(ActionRefusedError)
    expect(reload(s).extensionMonths).toBe(0)
  })

  test('refused once the first month has passed', () => {
    const r = newRequest(dk, 'da')
    advanceClock(40 * DAY)
    try {
      extendRequest(db, { ...act(dk, r), months: 1, reason: 'For sent' }, URL)
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(ActionRefusedError)
      expect((error as ActionRefusedError).code).toBe('extensionTooLate')
    }
    expect(reload(r).extensionMonths).toBe(0)
  })

  test('keeps the days of an earlier pause', () => {
    const r = newRequest(dk, 'da')
    askForInformation(db, { ...act(dk, r), topic: 'information', message: '?' }, URL)
    advanceClock(3 * DAY)
    replyFromSubject(db, { requestId: r.id, message: '!' }, URL)
    const updated = extendRequest(db, { ...act(dk, r), months: 1, reason: 'Kompleks' }, URL)
    expect(updated.dueAt.getTime()).toBe(legalDeadlineWith(r.receivedAt, dk, { months: 2, pausedDays: 3 }).getTime())
  })
})

describe('deadlines are counted from the receipt, so weekend shifts never add up', () => {
  // Received Thursday 15 January 2026 in Denmark: a month later is Sunday 15 February.
  const RECEIVED = '2026-01-15T09:00:00Z'
  const dueDate = (r: Request) => localDate(r.dueAt, dk.timeZone)

  test('a weekend deadline, then a two-day pause: 15 Feb + 2 = Tuesday 17 Feb, not 18 Feb', () => {
    setClock(RECEIVED)
    const r = newRequest(dk, 'da')
    expect(dueDate(r)).toBe('2026-02-16')
    askForInformation(db, { ...act(dk, r), topic: 'information', message: '?' }, URL)
    advanceClock(2 * DAY)
    const replied = replyFromSubject(db, { requestId: r.id, message: '!' }, URL)
    expect(dueDate(replied)).toBe('2026-02-17')
    // The SLA target is plain calendar days, never moved to a working day.
    expect(replied.slaDueAt.getTime()).toBe(slaDeadline(r.receivedAt, dk, dk.slaDays + 2).getTime())
    expect(replied.queueDueAt.getTime()).toBe(Math.min(replied.dueAt.getTime(), replied.slaDueAt.getTime()))
  })

  test('a pause, then an extension: 15 Mar (Sunday) + 3 = 18 Mar', () => {
    setClock(RECEIVED)
    const r = newRequest(dk, 'da')
    askForInformation(db, { ...act(dk, r), topic: 'information', message: '?' }, URL)
    advanceClock(3 * DAY)
    replyFromSubject(db, { requestId: r.id, message: '!' }, URL)
    expect(dueDate(extendRequest(db, { ...act(dk, r), months: 1, reason: 'Kompleks' }, URL))).toBe('2026-03-18')
  })

  test('an extension while paused, then the pause ends: 15 Mar + 4 = 19 Mar', () => {
    setClock(RECEIVED)
    const r = newRequest(dk, 'da')
    askForInformation(db, { ...act(dk, r), topic: 'information', message: '?' }, URL)
    advanceClock(2 * DAY)
    expect(dueDate(extendRequest(db, { ...act(dk, r), months: 1, reason: 'Kompleks' }, URL))).toBe('2026-03-16')
    advanceClock(2 * DAY)
    const resumed = informationReceived(db, { ...act(dk, r), note: 'Pr. telefon' })
    expect(dueDate(resumed)).toBe('2026-03-19')
    expect(resumed.slaDueAt.getTime()).toBeGreaterThan(slaDeadline(r.receivedAt, dk, dk.slaDays + 4).getTime())
  })
})

describe('information received another way', () => {
  test('ends the wait, resumes the clock and records who did it', () => {
    const r = newRequest(dk, 'da')
    askForInformation(db, { ...act(dk, r), topic: 'information', message: 'Medlemsnummer?' }, URL)
    advanceClock(3 * DAY)
    const updated = informationReceived(db, { ...act(dk, r), note: 'Oplyst pr. telefon' })
    expect(updated).toMatchObject({ status: 'in_progress', pausedAt: null })
    expect(updated.dueAt.getTime()).toBe(legalDeadlineWith(r.receivedAt, dk, { months: 1, pausedDays: 3 }).getTime())
    expect(eventsOf(r).find((e) => e.kind === 'information_received')).toMatchObject({ actorKind: 'officer', actorUserId: officer.id, visibleToSubject: false, data: { note: 'Oplyst pr. telefon' } })
    expect(eventsOf(r).find((e) => e.kind === 'clock_resumed')).toMatchObject({ actorUserId: officer.id, data: { days: 3 } })
  })

  test('only while waiting for the person, and only in the officer’s organisation', () => {
    const r = newRequest(dk, 'da')
    expect(() => informationReceived(db, act(dk, r))).toThrow(TransitionError)
    const theirs = newRequest(other, 'da')
    askForInformation(db, { orgId: other.id, requestId: theirs.id, officerId: outsider.id, topic: 'information', message: '?' }, URL)
    expect(() => informationReceived(db, act(dk, theirs))).toThrow(RequestNotFoundError)
  })
})

describe('the person’s replies are rate-limited', () => {
  test(`${REPLY_LIMIT.perRequest} an hour per request, then refused until the hour has passed`, () => {
    const r = newRequest(fi, 'fi')
    for (let i = 0; i < REPLY_LIMIT.perRequest; i++) replyFromSubject(db, { requestId: r.id, message: `Viesti ${i}` }, URL)
    try {
      replyFromSubject(db, { requestId: r.id, message: 'Liikaa' }, URL)
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(ActionRefusedError)
      expect((error as ActionRefusedError).code).toBe('replyLimit')
    }
    expect(eventsOf(r).filter((e) => e.kind === 'subject_replied')).toHaveLength(REPLY_LIMIT.perRequest)
    advanceClock(REPLY_LIMIT.windowMs + 1)
    expect(replyFromSubject(db, { requestId: r.id, message: 'Taas' }, URL).status).toBe('received')
  })
})

describe('closing', () => {
  test('refusal: ground and reason recorded, the email names the authority and the courts', () => {
    const r = newRequest(dk, 'da')
    const updated = refuseRequest(db, { ...act(dk, r), ground: 'manifestly_unfounded', reason: 'Samme anmodning for tiende gang' }, URL)
    expect(updated).toMatchObject({ status: 'refused', closed: true })
    expect(updated.closedAt).not.toBeNull()
    expect(lastEvent(r)).toMatchObject({ kind: 'refused', visibleToSubject: true, data: { ground: 'manifestly_unfounded', reason: 'Samme anmodning for tiende gang' } })
    const mail = lastEmail(r, 'refused')!
    expect(mail.language).toBe('da')
    expect(mail.text).toContain('Samme anmodning for tiende gang')
    expect(mail.text).toContain('Åbenbart grundløs')
    expect(mail.text).toContain(dk.profile.authority.name)
    expect(mail.text).toContain(dk.profile.authority.complaintUrl)
    expect(mail.text).toContain('domstolene')
  })

  test('an unconfirmed address gets no refusal email', () => {
    const r = newRequest(dk, 'da', { confirm: false })
    refuseRequest(db, { ...act(dk, r), ground: 'cannot_identify', reason: 'Ingen bekræftelse' }, URL)
    expect(lastEmail(r, 'refused')).toBeUndefined()
    expect(lastEvent(r).data).toMatchObject({ emailed: false })
  })

  test('completion: the email is a notice and a link, the reply waits on the status page', () => {
    const r = newRequest(fi, 'fi')
    const updated = completeRequest(db, { ...act(fi, r), reply: 'Tässä ovat tietosi.' }, URL)
    expect(updated).toMatchObject({ status: 'completed', closed: true })
    expect(lastEvent(r)).toMatchObject({ kind: 'completed', visibleToSubject: true, data: { reply: 'Tässä ovat tietosi.' } })
    const mail = lastEmail(r, 'completed')!
    expect(mail.language).toBe('fi')
    expect(mail.subject).toContain('Vastaus pyyntöösi')
    expect(mail.text).not.toContain('Tässä ovat tietosi.')
    expect(mail.html).not.toContain('Tässä ovat tietosi.')
    expect(mail.text).toMatch(new RegExp(`${URL}/fi/status/open/[A-Za-z0-9_-]+`))
  })

  test('closing a paused request resumes the clock first, with both instants in the event', () => {
    const r = newRequest(dk, 'da')
    askForInformation(db, { ...act(dk, r), topic: 'information', message: '?' }, URL)
    advanceClock(3 * DAY)
    const closed = completeRequest(db, { ...act(dk, r), reply: 'Svar' }, URL)
    expect(closed).toMatchObject({ status: 'completed', pausedAt: null })
    expect(closed.dueAt.getTime()).toBe(legalDeadlineWith(r.receivedAt, dk, { months: 1, pausedDays: 3 }).getTime())
    const resumed = eventsOf(r).find((e) => e.kind === 'clock_resumed')!
    expect(resumed).toMatchObject({ actorKind: 'officer', actorUserId: officer.id })
    expect(resumed.data).toMatchObject({ pausedAt: new Date(START).toISOString(), resumedAt: new Date(new Date(START).getTime() + 3 * DAY).toISOString(), days: 3 })
  })

  test('withdrawn by the person', () => {
    const r = newRequest(dk, 'en')
    const updated = withdrawRequest(db, { ...act(dk, r), note: 'Called us on Monday' }, URL)
    expect(updated).toMatchObject({ status: 'withdrawn', closed: true })
    expect(lastEvent(r)).toMatchObject({ kind: 'withdrawn', visibleToSubject: true })
    expect(lastEmail(r, 'withdrawn')?.language).toBe('en')
  })

  test('a closed request allows no further transition but a note', () => {
    const r = newRequest(dk, 'da')
    completeRequest(db, { ...act(dk, r), reply: 'Svar' }, URL)
    expect(() => completeRequest(db, { ...act(dk, r), reply: 'Igen' }, URL)).toThrow(TransitionError)
    expect(() => refuseRequest(db, { ...act(dk, r), ground: 'excessive', reason: 'x' }, URL)).toThrow(TransitionError)
    expect(() => extendRequest(db, { ...act(dk, r), months: 1, reason: 'x' }, URL)).toThrow(TransitionError)
    expect(() => askForInformation(db, { ...act(dk, r), topic: 'information', message: 'x' }, URL)).toThrow(TransitionError)
    expect(() => verifyIdentity(db, { ...act(dk, r), method: 'bank_id' })).toThrow(TransitionError)
    expect(() => withdrawRequest(db, act(dk, r), URL)).toThrow(TransitionError)
    addNote(db, { ...act(dk, r), body: 'Arkiveret' })
  })

  test('an unconfirmed request cannot be completed or asked about', () => {
    const r = newRequest(dk, 'da', { confirm: false })
    expect(() => completeRequest(db, { ...act(dk, r), reply: 'Svar' }, URL)).toThrow(TransitionError)
    expect(() => askForInformation(db, { ...act(dk, r), topic: 'identity', message: 'x' }, URL)).toThrow(TransitionError)
  })
})

describe('isolation in the data layer', () => {
  test('another organisation’s request is not found, and no action touches it', () => {
    const theirs = newRequest(other, 'da')
    expect(getRequestForOrg(db, { orgId: dk.id, id: theirs.id })).toBeUndefined()
    expect(getRequestForOrg(db, { orgId: other.id, id: theirs.id })?.id).toBe(theirs.id)
    const a = act(dk, theirs)
    expect(() => assignRequest(db, { ...a, assigneeId: officer.id })).toThrow(RequestNotFoundError)
    expect(() => addNote(db, { ...a, body: 'x' })).toThrow(RequestNotFoundError)
    expect(() => askForInformation(db, { ...a, topic: 'information', message: 'x' }, URL)).toThrow(RequestNotFoundError)
    expect(() => verifyIdentity(db, { ...a, method: 'bank_id' })).toThrow(RequestNotFoundError)
    expect(() => extendRequest(db, { ...a, months: 1, reason: 'x' }, URL)).toThrow(RequestNotFoundError)
    expect(() => refuseRequest(db, { ...a, ground: 'excessive', reason: 'x' }, URL)).toThrow(RequestNotFoundError)
    expect(() => completeRequest(db, { ...a, reply: 'x' }, URL)).toThrow(RequestNotFoundError)
    expect(() => withdrawRequest(db, a, URL)).toThrow(RequestNotFoundError)
    expect(() => sendMessage(db, { ...a, message: 'x' }, URL)).toThrow(RequestNotFoundError)
    expect(reload(theirs)).toEqual(theirs)
  })
})

describe('emails in the person’s language', () => {
  const common = { orgName: 'Org', reference: 'K7M4-Q9PX', link: 'http://portal.test/x/status' }
  test.each([
    ['da', ['forlænget', 'Begrundelsen'], ['tilsynsmyndigheden', 'domstolene', 'Datatilsynet'], 'Svar på din anmodning', 'trukket den tilbage', 'Ny besked'],
    ['fi', ['jatkanut määräaikaa', 'Ilmoitettu syy'], ['valvontaviranomaiselle', 'tuomioistuimen', 'Tietosuojavaltuutetun toimisto'], 'Vastaus pyyntöösi', 'peruutit sen', 'Uusi viesti'],
  ] as const)('%s', (lang, extension, refusal, completion, withdrawal, message) => {
    const e = extensionNotice(lang, { ...common, months: 2, reason: 'R', dueDate: '1.1.2027' })
    for (const w of extension) expect(e.text).toContain(w)
    const authorityName = lang === 'da' ? 'Datatilsynet' : 'Tietosuojavaltuutetun toimisto'
    const r = refusalNotice(lang, { ...common, ground: 'excessive', reason: 'R', authorityName, complaintUrl: 'https://authority.example/complain' })
    for (const w of refusal) expect(r.text).toContain(w)
    expect(r.html).toContain('https://authority.example/complain')
    expect(r.html).toContain(`lang="${lang}"`)
    expect(completionNotice(lang, common).subject).toContain(completion)
    expect(withdrawalNotice(lang, common).text).toContain(withdrawal)
    expect(newMessageNotice(lang, { reference: common.reference, link: common.link, asksForInformation: false }).subject).toContain(message)
  })
})

describe('the queue', () => {
  let org: Organisation
  let me: { id: number }
  beforeAll(() => {
    // A fresh organisation of its own, so other tests' requests do not count.
    org = db
      .insert(organisations)
      .values({ ...fi, id: undefined, slug: 'queue-test', name: 'Queue Test', createdAt: now(), updatedAt: now() })
      .returning()
      .get()
    me = createOfficer(db, { orgId: org.id })
  })

  test('keyset pagination returns every open request once, most urgent first', () => {
    setClock('2026-01-05T08:00:00Z')
    const made: Request[] = []
    // Requests received on 13 different days, several per day: many share a due date.
    for (let i = 0; i < 130; i++) {
      if (i % 10 === 0) advanceClock(DAY)
      made.push(newRequest(org, 'fi', { name: `Henkilö ${i}` }))
    }
    completeRequest(db, { orgId: org.id, requestId: made[3]!.id, officerId: me.id, reply: 'x' }, URL)
    withdrawRequest(db, { orgId: org.id, requestId: made[77]!.id, officerId: me.id }, URL)
    const expected = db
      .select({ id: requests.id, queueDueAt: requests.queueDueAt })
      .from(requests)
      .where(and(eq(requests.orgId, org.id), eq(requests.closed, false)))
      .all()
      .sort((a, b) => a.queueDueAt.getTime() - b.queueDueAt.getTime() || a.id - b.id)
      .map((r) => r.id)
    expect(expected).toHaveLength(128)
    const seen: number[] = []
    let after: { dueAt: number; id: number } | undefined
    let pages = 0
    do {
      const page = queuePage(db, { orgId: org.id, userId: me.id, now: now(), filters: {}, after, limit: 25 })
      seen.push(...page.rows.map((r) => r.id))
      after = page.next
      pages++
    } while (after && pages < 20)
    expect(pages).toBe(6)
    expect(seen).toEqual(expected)
    expect(statusCounts(db, org.id)).toEqual({ unverified: 0, received: 128, in_progress: 0, awaiting_subject: 0 })
  })

  test('filters and search', () => {
    setClock('2026-01-20T00:00:00Z')
    const q = (filters: Parameters<typeof queuePage>[1]['filters']) =>
      queuePage(db, { orgId: org.id, userId: me.id, now: now(), filters, limit: 500 }).rows
    const target = q({})[10]!
    expect(q({ q: target.reference.toLowerCase().replace('-', '') }).map((r) => r.id)).toEqual([target.id])
    expect(q({ q: target.subjectEmail }).map((r) => r.id)).toEqual([target.id])
    expect(q({ q: 'henkilö 45' }).map((r) => r.subjectName)).toEqual(['Henkilö 45'])
    expect(q({ assigned: 'me' })).toHaveLength(0)
    assignRequest(db, { orgId: org.id, requestId: target.id, officerId: me.id, assigneeId: me.id })
    expect(q({ assigned: 'me' }).map((r) => r.id)).toEqual([target.id])
    expect(q({ assigned: 'unassigned' })).toHaveLength(127)
    verifyIdentity(db, { orgId: org.id, requestId: target.id, officerId: me.id, method: 'bank_id' })
    expect(q({ unverified: true })).toHaveLength(127)
    expect(q({ status: 'completed' })).toHaveLength(1)
    expect(q({ type: 'erasure' })).toHaveLength(0)
    // Everything was received in January; by March everything open is overdue.
    expect(q({ overdue: true })).toHaveLength(0)
    expect(queuePage(db, { orgId: org.id, userId: me.id, now: new Date('2026-03-20T00:00:00Z'), filters: { overdue: true }, limit: 500 }).rows).toHaveLength(128)
    // Another organisation's officer sees none of it.
    expect(queuePage(db, { orgId: other.id, userId: outsider.id, now: now(), filters: { q: target.reference } }).rows).toHaveLength(0)
  })

  const plan = (sqlText: string, params: unknown[]) =>
    (db.$client.prepare(`EXPLAIN QUERY PLAN ${sqlText}`).all(...params.map((p) => (p instanceof Date ? p.getTime() : (p as number | string)))) as Array<{ detail: string }>)
      .map((p) => p.detail)
      .join('\n')

  test.each<[string, QueueFilters, string]>([
    ['open', {}, 'requests_queue_idx'],
    ['by status', { status: 'received' }, 'requests_org_status_idx'],
    ['assigned to me', { assigned: 'me' }, 'requests_org_assignee_idx'],
    ['overdue', { overdue: true }, 'requests_queue_idx'],
  ])('the %s queue reads an index in order, with no sort', (_name, filters, index) => {
    for (const after of [undefined, { dueAt: Date.now(), id: 5 }]) {
      const { sql, params } = queueSql(db, { orgId: org.id, userId: me.id, now: now(), filters, after })
      const details = plan(sql, params)
      expect(details).toContain(index)
      expect(details).not.toContain('TEMP B-TREE')
      expect(details).not.toMatch(/\bSCAN\b/)
    }
  })

  test('a search by reference or email address, and the counts, use their indexes', () => {
    const byReference = queueSql(db, { orgId: org.id, userId: me.id, now: now(), filters: { q: 'k7m4 q9px' } })
    expect(plan(byReference.sql, byReference.params)).toContain('requests_reference_unique')
    const byEmail = queueSql(db, { orgId: org.id, userId: me.id, now: now(), filters: { q: 'someone@example' } })
    expect(plan(byEmail.sql, byEmail.params)).toContain('requests_org_email_idx')
    const counts = db
      .select({ n: count() })
      .from(requests)
      .where(and(eq(requests.orgId, org.id), inArray(requests.status, ['unverified', 'received', 'in_progress', 'awaiting_subject'])))
      .groupBy(requests.status)
      .toSQL()
    expect(plan(counts.sql, counts.params)).toMatch(/COVERING INDEX requests_org_status_idx/)
  })
})

describe('the days-left tag', () => {
  // Words first; the colour class only repeats them.
  const render = (lang: Language, daysLeft: number, paused = false) =>
    renderToStaticMarkup(createElement(I18nextProvider, { i18n: getI18n(lang) }, createElement(DueTag, { daysLeft, urgency: urgency(daysLeft), paused })))
  test.each([
    [12, 'en', '12 days left', 'due-tag--ok'],
    [9, 'en', '9 days left', 'due-tag--soon'],
    [3, 'en', '3 days left', 'due-tag--urgent'],
    [1, 'en', '1 day left', 'due-tag--urgent'],
    [0, 'en', 'Due today', 'due-tag--urgent'],
    [-1, 'en', '1 day overdue', 'due-tag--overdue'],
    [-4, 'en', '4 days overdue', 'due-tag--overdue'],
    [-4, 'da', '4 dage over fristen', 'due-tag--overdue'],
    [3, 'fi', '3 päivää jäljellä', 'due-tag--urgent'],
    [0, 'no', 'Frist i dag', 'due-tag--urgent'],
  ] as const)('%i days in %s: "%s"', (days, lang, text, cls) => {
    const html = render(lang, days)
    expect(html).toContain(text)
    expect(html).toContain(cls)
  })
  test('a paused clock says so', () => {
    expect(render('en', 3, true)).toContain('Clock paused')
  })
})
