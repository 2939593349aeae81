import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useLocation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ErrorSummary, TextArea } from '~/components/forms'
import { Thread, Timeline } from '~/components/timeline'
import { Button, Notification, OrgText, SummaryList, Tag } from '~/components/ui'
import { TransitionError } from '~/domain/lifecycle'
import { sendDownloadLink } from '~/domain/answers.server'
import { ActionRefusedError, replyFromSubject, replyInput } from '~/domain/requests.server'
import { canReply, subjectStatusView } from '~/domain/subject-view.server'
import { readForm } from '~/web/forms.server'
import { pageT } from '~/web/http.server'
import { subjectFromRequest } from '~/web/subject.server'

// The person's own page about their request: where it stands, by when it is
// due, the conversation with the organisation, what happened so far, and
// the answer once it is given.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { t, lang, db } = pageT(params, ['request', 'officer'])
  const access = await subjectFromRequest(db, request)
  if (!access) throw redirect(`/${lang}/status`)
  return { ...subjectStatusView(db, access, lang), lang, pageTitle: t('request:statusPage.title', { reference: access.request.reference }) }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { lang, db } = pageT(params)
  const access = await subjectFromRequest(db, request)
  if (!access) throw redirect(`/${lang}/status`)
  const form = await readForm(request)
  if (form.get('intent') === 'download-link') {
    // Said the same whether or not an email went: the address may have had enough this hour.
    sendDownloadLink(db, access.request)
    return redirect(`/${lang}/status/request?linkSent=1#answer-heading`)
  }
  const submission = parseWithZod(form, { schema: replyInput })
  if (submission.status !== 'success') return submission.reply()
  if (!canReply(access.request.status)) return submission.reply({ formErrors: ['officer:errors.replyClosed'] })
  try {
    replyFromSubject(db, { requestId: access.request.id, message: submission.value.message })
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
  const search = new URLSearchParams(useLocation().search)
  const sent = search.get('sent') === '1'
  return (
    <>
      <ErrorSummary form={form} fields={[{ field: fields.message }]} />
      {sent ? <Notification tone="success" title={t('officer:status.replySent')} /> : null}
      <span className="caption">{d.orgName}</span>
      <h1>{t('statusPage.title', { reference: d.reference })}</h1>
      <SummaryList
        rows={[
          {
            key: t('statusPage.status'),
            value: (
              <>
                <Tag>{t(d.mergedInto ? 'statusPage.merged' : `status.${d.status}`)}</Tag>
                <p className="hint">
                  {d.mergedInto ? (d.mergedInto.reference ? t('statusPage.mergedInto', { reference: d.mergedInto.reference }) : t('statusPage.mergedElsewhere')) : t(`statusExplained.${d.status}`)}
                </p>
              </>
            ),
          },
          { key: t('check.right'), value: t(`types.${d.type}.name`) },
          ...(d.answeredBy
            ? [
                {
                  key: t('statusPage.answeredBy'),
                  value: (
                    <>
                      {d.answeredBy.name ?? t('statusPage.notYetKnown')}
                      {d.handOver ? (
                        <HandOverSteps steps={d.handOver} orgName={d.orgName} />
                      ) : (
                        <p className="hint">{d.answeredBy.name ? t('statusPage.passOn', { org: d.orgName, controller: d.answeredBy.name }) : t('statusPage.needsRouting', { org: d.orgName })}</p>
                      )}
                    </>
                  ),
                },
              ]
            : []),
          ...(d.linked.length ? [{ key: t('statusPage.linked'), value: d.linked.map((l) => `${l.reference} (${l.answeredBy})`).join(', ') }] : []),
          { key: t('statusPage.received'), value: d.receivedAt },
          ...(d.dueDate && !d.closedAt
            ? [
                {
                  key: t('statusPage.dueDate'),
                  value: (
                    <>
                      {d.dueDate}
                      {d.extended ? <p className="hint">{t('statusPage.extended')}</p> : null}
                      {d.paused ? <p className="hint">{t('statusPage.paused')}</p> : null}
                    </>
                  ),
                },
              ]
            : []),
          ...(d.closedAt ? [{ key: t('statusPage.closed'), value: d.closedAt }] : []),
        ]}
      />

      {d.answer || d.documents ? (
        <section aria-labelledby="answer-heading">
          <h2 id="answer-heading">{t('statusPage.answerHeading')}</h2>
          {d.answer ? <p className="text-block">{d.answer}</p> : null}
          {d.documents ? <AnswerDocuments documents={d.documents} downloadsAllowed={d.downloadsAllowed} linkSent={search.get('linkSent') === '1'} expiredLink={search.get('download') === 'expired'} /> : null}
        </section>
      ) : null}

      {d.status === 'refused' || d.outcome === 'partly_granted' ? (
        <section aria-labelledby="complain-heading">
          <h2 id="complain-heading">{t('statusPage.complainHeading')}</h2>
          <p>{t('officer:status.complainLead')}</p>
          <p>
            <OrgText text={d.authority.name} lang={d.authority.lang} pageLang={d.lang} />: <a href={d.authority.complaintUrl}>{d.authority.complaintUrl}</a>
          </p>
          <p>{t('officer:status.court')}</p>
        </section>
      ) : null}

      <h2 id="messages">{t('officer:status.messages')}</h2>
      <Thread messages={d.thread} audience="subject" orgName={d.orgName} emptyText={t('officer:status.noMessages')} />
      {d.canReply ? (
        <Form method="post" {...getFormProps(form)} key={d.thread.length}>
          <TextArea
            field={fields.message}
            label={d.awaiting ? t('officer:status.replyLabelAwaiting', { org: d.orgName }) : t('officer:status.replyLabel', { org: d.orgName })}
            hint={t('officer:status.replyHint')}
          />
          <Button>{t('officer:status.replySubmit')}</Button>
        </Form>
      ) : null}

      <h2>{t('statusPage.history')}</h2>
      <Timeline entries={d.history} audience="subject" />
    </>
  )
}

