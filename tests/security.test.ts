import http from 'node:http'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { answerDocuments, organisations, rateLimits, requestDrafts, requests, type Organisation } from '#db/schema'
import { emailHash } from '~/data/officer-requests.server'
import { totpCode } from '~/domain/totp.server'
import { prepareAnswer } from '~/domain/answers.server'
import { ADDRESS_CAP } from '~/domain/mail.server'
import { fixedT } from '~/i18n/i18n'
import { housekeep } from '~/jobs/housekeeping.server'
import { advanceClock, resetClock, setClock } from '~/utils/clock'
import { startApp, type TestApp } from './support/app'
import { HttpClient, textOf } from './support/http'
import { deliverAll } from './support/mail'
import { createOfficer, signedInCookie, TEST_PASSWORD } from './support/officers'
import { newRequest } from './support/requests'

// The attack suite: each hole found by trying the portal as an attacker
// would, with a test that fails without its fix. The threat model and the
// place of each test is in docs/security.md.

let app: TestApp
let org: Organisation
const en = fixedT('en', ['common', 'request', 'errors', 'auth'])

beforeAll(async () => {
  setClock('2026-05-04T08:00:00Z')
  app = await startApp()
  org = app.db.select().from(organisations).where(eq(organisations.slug, 'lygtebaererne')).get()!
})

afterAll(async () => {
  await app?.close()
  resetClock()
})

async function raw(path: string, init: RequestInit & { headers?: Record<string, string> } = {}) {
  const response = await fetch(app.url + path, { redirect: 'manual', ...init })
  return { status: response.status, headers: response.headers, text: await response.text() }
}

describe('1. no open redirect after officer sign-in', () => {
  test('after password and code, and at once when signed in, the Location stays on the portal', async () => {
    const officer = createOfficer(app.db, { orgId: org.id })
    const client = new HttpClient(app.url)
    const evil = encodeURIComponent('/en/officer/../../\\evil.example')
    const signIn = await client.post(`/en/officer/sign-in?redirectTo=${evil}`, { email: officer.email, password: TEST_PASSWORD, redirectTo: '/en/officer/../../\\evil.example' })
    expect(signIn.status).toBe(302)
    expect(signIn.location).toBe('/en/officer/two-factor')
    const code = await client.post('/en/officer/two-factor?redirectTo=' + evil, { code: totpCode(officer.totpSecret!) })
    expect(code.location).toBe('/en/officer/queue')
    const already = await client.get(`/en/officer/sign-in?redirectTo=${evil}`)
    expect(already.status).toBe(302)
    expect(already.location).toBe('/en/officer/queue')
    expect(already.location?.startsWith('/') && !already.location.startsWith('//') && !already.location.includes('\\')).toBe(true)
  })
})

describe('3. nobody can fill the disk', () => {
  test('a body over the limit is refused before it is read, in the page’s language', async () => {
    const huge = 'message=' + 'x'.repeat(400_000)
    const reply = await raw('/da/status/request', { method: 'POST', body: huge, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } })
    expect(reply.status).toBe(413)
    expect(reply.text).toContain(fixedT('da', 'errors')('errors:body.tooLargeTitle'))
  })

  test('a body with no length is refused (411), so nothing unmeasured is read', async () => {
    const reply = await new Promise<number>((resolve, reject) => {
      const url = new URL(`${app.url}/en/confirm/new`)
      const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Transfer-Encoding': 'chunked' } }, (res) => {
        res.resume()
        resolve(res.statusCode ?? 0)
      })
      req.on('error', reject)
      req.write('email=a%40b.example')
      req.end()
    })
    expect(reply).toBe(411)
  })

  test('switching language keeps only the page’s own fields, cut to their longest', async () => {
    const client = new HttpClient(app.url)
    await client.post(`/en/o/${org.slug}/request/right`, { type: 'access' })
    await client.post(`/en/o/${org.slug}/request/details`, { scope: 'all' })
    const junk: Record<string, string> = { _language: 'da', name: 'N'.repeat(5000), email: 'a@b.example' }
    for (let i = 0; i < 200; i++) junk[`junk${i}`] = 'J'.repeat(500)
    const switched = await client.post(`/en/o/${org.slug}/request/identity`, junk)
    expect(switched.status).toBe(302)
    const rows = app.db.select().from(requestDrafts).all()
    const draft = rows.map((r) => r.data as { unsent?: Record<string, Record<string, string>> }).find((d) => d.unsent?.identity)!
    expect(Object.keys(draft.unsent!.identity!)).toEqual(['name', 'email'])
    expect(draft.unsent!.identity!.name).toHaveLength(200)
  })

  test('one client can start only so many drafts an hour', async () => {
    let refused = 0
    for (let i = 0; i < 35; i++) {
      const reply = await new HttpClient(app.url).post(`/en/o/${org.slug}/request/right`, { type: 'access' })
      if (reply.status === 429) refused++
    }
    expect(refused).toBeGreaterThan(0)
    advanceClock(3_600_000)
  })
})

