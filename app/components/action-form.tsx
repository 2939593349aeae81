import { getFormProps, useForm, type FieldMetadata, type SubmissionResult } from '@conform-to/react'
import { Form, Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Checkboxes, ErrorSummary, Radios, TextArea } from '~/components/forms'
import { Button, ButtonLink, Select } from '~/components/ui'
import type { ActionFormSpec, FieldSpec, Text } from '~/domain/action-types'

// One component for every action of the catalogue (app/domain/actions.server.ts):
// it draws the fields the action declares, the template picker where the
// action writes to the person, and the error summary of this submission only.

export function useText() {
  const { t } = useTranslation('officer')
  return (text: Text | undefined) => (text === undefined ? undefined : 'text' in text ? text.text : t(text.key, text.values))
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Field = FieldMetadata<any, any, any>

/** `pageHref`: the request page the form belongs to; the form posts to its ?do= address, Cancel goes back to it. */
export function ActionForm({ spec, lastResult, pageHref }: { spec: ActionFormSpec; lastResult?: SubmissionResult<string[]>; pageHref: string }) {
  const { t } = useTranslation('officer')
  const text = useText()
  const [form, fields] = useForm<Record<string, string | string[]>>({ id: `${spec.id}-form`, lastResult, defaultValue: spec.values, shouldValidate: 'onSubmit' })
  const named = spec.fields.filter((f): f is Extract<FieldSpec, { name: string }> => 'name' in f)
  const single = (name: string) => {
    const v = spec.values[name]
    return Array.isArray(v) ? v[0] : v
  }
  const field = (name: string) => fields[name] as Field
  // After a refused submission, what the officer sent (nothing checked included), so no choice is lost; else the action's own values.
  const chosen = (name: string): string[] => {
    const v = lastResult ? (field(name).initialValue as string | string[] | undefined) : spec.values[name]
    return Array.isArray(v) ? v : v ? [v] : []
  }
  const headingId = `${spec.id}-heading`
  // A template just inserted comes back in the submission's values; else the one the page was opened with.
  const returned = lastResult?.initialValue?.templateId
  const templateId = typeof returned === 'string' && returned ? returned : single('templateId')
  return (
    <section aria-labelledby={headingId} className="action-panel">
      <ErrorSummary form={form} fields={named.map((f) => ({ field: field(f.name) }))} />
      <h2 id={headingId}>{t(`actions.${spec.id}.heading`)}</h2>
      <Form method="post" action={`${pageHref}?do=${spec.id}`} {...getFormProps(form)}>
        <input type="hidden" name="intent" value={spec.id} />
        {templateId ? <input type="hidden" name="templateId" value={templateId} /> : null}
        {spec.templates.length > 0 ? (
          // Part of the action's own form, so what the officer typed goes along and the template's text is added after it, never in its place.
          <div className="template-picker">
            <Select
              id={`${spec.id}-template`}
              name="template"
              label={t('templates.pick')}
              hint={t('templates.pickHint')}
              defaultValue={templateId ?? ''}
              options={[{ value: '', label: t('templates.none') }, ...spec.templates.map((tpl) => ({ value: String(tpl.id), label: tpl.title }))]}
            />
            <Button tone="secondary" name="insertTemplate" value="1" formNoValidate>
              {t('templates.use')}
            </Button>
          </div>
        ) : null}
        {spec.fields.map((f, i) => {
          switch (f.kind) {
            case 'notice':
              return (
                <p key={i} className="inset">
                  {text(f.text)}
                </p>
              )
            case 'textarea':
              return <TextArea key={f.name} field={field(f.name)} label={text(f.label)!} hint={text(f.hint)} optional={f.optional} rows={f.rows} />
            case 'radios':
              return (
                <Radios
                  key={f.name}
                  field={field(f.name)}
                  legend={text(f.legend)!}
                  hint={text(f.hint)}
                  choices={f.choices.map((c) => ({ value: c.value, label: text(c.label)!, hint: text(c.hint) }))}
                />
              )
            case 'checkboxes':
              return (
                <Checkboxes
                  key={f.name}
                  field={field(f.name)}
                  legend={text(f.legend)!}
                  hint={text(f.hint)}
                  choices={f.choices.map((c) => ({ value: c.value, label: text(c.label)!, hint: text(c.hint) }))}
                  checked={chosen(f.name)}
                />
              )
            case 'documents':
              return (
                <div key={i} className="documents">
                  <h3>{text(f.heading)}</h3>
                  {f.items.length === 0 ? (
                    <p>{text(f.empty)}</p>
                  ) : (
                    <ul>
                      {f.items.map((item) => (
                        <li key={item.path}>
                          <Link to={`${pageHref}/${item.path}`} reloadDocument target="_blank" rel="noopener">
                            {text(item.label)}
                          </Link>
                          {item.meta ? <span className="hint"> {text(item.meta)}</span> : null}
                        </li>
                      ))}
                    </ul>
                  )}
                </div>
              )
            case 'select':
              return (
                <div className="form-group" key={f.name}>
                  <label className="label" htmlFor={field(f.name).id}>
                    {text(f.label)}
                  </label>
                  {f.hint ? <div className="hint">{text(f.hint)}</div> : null}
                  <select className="select" id={field(f.name).id} name={f.name} defaultValue={chosen(f.name)[0] ?? ''}>
                    {f.choices.map((c) => (
                      <option key={c.value} value={c.value}>
                        {text(c.label)}
                      </option>
                    ))}
                  </select>
                </div>
              )
          }
        })}
        <div className="button-group">
          <Button tone={spec.tone}>{t(`actions.${spec.id}.submit`)}</Button>
          <ButtonLink to={pageHref} tone="secondary">
            {t('request.cancelAction')}
          </ButtonLink>
        </div>
      </Form>
    </section>
  )
}
