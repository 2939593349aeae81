import fs from 'node:fs'
import { eq } from 'drizzle-orm'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { events, organisations, requests, type Organisation } from '#db/schema'
import { ACTION_IDS } from '~/domain/action-types'
import { verifyChain } from '~/data/audit.server'
import { decodeEvent } from '~/domain/events'
import { sendStatusLink } from '~/domain/requests.server'
import { instructProcessor } from '~/domain/assistance.server'
import { resetClock, setClock } from '~/utils/clock'
import { INSTRUCTION_KINDS, LANGUAGE_TAGS, type Language } from '~/vocabulary'
import { startApp, type TestApp } from './support/app'
import { forwardedToClient, openWithCode } from './support/controller'
import { HttpClient } from './support/http'
import { receivedDraft } from './support/inbound'
import { deliverAll, linkIn } from './support/mail'
import { createOfficer, signedInCookie } from './support/officers'
import { newRequest } from './support/requests'

// Every form of the portal, posted with what a browser never sends: fields
// missing, doubled, of any text and any size, unknown fields, bodies that are
// not forms at all. No answer is a 500, every refusal is a page in the URL's
// language, and afterwards the database is whole: the audit trail intact, every
// event readable, every request with the event that filed it. Every route file
// with an action is in TARGETS, and a test fails when one is missing. Then each
// field of each form alone, with values of the wrong kind.

let app: TestApp
let org: Organisation
const cookies: Record<'officer' | 'admin' | 'operator' | 'subject' | 'draft' | 'processorDraft' | 'processorAdmin' | 'controller', string> = {
  controller: '',
  officer: '',
  admin: '',
  operator: '',
  subject: '',
  draft: '',
  processorDraft: '',
  processorAdmin: '',
}
let requestId = 0
/** A client's secure links: one opened with its code (the session in cookies.controller), one not. */
let controllerToken = ''
let maskedToken = ''
/** A request the demo agency forwarded to the organisation, and the agency's tasks from it, one of each kind. */
let forwardedId = 0
/** An email the organisation received, waiting as a draft. */
let draftId = 0
let agencyRequestId = 0
const agencyTasks: number[] = []

/** `api`: answers JSON to the organisations' systems, not pages. */
type Target = { path: string; as?: keyof typeof cookies; fields?: Record<string, string>; api?: boolean }

