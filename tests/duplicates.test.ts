import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { events, organisations, requests, type Organisation, type Request, type User } from '#db/schema'
import { requestMessages } from '~/data/messages.server'
import { idsWithOpenDuplicates } from '~/data/officer-requests.server'
import { datesFromReceipt } from '~/domain/clock-rules'
import { findDuplicates, mergeRequests } from '~/domain/duplicates.server'
import { addNote, extendRequest, sendMessage, verifyIdentity } from '~/domain/requests.server'
import { fixedT } from '~/i18n/i18n'
import { housekeep } from '~/jobs/housekeeping.server'
import { advanceClock, resetClock, setClock } from '~/utils/clock'
import { startApp, type TestApp } from './support/app'
import { HttpClient, textOf } from './support/http'
import { deliverAll, linkIn } from './support/mail'
import { createOfficer, signedInCookie } from './support/officers'
import { newRequest, reloadRequest } from './support/requests'

// Duplicates (docs/decisions/023): a second request of the same person at the
// same organisation is filed like any other, shown to the officer as a match,
// merged only when the officer says so (the merged request keeps the earliest
// receipt and every message), and the merge undone. An unverified request
// never displaces a verified one; two organisations' requests never match.
// Real server, real database file.

let app: TestApp
let org: Organisation
let other: Organisation
let officer: User
const t = fixedT('en', 'officer')
const DAY = 86_400_000

beforeAll(async () => {
  setClock('2026-03-02T09:00:00Z')
  app = await startApp()
  const bySlug = (slug: string) => app.db.select().from(organisations).where(eq(organisations.slug, slug)).get()!
  org = bySlug('dyrevaernsringen')
  other = bySlug('lygtebaererne')
  officer = createOfficer(app.db, { orgId: org.id, role: 'officer' })
})

afterAll(async () => {
  await app?.close()
  resetClock()
})

/** Signed in afresh each time: the tests move the clock past the session's idle limit. */
const officerClient = { get: (path: string) => signedIn().get(path), post: (path: string, form: Record<string, string>) => signedIn().post(path, form) }
const signedIn = () => new HttpClient(app.url, { Cookie: signedInCookie(app.db, officer) })
const act = (r: Pick<Request, 'id' | 'orgId'>) => ({ orgId: r.orgId, requestId: r.id, officerId: officer.id })
const page = async (r: Pick<Request, 'id'>, query = '') => textOf((await officerClient.get(`/en/officer/requests/${r.id}${query}`)).html)
const eventsOf = (r: Pick<Request, 'id'>, kind: string) => app.db.select().from(events).where(and(eq(events.requestId, r.id), eq(events.kind, kind))).all()
const bodies = (r: Request) => requestMessages(app.db, { orgId: r.orgId, requestId: r.id }).map((m) => m.body)

