import { getFormProps, useForm, type FieldMetadata } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { Button } from '~/components/ui'
import { useTranslation } from 'react-i18next'
import { ErrorSummary, Radios, TextArea } from '~/components/forms'
import type { RouteHandle } from '~/components/site-chrome'
import { detailsSchema } from '~/domain/request-form'
import { AUTOMATED_ASKS, OBJECTION_GROUNDS, SCOPES } from '~/domain/request-types'
import { initialValues, loadStep, stepAction } from '~/web/request-steps.server'

export const handle: RouteHandle = { languageForm: 'step-form' }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { t, org, draft, change, complete, base } = await loadStep(request, params, 'details')
  const type = draft.type!
  return {
    pageTitle: t(`request:details.title.${type}`),
    type,
    orgName: org.name,
    // While a change leaves the request incomplete, "check your answers" would only send the person back here.
    back: change ? (complete ? `${base}/check` : `${base}/right?change=1`) : `${base}/right`,
    values: initialValues(draft, 'details', draft.details),
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  return stepAction(request, params, context, 'details', ({ draft }) => detailsSchema(draft.type!), (draft, value) => ({ ...draft, details: value }))
}

type F = FieldMetadata<string | undefined>

export default function DetailsStep() {
  const { type, values, back, orgName } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const { t } = useTranslation('request')
  const [form, fields] = useForm<Record<string, string>>({ id: 'step-form', lastResult, defaultValue: values })
  const f = (name: string) => fields[name] as F
  const title = t(`details.title.${type}`)
  let body: React.ReactNode
  let summary: F[]
  if (type === 'access' || type === 'portability') {
    summary = [f('scope'), f('specific')]
    body = (
      <>
        <Radios
          field={f('scope')}
          asHeading
          legend={title}
          hint={t(`details.scopeHint.${type}`)}
          choices={SCOPES.map((s) => ({
            value: s,
            label: t(`details.scope.${s}`),
            // Asked only of "specific data", where it must be answered.
            conditional: s === 'specific' ? <TextArea field={f('specific')} label={t('details.specificLabel')} hint={t('details.specificHint')} /> : undefined,
          }))}
        />
      </>
    )
  } else if (type === 'objection') {
    summary = [f('ground'), f('situation')]
    body = (
      <>
        <Radios
          field={f('ground')}
          asHeading
          legend={title}
          choices={OBJECTION_GROUNDS.map((g) => ({
            value: g,
            label: t(`details.ground.${g}`),
            hint: t(`details.groundHint.${g}`),
            // Asked only of an objection because of one's particular situation, where it must be answered.
            conditional:
              g === 'particular_situation' ? <TextArea field={f('situation')} label={t('details.situationLabel')} hint={t('details.situationHint')} /> : undefined,
          }))}
        />
      </>
    )
  } else if (type === 'automated_decision') {
    summary = [f('decision'), f('ask'), f('view')]
    body = (
      <>
        <h1>{title}</h1>
        <TextArea field={f('decision')} label={t('details.automated.decisionLabel')} hint={t('details.automated.decisionHint')} />
        <Radios
          field={f('ask')}
          legend={t('details.automated.askLegend')}
          choices={AUTOMATED_ASKS.map((a) => ({ value: a, label: t(`details.automated.ask.${a}`), hint: t(`details.automated.askHint.${a}`) }))}
        />
        <TextArea field={f('view')} label={t('details.automated.viewLabel')} hint={t('details.automated.viewHint')} optional />
      </>
    )
  } else {
    const [a, b] = type === 'rectification' ? (['wrong', 'correct'] as const) : (['what', 'why'] as const)
    summary = [f(a), f(b)]
    body = (
      <>
        <h1>{title}</h1>
        <TextArea field={f(a)} label={t(`details.${type}.${a}Label`)} hint={t(`details.${type}.${a}Hint`)} />
        <TextArea field={f(b)} label={t(`details.${type}.${b}Label`)} hint={t(`details.${type}.${b}Hint`)} />
      </>
    )
  }
  return (
    <>
      <Link to={back} className="back-link">
        {t('common:back')}
      </Link>
      <ErrorSummary form={form} fields={summary.map((field) => ({ field }))} />
      <Form method="post" {...getFormProps(form)}>
        <span className="caption">{orgName}</span>
        {body}
        <Button>{t('common:continue')}</Button>
      </Form>
    </>
  )
}
