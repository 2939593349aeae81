import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { ErrorSummary, Radios } from '~/components/forms'
import { Button, Notification, Select } from '~/components/ui'
import { preferencesOf, preferencesSchema, savePreferences } from '~/domain/notifications.server'
import { fixedT } from '~/i18n/i18n'
import { DEADLINE_DAYS, NOTIFICATION_DELIVERIES, NOTIFICATION_KINDS } from '~/vocabulary'
import { requirePermission } from '~/web/auth.server'
import { readForm } from '~/web/forms.server'

// How each officer wants to hear of new work: for each kind, an email at once,
// a line in the daily digest, or nothing.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, lang } = await requirePermission(request, params, 'requests.read')
  const prefs = preferencesOf(getDb(), [user.id]).get(user.id)!
  return {
    pageTitle: fixedT(lang, 'oversight')('oversight:notifications.title'),
    saved: new URL(request.url).searchParams.has('saved'),
    values: { ...Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, prefs[k].delivery])), deadlineDays: String(prefs.deadline_near.days) },
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, lang } = await requirePermission(request, params, 'requests.read')
  const submission = parseWithZod(await readForm(request), { schema: preferencesSchema })
  if (submission.status !== 'success') return { result: submission.reply() }
  savePreferences(getDb(), user, submission.value)
  throw redirect(`/${lang}/officer/notifications?saved=1`)
}

export default function NotificationSettings() {
  const d = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const { t } = useTranslation('oversight')
  const [form, fields] = useForm<Record<string, string>>({ id: 'notifications', lastResult: data?.result, defaultValue: d.values })
  return (
    <div className="reading-width">
      <ErrorSummary form={form} fields={NOTIFICATION_KINDS.map((k) => ({ field: fields[k]! }))} />
      <h1>{t('notifications.title')}</h1>
      {d.saved ? <Notification tone="success" title={t('notifications.saved')} /> : null}
      <p>{t('notifications.lead')}</p>
      <Form method="post" {...getFormProps(form)}>
        {NOTIFICATION_KINDS.map((kind) => (
          <Radios
            key={kind}
            field={fields[kind]!}
            legend={t(`notifications.kind.${kind}`)}
            hint={t(`notifications.kindHint.${kind}`)}
            choices={NOTIFICATION_DELIVERIES.map((delivery) => ({ value: delivery, label: t(`notifications.delivery.${delivery}`) }))}
          />
        ))}
        <Select
          id="deadlineDays"
          name="deadlineDays"
          label={t('notifications.deadlineDays')}
          defaultValue={d.values.deadlineDays}
          options={DEADLINE_DAYS.map((n) => ({ value: String(n), label: t('notifications.days', { count: n }) }))}
        />
        <Button>{t('notifications.submit')}</Button>
      </Form>
    </div>
  )
}
