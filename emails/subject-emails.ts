import { fixedT, formatDate, formatDateTime } from '../app/i18n/i18n'
import type { Language, RequestType } from '../app/vocabulary'
import { renderLayout, type MintedLink, type RenderedEmail } from './layout'

// Emails to the person who made a request, always in the request's language.
// None carries a message's text or the answer: email is not a secure channel,
// the portal is. Each carries a single-use link minted when it is sent.

const ns = ['emails', 'request', 'officer'] as const

type Org = { orgName: string; timeZone: string }
type Ref = Org & { reference: string }
type Link = { link: MintedLink }
/** A processor's request about a client's call: the client answers it, not the processor (docs/decisions/016). */
type AnsweredBy = { controller?: { routing: 'client' | 'needs_routing'; name: string | null; forwardedAt?: string } }

function facts(t: ReturnType<typeof fixedT>, d: Ref, more: Array<[string, string]> = []) {
  return { kind: 'facts' as const, rows: [[t('emails:facts.reference'), d.reference], [t('emails:facts.organisation'), d.orgName], ...more] as Array<[string, string]> }
}

export function confirmEmailAddress(lang: Language, d: Org & { requestType: RequestType } & AnsweredBy, l: Link): RenderedEmail {
  const t = fixedT(lang, [...ns])
  return renderLayout(t, lang, t('emails:confirm.subject', { org: d.orgName }), [
    { kind: 'p', text: t('emails:greeting') },
    {
      kind: 'p',
      text: d.controller
        ? t('emails:confirm.introForClient', { org: d.orgName, type: t(`request:types.${d.requestType}.name`) })
        : t('emails:confirm.intro', { org: d.orgName, type: t(`request:types.${d.requestType}.name`) }),
    },
    { kind: 'button', text: t('emails:confirm.button'), href: l.link.url },
    { kind: 'small', text: t('emails:confirm.expiry', { expiresAt: formatDateTime(l.link.expiresAt, lang, d.timeZone) }) },
    { kind: 'small', text: t('emails:confirm.notYou') },
  ])
}

export function requestConfirmed(lang: Language, d: Ref & { requestType: RequestType; dueAt: string } & AnsweredBy, l: Link): RenderedEmail {
  const t = fixedT(lang, [...ns])
  const dueDate = formatDate(new Date(d.dueAt), lang, d.timeZone)
  const c = d.controller
  // Until the processor has passed it on, say only what is true: it has the request and must pass it on.
  const next = !c
    ? t('emails:confirmed.next', { org: d.orgName, dueDate })
    : c.routing === 'client' && c.forwardedAt
      ? t('emails:confirmed.nextForwarded', { org: d.orgName, controller: c.name, date: formatDate(new Date(c.forwardedAt), lang, d.timeZone), dueDate })
      : c.routing === 'client'
        ? t('emails:confirmed.nextForClient', { org: d.orgName, controller: c.name, dueDate })
      : t('emails:confirmed.nextNeedsRouting', { org: d.orgName, dueDate })
  return renderLayout(t, lang, t('emails:confirmed.subject', { reference: d.reference, org: d.orgName }), [
    { kind: 'p', text: t('emails:greeting') },
    { kind: 'p', text: t('emails:confirmed.intro', { org: d.orgName }) },
    facts(t, d, [
      [t('emails:facts.right'), t(`request:types.${d.requestType}.name`)],
      ...(c ? ([[t('emails:facts.answeredBy'), c.name ?? t('emails:facts.notYetKnown')]] as Array<[string, string]>) : []),
      [t('emails:facts.dueDate'), dueDate],
    ]),
    { kind: 'p', text: next },
    { kind: 'button', text: t('emails:confirmed.button'), href: l.link.url },
    { kind: 'small', text: t('emails:statusLinkNote') },
  ])
}

