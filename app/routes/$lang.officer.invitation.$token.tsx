import { getFormProps, useForm } from '@conform-to/react'
import { readForm } from '~/web/forms.server'
import { parseWithZod } from '@conform-to/zod'
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { Button } from '~/components/ui'
import { useTranslation } from 'react-i18next'
import { ErrorSummary, TextField } from '~/components/forms'
import { peekToken } from '~/domain/accounts.server'
import { acceptInvitation } from '~/domain/invitations.server'
import { newPasswordSchema } from '~/domain/account-forms'
import { officerCookieHeader } from '~/web/auth.server'
import { pageT } from '~/web/http.server'

// Opening the link shows the form; the invitation is used up only when a
// password is set, so a mail scanner that follows links spends nothing.

export function loader({ params }: LoaderFunctionArgs) {
  const { t, lang, db } = pageT(params, ['auth'])
  const check = peekToken(db, 'invitation', params.token ?? '')
  if (!check.ok) return { pageTitle: t('auth:invitation.invalidTitle'), lang, problem: check.reason, name: null, email: null }
  return { pageTitle: t('auth:invitation.title'), lang, problem: null, name: check.user.name, email: check.user.email }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { lang, db } = pageT(params)
  const submission = parseWithZod(await readForm(request), { schema: newPasswordSchema })
  if (submission.status !== 'success') return { result: submission.reply({ hideFields: ['password'] }), problem: null }
  const result = await acceptInvitation(db, params.token ?? '', submission.value.password)
  if (!result.ok) return { result: submission.reply({ hideFields: ['password'] }), problem: result.reason }
  throw redirect(`/${lang}/officer/enrol`, { headers: await officerCookieHeader(result.sessionToken) })
}

export default function AcceptInvitation() {
  const d = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const { t } = useTranslation('auth')
  const [form, fields] = useForm<{ password: string }>({ id: 'accept-invitation', lastResult: data?.result })
  const problem = data?.problem ?? d.problem
  if (problem) {
    return (
      <>
        <h1>{t('invitation.invalidTitle')}</h1>
        <p>{t(`invitation.${problem}`)}</p>
        <p>{t('invitation.askAgain')}</p>
      </>
    )
  }
  return (
    <>
      <ErrorSummary form={form} fields={[{ field: fields.password }]} />
      <h1>{t('invitation.title')}</h1>
      <p>{t('invitation.lead', { name: d.name })}</p>
      <p>{t('invitation.steps')}</p>
      <Form method="post" {...getFormProps(form)}>
        {/* For password managers: which account this password belongs to. */}
        <input type="hidden" name="username" autoComplete="username" value={d.email ?? ''} />
        <TextField field={fields.password} label={t('fields.newPassword')} hint={t('fields.newPasswordHint')} type="password" autoComplete="new-password" className="input--width-20" />
        <Button>{t('invitation.submit')}</Button>
      </Form>
    </>
  )
}
