import type { AddressInfo } from 'node:net'
import { simpleParser, type ParsedMail } from 'mailparser'
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server'
import type { DB } from '#db/client.server'
import { inboundAddressBook, receiveEmail, recipientOf, type ReceivedEmail } from '~/domain/inbound-mail.server'
import type { HeaderLines } from '~/domain/inbound-text'
import { nowMs } from '~/utils/clock'
import { logger } from '~/utils/logger.server'

// The portal's own SMTP listener (docs/decisions/020), inside the server
// process, off unless INBOUND_SMTP_PORT is set. It takes mail only for the
// organisations' inbound addresses (and delivery reports for the portal's
// sender), counts every byte of a message as it arrives and refuses it past
// the limit, refuses too many recipients and clients over their rate, and
// answers anything it cannot read with an SMTP error. Nothing a client sends
// can stop it: every callback catches, and the server's errors are logged.

export type InboundSmtpOptions = {
  port: number
  host: string
  /** The largest message taken, in bytes, counted by the listener itself. */
  maxBytes: number
  /** Recipients one message may have. */
  maxRecipients?: number
  /** Messages one client address may send in a minute; connections are capped at twice as many. */
  perMinute?: number
}

export const INBOUND_LIMITS = { maxRecipients: 10, perMinute: 30, maxClients: 50, socketTimeoutMs: 60_000 }

type SmtpError = Error & { responseCode: number }
const smtpError = (responseCode: number, message: string): SmtpError => Object.assign(new Error(message), { responseCode })

/** Counts per client address in a sliding minute; in memory, since a restart forgets nothing that matters. */
function rateCounter(windowMs = 60_000) {
  const hits = new Map<string, number[]>()
  return (key: string, limit: number): boolean => {
    const now = nowMs()
    const recent = (hits.get(key) ?? []).filter((t) => now - t < windowMs)
    if (recent.length >= limit) {
      hits.set(key, recent)
      return false
    }
    recent.push(now)
    hits.set(key, recent)
    // Forget clients gone quiet, so the map stays small.
    if (hits.size > 10_000) for (const [k, v] of hits) if (!v.some((t) => now - t < windowMs)) hits.delete(k)
    return true
  }
}

/** Reads a message's bytes, keeping at most `max`; past it, the rest is read and dropped (so the client hears the refusal) and `over` is true. */
async function readBounded(stream: SMTPServerDataStream, max: number): Promise<{ raw: Buffer; over: boolean }> {
  const chunks: Buffer[] = []
  let size = 0
  let over = false
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > max) over = true
    if (!over) chunks.push(chunk)
  }
  return { raw: over ? Buffer.alloc(0) : Buffer.concat(chunks), over }
}

/** What of a parsed message the domain reads. */
function received(mail: ParsedMail, raw: Buffer, session: SMTPServerSession): ReceivedEmail {
  const from = mail.from?.value.find((a) => a.address)
  const refs = [mail.inReplyTo ?? '', ...(Array.isArray(mail.references) ? mail.references : [mail.references ?? ''])]
  const threadIds = refs.flatMap((r) => r.match(/<[^<>\s]{1,250}>/g) ?? [])
  const sender = session.envelope.mailFrom
  return {
    recipients: session.envelope.rcptTo.map((r) => r.address),
    envelopeSender: sender === false ? null : sender.address,
    headers: mail.headers as HeaderLines,
    from: from?.address ? { address: from.address, name: from.name || null } : null,
    subject: (mail.subject ?? '').slice(0, 1000),
    text: mail.text ?? '',
    threadIds,
    attachments: mail.attachments.map((a) => ({ filename: a.filename ?? null, contentType: a.contentType || 'application/octet-stream', content: a.content })),
    raw,
  }
}

