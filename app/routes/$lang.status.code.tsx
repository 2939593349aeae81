import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { ErrorSummary, TextField } from '~/components/forms'
import { Button, Notification } from '~/components/ui'
import { openWithCode } from '~/domain/intake.server'
import { normaliseReference } from '~/utils/reference'
import { readForm } from '~/web/forms.server'
import { pageT } from '~/web/http.server'
import { subjectCookieHeader } from '~/web/subject.server'

// A person told by letter follows their request with its reference and the
// letter's code (docs/decisions/019).

const schema = z.object({
  reference: z
    .string({ required_error: 'errors:status.referenceRequired' })
    .transform((v, ctx) => normaliseReference(v) ?? (ctx.addIssue({ code: 'custom', message: 'errors:status.referenceInvalid' }), z.NEVER)),
  code: z
    .string({ required_error: 'errors:status.codeRequired' })
    .trim()
    .pipe(z.string().min(1, 'errors:status.codeRequired').max(40, 'errors:status.codeRequired')),
})

export function loader({ params }: LoaderFunctionArgs) {
  const { t } = pageT(params, ['request'])
  return { pageTitle: t('request:code.title') }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { lang, db } = pageT(params)
  const submission = parseWithZod(await readForm(request), { schema })
  if (submission.status !== 'success') return { result: submission.reply(), refused: null }
  const opened = openWithCode(db, { ...submission.value, clientAddress: context.clientAddress })
  if (!opened.ok) return { result: submission.reply(), refused: opened.reason }
  return redirect(`/${lang}/status/request`, { headers: await subjectCookieHeader(opened.sessionToken) })
}

export default function OpenWithCode() {
  useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const { t } = useTranslation('request')
  const [form, fields] = useForm<{ reference: string; code: string }>({ id: 'code-form', lastResult: data?.result })
  return (
    <>
      <ErrorSummary form={form} fields={[{ field: fields.reference }, { field: fields.code }]} />
      <h1>{t('code.title')}</h1>
      {data?.refused ? (
        <Notification tone="warning" role="alert">
          <p>{t(data.refused === 'limited' ? 'sent.limited' : 'code.wrong')}</p>
        </Notification>
      ) : null}
      <p>{t('code.lead')}</p>
      <Form method="post" {...getFormProps(form)}>
        <TextField field={fields.reference} label={t('follow.reference')} hint={t('follow.referenceHint')} className="input--width-10" autoComplete="off" />
        <TextField field={fields.code} label={t('code.code')} hint={t('code.codeHint')} className="input--width-20" autoComplete="off" />
        <Button>{t('code.submit')}</Button>
      </Form>
    </>
  )
}
