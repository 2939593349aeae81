import { getFormProps, useForm } from '@conform-to/react'
import { readForm } from '~/web/forms.server'
import { parseWithZod } from '@conform-to/zod'
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { Button, Notification, SummaryList } from '~/components/ui'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { ErrorSummary, Radios, TextField } from '~/components/forms'
import { updateOrgSettings } from '~/domain/team.server'
import { periodParts, requestRetention, RETENTION_KEYS } from '~/domain/request-retention'
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
    retention: { ...requestRetention(org.profile), downloadDays: org.profile.answerDownloadDays },
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
      <Retention retention={d.retention} />
      {d.clientsHref ? (
        <p>
          <Link to={d.clientsHref}>{t('settings.clientsLink')}</Link>
        </p>
      ) : null}
    </>
  )
}

/** The organisation's retention periods (its file's requestRetention, defaults filled in), to read, not to change here. */
function Retention({ retention }: { retention: ReturnType<typeof requestRetention> & { downloadDays: number } }) {
  const { t } = useTranslation('auth')
  const say = (key: (typeof RETENTION_KEYS)[number]) => {
    const { count, unit } = periodParts(retention[key])
    const period = t(`settings.retention.${unit}`, { count })
    return `${t(`settings.retention.${key}When`, { period, days: retention.downloadDays })}${retention.own.includes(key) ? '' : ` ${t('settings.retention.default')}`}`
  }
  const rows: Array<{ id: string; key: string; value: string }> = RETENTION_KEYS.map((key) => ({ id: key, key: t(`settings.retention.${key}`), value: say(key) }))
  rows.splice(1, 0, { id: 'collected', key: t('settings.retention.collected'), value: t('settings.retention.collectedWhen') })
  return (
    <section aria-labelledby="retention-title">
      <h2 id="retention-title">{t('settings.retention.title')}</h2>
      <p>{t('settings.retention.lead')}</p>
      <SummaryList rows={rows} />
    </section>
  )
}
