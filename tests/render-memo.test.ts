import type { EntryContext } from '@remix-run/node'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { organisations, type Organisation } from '#db/schema'
import { NONCE_PLACEHOLDER, readHandoff, RenderMemo } from '~/web/render-memo.server'
import { startApp, type TestApp } from './support/app'
import { HttpClient } from './support/http'

// Public pages are kept once rendered, by their address and the data they are
// rendered from (decision 031): a kept page must be the page a fresh render
// would give, with this response's nonce, and never outlive its data.

const page = (text: string) => Buffer.from(text) as Buffer<ArrayBuffer>

describe('the memo of rendered documents', () => {
  test('gives a kept document back with the nonce of the request in every place of the placeholder, and nothing else changed', () => {
    const memo = new RenderMemo(1024 * 1024)
    const html = `<script nonce="${NONCE_PLACEHOLDER}">a</script><p>text</p><script nonce="${NONCE_PLACEHOLDER}"></script>`
    expect(memo.keep('k', page(html), 'first').toString()).toBe(html.replaceAll(NONCE_PLACEHOLDER, 'first'))
    expect(memo.get('k', 'second')!.toString()).toBe('<script nonce="second">a</script><p>text</p><script nonce="second"></script>')
    expect(memo.get('other', 'second')).toBeUndefined()
  })

  test('keeps at most its size, dropping the least recently used first; a document larger than all of it is not kept', () => {
    const memo = new RenderMemo(300)
    for (const key of ['a', 'b', 'c']) memo.keep(key, page(key.repeat(90)), 'n')
    expect(memo.size).toBe(3)
    expect(memo.get('a', 'n')).toBeDefined()
    memo.keep('d', page('d'.repeat(90)), 'n')
    expect(memo.get('b', 'n')).toBeUndefined()
    expect(memo.get('a', 'n')!.toString()).toBe('a'.repeat(90))
    expect(memo.get('c', 'n')).toBeDefined()
    expect(memo.keep('huge', page('h'.repeat(400)), 'n').toString()).toBe('h'.repeat(400))
    expect(memo.get('huge', 'n')).toBeUndefined()
    expect(memo.size).toBe(3)
    // Kept again under the same key: counted once, so nothing else is pushed out.
    memo.keep('c', page('C'.repeat(90)), 'n')
    expect(memo.size).toBe(3)
    expect(memo.get('c', 'n')!.toString()).toBe('C'.repeat(90))
    expect(memo.get('a', 'n')).toBeDefined()
    expect(memo.get('d', 'n')).toBeDefined()
  })

  test('the state stream is read whole for the key, and handed to the render as read, so nothing of it waits', async () => {
    const parts = ['[{"a":1}', ',"ü"]\n']
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const part of parts) controller.enqueue(new TextEncoder().encode(part))
        controller.close()
      },
    })
    const context = { serverHandoffStream: stream, renderMeta: {} } as unknown as EntryContext
    const state = await readHandoff(context)
    expect(state!.toString()).toBe(parts.join(''))
    expect(context.renderMeta?.streamCache?.[0]?.result).toEqual({ done: false, value: parts.join('') })
    expect(context.renderMeta?.streamCache?.[1]?.result).toEqual({ done: true, value: '' })
    expect(await readHandoff({ renderMeta: {} } as unknown as EntryContext)).toBeUndefined()
    // A state that cannot be read fails the render (Remix then renders its error page), never a page without its state.
    const broken = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new Error('unserialisable'))
      },
    })
    await expect(readHandoff({ serverHandoffStream: broken, renderMeta: {} } as unknown as EntryContext)).rejects.toThrow('unserialisable')
  })
})

describe('kept public pages, served', () => {
  let app: TestApp
  let org: Organisation

  beforeAll(async () => {
    app = await startApp()
    org = app.db.select().from(organisations).where(eq(organisations.slug, 'dyrevaernsringen')).get()!
  })

  afterAll(async () => {
    await app?.close()
  })

  async function get(path: string, cookie?: string) {
    const reply = await fetch(app.url + path, { headers: cookie ? { Cookie: cookie } : {} })
    const nonce = /'nonce-([^']+)'/.exec(reply.headers.get('content-security-policy')!)![1]!
    return { status: reply.status, nonce, html: await reply.text() }
  }

  test('a page served again is the page first rendered, with its own response’s nonce on every script', async () => {
    for (const path of ['/en', `/en/o/${org.slug}`, `/da/o/${org.slug}/request/right`]) {
      const first = await get(path)
      const again = await get(path)
      expect(again.nonce).not.toBe(first.nonce)
      const nonces = [...again.html.matchAll(/nonce="([^"]*)"/g)].map((m) => m[1])
      expect(nonces.length, path).toBeGreaterThan(0)
      expect(new Set(nonces), path).toEqual(new Set([again.nonce]))
      expect(again.html.replaceAll(again.nonce, 'N'), path).toBe(first.html.replaceAll(first.nonce, 'N'))
    }
  })

  test('a change to the organisation shows on its next page; another language or organisation is another page', async () => {
    const path = `/en/o/${org.slug}`
    expect((await get(path)).html).toContain(org.name)
    app.db.update(organisations).set({ name: 'Renamed For The Memo' }).where(eq(organisations.id, org.id)).run()
    try {
      const renamed = await get(path)
      expect(renamed.html).toContain('Renamed For The Memo')
      expect(renamed.html).not.toContain(org.name)
    } finally {
      app.db.update(organisations).set({ name: org.name }).where(eq(organisations.id, org.id)).run()
    }
    expect((await get(path)).html).toContain(org.name)
    const danish = await get(`/da/o/${org.slug}`)
    expect(danish.html).toContain('lang="da"')
    expect((await get(path)).html).toContain('lang="en"')
  })

  test('the first form page shows this person’s choice, not a choice kept from someone else', async () => {
    const base = `/en/o/${org.slug}/request`
    const fresh = await get(`${base}/right`)
    expect(fresh.html).not.toMatch(/<input[^>]*value="erasure"[^>]*checked/)
    const person = new HttpClient(app.url)
    expect((await person.get(`${base}/right`)).status).toBe(200)
    expect((await person.post(`${base}/right`, { type: 'erasure' })).status).toBe(302)
    const chosen = await person.get(`${base}/right`)
    expect(chosen.html).toMatch(/<input[^>]*value="erasure"[^>]*checked|<input[^>]*checked[^>]*value="erasure"/)
    // A newcomer afterwards gets the page with nothing chosen.
    const later = await get(`${base}/right`)
    expect(later.html.replaceAll(later.nonce, 'N')).toBe(fresh.html.replaceAll(fresh.nonce, 'N'))
  })
})
