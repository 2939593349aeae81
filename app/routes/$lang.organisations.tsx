import type { LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { Button } from '~/components/ui'
import { useTranslation } from 'react-i18next'
import { CountrySelect } from '~/components/country-select'
import { searchOrganisations } from '~/domain/organisations.server'
import { pageT } from '~/web/http.server'

export function loader({ params, request }: LoaderFunctionArgs) {
  const { t, lang, db } = pageT(params, ['request'])
  const url = new URL(request.url)
  const q = (url.searchParams.get('q') ?? '').slice(0, 100)
  const country = url.searchParams.get('country') ?? ''
  const results = searchOrganisations(db, { text: q, country }).map((o) => ({
    slug: o.slug,
    name: o.name,
    country: o.country,
    kind: o.kind,
  }))
  return { pageTitle: t('request:search.resultsTitle'), lang, q, country, results }
}

export default function OrganisationSearch() {
  const { lang, q, country, results } = useLoaderData<typeof loader>()
  const { t } = useTranslation(['request', 'common'])
  return (
    <>
      <h1>{t('search.resultsTitle')}</h1>
      <Form method="get" className="search-form search-form--inline" role="search" aria-label={t('search.resultsTitle')}>
        <div className="form-group">
          <label className="label" htmlFor="q">
            {t('search.nameLabel')}
          </label>
          <input className="input" type="search" id="q" name="q" defaultValue={q} key={q} />
        </div>
        <CountrySelect value={country} />
        <Button tone="secondary">{t('search.submit')}</Button>
      </Form>
      <p role="status">{t('search.count', { count: results.length })}</p>
      {results.length > 0 ? (
        <ul className="result-list">
          {results.map((o) => (
            <li key={o.slug}>
              <Link to={`/${lang}/o/${o.slug}`} className="result-list__name">
                {o.name}
              </Link>
              <span className="result-list__meta">
                {t(`common:countries.${o.country}`)}
                {o.kind === 'processor' ? ` · ${t('search.processor')}` : ''}
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('search.noResults')}</p>
      )}
    </>
  )
}