/** A message the listener will not take: no header block, or no sender address in its From. */
function malformed(raw: Buffer, mail: ParsedMail): boolean {
  const head = raw.subarray(0, 256 * 1024).toString('latin1')
  if (!/\r?\n\r?\n/.test(head) && raw.length > 0 && !/^[\x21-\x39\x3b-\x7e]+:/m.test(head)) return true
  return !mail.from?.value.some((a) => a.address && /^[^@\s]+@[^@\s]+$/.test(a.address))
}

export async function startInboundSmtp(db: DB, opts: InboundSmtpOptions): Promise<{ port: number; close(): Promise<void> }> {
  const maxRecipients = opts.maxRecipients ?? INBOUND_LIMITS.maxRecipients
  const perMinute = opts.perMinute ?? INBOUND_LIMITS.perMinute
  const connections = rateCounter()
  const messages = rateCounter()
  const log = logger()
  const server = new SMTPServer({
    name: 'rights-portal',
    banner: 'rights portal: requests by email',
    logger: false,
    secure: false,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    // Announced in EHLO; the listener counts the bytes itself (readBounded).
    size: opts.maxBytes,
    maxClients: INBOUND_LIMITS.maxClients,
    socketTimeout: INBOUND_LIMITS.socketTimeoutMs,
    closeTimeout: 5_000,
    onConnect(session, callback) {
      if (!connections(session.remoteAddress, perMinute * 2)) return callback(smtpError(421, '4.7.0 Too many connections from your address, try again later'))
      callback()
    },
    onMailFrom(_address, session, callback) {
      if (!messages(session.remoteAddress, perMinute)) return callback(smtpError(450, '4.7.1 Too many messages from your address, try again later'))
      callback()
    },
    onRcptTo(address, session, callback) {
      try {
        if (session.envelope.rcptTo.length >= maxRecipients) return callback(smtpError(452, '4.5.3 Too many recipients'))
        if (!recipientOf(inboundAddressBook(db), address.address)) return callback(smtpError(550, '5.1.1 No such recipient here'))
        callback()
      } catch (error) {
        log.error({ error: (error as Error).name }, 'inbound email: recipient not checked')
        callback(smtpError(451, '4.3.0 Try again later'))
      }
    },
    onData(stream, session, callback) {
      void (async () => {
        const { raw, over } = await readBounded(stream, opts.maxBytes)
        if (over || stream.sizeExceeded) return smtpError(552, `5.3.4 Message too big: at most ${opts.maxBytes} bytes`)
        let mail: ParsedMail
        try {
          mail = await simpleParser(raw, { skipHtmlToText: false, skipImageLinks: true, skipTextLinks: true })
        } catch {
          return smtpError(550, '5.6.0 Malformed message')
        }
        if (malformed(raw, mail)) return smtpError(550, '5.6.0 Malformed message: no sender address in From')
        const outcome = receiveEmail(db, received(mail, raw, session))
        log.info({ outcome: outcome.kind, ...('reason' in outcome ? { reason: outcome.reason } : {}), bytes: raw.length }, 'inbound email')
        if (outcome.kind === 'unaddressed') return smtpError(550, '5.1.1 This address takes no mail')
        if (outcome.kind === 'noSender') return smtpError(550, '5.6.0 Malformed message: no sender address in From')
        if (outcome.kind === 'full') return smtpError(452, '4.2.2 Too many emails waiting here, try again later')
        return null
      })()
        .then((error) => callback(error ?? undefined))
        .catch((error: unknown) => {
          log.error({ error: (error as Error)?.name ?? 'Error' }, 'inbound email not stored')
          callback(smtpError(451, '4.3.0 Not stored, try again later'))
        })
    },
  })
  // A client dropping its connection or speaking nonsense is logged, never thrown.
  server.on('error', (error: Error & { code?: string }) => log.warn({ error: error.code ?? error.name }, 'inbound smtp client error'))
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const port = (server.server.address() as AddressInfo).port
  log.info({ port, host: opts.host }, 'inbound smtp listening')
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
