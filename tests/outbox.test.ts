import { desc, eq, inArray } from 'drizzle-orm'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { getDb } from '#db/client.server'
import { outbox } from '#db/schema'
import { getOrganisationBySlug, readOrganisationFiles } from '~/data/organisations.server'
import { queueEmail } from '~/domain/mail.server'
import { importOrganisations } from '~/domain/organisations.server'
import { fileRequest } from '~/domain/requests.server'
import { backoffMs, createMailer, deliverDueEmails } from '~/jobs/outbox.server'
import { advanceClock, nowMs, resetClock, setClock } from '~/utils/clock'
import { startSmtp, type TestSmtp } from './support/smtp'

// An SMTP outage delays email and loses none; once the server is back every
// email arrives exactly once, however many workers deliver at the same time.

const OPTS = { from: 'Rights Portal <no-reply@portal.example>', publicUrl: 'http://portal.test' }
const SECOND = 1000

let smtp: TestSmtp
const db = getDb()

beforeAll(async () => {
  setClock('2026-03-10T09:00:00Z')
  importOrganisations(db, readOrganisationFiles('db/organisations'))
  smtp = await startSmtp()
})

afterAll(async () => {
  await smtp?.stop()
  resetClock()
})

function queue(count: number, prefix: string): string[] {
  const org = getOrganisationBySlug(db, 'aivokipina')!
  const ids: string[] = []
  for (let i = 0; i < count; i++) {
    const to = `${prefix}${i}@example.com`
    if (i % 2 === 0) {
      // As the portal queues them: in the transaction that files the request.
      fileRequest(db, { org, language: 'fi', type: 'access', details: { type: 'access', scope: 'all' }, subject: { name: `Henkilö ${i}`, email: to, identifiers: {} } })
    } else {
      db.transaction((tx) =>
        queueEmail(tx, {
          to,
          language: 'en',
          template: 'confirm-email',
          orgId: org.id,
          params: { orgName: org.name, timeZone: org.timeZone, requestType: 'access' },
          links: [{ name: 'link', purpose: 'confirm_email', ttlMs: 86_400_000, path: '/en/confirm/{token}' }],
        }),
      )
    }
    ids.push(db.select({ messageId: outbox.messageId }).from(outbox).orderBy(desc(outbox.id)).limit(1).get()!.messageId)
  }
  return ids
}

function rows(messageIds: string[]) {
  return db.select().from(outbox).where(inArray(outbox.messageId, messageIds)).all()
}

/** How many times the SMTP server received each of these messages. */
function receivedCounts(messageIds: string[]) {
  return messageIds.map((id) => smtp.messages.filter((m) => m.messageId === id).length)
}

test('an outage delays email with growing back-off; on recovery each email arrives exactly once', async () => {
  const mailer = createMailer(smtp.url)
  await smtp.stop()
  const ids = queue(5, 'outage')

  // The server is down: every attempt fails, nothing is lost.
  const first = await deliverDueEmails(db, mailer, OPTS)
  expect(first).toEqual({ sent: 0, failed: 5 })
  for (const row of rows(ids)) {
    expect(row).toMatchObject({ status: 'pending', attempts: 1, sentAt: null })
    // The error's class only: a server's message may quote the address.
    expect(row.lastError).toMatch(/^[A-Z]+/)
    expect(row.lastError).not.toContain('@')
    expect(row.nextAttemptAt.getTime()).toBe(nowMs() + backoffMs(1))
  }

  // Not due yet: nothing is tried.
  advanceClock(backoffMs(1) - SECOND)
  expect(await deliverDueEmails(db, mailer, OPTS)).toEqual({ sent: 0, failed: 0 })

  // Due, still down: the wait doubles.
  advanceClock(SECOND)
  expect(await deliverDueEmails(db, mailer, OPTS)).toEqual({ sent: 0, failed: 5 })
  for (const row of rows(ids)) {
    expect(row).toMatchObject({ status: 'pending', attempts: 2 })
    expect(row.nextAttemptAt.getTime()).toBe(nowMs() + backoffMs(2))
  }
  expect(backoffMs(2)).toBe(2 * backoffMs(1))

  // The server is back, but the emails wait for their next attempt.
  await smtp.start()
  advanceClock(backoffMs(2) - SECOND)
  expect(await deliverDueEmails(db, mailer, OPTS)).toEqual({ sent: 0, failed: 0 })
  expect(smtp.messages).toHaveLength(0)

  advanceClock(SECOND)
  expect(await deliverDueEmails(db, mailer, OPTS)).toEqual({ sent: 5, failed: 0 })
  expect(receivedCounts(ids)).toEqual([1, 1, 1, 1, 1])
  for (const row of rows(ids)) {
    expect(row).toMatchObject({ status: 'sent', attempts: 3, lastError: null })
    // The address and parameters are not kept once delivered (and no link was ever stored).
    expect(row.recipient).toBeNull()
    expect(row.params).toBeNull()
  }
  // Each in its recipient's language.
  const finnish = smtp.messages.find((m) => m.messageId === ids[0])!
  expect(finnish.headers.get('content-language')).toBe('fi')

  // Delivering again sends nothing twice.
  advanceClock(backoffMs(20))
  expect(await deliverDueEmails(db, mailer, OPTS)).toEqual({ sent: 0, failed: 0 })
  expect(receivedCounts(ids)).toEqual([1, 1, 1, 1, 1])
})

