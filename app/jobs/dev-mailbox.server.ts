import type { Mailer } from '~/jobs/outbox.server'
import { now } from '~/utils/clock'

// A local portal without SMTP delivers into this mailbox, held in the server's
// memory only (so no live link is ever written to disk), and shows it at
// /<lang>/dev/mailbox. It forgets everything when the server stops.

export type DevMail = { id: number; to: string; subject: string; text: string; html: string; sentAt: Date }

const KEY = Symbol.for('rights-portal.dev-mailbox')
const g = globalThis as unknown as Record<symbol, DevMail[] | undefined>
const box = (g[KEY] ??= [])
let nextId = 1

export function devMailer(): Mailer {
  return {
    async sendMail(message: { to?: unknown; subject?: unknown; text?: unknown; html?: unknown }) {
      box.unshift({ id: nextId++, to: String(message.to ?? ''), subject: String(message.subject ?? ''), text: String(message.text ?? ''), html: String(message.html ?? ''), sentAt: now() })
      box.length = Math.min(box.length, 200)
      return {} as never
    },
  } as Mailer
}

export function devMailbox(): readonly DevMail[] {
  return box
}
