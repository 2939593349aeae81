import { getFormProps, useForm } from '@conform-to/react'
import { readForm } from '~/web/forms.server'
import { parseWithZod } from '@conform-to/zod'
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { Button } from '~/components/ui'
import { useTranslation } from 'react-i18next'
import { ErrorSummary, TextField } from '~/components/forms'
import { newPasswordSchema } from '~/domain/account-forms'
import { peekToken } from '~/domain/accounts.server'
import { resetPassword } from '~/domain/passwords.server'
import { clearOfficerCookieHeader } from '~/web/auth.server'
import { pageT } from '~/web/http.server'

// Like the invitation, the link is used up only when the new password is set.

export function loader({ params }: LoaderFunctionArgs) {
  const { t, lang, db } = pageT(params, ['auth'])
  const check = peekToken(db, 'password_reset', params.token ?? '')
  if (!check.ok) return { pageTitle: t('auth:reset.invalidTitle'), lang, problem: check.reason, email: null }
  return { pageTitle: t('auth:reset.title'), lang, problem: null, email: check.user.email }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { lang, db } = pageT(params)
  const submission = parseWithZod(await readForm(request), { schema: newPasswordSchema })
  if (submission.status !== 'success') return { result: submission.reply({ hideFields: ['password'] }), problem: null }
  const result = await resetPassword(db, params.token ?? '', submission.value.password)
  if (!result.ok) return { result: submission.reply({ hideFields: ['password'] }), problem: result.reason }
  // Every session of the account ended, this browser's too.
  throw redirect(`/${lang}/officer/sign-in?passwordChanged=1`, { headers: await clearOfficerCookieHeader() })
}

export default function ResetPassword() {
  const d = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const { t } = useTranslation('auth')
  const [form, fields] = useForm<{ password: string }>({ id: 'reset-password', lastResult: data?.result })
  const problem = data?.problem ?? d.problem
  if (problem) {
    return (
      <>
        <h1>{t('reset.invalidTitle')}</h1>
        <p>{t(`reset.${problem}`)}</p>
        <p>
          <Link to={`/${d.lang}/officer/forgot-password`}>{t('reset.askAgain')}</Link>
        </p>
      </>
    )
  }
  return (
    <>
      <ErrorSummary form={form} fields={[{ field: fields.password }]} />
      <h1>{t('reset.title')}</h1>
      <p>{t('reset.lead')}</p>
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="username" autoComplete="username" value={d.email ?? ''} />
        <TextField field={fields.password} label={t('fields.newPassword')} hint={t('fields.newPasswordHint')} type="password" autoComplete="new-password" className="input--width-20" />
        <Button>{t('reset.submit')}</Button>
      </Form>
    </>
  )
}
