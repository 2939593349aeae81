import type { Tx } from '#db/client.server'
import type { LinkSpec } from '#db/schema'
import type { EmailParams, EmailTemplate } from '#emails/templates'
import { emailsToSince, enqueueEmail } from '~/data/outbox.server'
import type { Language } from '~/vocabulary'
import { nowMs } from '~/utils/clock'

// Queuing email, typed by template. Everything that leaves the portal by email
// goes through here, in the transaction of the change that causes it.

export function queueEmail<T extends EmailTemplate>(
  tx: Tx,
  e: { to: string; language: Language; template: T; params: EmailParams<T>; links?: LinkSpec[]; orgId?: number | null; requestId?: number | null },
): { id: number; messageId: string } {
  return enqueueEmail(tx, e)
}

/**
 * Emails anyone can cause to be sent to an address by typing it (a
 * confirmation, a status link) are capped per address: the portal must not
 * become a way to flood someone's inbox.
 */
export const ADDRESS_CAP = { emails: 5, windowMs: 3_600_000 }
const CAPPED: EmailTemplate[] = ['confirm-email', 'status-link']

export function mayEmailAddress(tx: Tx, address: string): boolean {
  return emailsToSince(tx, { address, templates: CAPPED, since: new Date(nowMs() - ADDRESS_CAP.windowMs) }) < ADDRESS_CAP.emails
}
