import nodemailer from 'nodemailer'
import { simpleParser, type ParsedMail } from 'mailparser'
import { eq } from 'drizzle-orm'
import type { DB } from '#db/client.server'
import { outbox } from '#db/schema'
import { deliverDueEmails, type Mailer } from '~/jobs/outbox.server'

// The outbox worker delivering for real, into nodemailer's stream transport
// instead of a network: each message is the exact bytes an SMTP server would
// get, read back with mailparser. For tests of the domain that need to follow
// an emailed link; tests of delivery itself use the SMTP server (./smtp.ts).

/** A delivered email, with the outbox row it came from (its template, request and organisation). */
export type Delivered = ParsedMail & { to_: string; template: string; requestId: number | null; orgId: number | null }

export function captureMailer(db: DB, into: Delivered[]): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' })
  return {
    async sendMail(message) {
      const info = (await transport.sendMail(message)) as { message: Buffer }
      const parsed = (await simpleParser(info.message)) as Delivered
      const row = db.select().from(outbox).where(eq(outbox.messageId, String(message.messageId))).get()!
      parsed.to_ = String(message.to)
      parsed.template = row.template
      parsed.requestId = row.requestId
      parsed.orgId = row.orgId
      into.push(parsed)
      return info as never
    },
  } as Mailer
}

/** Delivers every due email now and returns what was sent, in order. */
export async function deliverAll(db: DB, publicUrl = 'http://portal.test'): Promise<Delivered[]> {
  const sent: Delivered[] = []
  const mailer = captureMailer(db, sent)
  for (;;) {
    const { sent: n, failed } = await deliverDueEmails(db, mailer, { from: 'Portal <portal@test.example>', publicUrl, limit: 200 })
    if (failed) throw new Error(`${failed} emails failed to render or send`)
    if (n === 0) return sent
  }
}

/** The first link in a mail's text part that starts with the given prefix. */
export function linkIn(mail: ParsedMail, prefix: string): string {
  const match = (mail.text ?? '').split(/\s+/).find((word) => word.startsWith(prefix))
  if (!match) throw new Error(`No link starting with ${prefix} in "${mail.subject}":\n${mail.text}`)
  return match
}

/** The token at the end of a link. */
export function tokenOf(link: string): string {
  return link.slice(link.lastIndexOf('/') + 1)
}

/** Everything delivered so far in a test file, and the newest email to an address after delivering what is due. */
export function inbox(db: DB, publicUrl: string) {
  const all: Delivered[] = []
  return {
    all,
    async lastTo(address: string): Promise<Delivered | undefined> {
      all.push(...(await deliverAll(db, publicUrl)))
      return all.filter((m) => m.to_ === address.toLowerCase() || m.to_ === address).at(-1)
    },
  }
}
