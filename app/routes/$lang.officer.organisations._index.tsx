import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { ButtonLink, Cell, Notification, Table, Tag } from '~/components/ui'
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
        <Notification>
          <p>{t('organisations.saved', { slug: d.saved })}</p>
        </Notification>
      ) : null}
      <p>
        <ButtonLink to={`/${d.lang}/officer/organisations/new`}>{t('organisations.add')}</ButtonLink>
      </p>
      {d.organisations.length === 0 ? (
        <p>{t('organisations.none')}</p>
      ) : (
        <Table
          caption={t('organisations.title')}
          columns={[
            { key: 'name', label: t('organisations.name') },
            { key: 'slug', label: t('organisations.slug') },
            { key: 'country', label: t('organisations.country'), words: true },
            { key: 'kind', label: t('organisations.kind'), words: true },
            { key: 'sla', label: t('organisations.slaDays'), words: true },
            { key: 'actions', label: <span className="visually-hidden">{t('organisations.actions')}</span> },
          ]}
        >
          {d.organisations.map((o) => (
            <tr key={o.slug}>
              <Cell label={t('organisations.name')} header>
                {o.name}
                {o.isDemo ? (
                  <>
                    {' '}
                    <Tag>{t('organisations.demo')}</Tag>
                  </>
                ) : null}
              </Cell>
              <Cell label={t('organisations.slug')}>{o.slug}</Cell>
              <Cell label={t('organisations.country')} words>
                {t(`organisations.countries.${o.country}`)}
              </Cell>
              <Cell label={t('organisations.kind')} words>
                {t(`organisations.kinds.${o.kind}`)}
              </Cell>
              <Cell label={t('organisations.slaDays')} words>
                {o.slaDays}
              </Cell>
              <Cell label={t('organisations.actions')}>
                <Link to={`/${d.lang}/officer/organisations/${o.slug}`}>
                  {t('organisations.edit')}
                  <span className="visually-hidden"> {o.name}</span>
                </Link>
              </Cell>
            </tr>
          ))}
        </Table>
      )}
    </>
  )
}
