import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useLocation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { REQUEST_STATUSES } from '#db/schema'
import { DueTag } from '~/components/due-tag'
import { decodeCursor, encodeCursor, OPEN_STATUSES, orgOfficers, parseQueueFilters, queuePage, requestIdsForOrg, statusCounts } from '~/data/officer-requests.server'
import { daysLeft, urgency } from '~/domain/deadlines'
import { TransitionError } from '~/domain/lifecycle'
import { REQUEST_TYPES } from '~/domain/request-types'
import { ActionRefusedError, assignRequests } from '~/domain/requests.server'
import { fixedT, formatDate } from '~/i18n/i18n'
import { requireOfficer } from '~/utils/auth.server'
import { now } from '~/utils/clock'
import { notFound } from '~/utils/http.server'
import { getDb } from '#db/client.server'
import requestStyles from '~/styles/officer-requests.css?url'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: requestStyles }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, org, lang } = await requireOfficer(request, params)
  const db = getDb()
  const t = fixedT(lang, ['officer'])
  const url = new URL(request.url)
  const filters = parseQueueFilters(url.searchParams)
  const at = now()
  const page = queuePage(db, { orgId: org.id, userId: user.id, now: at, filters, after: decodeCursor(url.searchParams.get('after')) })
  let nextHref: string | null = null
  if (page.next) {
    const next = new URLSearchParams(url.searchParams)
    // The "n assigned" notice belongs to the page the assignment redirected to, not to the pages after it.
    next.delete('assigned_count')
    next.set('after', encodeCursor(page.next))
    nextHref = `?${next.toString()}`
  }
  const firstParams = new URLSearchParams(url.searchParams)
  firstParams.delete('after')
  firstParams.delete('assigned_count')
  return {
    pageTitle: t('queue.title'),
    orgName: org.name,
    lang,
    userId: user.id,
    filters,
    statuses: REQUEST_STATUSES,
    openStatuses: OPEN_STATUSES,
    counts: statusCounts(db, org.id),
    officers: orgOfficers(db, org.id).map((o) => ({ id: o.id, name: o.name })),
    rows: page.rows.map((r) => {
      const left = daysLeft(r.queueDueAt, at, org.timeZone)
      return {
        id: r.id,
        reference: r.reference,
        type: r.type,
        status: r.status,
        subjectName: r.subjectName,
        subjectEmail: r.subjectEmail,
        dueDate: formatDate(r.queueDueAt, lang, org.timeZone, 'medium'),
        daysLeft: left,
        urgency: urgency(left),
        paused: !!r.pausedAt,
        identityVerified: !!r.identityVerifiedAt,
        assigneeName: r.assigneeName,
      }
    }),
    nextHref,
    isLaterPage: url.searchParams.has('after'),
    firstHref: `?${firstParams.toString()}`,
    back: `${url.pathname}${url.search}`,
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, org, lang } = await requireOfficer(request, params)
  const form = await request.formData()
  const ids = form.getAll('ids').map((v) => Number(v)).filter((n) => Number.isSafeInteger(n) && n > 0)
  const assignee = String(form.get('assignee') ?? '')
  const back = String(form.get('back') ?? '')
  const target = back.startsWith(`/${lang}/officer/queue`) ? back : `/${lang}/officer/queue`
  if (ids.length === 0) return { status: 'error' as const, error: 'officer:errors.selectRequests' as const }
  // An id that is not this organisation's is answered as a wrong address, like everywhere else.
  if (requestIdsForOrg(getDb(), { orgId: org.id, ids }).length !== new Set(ids).size) notFound()
  if (assignee === '') return { status: 'error' as const, error: 'officer:errors.selectAssignee' as const }
  const assigneeId = assignee === 'none' ? null : assignee === 'me' ? user.id : Number(assignee)
  try {
    const done = assignRequests(getDb(), { orgId: org.id, officerId: user.id, requestIds: ids, assigneeId })
    const url = new URL(target, 'http://x')
    url.searchParams.set('assigned_count', String(done))
    return redirect(`${url.pathname}${url.search}`)
  } catch (error) {
    if (error instanceof ActionRefusedError) return { status: 'error' as const, error: `officer:errors.${error.code}` as const }
    if (error instanceof TransitionError) return { status: 'error' as const, error: 'officer:errors.notAllowed' as const }
    throw error
  }
}

