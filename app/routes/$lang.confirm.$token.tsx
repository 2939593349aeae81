import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { Button } from '~/components/ui'
import { useTranslation } from 'react-i18next'
import { confirmEmail } from '~/domain/requests.server'
import { pageT } from '~/web/http.server'
import { subjectCookieHeader } from '~/web/subject.server'

// The emailed link shows a button rather than confirming on GET: mail
// scanners open links, and must not use up a single-use link.
export function loader({ params }: LoaderFunctionArgs) {
  const { t, lang } = pageT(params, ['request'])
  return { pageTitle: t('request:confirm.title'), lang }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { t, lang, db } = pageT(params, ['request'])
  const result = confirmEmail(db, params.token ?? '')
  if (!result.ok) return { pageTitle: t(`request:confirm.${result.reason}Title`), reason: result.reason }
  // A request withdrawn before the address was confirmed has no answer due:
  // its status page says what happened, where the confirmation panel would promise a date.
  return redirect(result.closed ? `/${lang}/status/request` : `/${lang}/request/confirmed`, { headers: await subjectCookieHeader(result.sessionToken) })
}

export default function Confirm() {
  const { lang } = useLoaderData<typeof loader>()
  const failed = useActionData<typeof action>()
  const { t } = useTranslation('request')
  if (failed) {
    return (
      <>
        <h1>{t(`confirm.${failed.reason}Title`)}</h1>
        <p>{t(`confirm.${failed.reason}Body`)}</p>
        <p>
          <Link to={`/${lang}/confirm/new`}>{t('confirm.getNew')}</Link>
        </p>
      </>
    )
  }
  return (
    <>
      <h1>{t('confirm.title')}</h1>
      <p>{t('confirm.lead')}</p>
      <Form method="post">
        <Button>{t('confirm.button')}</Button>
      </Form>
    </>
  )
}