type HandOverView = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>['handOver']>

/** Each step of the request's hand-over to the organisation that answers it, with its date. */
function HandOverSteps({ steps, orgName }: { steps: HandOverView; orgName: string }) {
  const { t } = useTranslation('request')
  const v = { org: orgName, controller: steps.controller }
  return (
    <ol className="hand-over-steps">
      <li>{t('handOver.passedOn', { ...v, date: steps.passedOn })}</li>
      {steps.acknowledged ? <li>{t('handOver.acknowledged', { ...v, date: steps.acknowledged })}</li> : null}
      {steps.directOn ? <li>{t('handOver.directOn', { ...v, date: steps.directOn })}</li> : null}
      {steps.answered && !steps.directOn ? <li>{t('handOver.answered', { ...v, date: steps.answered })}</li> : null}
      {!steps.acknowledged && !steps.answered && !steps.directOn ? <li className="hint">{t('handOver.waiting', v)}</li> : null}
    </ol>
  )
}

type DocumentsView = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>['documents']>

/**
 * The answer's files. They open only for a session a fresh download link
 * opened (the link goes to the request's own address, and only there).
 */
function AnswerDocuments({ documents, downloadsAllowed, linkSent, expiredLink }: { documents: DocumentsView; downloadsAllowed: boolean; linkSent: boolean; expiredLink: boolean }) {
  const { t } = useTranslation('request')
  if (documents.expired) return <Notification tone="warning" title={t('answer.expiredTitle')}>{<p>{t('answer.expiredBody', { date: documents.until })}</p>}</Notification>
  return (
    <>
      {expiredLink ? <Notification tone="warning" title={t('answer.confirmAgainTitle')} /> : null}
      <ul className="documents">
        {documents.items.map((doc) => (
          <li key={doc.id}>
            {downloadsAllowed ? (
              <a href={doc.href} download={doc.filename}>
                {t(`answer.document.${doc.kind}`)}
              </a>
            ) : (
              t(`answer.document.${doc.kind}`)
            )}{' '}
            <span className="hint">
              ({doc.filename}, {t('answer.size', { kb: Math.max(1, Math.round(doc.size / 1024)) })})
            </span>
          </li>
        ))}
      </ul>
      <p className="hint">{t('answer.until', { date: documents.until })}</p>
      {downloadsAllowed ? null : linkSent ? (
        <Notification tone="success" title={t('answer.linkSentTitle')}>
          <p>{t('answer.linkSentBody')}</p>
        </Notification>
      ) : (
        <Form method="post">
          <p>{t('answer.confirmLead')}</p>
          <input type="hidden" name="intent" value="download-link" />
          <Button>{t('answer.sendLink')}</Button>
        </Form>
      )}
    </>
  )
}