export default function Queue() {
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation('officer')
  const f = d.filters
  return (
    <>
      <span className="caption">{d.orgName}</span>
      <h1>{t('queue.title')}</h1>
      {actionData?.error ? (
        <div className="error-summary" role="alert" tabIndex={-1} aria-labelledby="error-summary-title">
          <h2 id="error-summary-title" className="error-summary__title">
            {t('common:errorSummaryTitle')}
          </h2>
          <ul>
            <li>
              <a href="#bulk-assignee">{t(actionData.error)}</a>
            </li>
          </ul>
        </div>
      ) : null}
      <AssignedNotice />
      <h2 className="visually-hidden">{t('queue.countsHeading')}</h2>
      <ul className="status-counts" aria-label={t('queue.countsHeading')}>
        {d.openStatuses.map((s) => (
          <li key={s}>
            <Link to={`?status=${s}`} aria-current={f.status === s ? 'true' : undefined}>
              {t(`statusName.${s}`)}: <strong>{d.counts[s]}</strong>
            </Link>
          </li>
        ))}
      </ul>

      <Form method="get" className="filters" role="search" aria-label={t('queue.filtersHeading')}>
        <fieldset className="fieldset">
          <legend className="legend">{t('queue.filtersHeading')}</legend>
          <div className="filters__row">
            <div className="form-group">
              <label className="label" htmlFor="filter-q">
                {t('queue.search')}
              </label>
              <div className="hint" id="filter-q-hint">
                {t('queue.searchHint')}
              </div>
              <input className="input input--width-20" type="search" id="filter-q" name="q" defaultValue={f.q ?? ''} aria-describedby="filter-q-hint" />
            </div>
            <div className="form-group">
              <label className="label" htmlFor="filter-status">
                {t('queue.status')}
              </label>
              <select className="select" id="filter-status" name="status" defaultValue={f.status ?? ''}>
                <option value="">{t('queue.allOpen')}</option>
                {d.statuses.map((s) => (
                  <option key={s} value={s}>
                    {s in d.counts ? `${t(`statusName.${s}`)} (${d.counts[s as keyof typeof d.counts]})` : t(`statusName.${s}`)}
                  </option>
                ))}
              </select>
            </div>
            <div className="form-group">
              <label className="label" htmlFor="filter-type">
                {t('queue.type')}
              </label>
              <select className="select" id="filter-type" name="type" defaultValue={f.type ?? ''}>
                <option value="">{t('queue.allTypes')}</option>
                {REQUEST_TYPES.map((type) => (
                  <option key={type} value={type}>
                    {t(`request:types.${type}.name`)}
                  </option>
                ))}
              </select>
            </div>
            <div className="form-group">
              <label className="label" htmlFor="filter-assigned">
                {t('queue.assigned')}
              </label>
              <select className="select" id="filter-assigned" name="assigned" defaultValue={f.assigned ?? ''}>
                <option value="">{t('queue.assignedAnyone')}</option>
                <option value="me">{t('queue.assignedMe')}</option>
                <option value="unassigned">{t('queue.unassigned')}</option>
              </select>
            </div>
          </div>
          <div className="filters__row">
            <div className="checkbox">
              <input type="checkbox" id="filter-overdue" name="overdue" value="1" defaultChecked={!!f.overdue} />
              <label htmlFor="filter-overdue">{t('queue.overdueOnly')}</label>
            </div>
            <div className="checkbox">
              <input type="checkbox" id="filter-unverified" name="unverified" value="1" defaultChecked={!!f.unverified} />
              <label htmlFor="filter-unverified">{t('queue.unverifiedOnly')}</label>
            </div>
          </div>
          <button type="submit" className="button">
            {t('queue.apply')}
          </button>
          <Link to="?" className="button button--secondary">
            {t('queue.clear')}
          </Link>
        </fieldset>
      </Form>

      <Form method="post" id="bulk-form">
        <input type="hidden" name="back" value={d.back} />
        {d.rows.length === 0 ? (
          <p>{t('queue.empty')}</p>
        ) : (
          <table className="table table--queue">
            <caption className="visually-hidden">{t('queue.tableCaption')}</caption>
            <thead>
              <tr>
                <th scope="col" className="cell-select">
                  <span className="visually-hidden">{t('queue.select')}</span>
                </th>
                <th scope="col">{t('queue.reference')}</th>
                <th scope="col">{t('queue.person')}</th>
                <th scope="col">{t('queue.type')}</th>
                <th scope="col">{t('queue.status')}</th>
                <th scope="col">{t('queue.due')}</th>
                <th scope="col">{t('queue.assignee')}</th>
              </tr>
            </thead>
            <tbody>
              {d.rows.map((r) => (
                <tr key={r.id}>
                  <td className="cell-select">
                    <input type="checkbox" name="ids" value={r.id} id={`select-${r.id}`} />
                    <label htmlFor={`select-${r.id}`} className="visually-hidden">
                      {t('queue.selectOne', { reference: r.reference })}
                    </label>
                  </td>
                  <th scope="row">
                    <Link to={`/${d.lang}/officer/requests/${r.id}`}>
                      {r.reference}
                    </Link>
                  </th>
                  <td>
                    {r.subjectName}
                    <br />
                    <span className="hint-inline">{r.subjectEmail}</span>
                  </td>
                  <td>{t(`request:types.${r.type}.name`)}</td>
                  <td>
                    {t(`statusName.${r.status}`)}
                    {r.identityVerified ? null : (
                      <>
                        <br />
                        <span className="hint-inline">{t('queue.identityNotVerified')}</span>
                      </>
                    )}
                  </td>
                  <td>
                    <DueTag daysLeft={r.daysLeft} urgency={r.urgency} paused={r.paused} />
                    <br />
                    <span className="hint-inline">{r.dueDate}</span>
                  </td>
                  <td>{r.assigneeName ?? t('queue.nobody')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {d.rows.length > 0 ? (
          <fieldset className="fieldset">
            <legend className="legend">{t('queue.bulkHeading')}</legend>
            <div className="bulk-bar">
              <div className="form-group">
                <label className="label" htmlFor="bulk-assignee">
                  {t('queue.assignTo')}
                </label>
                <select className="select" id="bulk-assignee" name="assignee" defaultValue="">
                  <option value="">{t('queue.chooseAssignee')}</option>
                  <option value="me">{t('queue.assignMe')}</option>
                  {d.officers
                    .filter((o) => o.id !== d.userId)
                    .map((o) => (
                      <option key={o.id} value={o.id}>
                        {o.name}
                      </option>
                    ))}
                  <option value="none">{t('queue.nobody')}</option>
                </select>
              </div>
              <button type="submit" className="button">
                {t('queue.assignSelected')}
              </button>
            </div>
          </fieldset>
        ) : null}
      </Form>
      <nav className="pagination" aria-label={t('queue.pagination')}>
        {d.isLaterPage ? (
          <Link to={d.firstHref} className="pagination__first">
            {t('queue.firstPage')}
          </Link>
        ) : null}
        {d.isLaterPage && d.nextHref ? ' · ' : null}
        {d.nextHref ? (
          <Link to={d.nextHref} rel="next">
            {t('queue.nextPage')}
          </Link>
        ) : null}
      </nav>
    </>
  )
}

function AssignedNotice() {
  const { t } = useTranslation('officer')
  const n = new URLSearchParams(useLocation().search).get('assigned_count')
  if (n === null) return null
  return (
    <div className="notification" role="status">
      <p>{t('queue.assignedDone', { count: Number(n) })}</p>
    </div>
  )
}