describe('4. "your request was sent" only when it was', () => {
  test('answers that expired are said to have expired, and nothing is filed', async () => {
    const client = new HttpClient(app.url)
    const email = 'expired.draft@example.com'
    for (const [step, form] of [
      ['right', { type: 'access' }],
      ['details', { scope: 'all' }],
      ['identity', { name: 'Ex Pired', email }],
    ] as const) {
      await client.post(`/en/o/${org.slug}/request/${step}`, form)
    }
    advanceClock(25 * 3_600_000)
    const sent = await client.post(`/en/o/${org.slug}/request/check`)
    expect(sent.status).toBe(302)
    expect(sent.location).toContain('expired=1')
    const page = await client.get(sent.location!)
    expect(textOf(page.html)).toContain(en('request:check.expiredTitle'))
    expect(app.db.select().from(requests).where(eq(requests.emailHash, emailHash(email))).all()).toHaveLength(0)
  })

  test('pressing send twice files once, and both presses are told it was sent', async () => {
    const client = new HttpClient(app.url)
    const email = 'twice.pressed@example.com'
    for (const [step, form] of [
      ['right', { type: 'access' }],
      ['details', { scope: 'all' }],
      ['identity', { name: 'Twice Pressed', email }],
    ] as const) {
      await client.post(`/en/o/${org.slug}/request/${step}`, form)
    }
    // A double click: the second press leaves before the first one's answer (which forgets the draft's cookie) arrives.
    const presses = await Promise.all([client.post(`/en/o/${org.slug}/request/check`), client.post(`/en/o/${org.slug}/request/check`)])
    expect(presses.map((p) => p.location)).toEqual(['/en/request/sent', '/en/request/sent'])
    expect(app.db.select().from(requests).where(eq(requests.emailHash, emailHash(email))).all()).toHaveLength(1)
  })
})

describe('5. a body that is not a form gets a clear answer, never a 500', () => {
  test.each([
    ['JSON', 'application/json', '{"email":"a@b.example"}', 415],
    ['text', 'text/plain', 'email=a@b.example', 415],
    ['no content type', '', 'email=a@b.example', 415],
    ['broken multipart', 'multipart/form-data; boundary=xyz', '--xyz\r\nContent-Disposition: form-data; name="email"\r\n\r\nno end', 400],
  ])('%s', async (_name, type, body, status) => {
    const headers: Record<string, string> = type ? { 'Content-Type': type } : {}
    const reply = await raw('/fi/confirm/new', { method: 'POST', body, headers })
    expect(reply.status).toBe(status)
    expect(reply.text).toContain(fixedT('fi', 'common')(`errorPages.${status === 415 ? 'unsupported' : 'badRequest'}Title`))
  })
})

describe('5. a body the page never reads', () => {
  test('does not stall the next request on the same connection', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
    const send = (method: string, path: string, headers: Record<string, string | number> = {}, body?: string) =>
      new Promise<number>((resolve, reject) => {
        const url = new URL(app.url + path)
        const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method, agent, headers, timeout: 3000 }, (res) => {
          res.resume()
          res.on('end', () => resolve(res.statusCode ?? 0))
        })
        req.on('timeout', () => req.destroy(new Error(`${method} ${path} stalled`)))
        req.on('error', reject)
        req.end(body)
      })
    // Refused for its type before a byte of it is read.
    const body = 'x'.repeat(200_000)
    expect(await send('POST', '/en/confirm/new', { 'Content-Type': 'text/plain', 'Content-Length': body.length }, body)).toBe(415)
    expect(await send('GET', '/en')).toBe(200)
    agent.destroy()
  })
})

