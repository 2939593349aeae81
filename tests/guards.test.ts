import { describe, expect, test } from 'vitest'
import { renderLayout, type Block } from '#emails/layout'
import { fixedT } from '~/i18n/i18n'
import { refuseCrossSiteWrites } from '~/server'
import { officerRedirectTarget } from '~/web/auth.server'
import { HOSTILE_REDIRECTS } from './support/redirects'

// The server's guards as units, without a server: where the officer is sent
// after signing in, which Origin counts as the portal's own, and the escaping
// of every kind of email block. (The same holes, tried over HTTP, are in
// security.test.ts; these run in the mutation run too, see README.)

describe('where an officer is sent after signing in', () => {
  test.each(HOSTILE_REDIRECTS)('%s is refused, as sent and decoded once more', (to) => {
    expect(officerRedirectTarget(to)).toBeUndefined()
    expect(officerRedirectTarget(decodeURIComponent(to))).toBeUndefined()
  })

  test('a path of the officers’ side is kept, normalised', () => {
    expect(officerRedirectTarget('/en/officer/requests/7?do=note')).toBe('/en/officer/requests/7?do=note')
    expect(officerRedirectTarget('/en/officer/x/../queue')).toBe('/en/officer/queue')
    expect(officerRedirectTarget('/fi/officer')).toBe('/fi/officer')
  })

  test.each([
    ['another page of the portal', '/en/status/request'],
    ['a language the portal does not have', '/sv/officer/queue'],
    ['no language', '/officer/queue'],
    ['nothing', ''],
    ['a target longer than any real page', `/en/officer/queue?q=${'a'.repeat(2000)}`],
  ])('%s is refused', (_, to) => {
    expect(officerRedirectTarget(to)).toBeUndefined()
  })

  test('a long but real target is kept, up to 2,000 characters', () => {
    const to = '/en/officer/queue?q='.padEnd(2000, 'a')
    expect(to).toHaveLength(2000)
    expect(officerRedirectTarget(to)).toBe(to)
    expect(officerRedirectTarget(`${to}a`)).toBeUndefined()
  })

})

describe('the cross-site check and the email blocks', () => {
  const check = refuseCrossSiteWrites('https://rights.example')
  /** What the check does with one request: passes it on, or answers 403 itself. */
  const run = (r: { method?: string; path?: string; origin?: string; site?: string; host?: string; protocol?: string }) => {
    let passed = false
    let status = 0
    let body = ''
    const res = { status: (s: number) => ((status = s), res), type: () => res, send: (b: string) => ((body = b), res) } as unknown as Parameters<typeof check>[1]
    const headers: Record<string, string | undefined> = { origin: r.origin, 'sec-fetch-site': r.site, host: r.host ?? 'rights.example' }
    check({ method: r.method ?? 'POST', path: r.path ?? '/en/x', get: (h: string) => headers[h.toLowerCase()], protocol: r.protocol ?? 'https' } as never, res, () => (passed = true))
    return passed ? 'passed' : `${status} ${body}`
  }

  test('an Origin that only begins with the portal’s is another site', () => {
    expect(run({ origin: 'https://rights.example' })).toBe('passed')
    expect(run({ origin: 'https://rights.example.attacker.example' })).toMatch(/^403 Forbidden/)
    expect(run({ origin: 'https://rights.exampl' })).toMatch(/^403/)
    expect(run({ origin: 'http://rights.example' })).toMatch(/^403/)
  })

  test.each(['GET', 'HEAD', 'OPTIONS'])('%s changes nothing, so it passes even from another site', (method) => {
    expect(run({ method, origin: 'https://evil.example', site: 'cross-site' })).toBe('passed')
  })

  test.each(['POST', 'PUT', 'PATCH', 'DELETE'])('%s from another site is refused, by Origin or by Sec-Fetch-Site', (method) => {
    expect(run({ method, origin: 'https://evil.example' })).toMatch(/^403/)
    expect(run({ method, site: 'cross-site' })).toMatch(/^403/)
    expect(run({ method, origin: 'https://rights.example', site: 'cross-site' })).toMatch(/^403/)
  })

  test('a POST from the portal itself passes: its own origin, the host it was reached at, or a client that sends neither header', () => {
    expect(run({ origin: 'https://rights.example', site: 'same-origin' })).toBe('passed')
    expect(run({ origin: 'http://127.0.0.1:3000', host: '127.0.0.1:3000', protocol: 'http' })).toBe('passed')
    // Behind a proxy the server is reached at an inner address; the browser names the public one.
    expect(run({ origin: 'https://rights.example', host: '127.0.0.1:3000', protocol: 'http' })).toBe('passed')
    expect(run({ origin: 'https://evil.example', host: '127.0.0.1:3000', protocol: 'http' })).toMatch(/^403/)
    expect(run({})).toBe('passed')
    expect(run({ site: 'none' })).toBe('passed')
  })

  test('the API is called by organisations’ servers with a key, not by browsers: it is not checked here', () => {
    expect(run({ path: '/api/v1/do-not-contact/check', origin: 'https://evil.example' })).toBe('passed')
    expect(run({ path: '/en/api/v1', origin: 'https://evil.example' })).toMatch(/^403/)
  })

  test('every kind of email block escapes what it is given', () => {
    const nasty = '<img src=x onerror=alert(1)>&"\''
    const blocks: Block[] = [
      { kind: 'p', text: nasty },
      { kind: 'small', text: nasty },
      { kind: 'facts', rows: [[nasty, nasty]] },
      { kind: 'button', text: nasty, href: `https://x.example/?q=${nasty}` },
    ]
    for (const block of blocks) {
      const { html } = renderLayout(fixedT('en', ['emails']), 'en', nasty, [block])
      expect(html, block.kind).not.toContain('<img')
      expect(html, block.kind).toContain('&lt;img')
    }
  })
})
