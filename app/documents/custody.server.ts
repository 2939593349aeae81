import type { TFunction } from 'i18next'
import type { CustodyBundle, CustodyEntry, CustodyFact, CustodyForwarding } from './custody-model'
import { fixedT } from '~/i18n/i18n'
import { LANGUAGE_TAGS } from '~/vocabulary'
import type { Block, LetterDocument, Section } from './model'
import { renderLetter } from './pdf.server'

// A request's chain of custody (app/domain/custody.server.ts) for a person to
// read, such as a supervisory authority's case handler: as a PDF letter of the
// organisation, one section per event in the audit trail's order, and as JSON
// with the same facts as values and each entry described in words.

const ns = ['documents', 'officer', 'request'] as const

function words(t: TFunction, bundle: CustodyBundle) {
  const fact = (f: CustodyFact): { label: string; value: string } => {
    const label = t(`documents:custody.fact.${f.kind}`)
    switch (f.kind) {
      case 'channel':
        return { label, value: t(`officer:channel.${f.value}`) }
      case 'receivedAt':
      case 'dueAt':
        return { label, value: `${f.utc} · ${f.local}` }
      case 'client':
        return { label, value: f.name }
      case 'clients':
        return { label, value: f.value.map((c) => c.name).join(', ') }
      case 'reason':
        return { label, value: t(`documents:custody.reason.${f.value}`) }
      case 'instruction':
        return { label, value: t(`documents:custody.instruction.${f.value}`) }
      case 'outcome':
        return { label, value: t(`officer:outcome.${f.value}`) }
      case 'categories':
      case 'channels':
        return { label, value: f.value.join(', ') }
      case 'reminder':
      case 'recipients':
      case 'rows':
        return { label, value: String(f.value) }
      default:
        return { label, value: f.value }
    }
  }
  const title = (e: CustodyEntry) => t(`documents:custody.event.${e.kind}`)
  const actor = (e: CustodyEntry) => t(`documents:custody.actor.${e.actor}`)
  const line = (e: CustodyEntry) => [title(e), ...e.facts.map((f) => fact(f)).map((f) => `${f.label}: ${f.value}`)].join('; ')
  const verification = () => {
    const v = bundle.verification
    if (v.ok) return t('documents:custody.verified', { count: v.checked, hash: v.headHash, first: v.firstEventId ?? '–', last: v.lastEventId ?? '–' })
    return v.brokenAt ? t('documents:custody.broken', { id: v.brokenAt.id, kind: v.brokenAt.kind, at: v.brokenAt.utc, checked: v.checked }) : t('documents:custody.notAnchored', { checked: v.checked })
  }
  return { fact, title, actor, line, verification }
}

function forwardingFacts(t: TFunction, f: CustodyForwarding, local: (iso: string) => string): Array<{ label: string; value: string }> {
  const when = (iso: string | null) => (iso ? `${iso} · ${local(iso)}` : t('documents:custody.not'))
  const hours = Math.floor(f.lagMinutes / 60)
  const minutes = f.lagMinutes % 60
  return [
    { label: t('documents:custody.fact.client'), value: f.client.name },
    { label: t('documents:custody.fact.recipient'), value: f.recipient },
    { label: t('documents:custody.forwarding.how'), value: t(f.onPortal ? 'documents:custody.forwarding.onPortal' : 'documents:custody.forwarding.byLink') },
    { label: t('documents:custody.forwarding.forwardedAt'), value: `${when(f.forwardedAt)} (${t('documents:custody.forwarding.lag', { hours, minutes })})` },
    { label: t('documents:custody.forwarding.sentAt'), value: when(f.sentAt) },
    { label: t('documents:custody.fact.messageId'), value: f.messageId ?? t('documents:custody.not') },
    { label: t('documents:custody.fact.sha256'), value: f.sha256 ?? t('documents:custody.not') },
    ...(f.undeliveredAt ? [{ label: t('documents:custody.forwarding.undeliveredAt'), value: when(f.undeliveredAt) }] : []),
    { label: t('documents:custody.forwarding.openedAt'), value: when(f.openedAt) },
    { label: t('documents:custody.forwarding.acknowledgedAt'), value: when(f.acknowledgedAt) },
    { label: t('documents:custody.forwarding.answeredAt'), value: f.directAnswerOn ? t('documents:custody.forwarding.directly', { date: f.directAnswerOn }) : when(f.answeredAt) },
    { label: t('documents:custody.forwarding.reminders'), value: String(f.reminders) },
    { label: t('documents:custody.forwarding.escalatedAt'), value: when(f.escalatedAt) },
    ...(f.returnedAt ? [{ label: t('documents:custody.forwarding.returnedAt'), value: when(f.returnedAt) }] : []),
    { label: t('documents:custody.forwarding.state'), value: t(f.active ? 'documents:custody.forwarding.active' : 'documents:custody.forwarding.inactive') },
  ]
}

