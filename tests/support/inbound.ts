import type { DB } from '#db/client.server'
import { receiveEmail } from '~/domain/inbound-mail.server'

// An email received by an organisation's inbound address, handed to the
// domain as the listener would hand it: for tests of the pages that show
// drafts, without an SMTP conversation.

export function receivedDraft(db: DB, m: { to: string; from: string; name?: string; subject: string; text: string; attachment?: { filename: string; content: Buffer } }): { id: number } {
  const outcome = receiveEmail(db, {
    recipients: [m.to],
    envelopeSender: m.from,
    headers: new Map(),
    from: { address: m.from, name: m.name ?? null },
    subject: m.subject,
    text: m.text,
    threadIds: [],
    attachments: m.attachment ? [{ ...m.attachment, contentType: 'application/pdf' }] : [],
    raw: Buffer.from(`From: ${m.from}\r\nSubject: ${m.subject}\r\n\r\n${m.text}`),
  })
  if (outcome.kind !== 'draft') throw new Error(`not a draft: ${outcome.kind}`)
  return { id: outcome.inboundIds[0]! }
}