describe('a duplicate offered, merged, and the merge undone', () => {
  let first: Request
  let second: Request

  test('a second request by the same person is filed like any other and shown to the officer as a match', async () => {
    first = (await newRequest(app.db, org, { language: 'en', name: 'Ditte Dobbelt', email: 'ditte@example.com' })).request
    addNote(app.db, { ...act(first), body: 'Ringede og spurgte til status' })
    sendMessage(app.db, { ...act(first), message: 'Vi har modtaget din anmodning.' })
    advanceClock(3 * DAY)
    // Filed again three days later, by phone number and name the same, the address written in capitals: nothing refuses it.
    const filed = await newRequest(app.db, org, { language: 'en', name: 'ditte DOBBELT', email: 'Ditte@Example.com', phone: '+45 31 41 59 26' })
    second = filed.request
    expect(second.status).toBe('received')
    expect(filed.mails.some((m) => m.template === 'confirm-email')).toBe(true)
    sendMessage(app.db, { ...act(second), message: 'Tak for din nye henvendelse.' })
    // Another right by the same person is not a duplicate.
    const erasure = (await newRequest(app.db, org, { language: 'en', type: 'erasure', name: 'Ditte Dobbelt', email: 'ditte@example.com' })).request

    expect(findDuplicates(app.db, second).map((d) => [d.request.id, d.basis])).toEqual([[first.id, ['email', 'name']]])
    expect(findDuplicates(app.db, erasure)).toEqual([])
    const text = await page(second)
    expect(text).toContain(t('duplicates.title'))
    expect(text).toContain(`${first.reference} (${t('statusName.in_progress')}): ${t('duplicates.basis.email')}, ${t('duplicates.basis.name')}`)
    expect(text).toContain(t('actions.merge.heading'))
    // The queue marks both; the erasure request has no match.
    const queue = textOf((await officerClient.get(`/en/officer/queue?q=${encodeURIComponent('ditte@example.com')}`)).html)
    const mark = t('queue.possibleDuplicate')
    expect(queue.split(mark)).toHaveLength(3)
    expect(idsWithOpenDuplicates(app.db, { orgId: org.id, ids: [first.id, second.id, erasure.id] })).toEqual(new Set([first.id, second.id]))
    // The form says which one goes on, and by when: between equals, the one received first.
    const form = await page(second, '?do=merge')
    expect(form).toContain(t('actions.merge.keeps.other', { reference: first.reference, date: '' }).split(',')[0]!)
  })

  test('merged: the better verified request goes on with the earliest receipt and every message of both', async () => {
    // The later one's sender is verified: it goes on, and takes the first one's receipt (so its deadline).
    verifyIdentity(app.db, { ...act(second), method: 'known_customer_details' })
    const before = { first: reloadRequest(app.db, first), second: reloadRequest(app.db, second) }
    expect(before.second.receivedAt.getTime()).toBeGreaterThan(before.first.receivedAt.getTime())

    const reply = await officerClient.post(`/en/officer/requests/${first.id}?do=merge`, { intent: 'merge', other: String(second.id) })
    expect(reply.status, textOf(reply.html).slice(0, 300)).toBe(302)

    const survivor = reloadRequest(app.db, second)
    const absorbed = reloadRequest(app.db, first)
    expect(survivor.receivedAt).toEqual(before.first.receivedAt)
    expect(survivor.dueAt).toEqual(before.first.dueAt)
    expect(survivor.closed).toBe(false)
    expect([absorbed.status, absorbed.outcome, absorbed.closed]).toEqual(['withdrawn', 'merged', true])
    expect(bodies(survivor)).toEqual(expect.arrayContaining(['Ringede og spurgte til status', 'Vi har modtaget din anmodning.', 'Tak for din nye henvendelse.']))
    expect(bodies(absorbed)).toEqual([])

    // The officer's page: both conversations, the note, and the first request's events on the timeline.
    const text = await page(survivor)
    for (const body of ['Ringede og spurgte til status', 'Vi har modtaget din anmodning.', 'Tak for din nye henvendelse.']) expect(text).toContain(body)
    expect(text).toContain(t('timeline.onMerged', { reference: first.reference }))
    expect(text).toContain(t('duplicates.mergedHereTitle'))
    expect(await page(absorbed)).toContain(`${t('duplicates.mergedIntoBody')} ${second.reference}`)

    // The audit trail records ids and instants, never what anyone wrote.
    const [merged] = eventsOf(survivor, 'request_merged')
    expect(merged!.data).toMatchObject({ absorbedId: first.id, messages: 2, receivedAt: before.first.receivedAt.toISOString() })
    expect(JSON.stringify(merged!.data)).not.toMatch(/Ditte|Ringede|modtaget/)
    expect(eventsOf(absorbed, 'request_absorbed')[0]!.data).toMatchObject({ survivorId: second.id })

    // The person follows the first reference: the status link opens the request that goes on.
    await deliverAll(app.db, app.url)
    const person = new HttpClient(app.url)
    await person.post('/en/status?index', { reference: first.reference, email: 'ditte@example.com' })
    const mail = (await deliverAll(app.db, app.url)).find((m) => m.template === 'status-link')!
    expect(mail.requestId).toBe(second.id)
    await person.post(linkIn(mail, `${app.url}/en/status/open/`))
    const status = textOf((await person.get('/en/status/request')).html)
    expect(status).toContain(second.reference)
    expect(status).toContain('Vi har modtaget din anmodning.')
  })

  test('the merge undone: both requests come back as they were, each with its own messages', async () => {
    const reply = await officerClient.post(`/en/officer/requests/${second.id}?do=unmerge`, { intent: 'unmerge', absorbed: String(first.id) })
    expect(reply.status, textOf(reply.html).slice(0, 300)).toBe(302)
    const back = reloadRequest(app.db, first)
    const kept = reloadRequest(app.db, second)
    expect([back.status, back.outcome, back.closed, back.closedAt]).toEqual(['in_progress', null, false, null])
    expect(back.dueAt).toEqual(first.dueAt)
    expect(kept.receivedAt).toEqual(second.receivedAt)
    expect(kept.dueAt).toEqual(second.dueAt)
    expect(bodies(back).sort()).toEqual(['Ringede og spurgte til status', 'Vi har modtaget din anmodning.'])
    expect(bodies(kept)).toEqual(['Tak for din nye henvendelse.'])
    expect(eventsOf(back, 'merge_undone')).toHaveLength(1)
    expect(await page(kept)).not.toContain(t('duplicates.mergedHereTitle'))
    // Still the same person: offered again, never merged by itself.
    expect(findDuplicates(app.db, kept).map((d) => d.request.id)).toEqual([first.id])
  })
})

