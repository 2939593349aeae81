import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useLocation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { ErrorSummary, TextArea } from '~/components/forms'
import { subjectRequest } from '~/data/subject.server'
import { canTake, TransitionError } from '~/domain/lifecycle'
import { ActionRefusedError, replyFromSubject } from '~/domain/requests.server'
import { formatDate, formatDateTime } from '~/i18n/i18n'
import { env } from '~/utils/env.server'
import { pageT } from '~/utils/http.server'

// The messages between the person and the organisation: the organisation's
// requests for information and the person's replies. Shown as one thread;
// everything else the person may see is the history.
const THREAD_KINDS = ['information_requested', 'identity_requested', 'message_sent', 'subject_replied']

const replySchema = z.object({
  message: z.string({ required_error: 'officer:errors.replyMessageRequired' }).trim().min(1, 'officer:errors.replyMessageRequired').max(5000, 'officer:errors.tooLong'),
})

function canReply(status: Parameters<typeof canTake>[1]) {
  return canTake('subjectReplied', status, 'subject') || canTake('message', status, 'subject')
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { t, lang, db } = pageT(params, ['request', 'officer'])
  const view = await subjectRequest(db, request)
  if (!view) throw redirect(`/${lang}/status`)
  const { request: r, org } = view
  const at = (d: Date) => formatDateTime(d, lang, org.timeZone)
  return {
    pageTitle: t('request:statusPage.title', { reference: r.reference }),
    reference: r.reference,
    orgName: org.name,
    type: r.type,
    status: r.status,
    receivedAt: at(r.receivedAt),
    dueDate: formatDate(r.dueAt, lang, org.timeZone),
    extended: r.extensionMonths > 0,
    canReply: canReply(r.status),
    awaiting: r.status === 'awaiting_subject',
    authority: org.profile.authority,
    thread: view.history
      .filter((e) => THREAD_KINDS.includes(e.kind))
      .map((e) => ({ id: e.id, at: at(e.at), kind: e.kind, fromSubject: e.actorKind === 'subject', body: String(e.data.message ?? '') })),
    history: view.history
      .filter((e) => !THREAD_KINDS.includes(e.kind))
      .map((e) => ({ id: e.id, kind: e.kind, at: at(e.at), data: historyData(e.kind, e.data, (d) => formatDate(d, lang, org.timeZone)) })),
  }
}

