import type { SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { z } from 'zod'
import { Form, Link, useActionData, useLoaderData, useLocation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { ActionForm } from '~/components/action-form'
import { DueTag } from '~/components/due-tag'
import { Thread, Timeline } from '~/components/timeline'
import { Button, ErrorList, Notification, SummaryList, Tag, type TagTone } from '~/components/ui'
import { ACTION_IDS, type ActionId } from '~/domain/action-types'
import { actionSchema, ActionUnavailableError, insertTemplate, isActionId, loadActionContext, nextStep, performAction, templateField } from '~/domain/actions.server'
import { AnswerInvalidError } from '~/domain/answers.server'
import { AssistanceError } from '~/domain/assistance.server'
import { emailsOnRequest } from '~/domain/inbound-mail.server'
import { ForwardedByPanel, TasksPanel } from '~/components/assistance'
import { TransitionError } from '~/domain/lifecycle'
import { officerRequestView } from '~/domain/request-view.server'
import { ActionRefusedError, RequestNotFoundError } from '~/domain/requests.server'
import { fixedT, formatDate, formatDateTime } from '~/i18n/i18n'
import { now } from '~/utils/clock'
import type { RequestStatus } from '~/vocabulary'
import { requirePermission } from '~/web/auth.server'
import { idField, readForm, textField } from '~/web/forms.server'
import { idParam, notFound } from '~/web/http.server'
import requestStyles from '~/styles/officer-requests.css?url'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: requestStyles }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, org, lang } = await requirePermission(request, params, 'requests.read')
  const url = new URL(request.url)
  const template = Number(url.searchParams.get('template'))
  try {
    const view = officerRequestView(getDb(), {
      org,
      officer: user,
      requestId: idParam(params.id),
      now: now(),
      lang,
      open: url.searchParams.get('do'),
      templateId: Number.isSafeInteger(template) && template > 0 ? template : undefined,
    })
    // The emails it came from or that were threaded onto it, each with its whole message and attachments.
    const emails = emailsOnRequest(getDb(), { orgId: org.id, requestId: view.id }).map((e) => ({ id: e.id, status: e.status, receivedAt: formatDateTime(e.receivedAt, lang, org.timeZone) }))
    return { ...view, emails, lang, orgName: org.name, pageTitle: fixedT(lang, 'officer')('request.title', { reference: view.reference }) }
  } catch (error) {
    if (error instanceof RequestNotFoundError) notFound()
    throw error
  }
}

// status 'error' at the top tells the document title to start with "Error:".
type ActionResult = { status: 'error'; intent: ActionId; result: SubmissionResult<string[]> } | { status: 'template'; intent: ActionId; result: SubmissionResult<string[]>; at: number }

export async function action({ request, params }: ActionFunctionArgs): Promise<ActionResult | Response> {
  const { user, org, lang } = await requirePermission(request, params, 'requests.work')
  const id = idParam(params.id)
  const form = await readForm(request)
  const intent = form.get('intent')
  if (!isActionId(intent)) notFound()
  const db = getDb()
  const fail = (submission: { reply: (o?: { formErrors?: string[] }) => SubmissionResult<string[]> }, key?: string): ActionResult => ({
    status: 'error',
    intent,
    result: submission.reply(key ? { formErrors: [key] } : undefined),
  })
  let ctx
  try {
    ctx = loadActionContext(db, { org, officer: user, requestId: id, now: now(), lang })
  } catch (error) {
    if (error instanceof RequestNotFoundError) notFound()
    throw error
  }
  // "Use this template": its text goes after what the officer typed, and the form comes back with everything else as it was.
  if (form.has('insertTemplate')) {
    const name = templateField(ctx, intent)
    const typed = (name && textField(form, name)) || ''
    const inserted = insertTemplate(ctx, intent, { templateId: idField(form, 'template') ?? 0, typed, formatDate: (d) => formatDate(d, lang, org.timeZone) })
    // What was posted, nested as the form reads it (decision.<category>…), without the picker's own fields.
    const { intent: _i, template: _t, insertTemplate: _s, ...kept } = parseWithZod(form, { schema: z.unknown() }).reply().initialValue ?? {}
    return { status: 'template', intent, result: { initialValue: { ...kept, ...inserted } }, at: Date.now() }
  }
  const submission = parseWithZod(form, { schema: actionSchema(ctx, intent) })
  if (submission.status !== 'success') return fail(submission)
  try {
    const done = await performAction(db, ctx, intent, submission.value)
    const step = nextStep(loadActionContext(db, { org, officer: user, requestId: id, now: now(), lang }), intent)
    const then = !step ? '' : 'next' in step ? `&do=${step.next}` : `&blocked=${step.blocked}`
    return redirect(`/${lang}/officer/requests/${id}?done=${intent}${done.taken ? '&taken=1' : ''}${then}`)
  } catch (error) {
    if (error instanceof RequestNotFoundError) notFound()
    if (error instanceof TransitionError) return fail(submission, 'officer:errors.notAllowed')
    if (error instanceof ActionRefusedError) return fail(submission, `officer:errors.${error.code}`)
    if (error instanceof ActionUnavailableError) return fail(submission, `officer:errors.${error.reason}`)
    if (error instanceof AnswerInvalidError) return fail(submission, `officer:errors.${error.code}`)
    if (error instanceof AssistanceError) return fail(submission, `officer:assistance.errors.${error.code}`)
    throw error
  }
}

