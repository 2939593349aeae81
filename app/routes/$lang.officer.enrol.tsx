import { getFormProps, useForm } from '@conform-to/react'
import { readForm } from '~/web/forms.server'
import { parseWithZod } from '@conform-to/zod'
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { Button, SummaryList } from '~/components/ui'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { ErrorSummary } from '~/components/forms'
import { CodeField } from '~/components/officer-auth'
import { confirmTotpEnrolment } from '~/domain/sign-in.server'
import { totpUri, TOTP_ISSUER } from '~/domain/totp.server'
import type { Language } from '~/domain/languages'
import { getOfficerSession, homeFor, officerCookieHeader } from '~/web/auth.server'
import { pageT } from '~/web/http.server'

// Every officer has a second factor: this page sets it up, after the invitation
// (or a sign-in by someone who stopped half-way), and confirms it with a code.

const schema = z.object({
  code: z.string({ required_error: 'auth:errors.codeRequired' }).trim(),
})

async function enrollingSession(request: Request, lang: Language) {
  const session = await getOfficerSession(request)
  if (!session) throw redirect(`/${lang}/officer/sign-in`)
  if (session.complete) throw redirect(homeFor(session.user, lang))
  if (session.user.totpConfirmedAt || !session.user.totpSecret) throw redirect(`/${lang}/officer/two-factor`)
  return { ...session, secret: session.user.totpSecret }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { t, lang } = pageT(params, ['auth'])
  const session = await enrollingSession(request, lang)
  return {
    pageTitle: t('auth:enrol.title'),
    // Grouped in fours, as authenticator apps show them, so it is easier to type.
    secret: session.secret.replace(/(.{4})(?=.)/g, '$1 '),
    uri: totpUri(session.secret, session.user.email),
    issuer: TOTP_ISSUER,
    account: session.user.email,
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { lang, db } = pageT(params)
  const session = await enrollingSession(request, lang)
  const submission = parseWithZod(await readForm(request), { schema })
  if (submission.status !== 'success') return { result: submission.reply() }
  const result = confirmTotpEnrolment(db, session.token, session.user, submission.value.code)
  if (!result.ok) return { result: submission.reply({ fieldErrors: { code: ['auth:errors.codeWrong'] }, hideFields: ['code'] }) }
  throw redirect(homeFor(session.user, lang), { headers: await officerCookieHeader(result.sessionToken) })
}

export default function Enrol() {
  const d = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const { t } = useTranslation('auth')
  const [form, fields] = useForm<{ code: string }>({ id: 'enrol', lastResult: data?.result })
  return (
    <>
      <ErrorSummary form={form} fields={[{ field: fields.code }]} />
      <h1>{t('enrol.title')}</h1>
      <p>{t('enrol.lead')}</p>
      <ol className="list-bullet">
        <li>{t('enrol.step1')}</li>
        <li>{t('enrol.step2')}</li>
        <li>{t('enrol.step3')}</li>
      </ol>
      <SummaryList
        rows={[
          {
            key: t('enrol.secret'),
            value: (
              <code className="secret" id="totp-secret">
                {d.secret}
              </code>
            ),
          },
          { key: t('enrol.issuer'), value: d.issuer },
          { key: t('enrol.account'), value: d.account },
          { key: t('enrol.settings'), value: t('enrol.settingsValue') },
        ]}
      />
      <p>
        {t('enrol.uriLead')}{' '}
        <a href={d.uri} id="totp-uri">
          {t('enrol.uriLink')}
        </a>
      </p>
      <details className="details">
        <summary>{t('enrol.uriShow')}</summary>
        <p>
          <code className="secret">{d.uri}</code>
        </p>
      </details>
      <Form method="post" {...getFormProps(form)}>
        <CodeField field={fields.code} label={t('fields.code')} hint={t('enrol.codeHint')} />
        <Button>{t('enrol.submit')}</Button>
      </Form>
    </>
  )
}
