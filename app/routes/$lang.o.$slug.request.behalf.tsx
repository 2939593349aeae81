import { getFormProps, useForm, type FieldMetadata, type SubmissionResult } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Checkboxes, ErrorSummary, Radios, TextField } from '~/components/forms'
import { Button } from '~/components/ui'
import type { RouteHandle } from '~/components/site-chrome'
import { suggestedBehalf } from '~/domain/processor-clients'
import { behalfSchema } from '~/domain/request-form'
import { readForm, textField } from '~/web/forms.server'
import { initialValues, loadStep, stepAction } from '~/web/request-steps.server'

// A processor's form asks whether the request is about its own use of the
// data or about a call made for a client, and for which clients
// (docs/decisions/016). "Suggest" reads the number that called and roughly
// when, and ticks the clients whose campaigns used it; nothing is saved then.

export const handle: RouteHandle = { languageForm: 'step-form' }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { t, org, clients, draft, change, complete, base } = await loadStep(request, params, 'behalf')
  return {
    pageTitle: t('request:behalf.title', { org: org.name }),
    orgName: org.name,
    back: change ? (complete ? `${base}/check` : `${base}/identity?change=1`) : `${base}/identity`,
    clients: clients.map((c) => ({ key: c.key, name: c.name })),
    values: initialValues(draft, 'behalf', draft.behalf),
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await readForm(request.clone())
  if (form.get('_suggest') !== null) {
    const { org, clients } = await loadStep(request, params, 'behalf')
    const checked = form.getAll('clients').filter((v): v is string => typeof v === 'string')
    return { suggested: suggestedBehalf(clients, org.country, { callerNumber: textField(form, 'callerNumber') ?? '', calledOn: textField(form, 'calledOn') ?? '', checked }) }
  }
  return stepAction(request, params, context, 'behalf', ({ org, clients }) => behalfSchema(org, clients), (draft, value) => ({ ...draft, behalf: value }))
}

type F = FieldMetadata<string | undefined>

export default function BehalfStep() {
  const { values, back } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const suggested = result && 'suggested' in result ? result.suggested : null
  const lastResult = result && !('suggested' in result) ? (result as SubmissionResult<string[]>) : undefined
  const { t } = useTranslation('request')
  return (
    <>
      <Link to={back} className="back-link">
        {t('common:back')}
      </Link>
      {/* A suggestion starts the form again with the clients it found ticked. */}
      <BehalfForm key={suggested ? JSON.stringify(suggested.values) : 'saved'} values={suggested?.values ?? values} lastResult={lastResult} found={suggested?.found ?? null} />
    </>
  )
}

function BehalfForm({ values, lastResult, found }: { values: Record<string, unknown>; lastResult: SubmissionResult<string[]> | undefined; found: Array<{ key: string; name: string; campaign: string }> | null }) {
  const { orgName, clients } = useLoaderData<typeof loader>()
  const { t } = useTranslation('request')
  const [form, fields] = useForm<Record<string, string>>({ id: 'step-form', lastResult, defaultValue: values as Record<string, string> })
  const f = (name: string) => fields[name] as F
  const saved = values.clients
  const checked = Array.isArray(saved) ? saved.map(String) : typeof saved === 'string' ? [saved] : []
  const conditional = (
    <>
      <Checkboxes
        field={f('clients')}
        legend={t('behalf.clients', { org: orgName })}
        hint={t('behalf.clientsHint')}
        checked={checked}
        choices={[...clients.map((c) => ({ value: c.key, label: c.name })), { value: 'unknown', label: t('behalf.unknown') }]}
      />
      {found ? (
        <div className="inset" role="status">
          {found.length ? t('behalf.suggested', { clients: found.map((s) => `${s.name} (${s.campaign})`).join(', ') }) : t('behalf.noSuggestion')}
        </div>
      ) : null}
      <TextField field={f('callerNumber')} label={t('behalf.callerNumber')} hint={t('behalf.callerNumberHint')} type="tel" optional className="input--width-20" />
      <TextField field={f('calledOn')} label={t('behalf.calledOn')} hint={t('behalf.calledOnHint')} type="date" optional className="input--width-10" />
      <Button tone="secondary" name="_suggest" value="1" formNoValidate>
        {t('behalf.suggest')}
      </Button>
    </>
  )
  return (
    <>
      <ErrorSummary form={form} fields={['about', 'clients', 'callerNumber', 'calledOn'].map((name) => ({ field: f(name) }))} />
      <Form method="post" {...getFormProps(form)}>
        <span className="caption">{orgName}</span>
        <Radios
          field={f('about')}
          asHeading
          legend={t('behalf.title', { org: orgName })}
          hint={t('behalf.hint', { org: orgName })}
          choices={[
            { value: 'own', label: t('behalf.own', { org: orgName }), hint: t('behalf.ownHint', { org: orgName }) },
            { value: 'client', label: t('behalf.client', { org: orgName }), hint: t('behalf.clientHint'), conditional },
          ]}
        />
        <Button>{t('common:continue')}</Button>
      </Form>
    </>
  )
}
