import type { TFunction } from 'i18next'
import type { Language } from '../app/domain/languages'
import type { RequestType } from '../app/domain/request-types'
import { fixedT } from '../app/i18n/i18n'
import { renderLayout, type Block, type RenderedEmail } from './layout'

// Emails to an organisation's officers, in each officer's own language. They
// carry reference numbers and request types only: never anything about the
// person who made a request.

export type DigestItem = { reference: string; type: RequestType; daysLeft: number }

export function dailyDigest(
  lang: Language,
  d: { officerName: string; orgName: string; date: string; overdue: number; dueSoon: number; items: DigestItem[]; link: string }
): RenderedEmail {
  const t = fixedT(lang, ['oversight', 'emails'])
  const subject = t('oversight:digest.subject', { org: d.orgName, date: d.date })
  const overdue = d.items.filter((i) => i.daysLeft < 0)
  const soon = d.items.filter((i) => i.daysLeft >= 0)
  const unlisted = d.overdue + d.dueSoon - d.items.length
  const row = (i: DigestItem): [string, string] => [i.reference, `${t(`oversight:types.${i.type}`)} – ${daysText(t, i.daysLeft)}`]
  const blocks: Block[] = [
    { kind: 'p', text: t('oversight:digest.greeting', { name: d.officerName }) },
    { kind: 'p', text: t('oversight:digest.intro', { org: d.orgName }) },
    { kind: 'p', text: `${t('oversight:digest.overdueCount', { count: d.overdue })} ${t('oversight:digest.dueSoonCount', { count: d.dueSoon })}` },
  ]
  if (overdue.length) blocks.push({ kind: 'p', text: t('oversight:digest.overdueHeading') }, { kind: 'facts', rows: overdue.map(row) })
  if (soon.length) blocks.push({ kind: 'p', text: t('oversight:digest.dueSoonHeading') }, { kind: 'facts', rows: soon.map(row) })
  if (unlisted > 0) blocks.push({ kind: 'small', text: t('oversight:digest.more', { count: unlisted }) })
  blocks.push(
    { kind: 'button', text: t('oversight:digest.button'), href: d.link },
    { kind: 'small', text: t('oversight:digest.deadlineNote') },
    { kind: 'small', text: t('oversight:digest.why', { org: d.orgName }) }
  )
  return renderLayout(t, lang, subject, blocks, 'staff')
}

/** "3 days left", "Due today", "2 days overdue". */
export function daysText(t: TFunction, daysLeft: number): string {
  if (daysLeft < 0) return t('oversight:days.overdue', { count: -daysLeft })
  if (daysLeft === 0) return t('oversight:days.today')
  return t('oversight:days.left', { count: daysLeft })
}
