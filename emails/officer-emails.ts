import type { TFunction } from 'i18next'
import { fixedT, formatDateTime } from '../app/i18n/i18n'
import type { Language, Role } from '../app/vocabulary'
import { renderLayout, type MintedLink, type RenderedEmail } from './layout'

// Emails about staff accounts (officers, admins, the operator), in the recipient's own language.

/** The layout's footer speaks to people who made a request; these go to staff, so theirs says why they got it. */
function officerT(lang: Language): TFunction {
  const t = fixedT(lang, ['auth', 'emails'])
  return ((key: string, ...rest: unknown[]) => (t as unknown as (...args: unknown[]) => string)(key === 'emails:footer' ? 'auth:emails.footer' : key, ...rest)) as unknown as TFunction
}

export function officerInvitation(
  lang: Language,
  d: { name: string; orgName: string | null; role: Role; inviter: string | null; timeZone: string },
  l: { link: MintedLink },
): RenderedEmail {
  const t = officerT(lang)
  // Mid-sentence, so in lower case ("as privacy officer for …").
  const role = t(`auth:roles.${d.role}`).toLocaleLowerCase(lang === 'no' ? 'nb' : lang)
  const subject = d.orgName ? t('auth:emails.invitation.subject', { org: d.orgName }) : t('auth:emails.invitation.subjectOperator')
  return renderLayout(t, lang, subject, [
    { kind: 'p', text: t('auth:emails.greeting', { name: d.name }) },
    { kind: 'p', text: d.orgName ? t('auth:emails.invitation.intro', { org: d.orgName, role }) : t('auth:emails.invitation.introOperator') },
    ...(d.inviter ? [{ kind: 'small' as const, text: t('auth:emails.invitation.invitedBy', { name: d.inviter }) }] : []),
    { kind: 'p', text: t('auth:emails.invitation.steps') },
    { kind: 'button', text: t('auth:emails.invitation.button'), href: l.link.url },
    { kind: 'small', text: t('auth:emails.invitation.expiry', { expiresAt: formatDateTime(l.link.expiresAt, lang, d.timeZone) }) },
    { kind: 'small', text: t('auth:emails.invitation.notYou') },
  ], 'staff')
}

export function passwordReset(lang: Language, d: { name: string; timeZone: string }, l: { link: MintedLink }): RenderedEmail {
  const t = officerT(lang)
  return renderLayout(t, lang, t('auth:emails.reset.subject'), [
    { kind: 'p', text: t('auth:emails.greeting', { name: d.name }) },
    { kind: 'p', text: t('auth:emails.reset.intro') },
    { kind: 'button', text: t('auth:emails.reset.button'), href: l.link.url },
    { kind: 'small', text: t('auth:emails.reset.expiry', { expiresAt: formatDateTime(l.link.expiresAt, lang, d.timeZone) }) },
    { kind: 'small', text: t('auth:emails.reset.notYou') },
  ], 'staff')
}

/**
 * The account-wide limit of failed sign-ins was reached: to the officer
 * (`own`) and to those who look after their account. It names the account and
 * when the hold ends, nothing about where the attempts came from.
 */
export function signInHeld(lang: Language, d: { name: string; officerName: string; own: boolean; until: string; timeZone: string }): RenderedEmail {
  const t = officerT(lang)
  const until = formatDateTime(new Date(d.until), lang, d.timeZone)
  const which = d.own ? 'own' : 'other'
  return renderLayout(t, lang, t(`auth:emails.held.subject.${which}`, { name: d.officerName }), [
    { kind: 'p', text: t('auth:emails.greeting', { name: d.name }) },
    { kind: 'p', text: t(`auth:emails.held.intro.${which}`, { name: d.officerName }) },
    { kind: 'p', text: t(`auth:emails.held.meanwhile.${which}`, { name: d.officerName, until }) },
    { kind: 'p', text: t(`auth:emails.held.todo.${which}`, { name: d.officerName }) },
  ], 'staff')
}