const TARGETS: Record<string, () => Target[]> = {
  '$lang.confirm.$token.tsx': () => [{ path: '/da/confirm/not-a-real-token-aaaaaaaaaaaaaaaaaaaaaaaa' }],
  '$lang.confirm.new.tsx': () => [{ path: '/fi/confirm/new' }],
  '$lang.o.$slug.request.right.tsx': () => [{ path: `/en/o/${org.slug}/request/right`, as: 'draft' }],
  '$lang.o.$slug.request.details.tsx': () => [{ path: `/no/o/${org.slug}/request/details`, as: 'draft' }],
  '$lang.o.$slug.request.identity.tsx': () => [{ path: `/da/o/${org.slug}/request/identity`, as: 'draft' }],
  '$lang.o.$slug.request.behalf.tsx': () => [{ path: '/fi/o/klartone-tm/request/behalf', as: 'processorDraft' }],
  '$lang.o.$slug.request.check.tsx': () => [
    { path: `/en/o/${org.slug}/request/check`, as: 'draft' },
    { path: '/en/o/klartone-tm/request/check', as: 'processorDraft' },
  ],
  '$lang.request.sent.tsx': () => [{ path: '/en/request/sent', fields: { email: 'x@example.com' } }],
  '$lang.status._index.tsx': () => [{ path: '/fi/status?index' }],
  '$lang.status.open.$token.tsx': () => [{ path: '/en/status/open/not-a-real-token-bbbbbbbbbbbbbbbbbbbbbbbbb' }],
  '$lang.status.request.tsx': () => [{ path: '/da/status/request', as: 'subject' }],
  '$lang.officer.sign-in.tsx': () => [{ path: '/en/officer/sign-in' }],
  '$lang.officer.two-factor.tsx': () => [{ path: '/en/officer/two-factor', fields: { code: '123456' } }],
  '$lang.officer.enrol.tsx': () => [{ path: '/en/officer/enrol', fields: { code: '123456' } }],
  '$lang.officer.forgot-password.tsx': () => [{ path: '/no/officer/forgot-password' }],
  '$lang.officer.invitation.$token.tsx': () => [{ path: '/en/officer/invitation/not-a-real-token-ccccccccccccccccccccc', fields: { password: 'x', confirm: 'x' } }],
  '$lang.officer.reset-password.$token.tsx': () => [{ path: '/en/officer/reset-password/not-a-real-token-dddddddddddddddddddd', fields: { password: 'x', confirm: 'x' } }],
  '$lang.officer.sign-out.tsx': () => [{ path: '/en/officer/sign-out', as: 'officer' }],
  '$lang.officer.queue.tsx': () => [{ path: '/da/officer/queue', as: 'officer', fields: { ids: String(requestId), assignee: 'me' } }],
  '$lang.officer.requests.$id.tsx': () => [
    ...ACTION_IDS.map((id) => ({ path: `/da/officer/requests/${requestId}?do=${id}`, as: 'officer' as const })),
    // The controller's actions on a request a processor forwarded to it.
    ...(['acknowledge', 'instruct', 'sendBack'] as const).map((id) => ({ path: `/fi/officer/requests/${forwardedId}?do=${id}`, as: 'officer' as const })),
  ],
  '$lang.officer.requests.$id_.tasks.$task.tsx': () => agencyTasks.map((task) => ({ path: `/no/officer/requests/${agencyRequestId}/tasks/${task}`, as: 'processorAdmin' as const })),
  '$lang.officer.notifications.tsx': () => [{ path: '/en/officer/notifications', as: 'officer' }],
  '$lang.officer.settings.tsx': () => [{ path: '/fi/officer/settings', as: 'officer' }],
  '$lang.officer.clients.tsx': () => [{ path: '/no/officer/clients', as: 'processorAdmin' }],
  '$lang.officer.team.tsx': () => [{ path: '/en/officer/team', as: 'admin' }],
  '$lang.officer.templates.tsx': () => [{ path: '/da/officer/templates', as: 'admin' }],
  '$lang.officer.organisations.$slug.tsx': () => [{ path: `/en/officer/organisations/${org.slug}`, as: 'operator' }],
  '$lang.officer.requests.$id_.collect.tsx': (): Target[] => [
    { path: `/no/officer/requests/${requestId}/collect`, as: 'officer', fields: { intent: 'upload', category: 'member-contact', collected: '1', connector: '0' } },
    ...['connectorAll', 'acceptAll', 'discardAll', 'restore'].map((intent) => ({ path: `/no/officer/requests/${requestId}/collect`, as: 'officer' as const, fields: { intent, collected: '1' } })),
    { path: `/no/officer/requests/${requestId}/collect`, as: 'officer', fields: { intent: 'withhold', collected: '1', row: '1', column: 'navn', reason: 'other_person' } },
  ],
  '$lang.officer.api-keys.tsx': () => [{ path: '/fi/officer/api-keys', as: 'admin' }],
  '$lang.status.download.$token.tsx': () => [{ path: '/da/status/download/not-a-real-token-eeeeeeeeeeeeeeeeeeeeeeeee' }],
  '$lang.controller.$token.tsx': () => [
    { path: `/da/controller/${controllerToken}`, as: 'controller' },
    { path: `/no/controller/${controllerToken}`, as: 'controller', fields: { intent: 'answer' } },
    { path: `/fi/controller/${maskedToken}` },
    { path: `/fi/controller/${maskedToken}`, fields: { intent: 'enterCode' } },
  ],
  'api.v1.do-not-contact.check.tsx': () => [{ path: '/api/v1/do-not-contact/check', api: true, fields: { phone: '+45 12 34 56 78' } }],
  'api.v1.do-not-contact.remove.tsx': () => [{ path: '/api/v1/do-not-contact/remove', api: true, fields: { phone: '+45 12 34 56 78' } }],
  '$lang.officer.inbox.$id.tsx': () => [{ path: `/da/officer/inbox/${draftId}`, as: 'officer' }],
  '$lang.officer.intake.tsx': () => [{ path: '/da/officer/intake', as: 'officer', fields: { channel: 'phone', receivedAt: '2026-05-29T10:00', types: 'access', details: 'x', name: 'x', address: 'x', language: 'da' } }],
  '$lang.officer.requests.$id_.letter.tsx': () => [{ path: `/fi/officer/requests/${requestId}/letter`, as: 'officer' }],
  '$lang.status.code.tsx': () => [{ path: '/no/status/code', fields: { reference: 'K7M4-Q9PX', code: 'ABCD-EFGH-JKLM' } }],
}

