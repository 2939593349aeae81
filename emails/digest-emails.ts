import type { TFunction } from 'i18next'
import { fixedT } from '../app/i18n/i18n'
import type { Language, RequestType } from '../app/vocabulary'
import { renderLayout, type Block, type RenderedEmail } from './layout'

// The daily digest to an organisation's officers, in each officer's own
// language; numbers are written as the language writes them ({{count, number}}).
// Reference numbers and request types only: never anything about
// the person who made a request.

export type DigestItem = { reference: string; type: RequestType; daysLeft: number }

export type DigestContent = {
  officerName: string
  orgName: string
  date: string
  /** Past the legal deadline, and due within the officer's chosen days. */
  overdue: number
  dueSoon: number
  items: DigestItem[]
  /** New since the last digest, and still nobody's. */
  newRequests: string[]
  unassigned: number
  /** What the officer chose to hear of in the digest rather than at once. */
  replies: string[]
  assignedToMe: string[]
  link: string
}

export function dailyDigest(lang: Language, d: DigestContent): RenderedEmail {
  const t = fixedT(lang, ['oversight', 'emails'])
  const subject = t('oversight:digest.subject', { org: d.orgName, date: d.date })
  const overdue = d.items.filter((i) => i.daysLeft < 0)
  const soon = d.items.filter((i) => i.daysLeft >= 0)
  const unlisted = d.overdue + d.dueSoon - d.items.length
  const row = (i: DigestItem): [string, string] => [i.reference, `${t(`oversight:types.${i.type}`)} – ${daysText(t, i.daysLeft)}`]
  const refs = (list: string[]) => ({ kind: 'facts' as const, rows: list.slice(0, 50).map((r) => [r, ''] as [string, string]) })
  const blocks: Block[] = [
    { kind: 'p', text: t('oversight:digest.greeting', { name: d.officerName }) },
    { kind: 'p', text: t('oversight:digest.intro', { org: d.orgName }) },
    {
      kind: 'p',
      text: [
        t('oversight:digest.overdueCount', { count: d.overdue }),
        t('oversight:digest.dueSoonCount', { count: d.dueSoon }),
        t('oversight:digest.unassignedCount', { count: d.unassigned }),
      ].join(' '),
    },
  ]
  if (d.newRequests.length) blocks.push({ kind: 'p', text: t('oversight:digest.newHeading', { count: d.newRequests.length }) }, refs(d.newRequests))
  if (d.assignedToMe.length) blocks.push({ kind: 'p', text: t('oversight:digest.assignedHeading') }, refs(d.assignedToMe))
  if (d.replies.length) blocks.push({ kind: 'p', text: t('oversight:digest.repliesHeading') }, refs(d.replies))
  if (overdue.length) blocks.push({ kind: 'p', text: t('oversight:digest.overdueHeading') }, { kind: 'facts', rows: overdue.map(row) })
  if (soon.length) blocks.push({ kind: 'p', text: t('oversight:digest.dueSoonHeading') }, { kind: 'facts', rows: soon.map(row) })
  if (unlisted > 0) blocks.push({ kind: 'small', text: t('oversight:digest.more', { count: unlisted }) })
  blocks.push(
    { kind: 'button', text: t('oversight:digest.button'), href: d.link },
    { kind: 'small', text: t('oversight:digest.deadlineNote') },
    { kind: 'small', text: t('oversight:digest.why', { org: d.orgName }) },
  )
  return renderLayout(t, lang, subject, blocks, 'staff')
}

/** "3 days left", "Due today", "2 days overdue". */
export function daysText(t: TFunction, daysLeft: number): string {
  if (daysLeft < 0) return t('oversight:days.overdue', { count: -daysLeft })
  if (daysLeft === 0) return t('oversight:days.today')
  return t('oversight:days.left', { count: daysLeft })
}
