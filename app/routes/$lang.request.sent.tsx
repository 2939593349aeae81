import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { Button, Notification } from '~/components/ui'
import { useTranslation } from 'react-i18next'
import { resendForSentRequest, sentRequest } from '~/domain/intake.server'
import { pageT } from '~/web/http.server'
import { readPending } from '~/web/pending.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { t, lang, db } = pageT(params, ['request'])
  const pending = sentRequest(db, await readPending(request))
  return { pageTitle: t('request:sent.title'), lang, email: pending?.subjectEmail ?? null }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { db } = pageT(params)
  return resendForSentRequest(db, await readPending(request), { clientAddress: context.clientAddress })
}

export default function Sent() {
  const { email, lang } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const { t } = useTranslation('request')
  return (
    <>
      <h1>{t('sent.title')}</h1>
      {result?.resent ? (
        <Notification>
          {t('sent.resent')}
        </Notification>
      ) : null}
      {result && 'limited' in result ? (
        <Notification tone="warning" role="status">
          {t('sent.limited')}
        </Notification>
      ) : null}
      <p className="lead">{email ? t('sent.lead', { email }) : t('sent.leadNoEmail')}</p>
      <p>{t('sent.expiry')}</p>
      <p>{t('sent.unverifiedNote')}</p>
      <h2>{t('sent.noEmailHeading')}</h2>
      <p>{t('sent.noEmail')}</p>
      {email ? (
        <Form method="post">
          <Button tone="secondary">{t('sent.resend')}</Button>
        </Form>
      ) : (
        <p>
          <a href={`/${lang}/confirm/new`}>{t('sent.newLink')}</a>
        </p>
      )}
    </>
  )
}
