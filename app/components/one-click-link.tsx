import { Form, Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Button } from '~/components/ui'

/**
 * The page behind an emailed link that grants access (the status link, the
 * download link): a button that spends the token on POST, so that a mail
 * scanner following the link cannot use it up; or, when it was refused, why
 * and where to get a new one. The route passes its own texts, translated.
 */
export function OneClickLinkPage({ lang, failedReason, texts }: { lang: string; failedReason?: string; texts: { title: string; lead: string; button: string; failedBody: string } }) {
  const { t } = useTranslation('request')
  if (failedReason) {
    return (
      <>
        <h1>{t(`open.${failedReason}Title`)}</h1>
        <p>{texts.failedBody}</p>
        <p>
          <Link to={`/${lang}/status`}>{t('open.getNew')}</Link>
        </p>
      </>
    )
  }
  return (
    <>
      <h1>{texts.title}</h1>
      <p>{texts.lead}</p>
      <Form method="post">
        <Button type="submit">{texts.button}</Button>
      </Form>
    </>
  )
}