const STATUS_TONE: Record<RequestStatus, TagTone> = {
  unverified: 'wait',
  received: 'neutral',
  in_progress: 'neutral',
  awaiting_subject: 'wait',
  completed: 'good',
  refused: 'bad',
  withdrawn: 'grey',
}

export default function OfficerRequest() {
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation('officer')
  const self = `/${d.lang}/officer/requests/${d.id}`
  const openSpec = d.open
  return (
    <>
      <Link to={`/${d.lang}/officer/queue`} className="back-link">
        {t('request.backToQueue')}
      </Link>
      <DoneNotice />
      {actionData?.status === 'error' && openSpec?.id !== actionData.intent ? <OrphanErrors result={actionData.result} /> : null}
      <header className="identity-bar">
        <span className="caption">{t(`request:types.${d.type}.name`)}</span>
        <h1>{t('request.title', { reference: d.reference })}</h1>
        <p className="identity-bar__facts">
          <Tag tone={STATUS_TONE[d.status]}>{t(`statusName.${d.status}`)}</Tag>
          {d.outcome && (d.status === 'completed' || d.outcome === 'not_confirmed' || d.outcome === 'merged') ? <Tag tone="grey">{t(`outcome.${d.outcome}`)}</Tag> : null}
          <span>
            {t('request.assignee')}: {d.assignee?.name ?? t('queue.nobody')}
          </span>
        </p>
      </header>

      <div className="case-layout">
        <div className="case-layout__side">
          {openSpec ? (
            <ActionForm
              key={openSpec.id + (openSpec.values.templateId ?? '') + (actionData?.status === 'template' ? actionData.at : '')}
              spec={openSpec}
              lastResult={actionData && actionData.intent === openSpec.id ? actionData.result : undefined}
              pageHref={self}
            />
          ) : null}

          <section aria-labelledby="dates-heading" className="case-panel">
            <h2 id="dates-heading">{t('request.datesHeading')}</h2>
            <SummaryList
              rows={[
                ...(d.dates
                  ? [
                      {
                        key: t('request.legalDeadline'),
                        value: (
                          <>
                            {d.dates.legal.date}
                            {d.closedAt ? null : (
                              <>
                                <br />
                                <DueTag daysLeft={d.dates.legal.daysLeft} urgency={d.dates.legal.urgency} paused={!!d.pausedSince} />
                              </>
                            )}
                            {d.extensionMonths > 0 ? <p className="hint">{t('request.extendedBy', { count: d.extensionMonths })}</p> : null}
                            {d.pausedSince ? <p className="hint">{t(`request.pausedSince.${d.pauseReason ?? 'clarification'}`, { at: d.pausedSince })}</p> : null}
                          </>
                        ),
                      },
                      {
                        key: t('request.slaTarget'),
                        value: (
                          <>
                            {d.dates.target.date}
                            {d.closedAt || d.pausedSince ? null : (
                              <>
                                <br />
                                <DueTag daysLeft={d.dates.target.daysLeft} urgency={d.dates.target.urgency} of="target" />
                              </>
                            )}
                          </>
                        ),
                      },
                    ]
                  : [{ key: t('request.legalDeadline'), value: t('request.notYetReceived') }]),
                ...(d.closedAt ? [{ key: t('request.closedAt'), value: d.closedAt }] : []),
                { key: t('request.received'), value: d.receivedAt ? `${d.receivedAt} (${t(`channel.${d.channel}`)})` : t('request.filedNotConfirmed', { at: d.filedAt }) },
                { key: t('request.language'), value: t(`language.${d.language}`) },
              ]}
            />
          </section>

          <section aria-labelledby="actions-heading" className="case-panel">
            <h2 id="actions-heading">{t('request.actions')}</h2>
            {d.actions.length === 0 ? (
              <p>{t('request.noActions')}</p>
            ) : (
              <ul className="action-list">
                {d.actions.map((a) => (
                  <li key={a.id}>
                    {a.available ? (
                      <Link to={a.page ? `${self}/${a.page}` : `${self}?do=${a.id}`} aria-current={openSpec?.id === a.id ? 'true' : undefined}>
                        {t(`actions.${a.id}.heading`)}
                      </Link>
                    ) : (
                      <>
                        <span className="action-list__blocked">{t(`actions.${a.id}.heading`)}</span>
                        <span className="hint"> {t(`errors.${a.reason}`)}</span>
                      </>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>

        <div className="case-layout__main">
          {d.assistance.forwardedBy ? <ForwardedByPanel lang={d.lang} data={d.assistance.forwardedBy} /> : null}
          {d.answeredBy ? (
            <Notification tone={d.answeredBy.name ? 'info' : 'warning'} title={d.answeredBy.name ? t('request.forClient', { controller: d.answeredBy.name }) : t('request.needsRouting')}>
              <p>
                {!d.answeredBy.name
                  ? t('request.needsRoutingBody')
                  : d.handOvers.some((h) => h.active)
                    ? t('request.forClientPassedOn', { controller: d.answeredBy.name })
                    : t('request.forClientBody', { controller: d.answeredBy.name })}
              </p>
              {d.call ? <p>{t('request.callHint', { number: d.call.number ?? '–', on: d.call.on ?? '–' })}</p> : null}
              {d.linked.length ? (
                <p>
                  {t('request.linked')}{' '}
                  {d.linked.map((o, i) => (
                    <span key={o.id}>
                      {i ? ', ' : ''}
                      <Link to={`/${d.lang}/officer/requests/${o.id}`}>{o.reference}</Link> ({o.answeredBy})
                    </span>
                  ))}
                </p>
              ) : null}
            </Notification>
          ) : null}
          {d.handOvers.length > 0 ? <HandOvers handOvers={d.handOvers} custodyHref={`${self}/custody`} /> : null}
          {d.assistance.tasks.length > 0 ? <TasksPanel lang={d.lang} requestId={d.id} tasks={d.assistance.tasks} /> : null}
          {d.controllerCustody ? (
            <section aria-labelledby="custody-heading">
              <h2 id="custody-heading">{t('custody.export')}</h2>
              <CustodyLinks href={`${self}/custody`} />
            </section>
          ) : null}
          <MergePanels d={d} />
          {d.sameNameElsewhere.length > 0 ? (
            <Notification tone="warning" title={t('request.sameNameTitle')}>
              <p>{t('request.sameNameBody')}</p>
              <ul>
                {d.sameNameElsewhere.map((o) => (
                  <li key={o.id}>
                    <Link to={`/${d.lang}/officer/requests/${o.id}`}>{o.reference}</Link>
                  </li>
                ))}
              </ul>
            </Notification>
          ) : null}

          <section aria-labelledby="filed-heading">
            <h2 id="filed-heading">{t('request.asFiled')}</h2>
            <SummaryList
              rows={[
                { key: t('request.type'), value: t(`request:types.${d.type}.name`) },
                ...d.details.map((item) => ({ key: t(`detailField.${item.key}`), value: detailValue(t, item.key, item.value) })),
              ]}
            />
          </section>

          <section aria-labelledby="person-heading">
            <h2 id="person-heading">{t('request.person')}</h2>
            <SummaryList
              rows={[
                { key: t('request.name'), value: d.subject.name },
                {
                  key: t('request.email'),
                  value: d.subject.email ? (
                    <>
                      {d.subject.email}
                      <p className="hint">{d.emailVerifiedAt ? t('request.emailConfirmedAt', { at: d.emailVerifiedAt }) : t('request.emailNotConfirmed')}</p>
                    </>
                  ) : (
                    t('intake.noEmail')
                  ),
                },
                ...(d.subject.phone ? [{ key: t('request.phone'), value: d.subject.phone }] : []),
                ...(d.subject.address ? [{ key: t('intake.address'), value: <span className="text-block">{d.subject.address}</span> }] : []),
                ...(d.registered ? [{ key: t('intake.registered'), value: t('intake.registeredBy', { name: d.registered.by, at: d.registered.at, channel: t(`intake.channel.${d.channel}`) }) }] : []),
                ...d.subject.identifiers.map((i) => ({ key: i.label, value: i.value })),
                {
                  key: t('request.identity'),
                  value:
                    d.identityVerifiedAt && d.identityMethod
                      ? t('request.identityVerified', { method: t(`identityMethod.${d.identityMethod}`), at: d.identityVerifiedAt })
                      : d.identityOverriddenAt
                        ? t('request.identityOverridden', { at: d.identityOverriddenAt })
                        : t('request.identityNotVerified'),
                },
              ]}
            />
          </section>

          {d.byLetter ? (
            <section aria-labelledby="letter-heading">
              <h2 id="letter-heading">{t('intake.letterHeading')}</h2>
              <p>{t('intake.letterLead')}</p>
              <Form method="post" action={`${self}/letter`} reloadDocument>
                <Button tone="secondary">{t('intake.letterButton')}</Button>
              </Form>
            </section>
          ) : null}

          {d.doNotContact ? (
            <section aria-labelledby="do-not-contact-heading">
              <h2 id="do-not-contact-heading">{t('doNotContact.heading')}</h2>
              <p className="hint">{t('doNotContact.lead')}</p>
              <SummaryList rows={d.doNotContact.map((s) => ({ key: s.label, value: t(`doNotContact.state.${s.state}`) }))} />
            </section>
          ) : null}

          <section aria-labelledby="thread">
            <h2 id="thread">{t('request.thread')}</h2>
            <Thread messages={d.thread} audience="officer" orgName={d.orgName} emptyText={t('request.noMessages')} />
            {d.emails.length ? (
              <>
                <h3>{t('inbox.onRequest')}</h3>
                <ul className="list">
                  {d.emails.map((e) => (
                    <li key={e.id}>
                      <Link to={`/${d.lang}/officer/inbox/${e.id}`}>{t(`inbox.onRequestItem.${e.status === 'threaded' ? 'reply' : 'request'}`, { at: e.receivedAt })}</Link>
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </section>

          <section aria-labelledby="notes-heading">
            <h2 id="notes-heading">{t('request.notes')}</h2>
            <Thread messages={d.notes} audience="officer" orgName={d.orgName} emptyText={t('request.noNotes')} />
          </section>

          <section aria-labelledby="timeline-heading">
            <h2 id="timeline-heading">{t('request.timeline')}</h2>
            <Timeline entries={d.timeline} audience="officer" />
          </section>
        </div>
      </div>
    </>
  )
}

type RequestView = ReturnType<typeof useLoaderData<typeof loader>>

/** Duplicates (docs/decisions/023): the open requests that match this one, and what was merged into what. */
function MergePanels({ d }: { d: RequestView }) {
  const { t } = useTranslation('officer')
  const link = (o: { id: number; reference: string }) => <Link to={`/${d.lang}/officer/requests/${o.id}`}>{o.reference}</Link>
  return (
    <>
      {d.mergedInto ? (
        <Notification tone="info" title={t('duplicates.mergedIntoTitle')}>
          <p>
            {t('duplicates.mergedIntoBody')} {link(d.mergedInto)}
          </p>
        </Notification>
      ) : null}
      {d.mergedHere.length > 0 ? (
        <Notification tone="info" title={t('duplicates.mergedHereTitle')}>
          <p>{t('duplicates.mergedHereBody')}</p>
          <ul>
            {d.mergedHere.map((o) => (
              <li key={o.id}>{link(o)}</li>
            ))}
          </ul>
        </Notification>
      ) : null}
      {d.duplicates.length > 0 ? (
        <Notification tone="warning" title={t('duplicates.title')}>
          <p>{t('duplicates.body')}</p>
          <ul>
            {d.duplicates.map((o) => (
              <li key={o.id}>
                {link(o)} {`(${t(`statusName.${o.status}`)}): ${o.basis.map((b) => t(`duplicates.basis.${b}`)).join(', ')}`}
              </li>
            ))}
          </ul>
        </Notification>
      ) : null}
    </>
  )
}

type HandOverView = ReturnType<typeof useLoaderData<typeof loader>>['handOvers'][number]

/** A processor's request passed on: each hand-over with both instants and the lag, whether it arrived, what the controller did; and the chain of custody to download. */
function HandOvers({ handOvers, custodyHref }: { handOvers: HandOverView[]; custodyHref: string }) {
  const { t } = useTranslation('officer')
  const notYet = t('custody.notYet')
  return (
    <section aria-labelledby="hand-over-heading">
      <h2 id="hand-over-heading">{t('custody.heading')}</h2>
      <p className="hint">{t('custody.intro')}</p>
      {handOvers.map((h) => (
        <SummaryList
          key={h.id}
          rows={[
            { key: t('custody.controller'), value: h.active ? h.controller : `${h.controller} (${t('custody.ended')})` },
            { key: t('custody.recipient'), value: h.recipient },
            { key: t('custody.way'), value: t(h.onPortal ? 'custody.onPortal' : 'custody.byLink') },
            { key: t('custody.receivedAt'), value: h.receivedAt },
            { key: t('custody.forwardedAt'), value: `${h.forwardedAt} (${t('custody.lag', h.lag)})` },
            {
              key: t('custody.delivery'),
              value:
                h.delivery === 'undelivered' ? (
                  <Tag tone="bad">{t('custody.delivery_undelivered', { at: h.undeliveredAt })}</Tag>
                ) : h.delivery === 'sent' ? (
                  t('custody.delivery_sent', { at: h.sentAt })
                ) : (
                  t('custody.delivery_queued')
                ),
            },
            { key: t('custody.acknowledged'), value: h.acknowledgedAt ?? notYet },
            { key: t('custody.answered'), value: h.directAnswerOn ? t('custody.directOn', { date: h.directAnswerOn }) : (h.answeredAt ?? notYet) },
            {
              key: t('custody.reminders'),
              value: (
                <>
                  {h.reminders}
                  {h.escalatedAt ? <p className="hint">{t('custody.escalatedAt', { at: h.escalatedAt })}</p> : null}
                  {h.returnedAt ? <p className="hint">{t('custody.returnedAt', { at: h.returnedAt })}</p> : null}
                </>
              ),
            },
          ]}
        />
      ))}
      <h3>{t('custody.export')}</h3>
      <CustodyLinks href={custodyHref} />
    </section>
  )
}

function CustodyLinks({ href }: { href: string }) {
  const { t } = useTranslation('officer')
  return (
    <>
      <p className="hint">{t('custody.exportHint')}</p>
      <ul>
        <li>
          <a href={`${href}/pdf`} download>
            {t('custody.pdf')}
          </a>
        </li>
        <li>
          <a href={`${href}/json`} download>
            {t('custody.json')}
          </a>
        </li>
      </ul>
    </>
  )
}

/** Errors of a submission whose form is not open (posted to the page without ?do=): shown, never lost. */
function OrphanErrors({ result }: { result: SubmissionResult<string[]> }) {
  const { t } = useTranslation('officer')
  const messages = [...(result.error?.[''] ?? []), ...Object.entries(result.error ?? {}).flatMap(([k, v]) => (k ? (v ?? []) : []))]
  return <ErrorList items={messages.map((m) => ({ text: t(m) }))} />
}

function detailValue(t: (key: string) => string, key: string, value: string) {
  if (key === 'scope') return t(`request:details.scope.${value}`)
  if (key === 'ground') return t(`request:details.ground.${value}`)
  if (key === 'ask') return t(`request:details.automated.ask.${value}`)
  return value
}

/** Only the confirmation of what was just done: a submission's errors never outlive it. */
function DoneNotice() {
  const { t } = useTranslation('officer')
  const search = new URLSearchParams(useLocation().search)
  const done = search.get('done')
  const registered = Number(search.get('registered'))
  if (Number.isInteger(registered) && registered > 0) return <Notification tone="success" title={t('intake.registeredNotice', { count: registered })} />
  if (!(ACTION_IDS as readonly (string | null)[]).includes(done)) return null
  // The next step is blocked (sending an answer before the identity is verified): say so, and why, instead of "then send it".
  const blocked = search.get('blocked')
  const why = blocked && /^[A-Za-z]+$/.test(blocked) ? t(`errors.${blocked}`, { defaultValue: '' }) : ''
  return (
    <Notification tone="success" title={t(blocked ? `done.${done}Blocked` : `done.${done}`, { defaultValue: t(`done.${done}`) })}>
      {why ? <p>{why}</p> : null}
      {search.get('taken') === '1' ? <p>{t('done.taken')}</p> : null}
    </Notification>
  )
}
