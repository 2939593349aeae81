import type { Language } from '../app/vocabulary'
import { taskDone } from './assistance-emails'
import { dailyDigest } from './digest-emails'
import { controllerCode, controllerForwarded, forwardingAlert, requestForwarded } from './forwarding-emails'
import type { MintedLink, RenderedEmail } from './layout'
import { deadlineNotice, newWorkNotice } from './notification-emails'
import { officerInvitation, passwordReset, signInHeld } from './officer-emails'
import {
  answerReadyNotice,
  clockResumedNotice,
  confirmEmailAddress,
  downloadLink,
  extensionNotice,
  newMessageNotice,
  refusalNotice,
  restrictionLiftingNotice,
  requestConfirmed,
  statusLink,
  withdrawalNotice,
} from './subject-emails'

// Every email the portal sends, by name. The outbox stores a name and its
// parameters; the worker renders the email when it sends it, with the links
// it mints then (emails/layout.ts: MintedLink).

type Render<P> = (lang: Language, params: P, links: Record<string, MintedLink>) => RenderedEmail
const withLink = <P,>(f: (lang: Language, params: P, links: { link: MintedLink }) => RenderedEmail): Render<P> => (lang, params, links) => f(lang, params, { link: need(links, 'link') })
const plain = <P,>(f: (lang: Language, params: P) => RenderedEmail): Render<P> => (lang, params) => f(lang, params)

function need(links: Record<string, MintedLink>, name: string): MintedLink {
  const link = links[name]
  if (!link) throw new Error(`the email needs a link named "${name}"`)
  return link
}

export const EMAIL_TEMPLATES = {
  'confirm-email': withLink(confirmEmailAddress),
  'request-confirmed': withLink(requestConfirmed),
  'status-link': withLink(statusLink),
  'new-message': withLink(newMessageNotice),
  'clock-resumed': withLink(clockResumedNotice),
  extended: withLink(extensionNotice),
  refused: withLink(refusalNotice),
  'answer-ready': withLink(answerReadyNotice),
  withdrawn: withLink(withdrawalNotice),
  'download-link': withLink(downloadLink),
  'officer-invitation': withLink(officerInvitation),
  'password-reset': withLink(passwordReset),
  'sign-in-held': plain(signInHeld),
  'new-work': plain(newWorkNotice),
  'deadline-near': plain(deadlineNotice),
  'daily-digest': plain(dailyDigest),
  'controller-forwarded': controllerForwarded,
  'request-forwarded': withLink(requestForwarded),
  'forwarding-alert': plain(forwardingAlert),
  'controller-code': ((lang, params, links) => controllerCode(lang, params, { code: need(links, 'code') })) as Render<Parameters<typeof controllerCode>[1]>,
  'task-done': taskDone,
  'restriction-lifting': withLink(restrictionLiftingNotice),
} as const

export type EmailTemplate = keyof typeof EMAIL_TEMPLATES
export type EmailParams<T extends EmailTemplate> = Parameters<(typeof EMAIL_TEMPLATES)[T]>[1]

export function renderEmail(template: string, lang: Language, params: unknown, links: Record<string, MintedLink>): RenderedEmail {
  const render = (EMAIL_TEMPLATES as Record<string, Render<unknown>>)[template]
  if (!render) throw new Error(`no email template "${template}"`)
  return render(lang, params, links)
}
