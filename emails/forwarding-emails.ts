import { fixedT, formatDate, formatDateTime } from '../app/i18n/i18n'
import type { Language, RequestType } from '../app/vocabulary'
import { renderLayout, type MintedLink, type RenderedEmail } from './layout'

// A processor's hand-over of a request to the controller it is for
// (docs/decisions/017). The controller's email says what is asked, by when,
// and links to the request: no personal data beyond the reference, since
// email is not the secure channel, the linked page is.

const ns = ['emails', 'request'] as const

export type ControllerEmail = {
  /** `taskOverdue`: to the second contact, the processor has not carried out the controller's instruction in time. */
  kind: 'forwarded' | 'reminder' | 'escalation' | 'taskOverdue'
  /** Which reminder this is (1, 2, 3…); 0 for the first email. */
  reminder: number
  processorName: string
  controllerName: string
  reference: string
  /** The request's reference in the controller's own queue on the portal. */
  controllerReference: string | null
  requestType: RequestType
  receivedAt: string
  forwardedAt: string
  dueAt: string
  timeZone: string
  /** A controller on the portal: its own queue. Otherwise the email's minted `link` to the secure page. */
  queueLink?: string
}

export function controllerForwarded(lang: Language, d: ControllerEmail, links: Record<string, MintedLink>): RenderedEmail {
  const t = fixedT(lang, [...ns])
  const v = { processor: d.processorName, controller: d.controllerName, reference: d.reference, type: t(`request:types.${d.requestType}.name`) }
  const href = d.queueLink ?? links.link?.url
  if (!href) throw new Error('the forwarding email needs a link')
  const received = formatDateTime(new Date(d.receivedAt), lang, d.timeZone)
  const forwarded = formatDateTime(new Date(d.forwardedAt), lang, d.timeZone)
  const lagHours = Math.max(0, Math.round((Date.parse(d.forwardedAt) - Date.parse(d.receivedAt)) / 3_600_000))
  return renderLayout(
    t,
    lang,
    t(`emails:forwarding.subject.${d.kind}`, v),
    [
      { kind: 'p', text: t('emails:greeting') },
      { kind: 'p', text: t(`emails:forwarding.intro.${d.kind}`, { ...v, count: d.reminder }) },
      {
        kind: 'facts',
        rows: [
          [t('emails:forwarding.facts.reference'), d.reference],
          ...(d.controllerReference ? ([[t('emails:forwarding.facts.yourReference'), d.controllerReference]] as Array<[string, string]>) : []),
          [t('emails:facts.right'), v.type],
          [t('emails:forwarding.facts.receivedBy', { processor: d.processorName }), received],
          [t('emails:forwarding.facts.forwarded'), `${forwarded} (${t('emails:forwarding.facts.lag', { count: lagHours })})`],
          [t('emails:facts.dueDate'), formatDate(new Date(d.dueAt), lang, d.timeZone)],
        ],
      },
      { kind: 'p', text: t('emails:forwarding.deadline') },
      { kind: 'button', text: t(d.queueLink ? 'emails:forwarding.queueButton' : 'emails:forwarding.linkButton'), href },
      { kind: 'small', text: t(d.queueLink ? 'emails:forwarding.queueNote' : 'emails:forwarding.linkNote') },
    ],
    'staff',
  )
}

/** To the person, once their request was passed on after it was routed. */
export function requestForwarded(lang: Language, d: { orgName: string; timeZone: string; reference: string; controllerName: string; forwardedAt: string; dueAt: string }, l: { link: MintedLink }): RenderedEmail {
  const t = fixedT(lang, [...ns])
  const dueDate = formatDate(new Date(d.dueAt), lang, d.timeZone)
  return renderLayout(t, lang, t('emails:forwardedToController.subject', { reference: d.reference, controller: d.controllerName }), [
    { kind: 'p', text: t('emails:greeting') },
    { kind: 'p', text: t('emails:forwardedToController.intro', { org: d.orgName, controller: d.controllerName, date: formatDate(new Date(d.forwardedAt), lang, d.timeZone), dueDate }) },
    {
      kind: 'facts',
      rows: [
        [t('emails:facts.reference'), d.reference],
        [t('emails:facts.answeredBy'), d.controllerName],
        [t('emails:facts.dueDate'), dueDate],
      ],
    },
    { kind: 'button', text: t('emails:confirmed.button'), href: l.link.url },
    { kind: 'small', text: t('emails:statusLinkNote') },
  ])
}

export type ForwardingAlert = 'undelivered' | 'notAcknowledged' | 'taskOverdue' | 'sentBack' | 'instructed' | 'emailUndelivered'

/** To the processor's officers: a hand-over needs them. Reference and link only. */
export function forwardingAlert(lang: Language, d: { alert: ForwardingAlert; orgName: string; controllerName: string; reference: string; link: string }): RenderedEmail {
  const t = fixedT(lang, ['emails', 'oversight'])
  const v = { org: d.orgName, controller: d.controllerName, reference: d.reference }
  return renderLayout(t, lang, t(`emails:forwardingAlert.${d.alert}.subject`, v), [
    { kind: 'p', text: t(`emails:forwardingAlert.${d.alert}.intro`, v) },
    { kind: 'button', text: t('oversight:notify.button'), href: d.link },
    { kind: 'small', text: t('oversight:notify.privacy') },
  ], 'staff')
}

/**
 * To the controller's privacy contact: the one-time code that opens its
 * secure page (docs/decisions/017), asked for on that page. The code is the
 * email's minted `code` (made when the email is sent); the email names the
 * request by reference only.
 */
export function controllerCode(lang: Language, d: { processorName: string; controllerName: string; reference: string; timeZone: string }, l: { code: MintedLink }): RenderedEmail {
  const t = fixedT(lang, [...ns])
  const v = { processor: d.processorName, controller: d.controllerName, reference: d.reference }
  return renderLayout(
    t,
    lang,
    t('emails:controllerCode.subject', v),
    [
      { kind: 'p', text: t('emails:greeting') },
      { kind: 'p', text: t('emails:controllerCode.intro', v) },
      {
        kind: 'facts',
        rows: [
          [t('emails:controllerCode.code'), l.code.url],
          [t('emails:controllerCode.validUntil'), formatDateTime(l.code.expiresAt, lang, d.timeZone)],
        ],
      },
      { kind: 'small', text: t('emails:controllerCode.notYou') },
    ],
    'staff',
  )
}
