import { getFormProps, useForm } from '@conform-to/react'
import { readForm } from '~/web/forms.server'
import { parseWithZod } from '@conform-to/zod'
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { Button } from '~/components/ui'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { ErrorSummary } from '~/components/forms'
import { CodeField } from '~/components/officer-auth'
import { verifySecondFactor } from '~/domain/sign-in.server'
import type { Language } from '~/domain/languages'
import { getOfficerSession, homeFor, officerCookieHeader, officerRedirectTarget } from '~/web/auth.server'
import { pageT } from '~/web/http.server'

const schema = z.object({
  code: z.string({ required_error: 'auth:errors.codeRequired' }).trim(),
})

function nextPath(request: Request, lang: Language, fallback: string): string {
  return officerRedirectTarget(new URL(request.url).searchParams.get('redirectTo')) ?? fallback
}

/** Only a session that has the password but not yet the code may be here. */
async function pendingSession(request: Request, lang: Language) {
  const session = await getOfficerSession(request)
  if (!session) throw redirect(`/${lang}/officer/sign-in`)
  if (session.complete) throw redirect(nextPath(request, lang, homeFor(session.user, lang)))
  if (!session.user.totpConfirmedAt) throw redirect(`/${lang}/officer/enrol${new URL(request.url).search}`)
  return session
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { t, lang } = pageT(params, ['auth'])
  await pendingSession(request, lang)
  return { pageTitle: t('auth:twoFactor.title'), lang }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { lang, db } = pageT(params)
  const session = await pendingSession(request, lang)
  const submission = parseWithZod(await readForm(request), { schema })
  if (submission.status !== 'success') return { result: submission.reply() }
  const result = verifySecondFactor(db, session.token, session.user, submission.value.code)
  if (!result.ok) {
    const message = result.reason === 'rate_limited' ? 'auth:errors.tooManyAttempts' : 'auth:errors.codeWrong'
    return { result: submission.reply({ fieldErrors: { code: [message] }, hideFields: ['code'] }) }
  }
  throw redirect(nextPath(request, lang, homeFor(session.user, lang)), { headers: await officerCookieHeader(result.sessionToken) })
}

export default function TwoFactor() {
  const d = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const { t } = useTranslation('auth')
  const [form, fields] = useForm<{ code: string }>({ id: 'two-factor', lastResult: data?.result })
  return (
    <>
      <ErrorSummary form={form} fields={[{ field: fields.code }]} />
      <h1>{t('twoFactor.title')}</h1>
      <p>{t('twoFactor.lead')}</p>
      <Form method="post" {...getFormProps(form)}>
        <CodeField field={fields.code} label={t('fields.code')} hint={t('fields.codeHint')} />
        <Button>{t('twoFactor.submit')}</Button>
      </Form>
      <p>{t('twoFactor.lost')}</p>
      <p>
        <Link to={`/${d.lang}/officer/sign-in`}>{t('twoFactor.startAgain')}</Link>
      </p>
    </>
  )
}
