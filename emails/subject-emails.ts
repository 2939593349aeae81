import type { Language } from '../app/domain/languages'
import { fixedT } from '../app/i18n/i18n'
import { renderLayout, type RenderedEmail } from './layout'

// Emails to the person who made the request, always in the request's language.

export function confirmEmailAddress(lang: Language, d: { orgName: string; requestType: string; link: string; expiresAt: string }): RenderedEmail {
  const t = fixedT(lang, ['emails', 'request'])
  const subject = t('emails:confirm.subject', { org: d.orgName })
  return renderLayout(t, lang, subject, [
    { kind: 'p', text: t('emails:greeting') },
    { kind: 'p', text: t('emails:confirm.intro', { org: d.orgName, type: t(`request:types.${d.requestType}.name`) }) },
    { kind: 'button', text: t('emails:confirm.button'), href: d.link },
    { kind: 'small', text: t('emails:confirm.expiry', { expiresAt: d.expiresAt }) },
    { kind: 'small', text: t('emails:confirm.notYou') },
  ])
}

export function requestConfirmed(
  lang: Language,
  d: { orgName: string; requestType: string; reference: string; dueDate: string; link: string },
): RenderedEmail {
  const t = fixedT(lang, ['emails', 'request'])
  const subject = t('emails:confirmed.subject', { reference: d.reference, org: d.orgName })
  return renderLayout(t, lang, subject, [
    { kind: 'p', text: t('emails:greeting') },
    { kind: 'p', text: t('emails:confirmed.intro', { org: d.orgName }) },
    {
      kind: 'facts',
      rows: [
        [t('emails:facts.reference'), d.reference],
        [t('emails:facts.organisation'), d.orgName],
        [t('emails:facts.right'), t(`request:types.${d.requestType}.name`)],
        [t('emails:facts.dueDate'), d.dueDate],
      ],
    },
    { kind: 'p', text: t('emails:confirmed.next', { org: d.orgName, dueDate: d.dueDate }) },
    { kind: 'button', text: t('emails:confirmed.button'), href: d.link },
    { kind: 'small', text: t('emails:statusLinkNote') },
  ])
}

export function statusLink(lang: Language, d: { orgName: string; reference: string; link: string; expiresAt: string }): RenderedEmail {
  const t = fixedT(lang, ['emails', 'request'])
  const subject = t('emails:statusLink.subject', { reference: d.reference })
  return renderLayout(t, lang, subject, [
    { kind: 'p', text: t('emails:greeting') },
    { kind: 'p', text: t('emails:statusLink.intro', { reference: d.reference, org: d.orgName }) },
    { kind: 'button', text: t('emails:statusLink.button'), href: d.link },
    { kind: 'small', text: t('emails:statusLink.expiry', { expiresAt: d.expiresAt }) },
    { kind: 'small', text: t('emails:statusLink.notYou') },
  ])
}
