import { normaliseReference } from '~/utils/reference'

// Reading a received email (docs/decisions/020): what is automatic mail and
// not a request, which addresses a delivery report says were not reached,
// the reference number a subject carries, and the text without the earlier
// mail a reply quotes. Plain functions over the parsed message's parts.

/** The headers of a received email, names in lower case, as mailparser gives them. */
export type HeaderLines = Map<string, unknown>

function headerText(headers: HeaderLines, name: string): string {
  const value = headers.get(name)
  if (value === undefined || value === null) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'object' && 'value' in (value as object)) return String((value as { value: unknown }).value ?? '')
  if (typeof value === 'object' && 'text' in (value as object)) return String((value as { text: unknown }).text ?? '')
  return String(value)
}

/**
 * Mail that no person wrote to the organisation: an auto-reply (RFC 3834
 * `Auto-Submitted` other than `no`), bulk or list mail (`Precedence`), or mail
 * nobody may answer (an empty return path, in the header or the envelope).
 */
export function automaticReason(headers: HeaderLines, envelopeSender: string | null): 'auto_submitted' | 'bulk' | 'no_return_path' | null {
  const auto = headerText(headers, 'auto-submitted').trim().toLowerCase()
  if (auto && !auto.startsWith('no')) return 'auto_submitted'
  const precedence = headerText(headers, 'precedence').trim().toLowerCase()
  if (['bulk', 'list', 'junk'].includes(precedence)) return 'bulk'
  if (headers.has('return-path') && /^<?\s*>?$/.test(headerText(headers, 'return-path').trim())) return 'no_return_path'
  if (envelopeSender !== null && envelopeSender.trim() === '') return 'no_return_path'
  return null
}

/** A delivery status notification (RFC 3464): `multipart/report; report-type=delivery-status`. */
export function isDeliveryReport(headers: HeaderLines): boolean {
  const type = headers.get('content-type') as { value?: string; params?: Record<string, string> } | string | undefined
  if (!type) return false
  if (typeof type === 'string') return /^multipart\/report\b/i.test(type) && /report-type\s*=\s*"?delivery-status/i.test(type)
  return (type.value ?? '').toLowerCase() === 'multipart/report' && (type.params?.['report-type'] ?? '').toLowerCase() === 'delivery-status'
}

/**
 * What a delivery report says: the recipients it failed for (Action: failed,
 * or a permanent 5.x.x status) and the Message-ID of the message it returns,
 * when it quotes one.
 */
export function readDeliveryReport(parts: Array<{ contentType: string; content: Buffer }>): { failed: string[]; messageId: string | null } {
  const failed = new Set<string>()
  let messageId: string | null = null
  for (const part of parts) {
    const type = part.contentType.toLowerCase()
    const text = part.content.subarray(0, 200_000).toString('utf8')
    if (type === 'message/delivery-status' || type === 'message/global-delivery-status') {
      // One block of fields for the message, then one per recipient, separated by blank lines.
      for (const block of text.split(/\r?\n\s*\r?\n/)) {
        const recipient = /^(?:final-recipient|original-recipient)\s*:\s*[^;\r\n]*;\s*<?([^\s<>]+@[^\s<>]+)>?/im.exec(block)?.[1]
        const action = /^action\s*:\s*(\S+)/im.exec(block)?.[1]?.toLowerCase()
        const status = /^status\s*:\s*(\d)\./im.exec(block)?.[1]
        if (recipient && (action === 'failed' || (!action && status === '5'))) failed.add(recipient.toLowerCase())
      }
    } else if (type === 'message/rfc822' || type === 'text/rfc822-headers' || type === 'message/global' || type === 'message/global-headers') {
      const headersEnd = text.search(/\r?\n\r?\n/)
      const head = headersEnd === -1 ? text : text.slice(0, headersEnd)
      messageId ??= /^message-id\s*:\s*(<[^>\s]{1,250}>)/im.exec(head)?.[1] ?? null
    }
  }
  return { failed: [...failed], messageId }
}

