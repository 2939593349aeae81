import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { listOrganisations } from '~/domain/organisations.server'
import { requireOperator } from '~/web/auth.server'
import { pageT } from '~/web/http.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { lang } = await requireOperator(request, params)
  const { t, db } = pageT(params, ['auth'])
  const url = new URL(request.url)
  return {
    pageTitle: t('auth:organisations.title'),
    lang,
    saved: url.searchParams.get('saved'),
    organisations: listOrganisations(db).map((o) => ({ slug: o.slug, name: o.name, country: o.country, kind: o.kind, isDemo: o.isDemo, slaDays: o.slaDays })),
  }
}

export default function Organisations() {
  const d = useLoaderData<typeof loader>()
  const { t } = useTranslation('auth')
  return (
    <>
      <h1>{t('organisations.title')}</h1>
      {d.saved ? (
        <div className="notification" role="status">
          <p>{t('organisations.saved', { slug: d.saved })}</p>
        </div>
      ) : null}
      <p>
        <Link to={`/${d.lang}/officer/organisations/new`} className="button button--secondary">
          {t('organisations.add')}
        </Link>
      </p>
      {d.organisations.length === 0 ? (
        <p>{t('organisations.none')}</p>
      ) : (
        <table className="table">
          <caption className="visually-hidden">{t('organisations.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('organisations.name')}</th>
              <th scope="col">{t('organisations.slug')}</th>
              <th scope="col">{t('organisations.country')}</th>
              <th scope="col">{t('organisations.kind')}</th>
              <th scope="col">{t('organisations.slaDays')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('organisations.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {d.organisations.map((o) => (
              <tr key={o.slug}>
                <th scope="row">
                  {o.name}
                  {o.isDemo ? <strong className="tag"> {t('organisations.demo')}</strong> : null}
                </th>
                <td>{o.slug}</td>
                <td>{t(`organisations.countries.${o.country}`)}</td>
                <td>{t(`organisations.kinds.${o.kind}`)}</td>
                <td>{o.slaDays}</td>
                <td>
                  <Link to={`/${d.lang}/officer/organisations/${o.slug}`}>
                    {t('organisations.edit')}
                    <span className="visually-hidden"> {o.name}</span>
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  )
}
