import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { Button, Notification } from '~/components/ui'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { ErrorSummary, TextField } from '~/components/forms'
import { emailField } from '~/domain/request-form'
import { normaliseReference } from '~/utils/reference'
import { sendStatusLink } from '~/domain/requests.server'
import { purgedRequestView } from '~/domain/subject-view.server'
import { readForm } from '~/web/forms.server'
import { pageT } from '~/web/http.server'
import { allowAttempt } from '~/data/rate-limits.server'

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
  // Reference numbers are few enough to guess at: limit tries per address and reference.
  // Saying so reveals nothing: the limits count what was typed, not what exists.
  const allowed =
    allowAttempt(db, 'status-link:email', submission.value.email.toLowerCase(), 5, 3_600_000) &&
    allowAttempt(db, 'status-link:reference', submission.value.reference, 10, 3_600_000) &&
    (!context.clientAddress || allowAttempt(db, 'status-link:client', context.clientAddress, 30, 3_600_000))
  // A request past its retention period has no address left to write to: the page says what became of it.
  const purged = allowed ? purgedRequestView(db, submission.value.reference, lang) : null
  if (allowed && !purged) sendStatusLink(db, submission.value)
  return { result: submission.reply({ resetForm: true }), sent: allowed && !purged, limited: !allowed, purged }
}

export default function FollowRequest() {
  useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const { t } = useTranslation('request')
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
      <Form method="post" {...getFormProps(form)}>
        <TextField field={fields.reference} label={t('follow.reference')} hint={t('follow.referenceHint')} className="input--width-10" autoComplete="off" />
        <TextField field={fields.email} label={t('identity.email')} type="email" autoComplete="email" />
        <Button>{t('follow.submit')}</Button>
      </Form>
    </>
  )
}
