import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { organisations, type Organisation, type Request } from '#db/schema'
import { saveTemplate } from '~/domain/templates.server'
import { fixedT } from '~/i18n/i18n'
import { resetClock, setClock } from '~/utils/clock'
import { startApp, type TestApp } from './support/app'
import { HttpClient } from './support/http'
import { createOfficer, signedInCookie } from './support/officers'
import { newRequest } from './support/requests'

// Picking a reply template adds its text after what the officer has typed,
// never in its place; the rest of the form (an answer's choices) comes back
// as it was. Without JavaScript, over HTTP, against the built server.

let app: TestApp
let org: Organisation
let officer: HttpClient
let request: Request
let template = 0

beforeAll(async () => {
  setClock('2026-03-10T09:00:00Z')
  app = await startApp()
  org = app.db.select().from(organisations).where(eq(organisations.slug, 'dyrevaernsringen')).get()!
  const admin = createOfficer(app.db, { orgId: org.id, role: 'admin' })
  officer = new HttpClient(app.url, { Cookie: signedInCookie(app.db, admin) })
  request = (await newRequest(app.db, org, { language: 'da', name: 'Bo Berg', type: 'erasure' })).request
  const saved = saveTemplate(app.db, admin, { title: 'Standard', body_da: 'Venlig hilsen, {{reference}}' })
  if (!saved.ok) throw new Error('no template')
  template = saved.id
})
afterAll(async () => {
  await app?.close()
  resetClock()
})

/** A textarea's text as the page gives it. */
const textarea = (html: string, name: string) =>
  new RegExp(`<textarea[^>]*name="${name}"[^>]*>([^<]*)</textarea>`).exec(html)?.[1]?.replace(/&#x27;|&#39;/g, "'").replace(/^\n/, '')

test('the template goes after the message the officer typed, never in its place', async () => {
  const page = `/da/officer/requests/${request.id}?do=message`
  const picked = await officer.post(page, { intent: 'message', message: 'Tak for din henvendelse.', template: String(template), insertTemplate: '1' })
  expect(picked.status).toBe(200)
  expect(textarea(picked.html, 'message')).toBe(`Tak for din henvendelse.\n\nVenlig hilsen, ${request.reference}`)
  // Not an error: the title does not say so, and nothing was sent.
  expect(/<title>([^<]*)<\/title>/.exec(picked.html)![1]).not.toMatch(new RegExp(`^${fixedT('da', 'common')('errorPrefix')}`))
  expect(picked.html).toContain(`name="templateId" value="${template}"`)

  // An empty box gets the template alone.
  expect(textarea((await officer.post(page, { intent: 'message', message: '', template: String(template), insertTemplate: '1' })).html, 'message')).toBe(`Venlig hilsen, ${request.reference}`)
  // An unknown template changes nothing the officer typed.
  expect(textarea((await officer.post(page, { intent: 'message', message: 'Mit udkast', template: '999999', insertTemplate: '1' })).html, 'message')).toBe('Mit udkast')
})

test('in the answer form, the reasons get the template and the outcome chosen stays chosen', async () => {
  const page = `/da/officer/requests/${request.id}?do=answer`
  const picked = await officer.post(page, { intent: 'answer', outcome: 'refused', reasons: 'Vi har vurderet sagen.', grounds: 'no_erasure_condition', template: String(template), insertTemplate: '1' })
  expect(picked.status).toBe(200)
  expect(textarea(picked.html, 'reasons')).toBe(`Vi har vurderet sagen.\n\nVenlig hilsen, ${request.reference}`)
  expect(picked.html).toMatch(/<input[^>]*value="refused"[^>]*checked|<input[^>]*checked[^>]*value="refused"/)
  expect(picked.html).toMatch(/<input[^>]*value="no_erasure_condition"[^>]*checked|<input[^>]*checked[^>]*value="no_erasure_condition"/)
})
