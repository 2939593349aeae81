import type { LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import type { RouteHandle } from '~/components/site-chrome'
import { ButtonLink, Cell, OrgText, Table } from '~/components/ui'
import { localizeText, type Localized } from '~/domain/languages'
import { REQUEST_TYPES } from '~/vocabulary'
import { pageT, requireOrganisation } from '~/web/http.server'

// Public, and nothing of a person: the rendered page is kept (app/web/render-memo.server.ts).
export const handle: RouteHandle = { renderMemo: true }

// An organisation's page, from its file: who it is, what it processes and why,
// how long it keeps it, who receives it, and how to make a request. Its own
// texts come in the reader's language, or the nearest one they can read,
// marked with that language (WCAG 3.1.2).

export function loader({ params }: LoaderFunctionArgs) {
  const { lang } = pageT(params)
  const { org, clients } = requireOrganisation(params)
  const p = org.profile
  const text = (value: Localized | undefined) => localizeText(value, lang)
  const categories = new Map(p.register.dataCategories.map((c) => [c.key, text(c.name)]))
  return {
    pageTitle: org.name,
    lang,
    org: {
      slug: org.slug,
      name: org.name,
      kind: org.kind,
      country: org.country,
      privacyEmail: org.privacyEmail,
      intro: text(p.intro),
      otherWays: p.otherWays ? text(p.otherWays) : null,
      authority: { name: text(p.authority.name), complaintUrl: p.authority.complaintUrl },
      rights: REQUEST_TYPES.map((type) => ({ type, note: p.rightNotes[type] ? text(p.rightNotes[type]) : null })),
      purposes: p.register.purposes.map((x) => ({ description: text(x.description), legalBasis: text(x.legalBasis) })),
      categories: [...categories.values()],
      recipients: p.register.recipients.map((r) => ({ name: text(r.name), role: text(r.role) })),
      sources: p.register.sources.map(text),
      retention: p.register.retention.map((r) => ({ category: categories.get(r.category)!, description: text(r.description), legalBasis: text(r.legalBasis) })),
      automatedDecisions: p.register.automatedDecisions.map(text),
      transfers: p.register.transfers.map((x) => ({ recipient: x.recipient, country: text(x.country), safeguard: text(x.safeguard) })),
    },
    clients: clients.map((c) => c.name),
  }
}

export default function OrganisationPage() {
  const { lang, org, clients } = useLoaderData<typeof loader>()
  const { t } = useTranslation(['request', 'common'])
  const T = ({ v, as }: { v: { text: string; lang: string }; as?: 'p' | 'span' | 'div' }) => <OrgText text={v.text} lang={v.lang} pageLang={lang} as={as} />
  return (
    <>
      <span className="caption">{t(`common:countries.${org.country}`)}</span>
      <h1>{org.name}</h1>
      <T v={org.intro} as="p" />
      {org.kind === 'processor' ? (
        <div className="inset">
          <p>{t('organisation.processorNote', { org: org.name })}</p>
          {clients.length ? <p>{t('organisation.clients', { clients: clients.join(', ') })}</p> : null}
        </div>
      ) : null}
      <h2>{t('organisation.rightsHere')}</h2>
      <ul className="list-bullet">
        {org.rights.map((r) => (
          <li key={r.type}>
            {t(`types.${r.type}.name`)}
            {r.note ? (
              <>
                {' – '}
                <T v={r.note} />
              </>
            ) : null}
          </li>
        ))}
      </ul>
      <ButtonLink to={`/${lang}/o/${org.slug}/request/right`} tone="primary" className="button--start" role="button" draggable={false}>
        {t('organisation.start')}
      </ButtonLink>
      {org.otherWays ? (
        <>
          <h2>{t('organisation.otherWays')}</h2>
          <T v={org.otherWays} as="p" />
        </>
      ) : null}
      <h2>{t('organisation.registerHeading')}</h2>
      <details className="details">
        <summary>{t('organisation.purposes')}</summary>
        <ul className="list-bullet">
          {org.purposes.map((p, i) => (
            <li key={i}>
              <T v={p.description} />{' '}
              <span className="hint-inline">
                (<T v={p.legalBasis} />)
              </span>
            </li>
          ))}
        </ul>
      </details>
      <details className="details">
        <summary>{t('organisation.categories')}</summary>
        <ul className="list-bullet">
          {org.categories.map((c, i) => (
            <li key={i}>
              <T v={c} />
            </li>
          ))}
        </ul>
      </details>
      <details className="details">
        <summary>{t('organisation.retention')}</summary>
        <Table
          caption={t('organisation.retention')}
          columns={[
            { key: 'category', label: t('organisation.category') },
            { key: 'howLong', label: t('organisation.howLong') },
            { key: 'legalBasis', label: t('organisation.legalBasis') },
          ]}
        >
          {org.retention.map((r, i) => (
            <tr key={i}>
              <Cell label={t('organisation.category')}>
                <T v={r.category} />
              </Cell>
              <Cell label={t('organisation.howLong')}>
                <T v={r.description} />
              </Cell>
              <Cell label={t('organisation.legalBasis')}>
                <T v={r.legalBasis} />
              </Cell>
            </tr>
          ))}
        </Table>
      </details>
      {org.recipients.length ? (
        <details className="details">
          <summary>{t('organisation.recipients')}</summary>
          <ul className="list-bullet">
            {org.recipients.map((r, i) => (
              <li key={i}>
                <T v={r.name} />: <T v={r.role} />
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {org.transfers.length ? (
        <details className="details">
          <summary>{t('organisation.transfers')}</summary>
          <ul className="list-bullet">
            {org.transfers.map((x, i) => (
              <li key={i}>
                {x.recipient} (<T v={x.country} />): <T v={x.safeguard} />
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
              <li key={i}>
                <T v={s} />
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      <details className="details">
        <summary>{t('organisation.automated')}</summary>
        {org.automatedDecisions.length ? (
          <ul className="list-bullet">
            {org.automatedDecisions.map((a, i) => (
              <li key={i}>
                <T v={a} />
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('organisation.noAutomated')}</p>
        )}
      </details>
      <h2>{t('organisation.complainHeading')}</h2>
      <p>{t('organisation.complainLead')}</p>
      <p>
        <T v={org.authority.name} />: <a href={org.authority.complaintUrl}>{org.authority.complaintUrl}</a>
      </p>
      <p>
        {t('organisation.contact')} <a href={`mailto:${org.privacyEmail}`}>{org.privacyEmail}</a>
      </p>
    </>
  )
}
