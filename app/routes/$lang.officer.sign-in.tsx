import { getFormProps, useForm } from '@conform-to/react'
import { readForm } from '~/web/forms.server'
import { parseWithZod } from '@conform-to/zod'
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { Button, Notification } from '~/components/ui'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { ErrorSummary, TextField } from '~/components/forms'
import { CodeField } from '~/components/officer-auth'
import { signIn } from '~/domain/sign-in.server'
import { clientIp, getOfficerSession, homeFor, officerCookieHeader, officerRedirectTarget } from '~/web/auth.server'
import { pageT } from '~/web/http.server'

const schema = z.object({
  email: z.string({ required_error: 'auth:errors.emailRequired' }).trim().email('auth:errors.emailInvalid'),
  password: z.string({ required_error: 'auth:errors.passwordRequired' }),
  // Only while the account is held after many wrong passwords: then the code comes with the password.
  code: z.string().trim().optional(),
  redirectTo: z.string().optional(),
})

/** Only paths on the officer side of this portal. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { t, lang, db } = pageT(params, ['auth'])
  const url = new URL(request.url)
  const redirectTo = officerRedirectTarget(url.searchParams.get('redirectTo'))
  const session = await getOfficerSession(request, db)
  if (session?.complete) throw redirect(redirectTo ?? homeFor(session.user, lang))
  return {
    pageTitle: t('auth:signIn.title'),
    lang,
    redirectTo: redirectTo ?? '',
    signedOut: url.searchParams.has('signedOut'),
    passwordChanged: url.searchParams.has('passwordChanged'),
    expired: redirectTo !== undefined,
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { lang, db } = pageT(params)
  const submission = parseWithZod(await readForm(request), { schema })
  const withCode = submission.payload.code !== undefined
  if (submission.status !== 'success') return { result: submission.reply({ hideFields: ['password', 'code'] }), withCode }
  const { email, password, code } = submission.value
  const result = await signIn(db, { email, password, code, ip: clientIp(context) })
  if (!result.ok) {
    const reply =
      result.reason === 'code_needed'
        ? submission.reply({ fieldErrors: { code: ['auth:errors.codeNeeded'] }, hideFields: ['password', 'code'] })
        : submission.reply({ formErrors: [result.reason === 'rate_limited' ? 'auth:errors.tooManyAttempts' : withCode ? 'auth:errors.invalidWithCode' : 'auth:errors.invalidCredentials'], hideFields: ['password', 'code'] })
    return { result: reply, withCode: withCode || result.reason === 'code_needed' }
  }
  const redirectTo = officerRedirectTarget(submission.value.redirectTo)
  const headers = await officerCookieHeader(result.sessionToken)
  if (result.next === 'signed-in') throw redirect(redirectTo ?? homeFor(result.user, lang), { headers })
  const next = result.next === 'enrol' ? `/${lang}/officer/enrol` : `/${lang}/officer/two-factor`
  throw redirect(redirectTo ? `${next}?redirectTo=${encodeURIComponent(redirectTo)}` : next, { headers })
}

export default function SignIn() {
  const d = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const { t } = useTranslation('auth')
  const [form, fields] = useForm<{ email: string; password: string; code: string; redirectTo: string }>({ id: 'sign-in', lastResult: data?.result })
  const withCode = !!data?.withCode
  return (
    <>
      <ErrorSummary form={form} fields={[{ field: fields.email }, { field: fields.password }, { field: fields.code }]} />
      <h1>{t('signIn.title')}</h1>
      {d.signedOut ? (
        <Notification>
          <p>{t('signIn.signedOut')}</p>
        </Notification>
      ) : d.passwordChanged ? (
        <Notification>
          <p>{t('signIn.passwordChanged')}</p>
        </Notification>
      ) : d.expired && !data ? (
        <Notification>
          <p>{t('signIn.needed')}</p>
        </Notification>
      ) : null}
      {withCode ? (
        <Notification>
          <p>{t('signIn.held')}</p>
        </Notification>
      ) : null}
      <p>{t('signIn.lead')}</p>
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="redirectTo" value={d.redirectTo} />
        <TextField field={fields.email} label={t('fields.email')} type="email" autoComplete="username" className="input--width-20" />
        <TextField field={fields.password} label={t('fields.password')} type="password" autoComplete="current-password" className="input--width-20" />
        {withCode ? <CodeField field={fields.code} label={t('fields.code')} hint={t('fields.codeHint')} /> : null}
        <Button>{withCode ? t('twoFactor.submit') : t('signIn.submit')}</Button>
      </Form>
      <p>
        <Link to={`/${d.lang}/officer/forgot-password`}>
          {t('signIn.forgot')}
        </Link>
      </p>
    </>
  )
}