test('two workers delivering at the same time never send an email twice', async () => {
  const mailer = createMailer(smtp.url)
  const before = smtp.messages.length
  const ids = queue(12, 'concurrent')
  // Small batches, so that each worker claims rows while the others' are still being sent.
  const results = await Promise.all([1, 2, 3, 4].map(() => deliverDueEmails(db, createMailer(smtp.url), { ...OPTS, limit: 3 })))
  expect(results.map((r) => r.sent)).toEqual([3, 3, 3, 3])
  expect(results.reduce((n, r) => n + r.failed, 0)).toBe(0)
  expect(receivedCounts(ids)).toEqual(ids.map(() => 1))
  expect(smtp.messages.length - before).toBe(12)
  expect(await deliverDueEmails(db, mailer, OPTS)).toEqual({ sent: 0, failed: 0 })
})

test('a worker that died mid-send leaves a lease that lapses, and the email is then delivered once', async () => {
  const mailer = createMailer(smtp.url)
  const [id] = queue(1, 'lease')
  // A worker claimed it and died before sending.
  db.update(outbox).set({ status: 'sending', lockedUntil: new Date(nowMs() + 60 * SECOND) }).where(eq(outbox.messageId, id!)).run()
  expect(await deliverDueEmails(db, mailer, OPTS)).toEqual({ sent: 0, failed: 0 })
  advanceClock(61 * SECOND)
  expect(await deliverDueEmails(db, mailer, OPTS)).toEqual({ sent: 1, failed: 0 })
  expect(receivedCounts([id!])).toEqual([1])
})

test('a slow batch renews each lease before sending; rows another worker took over meanwhile are not sent again', async () => {
  const ids = queue(4, 'slow')
  const real = createMailer(smtp.url)
  let sends = 0
  let takeover: Promise<unknown> | null = null
  // Each send takes 40 s of (moved) time. After two sends the batch's
  // original lease on the remaining rows has lapsed, and a second worker
  // starts: it takes those rows over, and the first worker must skip them.
  const slow = {
    sendMail: async (message: Parameters<typeof real.sendMail>[0]) => {
      const info = await real.sendMail(message)
      advanceClock(40 * SECOND)
      if (++sends === 2) takeover = deliverDueEmails(db, real, OPTS)
      return info
    },
  }
  await deliverDueEmails(db, slow, OPTS)
  await takeover
  await Promise.all(ids.map((id) => smtp.waitFor((m) => m.messageId === id)))
  expect(receivedCounts(ids)).toEqual([1, 1, 1, 1])
  expect(rows(ids).every((r) => r.status === 'sent')).toBe(true)
})

test('each link is minted when its email is sent, once, and works', async () => {
  const mailer = createMailer(smtp.url)
  const [id] = queue(1, 'minted')
  // Nothing in the stored row can be used as a link: no token is made before sending.
  const row = rows([id!])[0]!
  expect(JSON.stringify(row)).not.toMatch(/confirm\/[A-Za-z0-9_-]{20,}/)
  expect(await deliverDueEmails(db, mailer, OPTS)).toEqual({ sent: 1, failed: 0 })
  const mail = await smtp.waitFor((m) => m.messageId === id)
  expect(mail.text).toMatch(/http:\/\/portal\.test\/fi\/confirm\/[A-Za-z0-9_-]{40,}/)
})
