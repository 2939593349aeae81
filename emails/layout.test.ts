import { describe, expect, test } from 'vitest'
import { fixedT } from '~/i18n/i18n'
import { escapeHtml, renderLayout, type Block } from './layout'

// The frame of every email, read as a person reads it: the HTML part as the
// text it shows, the plain part line by line, both saying the same.

const t = fixedT('fi', ['emails'])
const SERVICE = t('emails:serviceName')

/** The text an HTML email shows inside its body: tags gone, entities decoded, one block per line. */
function shown(html: string): string[] {
  const body = html.slice(html.indexOf('<body'), html.indexOf('</body>'))
  return body
    .replace(/<br>/g, '\n')
    .replace(/<\/(p|tr|td|th)>/g, '$&\u0001')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .split('\u0001')
    .map((s) => s.trim())
    .filter(Boolean)
}

describe('escapeHtml', () => {
  test('writes each character HTML gives a meaning as its entity, and nothing else changes', () => {
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;')
    expect(escapeHtml('Åse & Ørjan <ok>')).toBe('Åse &amp; Ørjan &lt;ok&gt;')
  })
})

describe('renderLayout', () => {
  const blocks: Block[] = [
    { kind: 'p', text: 'First paragraph,\nsecond line.\r\n\r\n  \n\nSecond paragraph.\n \n' },
    { kind: 'facts', rows: [['Viite', 'K7M4-Q9PX'], ['Määräaika', '4.6.2026']] },
    { kind: 'button', text: 'Avaa pyyntö', href: 'https://portal.example/fi/status/open/abc?x=1&y=2' },
    { kind: 'small', text: 'Pieni teksti.' },
  ]

  test('the HTML shows the service, every block in order, and the requester’s footer', () => {
    const { html, subject } = renderLayout(t, 'fi', 'Aihe', blocks)
    expect(subject).toBe('Aihe')
    expect(html).toContain('<html lang="fi">')
    expect(html).toContain('<title>Aihe</title>')
    expect(shown(html)).toEqual([
      SERVICE,
      'First paragraph,\nsecond line.',
      'Second paragraph.',
      'Viite',
      'K7M4-Q9PX',
      'Määräaika',
      '4.6.2026',
      'Avaa pyyntö',
      'https://portal.example/fi/status/open/abc?x=1&y=2',
      'Pieni teksti.',
      t('emails:footer'),
    ])
    expect(html).toContain('href="https://portal.example/fi/status/open/abc?x=1&amp;y=2"')
  })

  test('the plain text says the same, line by line', () => {
    // Typed text reaches an email cleaned (app/utils/text.ts): line ends \n, at most one blank line.
    const typed: Block[] = [{ kind: 'p', text: 'First paragraph,\nsecond line.\n\nSecond paragraph.' }, ...blocks.slice(1)]
    const { text, html } = renderLayout(t, 'fi', 'Aihe', typed)
    expect(text.split('\n')).toEqual([
      SERVICE,
      '',
      'First paragraph,',
      'second line.',
      '',
      'Second paragraph.',
      '',
      'Viite: K7M4-Q9PX',
      'Määräaika: 4.6.2026',
      '',
      'Avaa pyyntö:',
      'https://portal.example/fi/status/open/abc?x=1&y=2',
      '',
      'Pieni teksti.',
      '',
      '',
      '--',
      t('emails:footer'),
    ])
    expect(shown(html).slice(1, 3)).toEqual(['First paragraph,\nsecond line.', 'Second paragraph.'])
  })

  test('a row without a label continues the one above in the plain text, aligned under its value', () => {
    const { text } = renderLayout(t, 'fi', 'Aihe', [{ kind: 'facts', rows: [['Viite', 'K7M4-Q9PX'], ['Peruste', 'Ensimmäinen'], ['', 'Toinen'], ['', 'Kolmas']] }])
    expect(text).not.toMatch(/^: /m)
    expect(text.split('\n').slice(2, 6)).toEqual(['Viite: K7M4-Q9PX', 'Peruste: Ensimmäinen', '         Toinen', '         Kolmas'])
  })

  test('staff get the staff footer, people who made a request theirs', () => {
    const staff = renderLayout(t, 'fi', 'Aihe', [], 'staff')
    const person = renderLayout(t, 'fi', 'Aihe', [], 'requester')
    expect(t('emails:footerStaff')).not.toBe(t('emails:footer'))
    expect(shown(staff.html).at(-1)).toBe(t('emails:footerStaff'))
    expect(staff.text.endsWith(`--\n${t('emails:footerStaff')}`)).toBe(true)
    expect(shown(person.html).at(-1)).toBe(t('emails:footer'))
    expect(person.text.endsWith(`--\n${t('emails:footer')}`)).toBe(true)
  })

  test('a paragraph block of only blank lines shows nothing', () => {
    const { html } = renderLayout(t, 'fi', 'Aihe', [{ kind: 'p', text: '\n \n\r\n' }])
    expect(shown(html)).toEqual([SERVICE, t('emails:footer')])
  })
})
