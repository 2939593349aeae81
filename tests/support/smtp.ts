import type { AddressInfo } from 'node:net'
import { simpleParser, type ParsedMail } from 'mailparser'
import { SMTPServer } from 'smtp-server'
import type { DB } from '#db/client.server'
import { fileRequest } from '~/domain/requests.server'

// A real SMTP server on 127.0.0.1 that keeps every message it receives,
// parsed. Tests wait on it (waitFor) instead of sleeping.

type Waiter = { predicate: (mail: ParsedMail) => boolean; resolve: (mail: ParsedMail) => void }

export type TestSmtp = {
  port: number
  url: string
  messages: ParsedMail[]
  /** Each message's envelope sender (MAIL FROM), by Message-ID: where a bounce would go. */
  envelopeFrom: Map<string, string>
  /** Recipients this server refuses for good (550), as a receiving server does for an unknown mailbox. */
  refuse: Set<string>
  /** The first message (already received or still to come) that matches. */
  waitFor(predicate: (mail: ParsedMail) => boolean, timeoutMs?: number): Promise<ParsedMail>
  /** Stops listening; the port stays reserved for start() (an outage). */
  stop(): Promise<void>
  /** Listens again on the same port, keeping the messages received so far. */
  start(): Promise<void>
}

export async function startSmtp(port = 0): Promise<TestSmtp> {
  const messages: ParsedMail[] = []
  const envelopeFrom = new Map<string, string>()
  const refuse = new Set<string>()
  const waiters = new Set<Waiter>()
  let server: SMTPServer | null = null
  let boundPort = port

  const listen = async () => {
    const s = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      secure: false,
      logger: false,
      onRcptTo(address, _session, callback) {
        if (refuse.has(address.address.toLowerCase())) return callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }))
        callback()
      },
      onData(stream, session, callback) {
        simpleParser(stream)
          .then((mail) => {
            if (mail.messageId && session.envelope.mailFrom) envelopeFrom.set(mail.messageId, session.envelope.mailFrom.address)
            messages.push(mail)
            for (const w of [...waiters]) {
              if (w.predicate(mail)) {
                waiters.delete(w)
                w.resolve(mail)
              }
            }
            callback()
          })
          .catch((error: Error) => callback(error))
      },
    })
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject)
      s.listen(boundPort, '127.0.0.1', () => {
        s.off('error', reject)
        resolve()
      })
    })
    // A client dropping its connection is not a failure of the test server.
    s.on('error', () => {})
    boundPort = (s.server.address() as AddressInfo).port
    server = s
  }

  await listen()

  return {
    get port() {
      return boundPort
    },
    get url() {
      return `smtp://127.0.0.1:${boundPort}`
    },
    messages,
    envelopeFrom,
    refuse,
    waitFor(predicate, timeoutMs = 10_000) {
      const found = messages.find(predicate)
      if (found) return Promise.resolve(found)
      return new Promise<ParsedMail>((resolve, reject) => {
        const waiter: Waiter = {
          predicate,
          resolve: (mail) => {
            clearTimeout(timer)
            resolve(mail)
          },
        }
        const timer = setTimeout(() => {
          waiters.delete(waiter)
          const seen = messages.map((m) => `  ${m.subject ?? '(no subject)'} → ${addresses(m)}`).join('\n') || '  (none)'
          reject(new Error(`No matching email within ${timeoutMs} ms. Received:\n${seen}`))
        }, timeoutMs)
        waiters.add(waiter)
      })
    },
    async stop() {
      const s = server
      server = null
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()))
    },
    async start() {
      if (!server) await listen()
    },
  }
}

/** The recipients of a parsed mail, as plain addresses. */
export function addresses(mail: ParsedMail): string[] {
  const to = mail.to ? (Array.isArray(mail.to) ? mail.to : [mail.to]) : []
  return to.flatMap((a) => a.value.map((v) => v.address ?? '')).filter(Boolean)
}

/** The first link in a mail's text part that starts with the given prefix. */
export function linkIn(mail: ParsedMail, prefix: string): string {
  const match = (mail.text ?? '').split(/\s+/).find((word) => word.startsWith(prefix))
  if (!match) throw new Error(`No link starting with ${prefix} in "${mail.subject}":\n${mail.text}`)
  return match
}

/** Mail to an address, and with this subject when one is given: a predicate for waitFor and filter. */
export function mailTo(address: string, subject?: string): (mail: ParsedMail) => boolean {
  return (mail) => addresses(mail).includes(address) && (subject === undefined || mail.subject === subject)
}

/**
 * Files a request as the form's last step does, and waits for the confirmation
 * email the outbox delivers to the SMTP server; returns the filing, that email
 * and the confirmation link in it (`${publicUrl}/<language>/confirm/<token>`).
 */
export async function fileAndAwaitConfirmation(db: DB, smtp: TestSmtp, input: Parameters<typeof fileRequest>[1], o: { publicUrl: string; deliver?: () => Promise<unknown> }) {
  const filed = fileRequest(db, input)
  if (!filed.ok) throw new Error('not filed')
  await o.deliver?.()
  const prefix = `${o.publicUrl}/${input.language}/confirm/`
  const mail = await smtp.waitFor((m) => addresses(m).includes(input.subject.email) && (m.text ?? '').includes(prefix))
  return { ...filed, mail, link: linkIn(mail, prefix) }
}
