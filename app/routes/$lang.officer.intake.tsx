import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { Checkboxes, ErrorSummary, Radios, TextArea, TextField } from '~/components/forms'
import { Button } from '~/components/ui'
import { OBJECTION_GROUNDS } from '~/domain/request-types'
import { localValue, RECEIVED_CHANNELS, receivedForm, receivedFromForm, registerReceived } from '~/domain/intake.server'
import { fixedT } from '~/i18n/i18n'
import { nowMs } from '~/utils/clock'
import { requirePermission } from '~/web/auth.server'
import { readForm } from '~/web/forms.server'
import { LANGUAGE_NAMES, LANGUAGES, REQUEST_TYPES } from '~/vocabulary'

// An officer registers a request received by phone, letter, in person or
// email: when it was received (which sets the deadline), what was asked, in
// the person's words, how to reach them, and an identity checked on the spot.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { org, lang } = await requirePermission(request, params, 'requests.work')
  return {
    pageTitle: fixedT(lang, 'officer')('intake.title'),
    lang,
    orgName: org.name,
    languages: LANGUAGES,
    channels: RECEIVED_CHANNELS,
    identityMethods: org.profile.identityMethods,
    now: localValue(new Date(nowMs()), org.timeZone),
    timeZone: org.timeZone,
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, org, lang } = await requirePermission(request, params, 'requests.work')
  const submission = parseWithZod(await readForm(request), { schema: receivedForm(org) })
  if (submission.status !== 'success') return submission.reply()
  const result = registerReceived(getDb(), receivedFromForm(submission.value, { orgId: org.id, registeredBy: user.id }))
  if (!result.ok) return submission.reply({ fieldErrors: { [result.field]: [result.error] } })
  const first = result.requests[0]!
  return redirect(`/${lang}/officer/requests/${first.id}?registered=${result.requests.length}`)
}

type IntakeFields = {
  channel: string
  receivedAt: string
  backdateReason: string
  types: string[]
  objectionGround: string
  details: string
  name: string
  email: string
  phone: string
  address: string
  language: string
  identityMethod: string
  identityNote: string
}

export default function RegisterReceived() {
  const d = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const { t } = useTranslation(['officer', 'request'])
  const [form, f] = useForm<IntakeFields>({ id: 'intake-form', lastResult, shouldRevalidate: 'onBlur', defaultValue: { receivedAt: d.now, language: d.lang } })
  const types = (f.types.value as string[] | string | undefined) ?? []
  return (
    <>
      <Link to={`/${d.lang}/officer/queue`} className="back-link">
        {t('intake.back')}
      </Link>
      <ErrorSummary
        form={form}
        fields={[f.channel, f.receivedAt, f.backdateReason, f.types, f.objectionGround, f.details, f.name, f.email, f.phone, f.address, f.language, f.identityMethod, f.identityNote].map((field) => ({ field }))}
      />
      <span className="caption">{d.orgName}</span>
      <h1>{t('intake.title')}</h1>
      <p>{t('intake.lead')}</p>
      <Form method="post" {...getFormProps(form)} noValidate>
        <h2>{t('intake.receiptHeading')}</h2>
        <Radios field={f.channel} legend={t('intake.channelLegend')} choices={d.channels.map((c) => ({ value: c, label: t(`intake.channel.${c}`) }))} />
        <TextField field={f.receivedAt} type="datetime-local" label={t('intake.receivedAt')} hint={t('intake.receivedAtHint', { zone: d.timeZone })} />
        <TextArea field={f.backdateReason} label={t('intake.backdateReason')} hint={t('intake.backdateReasonHint')} optional rows={3} />
        <h2>{t('intake.requestHeading')}</h2>
        <Checkboxes
          field={f.types}
          legend={t('intake.typesLegend')}
          choices={REQUEST_TYPES.map((type) => ({ value: type, label: t(`request:types.${type}.name`) }))}
          checked={Array.isArray(types) ? types : [types]}
        />
        <Radios field={f.objectionGround} legend={t('intake.groundLegend')} hint={t('intake.groundHint')} choices={OBJECTION_GROUNDS.map((ground) => ({ value: ground, label: t(`intake.ground.${ground}`) }))} />
        <TextArea field={f.details} label={t('intake.details')} hint={t('intake.detailsHint')} rows={6} />
        <h2>{t('intake.personHeading')}</h2>
        <TextField field={f.name} label={t('intake.name')} autoComplete="off" />
        <TextField field={f.email} type="email" label={t('intake.email')} hint={t('intake.emailHint')} optional autoComplete="off" />
        <TextField field={f.phone} type="tel" label={t('intake.phone')} optional autoComplete="off" />
        <TextArea field={f.address} label={t('intake.address')} hint={t('intake.addressHint')} optional rows={4} />
        <Radios field={f.language} legend={t('intake.language')} choices={d.languages.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))} />
        <h2>{t('intake.identityHeading')}</h2>
        <Radios
          field={f.identityMethod}
          legend={t('intake.identityLegend')}
          hint={t('intake.identityHint')}
          choices={[{ value: '', label: t('intake.identityNotChecked') }, ...d.identityMethods.map((m) => ({ value: m, label: t(`identityMethod.${m}`) }))]}
        />
        <TextArea field={f.identityNote} label={t('intake.identityNote')} hint={t('intake.identityNoteHint')} optional rows={3} />
        <Button>{t('intake.submit')}</Button>
      </Form>
    </>
  )
}
