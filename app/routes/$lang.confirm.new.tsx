import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { ErrorSummary, TextField } from '~/components/forms'
import { emailField } from '~/domain/request-form'
import { resendConfirmation } from '~/domain/requests.server'
import { env } from '~/utils/env.server'
import { pageT } from '~/utils/http.server'
import { allowAttempt } from '~/utils/rate-limit.server'

const schema = z.object({
  email: emailField,
})

export function loader({ params }: LoaderFunctionArgs) {
  const { t } = pageT(params, ['request'])
  return { pageTitle: t('request:newLink.title') }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db } = pageT(params)
  const submission = parseWithZod(await request.formData(), { schema })
  if (submission.status !== 'success') return { result: submission.reply(), sent: false, limited: false }
  const email = submission.value.email.toLowerCase()
  // Saying so reveals nothing: the limit counts the address typed, whether or not it has a request.
  const allowed = allowAttempt(db, `resend:${email}`, 5, 3_600_000)
  if (allowed) resendConfirmation(db, email, env().PUBLIC_URL)
  return { result: submission.reply({ resetForm: true }), sent: allowed, limited: !allowed }
}

export default function NewConfirmationLink() {
  useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const { t } = useTranslation('request')
  const [form, fields] = useForm<{ email: string }>({ id: 'new-link-form', lastResult: data?.result })
  return (
    <>
      <ErrorSummary form={form} fields={[{ field: fields.email }]} />
      <h1>{t('newLink.title')}</h1>
      {data?.sent || data?.limited ? (
        <div className="notification" role="status">
          <p>{t(data.limited ? 'sent.limited' : 'newLink.sent')}</p>
        </div>
      ) : null}
      <p>{t('newLink.lead')}</p>
      <Form method="post" {...getFormProps(form)}>
        <TextField field={fields.email} label={t('identity.email')} type="email" autoComplete="email" />
        <button type="submit" className="button">
          {t('newLink.submit')}
        </button>
      </Form>
    </>
  )
}
