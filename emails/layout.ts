import type { TFunction } from 'i18next'
import { colours, type as typography } from '../app/components/tokens'
import { LANGUAGE_TAGS } from '../app/vocabulary'
import type { Language } from '../app/vocabulary'

// Emails are plain and table-based so they read well in every common client,
// with a plain-text part that says the same. Every block's text is escaped;
// colours and fonts are the portal's design tokens.

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

export type Block =
  | { kind: 'p'; text: string }
  | { kind: 'button'; text: string; href: string }
  | { kind: 'facts'; rows: Array<[string, string]> }
  | { kind: 'small'; text: string }

export type RenderedEmail = { subject: string; html: string; text: string }

/** Who reads the email: the person who made a request, or staff of an organisation (the footers differ). */
export type Audience = 'requester' | 'staff'

export function renderLayout(t: TFunction, lang: Language, subject: string, blocks: Block[], audience: Audience = 'requester'): RenderedEmail {
  const footer = t(audience === 'staff' ? 'emails:footerStaff' : 'emails:footer')
  const html = `<!doctype html>
<html lang="${LANGUAGE_TAGS[lang]}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:0;background:${colours.panel};">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:${colours.panel};"><tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;background:${colours.surface};font-family:${typography.emailFamily};font-size:17px;line-height:1.5;color:${colours.text};">
<tr><td style="background:${colours.brand};color:${colours.brandText};padding:16px 24px;font-size:19px;font-weight:bold;">${escapeHtml(t('emails:serviceName'))}</td></tr>
<tr><td style="padding:24px;">
${blocks.map(blockHtml).join('\n')}
</td></tr>
<tr><td style="padding:16px 24px;border-top:1px solid ${colours.border};font-size:14px;color:${colours.secondaryText};">${escapeHtml(footer)}</td></tr>
</table></td></tr></table>
</body></html>`
  const text = [t('emails:serviceName'), '', ...blocks.map(blockText), '', '--', footer].join('\n')
  return { subject, html, text }
}

function blockHtml(b: Block): string {
  switch (b.kind) {
    case 'p':
      // Typed reasons and replies keep their paragraphs and line breaks.
      return b.text
        .split(/\r?\n\s*\r?\n/)
        .filter((para) => para.trim() !== '')
        .map((para) => `<p style="margin:0 0 16px;">${escapeHtml(para.trim()).replace(/\r?\n/g, '<br>')}</p>`)
        .join('\n')
    case 'small':
      return `<p style="margin:0 0 16px;font-size:15px;color:${colours.secondaryText};">${escapeHtml(b.text)}</p>`
    case 'button':
      return `<p style="margin:24px 0;"><a href="${escapeHtml(b.href)}" style="display:inline-block;background:${colours.action};color:${colours.brandText};text-decoration:none;font-weight:bold;padding:12px 20px;border-radius:2px;">${escapeHtml(b.text)}</a></p>
<p style="margin:0 0 16px;font-size:15px;color:${colours.secondaryText};word-break:break-all;">${escapeHtml(b.href)}</p>`
    case 'facts':
      return `<table role="presentation" cellpadding="0" cellspacing="0" style="margin:0 0 16px;border-collapse:collapse;">${b.rows
        .map(([k, v]) => `<tr><th align="left" style="padding:4px 16px 4px 0;vertical-align:top;">${escapeHtml(k)}</th><td style="padding:4px 0;">${escapeHtml(v)}</td></tr>`)
        .join('')}</table>`
  }
}

function blockText(b: Block): string {
  switch (b.kind) {
    case 'p':
    case 'small':
      return `${b.text}\n`
    case 'button':
      return `${b.text}:\n${b.href}\n`
    case 'facts': {
      // A row without a label continues the one above (a refusal's later grounds): its value under that row's value, never after a bare ": ".
      let indent = ''
      return `${b.rows
        .map(([k, v]) => {
          if (k === '') return `${indent}${v}`
          indent = ' '.repeat(k.length + 2)
          return `${k}: ${v}`
        })
        .join('\n')}\n`
    }
  }
}

/** A link minted at send time (app/jobs/outbox.server.ts). */
export type MintedLink = { url: string; expiresAt: Date }
