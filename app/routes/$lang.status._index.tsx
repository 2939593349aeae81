import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useParams } from '@remix-run/react'
import { Button, Notification } from '~/components/ui'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { ErrorSummary, TextField } from '~/components/forms'
import { emailField } from '~/domain/request-form'
import { normaliseReference } from '~/utils/reference'
import { requestStatusLink } from '~/domain/intake.server'
import { readForm } from '~/web/forms.server'
import { pageT } from '~/web/http.server'

const schema = z.object({
  reference: z
    .string({ required_error: 'errors:status.referenceRequired' })
    .transform((v, ctx) => normaliseReference(v) ?? (ctx.addIssue({ code: 'custom', message: 'errors:status.referenceInvalid' }), z.NEVER)),
  email: emailField,
})

export function loader({ params }: LoaderFunctionArgs) {
  const { t } = pageT(params, ['request'])
  return { pageTitle: t('request:follow.title') }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { db, lang } = pageT(params)
  const submission = parseWithZod(await readForm(request), { schema })
  if (submission.status !== 'success') return { result: submission.reply(), sent: false, limited: false, purged: null }
  const { sent, limited, purged } = requestStatusLink(db, { ...submission.value, lang, clientAddress: context.clientAddress })
  return { result: submission.reply({ resetForm: true }), sent, limited, purged }
}

export default function FollowRequest() {
  useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const { t } = useTranslation('request')
  const { lang } = useParams()
  const [form, fields] = useForm<{ reference: string; email: string }>({ id: 'follow-form', lastResult: data?.result })
  return (
    <>
      <ErrorSummary form={form} fields={[{ field: fields.reference }, { field: fields.email }]} />
      <h1>{t('follow.title')}</h1>
      {data?.purged ? (
        <Notification title={t('follow.purgedTitle', { reference: data.purged.reference })}>
          <p>{t(`follow.${data.purged.kind}`, { closed: data.purged.closed, purged: data.purged.purged })}</p>
          <p>{t('follow.purgedNoLink')}</p>
        </Notification>
      ) : null}
      {data?.sent || data?.limited ? (
        <Notification>
          <p>{t(data.limited ? 'sent.limited' : 'follow.sent')}</p>
        </Notification>
      ) : null}
      <p>{t('follow.lead')}</p>
      <p>
        <Link to={`/${lang}/status/code`}>{t('code.link')}</Link>
      </p>
      <Form method="post" {...getFormProps(form)}>
        <TextField field={fields.reference} label={t('follow.reference')} hint={t('follow.referenceHint')} className="input--width-10" autoComplete="off" />
        <TextField field={fields.email} label={t('identity.email')} type="email" autoComplete="email" />
        <Button>{t('follow.submit')}</Button>
      </Form>
    </>
  )
}
