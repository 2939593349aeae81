import type { Transporter } from 'nodemailer'
import type { DB } from '#db/client.server'
import type { OutboxEmail } from '#db/schema'
import type { MintedLink } from '#emails/layout'
import { renderEmail } from '#emails/templates'
import { claimDueEmails, LEASE_MS, markFailed, markSent, renewLease } from '~/data/outbox.server'
import { issueControllerLink } from '~/data/forwardings.server'
import { expireUnusedTokens, issueToken } from '~/data/tokens.server'
import { mintControllerCode } from '~/domain/controller-link.server'
import { bounceAddressFor, forwardingSent, forwardingUndelivered, messageSha256 } from '~/domain/forwarding.server'
import { replyAddressFor } from '~/domain/inbound-mail.server'
import { isLanguage } from '~/domain/languages'
import { nowMs } from '~/utils/clock'
import { logger } from '~/utils/logger.server'
import { lazyRequire } from '~/utils/lazy-require'

const nodemailer = lazyRequire<typeof import('nodemailer')>('nodemailer')

// The outbox worker. An SMTP outage delays mail but loses none; a claimed row
// is leased, so two workers never send the same row (docs/decisions/003).
// The email is rendered only now, and its links minted only now, so the
// database never holds a live link (docs/decisions/010).

const MAX_ATTEMPTS = 20

/** 30 s, 1 min, 2 min, … up to an hour between attempts. */
export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000)
}

export type Mailer = Pick<Transporter, 'sendMail'>

// Timeouts well inside the lease, so a hanging SMTP server cannot outlast it.
export function createMailer(smtpUrl: string): Mailer {
  // nodemailer takes about 70 ms to load: loaded, and the transport made, at the first email rather than at start-up (decision 027).
  let transport: Transporter | undefined
  return {
    sendMail: (message) => {
      transport ??= nodemailer().createTransport({ url: smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 })
      return transport.sendMail(message)
    },
  }
}

/** What of an error may be kept: its class and the SMTP reply code, never a server's text (which may quote the address). */
function errorClass(error: unknown): string {
  const e = error as { code?: unknown; responseCode?: unknown; name?: unknown }
  const code = typeof e?.code === 'string' ? e.code : typeof e?.name === 'string' ? e.name : 'Error'
  return typeof e?.responseCode === 'number' ? `${code} ${e.responseCode}` : code
}

function permanent(error: unknown): boolean {
  const code = (error as { responseCode?: unknown })?.responseCode
  return typeof code === 'number' && code >= 500 && code < 600
}

/** Mints the row's links: each a fresh single-use token, the older ones of the same kind retired when asked. */
function mintLinks(db: DB, email: OutboxEmail, publicUrl: string): Record<string, MintedLink> {
  return db.transaction((tx) => {
    const links: Record<string, MintedLink> = {}
    for (const spec of email.links) {
      if (spec.purpose === 'controller_access') {
        // A controller's link is not single-use: each visit asks for a fresh emailed code (docs/decisions/017).
        const { token } = issueControllerLink(tx, spec.forwardingId!)
        links[spec.name] = { url: `${publicUrl}${spec.path.replace('{token}', token)}`, expiresAt: new Date(0) }
        continue
      }
      if (spec.purpose === 'controller_code') {
        // Made now, so its minutes run from when it leaves, and the outbox never holds a live code.
        const { code, expiresAt } = mintControllerCode(tx, spec.linkId!)
        links[spec.name] = { url: code, expiresAt }
        continue
      }
      if (spec.replacesOthers) expireUnusedTokens(tx, { purpose: spec.purpose, userId: spec.userId, requestId: spec.requestId })
      const { token, expiresAt } = issueToken(tx, { purpose: spec.purpose, requestId: spec.requestId, userId: spec.userId, ttlMs: spec.ttlMs })
      links[spec.name] = { url: `${publicUrl}${spec.path.replace('{token}', token)}`, expiresAt }
    }
    return links
  }, { behavior: 'immediate' })
}

/** Claims due rows and tries each once. */
export async function deliverDueEmails(db: DB, mailer: Mailer, opts: { from: string; publicUrl: string; limit?: number }): Promise<{ sent: number; failed: number }> {
  const claimed = claimDueEmails(db, opts.limit ?? 50)
  let sent = 0
  let failed = 0
  for (const email of claimed) {
    // Renew this row's lease just before sending. If it lapsed while earlier
    // rows were sent, another worker may have taken the row over: leave it.
    const lease = new Date(nowMs() + LEASE_MS)
    if (!renewLease(db, email, lease)) continue
    const claimedEmail = { ...email, lockedUntil: lease }
    const forwarding = email.template === 'controller-forwarded'
    try {
      if (!email.recipient || !email.params || !isLanguage(email.language)) throw Object.assign(new Error('incomplete outbox row'), { code: 'EINCOMPLETE' })
      const rendered = renderEmail(email.template, email.language, email.params, mintLinks(db, email, opts.publicUrl))
      const message = { from: opts.from, to: email.recipient, subject: rendered.subject, html: rendered.html, text: rendered.text, messageId: email.messageId }
      // A forwarding to a controller goes out with its own return address, so a bounce names it.
      const bounceTo = forwarding ? bounceAddressFor(db, email.id, opts.from) : null
      // An email to the person about a request, from an organisation that takes email, is answered to an address that threads the reply onto it.
      const replyTo = forwarding ? null : replyAddressFor(db, email)
      await mailer.sendMail({
        ...message,
        ...(replyTo ? { replyTo } : {}),
        ...(bounceTo ? { envelope: { from: bounceTo, to: email.recipient } } : {}),
        headers: { 'Content-Language': email.language },
      })
      markSent(db, claimedEmail, lease)
      if (forwarding) forwardingSent(db, email.id, { messageId: email.messageId, sha256: messageSha256(message) })
      sent++
    } catch (error) {
      const attempts = email.attempts + 1
      // A receiving server's permanent refusal (5xx) of a forwarding is final: the processor must hear of it now, not after 20 tries.
      const rejected = forwarding && permanent(error)
      const giveUp = attempts >= MAX_ATTEMPTS || !!rejected
      markFailed(db, claimedEmail, lease, { attempts, giveUp, retryAt: new Date(nowMs() + backoffMs(attempts)), error: errorClass(error) })
      if (forwarding && giveUp) forwardingUndelivered(db, { outboxId: email.id }, rejected ? 'rejected' : 'gave_up')
      logger().warn({ outboxId: email.id, template: email.template, attempts, error: errorClass(error), gaveUp: giveUp }, 'email not sent')
      failed++
    }
  }
  return { sent, failed }
}

/** Delivers due email every intervalMs until stopped. Rounds never overlap. */
export function startOutboxWorker(db: DB, mailer: Mailer, opts: { from: string; publicUrl: string; intervalMs: number }): () => Promise<void> {
  let running: Promise<unknown> | null = null
  const timer = setInterval(() => {
    if (running) return
    running = deliverDueEmails(db, mailer, opts)
      .catch((error) => logger().error({ error: errorClass(error) }, 'outbox worker failed'))
      .finally(() => {
        running = null
      })
  }, opts.intervalMs)
  timer.unref()
  return async () => {
    clearInterval(timer)
    await running
  }
}
