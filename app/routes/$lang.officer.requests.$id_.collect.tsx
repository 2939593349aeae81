import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useLocation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { Button, Cell, ErrorList, Notification, Select, Table, Tag } from '~/components/ui'
import {
  acceptAllPreviews,
  acceptCollected,
  AnswerTooLargeError,
  collectionView,
  discardAllPreviews,
  discardCollected,
  restoreWithheld,
  stageAllConnectors,
  stageConnector,
  stageUpload,
  withholdCollected,
} from '~/domain/answers.server'
import type { CollectionError } from '~/domain/collected-data'
import { TransitionError } from '~/domain/lifecycle'
import { ActionRefusedError, RequestNotFoundError } from '~/domain/requests.server'
import { fixedT } from '~/i18n/i18n'
import { WITHHOLD_REASONS } from '~/vocabulary'
import { requirePermission } from '~/web/auth.server'
import { idField, readForm, textField } from '~/web/forms.server'
import { idParam, notFound } from '~/web/http.server'
import requestStyles from '~/styles/officer-requests.css?url'

// Collecting what the organisation holds about the person: an export from its
// own system uploaded, or one of its connectors run with the request's
// identifiers. Everything is previewed here first; only what the officer
// accepts goes into the answer.

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: requestStyles }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { org, lang } = await requirePermission(request, params, 'requests.read')
  try {
    const view = collectionView(getDb(), { org, requestId: idParam(params.id), lang })
    return { ...view, id: idParam(params.id), lang, pageTitle: fixedT(lang, 'officer')('collect.title', { reference: view.reference }) }
  } catch (error) {
    if (error instanceof RequestNotFoundError) notFound()
    throw error
  }
}

type Failed = { status: 'error'; error: CollectionError | { key: string }; staged?: number }

export async function action({ request, params }: ActionFunctionArgs): Promise<Failed | Response> {
  const { user, org, lang } = await requirePermission(request, params, 'requests.work')
  const id = idParam(params.id)
  const db = getDb()
  const form = await readForm(request)
  const a = { orgId: org.id, requestId: id, officerId: user.id }
  const back = (done: string) => redirect(`/${lang}/officer/requests/${id}/collect?done=${done}`)
  const fail = (key: string): Failed => ({ status: 'error', error: { key } })
  try {
    switch (form.get('intent')) {
      case 'upload': {
        const file = form.get('file')
        if (!(file instanceof File) || file.size === 0) return fail('officer:collect.errors.noFile')
        const staged = stageUpload(db, { ...a, filename: file.name, bytes: new Uint8Array(await file.arrayBuffer()), category: textField(form, 'category') || undefined })
        return staged.ok ? back('staged') : { status: 'error', error: staged.error }
      }
      case 'connector': {
        // The connector's place in the organisation's list; anything but a plain number names none.
        const connector = /^\d{1,4}$/.test(textField(form, 'connector') ?? '') ? Number(textField(form, 'connector')) : -1
        const staged = await stageConnector(db, { ...a, connector })
        return staged.ok ? back('staged') : { status: 'error', error: staged.error }
      }
      case 'connectorAll': {
        const staged = await stageAllConnectors(db, a)
        // What the others returned is kept and previewed; the first failure is said, with the rest counted.
        if (staged.failed.length > 0) return { status: 'error', error: staged.failed[0]!, staged: staged.ids.length }
        return back('stagedAll')
      }
      case 'acceptAll':
        acceptAllPreviews(db, a)
        return back('acceptedAll')
      case 'discardAll':
        discardAllPreviews(db, a)
        return back('discardedAll')
      case 'accept':
        acceptCollected(db, { ...a, ids: [idField(form, 'collected') ?? notFound()] })
        return back('accepted')
      case 'withhold': {
        const row = /^\d{1,6}$/.test(textField(form, 'row') ?? '') ? Number(textField(form, 'row')) : 0
        const reason = WITHHOLD_REASONS.find((r) => r === textField(form, 'reason'))
        if (!reason) return fail('officer:collect.errors.withholdReason')
        const column = textField(form, 'column')
        const done = withholdCollected(db, { ...a, id: idField(form, 'collected') ?? notFound(), row, reason, ...(column ? { column } : {}) })
        return done.ok ? back('withheld') : { status: 'error', error: done.error }
      }
      case 'restore':
        restoreWithheld(db, { ...a, id: idField(form, 'collected') ?? notFound() })
        return back('restored')
      case 'discard':
        discardCollected(db, { ...a, id: idField(form, 'collected') ?? notFound() })
        return back('discarded')
      default:
        return fail('officer:collect.errors.unknownIntent')
    }
  } catch (error) {
    if (error instanceof RequestNotFoundError) notFound()
    if (error instanceof AnswerTooLargeError) return { status: 'error', error: error.error }
    if (error instanceof TransitionError) return fail('officer:errors.notAllowed')
    if (error instanceof ActionRefusedError) return fail(`officer:errors.${error.code}`)
    throw error
  }
}

