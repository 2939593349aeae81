import { getFormProps, useForm } from '@conform-to/react'
import { readForm } from '~/web/forms.server'
import { parseWithZod } from '@conform-to/zod'
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { Button } from '~/components/ui'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { ErrorSummary, TextField } from '~/components/forms'
import { requestPasswordReset } from '~/domain/passwords.server'
import { clientIp } from '~/web/auth.server'
import { pageT } from '~/web/http.server'

const schema = z.object({
  email: z.string({ required_error: 'auth:errors.emailRequired' }).trim().email('auth:errors.emailInvalid'),
})

export function loader({ request, params }: LoaderFunctionArgs) {
  const { t, lang } = pageT(params, ['auth'])
  const sent = new URL(request.url).searchParams.has('sent')
  return { pageTitle: sent ? t('auth:forgot.sentTitle') : t('auth:forgot.title'), lang, sent }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { lang, db } = pageT(params)
  const submission = parseWithZod(await readForm(request), { schema })
  if (submission.status !== 'success') return { result: submission.reply() }
  const { rateLimited } = requestPasswordReset(db, { email: submission.value.email, ip: clientIp(context) })
  if (rateLimited) return { result: submission.reply({ formErrors: ['auth:errors.tooManyResets'] }) }
  // The same answer whether or not the address has an account.
  throw redirect(`/${lang}/officer/forgot-password?sent=1`)
}

export default function ForgotPassword() {
  const d = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const { t } = useTranslation('auth')
  const [form, fields] = useForm<{ email: string }>({ id: 'forgot-password', lastResult: data?.result })
  if (d.sent) {
    return (
      <>
        <h1>{t('forgot.sentTitle')}</h1>
        <p>{t('forgot.sent')}</p>
        <p>
          <Link to={`/${d.lang}/officer/sign-in`}>{t('forgot.back')}</Link>
        </p>
      </>
    )
  }
  return (
    <>
      <ErrorSummary form={form} fields={[{ field: fields.email }]} />
      <h1>{t('forgot.title')}</h1>
      <p>{t('forgot.lead')}</p>
      <Form method="post" {...getFormProps(form)}>
        <TextField field={fields.email} label={t('fields.email')} type="email" autoComplete="username" className="input--width-20" />
        <Button>{t('forgot.submit')}</Button>
      </Form>
      <p>
        <Link to={`/${d.lang}/officer/sign-in`}>{t('forgot.back')}</Link>
      </p>
    </>
  )
}
