import type { LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { Button } from '~/components/ui'
import { useTranslation } from 'react-i18next'
import { CountrySelect } from '~/components/country-select'
import type { RouteHandle } from '~/components/site-chrome'
import { REQUEST_TYPES } from '~/domain/request-types'
import { pageT } from '~/web/http.server'

// Public, and nothing of a person: the rendered page is kept (app/web/render-memo.server.ts).
export const handle: RouteHandle = { renderMemo: true }

export function loader({ params }: LoaderFunctionArgs) {
  const { t, lang } = pageT(params, ['common', 'request'])
  return { pageTitle: t('request:start.title'), lang }
}

export default function StartPage() {
  const { lang } = useLoaderData<typeof loader>()
  const { t } = useTranslation(['request', 'common'])
  return (
    <>
      <h1>{t('start.title')}</h1>
      <p className="lead">{t('start.lead')}</p>
      <h2>{t('start.rightsHeading')}</h2>
      <dl className="rights-list">
        {REQUEST_TYPES.map((type) => (
          <div key={type}>
            <dt>{t(`types.${type}.name`)}</dt>
            <dd>{t(`types.${type}.explanation`)}</dd>
          </div>
        ))}
      </dl>
      <h2>{t('start.needHeading')}</h2>
      <ul className="list-bullet">
        <li>{t('start.needOrganisation')}</li>
        <li>{t('start.needEmail')}</li>
        <li>{t('start.needDetails')}</li>
      </ul>
      <p>{t('start.time')}</p>
      <h2 id="find-heading">{t('start.findHeading')}</h2>
      <Form method="get" action={`/${lang}/organisations`} className="search-form" aria-labelledby="find-heading">
        <div className="form-group">
          <label className="label" htmlFor="q">
            {t('search.nameLabel')}
          </label>
          <div className="hint" id="q-hint">
            {t('search.nameHint')}
          </div>
          <input className="input" type="search" id="q" name="q" aria-describedby="q-hint" />
        </div>
        <CountrySelect />
        <Button>{t('search.submit')}</Button>
      </Form>
      <h2>{t('start.otherWaysHeading')}</h2>
      <p>{t('start.otherWays')}</p>
      <p>
        <Link to={`/${lang}/status`}>{t('start.followLink')}</Link>
      </p>
    </>
  )
}
