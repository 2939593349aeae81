import { asc, eq } from 'drizzle-orm'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { getDb, type DB } from '#db/client.server'
import { events, outbox, type Organisation, type Request } from '#db/schema'
import { availableActions, loadActionContext } from '~/domain/actions.server'
import { answerInputOf, draftAnswer, prepareAnswer, sendAnswer } from '~/domain/answers.server'
import { responseLetter } from '~/domain/answer-documents'
import { ActionRefusedError, verifyIdentity } from '~/domain/requests.server'
import { liftRestriction, restrictionOf, restrictWhileAssessed } from '~/domain/restriction.server'
import { subjectHistory } from '~/domain/timeline'
import { fixedT, formatDate } from '~/i18n/i18n'
import { resetClock, setClock } from '~/utils/clock'
import { deliverAll } from './support/mail'
import { createOfficer } from './support/officers'
import { loadDemoOrganisations, newRequest, reloadRequest } from './support/requests'

// Restriction of processing (Art. 18; docs/decisions/024), against a real
// database, the real outbox and the real email: a granted restriction is
// lifted only after the person is told, and an objection may be assessed
// under restriction, which its letter says.

const START = '2026-02-10T09:00:00Z'
const DAY = 86_400_000

let db: DB
let org: Organisation
let officer: { id: number; role: 'officer' }

beforeAll(() => {
  db = getDb()
  org = loadDemoOrganisations(db)['fjordkanten-dyreklinikk']!
  officer = createOfficer(db, { orgId: org.id }) as { id: number; role: 'officer' }
})
beforeEach(() => setClock(START))
afterAll(() => resetClock())

const act = (r: Request) => ({ orgId: org.id, requestId: r.id, officerId: officer.id })
const offered = (r: Request) => availableActions(loadActionContext(db, { org, officer, requestId: r.id, now: new Date(START), lang: 'en' })).map((a) => a.id)
const kinds = (r: Request) => db.select().from(events).where(eq(events.requestId, r.id)).orderBy(asc(events.id)).all()

describe('lifting a restriction (Art. 18(3))', () => {
  test('the person is emailed before the restriction is lifted, in their language, and the lifting takes effect only after the notice', async () => {
    const { request } = await newRequest(db, org, { type: 'restriction', language: 'no', email: 'liv@example.com' })
    // Nothing to lift while the request is open.
    expect(offered(request)).not.toContain('liftRestriction')
    expect(() => liftRestriction(db, { ...act(request), days: 14 })).toThrow(ActionRefusedError)

    verifyIdentity(db, { ...act(request), method: 'known_customer_details' })
    const categories = org.profile.register.dataCategories.map((c) => c.key)
    prepareAnswer(db, { ...act(request), outcome: 'granted', decisions: categories.map((category) => ({ category, action: 'restricted' })) })
    await sendAnswer(db, act(request))
    await deliverAll(db)
    expect(reloadRequest(db, request)).toMatchObject({ status: 'completed', outcome: 'granted' })
    expect(offered(request)).toContain('liftRestriction')

    const { liftsAt } = liftRestriction(db, { ...act(request), days: 14 })
    expect(liftsAt.getTime()).toBe(new Date(START).getTime() + 14 * DAY)

    // The notice was queued in the same moment the lifting was recorded, and the lifting is 14 days later.
    const notice = db.select().from(outbox).where(eq(outbox.template, 'restriction-lifting')).all().filter((m) => m.requestId === request.id)
    expect(notice).toHaveLength(1)
    const recorded = kinds(request).filter((e) => e.kind === 'restriction_lift_notified')
    expect(recorded).toHaveLength(1)
    expect(notice[0]!.createdAt.getTime()).toBeLessThanOrEqual(recorded[0]!.at.getTime())
    expect(new Date((recorded[0]!.data as { liftsAt: string }).liftsAt).getTime()).toBeGreaterThan(notice[0]!.createdAt.getTime())

    // The email reaches the person, in Norwegian, with the date and a link, and nothing about their data.
    const mail = (await deliverAll(db)).find((m) => m.requestId === request.id && m.template === 'restriction-lifting')!
    expect(mail.to_).toBe('liv@example.com')
    const date = formatDate(liftsAt, 'no', org.timeZone)
    expect(mail.text).toContain(fixedT('no', 'officer')('emails.restrictionLifting.intro', { org: org.name, date }))
    expect(mail.text).toContain('artikkel 18 nr. 3')
    expect(mail.text).toMatch(/https?:\/\/\S+\/no\/status\/open\//)

    // The person's status page shows it, with the date; it is done once.
    const history = subjectHistory(kinds(request), [], { date: (d) => formatDate(d, 'no', org.timeZone), dateTime: String })
    expect(history.at(-1)).toMatchObject({ kind: 'restriction_lift_notified', details: [{ key: 'timeline.liftsOn', values: { date } }] })
    expect(restrictionOf(db, request).liftsAt).toEqual(liftsAt)
    expect(offered(request)).not.toContain('liftRestriction')
    expect(() => liftRestriction(db, { ...act(request), days: 7 })).toThrow(ActionRefusedError)
  })

  test('only a granted restriction request is lifted, after a number of days the officer chooses from the list', async () => {
    const { request } = await newRequest(db, org, { type: 'erasure' })
    prepareAnswer(db, { ...act(request), outcome: 'refused', grounds: ['manifestly_unfounded'], reasons: 'Samme krav for tiende gang' })
    await sendAnswer(db, act(request))
    expect(offered(request)).not.toContain('liftRestriction')
    expect(() => liftRestriction(db, { ...act(request), days: 14 })).toThrow(ActionRefusedError)
    expect(() => liftRestriction(db, { ...act(request), days: 0 })).toThrow()
  })
})

describe('an objection assessed under restriction (Art. 18(1)(d))', () => {
  test('is recorded, shown to the person, and stated in the answer letter; a refusal says the restriction ends with it', async () => {
    const details = { type: 'objection' as const, ground: 'particular_situation' as const, situation: 'Jeg vil ikke være med i statistikken.' }
    const { request } = await newRequest(db, org, { type: 'objection', language: 'da', details })
    expect(offered(request)).toContain('restrictWhileAssessed')
    restrictWhileAssessed(db, act(request))
    expect(restrictionOf(db, request).whileAssessed).toBe(true)
    expect(offered(request)).not.toContain('restrictWhileAssessed')
    expect(() => restrictWhileAssessed(db, act(request))).toThrow(ActionRefusedError)
    expect(subjectHistory(kinds(request), [], { date: String, dateTime: String }).map((e) => e.kind)).toContain('restricted_while_assessed')

    prepareAnswer(db, { ...act(request), outcome: 'refused', grounds: ['compelling_grounds'], reasons: 'Statistikken er nødvendig.' })
    const t = fixedT('da', 'documents')
    const letter = JSON.stringify(responseLetter(answerInputOf(db, reloadRequest(db, request), org, draftAnswer(db, act(request))!, new Date(START))))
    // The refusal is the notice, and the restriction ends a fortnight after it: never at the moment the person reads of it.
    expect(letter).toContain(t('response.restrictedWhileAssessed.ends', { date: formatDate(new Date(Date.parse(START) + 14 * DAY), 'da', org.timeZone) }))
    expect(letter).toContain('artikel 18, stk. 1, litra d')
  })

  test('is not offered for an objection to direct marketing, which is never weighed', async () => {
    const { request } = await newRequest(db, org, { type: 'objection' })
    expect(offered(request)).not.toContain('restrictWhileAssessed')
    expect(() => restrictWhileAssessed(db, act(request))).toThrow(ActionRefusedError)
  })
})
