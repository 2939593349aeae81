import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData, useLocation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { Cell, Notification, Table } from '~/components/ui'
import { listDrafts } from '~/domain/inbound-mail.server'
import { fixedT, formatDateTime } from '~/i18n/i18n'
import { requirePermission } from '~/web/auth.server'

// Email into the queue (docs/decisions/020): the drafts the organisation's
// inbound address received, newest first, each waiting for an officer to
// confirm it as a request or dismiss it.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { org, lang } = await requirePermission(request, params, 'requests.read')
  const { count, drafts } = listDrafts(getDb(), org.id)
  return {
    pageTitle: fixedT(lang, 'officer')('inbox.title'),
    lang,
    orgName: org.name,
    takesEmail: (org.profile.inbound?.addresses.length ?? 0) > 0,
    count,
    drafts: drafts.map((d) => ({ ...d, receivedAt: formatDateTime(d.receivedAt, lang, org.timeZone) })),
  }
}

export default function Inbox() {
  const d = useLoaderData<typeof loader>()
  const { t } = useTranslation('officer')
  const done = new URLSearchParams(useLocation().search).get('done')
  return (
    <>
      <span className="caption">{d.orgName}</span>
      <h1>{t('inbox.title')}</h1>
      <p>{t('inbox.lead')}</p>
      {done === 'dismissed' ? <Notification tone="success" title={t('inbox.dismissedDone')} /> : null}
      {!d.takesEmail ? <p>{t('inbox.noAddress')}</p> : null}
      {d.drafts.length ? (
        <Table
          caption={t('inbox.count', { count: d.count })}
          columns={[
            { key: 'received', label: t('inbox.received') },
            { key: 'from', label: t('inbox.from') },
            { key: 'subject', label: t('inbox.subject') },
          ]}
        >
          {d.drafts.map((m) => (
            <tr key={m.id}>
              <Cell label={t('inbox.received')}>{m.receivedAt}</Cell>
              <Cell label={t('inbox.from')}>{m.from}</Cell>
              <Cell label={t('inbox.subject')} header>
                <Link to={`/${d.lang}/officer/inbox/${m.id}`}>{m.subject || t('inbox.noSubject')}</Link>
                <div className="hint">{m.snippet}</div>
              </Cell>
            </tr>
          ))}
        </Table>
      ) : (
        <p>{t('inbox.none')}</p>
      )}
    </>
  )
}
