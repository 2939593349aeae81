import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useLocation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { DueTag } from '~/components/due-tag'
import { OpenTasksSection } from '~/components/assistance'
import { Button, ButtonLink, Cell, Checkbox, ErrorList, Notification, Select, Table, Tag, type Column } from '~/components/ui'
import { parseQueueFilters, queueParams, type QueueSort } from '~/domain/queue-filters'
import { TransitionError } from '~/domain/lifecycle'
import { queueView } from '~/domain/queue-view.server'
import { draftCount } from '~/domain/inbound-mail.server'
import { ActionRefusedError, assignRequests, RequestNotFoundError } from '~/domain/requests.server'
import { fixedT } from '~/i18n/i18n'
import { now } from '~/utils/clock'
import { OPEN_STATUSES, REQUEST_STATUSES, REQUEST_TYPES } from '~/vocabulary'
import { officerRedirectTarget, requirePermission } from '~/web/auth.server'
import { idField, idsField, invalidForm, readForm, textField } from '~/web/forms.server'
import { notFound } from '~/web/http.server'
import requestStyles from '~/styles/officer-requests.css?url'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: requestStyles }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, org, lang } = await requirePermission(request, params, 'requests.read')
  const url = new URL(request.url)
  const view = queueView(getDb(), { org, user, filters: parseQueueFilters(url.searchParams), after: url.searchParams.get('after'), lang, now: now() })
  return { ...view, pageTitle: fixedT(lang, 'officer')('queue.title'), orgName: org.name, isProcessor: org.kind === 'processor', lang, userId: user.id, back: `${url.pathname}${url.search}`, emailDrafts: draftCount(getDb(), org.id) }
}

/** At most this many requests are assigned in one go. */
const BULK_MAX = 500

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, org, lang } = await requirePermission(request, params, 'requests.assign')
  const form = await readForm(request)
  // Nothing chosen is the officer's slip: the page again with the error. A value
  // the form cannot send (an id that is not one, a field twice, an officer it
  // does not offer) is the client's error: the same page, answered 400.
  const slip = (error: `officer:errors.${string}`) => ({ status: 'error' as const, error })
  const malformed = (error: `officer:errors.${string}`) => invalidForm(slip(error))
  const ids = idsField(form, 'ids')
  const assignee = form.getAll('assignee')
  // The queue's own address, normalised and checked like every other redirect target.
  const back = officerRedirectTarget(textField(form, 'back'))
  const target = back?.startsWith(`/${lang}/officer/queue`) ? back : `/${lang}/officer/queue`
  if (!ids) return malformed('officer:errors.selectRequests')
  if (ids.length === 0) return slip('officer:errors.selectRequests')
  if (ids.length > BULK_MAX) return slip('officer:errors.tooManySelected')
  if (assignee.length === 0 || (assignee.length === 1 && assignee[0] === '')) return slip('officer:errors.selectAssignee')
  const chosen = textField(form, 'assignee')
  const assigneeId = chosen === 'none' ? null : chosen === 'me' ? user.id : idField(form, 'assignee')
  if (assigneeId === undefined) return malformed('officer:errors.selectAssignee')
  try {
    const done = assignRequests(getDb(), { orgId: org.id, officerId: user.id, requestIds: ids, assigneeId })
    const url = new URL(target, 'http://x')
    url.searchParams.set('assigned_count', String(done))
    return redirect(`${url.pathname}${url.search}`)
  } catch (error) {
    // An id that is not this organisation's is answered as a wrong address, like everywhere else.
    if (error instanceof RequestNotFoundError) notFound()
    if (error instanceof ActionRefusedError) return error.code === 'assigneeNotOfficer' ? malformed('officer:errors.assigneeNotOfficer') : slip(`officer:errors.${error.code}`)
    if (error instanceof TransitionError) return slip('officer:errors.notAllowed')
    throw error
  }
}