describe('pauses and extensions', () => {
  test('the request that goes on keeps its own extension, counted again from the earliest receipt', async () => {
    const earlier = (await newRequest(app.db, org, { language: 'en', name: 'Erik Forlænget', email: 'erik@example.com' })).request
    advanceClock(5 * DAY)
    const later = (await newRequest(app.db, org, { language: 'en', name: 'Erik Forlænget', email: 'erik@example.com' })).request
    verifyIdentity(app.db, { ...act(later), method: 'known_customer_details' })
    extendRequest(app.db, { ...act(later), months: 2, reason: 'Mange systemer' })
    const extendedDue = reloadRequest(app.db, later).dueAt
    mergeRequests(app.db, { ...act(earlier), otherId: later.id })
    const merged = reloadRequest(app.db, later)
    const org_ = app.db.select().from(organisations).where(eq(organisations.id, org.id)).get()!
    expect(merged.receivedAt).toEqual(earlier.receivedAt)
    expect(merged.extensionMonths).toBe(2)
    expect(merged.dueAt).toEqual(datesFromReceipt(earlier.receivedAt, org_, { extensionMonths: 2, pausedDays: 0 }).dueAt)
    // Brought forward by the five days between the receipts, never pushed back.
    expect(merged.dueAt.getTime()).toBeLessThan(extendedDue.getTime())
  })
})

