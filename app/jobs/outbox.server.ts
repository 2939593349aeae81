import { randomUUID } from 'node:crypto'
import { and, asc, desc, eq, inArray, lte, or, lt } from 'drizzle-orm'
import nodemailer, { type Transporter } from 'nodemailer'
import type { DB, Tx } from '#db/client.server'
import { outbox, type OutboxEmail } from '#db/schema'
import type { RenderedEmail } from '#emails/layout'
import { nowMs } from '~/utils/clock'

// The outbox: an email is a row written in the same transaction as the change
// that causes it, and delivered afterwards by deliverDueEmails. An SMTP outage
// delays mail but loses none; a claimed row is leased, so two workers never
// send the same row (see docs/decisions/003-outbox.md).

const LEASE_MS = 60_000
const MAX_ATTEMPTS = 20

export function enqueueEmail(
  tx: Tx | DB,
  e: { to: string; language: string; template: string; email: RenderedEmail; orgId?: number | null; requestId?: number | null },
): void {
  const at = nowMs()
  tx.insert(outbox)
    .values({
      createdAt: new Date(at),
      toAddress: e.to,
      language: e.language,
      template: e.template,
      subject: e.email.subject,
      html: e.email.html,
      text: e.email.text,
      messageId: `<${randomUUID()}@rights-portal>`,
      nextAttemptAt: new Date(at),
      orgId: e.orgId ?? null,
      requestId: e.requestId ?? null,
    })
    .run()
}

/** 30 s, 1 min, 2 min, … up to an hour between attempts. */
export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000)
}

export type Mailer = Pick<Transporter, 'sendMail'>

// Timeouts well inside the lease, so a hanging SMTP server cannot outlast it.
export function createMailer(smtpUrl: string): Mailer {
  return nodemailer.createTransport({ url: smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 })
}

/** Claims due rows (leasing them) and tries each once. */
export async function deliverDueEmails(db: DB, mailer: Mailer, from: string, limit = 50): Promise<{ sent: number; failed: number }> {
  const claimed = claimDue(db, limit)
  let sent = 0
  let failed = 0
  for (const email of claimed) {
    // Renew this row's lease just before sending. If it lapsed while earlier
    // rows were sent, another worker may have taken the row over: leave it.
    const lease = new Date(nowMs() + LEASE_MS)
    if (!renewLease(db, email, lease)) continue
    const ours = and(eq(outbox.id, email.id), eq(outbox.status, 'sending'), eq(outbox.lockedUntil, lease))
    try {
      await mailer.sendMail({
        from,
        to: email.toAddress,
        subject: email.subject,
        html: email.html,
        text: email.text,
        messageId: email.messageId,
        headers: { 'Content-Language': email.language },
      })
      // Delivered: the body held single-use links, so it is not kept.
      db.update(outbox)
        .set({ status: 'sent', sentAt: new Date(nowMs()), lockedUntil: null, attempts: email.attempts + 1, html: '', text: '', lastError: null })
        .where(ours)
        .run()
      sent++
    } catch (error) {
      const attempts = email.attempts + 1
      db.update(outbox)
        .set({
          status: attempts >= MAX_ATTEMPTS ? 'failed' : 'pending',
          attempts,
          lockedUntil: null,
          nextAttemptAt: new Date(nowMs() + backoffMs(attempts)),
          lastError: error instanceof Error ? error.message.slice(0, 500) : String(error),
        })
        .where(ours)
        .run()
      if (attempts >= MAX_ATTEMPTS) console.warn(`outbox: gave up on email ${email.id} to ${email.template} after ${attempts} attempts`)
      failed++
    }
  }
  return { sent, failed }
}

function renewLease(db: DB, email: OutboxEmail, lease: Date): boolean {
  const claimed = email.lockedUntil
  if (!claimed) return false
  return (
    db
      .update(outbox)
      .set({ lockedUntil: lease })
      .where(and(eq(outbox.id, email.id), eq(outbox.status, 'sending'), eq(outbox.lockedUntil, claimed)))
      .run().changes === 1
  )
}

function claimDue(db: DB, limit: number): OutboxEmail[] {
  const at = nowMs()
  return db.transaction((tx) => {
    const due = tx
      .select()
      .from(outbox)
      .where(
        or(
          and(eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, new Date(at))),
          // A worker that died mid-send leaves its lease behind; take it over when it lapses.
          and(eq(outbox.status, 'sending'), lt(outbox.lockedUntil, new Date(at))),
        ),
      )
      .orderBy(asc(outbox.nextAttemptAt), asc(outbox.id))
      .limit(limit)
      .all()
    if (due.length === 0) return []
    const lockedUntil = new Date(at + LEASE_MS)
    tx.update(outbox)
      .set({ status: 'sending', lockedUntil })
      .where(inArray(outbox.id, due.map((e) => e.id)))
      .run()
    return due.map((e) => ({ ...e, status: 'sending' as const, lockedUntil }))
  }, { behavior: 'immediate' })
}

/** Delivers due email every intervalMs until stopped. Rounds never overlap. */
export function startOutboxWorker(db: DB, mailer: Mailer, from: string, intervalMs: number): () => Promise<void> {
  let running: Promise<unknown> | null = null
  const timer = setInterval(() => {
    if (running) return
    running = deliverDueEmails(db, mailer, from)
      .catch((error) => console.error('outbox worker:', error))
      .finally(() => {
        running = null
      })
  }, intervalMs)
  timer.unref()
  return async () => {
    clearInterval(timer)
    await running
  }
}

/** The newest emails, sent or not: what the development mailbox shows. */
export function recentEmails(db: DB, limit = 50): OutboxEmail[] {
  return db.select().from(outbox).orderBy(desc(outbox.id)).limit(limit).all()
}