export default function Queue() {
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation('officer')
  const f = d.filters
  const sortHref = (sort: QueueSort) => {
    const p = queueParams({ ...f, sort, dir: f.sort === sort ? (f.dir === 'asc' ? 'desc' : 'asc') : sort === 'deadline' ? 'asc' : 'desc' })
    return `?${p.toString()}`
  }
  // Each row repeats the same words (cell labels, types, statuses): translated once per page, not once per row.
  const label = {
    select: t('queue.select'),
    reference: t('queue.reference'),
    person: t('queue.person'),
    type: t('queue.type'),
    status: t('queue.status'),
    due: t('queue.due'),
    received: t('queue.receivedColumn'),
    activity: t('queue.activity'),
    assignee: t('queue.assignee'),
    nobody: t('queue.nobody'),
  }
  const typeNames = new Map(REQUEST_TYPES.map((type) => [type, t(`request:types.${type}.name`)]))
  const statusNames = new Map(REQUEST_STATUSES.map((s) => [s, t(`statusName.${s}`)]))
  const sortOf = (sort: QueueSort) => ({ href: sortHref(sort), current: f.sort === sort ? f.dir : null })
  const columns: Column[] = ([
    { key: 'select', label: <span className="visually-hidden">{t('queue.select')}</span> },
    { key: 'reference', label: t('queue.reference') },
    { key: 'person', label: t('queue.person') },
    { key: 'type', label: t('queue.type') },
    { key: 'status', label: t('queue.status') },
    { key: 'deadline', label: t('queue.due'), sort: sortOf('deadline') },
    { key: 'received', label: t('queue.receivedColumn'), sort: sortOf('received'), priority: 'low' },
    { key: 'activity', label: t('queue.activity'), sort: sortOf('activity'), priority: 'low' },
    { key: 'assignee', label: t('queue.assignee') },
  ] as Column[]).map((c) => ({ ...c, words: true }))
  return (
    <>
      <div className="page-header">
        <div>
          <span className="caption">{d.orgName}</span>
          <h1>{t('queue.title')}</h1>
        </div>
        <div className="button-group">
          <ButtonLink to={`/${d.lang}/officer/intake`} tone="primary">
            {t('intake.queueLink')}
          </ButtonLink>
          <ButtonLink to={`/${d.lang}/officer/queue/export${d.params ? `?${d.params}` : ''}`} reloadDocument download>
            {t('queue.export')}
          </ButtonLink>
        </div>
      </div>
      {actionData?.error ? <ErrorList items={[{ href: '#bulk-assignee', text: t(actionData.error) }]} /> : null}
      {d.emailDrafts > 0 ? (
        <Notification tone="info">
          <p>
            <Link to={`/${d.lang}/officer/inbox`}>{t('inbox.waiting', { count: d.emailDrafts })}</Link>
          </p>
        </Notification>
      ) : null}
      <AssignedNotice />
      <h2 className="visually-hidden">{t('queue.countsHeading')}</h2>
      <ul className="status-counts" aria-label={t('queue.countsHeading')}>
        {OPEN_STATUSES.map((s) => (
          <li key={s}>
            <Link to={`?status=${s}`} aria-current={f.status === s ? 'true' : undefined}>
              {t(`statusName.${s}`)}: <strong>{d.counts[s]}</strong>
            </Link>
          </li>
        ))}
      </ul>

      {d.tasks ? <OpenTasksSection lang={d.lang} data={d.tasks} /> : null}
      <div className="queue-layout">
        <Form method="get" className="filters" role="search" aria-label={t('queue.filtersHeading')}>
          <h2 className="filters__heading">{t('queue.filtersHeading')}</h2>
          <div className="form-group">
            <label className="label" htmlFor="filter-q">
              {t('queue.search')}
            </label>
            <div className="hint" id="filter-q-hint">
              {t('queue.searchHint')}
            </div>
            <input className="input" type="search" id="filter-q" name="q" defaultValue={f.q ?? ''} aria-describedby="filter-q-hint" />
          </div>
          <Select
            id="filter-status"
            name="status"
            label={t('queue.status')}
            defaultValue={f.status ?? ''}
            options={[
              { value: '', label: t('queue.allOpen') },
              ...REQUEST_STATUSES.map((s) => ({ value: s, label: s in d.counts ? `${t(`statusName.${s}`)} (${d.counts[s as keyof typeof d.counts]})` : t(`statusName.${s}`) })),
            ]}
          />
          <Select
            id="filter-type"
            name="type"
            label={t('queue.type')}
            defaultValue={f.type ?? ''}
            options={[{ value: '', label: t('queue.allTypes') }, ...REQUEST_TYPES.map((type) => ({ value: type, label: t(`request:types.${type}.name`) }))]}
          />
          <Select
            id="filter-assigned"
            name="assigned"
            label={t('queue.assigned')}
            defaultValue={f.assigned ?? ''}
            options={[
              { value: '', label: t('queue.assignedAnyone') },
              { value: 'me', label: t('queue.assignedMe') },
              { value: 'unassigned', label: t('queue.unassigned') },
            ]}
          />
          <fieldset className="fieldset">
            <legend className="legend">{t('queue.showOnly')}</legend>
            <Checkbox id="filter-overdue" name="overdue" label={t('queue.overdueOnly')} defaultChecked={!!f.overdue} />
            <Checkbox id="filter-past-target" name="pastTarget" label={t('queue.pastTargetOnly')} defaultChecked={!!f.pastTarget} />
            <Checkbox id="filter-unverified" name="unverified" label={t('queue.unverifiedOnly')} defaultChecked={!!f.unverified} />
            {d.isProcessor ? <Checkbox id="filter-needs-routing" name="needsRouting" label={t('queue.needsRoutingOnly')} defaultChecked={!!f.needsRouting} /> : null}
          </fieldset>
          {/* The order is here as well as in the column headings: on a laptop the received and activity columns give way. */}
          <Select
            id="filter-sort"
            name="sort"
            label={t('queue.sortBy')}
            defaultValue={f.sort}
            options={[
              { value: 'deadline', label: t('queue.due') },
              { value: 'received', label: t('queue.receivedColumn') },
              { value: 'activity', label: t('queue.activity') },
            ]}
          />
          <div className="button-group">
            <Button>{t('queue.apply')}</Button>
            <ButtonLink to="?">{t('queue.clear')}</ButtonLink>
          </div>
        </Form>

        <div className="queue-layout__results">
          <Form method="post" id="bulk-form">
            <input type="hidden" name="back" value={d.back} />
            {d.rows.length === 0 ? (
              <p>{t('queue.empty')}</p>
            ) : (
              <Table caption={t('queue.tableCaption')} columns={columns} className="table--queue">
                {d.rows.map((r) => (
                  <tr key={r.id}>
                    <Cell label={label.select} className="cell-select">
                      <input type="checkbox" name="ids" value={r.id} id={`select-${r.id}`} />
                      <label htmlFor={`select-${r.id}`} className="visually-hidden">
                        {t('queue.selectOne', { reference: r.reference })}
                      </label>
                    </Cell>
                    <Cell label={label.reference} header>
                      <Link to={`/${d.lang}/officer/requests/${r.id}`}>{r.reference}</Link>
                      {r.forwardedBy ? (
                        <>
                          <br />
                          <span className="hint-inline">{t('forwardedBy.mark', { processor: r.forwardedBy })}</span>
                        </>
                      ) : null}
                      {r.duplicate ? (
                        <>
                          <br />
                          <Tag tone="grey">{t('queue.possibleDuplicate')}</Tag>
                        </>
                      ) : null}
                      {r.forClient ? (
                        <>
                          <br />
                          <span className="hint-inline">{r.forClient.name ? t('queue.forClient', { controller: r.forClient.name }) : t('queue.needsRoutingMark')}</span>
                        </>
                      ) : null}
                    </Cell>
                    <Cell label={label.person}>
                      {r.subjectName}
                      <br />
                      <span className="hint-inline">{r.subjectEmail}</span>
                    </Cell>
                    <Cell label={label.type}>{typeNames.get(r.type)}</Cell>
                    <Cell label={label.status} words>
                      {statusNames.get(r.status)}
                      {r.closedAt ? (
                        <>
                          <br />
                          <span className="hint-inline">{r.outcome ? `${t(`outcome.${r.outcome}`)} · ` : ''}{t('queue.closedOn', { date: r.closedAt })}</span>
                        </>
                      ) : r.received && !r.identityVerified ? (
                        <>
                          <br />
                          <span className="hint-inline">{t('queue.identityNotVerified')}</span>
                        </>
                      ) : null}
                    </Cell>
                    <Cell label={label.due} words>
                      {r.closedAt ? (
                        <span className="hint-inline">{t('queue.closed')}</span>
                      ) : r.received ? (
                        <>
                          <DueTag daysLeft={r.legalDaysLeft} urgency={r.legalUrgency} paused={r.paused} />
                          <br />
                          <span className="hint-inline">{r.dueDate}</span>
                          {r.pastTarget ? (
                            <>
                              <br />
                              <Tag tone="grey">{t('queue.pastTarget')}</Tag>
                            </>
                          ) : null}
                        </>
                      ) : (
                        <span className="hint-inline">{t('queue.notYetReceived')}</span>
                      )}
                    </Cell>
                    <Cell label={label.received} priority="low" words>
                      {r.receivedAt}
                    </Cell>
                    <Cell label={label.activity} priority="low" words>
                      {r.lastActivity}
                    </Cell>
                    <Cell label={label.assignee}>{r.assigneeName ?? label.nobody}</Cell>
                  </tr>
                ))}
              </Table>
            )}
            {d.rows.length > 0 ? (
              <fieldset className="fieldset bulk-bar">
                <legend className="legend">{t('queue.bulkHeading')}</legend>
                <Select
                  id="bulk-assignee"
                  name="assignee"
                  label={t('queue.assignTo')}
                  defaultValue=""
                  options={[
                    { value: '', label: t('queue.chooseAssignee') },
                    { value: 'me', label: t('queue.assignMe') },
                    ...d.officers.filter((o) => o.id !== d.userId).map((o) => ({ value: String(o.id), label: o.name })),
                    { value: 'none', label: t('queue.nobody') },
                  ]}
                />
                <Button>{t('queue.assignSelected')}</Button>
              </fieldset>
            ) : null}
          </Form>
          <nav className="pagination" aria-label={t('queue.pagination')}>
            {d.isLaterPage ? (
              <Link to={`?${d.params}`} className="pagination__first">
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
        </div>
      </div>
    </>
  )
}

function AssignedNotice() {
  const { t } = useTranslation('officer')
  const n = new URLSearchParams(useLocation().search).get('assigned_count')
  if (n === null) return null
  return <Notification tone="success" title={t('queue.assignedDone', { count: Number(n) })} />
}
