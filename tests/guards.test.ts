import { describe, expect, test } from 'vitest'
import { renderLayout, type Block } from '#emails/layout'
import { fixedT } from '~/i18n/i18n'
import { refuseCrossSiteWrites } from '~/server'
import { officerRedirectTarget } from '~/web/auth.server'

// The server's guards as units, without a server: where the officer is sent
// after signing in, which Origin counts as the portal's own, and the escaping
// of every kind of email block. (The same holes, tried over HTTP, are in
// security.test.ts; these run in the mutation run too, see README.)

describe('where an officer is sent after signing in', () => {
  test.each([
    '/en/officer/../../\\evil.example',
    '%2Fen%2Fofficer%2F..%2F..%2F%5Cevil.example',
    '//evil.example/en/officer/queue',
    '/\\evil.example',
    'https://evil.example/en/officer/queue',
    '/en/officer/%2e%2e/%2e%2e/evil',
    '/en/officer//evil.example',
    'javascript:alert(1)',
  ])('%s is refused', (to) => {
    expect(officerRedirectTarget(decodeURIComponent(to))).toBeUndefined()
  })

  test('a path of the officers’ side is kept, normalised', () => {
    expect(officerRedirectTarget('/en/officer/requests/7?do=note')).toBe('/en/officer/requests/7?do=note')
    expect(officerRedirectTarget('/en/officer/x/../queue')).toBe('/en/officer/queue')
  })

})

describe('the cross-site check and the email blocks', () => {
  test('an Origin that only begins with the portal’s is another site', () => {
    const check = refuseCrossSiteWrites('https://rights.example')
    const run = (origin: string) => {
      let passed = false
      let status = 0
      const res = { status: (s: number) => ((status = s), res), type: () => res, send: () => res } as unknown as Parameters<typeof check>[1]
      check({ method: 'POST', path: '/en/x', get: (h: string) => (h === 'origin' ? origin : h === 'host' ? 'rights.example' : undefined), protocol: 'https' } as never, res, () => (passed = true))
      return passed ? 'passed' : status
    }
    expect(run('https://rights.example')).toBe('passed')
    expect(run('https://rights.example.attacker.example')).toBe(403)
    expect(run('https://rights.exampl')).toBe(403)
    expect(run('http://rights.example')).toBe(403)
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
