import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { Button, Notification } from '~/components/ui'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { ErrorSummary, TextField } from '~/components/forms'
import { emailField } from '~/domain/request-form'
import { resendConfirmationTo } from '~/domain/intake.server'
import { readForm } from '~/web/forms.server'
import { pageT } from '~/web/http.server'

const schema = z.object({
  email: emailField,
})

export function loader({ params }: LoaderFunctionArgs) {
  const { t } = pageT(params, ['request'])
  return { pageTitle: t('request:newLink.title') }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { db } = pageT(params)
  const submission = parseWithZod(await readForm(request), { schema })
  if (submission.status !== 'success') return { result: submission.reply(), sent: false, limited: false }
  // Saying so reveals nothing: the limits count the address typed (whether or not it has a request) and the client.
  const { sent, limited } = resendConfirmationTo(db, submission.value.email, { clientAddress: context.clientAddress })
  return { result: submission.reply({ resetForm: true }), sent, limited }
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
        <Notification>
          <p>{t(data.limited ? 'sent.limited' : 'newLink.sent')}</p>
        </Notification>
      ) : null}
      <p>{t('newLink.lead')}</p>
      <Form method="post" {...getFormProps(form)}>
        <TextField field={fields.email} label={t('identity.email')} type="email" autoComplete="email" />
        <Button>{t('newLink.submit')}</Button>
      </Form>
    </>
  )
}
