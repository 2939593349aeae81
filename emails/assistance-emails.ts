import { fixedT, formatDate, formatDateTime } from '../app/i18n/i18n'
import type { InstructionKind, Language } from '../app/vocabulary'
import { renderLayout, type MintedLink, type RenderedEmail } from './layout'

// A processor carried out a controller's instruction about one request (GDPR
// Art. 28(3)(e); docs/decisions/017) and reports what it did: facts only
// (categories, row counts, how many numbers were listed), never the data.

export type TaskDoneEmail = {
  processorName: string
  controllerName: string
  reference: string
  controllerReference: string | null
  kind: InstructionKind
  /** Data categories by name, in the controller's language. */
  categories: string[]
  rows: number
  phones: number
  /** For "we hold nothing": whether the processor found that it does hold data after all. */
  held: boolean
  doneAt: string
  dueAt: string
  timeZone: string
  /** A controller on the portal: its own queue. Otherwise the email's minted `link` to the secure page. */
  queueLink?: string
}

export function taskDone(lang: Language, d: TaskDoneEmail, links: Record<string, MintedLink>): RenderedEmail {
  const t = fixedT(lang, ['emails', 'request'])
  const href = d.queueLink ?? links.link?.url
  if (!href) throw new Error('the task report needs a link')
  const v = { processor: d.processorName, controller: d.controllerName, reference: d.reference, instruction: t(`emails:taskDone.kind.${d.kind}`) }
  const result =
    d.kind === 'export'
      ? t('emails:taskDone.result.export', { count: d.rows, categories: d.categories.join(', ') })
      : d.kind === 'erase'
        ? t('emails:taskDone.result.erase', { categories: d.categories.join(', ') })
        : d.kind === 'stop_calling'
          ? t('emails:taskDone.result.stop_calling', { count: d.phones })
          : t(d.held ? 'emails:taskDone.result.held' : 'emails:taskDone.result.nothing_held', { count: d.rows })
  return renderLayout(
    t,
    lang,
    t('emails:taskDone.subject', v),
    [
      { kind: 'p', text: t('emails:greeting') },
      { kind: 'p', text: t('emails:taskDone.intro', v) },
      {
        kind: 'facts',
        rows: [
          [t('emails:forwarding.facts.reference'), d.reference],
          ...(d.controllerReference ? ([[t('emails:forwarding.facts.yourReference'), d.controllerReference]] as Array<[string, string]>) : []),
          [t('emails:taskDone.facts.instruction'), v.instruction],
          [t('emails:taskDone.facts.due'), formatDate(new Date(d.dueAt), lang, d.timeZone)],
          [t('emails:taskDone.facts.done'), formatDateTime(new Date(d.doneAt), lang, d.timeZone)],
          [t('emails:taskDone.facts.result'), result],
        ],
      },
      ...(d.kind === 'export' ? [{ kind: 'p' as const, text: t(d.queueLink ? 'emails:taskDone.exportQueue' : 'emails:taskDone.exportLink') }] : []),
      { kind: 'button', text: t(d.queueLink ? 'emails:forwarding.queueButton' : 'emails:forwarding.linkButton'), href },
      { kind: 'small', text: t(d.queueLink ? 'emails:forwarding.queueNote' : 'emails:forwarding.linkNote') },
    ],
    'staff',
  )
}
