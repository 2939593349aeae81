import { createHash, createHmac, hkdfSync } from 'node:crypto'
import Database from 'better-sqlite3'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { getDb, type DB } from '#db/client.server'
import { answerDocuments, answers, events, type Organisation, type Request, type User } from '#db/schema'
import { touchSession } from '~/data/sessions.server'
import { answerForPerson, AnswerInvalidError, DOWNLOAD_WINDOW, downloadDocument, openDownloadLink, prepareAnswer, sendAnswer, sendDownloadLink } from '~/domain/answers.server'
import { API_CALLS_PER_MINUTE, authenticateApiKey, createApiKey } from '~/domain/api-keys.server'
import { isListed, phoneKey } from '~/domain/do-not-contact.server'
import { officerActor } from '~/domain/events'
import { verifyIdentity } from '~/domain/requests.server'
import { advanceClock, nowMs, resetClock, setClock } from '~/utils/clock'
import { env } from '~/utils/env.server'
import { phoneE164 } from '~/utils/phone-number.server'
import { deliverAll, linkIn, tokenOf } from './support/mail'
import { createOfficer } from './support/officers'
import { loadDemoOrganisations, newRequest, reloadRequest } from './support/requests'

// The guards around an answer once it exists, on a real database file and
// through the real transitions, without a server: whose documents a person's
// session opens, and when; where the download link goes and what it opens;
// which API key is whose, and how often it may call; what the do-not-contact
// list stores; a refusal without its reasons. (The same through HTTP is in
// tests/answers.test.ts.) Fast enough for the mutation run.

let db: DB
let orgs: Record<string, Organisation>
let officer: User

beforeAll(() => {
  setClock('2026-06-01T08:00:00Z')
  db = getDb()
  orgs = loadDemoOrganisations(db)
  officer = createOfficer(db, { orgId: orgs['lygtebaererne']!.id, role: 'admin' })
})
afterAll(() => resetClock())

const act = (r: Pick<Request, 'id' | 'orgId'>) => ({ orgId: r.orgId, requestId: r.id, officerId: officer.id })

/** An access request at the Danish association, answered "we hold no data about you": a letter and its JSON. */
async function answered(name: string): Promise<{ request: Request; documents: number[] }> {
  const { request } = await newRequest(db, orgs['lygtebaererne']!, { language: 'en', name, email: `${name.toLowerCase().replace(/\W+/g, '.')}@example.com` })
  verifyIdentity(db, { ...act(request), method: 'known_customer_details' })
  prepareAnswer(db, { ...act(request), outcome: 'no_data' })
  await sendAnswer(db, act(request))
  const documents = db.select({ id: answerDocuments.id }).from(answerDocuments).where(eq(answerDocuments.requestId, request.id)).all().map((d) => d.id)
  expect(documents.length).toBeGreaterThan(0)
  return { request: reloadRequest(db, request), documents }
}

const downloads = (r: Pick<Request, 'id'>) => db.select().from(events).where(and(eq(events.requestId, r.id), eq(events.kind, 'answer_downloaded'))).all()

describe('a person’s download', () => {
  test('opens their own request’s documents only, never another request’s of the same organisation', async () => {
    const mine = await answered('Mette Mine')
    const theirs = await answered('Tove Theirs')
    expect(mine.request.orgId).toBe(theirs.request.orgId)
    const open = new Date(nowMs() + DOWNLOAD_WINDOW)
    for (const id of theirs.documents) {
      expect(downloadDocument(db, { request: mine.request, downloadsUntil: open, documentId: id }), `document ${id}`).toEqual({ ok: false, reason: 'notFound' })
    }
    expect(downloads(mine.request)).toHaveLength(0)
    expect(downloads(theirs.request)).toHaveLength(0)
    // Their own, the same way, is theirs to download.
    const own = downloadDocument(db, { request: mine.request, downloadsUntil: open, documentId: mine.documents[0]! })
    expect(own.ok).toBe(true)
    expect(downloads(mine.request)).toHaveLength(1)
  })

  test('needs the fresh confirmation of their address, within its hour, and the organisation’s period', async () => {
    const { request, documents } = await answered('Frida Fresh')
    const documentId = documents[0]!
    expect(downloadDocument(db, { request, downloadsUntil: null, documentId }), 'a session no download link opened').toEqual({ ok: false, reason: 'confirm' })
    expect(downloadDocument(db, { request, downloadsUntil: new Date(nowMs()), documentId }), 'its hour just over').toEqual({ ok: false, reason: 'confirm' })
    expect(downloads(request)).toHaveLength(0)
    const open = new Date(nowMs() + DOWNLOAD_WINDOW)
    expect(downloadDocument(db, { request, downloadsUntil: open, documentId }).ok).toBe(true)
    // A document id that is no document, or not a positive integer.
    for (const id of [0, -1, Number.NaN, 1e20, documentId + 10_000]) expect(downloadDocument(db, { request, downloadsUntil: open, documentId: id }), String(id)).toEqual({ ok: false, reason: 'notFound' })
    // Past the organisation's period, even a fresh confirmation opens nothing.
    const answer = db.select().from(answers).where(eq(answers.requestId, request.id)).get()!
    advanceClock(answer.downloadUntil!.getTime() - nowMs())
    expect(downloadDocument(db, { request, downloadsUntil: new Date(nowMs() + DOWNLOAD_WINDOW), documentId })).toEqual({ ok: false, reason: 'expired' })
    expect(downloads(request)).toHaveLength(1)
    setClock('2026-06-01T08:00:00Z')
  })
})

