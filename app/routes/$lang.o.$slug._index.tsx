import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { localize } from '~/domain/languages'
import { pageT, requireOrganisation } from '~/utils/http.server'

export function loader({ params }: LoaderFunctionArgs) {
  const { lang } = pageT(params)
  const { org, clients } = requireOrganisation(params)
  const p = org.profile
  const categories = new Map(p.register.dataCategories.map((c) => [c.key, localize(c.name, lang)]))
  return {
    pageTitle: org.name,
    lang,
    org: {
      slug: org.slug,
      name: org.name,
      kind: org.kind,
      country: org.country,
      privacyEmail: org.privacyEmail,
      intro: localize(p.intro, lang),
      otherWays: localize(p.otherWays, lang),
      authority: p.authority,
      requestTypes: p.requestTypes,
      purposes: p.register.purposes.map((x) => ({ description: localize(x.description, lang), legalBasis: localize(x.legalBasis, lang) })),
      categories: [...categories.values()],
      recipients: p.register.recipients.map((r) => ({ name: r.name, role: localize(r.role, lang) })),
      sources: p.register.sources.map((s) => localize(s, lang)),
      retention: p.register.retention.map((r) => ({ category: categories.get(r.category) ?? r.category, description: localize(r.description, lang), legalBasis: localize(r.legalBasis, lang) })),
      automatedDecisions: p.register.automatedDecisions.map((a) => localize(a, lang)),
    },
    clients: clients.map((c) => c.name),
  }
}

export default function OrganisationPage() {
  const { lang, org, clients } = useLoaderData<typeof loader>()
  const { t } = useTranslation(['request', 'common'])
  return (
    <>
      <span className="caption">{t(`common:countries.${org.country}`)}</span>
      <h1>{org.name}</h1>
      <p className="lead">{org.intro}</p>
      {org.kind === 'processor' ? (
        <div className="inset">
          <p>{t('organisation.processorNote', { org: org.name })}</p>
          {clients.length ? <p>{t('organisation.clients', { clients: clients.join(', ') })}</p> : null}
        </div>
      ) : null}
      <h2>{t('organisation.rightsHere')}</h2>
      <ul className="list-bullet">
        {org.requestTypes.map((type) => (
          <li key={type}>{t(`types.${type}.name`)}</li>
        ))}
      </ul>
      <Link to={`/${lang}/o/${org.slug}/request/right`} className="button button--start" role="button" draggable={false}>
        {t('organisation.start')}
      </Link>
      {org.otherWays ? (
        <>
          <h2>{t('organisation.otherWays')}</h2>
          <p>{org.otherWays}</p>
        </>
      ) : null}
      <h2>{t('organisation.registerHeading')}</h2>
      <details className="details">
        <summary>{t('organisation.purposes')}</summary>
        <ul className="list-bullet">
          {org.purposes.map((p, i) => (
            <li key={i}>
              {p.description} <span className="hint-inline">({p.legalBasis})</span>
            </li>
          ))}
        </ul>
      </details>
      <details className="details">
        <summary>{t('organisation.categories')}</summary>
        <ul className="list-bullet">
          {org.categories.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
      </details>
      <details className="details">
        <summary>{t('organisation.retention')}</summary>
        <table className="table">
          <caption className="visually-hidden">{t('organisation.retention')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('organisation.category')}</th>
              <th scope="col">{t('organisation.howLong')}</th>
              <th scope="col">{t('organisation.legalBasis')}</th>
            </tr>
          </thead>
          <tbody>
            {org.retention.map((r, i) => (
              <tr key={i}>
                <td>{r.category}</td>
                <td>{r.description}</td>
                <td>{r.legalBasis}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      {org.recipients.length ? (
        <details className="details">
          <summary>{t('organisation.recipients')}</summary>
          <ul className="list-bullet">
            {org.recipients.map((r, i) => (
              <li key={i}>
                {r.name}: {r.role}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {org.sources.length ? (
        <details className="details">
          <summary>{t('organisation.sources')}</summary>
          <ul className="list-bullet">
            {org.sources.map((s, i) => (
              <li key={i}>{s}</li>
            ))}
          </ul>
        </details>
      ) : null}
      <details className="details">
        <summary>{t('organisation.automated')}</summary>
        {org.automatedDecisions.length ? (
          <ul className="list-bullet">
            {org.automatedDecisions.map((a, i) => (
              <li key={i}>{a}</li>
            ))}
          </ul>
        ) : (
          <p>{t('organisation.noAutomated')}</p>
        )}
      </details>
      <h2>{t('organisation.complainHeading')}</h2>
      <p>
        {t('organisation.complain', { authority: org.authority.name })}{' '}
        <a href={org.authority.complaintUrl}>{org.authority.complaintUrl}</a>
      </p>
      <p>
        {t('organisation.contact')} <a href={`mailto:${org.privacyEmail}`}>{org.privacyEmail}</a>
      </p>
    </>
  )
}