export function statusLink(lang: Language, d: Ref, l: Link): RenderedEmail {
  const t = fixedT(lang, [...ns])
  return renderLayout(t, lang, t('emails:statusLink.subject', { reference: d.reference }), [
    { kind: 'p', text: t('emails:greeting') },
    { kind: 'p', text: t('emails:statusLink.intro', { reference: d.reference, org: d.orgName }) },
    { kind: 'button', text: t('emails:statusLink.button'), href: l.link.url },
    { kind: 'small', text: t('emails:statusLink.expiry', { expiresAt: formatDateTime(l.link.expiresAt, lang, d.timeZone) }) },
    { kind: 'small', text: t('emails:statusLink.notYou') },
  ])
}

/** The organisation wrote or asked for something; when the deadline pauses meanwhile, the email says so. */
export function newMessageNotice(lang: Language, d: Ref & { asksForInformation: boolean; clockPaused: boolean }, l: Link): RenderedEmail {
  const t = fixedT(lang, [...ns])
  return renderLayout(t, lang, t('officer:emails.message.subject', { reference: d.reference }), [
    { kind: 'p', text: t('emails:greeting') },
    { kind: 'p', text: t(d.asksForInformation ? 'officer:emails.message.introAsk' : 'officer:emails.message.intro', { reference: d.reference }) },
    ...(d.clockPaused ? [{ kind: 'p' as const, text: t('officer:emails.message.clockPaused', { org: d.orgName }) }] : []),
    { kind: 'p', text: t('officer:emails.message.privacy') },
    { kind: 'button', text: t('officer:emails.message.button'), href: l.link.url },
    { kind: 'small', text: t('officer:emails.message.howToOpen', { reference: d.reference }) },
  ])
}

/** The person answered while the deadline stood still: it runs again, with this new date. */
export function clockResumedNotice(lang: Language, d: Ref & { dueAt: string }, l: Link): RenderedEmail {
  const t = fixedT(lang, [...ns])
  const dueDate = formatDate(new Date(d.dueAt), lang, d.timeZone)
  return renderLayout(t, lang, t('officer:emails.resumed.subject', { reference: d.reference }), [
    { kind: 'p', text: t('emails:greeting') },
    { kind: 'p', text: t('officer:emails.resumed.intro', { org: d.orgName, dueDate }) },
    facts(t, d, [[t('emails:facts.dueDate'), dueDate]]),
    { kind: 'button', text: t('officer:emails.follow'), href: l.link.url },
  ])
}

export function extensionNotice(lang: Language, d: Ref & { months: number; reason: string; dueAt: string }, l: Link): RenderedEmail {
  const t = fixedT(lang, [...ns])
  const dueDate = formatDate(new Date(d.dueAt), lang, d.timeZone)
  return renderLayout(t, lang, t('officer:emails.extended.subject', { reference: d.reference }), [
    { kind: 'p', text: t('emails:greeting') },
    { kind: 'p', text: t('officer:emails.extended.intro', { org: d.orgName, count: d.months, dueDate }) },
    facts(t, d, [[t('officer:emails.extended.newDueDate'), dueDate]]),
    { kind: 'p', text: t('officer:emails.extended.reasonHeading') },
    { kind: 'p', text: d.reason },
    { kind: 'small', text: t('officer:emails.extended.law') },
    { kind: 'button', text: t('officer:emails.follow'), href: l.link.url },
  ])
}

/**
 * A refusal or a partial grant: its grounds (already in the person's words,
 * with their articles), where the reasons are, and where the person can turn
 * (Art. 12(4)). The reasons are the officer's words: on the status page, not here.
 */
