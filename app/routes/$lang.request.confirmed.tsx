import type { LoaderFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { subjectFromRequest } from '~/web/subject.server'
import { isClosed } from '~/domain/lifecycle'
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
  }
}

export default function Confirmed() {
  const { reference, orgName, dueDate, email, lang } = useLoaderData<typeof loader>()
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
      <p>{t('confirmed.next', { org: orgName })}</p>
      <p>{t('confirmed.dueDate', { org: orgName, dueDate })}</p>
      <p>{t('confirmed.identity')}</p>
      <p>
        <Link to={`/${lang}/status/request`}>{t('confirmed.follow')}</Link>
      </p>
    </>
  )
}
