import { useTranslation } from 'react-i18next'
import type { Detail, ThreadMessage, TimelineEntry } from '~/domain/timeline'

// What happened on a request, drawn the same way on the officer's page and
// the person's status page (MOJ timeline pattern). Entries come from
// app/domain/timeline.ts; every word is a locale key of the officer namespace.

function DetailText({ detail }: { detail: Detail }) {
  const { t } = useTranslation('officer')
  if ('text' in detail) return <p className="text-block">{detail.text}</p>
  return <p>{t(detail.key, detail.values)}</p>
}

/** The events, newest last; `audience` chooses the headings: officers read what happened, the person reads it addressed to them. */
export function Timeline({ entries, audience }: { entries: TimelineEntry[]; audience: 'officer' | 'subject' }) {
  const { t } = useTranslation('officer')
  return (
    <ol className="timeline">
      {entries.map((e) => (
        <li key={e.id} className="timeline__item">
          <h3 className="timeline__title">{t(audience === 'officer' ? `timeline.${e.kind}` : `history.${e.kind}`, { defaultValue: t('timeline.other') })}</h3>
          <p className="timeline__by">
            <time>{e.at}</time>
            {audience === 'officer' ? (
              <>
                {' · '}
                {e.actor.name ?? t(`actor.${e.actor.kind}`)}
                {e.public ? <span className="hint-inline"> · {t('request.visibleToPerson')}</span> : null}
              </>
            ) : null}
          </p>
          {e.details.map((d, i) => (
            <DetailText key={i} detail={d} />
          ))}
        </li>
      ))}
    </ol>
  )
}

/** The conversation with the person: who wrote, when, and what. */
export function Thread({ messages, audience, orgName, emptyText }: { messages: ThreadMessage[]; audience: 'officer' | 'subject'; orgName: string; emptyText: string }) {
  const { t } = useTranslation('officer')
  if (messages.length === 0) return <p>{emptyText}</p>
  return (
    <ol className="thread">
      {messages.map((m) => (
        <li key={m.id} className={`thread__item${m.fromSubject ? ' thread__item--subject' : ''}`}>
          <p className="thread__meta">
            <strong>
              {m.fromSubject
                ? audience === 'subject'
                  ? t('status.fromYou')
                  : t('request.fromPerson')
                : audience === 'subject'
                  ? t('status.fromOrg', { org: orgName })
                  : t('request.fromOfficer', { name: m.authorName ?? orgName })}
            </strong>
            {' · '}
            <time>{m.at}</time>
            {m.purpose === 'question' ? <span> · {t('request.askedForSomething')}</span> : null}
          </p>
          <p className="thread__body">{m.body}</p>
        </li>
      ))}
    </ol>
  )
}