/** The letter: who and what, the hand-overs at a glance, each event with its chain hash, and the check of the chain. */
export function custodyLetter(bundle: CustodyBundle): LetterDocument {
  const t = fixedT(bundle.lang, [...ns])
  const w = words(t, bundle)
  const r = bundle.request
  const org = bundle.organisation
  const localOf = new Map<string, string>([
    [r.receivedAt, r.receivedLocal],
    [r.dueAt, r.dueLocal],
    ...bundle.entries.map((e): [string, string] => [e.utc, e.local]),
  ])
  const local = (iso: string) => localOf.get(iso) ?? localInZone(iso, org.timeZone)
  const sections: Section[] = [
    {
      blocks: [
        {
          kind: 'paragraph',
          text: bundle.processor
            ? t('documents:custody.introController', { org: org.name, processor: bundle.processor.name, reference: r.reference })
            : t('documents:custody.intro', { org: org.name, reference: r.reference }),
        },
        {
          kind: 'facts',
          rows: [
            { label: t('documents:custody.fact.organisation'), value: org.name },
            { label: t('documents:letter.reference'), value: r.reference },
            ...(bundle.processor
              ? [
                  { label: t('documents:custody.fact.processor'), value: bundle.processor.name },
                  { label: t('documents:custody.fact.processorReference', { processor: bundle.processor.name }), value: bundle.processor.reference },
                ]
              : []),
            { label: t('documents:custody.fact.right'), value: t(`request:types.${r.type}.name`) },
            { label: t('documents:custody.fact.channel'), value: t(`officer:channel.${r.channel}`) },
            { label: t('documents:custody.fact.receivedAt'), value: `${r.receivedAt} · ${r.receivedLocal}` },
            { label: t('documents:custody.fact.dueAt'), value: `${r.dueAt} · ${r.dueLocal}` },
            { label: t('documents:custody.generated'), value: `${bundle.generatedAt} · ${local(bundle.generatedAt)}` },
          ],
        },
        { kind: 'paragraph', style: 'small', text: t('documents:custody.timesNote', { zone: org.timeZone }) },
      ],
    },
    {
      heading: t('documents:custody.forwardingsHeading'),
      blocks: bundle.forwardings.length
        ? bundle.forwardings.flatMap((f, i): Block[] => [
            { kind: 'heading', text: t('documents:custody.forwarding.heading', { n: i + 1, client: f.client.name }) },
            { kind: 'facts', rows: forwardingFacts(t, f, local) },
          ])
        : [{ kind: 'paragraph', text: t('documents:custody.noForwardings') }],
    },
    {
      heading: t('documents:custody.eventsHeading'),
      blocks: [
        { kind: 'paragraph', style: 'small', text: t('documents:custody.hashNote') },
        ...bundle.entries.flatMap((e): Block[] => [
          { kind: 'heading', text: `${e.n}. ${w.title(e)}` },
          {
            kind: 'facts',
            rows: [
              { label: t('documents:custody.label.eventId'), value: String(e.eventId) },
              { label: t('documents:custody.label.utc'), value: e.utc },
              { label: t('documents:custody.label.local'), value: e.local },
              { label: t('documents:custody.label.actor'), value: w.actor(e) },
              ...e.facts.map(w.fact),
              { label: t('documents:custody.label.chainHash'), value: e.chainHash },
            ],
          },
        ]),
      ],
    },
    {
      heading: t('documents:custody.verificationHeading'),
      blocks: [{ kind: 'paragraph', style: 'strong', text: w.verification() }],
    },
  ]
  return {
    lang: LANGUAGE_TAGS[bundle.lang],
    title: t('documents:custody.title', { reference: r.reference }),
    summary: t('documents:custody.summary', { reference: r.reference, org: org.name }),
    organisation: org.name,
    date: new Date(bundle.generatedAt),
    running: {
      reference: `${t('documents:letter.reference')} ${r.reference}`,
      date: local(bundle.generatedAt),
      page: (page, pages) => t('documents:letter.page', { page, pages }),
    },
    sections,
  }
}

function localInZone(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).format(new Date(iso))
  return `${parts} (${timeZone})`
}

export function custodyPdf(bundle: CustodyBundle): Promise<Buffer> {
  return renderLetter(custodyLetter(bundle))
}

/** The same facts as values, each entry also described in the bundle's language, and the check of the chain in words. */
export function custodyJson(bundle: CustodyBundle): string {
  const t = fixedT(bundle.lang, [...ns])
  const w = words(t, bundle)
  return `${JSON.stringify(
    {
      format: 'rights-portal/chain-of-custody/1',
      title: t('documents:custody.title', { reference: bundle.request.reference }),
      generatedAt: bundle.generatedAt,
      language: bundle.lang,
      organisation: bundle.organisation,
      processor: bundle.processor ?? null,
      request: bundle.request,
      forwardings: bundle.forwardings,
      events: bundle.entries.map((e) => ({ ...e, actorName: w.actor(e), description: w.line(e) })),
      verification: { ...bundle.verification, statement: w.verification(), note: t('documents:custody.hashNote') },
    },
    null,
    2,
  )}\n`
}
