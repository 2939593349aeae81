import { getFormProps, useForm } from '@conform-to/react'
import { readForm } from '~/web/forms.server'
import { parseWithZod } from '@conform-to/zod'
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { Button, Notification } from '~/components/ui'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { ErrorSummary, Radios, TextField } from '~/components/forms'
import { updateOrgSettings } from '~/domain/team.server'
import { requirePermission } from '~/web/auth.server'
import { pageT } from '~/web/http.server'

const schema = z.object({
  slaDays: z
    .string({ required_error: 'auth:errors.slaDaysRequired' })
    .trim()
    .regex(/^\d{1,2}$/, 'auth:errors.slaDaysRange')
    .transform(Number)
    .refine((n) => n >= 1 && n <= 30, 'auth:errors.slaDaysRange'),
  pauseClockOnInfoRequest: z.enum(['yes', 'no'], { required_error: 'auth:errors.pauseRequired', invalid_type_error: 'auth:errors.pauseRequired' }),
  privacyEmail: z.string({ required_error: 'auth:errors.emailRequired' }).trim().email('auth:errors.emailInvalid'),
})

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { org } = await requirePermission(request, params, 'organisation.settings')
  const { t } = pageT(params, ['auth'])
  return {
    pageTitle: t('auth:settings.title'),
    orgName: org.name,
    saved: new URL(request.url).searchParams.has('saved'),
    clientsHref: org.kind === 'processor' ? `/${params.lang}/officer/clients` : null,
    values: { slaDays: String(org.slaDays), pauseClockOnInfoRequest: org.pauseClockOnInfoRequest ? 'yes' : 'no', privacyEmail: org.privacyEmail },
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, org, lang } = await requirePermission(request, params, 'organisation.settings')
  const { db } = pageT(params)
  const submission = parseWithZod(await readForm(request), { schema })
  if (submission.status !== 'success') return { result: submission.reply() }
  const v = submission.value
  updateOrgSettings(db, user, org, { slaDays: v.slaDays, pauseClockOnInfoRequest: v.pauseClockOnInfoRequest === 'yes', privacyEmail: v.privacyEmail })
  throw redirect(`/${lang}/officer/settings?saved=1`)
}

export default function Settings() {
  const d = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const { t } = useTranslation('auth')
  const [form, fields] = useForm({ id: 'settings', lastResult: data?.result, defaultValue: d.values })
  return (
    <>
      <ErrorSummary form={form} fields={[{ field: fields.slaDays }, { field: fields.pauseClockOnInfoRequest }, { field: fields.privacyEmail }]} />
      <span className="caption">{d.orgName}</span>
      <h1>{t('settings.title')}</h1>
      {d.saved ? (
        <Notification>
          <p>{t('settings.saved')}</p>
        </Notification>
      ) : null}
      <Form method="post" {...getFormProps(form)}>
        <TextField field={fields.slaDays} label={t('settings.slaDays')} hint={t('settings.slaDaysHint')} className="input--width-10" autoComplete="off" />
        <Radios
          field={fields.pauseClockOnInfoRequest}
          legend={t('settings.pause')}
          hint={t('settings.pauseHint')}
          choices={[
            { value: 'yes', label: t('settings.pauseYes') },
            { value: 'no', label: t('settings.pauseNo') },
          ]}
        />
        <TextField field={fields.privacyEmail} label={t('settings.privacyEmail')} hint={t('settings.privacyEmailHint')} type="email" autoComplete="off" className="input--width-20" />
        <Button>{t('settings.submit')}</Button>
      </Form>
      {d.clientsHref ? (
        <p>
          <Link to={d.clientsHref}>{t('settings.clientsLink')}</Link>
        </p>
      ) : null}
    </>
  )
}
