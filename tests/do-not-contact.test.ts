import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { answerDocuments, events, organisations, suppressions, type Organisation, type Request, type User } from '#db/schema'
import { main } from '~/cli/main'
import { upsertSuppression } from '~/data/answers.server'
import { pdfText } from '~/documents/test-support'
import { availableActions, loadActionContext } from '~/domain/actions.server'
import { AnswerInvalidError, prepareAnswer, sendAnswer } from '~/domain/answers.server'
import { createApiKey } from '~/domain/api-keys.server'
import { contactDetailsOf, isListed, phoneKey } from '~/domain/do-not-contact.server'
import { fixedT } from '~/i18n/i18n'
import { housekeep } from '~/jobs/housekeeping.server'
import { write } from '#db/client.server'
import { keyedHash } from '~/utils/crypto.server'
import { nowMs, resetClock, setClock } from '~/utils/clock'
import { startApp, type TestApp } from './support/app'
import { textOf } from './support/http'
import { createOfficer, signedInCookie } from './support/officers'
import { newRequest, reloadRequest } from './support/requests'

// The do-not-contact list as Art. 21(2)–(3) wants it: an objection to direct
// marketing lists every phone number the person gives (the organisation's own
// "number you called from" field too), read as one number however it is
// written, and the address, as keyed hashes with no end date; the officer sees
// which details are listed; the letter says so; "we hold no data about you" is
// refused while any is; and the person's withdrawal takes them off through the
// officer's action, the CLI and the API. Real server, real database file.

let app: TestApp
let org: Organisation
let officer: User
let key: string

const DM = { type: 'objection' as const, ground: 'direct_marketing' as const }
/** The demo's invented number of Bent Ravnsbjerg (db/samples/people.ts), in every way a Dane writes it. */
const DEMO_FORMATS = ['+45 00 00 10 01', '0045 00001001', '0045 00 00 10 01', '00 00 10 01', '00001001', '+4500001001', '+45-00-00-10-01', '(+45) 0000 1001', 'tel:+4500001001']

beforeAll(async () => {
  setClock('2026-06-01T08:00:00Z')
  app = await startApp()
  org = app.db.select().from(organisations).where(eq(organisations.slug, 'dyrevaernsringen')).get()!
  officer = createOfficer(app.db, { orgId: org.id, role: 'admin' })
  key = createApiKey(app.db, { orgId: org.id, label: 'Dialler', actor: { kind: 'operator', userId: null } }).key
})

afterAll(async () => {
  await app?.close()
  resetClock()
})