describe('the download link', () => {
  test('goes to the request’s own confirmed address once its answer is sent, opens downloads for an hour, and works once', async () => {
    const { request: unsent } = await newRequest(db, orgs['lygtebaererne']!, { language: 'en', name: 'Ulrik Unsent' })
    expect(sendDownloadLink(db, unsent), 'nothing sent yet').toBe(false)
    expect(answerForPerson(db, unsent)).toBeNull()

    const { request } = await answered('Linus Link')
    const listed = answerForPerson(db, request)!
    expect(listed.expired).toBe(false)
    expect(listed.documents.map((d) => d.id)).toEqual(db.select({ id: answerDocuments.id }).from(answerDocuments).where(eq(answerDocuments.requestId, request.id)).all().map((d) => d.id))
    await deliverAll(db)
    expect(sendDownloadLink(db, request)).toBe(true)
    const mails = await deliverAll(db)
    expect(mails.map((m) => [m.template, m.to_, m.requestId])).toEqual([['download-link', request.subjectEmail, request.id]])
    expect(db.select().from(events).where(and(eq(events.requestId, request.id), eq(events.kind, 'download_link_sent'))).all()).toHaveLength(1)

    const token = tokenOf(linkIn(mails[0]!, 'http'))
    const opened = openDownloadLink(db, token)
    if (!opened.ok) throw new Error(`the link did not open: ${opened.reason}`)
    expect(opened.request.id).toBe(request.id)
    const session = touchSession(db, 'subject', opened.sessionToken, 60_000)!
    expect(session.requestId).toBe(request.id)
    expect(session.downloadsUntil?.getTime()).toBe(nowMs() + DOWNLOAD_WINDOW)
    expect(openDownloadLink(db, token)).toEqual({ ok: false, reason: 'used' })
    expect(openDownloadLink(db, `${token}x`)).toEqual({ ok: false, reason: 'invalid' })
    expect(openDownloadLink(db, '')).toEqual({ ok: false, reason: 'invalid' })

    // Past the organisation's period: no link, and the answer is listed as expired.
    const answer = db.select().from(answers).where(eq(answers.requestId, request.id)).get()!
    advanceClock(answer.downloadUntil!.getTime() - nowMs())
    expect(answerForPerson(db, request)!.expired).toBe(true)
    expect(sendDownloadLink(db, request)).toBe(false)
    expect(await deliverAll(db)).toEqual([])
    setClock('2026-06-01T08:00:00Z')
  })
})

describe('an API key', () => {
  const org = () => orgs['dyrevaernsringen']!
  const actor = () => officerActor(createOfficer(db, { orgId: org().id, role: 'admin' }).id)

  test('is matched by its whole hash: the right visible prefix with another rest is nobody’s key', () => {
    const { key, row } = createApiKey(db, { orgId: org().id, label: 'Dialler', actor: actor() })
    expect(authenticateApiKey(db, `Bearer ${key}`)).toMatchObject({ ok: true, keyId: row.id, org: { id: org().id } })
    // The prefix is what the key page shows; the rest is what makes it a key.
    expect(key.startsWith(row.prefix)).toBe(true)
    const rest = key.slice(row.prefix.length)
    for (const forged of [`${row.prefix}${rest.slice(0, -1)}${rest.endsWith('A') ? 'B' : 'A'}`, `${row.prefix}${'x'.repeat(rest.length)}`, row.prefix, `${key}x`, key.slice(0, -1)]) {
      expect(authenticateApiKey(db, `Bearer ${forged}`), forged).toEqual({ ok: false, reason: 'unauthorized' })
    }
    for (const header of [key, `Basic ${key}`, `Bearer  `, '', null, `Bearer ${key.slice(4)}`]) expect(authenticateApiKey(db, header), String(header)).toEqual({ ok: false, reason: 'unauthorized' })
  })
})