describe('an unverified request never displaces a verified one', () => {
  test('an unconfirmed request cannot absorb a confirmed one, even filed first and merged from its own page', async () => {
    const unconfirmed = (await newRequest(app.db, org, { language: 'en', name: 'Vera Verified', email: 'vera@example.com', confirm: false })).request
    advanceClock(DAY)
    const confirmed = (await newRequest(app.db, org, { language: 'en', name: 'Vera Verified', email: 'vera@example.com' })).request
    expect(findDuplicates(app.db, unconfirmed).map((d) => d.request.id)).toEqual([confirmed.id])
    // The person's own page never speaks of the other request.
    await deliverAll(app.db, app.url)
    const person = new HttpClient(app.url)
    await person.post('/en/status?index', { reference: confirmed.reference, email: 'vera@example.com' })
    const mail = (await deliverAll(app.db, app.url)).find((m) => m.template === 'status-link')!
    await person.post(linkIn(mail, `${app.url}/en/status/open/`))
    expect(textOf((await person.get('/en/status/request')).html)).not.toContain(unconfirmed.reference)

    expect((await officerClient.post(`/en/officer/requests/${unconfirmed.id}?do=merge`, { intent: 'merge', other: String(confirmed.id) })).status).toBe(302)
    const kept = reloadRequest(app.db, confirmed)
    expect([kept.status, kept.closed]).toEqual(['received', false])
    // Never received (its address was not confirmed), the unconfirmed one lends no receipt.
    expect(kept.receivedAt).toEqual(confirmed.receivedAt)
    expect(reloadRequest(app.db, unconfirmed).outcome).toBe('merged')
    // Its reference leads only to the request that goes on, through the same address, confirmed there.
    await person.post('/en/status?index', { reference: unconfirmed.reference, email: 'vera@example.com' })
    expect((await deliverAll(app.db, app.url)).filter((m) => m.template === 'status-link').map((m) => m.requestId)).toEqual([confirmed.id])
  })

  test('a confirmed request whose sender is unchecked cannot absorb one whose identity was verified', async () => {
    const earlier = (await newRequest(app.db, org, { language: 'en', name: 'Ivar Identitet', email: 'ivar@example.com' })).request
    advanceClock(DAY)
    const checked = (await newRequest(app.db, org, { language: 'en', name: 'Ivar Identitet', email: 'ivar@example.com' })).request
    verifyIdentity(app.db, { ...act(checked), method: 'known_customer_details' })
    expect((await officerClient.post(`/en/officer/requests/${earlier.id}?do=merge`, { intent: 'merge', other: String(checked.id) })).status).toBe(302)
    expect(reloadRequest(app.db, checked).closed).toBe(false)
    expect(reloadRequest(app.db, earlier).outcome).toBe('merged')
  })

  test('the same name from another address merges only into a request whose sender was verified', async () => {
    const mine = (await newRequest(app.db, org, { language: 'en', name: 'Hanne Hemmelig', email: 'hanne@example.com' })).request
    const impostor = (await newRequest(app.db, org, { language: 'en', name: 'Hanne Hemmelig', email: 'someone.else@example.com' })).request
    expect(findDuplicates(app.db, impostor).map((d) => [d.request.id, d.basis])).toEqual([[mine.id, ['name']]])
    const reply = await officerClient.post(`/en/officer/requests/${impostor.id}?do=merge`, { intent: 'merge', other: String(mine.id) })
    expect(reply.status).toBe(200)
    expect(textOf(reply.html)).toContain(t('errors.mergeNeedsIdentity'))
    expect([reloadRequest(app.db, mine).closed, reloadRequest(app.db, impostor).closed]).toEqual([false, false])
    expect(eventsOf(mine, 'request_merged')).toEqual([])
  })
})

describe('isolation', () => {
  test('two organisations’ requests never match, and one cannot be merged into the other', async () => {
    const here = (await newRequest(app.db, org, { language: 'en', name: 'Otto Overalt', email: 'otto@example.com', phone: '31415927' })).request
    const there = (await newRequest(app.db, other, { language: 'en', name: 'Otto Overalt', email: 'otto@example.com', phone: '+45 31 41 59 27' })).request
    expect(here.phoneHash).toBe(there.phoneHash)
    expect(findDuplicates(app.db, here)).toEqual([])
    expect(findDuplicates(app.db, there)).toEqual([])
    expect(idsWithOpenDuplicates(app.db, { orgId: org.id, ids: [here.id, there.id] }).size).toBe(0)
    expect(await page(here)).not.toContain(t('actions.merge.heading'))
    const reply = await officerClient.post(`/en/officer/requests/${here.id}?do=merge`, { intent: 'merge', other: String(there.id) })
    expect(reply.status).toBe(200)
    expect([reloadRequest(app.db, here).closed, reloadRequest(app.db, there).closed]).toEqual([false, false])
  })

  test('a phone number written another way matches within the organisation', async () => {
    const a = (await newRequest(app.db, org, { language: 'en', name: 'Pia Phone', email: 'pia@example.com', phone: '0045 27 18 28 18' })).request
    const b = (await newRequest(app.db, org, { language: 'en', name: 'P. Phone', email: 'pia.work@example.com', phone: '27 18 28 18' })).request
    expect(findDuplicates(app.db, b).map((d) => [d.request.id, d.basis])).toEqual([[a.id, ['phone']]])
    // A request stored before numbers were hashed gets its hash from the housekeeping, and is found again.
    app.db.update(requests).set({ phoneHash: null }).where(eq(requests.id, a.id)).run()
    expect(findDuplicates(app.db, b)).toEqual([])
    housekeep(app.db)
    expect(reloadRequest(app.db, a).phoneHash).toBe(b.phoneHash)
    expect(findDuplicates(app.db, b).map((d) => d.request.id)).toEqual([a.id])
  })
})