const act = (r: Pick<Request, 'id' | 'orgId'>) => ({ orgId: r.orgId, requestId: r.id, officerId: officer.id })
const api = (route: 'check' | 'remove', body: unknown, auth = `Bearer ${key}`) =>
  fetch(`${app.url}/api/v1/do-not-contact/${route}`, { method: 'POST', headers: { Authorization: auth, 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
/** The CLI's own entry point, in this process: its exit code and what it printed. */
async function cli(...args: string[]): Promise<{ status: number; stdout: string }> {
  const out: string[] = []
  const [log, error] = [console.log, console.error]
  console.log = console.error = (...a: unknown[]) => void out.push(a.join(' '))
  try {
    return { status: await main(args), stdout: out.join('\n') }
  } finally {
    ;[console.log, console.error] = [log, error]
  }
}
/** As the operator runs it: a process of its own on the same database file (slow: once per command). */
const cliProcess = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'app/cli/main.ts', ...args], { env: process.env, encoding: 'utf8' })
const eventsOf = (r: Pick<Request, 'id'>, kind: string) => app.db.select().from(events).where(and(eq(events.requestId, r.id), eq(events.kind, kind))).all()

function objection(name: string, o: { phone?: string; called?: string; email?: string } = {}) {
  return newRequest(app.db, org, {
    language: 'da',
    type: 'objection',
    details: DM,
    name,
    email: o.email ?? `${name.toLowerCase().replace(/\W+/g, '.')}@example.com`,
    phone: o.phone,
    identifiers: o.called ? { phoneNumber: o.called } : {},
  })
}

describe('a caller’s objection to direct marketing', () => {
  let bent: Request

  test('lists the number from the hotline’s own identifier field, the phone field and the address, however the number is written; none is in the database file', async () => {
    ;({ request: bent } = await objection('Bent Ravnsbjerg', { called: '00 00 10 01', phone: '+45 31 41 59 27' }))

    // What was listed, by source, never by value; no end date.
    const added = eventsOf(bent, 'suppression_added')
    expect(added).toHaveLength(1)
    expect(added[0]!.data).toEqual({ channels: ['phone', 'email'], expiresAt: null, sources: ['phone', 'identifier:phoneNumber', 'email'] })
    const rows = app.db.select().from(suppressions).where(eq(suppressions.requestId, bent.id)).all()
    expect(rows).toHaveLength(3)
    expect(rows.map((r) => r.expiresAt)).toEqual([null, null, null])

    for (const written of DEMO_FORMATS) {
      expect(isListed(app.db, org, { phone: written }), written).toBe(true)
      const reply = await api('check', { phone: written })
      expect(reply.status, written).toBe(200)
      expect(await reply.json(), written).toEqual({ listed: true })
    }
    for (const written of ['31 41 59 27', '0045 31415927', '+45 3141 5927']) expect(isListed(app.db, org, { phone: written }), written).toBe(true)
    expect(isListed(app.db, org, { email: 'Bent.Ravnsbjerg@Example.com' })).toBe(true)
    // The same digits in another country, or another number, are not listed.
    for (const other of ['+47 00 00 10 01', '+45 00 00 10 02', '+45 31 41 59 28']) {
      expect(isListed(app.db, org, { phone: other }), other).toBe(false)
      expect(await (await api('check', { phone: other })).json(), other).toEqual({ listed: false })
    }
    // The operator's check.
    for (const written of DEMO_FORMATS) expect((await cli('do-not-contact', org.slug, written)).status, written).toBe(0)
    expect((await cli('do-not-contact', org.slug, '+45 00 00 10 02')).status).toBe(3)

    app.db.$client.pragma('wal_checkpoint(TRUNCATE)')
    const file = process.env.DATABASE_PATH!
    const raw = Buffer.concat([fs.readFileSync(file), ...(fs.existsSync(`${file}-wal`) ? [fs.readFileSync(`${file}-wal`)] : [])])
    for (const encoding of ['latin1', 'utf16le'] as const) {
      const text = raw.toString(encoding)
      for (const written of [...DEMO_FORMATS, '4500001001', '31415927', '31 41 59 27', '4531415927', 'bent.ravnsbjerg@example.com']) expect(text, `${written} (${encoding})`).not.toContain(written)
    }
  })

  test('the officer sees which details are listed, by their labels, and may answer without an identity check; "no data" is refused', async () => {
    const cookie = signedInCookie(app.db, officer)
    const t = fixedT('da', 'officer')
    const html = await (await fetch(`${app.url}/da/officer/requests/${bent.id}`, { headers: { Cookie: cookie } })).text()
    const section = textOf(/<section aria-labelledby="do-not-contact-heading">([\s\S]*?)<\/section>/.exec(html)![1]!)
    expect(section).toContain(t('doNotContact.heading'))
    for (const label of [t('doNotContact.source.phone'), 'Telefonnummer, du ringede fra', t('doNotContact.source.email')]) expect(section).toContain(`${label} ${t('doNotContact.state.listed')}`)
    expect(section).not.toMatch(/00 00 10 01|31 41 59 27|@/)
    expect(html).toContain(`?do=unlist`)
    // The timeline names what went on the list, by label too.
    const timeline = textOf(/<section aria-labelledby="timeline-heading">([\s\S]*?)<\/section>/.exec(html)![1]!)
    expect(timeline).toContain(`${t('timeline.suppression_added')}`)
    expect(timeline).toContain(`${t('doNotContact.source.phone')}, Telefonnummer, du ringede fra, ${t('doNotContact.source.email')}`)

    // The answer form offers no "we hold no data about you", and the domain refuses it, also for another right of the same person.
    const form = await (await fetch(`${app.url}/da/officer/requests/${bent.id}?do=answer`, { headers: { Cookie: cookie } })).text()
    expect(form).toContain('value="granted"')
    expect(form).not.toContain('value="no_data"')
    expect(() => prepareAnswer(app.db, { ...act(bent), outcome: 'no_data' })).toThrow(expect.objectContaining({ code: 'noDataWhileListed' }))
    const { request: access } = await newRequest(app.db, org, { language: 'da', type: 'access', name: 'Bent Ravnsbjerg', email: 'bent.ravnsbjerg@example.com' })
    expect(() => prepareAnswer(app.db, { ...act(access), outcome: 'no_data' })).toThrow(AnswerInvalidError)

    // Granted, and sent with no identity check: nothing in it says more than the person gave.
    expect(reloadRequest(app.db, bent).identityVerifiedAt).toBeNull()
    prepareAnswer(app.db, { ...act(bent), outcome: 'granted', decisions: [{ category: 'caller-contact', action: 'stopped' }] })
    const ctx = loadActionContext(app.db, { org, officer, requestId: bent.id, now: new Date(nowMs()), lang: 'da' })
    expect(availableActions(ctx).find((a) => a.id === 'send')).toEqual({ id: 'send', available: true })
    await sendAnswer(app.db, act(bent))
    expect(reloadRequest(app.db, bent)).toMatchObject({ status: 'completed', outcome: 'granted' })
  })

  test('the letter names the list and each detail on it, kept as keyed hashes with no end date', () => {
    const doc = app.db.select().from(answerDocuments).where(eq(answerDocuments.requestId, bent.id)).get()!
    const text = pdfText(doc.content)
    const t = fixedT('da', 'documents')
    for (const line of [t('doNotContact.heading'), t('doNotContact.listed', { org: org.name }), t('doNotContact.hashes'), t('doNotContact.noExpiry'), t('doNotContact.withdraw', { email: org.privacyEmail })]) {
      expect(text).toContain(line)
    }
    for (const label of ['Telefonnummer', 'Telefonnummer, du ringede fra', 'E-mailadresse']) expect(text).toContain(`• ${label}`)
    expect(text).toContain('uden slutdato')
    // The numbers themselves are not in it (the address is, as the letter's addressee).
    expect(text).not.toMatch(/00 00 10 01|00001001|31 41 59 27|4500001001/)
  })

  test('stays listed past the register’s 12 months: an objection has no end date, and housekeeping keeps it', () => {
    setClock('2028-01-01T08:00:00Z')
    try {
      housekeep(app.db)
      expect(isListed(app.db, org, { phone: '+45 00 00 10 01' })).toBe(true)
      expect(app.db.select().from(suppressions).where(eq(suppressions.requestId, bent.id)).all()).toHaveLength(3)
    } finally {
      setClock('2026-06-01T08:00:00Z')
    }
  })

  test('an entry made for another purpose keeps its own period and is deleted when it ends', () => {
    const hash = keyedHash('do-not-contact', `${org.id}:phone:+4500005005`)
    write(app.db, (tx) => upsertSuppression(tx, { orgId: org.id, channel: 'phone', valueHash: hash, requestId: null, expiresAt: new Date(nowMs() + 86_400_000) }))
    expect(isListed(app.db, org, { phone: '00 00 50 05' })).toBe(true)
    setClock('2026-06-03T08:00:00Z')
    try {
      expect(isListed(app.db, org, { phone: '00 00 50 05' })).toBe(false)
      expect(housekeep(app.db).doNotContact).toBe(1)
      expect(app.db.select().from(suppressions).where(eq(suppressions.valueHash, hash)).all()).toEqual([])
    } finally {
      setClock('2026-06-01T08:00:00Z')
    }
  })

  test('comes off the list when the officer records the withdrawal, and only with the confirmation', async () => {
    const cookie = signedInCookie(app.db, officer)
    const post = (body: Record<string, string>) =>
      fetch(`${app.url}/da/officer/requests/${bent.id}?do=unlist`, { method: 'POST', headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body).toString(), redirect: 'manual' })
    const form = await (await fetch(`${app.url}/da/officer/requests/${bent.id}?do=unlist`, { headers: { Cookie: cookie } })).text()
    expect(textOf(form)).toContain('Telefonnummer, du ringede fra')

    const unconfirmed = await post({ intent: 'unlist' })
    expect(unconfirmed.status).toBe(200)
    expect(textOf(await unconfirmed.text())).toContain(fixedT('da', 'officer')('doNotContact.confirmRequired'))
    expect(isListed(app.db, org, { phone: '00001001' })).toBe(true)

    const done = await post({ intent: 'unlist', confirm: 'withdrawn' })
    expect(done.status).toBe(302)
    for (const written of [...DEMO_FORMATS, '31 41 59 27']) expect(isListed(app.db, org, { phone: written }), written).toBe(false)
    expect(isListed(app.db, org, { email: 'bent.ravnsbjerg@example.com' })).toBe(false)
    expect(await (await api('check', { phone: '+45 00 00 10 01' })).json()).toEqual({ listed: false })
    expect(eventsOf(bent, 'suppression_removed').map((e) => e.data)).toEqual([{ channels: ['phone', 'email'], sources: ['phone', 'identifier:phoneNumber', 'email'], entries: 3, via: 'officer' }])
    // Nothing left to remove: the action is no longer offered.
    const after = await (await fetch(`${app.url}/da/officer/requests/${bent.id}`, { headers: { Cookie: cookie } })).text()
    expect(after).not.toContain('?do=unlist')
  })
})

