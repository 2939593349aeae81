import type { LoaderFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { History } from '~/components/request-view'
import { subjectRequest } from '~/data/subject.server'
import { formatDate, formatDateTime } from '~/i18n/i18n'
import { pageT } from '~/utils/http.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { t, lang, db } = pageT(params, ['request'])
  const view = await subjectRequest(db, request)
  if (!view) throw redirect(`/${lang}/status`)
  const { request: r, org } = view
  return {
    pageTitle: t('request:statusPage.title', { reference: r.reference }),
    reference: r.reference,
    orgName: org.name,
    type: r.type,
    status: r.status,
    receivedAt: formatDateTime(r.receivedAt, lang, org.timeZone),
    dueDate: formatDate(r.dueAt, lang, org.timeZone),
    extended: r.extensionMonths > 0,
    history: view.history.map((e) => ({ id: e.id, kind: e.kind, at: formatDateTime(e.at, lang, org.timeZone) })),
  }
}

export default function RequestStatus() {
  const d = useLoaderData<typeof loader>()
  const { t } = useTranslation('request')
  return (
    <>
      <span className="caption">{d.orgName}</span>
      <h1>{t('statusPage.title', { reference: d.reference })}</h1>
      <dl className="summary-list">
        <div className="summary-list__row">
          <dt className="summary-list__key">{t('statusPage.status')}</dt>
          <dd className="summary-list__value">
            <strong className={`tag tag--${d.status}`}>{t(`status.${d.status}`)}</strong>
            <p className="hint">{t(`statusExplained.${d.status}`)}</p>
          </dd>
        </div>
        <div className="summary-list__row">
          <dt className="summary-list__key">{t('check.right')}</dt>
          <dd className="summary-list__value">{t(`types.${d.type}.name`)}</dd>
        </div>
        <div className="summary-list__row">
          <dt className="summary-list__key">{t('statusPage.received')}</dt>
          <dd className="summary-list__value">{d.receivedAt}</dd>
        </div>
        <div className="summary-list__row">
          <dt className="summary-list__key">{t('statusPage.dueDate')}</dt>
          <dd className="summary-list__value">
            {d.dueDate}
            {d.extended ? <p className="hint">{t('statusPage.extended')}</p> : null}
          </dd>
        </div>
      </dl>
      <h2>{t('statusPage.history')}</h2>
      <History items={d.history} />
    </>
  )
}
