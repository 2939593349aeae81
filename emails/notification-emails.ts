import { fixedT } from '../app/i18n/i18n'
import type { Language, NotificationKind } from '../app/vocabulary'
import { renderLayout, type RenderedEmail } from './layout'

// Telling officers of new work, in each officer's own language. Only the
// reference number and a link to the request: the portal, behind sign-in, is
// where its content is read.

export function newWorkNotice(lang: Language, d: { kind: Exclude<NotificationKind, 'deadline_near'>; orgName: string; reference: string; link: string }): RenderedEmail {
  const t = fixedT(lang, ['oversight', 'emails'])
  return renderLayout(t, lang, t(`oversight:notify.${d.kind}.subject`, { reference: d.reference }), [
    { kind: 'p', text: t(`oversight:notify.${d.kind}.intro`, { org: d.orgName, reference: d.reference }) },
    { kind: 'button', text: t('oversight:notify.button'), href: d.link },
    { kind: 'small', text: t('oversight:notify.privacy') },
    { kind: 'small', text: t('oversight:notify.settings') },
  ], 'staff')
}

export function deadlineNotice(lang: Language, d: { orgName: string; items: Array<{ reference: string; dueDate: string }>; days: number; queueLink: string }): RenderedEmail {
  const t = fixedT(lang, ['oversight', 'emails'])
  return renderLayout(t, lang, t('oversight:notify.deadline_near.subject', { count: d.items.length }), [
    { kind: 'p', text: t('oversight:notify.deadline_near.intro', { org: d.orgName, count: d.days }) },
    { kind: 'facts', rows: d.items.map((i) => [i.reference, i.dueDate] as [string, string]) },
    { kind: 'button', text: t('oversight:notify.queueButton'), href: d.queueLink },
    { kind: 'small', text: t('oversight:notify.privacy') },
    { kind: 'small', text: t('oversight:notify.settings') },
  ], 'staff')
}

/** To the organisation's privacy address: a person wrote. Only a link, to the request in the portal. */
