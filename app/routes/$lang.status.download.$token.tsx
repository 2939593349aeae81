import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { OneClickLinkPage } from '~/components/one-click-link'
import { openDownloadLink } from '~/domain/answers.server'
import { pageT } from '~/web/http.server'
import { subjectCookieHeader } from '~/web/subject.server'

// The fresh confirmation before a download: a link emailed to the request's
// own address opens the answer's files for an hour. A button, like every link
// that grants access, so a mail scanner cannot use it up.
export function loader({ params }: LoaderFunctionArgs) {
  const { t, lang } = pageT(params, ['request'])
  return { pageTitle: t('request:answer.openTitle'), lang }
}

export async function action({ params }: ActionFunctionArgs) {
  const { t, lang, db } = pageT(params, ['request'])
  const result = openDownloadLink(db, params.token ?? '')
  if (!result.ok) return { pageTitle: t(`request:open.${result.reason}Title`), reason: result.reason }
  return redirect(`/${lang}/status/request#answer-heading`, { headers: await subjectCookieHeader(result.sessionToken) })
}

export default function OpenDownloadLink() {
  const { lang } = useLoaderData<typeof loader>()
  const failed = useActionData<typeof action>()
  const { t } = useTranslation('request')
  const texts = { title: t('answer.openTitle'), lead: t('answer.openLead'), button: t('answer.openButton'), failedBody: t('answer.linkFailedBody') }
  return <OneClickLinkPage lang={lang} failedReason={failed?.reason} texts={texts} />
}
