import { getFormProps, useForm, type FieldMetadata } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ErrorSummary, TextField } from '~/components/forms'
import type { RouteHandle } from '~/components/site-chrome'
import { localizeText } from '~/domain/languages'
import { Button, OrgText } from '~/components/ui'
import { identitySchema } from '~/domain/request-form'
import { initialValues, loadStep, stepAction } from '~/web/request-steps.server'

export const handle: RouteHandle = { languageForm: 'step-form' }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { t, org, draft, change, complete, base, lang } = await loadStep(request, params, 'identity')
  return {
    pageTitle: t('request:identity.title'),
    orgName: org.name,
    back: change ? (complete ? `${base}/check` : `${base}/details?change=1`) : `${base}/details`,
    identifiers: org.profile.identifiers.map((id) => ({
      name: `id_${id.key}`,
      label: localizeText(id.label, lang),
      hint: id.hint ? localizeText(id.hint, lang) : null,
      required: id.required,
    })),
    values: initialValues(draft, 'identity', draft.identity),
    lang,
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  return stepAction(request, params, context, 'identity', ({ org }) => identitySchema(org), (draft, value) => ({ ...draft, identity: value }))
}

type F = FieldMetadata<string | undefined>

export default function IdentityStep() {
  const { values, back, orgName, identifiers, lang } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const { t } = useTranslation('request')
  const [form, fields] = useForm<Record<string, string>>({ id: 'step-form', lastResult, defaultValue: values })
  const f = (name: string) => fields[name] as F
  const summary = ['name', 'email', 'phone', ...identifiers.map((i) => i.name)]
  return (
    <>
      <Link to={back} className="back-link">
        {t('common:back')}
      </Link>
      <ErrorSummary form={form} fields={summary.map((name) => ({ field: f(name) }))} />
      <Form method="post" {...getFormProps(form)}>
        <span className="caption">{orgName}</span>
        <h1>{t('identity.title')}</h1>
        <p>{t('identity.lead', { org: orgName })}</p>
        <TextField field={f('name')} label={t('identity.name')} autoComplete="name" />
        <TextField field={f('email')} label={t('identity.email')} hint={t('identity.emailHint')} type="email" autoComplete="email" />
        <TextField field={f('phone')} label={t('identity.phone')} hint={t('identity.phoneHint')} type="tel" autoComplete="tel" optional className="input--width-20" />
        {identifiers.map((id) => (
          <TextField
            key={id.name}
            field={f(id.name)}
            label={<OrgText text={id.label.text} lang={id.label.lang} pageLang={lang} />}
            hint={id.hint ? <OrgText text={id.hint.text} lang={id.hint.lang} pageLang={lang} /> : undefined}
            optional={!id.required}
            className="input--width-20"
          />
        ))}
        <Button>{t('common:continue')}</Button>
      </Form>
    </>
  )
}