export function refusalNotice(
  lang: Language,
  d: Ref & { grounds: string[]; authorityName: string; complaintUrl: string; partly: boolean; hasDocuments: boolean },
  l: Link,
): RenderedEmail {
  const t = fixedT(lang, [...ns])
  const key = d.partly ? 'partly' : 'refused'
  return renderLayout(t, lang, t(`officer:emails.${key}.subject`, { reference: d.reference }), [
    { kind: 'p', text: t('emails:greeting') },
    { kind: 'p', text: t(`officer:emails.${key}.intro`, { org: d.orgName }) },
    facts(t, d, d.grounds.map((g, i) => [i === 0 ? t('officer:emails.refused.groundLabel') : '', g] as [string, string])),
    { kind: 'p', text: t('officer:emails.refused.reasonsOnPage') },
    ...(d.hasDocuments ? [{ kind: 'p' as const, text: t('officer:emails.completed.documentsWait') }] : []),
    { kind: 'p', text: t('officer:emails.refused.complain', { authority: d.authorityName }) },
    { kind: 'button', text: t('officer:emails.refused.complainButton', { authority: d.authorityName }), href: d.complaintUrl },
    { kind: 'p', text: t('officer:emails.refused.court') },
    { kind: 'button', text: t('officer:emails.follow'), href: l.link.url },
  ])
}

/** The answer waits on the status page: it is personal data, and email is not a secure channel. */
/** Every answer names the supervisory authority the person may complain to (Art. 12(4), 77), a full grant too. */
export function answerReadyNotice(lang: Language, d: Ref & { hasDocuments: boolean; authorityName: string; complaintUrl: string }, l: Link): RenderedEmail {
  const t = fixedT(lang, [...ns])
  return renderLayout(t, lang, t('officer:emails.completed.subject', { reference: d.reference }), [
    { kind: 'p', text: t('emails:greeting') },
    { kind: 'p', text: t('officer:emails.completed.intro', { org: d.orgName }) },
    facts(t, d),
    { kind: 'p', text: t(d.hasDocuments ? 'officer:emails.completed.documentsWait' : 'officer:emails.completed.replyWaits') },
    { kind: 'button', text: t('officer:emails.completed.button'), href: l.link.url },
    { kind: 'small', text: t('officer:emails.completed.complain', { authority: d.authorityName, complaintUrl: d.complaintUrl }) },
  ])
}

export function withdrawalNotice(lang: Language, d: Ref, l: Link): RenderedEmail {
  const t = fixedT(lang, [...ns])
  return renderLayout(t, lang, t('officer:emails.withdrawn.subject', { reference: d.reference }), [
    { kind: 'p', text: t('emails:greeting') },
    { kind: 'p', text: t('officer:emails.withdrawn.intro', { org: d.orgName }) },
    facts(t, d),
    { kind: 'small', text: t('officer:emails.withdrawn.notYou') },
    { kind: 'button', text: t('officer:emails.follow'), href: l.link.url },
  ])
}

/** A fresh confirmation of the address before the answer can be downloaded. */
export function downloadLink(lang: Language, d: Ref, l: Link): RenderedEmail {
  const t = fixedT(lang, [...ns])
  return renderLayout(t, lang, t('emails:download.subject', { reference: d.reference }), [
    { kind: 'p', text: t('emails:greeting') },
    { kind: 'p', text: t('emails:download.intro', { org: d.orgName, reference: d.reference }) },
    { kind: 'button', text: t('emails:download.button'), href: l.link.url },
    { kind: 'small', text: t('emails:download.expiry', { expiresAt: formatDateTime(l.link.expiresAt, lang, d.timeZone) }) },
    { kind: 'small', text: t('emails:download.notYou') },
  ])
}

/** Before a restriction of processing is lifted, the person is told, and when (Art. 18(3)); the email says only that, with a link. */
export function restrictionLiftingNotice(lang: Language, d: Ref & { liftsAt: string }, l: Link): RenderedEmail {
  const t = fixedT(lang, [...ns])
  const date = formatDate(new Date(d.liftsAt), lang, d.timeZone)
  return renderLayout(t, lang, t('officer:emails.restrictionLifting.subject', { reference: d.reference }), [
    { kind: 'p', text: t('emails:greeting') },
    { kind: 'p', text: t('officer:emails.restrictionLifting.intro', { org: d.orgName, date }) },
    facts(t, d, [[t('officer:emails.restrictionLifting.liftsOn'), date]]),
    { kind: 'small', text: t('officer:emails.restrictionLifting.law') },
    { kind: 'button', text: t('officer:emails.follow'), href: l.link.url },
  ])
}
