import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { ErrorSummary, TextArea, TextField } from '~/components/forms'
import { Button, ButtonLink, Notification, SummaryList } from '~/components/ui'
import { PLACEHOLDERS } from '~/domain/templates'
import { deleteTemplate, getTemplate, orgTemplates, saveTemplate, templateSchema } from '~/domain/templates.server'
import { ActionRefusedError } from '~/domain/requests.server'
import { fixedT } from '~/i18n/i18n'
import { LANGUAGE_NAMES, LANGUAGES } from '~/vocabulary'
import { requirePermission } from '~/web/auth.server'
import { idField, readForm, textField } from '~/web/forms.server'
import { notFound } from '~/web/http.server'

// An organisation's reply templates: its admins keep reusable texts for
// messages and answers, one per language, with {{name}}, {{reference}} and
// {{deadline}} filled in when an officer picks one.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { org, lang } = await requirePermission(request, params, 'templates.manage')
  const db = getDb()
  const url = new URL(request.url)
  const edit = url.searchParams.get('edit')
  const editing = edit === 'new' ? null : edit ? getTemplate(db, { orgId: org.id, id: Number(edit) }) : undefined
  if (edit && edit !== 'new' && !editing) notFound()
  return {
    pageTitle: fixedT(lang, 'officer')('templates.title'),
    lang,
    orgName: org.name,
    done: ['saved', 'deleted'].includes(url.searchParams.get('done') ?? '') ? url.searchParams.get('done') : null,
    templates: orgTemplates(db, org.id).map((t) => ({ id: t.id, title: t.title, languages: LANGUAGES.filter((l) => t.bodies[l]) })),
    form:
      edit === null
        ? null
        : {
            id: editing?.id ?? null,
            values: { title: editing?.title ?? '', ...Object.fromEntries(LANGUAGES.map((l) => [`body_${l}`, editing?.bodies[l] ?? ''])) },
          },
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, lang } = await requirePermission(request, params, 'templates.manage')
  const db = getDb()
  const form = await readForm(request)
  const id = idField(form, 'id')
  if (textField(form, 'intent') === 'delete') {
    if (id === undefined || !deleteTemplate(db, user, id)) notFound()
    throw redirect(`/${lang}/officer/templates?done=deleted`)
  }
  const submission = parseWithZod(form, { schema: templateSchema })
  if (submission.status !== 'success') return { result: submission.reply() }
  let saved
  try {
    saved = saveTemplate(db, user, { ...submission.value, id })
  } catch (error) {
    if (error instanceof ActionRefusedError) return { result: submission.reply({ formErrors: [`officer:errors.${error.code}`] }) }
    throw error
  }
  if (!saved.ok) notFound()
  throw redirect(`/${lang}/officer/templates?done=saved`)
}

export default function Templates() {
  const d = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const { t } = useTranslation('officer')
  return (
    <>
      <span className="caption">{d.orgName}</span>
      <h1>{t('templates.title')}</h1>
      {d.done ? <Notification tone="success" title={t(`templates.done.${d.done}`)} /> : null}
      <p>{t('templates.lead', { placeholders: PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ') })}</p>
      {d.form ? (
        <TemplateForm key={d.form.id ?? 'new'} id={d.form.id} values={d.form.values} lastResult={data?.result} lang={d.lang} />
      ) : (
        <p>
          <ButtonLink to="?edit=new" tone="primary">
            {t('templates.add')}
          </ButtonLink>
        </p>
      )}
      <h2>{t('templates.listHeading')}</h2>
      {d.templates.length === 0 ? (
        <p>{t('templates.empty')}</p>
      ) : (
        <SummaryList
          rows={d.templates.map((tpl) => ({
            id: String(tpl.id),
            key: tpl.title,
            value: tpl.languages.map((l) => LANGUAGE_NAMES[l]).join(', '),
            action: (
              <>
                <Link to={`?edit=${tpl.id}`}>
                  {t('templates.edit')}
                  <span className="visually-hidden"> {tpl.title}</span>
                </Link>
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="delete" />
                  <input type="hidden" name="id" value={tpl.id} />
                  <button type="submit" className="link-button">
                    {t('templates.delete')}
                    <span className="visually-hidden"> {tpl.title}</span>
                  </button>
                </Form>
              </>
            ),
          }))}
        />
      )}
    </>
  )
}

function TemplateForm({ id, values, lastResult, lang }: { id: number | null; values: Record<string, string>; lastResult?: SubmissionResult<string[]>; lang: string }) {
  const { t } = useTranslation('officer')
  const [form, fields] = useForm<Record<string, string>>({ id: 'template', lastResult, defaultValue: values })
  return (
    <section aria-labelledby="template-heading" className="action-panel reading-width">
      <ErrorSummary form={form} fields={[{ field: fields.title! }, ...LANGUAGES.map((l) => ({ field: fields[`body_${l}`]! }))]} />
      <h2 id="template-heading">{t(id ? 'templates.editHeading' : 'templates.addHeading')}</h2>
      <Form method="post" {...getFormProps(form)}>
        {id ? <input type="hidden" name="id" value={id} /> : null}
        <TextField field={fields.title!} label={t('templates.titleLabel')} hint={t('templates.titleHint')} />
        {LANGUAGES.map((l) => (
          <TextArea key={l} field={fields[`body_${l}`]!} label={t('templates.bodyLabel', { language: LANGUAGE_NAMES[l] })} optional rows={5} hint={l === lang ? t('templates.bodyHint') : undefined} />
        ))}
        <div className="button-group">
          <Button>{t('templates.save')}</Button>
          <ButtonLink to="?">{t('request.cancelAction')}</ButtonLink>
        </div>
      </Form>
    </section>
  )
}