const DONE = ['staged', 'accepted', 'discarded', 'withheld', 'restored', 'stagedAll', 'acceptedAll', 'discardedAll']

export default function Collect() {
  const d = useLoaderData<typeof loader>()
  const failed = useActionData<typeof action>()
  const { t } = useTranslation(['officer', 'collection'])
  const done = new URLSearchParams(useLocation().search).get('done')
  const requestHref = `/${d.lang}/officer/requests/${d.id}`
  const errorText = failed ? String(t(failed.error.key, 'values' in failed.error ? failed.error.values : undefined)) : null
  const previews = d.entries.filter((e) => !e.accepted)
  return (
    <>
      <Link to={requestHref} className="back-link">
        {t('collect.back', { reference: d.reference })}
      </Link>
      {errorText ? <ErrorList items={[{ text: errorText, href: '#collect-upload' }, ...(failed?.staged ? [{ text: t('collect.all.partly', { count: failed.staged }), href: '#collect-previews' }] : [])]} /> : null}
      {done && DONE.includes(done) ? <Notification tone="success" title={t(`collect.done.${done}`)} /> : null}
      <span className="caption">{t(`request:types.${d.type}.name`)}</span>
      <h1>{t('collect.title', { reference: d.reference })}</h1>
      <p>{t('collect.lead')}</p>
      {d.identityChecked ? null : <Notification tone="warning" title={t('errors.identityNotVerified')} />}

      <div className="case-layout">
        <div className="case-layout__side">
          <section aria-labelledby="upload-heading" className="case-panel" id="collect-upload">
            <h2 id="upload-heading">{t('collect.uploadHeading')}</h2>
            <Form method="post" encType="multipart/form-data">
              <input type="hidden" name="intent" value="upload" />
              <div className="form-group">
                <label className="label" htmlFor="collect-file">
                  {t('collect.file')}
                </label>
                <div className="hint" id="collect-file-hint">
                  {t('collect.fileHint')}
                </div>
                <input className="file-upload" type="file" id="collect-file" name="file" accept=".csv,.json,.pdf,.jpg,.jpeg,.png,text/csv,application/json,application/pdf,image/jpeg,image/png" aria-describedby="collect-file-hint" />
              </div>
              <Select
                id="collect-category"
                name="category"
                label={t('collect.category')}
                hint={t('collect.categoryHint')}
                options={[{ value: '', label: t('collect.categoryFromFile') }, ...d.categories.map((c) => ({ value: c.key, label: c.name }))]}
              />
              <Button tone="secondary">{t('collect.uploadSubmit')}</Button>
            </Form>
          </section>

          {d.connectors.length > 0 ? (
            <section aria-labelledby="connectors-heading" className="case-panel">
              <h2 id="connectors-heading">{t('collect.connectorsHeading')}</h2>
              <Form method="post">
                <input type="hidden" name="intent" value="connectorAll" />
                <p className="hint">{t('collect.all.hint', { count: d.connectors.reduce((n, c) => n + c.categories.length, 0) })}</p>
                <Button disabled={!d.identityChecked}>{t('collect.all.submit')}</Button>
              </Form>
              <ul className="action-list">
                {d.connectors.map((c) => (
                  <li key={c.index}>
                    <Form method="post">
                      <input type="hidden" name="intent" value="connector" />
                      <input type="hidden" name="connector" value={c.index} />
                      <p>
                        {t(`collect.connector.${c.kind}`)}: {c.categories.join(', ')}
                      </p>
                      <Button tone="secondary" disabled={!d.identityChecked}>
                        {t('collect.runConnector')}
                      </Button>
                    </Form>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </div>

        <div className="case-layout__main">
          {!d.closed && previews.length > 0 ? (
            <section aria-labelledby="previews-heading" className="case-panel" id="collect-previews">
              <h2 id="previews-heading">{t('collect.all.heading', { count: previews.length })}</h2>
              <ul className="list">
                {previews.map((e) => (
                  <li key={e.id}>
                    <a href={`#collected-${e.id}`}>{e.categoryName}</a>: {t('collect.all.rows', { count: e.rowCount })}
                    {e.files.length > 0 ? `, ${t('collect.all.files', { count: e.files.length })}` : ''}
                  </li>
                ))}
              </ul>
              <div className="button-group">
                <Form method="post">
                  <input type="hidden" name="intent" value="acceptAll" />
                  <Button>{t('collect.all.accept', { count: previews.length })}</Button>
                </Form>
                <Form method="post">
                  <input type="hidden" name="intent" value="discardAll" />
                  <Button tone="secondary">{t('collect.all.discard')}</Button>
                </Form>
              </div>
            </section>
          ) : null}
          <h2>{t('collect.collectedHeading')}</h2>
          {d.entries.length === 0 ? <p>{t('collect.nothingYet')}</p> : null}
          {d.entries.map((e) => (
            <section key={e.id} aria-labelledby={`collected-${e.id}`} className="collected">
              <h3 id={`collected-${e.id}`}>
                {e.categoryName} <Tag tone={e.accepted ? 'good' : 'wait'}>{t(e.accepted ? 'collect.accepted' : 'collect.preview')}</Tag>
              </h3>
              {e.rowCount > 0 || e.files.length === 0 ? <p className="hint">{t('collect.rowsFrom', { count: e.rowCount, source: t(`collect.source.${e.source}`) })}</p> : null}
              {e.files.length > 0 ? (
                <>
                  <p>{t('collect.files', { count: e.files.length })}</p>
                  <ul className="list">
                    {e.files.map((f, i) => (
                      <li key={i}>{t('collect.fileItem', { name: f.name, type: t(`collect.fileType.${f.contentType}`), size: Math.max(1, Math.round(f.size / 1024)) })}</li>
                    ))}
                  </ul>
                </>
              ) : null}
              {e.columns.length > 0 ? (
                <Table caption={e.categoryName} columns={[{ key: '#', label: t('collect.withhold.rowNumber') }, ...e.columns.map((c) => ({ key: c, label: c }))]}>
                  {e.sample.map((row, i) => (
                    <tr key={i}>
                      <Cell label={t('collect.withhold.rowNumber')}>{i + 1}</Cell>
                      {row.map((value, j) => (
                        <Cell key={j} label={e.columns[j]!}>
                          {e.sampleWithheld[i]?.[j] ? <Tag tone="wait">{t('collect.withhold.leftOutTag')}</Tag> : null} {value}
                        </Cell>
                      ))}
                    </tr>
                  ))}
                </Table>
              ) : null}
              {e.leftOut.rows + e.leftOut.cells > 0 ? (
                <p className="hint">
                  {t('collect.withhold.summary', {
                    rows: t('collect.withhold.rows', { count: e.leftOut.rows }),
                    cells: t('collect.withhold.cells', { count: e.leftOut.cells }),
                    reasons: e.leftOut.reasons.map((r) => t(`collect.withhold.reasons.${r}`)).join(', '),
                  })}
                </p>
              ) : null}
              {d.closed || e.rowCount === 0 ? null : (
                <details className="withhold">
                  <summary>{t('collect.withhold.heading')}</summary>
                  <p className="hint">{t('collect.withhold.lead')}</p>
                  <Form method="post">
                    <input type="hidden" name="intent" value="withhold" />
                    <input type="hidden" name="collected" value={e.id} />
                    <div className="form-group">
                      <label className="label" htmlFor={`withhold-row-${e.id}`}>
                        {t('collect.withhold.row')}
                      </label>
                      <div className="hint" id={`withhold-row-hint-${e.id}`}>
                        {t('collect.withhold.rowHint', { max: e.rowCount })}
                      </div>
                      <input className="input input--width-10" type="number" inputMode="numeric" min={1} max={e.rowCount} id={`withhold-row-${e.id}`} name="row" aria-describedby={`withhold-row-hint-${e.id}`} required />
                    </div>
                    <Select
                      id={`withhold-column-${e.id}`}
                      name="column"
                      label={t('collect.withhold.column')}
                      options={[{ value: '', label: t('collect.withhold.wholeRow') }, ...e.columns.map((c) => ({ value: c, label: c }))]}
                    />
                    <Select id={`withhold-reason-${e.id}`} name="reason" label={t('collect.withhold.reason')} options={d.withholdReasons.map((r) => ({ value: r, label: t(`collect.withhold.reasons.${r}`) }))} />
                    <Button tone="secondary">{t('collect.withhold.submit')}</Button>
                  </Form>
                  {e.leftOut.rows + e.leftOut.cells > 0 ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="restore" />
                      <input type="hidden" name="collected" value={e.id} />
                      <Button tone="secondary">{t('collect.withhold.restore')}</Button>
                    </Form>
                  ) : null}
                </details>
              )}
              {e.rowCount > e.sample.length ? <p className="hint">{t('collect.moreRows', { count: e.rowCount - e.sample.length })}</p> : null}
              {d.closed ? null : (
                <div className="button-group">
                  {e.accepted ? null : (
                    <Form method="post">
                      <input type="hidden" name="intent" value="accept" />
                      <input type="hidden" name="collected" value={e.id} />
                      <Button>{t('collect.accept')}</Button>
                    </Form>
                  )}
                  <Form method="post">
                    <input type="hidden" name="intent" value="discard" />
                    <input type="hidden" name="collected" value={e.id} />
                    <Button tone="secondary">{t(e.accepted ? 'collect.remove' : 'collect.discard')}</Button>
                  </Form>
                </div>
              )}
            </section>
          ))}
          <p>
            <Link to={`${requestHref}?do=answer`}>{t('collect.toAnswer')}</Link>
          </p>
        </div>
      </div>
    </>
  )
}
