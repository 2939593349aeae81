import type { Language } from '../app/domain/languages'
import { fixedT } from '../app/i18n/i18n'
import { renderLayout, type RenderedEmail } from './layout'

// Emails caused by an officer's action (or a person's reply), always in the
// language of the one who receives them: the request's language for the
// person, the organisation's first language for its privacy address.
// Notices of a new message carry no personal data and no message text, only a
// link: email is not a secure channel, the portal is.

const ns = ['officer', 'emails', 'request'] as const

type Common = { orgName: string; reference: string; link: string }

function facts(t: ReturnType<typeof fixedT>, d: Common, more: Array<[string, string]> = []): { kind: 'facts'; rows: Array<[string, string]> } {
  return { kind: 'facts', rows: [[t('emails:facts.reference'), d.reference], [t('emails:facts.organisation'), d.orgName], ...more] }
}

/** The organisation asked for information or identity, or wrote: the text waits in the portal. */
export function newMessageNotice(lang: Language, d: { reference: string; link: string; asksForInformation: boolean }): RenderedEmail {
  const t = fixedT(lang, [...ns])
  const subject = t('officer:emails.message.subject', { reference: d.reference })
  return renderLayout(t, lang, subject, [
    { kind: 'p', text: t('emails:greeting') },
    { kind: 'p', text: t(d.asksForInformation ? 'officer:emails.message.introAsk' : 'officer:emails.message.intro', { reference: d.reference }) },
    { kind: 'p', text: t('officer:emails.message.privacy') },
    { kind: 'button', text: t('officer:emails.message.button'), href: d.link },
    { kind: 'small', text: t('officer:emails.message.howToOpen', { reference: d.reference }) },
  ])
}

export function extensionNotice(lang: Language, d: Common & { months: number; reason: string; dueDate: string }): RenderedEmail {
  const t = fixedT(lang, [...ns])
  const subject = t('officer:emails.extended.subject', { reference: d.reference })
  return renderLayout(t, lang, subject, [
    { kind: 'p', text: t('emails:greeting') },
    { kind: 'p', text: t('officer:emails.extended.intro', { org: d.orgName, count: d.months, dueDate: d.dueDate }) },
    facts(t, d, [[t('officer:emails.extended.newDueDate'), d.dueDate]]),
    { kind: 'p', text: t('officer:emails.extended.reasonHeading') },
    { kind: 'p', text: d.reason },
    { kind: 'small', text: t('officer:emails.extended.law') },
    { kind: 'button', text: t('officer:emails.follow'), href: d.link },
  ])
}

export function refusalNotice(
  lang: Language,
  d: Common & { ground: string; reason: string; authorityName: string; complaintUrl: string },
): RenderedEmail {
  const t = fixedT(lang, [...ns])
  const subject = t('officer:emails.refused.subject', { reference: d.reference })
  return renderLayout(t, lang, subject, [
    { kind: 'p', text: t('emails:greeting') },
    { kind: 'p', text: t('officer:emails.refused.intro', { org: d.orgName }) },
    facts(t, d, [[t('officer:emails.refused.groundLabel'), t(`officer:refusalGround.${d.ground}`)]]),
    { kind: 'p', text: t('officer:emails.refused.reasonHeading') },
    { kind: 'p', text: d.reason },
    { kind: 'p', text: t('officer:emails.refused.complain', { authority: d.authorityName }) },
    { kind: 'button', text: t('officer:emails.refused.complainButton', { authority: d.authorityName }), href: d.complaintUrl },
    { kind: 'p', text: t('officer:emails.refused.court') },
    { kind: 'button', text: t('officer:emails.follow'), href: d.link },
  ])
}

/** The answer itself waits on the status page: it is personal data, and email is not a secure channel. */
export function completionNotice(lang: Language, d: Common): RenderedEmail {
  const t = fixedT(lang, [...ns])
  const subject = t('officer:emails.completed.subject', { reference: d.reference })
  return renderLayout(t, lang, subject, [
    { kind: 'p', text: t('emails:greeting') },
    { kind: 'p', text: t('officer:emails.completed.intro', { org: d.orgName }) },
    facts(t, d),
    { kind: 'p', text: t('officer:emails.completed.replyWaits') },
    { kind: 'button', text: t('officer:emails.completed.button'), href: d.link },
    { kind: 'small', text: t('officer:emails.completed.complain') },
  ])
}

export function withdrawalNotice(lang: Language, d: Common): RenderedEmail {
  const t = fixedT(lang, [...ns])
  const subject = t('officer:emails.withdrawn.subject', { reference: d.reference })
  return renderLayout(t, lang, subject, [
    { kind: 'p', text: t('emails:greeting') },
    { kind: 'p', text: t('officer:emails.withdrawn.intro', { org: d.orgName }) },
    facts(t, d),
    { kind: 'small', text: t('officer:emails.withdrawn.notYou') },
    { kind: 'button', text: t('officer:emails.follow'), href: d.link },
  ])
}

/** To the organisation's privacy address: a person wrote. Only a link, to the request in the portal. */
export function replyReceivedNotice(lang: Language, d: { link: string }): RenderedEmail {
  const t = fixedT(lang, [...ns])
  const subject = t('officer:emails.replyReceived.subject')
  return renderLayout(t, lang, subject, [
    { kind: 'p', text: t('officer:emails.replyReceived.intro') },
    { kind: 'button', text: t('officer:emails.replyReceived.button'), href: d.link },
    { kind: 'small', text: t('officer:emails.replyReceived.privacy') },
  ], 'staff')
}