describe('the numbers a telemarketing agency’s caller gives', () => {
  test('the number they were called on and the agency’s own phone field are listed with the address', () => {
    const klartone = app.db.select().from(organisations).where(eq(organisations.slug, 'klartone-tm')).get()!
    const request = {
      subjectPhone: null,
      subjectEmail: 'kaldt@example.com',
      subjectIdentifiers: { phoneNumber: '+45 00 00 60 06' },
      details: { type: 'objection' as const, ground: 'direct_marketing', call: { number: '+4500006007', on: '2026-05-20' } },
    }
    expect(contactDetailsOf(request, klartone).map((d) => [d.source, d.channel])).toEqual([
      ['call', 'phone'],
      ['identifier:phoneNumber', 'phone'],
      ['email', 'email'],
    ])
    // A field that is not a phone number is not one of them.
    expect(contactDetailsOf({ ...request, subjectIdentifiers: {}, details: { type: 'objection' as const, ground: 'direct_marketing' } }, org).map((d) => d.source)).toEqual(['email'])
  })
})

describe('removal when the person withdraws the objection', () => {
  test('through the CLI, however the number is written; an entry of the old key goes too', async () => {
    const { request } = await objection('Carla Cli', { phone: '+45 00 00 20 02' })
    // An entry made before phone numbers were read with libphonenumber-js: keyed by its digits.
    const legacy = '+45 31 41 59 29'
    write(app.db, (tx) => upsertSuppression(tx, { orgId: org.id, channel: 'phone', valueHash: keyedHash('do-not-contact', `${org.id}:phone:${phoneKey(legacy, 'DK')}`), requestId: null, expiresAt: null }))
    expect(isListed(app.db, org, { phone: '31415929' })).toBe(true)

    const removed = await cli('do-not-contact-remove', org.slug, '0045 00002002')
    expect(removed.status, removed.stdout).toBe(0)
    expect(removed.stdout).toContain('is off the do-not-contact list')
    expect(isListed(app.db, org, { phone: '+45 00 00 20 02' })).toBe(false)
    // The address is a detail of its own, still listed until it is removed too.
    expect(isListed(app.db, org, { email: request.subjectEmail! })).toBe(true)
    expect((await cli('do-not-contact-remove', org.slug, request.subjectEmail!)).status).toBe(0)
    expect(isListed(app.db, org, { email: request.subjectEmail! })).toBe(false)
    expect((await cli('do-not-contact-remove', org.slug, '0045 31 41 59 29')).status).toBe(0)
    expect(isListed(app.db, org, { phone: legacy })).toBe(false)

    const again = await cli('do-not-contact-remove', org.slug, '+45 00 00 20 02')
    expect(again.status).toBe(3)
    expect(again.stdout).toContain('was not on the do-not-contact list')
    expect((await cli('do-not-contact-remove', org.slug, 'not a number')).status).toBe(2)
    expect((await cli('do-not-contact-remove', 'no-such-org', '+45 00 00 20 02')).status).toBe(2)
    expect((await cli('do-not-contact-remove', '--help')).stdout).toContain('do-not-contact-remove <org-slug> <phone-or-email>')
    const logged = app.db.select().from(events).where(and(eq(events.orgId, org.id), eq(events.kind, 'do_not_contact_removed'))).all()
    expect(logged.map((e) => e.data)).toEqual([
      { channel: 'phone', entries: 1, via: 'cli' },
      { channel: 'email', entries: 1, via: 'cli' },
      { channel: 'phone', entries: 1, via: 'cli' },
      { channel: 'phone', entries: 0, via: 'cli' },
    ])
    expect(JSON.stringify(logged)).not.toMatch(/00002002|31415929|carla/i)
  })

  test('through the API, with the organisation’s key only', async () => {
    const { request } = await objection('Dan Api', { called: '+45 00 00 30 03' })
    expect(await (await api('check', { phone: '00003003' })).json()).toEqual({ listed: true })
    const other = createApiKey(app.db, { orgId: app.db.select().from(organisations).where(eq(organisations.slug, 'lygtebaererne')).get()!.id, label: 'Other', actor: { kind: 'operator', userId: null } })
    expect(await (await api('remove', { phone: '00003003' }, `Bearer ${other.key}`)).json()).toEqual({ removed: 0 })
    expect((await api('remove', { phone: '00003003' }, 'Bearer rpk_not-a-key')).status).toBe(401)
    expect((await api('remove', { phone: 'not a number' })).status).toBe(400)
    expect((await api('remove', { phone: '00003003', email: request.subjectEmail })).status).toBe(400)
    expect(await (await api('check', { phone: '00003003' })).json()).toEqual({ listed: true })

    const reply = await api('remove', { phone: '0045 00 00 30 03' })
    expect(reply.status).toBe(200)
    expect(await reply.json()).toEqual({ removed: 1 })
    expect(isListed(app.db, org, { phone: '+45 00 00 30 03' })).toBe(false)
    expect(await (await api('check', { phone: '+45 00 00 30 03' })).json()).toEqual({ listed: false })
    expect(await (await api('remove', { email: request.subjectEmail!.toUpperCase() })).json()).toEqual({ removed: 1 })
    expect(isListed(app.db, org, { email: request.subjectEmail! })).toBe(false)
    expect(await (await api('remove', { phone: '0045 00 00 30 03' })).json()).toEqual({ removed: 0 })
  })

  test('as the operator runs it: the process’s exit code is the answer', async () => {
    await objection('Erik Exit', { called: '00 00 40 04' })
    expect(cliProcess('do-not-contact', org.slug, '+45 00 00 40 04').status).toBe(0)
    const removed = cliProcess('do-not-contact-remove', org.slug, '0045 00004004')
    expect(removed.status, removed.stderr).toBe(0)
    expect(removed.stdout).toContain('is off the do-not-contact list')
    expect((await cli('do-not-contact-remove', org.slug, '00004004')).status).toBe(3)
    expect(isListed(app.db, org, { phone: '00 00 40 04' })).toBe(false)
  })
})
