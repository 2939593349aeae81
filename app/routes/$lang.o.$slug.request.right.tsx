import { getFormProps, useForm } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ErrorSummary, Radios } from '~/components/forms'
import type { RouteHandle } from '~/components/site-chrome'
import { Button, OrgText } from '~/components/ui'
import { localizeText } from '~/domain/languages'
import { rightSchema } from '~/domain/request-form'
import { REQUEST_TYPES } from '~/vocabulary'
import { initialValues, loadStep, stepAction } from '~/web/request-steps.server'

// Its data is the right chosen, nothing of the person: the rendered page is kept (app/web/render-memo.server.ts).
export const handle: RouteHandle = { languageForm: 'step-form', renderMemo: true }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { t, org, draft, lang, change, base } = await loadStep(request, params, 'right')
  return {
    pageTitle: t('request:right.title'),
    lang,
    orgName: org.name,
    back: change ? `${base}/check` : `/${lang}/o/${org.slug}`,
    // Every right is offered; the organisation may say that one rarely applies to it, and why.
    types: REQUEST_TYPES.map((type) => ({ type, note: org.profile.rightNotes[type] ? localizeText(org.profile.rightNotes[type], lang) : null })),
    values: initialValues(draft, 'right', { type: draft.type }),
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  return stepAction(request, params, context, 'right', () => rightSchema(), (draft, value) =>
    // A different right asks different questions: earlier details, saved or only typed, no longer apply.
    value.type === draft.type ? draft : { ...draft, type: value.type, details: undefined, unsent: { ...draft.unsent, details: undefined } },
  )
}

export default function RightStep() {
  const { types, values, back, orgName, lang } = useLoaderData<typeof loader>()
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
          choices={types.map(({ type, note }) => ({
            value: type,
            label: t(`types.${type}.name`),
            hint: (
              <>
                {t(`types.${type}.explanation`)}
                {note ? (
                  <>
                    {' '}
                    <OrgText text={note.text} lang={note.lang} pageLang={lang} />
                  </>
                ) : null}
              </>
            ),
          }))}
        />
        <Button>{t('common:continue')}</Button>
      </Form>
    </>
  )
}