beforeAll(async () => {
  setClock('2026-06-01T09:00:00Z')
  app = await startApp()
  org = app.db.select().from(organisations).where(eq(organisations.slug, 'lygtebaererne')).get()!
  const officer = createOfficer(app.db, { orgId: org.id })
  cookies.officer = signedInCookie(app.db, officer)
  cookies.admin = signedInCookie(app.db, createOfficer(app.db, { orgId: org.id, role: 'admin' }))
  cookies.operator = signedInCookie(app.db, createOfficer(app.db, { orgId: null, role: 'operator' }))
  const klartone = app.db.select().from(organisations).where(eq(organisations.slug, 'klartone-tm')).get()!
  cookies.processorAdmin = signedInCookie(app.db, createOfficer(app.db, { orgId: klartone.id, role: 'admin' }))
  // A client without an account, and the page of its link opened with the emailed code.
  controllerToken = (await forwardedToClient(app.db, klartone, { name: 'Fuzz Kontrol', email: 'fuzz.kontrol@example.com', type: 'access' })).token
  maskedToken = (await forwardedToClient(app.db, klartone, { name: 'Fuzz Maskeret', email: 'fuzz.maskeret@example.com' })).token
  cookies.controller = `__controller=${(await openWithCode(app.db, app.url, controllerToken)).cookie('__controller')}`
  // The agency passes a request on to the organisation, which gives it one task of each kind.
  const agency = await newRequest(app.db, klartone, { language: 'da', name: 'Fuzz Ringet', email: 'fuzz.called@example.com', phone: '+45 11 22 33 44', behalf: { about: 'client', clients: [org.slug] } })
  agencyRequestId = agency.request.id
  forwardedId = app.db.select().from(requests).where(eq(requests.forwardedFromRequestId, agencyRequestId)).get()!.id
  for (const kind of INSTRUCTION_KINDS) agencyTasks.push(instructProcessor(app.db, { orgId: org.id, requestId: forwardedId, officerId: officer.id, kind }).task.id)
  draftId = receivedDraft(app.db, { to: 'persondata@lygtebaererne.example', from: 'fuzz.mail@example.com', name: 'Fuzz Mail', subject: 'Indsigt', text: 'Alt om mig, tak.', attachment: { filename: 'a.pdf', content: Buffer.from('%PDF') } }).id
  const { request } = await newRequest(app.db, org, { language: 'da', name: 'Fuzz Fuzzesen', email: 'fuzz@example.com' })
  requestId = request.id
  // The person's session, opened by the link in their email.
  await deliverAll(app.db, app.url)
  sendStatusLink(app.db, { reference: request.reference, email: 'fuzz@example.com' })
  const link = (await deliverAll(app.db, app.url)).find((m) => m.to_ === 'fuzz@example.com')!
  const person = new HttpClient(app.url)
  await person.post(linkIn(link, `${app.url}/da/status/open/`))
  cookies.subject = `__subject=${person.cookie('__subject')}`
  // A draft with every step answered.
  const drafting = new HttpClient(app.url)
  await drafting.post(`/en/o/${org.slug}/request/right`, { type: 'access' })
  await drafting.post(`/en/o/${org.slug}/request/details`, { scope: 'all' })
  await drafting.post(`/en/o/${org.slug}/request/identity`, { name: 'Draft Drafter', email: 'draft@example.com' })
  cookies.draft = `__draft=${drafting.cookie('__draft')}`
  // A processor's draft, with the question of whom the call was for answered: several clients.
  const processor = new HttpClient(app.url)
  await processor.post('/en/o/klartone-tm/request/right', { type: 'erasure' })
  await processor.post('/en/o/klartone-tm/request/details', { what: 'All of it', why: 'I never agreed' })
  await processor.post('/en/o/klartone-tm/request/identity', { name: 'Draft Caller', email: 'caller@example.com' })
  await processor.post('/en/o/klartone-tm/request/behalf', [
    ['about', 'client'],
    ['clients', 'lygtebaererne'],
    ['clients', 'engblomst-naturvaern'],
    ['callerNumber', '+45 00 00 30 00'],
    ['calledOn', '2026-05-20'],
  ])
  cookies.processorDraft = `__draft=${processor.cookie('__draft')}`
})

afterAll(async () => {
  await app?.close()
  resetClock()
})

/** The fields of the page's post forms, with their values, as a browser would send them. */
async function formFields(target: Target): Promise<Record<string, string>> {
  const response = await fetch(app.url + target.path, { headers: target.as ? { Cookie: cookies[target.as] } : {}, redirect: 'manual' })
  const html = await response.text()
  const fields: Record<string, string> = { ...target.fields }
  for (const [, form] of html.matchAll(/<form[^>]*method="post"[^>]*>([\s\S]*?)<\/form>/gi)) {
    for (const [tag] of form!.matchAll(/<(input|select|textarea)\b[^>]*>/gi)) {
      const name = /\bname="([^"]+)"/.exec(tag)?.[1]
      if (name && !(name in fields)) fields[name] = /\bvalue="([^"]*)"/.exec(tag)?.[1] ?? 'x'
    }
  }
  return fields
}