describe('5. forty thousand ids in a bulk assignment', () => {
  test('are refused with the page’s own error, not a 500', async () => {
    const officer = createOfficer(app.db, { orgId: org.id })
    const body = new URLSearchParams({ intent: 'assign', assignee: String(officer.id) })
    for (let i = 0; i < 40_000; i++) body.append('ids', '1')
    const reply = await raw('/da/officer/queue', { method: 'POST', body: body.toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: signedInCookie(app.db, officer) } })
    expect(reply.status).toBeLessThan(500)
    expect(textOf(reply.text)).toContain(fixedT('da', 'officer')('officer:errors.tooManySelected'))
  })
})

describe('6. the headers of every response', () => {
  test('a page, a .data request and a static file carry the security headers; dynamic answers are not stored', async () => {
    for (const path of ['/en', '/en/organisations.data', '/favicon.svg', '/en/officer/sign-in']) {
      const reply = await raw(path)
      const csp = reply.headers.get('content-security-policy') ?? ''
      expect(csp, path).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}'/)
      expect(csp).toContain("frame-ancestors 'none'")
      expect(reply.headers.get('x-frame-options')).toBe('DENY')
      expect(reply.headers.get('x-content-type-options')).toBe('nosniff')
      if (!path.endsWith('.svg')) expect(reply.headers.get('cache-control'), path).toBe('no-store')
    }
  })

  test('every script and style of a page carries the response’s nonce', async () => {
    const reply = await raw('/en')
    const nonce = /'nonce-([^']+)'/.exec(reply.headers.get('content-security-policy')!)![1]!
    const scripts = [...reply.text.matchAll(/<script\b[^>]*>/g)].map((m) => m[0])
    expect(scripts.length).toBeGreaterThan(0)
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`)
    // A fresh nonce for every response: 16 random bytes, never repeated, also past the 256 the server draws at a time.
    expect((await raw('/en')).headers.get('content-security-policy')).not.toContain(nonce)
    const nonces = new Set<string>()
    for (let i = 0; i < 300; i++) nonces.add(/'nonce-([^']+)'/.exec((await raw('/favicon.svg')).headers.get('content-security-policy')!)![1]!)
    expect(nonces.size).toBe(300)
    for (const n of nonces) expect(Buffer.from(n, 'base64')).toHaveLength(16)
  })
})

describe('7. no lock-out, no amplification', () => {
  test(`an address gets at most ${ADDRESS_CAP.emails} confirmation or status emails an hour, whoever asks`, async () => {
    const victim = 'inbox.victim@example.com'
    await deliverAll(app.db, app.url)
    for (let i = 0; i < 12; i++) {
      await new HttpClient(app.url).post('/en/status?index', { reference: 'KKKK-KKKK', email: victim })
      await new HttpClient(app.url).post('/en/confirm/new', { email: victim })
    }
    const sent = (await deliverAll(app.db, app.url)).filter((m) => m.to_ === victim)
    expect(sent.length).toBeLessThanOrEqual(ADDRESS_CAP.emails)
  })
})

describe('7. nothing learnt about other organisations, nothing kept for ever', () => {
  test('inviting an address with an account elsewhere looks exactly like inviting a new one, and sends nothing', async () => {
    const other = app.db.select().from(organisations).where(eq(organisations.slug, 'fjordkanten-dyreklinikk')).get()!
    const elsewhere = createOfficer(app.db, { orgId: other.id, email: 'taken.elsewhere@example.com' })
    const admin = createOfficer(app.db, { orgId: org.id, role: 'admin' })
    await deliverAll(app.db, app.url)
    const invite = (email: string) =>
      raw('/en/officer/team', {
        method: 'POST',
        body: new URLSearchParams({ intent: 'invite', name: 'New Colleague', email, role: 'officer', language: 'en' }).toString(),
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: signedInCookie(app.db, admin) },
      })
    const fresh = await invite('brand.new.colleague@example.com')
    const taken = await invite(elsewhere.email)
    expect(taken.status).toBe(fresh.status)
    expect(taken.headers.get('location')).toBe(fresh.headers.get('location'))
    const sent = await deliverAll(app.db, app.url)
    expect(sent.map((m) => m.to_)).toEqual(['brand.new.colleague@example.com'])
  })

  test('the resend form stops one client asking for many addresses', async () => {
    const client = new HttpClient(app.url)
    const replies = []
    for (let i = 0; i < 25; i++) replies.push(await client.post('/en/confirm/new', { email: `many.${i}@example.com` }))
    expect(textOf(replies[24]!.html)).toContain(en('request:sent.limited'))
    expect(textOf(replies[0]!.html)).not.toContain(en('request:sent.limited'))
    advanceClock(3_600_000)
  })

  test('a rate-limit window holds no typed address, and is removed once it has ended', async () => {
    const typed = 'counted.address@example.com'
    await new HttpClient(app.url).post('/en/confirm/new', { email: typed })
    const rows = () => app.db.select().from(rateLimits).all()
    expect(JSON.stringify(rows())).not.toContain(typed)
    expect(rows().length).toBeGreaterThan(0)
    advanceClock(2 * 3_600_000)
    housekeep(app.db)
    expect(rows()).toHaveLength(0)
  })
})

describe('9. impersonation', () => {
  test('the officer is warned when the name of a request is on another request from another address', async () => {
    const officer = createOfficer(app.db, { orgId: org.id })
    const real = await newRequest(app.db, org, { name: 'Åse Ærlig-Øberg', email: 'aase.real@example.com' })
    const impostor = await newRequest(app.db, org, { name: 'åse  ærlig-øberg', email: 'not.aase@example.com' })
    const page = await raw(`/en/officer/requests/${impostor.request.id}`, { headers: { Cookie: signedInCookie(app.db, officer) } })
    const text = textOf(page.text)
    expect(text).toContain(fixedT('en', 'officer')('officer:request.sameNameTitle'))
    expect(text).toContain(real.request.reference)
    const unrelated = await newRequest(app.db, org, { name: 'Someone Else Entirely', email: 'else@example.com' })
    const calm = await raw(`/en/officer/requests/${unrelated.request.id}`, { headers: { Cookie: signedInCookie(app.db, officer) } })
    expect(textOf(calm.text)).not.toContain(fixedT('en', 'officer')('officer:request.sameNameTitle'))
  })

  test('nothing with personal data goes out before the identity is verified or overridden with a reason', async () => {
    const officer = createOfficer(app.db, { orgId: org.id })
    const { request } = await newRequest(app.db, org, { name: 'Ida Impostor', email: 'ida.impostor@example.com' })
    prepareAnswer(app.db, { orgId: org.id, requestId: request.id, officerId: officer.id, outcome: 'granted' })
    const reply = await raw(`/en/officer/requests/${request.id}?do=send`, {
      method: 'POST',
      body: new URLSearchParams({ intent: 'send' }).toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: signedInCookie(app.db, officer) },
    })
    expect(reply.status).toBe(200)
    expect(textOf(reply.text)).toContain(fixedT('en', 'officer')('officer:errors.identityNotVerified'))
    expect(app.db.select().from(requests).where(eq(requests.id, request.id)).get()!.status).not.toBe('completed')
    expect(app.db.select().from(answerDocuments).where(eq(answerDocuments.requestId, request.id)).all()).toHaveLength(0)
  })
})

describe('10. control and direction characters never reach the record', () => {
  test('a name and a text are stored normalised', async () => {
    const client = new HttpClient(app.url)
    const email = 'controls@example.com'
    await client.post(`/en/o/${org.slug}/request/right`, { type: 'erasure' })
    await client.post(`/en/o/${org.slug}/request/details`, { what: 'All\u0000 of it\u001b[31m', why: 'Line one\r\nline two\u202e\u200b' })
    await client.post(`/en/o/${org.slug}/request/identity`, { name: 'Eve\u202e\u200b Evil\u0007 Name', email })
    await client.post(`/en/o/${org.slug}/request/check`)
    const row = app.db.select().from(requests).where(eq(requests.emailHash, emailHash(email))).get()!
    expect(row.subjectName).toBe('Eve Evil Name')
    expect(row.details).toMatchObject({ what: 'All of it[31m', why: 'Line one\nline two' })
  })
})
