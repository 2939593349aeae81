import type { LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { LANGUAGE_TAGS } from '~/domain/languages'
import { devMailbox } from '~/jobs/dev-mailbox.server'
import { devMailboxEnabled, env } from '~/utils/env.server'
import { notFound, pageT } from '~/web/http.server'

// With no SMTP_URL a local portal delivers its email into the server's memory
// and shows it here, so a newcomer can follow the links in the emails. It does
// not exist otherwise, and nothing of it is written to disk.
export function loader({ params }: LoaderFunctionArgs) {
  if (!devMailboxEnabled(env())) notFound()
  const { t, lang } = pageT(params, ['common'])
  const when = new Intl.DateTimeFormat(LANGUAGE_TAGS[lang], { dateStyle: 'medium', timeStyle: 'long', timeZone: 'UTC' })
  return {
    pageTitle: t('mailbox.title'),
    emails: devMailbox().map((e) => ({ id: e.id, to: e.to, subject: e.subject, text: e.text, at: when.format(e.sentAt) })),
  }
}

export default function DevMailbox() {
  const { emails } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <>
      <h1>{t('mailbox.title')}</h1>
      <p>{t('mailbox.lead')}</p>
      {emails.length === 0 ? <p>{t('mailbox.empty')}</p> : null}
      {emails.map((e) => (
        <article key={e.id} className="mail" aria-labelledby={`mail-${e.id}`}>
          <h2 id={`mail-${e.id}`} className="mail__subject">
            {e.subject}
          </h2>
          <p className="hint">
            {t('mailbox.to')} {e.to} · {e.at}
          </p>
          <pre className="mail__body">{linkify(e.text)}</pre>
        </article>
      ))}
    </>
  )
}

function linkify(text: string) {
  return text.split(/(https?:\/\/\S+)/g).map((part, i) => (part.startsWith('http') ? <a key={i} href={part}>{part}</a> : part))
}