describe('the do-not-contact API’s limit', () => {
  test(`is ${API_CALLS_PER_MINUTE} calls a minute per organisation, all its keys together, and opens again the next minute`, () => {
    const fi = orgs['aivokipina']!
    const other = orgs['granlia-dyreklinikk']!
    const make = (orgId: number, label: string) => createApiKey(db, { orgId, label, actor: { kind: 'operator', userId: null } }).key
    const keys = [make(fi.id, 'Dialler 1'), make(fi.id, 'Dialler 2')]
    const call = (key: string) => authenticateApiKey(db, `Bearer ${key}`)
    // The clock stands still: every call is in the same minute, alternating between the two keys.
    for (let i = 0; i < API_CALLS_PER_MINUTE; i++) expect(call(keys[i % 2]!).ok, `call ${i + 1}`).toBe(true)
    for (const key of keys) expect(call(key)).toEqual({ ok: false, reason: 'rateLimited' })
    // A third key made now buys no more calls.
    expect(call(make(fi.id, 'Dialler 3'))).toEqual({ ok: false, reason: 'rateLimited' })
    // Another organisation's calls are counted apart; a key that is nobody's is refused as such, not as limited.
    expect(call(make(other.id, 'Theirs')).ok).toBe(true)
    expect(call(`${keys[0]!.slice(0, -1)}!`)).toEqual({ ok: false, reason: 'unauthorized' })
    advanceClock(60_000)
    for (const key of keys) expect(call(key).ok).toBe(true)
    setClock('2026-06-01T08:00:00Z')
  })
})

describe('the do-not-contact list', () => {
  test('stores a phone number and an address only as keyed hashes that cannot be recomputed without INDEX_KEY', async () => {
    const dk = orgs['dyrevaernsringen']!
    const phone = '+45 27 18 28 18'
    const email = 'Ring.Aldrig@Example.com'
    const { request } = await newRequest(db, dk, { type: 'objection', details: { type: 'objection', ground: 'direct_marketing' }, name: 'Ring Aldrig', email, phone })
    expect(isListed(db, dk, { phone: '27182818' })).toBe(true)

    // What the file holds, read past the portal's own code.
    db.$client.pragma('wal_checkpoint(TRUNCATE)')
    const raw = new Database(process.env.DATABASE_PATH!, { readonly: true })
    const stored = raw.prepare('SELECT channel, value_hash AS value FROM suppressions WHERE request_id = ? ORDER BY channel').all(request.id) as Array<{ channel: string; value: string }>
    raw.close()
    expect(stored.map((s) => s.channel)).toEqual(['email', 'phone'])

    // Keyed by the number in E.164 form (libphonenumber-js, the organisation's country for a number without its code).
    const digits = phoneKey(phone, 'DK')
    const key = phoneE164(phone, 'DK')!
    expect(key).toBe('+4527182818')
    const candidates = {
      phone: [phone, digits, `45${digits}`, `${dk.id}:phone:${digits}`, key, `${dk.id}:phone:${key}`, `phone:${key}`],
      email: [email, email.toLowerCase(), `${dk.id}:email:${email.toLowerCase()}`, `email:${email.toLowerCase()}`],
    }
    // The key: HKDF of INDEX_KEY for this purpose alone (app/utils/crypto.server.ts).
    const purposeKey = Buffer.from(hkdfSync('sha256', env().INDEX_KEY, Buffer.alloc(0), 'rights-portal:do-not-contact', 32))
    for (const { channel, value } of stored) {
      const inputs = candidates[channel as 'phone' | 'email']
      for (const input of inputs) {
        for (const algorithm of ['sha256', 'sha512', 'sha1', 'md5', 'sha3-256']) {
          const digest = createHash(algorithm).update(input, 'utf8').digest()
          for (const text of [digest.toString('hex'), digest.toString('base64'), digest.toString('base64url')]) expect(value, `${channel}: ${algorithm} of "${input}"`).not.toBe(text)
        }
      }
      expect(value, `${channel}: HMAC-SHA256 under the do-not-contact key from INDEX_KEY`).toBe(createHmac('sha256', purposeKey).update(inputs.at(-2)!, 'utf8').digest('hex'))
      // The same HMAC under any other key, INDEX_KEY itself included, is another value.
      expect(value).not.toBe(createHmac('sha256', env().INDEX_KEY).update(inputs.at(-2)!, 'utf8').digest('hex'))
    }
  })
})

describe('a refusal', () => {
  test('without its reasons is refused by the domain, with the form’s own message, and nothing is stored', async () => {
    const { request } = await newRequest(db, orgs['lygtebaererne']!, { language: 'en', name: 'Rasmus Reasonless' })
    for (const [outcome, reasons] of [
      ['refused', undefined],
      ['refused', '   '],
      ['partly_granted', ''],
    ] as const) {
      let thrown: unknown
      try {
        prepareAnswer(db, { ...act(request), outcome, grounds: ['excessive'], reasons })
      } catch (error) {
        thrown = error
      }
      expect(thrown, `${outcome} with ${JSON.stringify(reasons)}`).toBeInstanceOf(AnswerInvalidError)
      expect((thrown as AnswerInvalidError).code).toBe('refusalReasonRequired')
    }
    expect(db.select().from(answers).where(eq(answers.requestId, request.id)).all()).toEqual([])
    expect(db.select().from(events).where(and(eq(events.requestId, request.id), eq(events.kind, 'answer_prepared'))).all()).toEqual([])
  })
})
