import type { LoaderFunctionArgs } from '@remix-run/node'
import { useTranslation } from 'react-i18next'
import { pageT } from '~/web/http.server'

export function loader({ params }: LoaderFunctionArgs) {
  const { t } = pageT(params)
  return { pageTitle: t('accessibility.title') }
}

export default function AccessibilityStatement() {
  const { t } = useTranslation()
  return (
    <>
      <h1>{t('accessibility.title')}</h1>
      <p className="lead">{t('accessibility.lead')}</p>
      <h2>{t('accessibility.standardHeading')}</h2>
      <p>{t('accessibility.standard')}</p>
      <h2>{t('accessibility.howHeading')}</h2>
      <ul className="list-bullet">
        <li>{t('accessibility.zoom')}</li>
        <li>{t('accessibility.keyboard')}</li>
        <li>{t('accessibility.screenReader')}</li>
        <li>{t('accessibility.noScript')}</li>
      </ul>
      <h2>{t('accessibility.testingHeading')}</h2>
      <p>{t('accessibility.testing')}</p>
      <h2>{t('accessibility.feedbackHeading')}</h2>
      <p>{t('accessibility.feedback')}</p>
    </>
  )
}