/** What the person may read of an event: an extension's reason, a refusal's ground and reason, the answer. */
function historyData(kind: string, data: Record<string, unknown>, date: (d: Date) => string) {
  const s = (v: unknown) => (typeof v === 'string' ? v : '')
  switch (kind) {
    case 'extended':
      return { months: Number(data.months ?? 0), dueDate: data.dueAt ? date(new Date(s(data.dueAt))) : '', text: s(data.reason) }
    case 'refused':
      return { ground: s(data.ground), text: s(data.reason) }
    case 'completed':
      return { text: s(data.reply) }
    case 'identity_verified':
      return { method: s(data.method) }
    default:
      return {}
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { lang, db } = pageT(params)
  const view = await subjectRequest(db, request)
  if (!view) throw redirect(`/${lang}/status`)
  const submission = parseWithZod(await request.formData(), { schema: replySchema })
  if (submission.status !== 'success') return submission.reply()
  if (!canReply(view.request.status)) return submission.reply({ formErrors: ['officer:errors.replyClosed'] })
  try {
    replyFromSubject(db, { requestId: view.request.id, message: submission.value.message }, env().PUBLIC_URL)
  } catch (error) {
    // The request was closed while the person wrote, or they sent too many messages:
    // say so beside the form and keep what they typed.
    if (error instanceof TransitionError) return submission.reply({ formErrors: ['officer:errors.replyClosed'] })
    if (error instanceof ActionRefusedError) return submission.reply({ formErrors: ['errors:status.replyLimit'] })
    throw error
  }
  return redirect(`/${lang}/status/request?sent=1#messages`)
}

export default function RequestStatus() {
  const d = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const { t } = useTranslation('request')
  const [form, fields] = useForm<{ message: string }>({ id: 'reply-form', lastResult, shouldValidate: 'onSubmit' })
  const sent = new URLSearchParams(useLocation().search).get('sent') === '1'
  return (
    <>
      <ErrorSummary form={form} fields={[{ field: fields.message }]} />
      {sent ? (
        <div className="notification" role="status">
          <p>{t('officer:status.replySent')}</p>
        </div>
      ) : null}
      <span className="caption">{d.orgName}</span>
      <h1>{t('statusPage.title', { reference: d.reference })}</h1>
      <dl className="summary-list">
        <div className="summary-list__row">
          <dt className="summary-list__key">{t('statusPage.status')}</dt>
          <dd className="summary-list__value">
            <strong className={`tag tag--${d.status}`}>{t(`status.${d.status}`)}</strong>
            <p className="hint">{t(`statusExplained.${d.status}`)}</p>
          </dd>
        </div>
        <div className="summary-list__row">
          <dt className="summary-list__key">{t('check.right')}</dt>
          <dd className="summary-list__value">{t(`types.${d.type}.name`)}</dd>
        </div>
        <div className="summary-list__row">
          <dt className="summary-list__key">{t('statusPage.received')}</dt>
          <dd className="summary-list__value">{d.receivedAt}</dd>
        </div>
        <div className="summary-list__row">
          <dt className="summary-list__key">{t('statusPage.dueDate')}</dt>
          <dd className="summary-list__value">
            {d.dueDate}
            {d.extended ? <p className="hint">{t('statusPage.extended')}</p> : null}
          </dd>
        </div>
      </dl>

      <h2 id="messages">{t('officer:status.messages')}</h2>
      {d.thread.length === 0 ? (
        <p>{t('officer:status.noMessages')}</p>
      ) : (
        <ol className="thread">
          {d.thread.map((m) => (
            <li key={m.id} className={`thread__item${m.fromSubject ? ' thread__item--subject' : ''}`}>
              <p className="thread__meta">
                {m.fromSubject ? t('officer:status.fromYou') : t('officer:status.fromOrg', { org: d.orgName })} · {m.at}
              </p>
              <p className="thread__body">
                {m.body}
              </p>
            </li>
          ))}
        </ol>
      )}
      {d.canReply ? (
        <Form method="post" {...getFormProps(form)} key={d.thread.length}>
          <TextArea
            field={fields.message}
            label={d.awaiting ? t('officer:status.replyLabelAwaiting', { org: d.orgName }) : t('officer:status.replyLabel', { org: d.orgName })}
            hint={t('officer:status.replyHint')}
          />
          <button type="submit" className="button">
            {t('officer:status.replySubmit')}
          </button>
        </Form>
      ) : null}

      <h2>{t('statusPage.history')}</h2>
      <ol className="timeline">
        {d.history.map((item) => (
          <li key={item.id} className="timeline__item">
            <p className="timeline__title">
              {t(`officer:history.${item.kind}`, { defaultValue: t(`history.${item.kind}`, { defaultValue: t('history.other') }) })}
            </p>
            <p className="timeline__date">{item.at}</p>
            <HistoryDetail kind={item.kind} data={item.data} authority={d.authority} />
          </li>
        ))}
      </ol>
    </>
  )
}

function HistoryDetail({
  kind,
  data,
  authority,
}: {
  kind: string
  data: { months?: number; dueDate?: string; text?: string; ground?: string; method?: string }
  authority: { name: string; complaintUrl: string }
}) {
  const { t } = useTranslation('officer')
  if (kind === 'extended') {
    return (
      <>
        <p>{t('status.extendedDetail', { count: data.months ?? 0, dueDate: data.dueDate })}</p>
        <p className="text-block">{data.text}</p>
      </>
    )
  }
  if (kind === 'refused') {
    return (
      <>
        <p>
          <strong>{t(`refusalGround.${data.ground}`)}</strong>
        </p>
        <p className="text-block">{data.text}</p>
        <p>
          {t('status.complain', { authority: authority.name })} <a href={authority.complaintUrl}>{authority.complaintUrl}</a>
        </p>
        <p>{t('status.court')}</p>
      </>
    )
  }
  if (kind === 'completed') return <p className="text-block">{data.text}</p>
  if (kind === 'identity_verified' && data.method) return <p>{t(`identityMethod.${data.method}`)}</p>
  return null
}
