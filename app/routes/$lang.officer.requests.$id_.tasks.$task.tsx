import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useLocation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { Button, ErrorList, Notification, Radio, Select, SummaryList, Tag } from '~/components/ui'
import { AssistanceError, completeTask, taskPageView, type TaskInput } from '~/domain/assistance.server'
import type { CollectionError } from '~/domain/collected-data'
import { ActionRefusedError, RequestNotFoundError } from '~/domain/requests.server'
import { fixedT } from '~/i18n/i18n'
import { now } from '~/utils/clock'
import { requirePermission } from '~/web/auth.server'
import { readForm, textField } from '~/web/forms.server'
import { idParam, notFound } from '~/web/http.server'
import requestStyles from '~/styles/officer-requests.css?url'

// A processor carries out one of its client's instructions about a request
// (GDPR Art. 28(3)(e)): an export uploaded for the controller, an erasure
// confirmed per data category, the person's numbers put on the do-not-call
// list, or "we hold nothing" confirmed. The controller is told what was done.

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: requestStyles }]

function view(params: { id?: string; task?: string }, q: { org: Parameters<typeof taskPageView>[1]['org']; lang: Parameters<typeof taskPageView>[1]['lang'] }) {
  try {
    return taskPageView(getDb(), { org: q.org, requestId: idParam(params.id), taskId: idParam(params.task), lang: q.lang, now: now() })
  } catch (error) {
    if (error instanceof RequestNotFoundError) notFound()
    throw error
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { org, lang } = await requirePermission(request, params, 'requests.read')
  const d = view(params, { org, lang })
  const t = fixedT(lang, 'officer')
  return { ...d, lang, pageTitle: t('assistance.pageTitle', { task: t(`assistance.kind.${d.task.kind}`), reference: d.reference }) }
}

type Failed = { status: 'error'; error: CollectionError | { key: string; values?: Record<string, string | number> } }

/** Numbers typed one per line (or separated by commas), at most 20, each of plausible length. */
function numbersOf(text: string | undefined): string[] | null {
  const numbers = (text ?? '').split(/[\n,;]/).map((n) => n.trim()).filter(Boolean)
  if (numbers.length > 20 || numbers.some((n) => n.length > 40 || !/^[+0-9 ()./-]+$/.test(n))) return null
  return numbers
}

export async function action({ request, params }: ActionFunctionArgs): Promise<Failed | Response> {
  const { user, org, lang } = await requirePermission(request, params, 'requests.work')
  const d = view(params, { org, lang })
  const form = await readForm(request)
  const fail = (key: string): Failed => ({ status: 'error', error: { key } })
  if (d.task.done) return fail('officer:assistance.errors.taskDone')
  let input: TaskInput
  switch (d.task.kind) {
    case 'export': {
      const file = form.get('file')
      if (!(file instanceof File) || file.size === 0) return fail('officer:collect.errors.noFile')
      input = { kind: 'export', filename: file.name, bytes: new Uint8Array(await file.arrayBuffer()), category: textField(form, 'category') || undefined }
      break
    }
    case 'erase': {
      const categories = form.getAll('categories')
      if (categories.some((c) => typeof c !== 'string')) return fail('officer:assistance.errors.unknownCategory')
      input = { kind: 'erase', categories: categories as string[] }
      break
    }
    case 'stop_calling': {
      const numbers = numbersOf(textField(form, 'otherNumbers'))
      if (!numbers) return fail('officer:assistance.errors.badNumbers')
      input = { kind: 'stop_calling', otherNumbers: numbers }
      break
    }
    default: {
      const held = textField(form, 'held')
      if (held !== 'none' && held !== 'some') return fail('officer:assistance.errors.heldRequired')
      const rows = textField(form, 'rows')
      const count = rows && /^\d{1,7}$/.test(rows) ? Number(rows) : undefined
      if (held === 'some' && !count) return fail('officer:assistance.errors.rowsRequired')
      input = { kind: 'nothing_held', held: held === 'some', rows: count }
    }
  }
  try {
    const done = completeTask(getDb(), { orgId: org.id, requestId: d.requestId, officerId: user.id, taskId: d.task.id }, input)
    if (!done.ok) return { status: 'error', error: done.error }
    return redirect(`/${lang}/officer/requests/${d.requestId}/tasks/${d.task.id}?done=1`)
  } catch (error) {
    if (error instanceof RequestNotFoundError) notFound()
    if (error instanceof AssistanceError) return fail(`officer:assistance.errors.${error.code}`)
    if (error instanceof ActionRefusedError) return fail(`officer:errors.${error.code}`)
    throw error
  }
}

/** Where an error summary's link goes: the form's first field. */
const FIRST_FIELD: Record<string, string> = { export: '#task-file', stop_calling: '#task-numbers', nothing_held: '#held-none', erase: '#erase-legend' }

export default function TaskPage() {
  const d = useLoaderData<typeof loader>()
  const failed = useActionData<typeof action>()
  const { t } = useTranslation(['officer', 'collection'])
  const done = new URLSearchParams(useLocation().search).get('done') === '1'
  const requestHref = `/${d.lang}/officer/requests/${d.requestId}`
  const kind = t(`assistance.kind.${d.task.kind}`)
  const errorText = failed ? String(t(failed.error.key, 'values' in failed.error ? failed.error.values : undefined)) : null
  return (
    <>
      <Link to={requestHref} className="back-link">
        {t('assistance.back', { reference: d.reference })}
      </Link>
      {errorText ? <ErrorList items={[{ text: errorText, href: FIRST_FIELD[d.task.kind] ?? '#task-form' }]} /> : null}
      {done ? <Notification tone="success" title={t('assistance.doneNotice', { controller: d.client })} /> : null}
      <span className="caption">{d.client}</span>
      <h1>{t('assistance.pageTitle', { task: kind, reference: d.reference })}</h1>
      <p>{t(`assistance.kindHint.${d.task.kind}`)}</p>
      <SummaryList
        rows={[
          { key: t('assistance.givenBy'), value: `${d.client} (${d.task.given})` },
          { key: t('assistance.dueLabel'), value: d.task.due },
          {
            key: t('assistance.status'),
            value: d.task.done ? (
              <>
                <Tag tone="good">{t('assistance.doneAt', { at: d.task.done })}</Tag>
                {d.task.doneBy ? <p className="hint">{t('assistance.doneBy', { name: d.task.doneBy })}</p> : null}
                {d.task.result.map((l) => (
                  <p className="hint" key={l.key}>
                    {t(l.key, l.values)}
                  </p>
                ))}
              </>
            ) : d.task.daysLeft < 0 ? (
              <Tag tone="bad">{t('assistance.overdue')}</Tag>
            ) : (
              <Tag tone="neutral">{t('assistance.open')}</Tag>
            ),
          },
        ]}
      />
      {d.task.done ? null : (
        <section aria-labelledby="task-form-heading" className="case-panel" id="task-form">
          <h2 id="task-form-heading">{t('assistance.formHeading')}</h2>
          <TaskForm />
        </section>
      )}
    </>
  )
}

function TaskForm() {
  const d = useLoaderData<typeof loader>()
  const { t } = useTranslation(['officer', 'collection'])
  switch (d.task.kind) {
    case 'export':
      return (
        <Form method="post" encType="multipart/form-data">
          <p>{t(d.onPortal ? 'assistance.exportToQueue' : 'assistance.exportToLink', { controller: d.client })}</p>
          <div className="form-group">
            <label className="label" htmlFor="task-file">
              {t('collect.file')}
            </label>
            <div className="hint" id="task-file-hint">
              {t('collect.fileHint')}
            </div>
            <input className="file-upload" type="file" id="task-file" name="file" accept=".csv,.json,text/csv,application/json" aria-describedby="task-file-hint" />
          </div>
          <Select
            id="task-category"
            name="category"
            label={t('collect.category')}
            hint={t('assistance.exportCategoryHint', { controller: d.client })}
            options={[{ value: '', label: t('collect.categoryFromFile') }, ...d.exportCategories.map((c) => ({ value: c.key, label: c.name }))]}
          />
          <Button>{t('assistance.submit.export')}</Button>
        </Form>
      )
    case 'erase':
      return (
        <Form method="post">
          <fieldset className="fieldset" aria-describedby="erase-hint">
            <legend className="legend" id="erase-legend" tabIndex={-1}>
              {t('assistance.eraseLegend')}
            </legend>
            <div className="hint" id="erase-hint">
              {t('assistance.eraseHint')}
            </div>
            {d.eraseCategories.map((c) => (
              <div className="checkbox" key={c.key}>
                <input type="checkbox" id={`erase-${c.key}`} name="categories" value={c.key} />
                <label htmlFor={`erase-${c.key}`}>{c.name}</label>
              </div>
            ))}
          </fieldset>
          <Button>{t('assistance.submit.erase')}</Button>
        </Form>
      )
    case 'stop_calling':
      return (
        <Form method="post">
          <p>{d.phones.length ? t('assistance.phonesListed', { phones: d.phones.join(', ') }) : t('assistance.noPhones')}</p>
          <div className="form-group">
            <label className="label" htmlFor="task-numbers">
              {t('assistance.otherNumbers')}
            </label>
            <div className="hint" id="task-numbers-hint">
              {t('assistance.otherNumbersHint')}
            </div>
            <textarea className="textarea" id="task-numbers" name="otherNumbers" rows={3} aria-describedby="task-numbers-hint" />
          </div>
          <Button>{t('assistance.submit.stop_calling')}</Button>
        </Form>
      )
    default:
      return (
        <Form method="post">
          <fieldset className="fieldset">
            <legend className="legend">{t('assistance.heldLegend')}</legend>
            <div className="radios">
              <Radio id="held-none" name="held" value="none" label={t('assistance.heldNone')} />
              <Radio id="held-some" name="held" value="some" label={t('assistance.heldSome')} />
            </div>
          </fieldset>
          <div className="form-group">
            <label className="label" htmlFor="task-rows">
              {t('assistance.heldRows')}
            </label>
            <div className="hint" id="task-rows-hint">
              {t('assistance.heldRowsHint')}
            </div>
            <input className="input input--width-5" type="text" inputMode="numeric" id="task-rows" name="rows" aria-describedby="task-rows-hint" />
          </div>
          <Button>{t('assistance.submit.nothing_held')}</Button>
        </Form>
      )
  }
}
