import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { OneClickLinkPage } from '~/components/one-click-link'
import { openStatusLink } from '~/domain/requests.server'
import { pageT } from '~/web/http.server'
import { subjectCookieHeader } from '~/web/subject.server'

// Like the confirmation link: a button, so a mail scanner cannot use up the link.
export function loader({ params }: LoaderFunctionArgs) {
  const { t, lang } = pageT(params, ['request'])
  return { pageTitle: t('request:open.title'), lang }
}

export async function action({ params }: ActionFunctionArgs) {
  const { t, lang, db } = pageT(params, ['request'])
  const result = openStatusLink(db, params.token ?? '')
  if (!result.ok) return { pageTitle: t(`request:open.${result.reason}Title`), reason: result.reason }
  return redirect(`/${lang}/status/request`, { headers: await subjectCookieHeader(result.sessionToken) })
}

export default function OpenStatusLink() {
  const { lang } = useLoaderData<typeof loader>()
  const failed = useActionData<typeof action>()
  const { t } = useTranslation('request')
  const texts = { title: t('open.title'), lead: t('open.lead'), button: t('open.button'), failedBody: t('open.failedBody') }
  return <OneClickLinkPage lang={lang} failedReason={failed?.reason} texts={texts} />
}
