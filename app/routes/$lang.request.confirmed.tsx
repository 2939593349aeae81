import type { LoaderFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { subjectFromRequest } from '~/web/subject.server'
import { isClosed } from '~/domain/lifecycle'
import { handOverOf } from '~/domain/forwarding.server'
import { answeredBy } from '~/domain/processor-clients'
import { linkedRequests } from '~/domain/subject-view.server'
import { formatDate } from '~/i18n/i18n'
import { pageT } from '~/web/http.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { t, lang, db } = pageT(params, ['request'])
  const view = await subjectFromRequest(db, request)
  if (!view) throw redirect(`/${lang}/status`)
  // No answer is due on a closed request: its status page says what happened.
  if (isClosed(view.request.status)) throw redirect(`/${lang}/status/request`)
  return {
    pageTitle: t('request:confirmed.title'),
    lang,
    reference: view.request.reference,
    email: view.request.subjectEmail,
    orgName: view.org.name,
    dueDate: formatDate(view.request.dueAt, lang, view.org.timeZone),
    answeredBy: answeredBy(view.org, view.request),
    forwarded: ((h) => (h ? { controller: h.controllerName, date: formatDate(h.forwardedAt, lang, view.org.timeZone) } : null))(handOverOf(db, view.request, view.org)),
    linked: linkedRequests(db, view),
  }
}

export default function Confirmed() {
  const { reference, orgName, dueDate, email, lang, answeredBy, forwarded, linked } = useLoaderData<typeof loader>()
  const { t } = useTranslation('request')
  return (
    <>
      <div className="panel">
        <h1 className="panel__title">{t('confirmed.title')}</h1>
        <div className="panel__body">
          {t('confirmed.referenceLabel')}
          <br />
          <strong className="reference">{reference}</strong>
        </div>
      </div>
      <p>{t('confirmed.emailed', { email })}</p>
      <h2>{t('confirmed.nextHeading')}</h2>
      {/* A processor's request about a client's call is the client's to answer (docs/decisions/016), passed on when received (017). */}
      {!answeredBy ? (
        <>
          <p>{t('confirmed.next', { org: orgName })}</p>
          <p>{t('confirmed.dueDate', { org: orgName, dueDate })}</p>
        </>
      ) : forwarded ? (
        <p>{t('confirmed.nextForwarded', { org: orgName, controller: forwarded.controller, date: forwarded.date, dueDate })}</p>
      ) : answeredBy.name ? (
        <p>{t('confirmed.nextForClient', { org: orgName, controller: answeredBy.name, dueDate })}</p>
      ) : (
        <p>{t('confirmed.nextNeedsRouting', { org: orgName, dueDate })}</p>
      )}
      {linked.length ? <p>{t('confirmed.linked', { references: linked.map((l) => `${l.reference} (${l.answeredBy})`).join(', ') })}</p> : null}
      <p>{t('confirmed.identity')}</p>
      <p>
        <Link to={`/${lang}/status/request`}>{t('confirmed.follow')}</Link>
      </p>
    </>
  )
}