/** The reference number in a subject such as "Re: Your request 3467-ACDE", when there is one. */
export function referenceInSubject(subject: string): string | null {
  for (const match of subject.toUpperCase().matchAll(/(?<![A-Z0-9])([A-Z0-9]{4})[\s-]?([A-Z0-9]{4})(?![A-Z0-9])/g)) {
    const reference = normaliseReference(`${match[1]}${match[2]}`)
    if (reference) return reference
  }
  return null
}

/**
 * Where the earlier mail a reply quotes begins, by the lines mail programs
 * write before it, in the portal's four languages: "On … wrote:", "Den …
 * skrev:", "… kirjoitti:", "Original Message", "Oprindelig besked",
 * "Opprinnelig melding", "Alkuperäinen viesti", and a header block starting
 * "From:", "Fra:" or "Lähettäjä:".
 */
const SEPARATORS = [
  /^-*\s*(original message|oprindelig (besked|meddelelse)|opprinnelig melding|alkuperäinen viesti|ursprüngliche nachricht)\s*-*$/i,
  /^-{2,}\s*(forwarded message|videresendt (besked|melding)|välitetty viesti)\s*-{2,}$/i,
]
// "Den 3. dec. 2026 kl. 10.00 skrev Anna <…>:"; Gmail's "tir. 1. des. 2026 kl. 10:00 skrev Anna <…>:" and "ma 1.12.2026 klo 10.00 Anna <…> kirjoitti:" begin with a date.
const WROTE = [/^on\b.{0,300}\bwrote:?$/i, /^den\b.{0,300}\bskrev\b.{0,200}:?$/i, /^\S{0,6}\s*\d.{0,300}\b(kirjoitti|skrev\b.{0,200}):?$/i]
const HEADER_START = /^\**(from|fra|lähettäjä)\s*:\**\s*\S/i
const HEADER_NEXT = /^\**(sent|date|to|subject|sendt|dato|til|emne|lähetetty|päivämäärä|vastaanottaja|aihe|cc)\s*:/i

/** The index of the first line of quoted earlier mail, or the number of lines when there is none. */
export function quoteStart(lines: string[]): number {
  // Where the tail of "> " lines (and blank ones) begins, found in one pass from the end: a line starting
  // with ">" starts the quote when only quoted or blank lines follow it.
  let quotedTail = lines.length
  while (quotedTail > 0 && (!lines[quotedTail - 1]!.trim() || lines[quotedTail - 1]!.trim().startsWith('>'))) quotedTail--
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim()
    if (!line) continue
    if (SEPARATORS.some((p) => p.test(line))) return i
    if (WROTE.some((p) => p.test(line))) return i
    // "On Mon, 1 Dec 2026 at 10:00, Anna <a@b.example>" / "wrote:" split over two lines.
    const next = lines[i + 1]?.trim() ?? ''
    if (next && line.length + next.length < 400 && WROTE.some((p) => p.test(`${line} ${next}`)) && /^(on|den)\b/i.test(line)) return i
    if (HEADER_START.test(line) && lines.slice(i + 1, i + 4).some((l) => HEADER_NEXT.test(l.trim()))) return i
    if (line.startsWith('>') && i >= quotedTail) return i
  }
  return lines.length
}

export const STRIP_MAX_CHARS = 100_000

/** The reply's own text: the quoted earlier mail cut off, trailing blank lines dropped. The whole text is kept beside it. */
export function stripQuoted(text: string): { own: string; quoted: boolean } {
  // Read at most the first STRIP_MAX_CHARS: what a person writes comes first, and a message of megabytes of lines stays cheap to show.
  const lines = text.slice(0, STRIP_MAX_CHARS).replace(/\r\n?/g, '\n').split('\n')
  const start = quoteStart(lines)
  const own = lines.slice(0, start).join('\n').replace(/\s+$/, '')
  // A message that is all quote (a bare forward) shows whole: there is nothing else to show.
  if (!own.trim()) return { own: text.slice(0, STRIP_MAX_CHARS).trim(), quoted: text.length > STRIP_MAX_CHARS }
  return { own, quoted: start < lines.length || text.length > STRIP_MAX_CHARS }
}