const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom('', ' ', '\u0000', '\u202e\u200b', '-1', '0', '1e309', 'NaN', '9'.repeat(40), '../../etc', '<script>alert(1)</script>', '%', '%E0%A4%A'),
  fc.integer({ min: 1000, max: 20_000 }).map((n) => 'ø'.repeat(n)),
)

type Body = { kind: string; contentType?: string; body?: string | FormData }

function bodies(base: Record<string, string>): fc.Arbitrary<Body> {
  const names = Object.keys(base)
  const fields = fc
    .tuple(
      fc.array(fc.tuple(fc.constantFrom(...(names.length ? names : ['x'])), fc.constantFrom('keep', 'drop', 'replace', 'double')), { maxLength: 6 }),
      fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), text, { maxKeys: 4 }),
      fc.array(text, { minLength: 6, maxLength: 6 }),
    )
    .map(([changes, extra, values]) => {
      const out: Array<[string, string]> = Object.entries(base)
      changes.forEach(([name, change], i) => {
        const at = out.findIndex(([n]) => n === name)
        if (change === 'drop' && at >= 0) out.splice(at, 1)
        if (change === 'replace' && at >= 0) out[at] = [name, values[i]!]
        if (change === 'double') out.push([name, values[i]!])
      })
      return [...out, ...Object.entries(extra)]
    })
  return fc.oneof(
    fields.map((pairs) => ({ kind: 'form', contentType: 'application/x-www-form-urlencoded', body: new URLSearchParams(pairs).toString() })),
    fields.map((pairs) => {
      const form = new FormData()
      for (const [k, v] of pairs) form.append(k, v)
      return { kind: 'multipart', body: form }
    }),
    fields.map((pairs) => ({ kind: 'json', contentType: 'application/json', body: JSON.stringify(Object.fromEntries(pairs)) })),
    fields.map((pairs) => ({ kind: 'text', contentType: 'text/plain', body: pairs.map((p) => p.join('=')).join('\n') })),
    fields.map((pairs) => ({ kind: 'no type', body: new URLSearchParams(pairs).toString() })),
    fc.constant({ kind: 'broken multipart', contentType: 'multipart/form-data; boundary=zz', body: '--zz\r\nContent-Disposition: form-data; name="a"\r\n\r\nno end' }),
    fc.constant({ kind: 'bad encoding', contentType: 'application/x-www-form-urlencoded', body: 'a=%E0%A4%A&%%%=1&=&&b' }),
    fc.constant({ kind: 'empty', contentType: 'application/x-www-form-urlencoded', body: '' }),
    fc.constant({ kind: 'huge', contentType: 'application/x-www-form-urlencoded', body: `a=${'x'.repeat(300_000)}` }),
  )
}


