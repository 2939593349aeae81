import { getFormProps, useForm } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ErrorSummary, Radios } from '~/components/forms'
import type { RouteHandle } from '~/components/site-chrome'
import { rightSchema } from '~/domain/request-form'
import { initialValues, loadStep, stepAction } from '~/utils/request-steps.server'

export const handle: RouteHandle = { languageForm: 'step-form' }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { t, org, draft, lang, change, base } = await loadStep(request, params, 'right')
  return {
    pageTitle: t('request:right.title'),
    lang,
    orgName: org.name,
    back: change ? `${base}/check` : `/${lang}/o/${org.slug}`,
    types: org.profile.requestTypes,
    values: initialValues(draft, 'right', { type: draft.type }),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  return stepAction(request, params, 'right', ({ org }) => rightSchema(org), (draft, value) =>
    // A different right asks different questions: earlier details, saved or only typed, no longer apply.
    value.type === draft.type ? draft : { ...draft, type: value.type, details: undefined, unsent: { ...draft.unsent, details: undefined } },
  )
}

export default function RightStep() {
  const { types, values, back, orgName } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const { t } = useTranslation('request')
  const [form, fields] = useForm<{ type: string }>({ id: 'step-form', lastResult, defaultValue: values as { type?: string } })
  return (
    <>
      <Link to={back} className="back-link">
        {t('common:back')}
      </Link>
      <ErrorSummary form={form} fields={[{ field: fields.type }]} />
      <Form method="post" {...getFormProps(form)}>
        <span className="caption">{orgName}</span>
        <Radios
          field={fields.type}
          asHeading
          legend={t('right.title')}
          hint={t('right.hint')}
          choices={types.map((type) => ({ value: type, label: t(`types.${type}.name`), hint: t(`types.${type}.explanation`) }))}
        />
        <button type="submit" className="button">
          {t('common:continue')}
        </button>
      </Form>
    </>
  )
}
