import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startApp, type TestApp } from './support/app'
import { HttpClient } from './support/http'

// An organisation's own texts on pages in another language: the nearest
// language the reader reads (Danish ↔ Norwegian) before English, marked with
// its own lang attribute (WCAG 3.1.2). The Norwegian clinic writes Norwegian
// and English only.

let app: TestApp
beforeAll(async () => {
  app = await startApp()
})
afterAll(() => app?.close())

async function identityStep(lang: string) {
  const client = new HttpClient(app.url)
  await client.post(`/${lang}/o/fjordkanten-dyreklinikk/request/right`, { type: 'access' })
  await client.post(`/${lang}/o/fjordkanten-dyreklinikk/request/details`, { scope: 'all' })
  return (await client.get(`/${lang}/o/fjordkanten-dyreklinikk/request/identity`)).html
}

describe('the Norwegian clinic’s field labels and intro', () => {
  test('a Danish page shows them in Norwegian, tagged nb, never in English', async () => {
    const html = await identityStep('da')
    expect(html).toMatch(/<span lang="nb">Kundenummer<\/span>/)
    expect(html).not.toContain('Customer number')
    const page = await (await fetch(`${app.url}/da/o/fjordkanten-dyreklinikk`)).text()
    expect(page).toMatch(/lang="nb"[^>]*>Fjordkanten Dyreklinikk er en dyreklinikk/)
  })

  test('a Finnish page shows them in English, tagged en', async () => {
    const html = await identityStep('fi')
    expect(html).toMatch(/<span lang="en">Customer number<\/span>/)
  })

  test('a Norwegian page shows them untagged, in its own language', async () => {
    const html = await identityStep('no')
    expect(html).toMatch(/>Kundenummer</)
    expect(html).not.toMatch(/lang="nb">Kundenummer/)
  })
})