describe('every form, posted badly', () => {
  test('every route file with an action is a target here', () => {
    const withAction = fs.readdirSync('app/routes').filter((f) => /export (async )?function action|export const action/.test(fs.readFileSync(`app/routes/${f}`, 'utf8')))
    expect(withAction.filter((f) => !(f in TARGETS))).toEqual([])
  })

  test.each(Object.keys(TARGETS))('%s: never a 500; a refusal is a page in the URL’s language', async (file) => {
    for (const target of TARGETS[file]!()) {
      const base = await formFields(target)
      await fc.assert(
        fc.asyncProperty(bodies(base), async (b) => {
          const headers: Record<string, string> = target.as ? { Cookie: cookies[target.as] } : {}
          if (b.contentType) headers['Content-Type'] = b.contentType
          const response = await fetch(app.url + target.path, { method: 'POST', headers, body: b.body, redirect: 'manual' })
          const html = await response.text()
          expect(response.status, `${b.kind} → ${target.path}`).toBeLessThan(500)
          if (target.api) {
            // Without a key, whatever the body: a JSON refusal (413 for a body over the limit, before anything else).
            expect([401, 413]).toContain(response.status)
            expect(JSON.parse(html)).toMatchObject({ error: response.status === 413 ? 'body_too_large' : 'unauthorized' })
          } else if (response.status >= 400 && response.status !== 404 && response.status !== 429) {
            const lang = target.path.split('/')[1]!
            expect(html, `${b.kind} → ${target.path}`).toContain(`lang="${LANGUAGE_TAGS[lang as Language]}"`)
          }
        }),
        { numRuns: 12 },
      )
    }
  })

  // One field at a time, the rest as the browser sends them: each field gets
  // values of the wrong kind (text where an id goes, 1.5, negative, past 2^53,
  // an exponent), the field repeated (an array), empty, or missing.
  const wrongValue = fc.oneof(
    fc.constantFrom('abc', '1.5', '-1', '0', '-0', '1e3', '0x10', ' 7', '9'.repeat(40), '9007199254740993', 'NaN', 'Infinity', 'true', 'null', '[]', '{}', '', ' ', 'me', 'none'),
    fc.integer().map(String),
    fc.double({ noNaN: true }).map(String),
    fc.string({ maxLength: 20 }),
  )
  const wrongValues = fc.oneof(
    wrongValue.map((v) => [v]),
    fc.array(wrongValue, { minLength: 2, maxLength: 4 }),
    fc.constant([] as string[]),
  )

  // (The organisations' API answers JSON and is fuzzed above.)
  test.each(Object.keys(TARGETS).filter((file) => !file.startsWith('api.')))('%s: every field, given a wrong value, is never a 500', async (file) => {
    for (const target of TARGETS[file]!()) {
      const base = await formFields(target)
      for (const name of Object.keys(base)) {
        await fc.assert(
          fc.asyncProperty(wrongValues, async (values) => {
            const pairs: Array<[string, string]> = [...Object.entries(base).filter(([n]) => n !== name), ...values.map((v): [string, string] => [name, v])]
            const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded', ...(target.as ? { Cookie: cookies[target.as] } : {}) }
            const response = await fetch(app.url + target.path, { method: 'POST', headers, body: new URLSearchParams(pairs).toString(), redirect: 'manual' })
            const html = await response.text()
            const what = `${name}=${JSON.stringify(values)} → ${target.path}`
            expect(response.status, what).toBeLessThan(500)
            if (response.status >= 400 && response.status !== 404 && response.status !== 429) {
              expect(html, what).toContain(`lang="${LANGUAGE_TAGS[target.path.split('/')[1] as Language]}"`)
            }
          }),
          { numRuns: 4 },
        )
      }
    }
  })

  // Routes without a form, reached by their address: any id and any format, signed in or not, never a 500.
  const ADDRESSED: Record<string, (segment: string, format: string) => Array<{ path: string; as?: keyof typeof cookies }>> = {
    '$lang.officer.requests.$id_.custody.$format.tsx': (segment, format) => [
      { path: `/en/officer/requests/${segment}/custody/${format}`, as: 'processorAdmin' },
      { path: `/da/officer/requests/${segment}/custody/${format}`, as: 'officer' },
      { path: `/fi/officer/requests/${segment}/custody/${format}` },
    ],
    '$lang.officer.inbox.$id_.attachments.$file.tsx': (segment, file) => [
      { path: `/da/officer/inbox/${draftId}/attachments/${file}`, as: 'officer' },
      { path: `/no/officer/inbox/${segment}/attachments/${segment}`, as: 'officer' },
    ],
  }
  test.each(Object.keys(ADDRESSED))('%s: any address is never a 500', async (file) => {
    const segment = fc.oneof(fc.constantFrom(String(requestId), '0', '-1', '1e3', '9'.repeat(40), 'abc', '%00', '..', '%2e%2e'), fc.integer().map(String), fc.string({ maxLength: 12 }).map(encodeURIComponent))
    const format = fc.oneof(fc.constantFrom('pdf', 'json', 'PDF', 'xml', '', '%00', 'pdf.json'), fc.string({ maxLength: 8 }).map(encodeURIComponent))
    await fc.assert(
      fc.asyncProperty(segment, format, async (s, f) => {
        for (const target of ADDRESSED[file]!(s, f)) {
          const response = await fetch(app.url + target.path, { headers: target.as ? { Cookie: cookies[target.as] } : {}, redirect: 'manual' })
          await response.arrayBuffer()
          expect(response.status, target.path).toBeLessThan(500)
        }
      }),
      { numRuns: 25 },
    )
  })

  test('afterwards the database is whole', () => {
    expect(app.db.$client.pragma('integrity_check', { simple: true })).toBe('ok')
    expect(app.db.$client.pragma('foreign_key_check')).toEqual([])
    expect(verifyChain(app.db)).toMatchObject({ ok: true })
    const rows = app.db.select().from(events).all()
    for (const row of rows) expect(decodeEvent(row), `${row.id} ${row.kind}`).not.toBeNull()
    // A controller's own request made from a processor's is filed by the hand-over.
    const filed = new Set(rows.filter((r) => r.kind === 'request_filed' || r.kind === 'received_from_processor').map((r) => r.requestId))
    for (const r of app.db.select().from(requests).all()) expect(filed.has(r.id), r.reference).toBe(true)
  })
})
