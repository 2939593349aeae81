import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useLocation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { getDb } from '#db/client.server'
import { DueTag } from '~/components/due-tag'
import { ErrorSummary, Radios, TextArea } from '~/components/forms'
import { getRequestForOrg, orgOfficers, requestTimeline } from '~/data/officer-requests.server'
import { daysLeft, legalDeadline, urgency } from '~/domain/deadlines'
import { localize } from '~/domain/languages'
import { IDENTITY_METHODS, REFUSAL_GROUNDS, type IdentityMethod, type RefusalGround } from '~/domain/officer-actions'
import { canTake, TransitionError, type Action } from '~/domain/lifecycle'
import {
  ActionRefusedError,
  addNote,
  askForInformation,
  assignRequest,
  completeRequest,
  extendRequest,
  informationReceived,
  refuseRequest,
  RequestNotFoundError,
  sendMessage,
  verifyIdentity,
  withdrawRequest,
} from '~/domain/requests.server'
import { fixedT, formatDate, formatDateTime } from '~/i18n/i18n'
import { requireOfficer } from '~/utils/auth.server'
import { now, nowMs } from '~/utils/clock'
import { env } from '~/utils/env.server'
import { notFound } from '~/utils/http.server'
import requestStyles from '~/styles/officer-requests.css?url'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: requestStyles }]

// One schema per action form. Error messages are locale keys.
const text = (required: string, max = 5000) => z.string({ required_error: required }).trim().min(1, required).max(max, 'officer:errors.tooLong')
const schemas = {
  assign: z.object({ assignee: z.string().optional() }),
  note: z.object({ body: text('officer:errors.noteRequired') }),
  ask: z.object({
    topic: z.enum(['information', 'identity'], { message: 'officer:errors.topicRequired' }),
    message: text('officer:errors.messageRequired'),
  }),
  message: z.object({ message: text('officer:errors.messageRequired') }),
  received: z.object({ note: z.string().trim().max(5000, 'officer:errors.tooLong').optional() }),
  verify: z.object({ method: z.enum(IDENTITY_METHODS, { message: 'officer:errors.methodRequired' }) }),
  extend: z.object({
    months: z.enum(['1', '2'], { message: 'officer:errors.monthsRequired' }),
    reason: text('officer:errors.extensionReasonRequired'),
  }),
  refuse: z.object({
    ground: z.enum(REFUSAL_GROUNDS, { message: 'officer:errors.groundRequired' }),
    reason: text('officer:errors.refusalReasonRequired'),
  }),
  complete: z.object({ reply: text('officer:errors.replyRequired', 20_000) }),
  withdraw: z.object({ note: z.string().trim().max(5000, 'officer:errors.tooLong').optional() }),
}
type Intent = keyof typeof schemas
const INTENTS = Object.keys(schemas) as Intent[]
const ACTION_OF: Record<Intent, Action> = {
  assign: 'assign',
  note: 'note',
  ask: 'askForInformation',
  message: 'message',
  received: 'informationReceived',
  verify: 'verifyIdentity',
  extend: 'extend',
  refuse: 'refuse',
  complete: 'complete',
  withdraw: 'withdraw',
}
const FIELDS: Record<Intent, string[]> = {
  assign: [],
  note: ['body'],
  ask: ['topic', 'message'],
  message: ['message'],
  received: ['note'],
  verify: ['method'],
  extend: ['months', 'reason'],
  refuse: ['ground', 'reason'],
  complete: ['reply'],
  withdraw: ['note'],
}
const THREAD_KINDS = ['information_requested', 'identity_requested', 'message_sent', 'subject_replied']

async function loadRequest(request: Request, params: LoaderFunctionArgs['params']) {
  const officer = await requireOfficer(request, params)
  const id = Number(params.id)
  const row = Number.isSafeInteger(id) ? getRequestForOrg(getDb(), { orgId: officer.org.id, id }) : undefined
  if (!row) notFound()
  return { ...officer, row }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { org, lang, row: r } = await loadRequest(request, params)
  const db = getDb()
  const t = fixedT(lang, ['officer', 'request'])
  const tz = org.timeZone
  const at = now()
  const officers = orgOfficers(db, org.id)
  const timeline = requestTimeline(db, { orgId: org.id, requestId: r.id })
  const left = daysLeft(r.queueDueAt, at, tz)
  const identifiers = Object.entries(r.subjectIdentifiers).map(([key, value]) => {
    const def = org.profile.identifiers.find((i) => i.key === key)
    return { label: def ? localize(def.label, lang) : key, value }
  })
  const details = Object.entries(r.details)
    .filter(([key, value]) => key !== 'type' && typeof value === 'string' && value)
    .map(([key, value]) => ({ key, value: String(value) }))
  const can = Object.fromEntries(INTENTS.map((i) => [i, canTake(ACTION_OF[i], r.status, 'officer')])) as Record<Intent, boolean>
  const withinFirstMonth = nowMs() <= legalDeadline(r.receivedAt, org, 1).getTime()
  return {
    pageTitle: t('officer:request.title', { reference: r.reference }),
    lang,
    id: r.id,
    reference: r.reference,
    type: r.type,
    status: r.status,
    channel: r.channel,
    language: r.language,
    details,
    subject: { name: r.subjectName, email: r.subjectEmail, phone: r.subjectPhone, identifiers },
    emailVerifiedAt: r.emailVerifiedAt ? formatDateTime(r.emailVerifiedAt, lang, tz) : null,
    identityVerifiedAt: r.identityVerifiedAt ? formatDateTime(r.identityVerifiedAt, lang, tz) : null,
    identityMethod: r.identityMethod,
    receivedAt: formatDateTime(r.receivedAt, lang, tz),
    dueDate: formatDate(r.dueAt, lang, tz),
    slaDate: formatDate(r.slaDueAt, lang, tz),
    queueDaysLeft: left,
    urgency: urgency(left),
    pausedSince: r.pausedAt ? formatDateTime(r.pausedAt, lang, tz) : null,
    extensionMonths: r.extensionMonths,
    closedAt: r.closedAt ? formatDateTime(r.closedAt, lang, tz) : null,
    assigneeId: r.assigneeId,
    assigneeName: officers.find((o) => o.id === r.assigneeId)?.name ?? null,
    officers: officers.map((o) => ({ id: o.id, name: o.name })),
    orgPauses: org.pauseClockOnInfoRequest,
    can: { ...can, extend: can.extend && r.extensionMonths === 0 && withinFirstMonth },
    extendBlocked: can.extend ? (r.extensionMonths > 0 ? 'alreadyExtended' : withinFirstMonth ? null : 'extensionTooLate') : null,
    notes: timeline
      .filter((e) => e.kind === 'note')
      .map((e) => ({ id: e.id, at: formatDateTime(e.at, lang, tz), by: e.actorName ?? '', body: String(e.data.body ?? '') })),
    thread: timeline
      .filter((e) => THREAD_KINDS.includes(e.kind))
      .map((e) => ({ id: e.id, at: formatDateTime(e.at, lang, tz), fromSubject: e.actorKind === 'subject', by: e.actorName ?? '', kind: e.kind, body: String(e.data.message ?? '') })),
    timeline: timeline.map((e) => ({
      id: e.id,
      at: formatDateTime(e.at, lang, tz),
      kind: e.kind,
      actorKind: e.actorKind,
      by: e.actorName,
      visibleToSubject: e.visibleToSubject,
      detail: eventDetail(t, e.kind, e.data, lang, tz, officers),
    })),
  }
}

/** One line saying what an event changed, for the timeline. */
function eventDetail(
  t: ReturnType<typeof fixedT>,
  kind: string,
  data: Record<string, unknown>,
  lang: Parameters<typeof formatDate>[1],
  tz: string,
  officers: Array<{ id: number; name: string }>,
): string {
  const date = (v: unknown) => (typeof v === 'string' ? formatDate(new Date(v), lang, tz) : '')
  switch (kind) {
    case 'assigned':
      return officers.find((o) => o.id === data.assigneeId)?.name ?? ''
    case 'identity_verified':
      return t(`officer:identityMethod.${String(data.method)}`)
    case 'extended':
      return `${t('officer:timeline.extendedBy', { count: Number(data.months) })} ${t('officer:timeline.newDueDate', { date: date(data.dueAt) })}\n${String(data.reason ?? '')}`
    case 'refused':
      return `${t(`officer:refusalGround.${String(data.ground)}`)}\n${String(data.reason ?? '')}`
    case 'clock_paused':
      return t('officer:timeline.pausedAt', { at: typeof data.pausedAt === 'string' ? formatDateTime(new Date(data.pausedAt), lang, tz) : '' })
    case 'clock_resumed':
      return t('officer:timeline.resumed', {
        pausedAt: typeof data.pausedAt === 'string' ? formatDateTime(new Date(data.pausedAt), lang, tz) : '',
        resumedAt: typeof data.resumedAt === 'string' ? formatDateTime(new Date(data.resumedAt), lang, tz) : '',
        count: Number(data.days ?? 0),
        date: date(data.dueAt),
      })
    case 'withdrawn':
    case 'information_received':
      return String(data.note ?? '')
    case 'completed':
      return String(data.reply ?? '')
    default:
      return ''
  }
}

// status 'error' at the top tells the document title to start with "Error:".
type ActionResult = { status: 'error'; intent: Intent; result: SubmissionResult<string[]> }

export async function action({ request, params }: ActionFunctionArgs): Promise<ActionResult | Response> {
  const { user, org, lang, row } = await loadRequest(request, params)
  const formData = await request.formData()
  const intent = String(formData.get('intent') ?? '') as Intent
  if (!INTENTS.includes(intent)) notFound()
  const submission = parseWithZod(formData, { schema: schemas[intent] })
  if (submission.status !== 'success') return { status: 'error', intent, result: submission.reply() }
  const db = getDb()
  const act = { orgId: org.id, requestId: row.id, officerId: user.id }
  const publicUrl = env().PUBLIC_URL
  try {
    const v = submission.value as Record<string, string | undefined>
    switch (intent) {
      case 'assign': {
        const a = v.assignee ?? ''
        assignRequest(db, { ...act, assigneeId: a === '' ? null : a === 'me' ? user.id : Number(a) })
        break
      }
      case 'note':
        addNote(db, { ...act, body: v.body! })
        break
      case 'ask':
        askForInformation(db, { ...act, topic: v.topic as 'information' | 'identity', message: v.message! }, publicUrl)
        break
      case 'message':
        sendMessage(db, { ...act, message: v.message! }, publicUrl)
        break
      case 'received':
        informationReceived(db, { ...act, note: v.note })
        break
      case 'verify':
        verifyIdentity(db, { ...act, method: v.method as IdentityMethod })
        break
      case 'extend':
        extendRequest(db, { ...act, months: Number(v.months) as 1 | 2, reason: v.reason! }, publicUrl)
        break
      case 'refuse':
        refuseRequest(db, { ...act, ground: v.ground as RefusalGround, reason: v.reason! }, publicUrl)
        break
      case 'complete':
        completeRequest(db, { ...act, reply: v.reply! }, publicUrl)
        break
      case 'withdraw':
        withdrawRequest(db, { ...act, note: v.note }, publicUrl)
        break
    }
  } catch (error) {
    if (error instanceof RequestNotFoundError) notFound()
    if (error instanceof TransitionError) return { status: 'error', intent, result: submission.reply({ formErrors: ['officer:errors.notAllowed'] }) }
    if (error instanceof ActionRefusedError) return { status: 'error', intent, result: submission.reply({ formErrors: [`officer:errors.${error.code}`] }) }
    throw error
  }
  return redirect(`/${lang}/officer/requests/${row.id}?done=${intent}`)
}

function useActionForm(intent: Intent) {
  const data = useActionData<typeof action>()
  const lastResult = data && 'intent' in data && data.intent === intent ? data.result : undefined
  return useForm<Record<string, string>>({ id: `${intent}-form`, lastResult, shouldValidate: 'onSubmit' })
}

export default function OfficerRequest() {
  const d = useLoaderData<typeof loader>()
  const { t } = useTranslation('officer')
  const forms = {
    assign: useActionForm('assign'),
    note: useActionForm('note'),
    ask: useActionForm('ask'),
    message: useActionForm('message'),
    received: useActionForm('received'),
    verify: useActionForm('verify'),
    extend: useActionForm('extend'),
    refuse: useActionForm('refuse'),
    complete: useActionForm('complete'),
    withdraw: useActionForm('withdraw'),
  }
  return (
    <>
      <Link to={`/${d.lang}/officer/queue`} className="back-link">
        {t('request.backToQueue')}
      </Link>
      {INTENTS.map((intent) => {
        const [form, fields] = forms[intent]
        return <ErrorSummary key={intent} form={form} fields={FIELDS[intent].map((name) => ({ field: fields[name]! }))} />
      })}
      <DoneNotice />
      <span className="caption">{t(`request:types.${d.type}.name`)}</span>
      <h1>{t('request.title', { reference: d.reference })}</h1>

      <dl className="summary-list">
        <Row label={t('request.status')}>
          <strong className={`tag tag--${d.status}`}>{t(`statusName.${d.status}`)}</strong>
        </Row>
        <Row label={t('request.legalDeadline')}>
          {d.dueDate}
          {d.extensionMonths > 0 ? <p className="hint">{t('request.extendedBy', { count: d.extensionMonths })}</p> : null}
          <p className="hint">{t('request.legalDeadlineHint')}</p>
        </Row>
        <Row label={t('request.slaTarget')}>{d.slaDate}</Row>
        {d.closedAt ? (
          <Row label={t('request.closedAt')}>{d.closedAt}</Row>
        ) : (
          <Row label={t('request.timeLeft')}>
            <DueTag daysLeft={d.queueDaysLeft} urgency={d.urgency} paused={!!d.pausedSince} />
            {d.pausedSince ? <p className="hint">{t('request.pausedSince', { at: d.pausedSince })}</p> : null}
          </Row>
        )}
        <Row label={t('request.received')}>
          {d.receivedAt} ({t(`channel.${d.channel}`)})
        </Row>
        <Row label={t('request.assignee')}>{d.assigneeName ?? t('queue.nobody')}</Row>
        <Row label={t('request.language')}>{t(`language.${d.language}`)}</Row>
      </dl>

      <h2>{t('request.asFiled')}</h2>
      <dl className="summary-list">
        <Row label={t('request.type')}>{t(`request:types.${d.type}.name`)}</Row>
        {d.details.map((item) => (
          <Row key={item.key} label={t(`detailField.${item.key}`)}>
            {detailValue(t, item.key, item.value)}
          </Row>
        ))}
      </dl>

      <h2>{t('request.person')}</h2>
      <dl className="summary-list">
        <Row label={t('request.name')}>{d.subject.name}</Row>
        <Row label={t('request.email')}>
          {d.subject.email}
          <p className="hint">{d.emailVerifiedAt ? t('request.emailConfirmedAt', { at: d.emailVerifiedAt }) : t('request.emailNotConfirmed')}</p>
        </Row>
        {d.subject.phone ? <Row label={t('request.phone')}>{d.subject.phone}</Row> : null}
        {d.subject.identifiers.map((i) => (
          <Row key={i.label} label={i.label}>
            {i.value}
          </Row>
        ))}
        <Row label={t('request.identity')}>
          {d.identityVerifiedAt && d.identityMethod
            ? t('request.identityVerified', { method: t(`identityMethod.${d.identityMethod}`), at: d.identityVerifiedAt })
            : t('request.identityNotVerified')}
        </Row>
      </dl>

      <h2 id="thread">{t('request.thread')}</h2>
      {d.thread.length === 0 ? (
        <p>{t('request.noMessages')}</p>
      ) : (
        <ol className="thread">
          {d.thread.map((m) => (
            <li key={m.id} className={`thread__item${m.fromSubject ? ' thread__item--subject' : ''}`}>
              <p className="thread__meta">
                {m.fromSubject ? t('request.fromPerson') : t('request.fromOfficer', { name: m.by })} · {m.at} · {t(`timeline.${m.kind}`)}
              </p>
              <p className="thread__body">{m.body}</p>
            </li>
          ))}
        </ol>
      )}

      <h2>{t('request.notes')}</h2>
      {d.notes.length === 0 ? (
        <p>{t('request.noNotes')}</p>
      ) : (
        <ol className="thread">
          {d.notes.map((n) => (
            <li key={n.id} className="thread__item">
              <p className="thread__meta">
                {n.by} · {n.at}
              </p>
              <p className="thread__body">{n.body}</p>
            </li>
          ))}
        </ol>
      )}

      <h2>{t('request.actions')}</h2>
      {/* Keyed by the number of events, so that after an action every form starts empty again (with JavaScript too). */}
      <div className="actions-grid" key={d.timeline.length}>
        {d.can.assign ? (
          <section aria-labelledby="assign-heading">
            <h3 id="assign-heading">{t('actions.assign.heading')}</h3>
            <Form method="post" {...getFormProps(forms.assign[0])}>
              <input type="hidden" name="intent" value="assign" />
              <div className="form-group">
                <label className="label" htmlFor="assign-assignee">
                  {t('actions.assign.label')}
                </label>
                <select className="select" id="assign-assignee" name="assignee" defaultValue={d.assigneeId ? String(d.assigneeId) : ''}>
                  <option value="">{t('queue.nobody')}</option>
                  {d.officers.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.name}
                    </option>
                  ))}
                </select>
              </div>
              <button type="submit" className="button button--secondary">
                {t('actions.assign.submit')}
              </button>
            </Form>
          </section>
        ) : null}

        {d.can.received ? (
          <section aria-labelledby="received-heading">
            <h3 id="received-heading">{t('actions.received.heading')}</h3>
            <p className="hint">{d.pausedSince ? t('actions.received.resumes') : t('actions.received.hint')}</p>
            <Form method="post" {...getFormProps(forms.received[0])}>
              <input type="hidden" name="intent" value="received" />
              <TextArea field={forms.received[1].note!} label={t('actions.received.note')} hint={t('actions.received.noteHint')} optional rows={3} />
              <button type="submit" className="button">
                {t('actions.received.submit')}
              </button>
            </Form>
          </section>
        ) : null}

        {d.can.verify ? (
          <section aria-labelledby="verify-heading">
            <h3 id="verify-heading">{t('actions.verify.heading')}</h3>
            <Form method="post" {...getFormProps(forms.verify[0])}>
              <input type="hidden" name="intent" value="verify" />
              <Radios
                field={forms.verify[1].method!}
                legend={t('actions.verify.legend')}
                hint={t('actions.verify.hint')}
                choices={IDENTITY_METHODS.map((m) => ({ value: m, label: t(`identityMethod.${m}`) }))}
              />
              <button type="submit" className="button">
                {t('actions.verify.submit')}
              </button>
            </Form>
          </section>
        ) : null}

        {d.can.ask ? (
          <section aria-labelledby="ask-heading">
            <h3 id="ask-heading">{t('actions.ask.heading')}</h3>
            <Form method="post" {...getFormProps(forms.ask[0])}>
              <input type="hidden" name="intent" value="ask" />
              <Radios
                field={forms.ask[1].topic!}
                legend={t('actions.ask.topicLegend')}
                choices={[
                  { value: 'information', label: t('actions.ask.topic.information') },
                  { value: 'identity', label: t('actions.ask.topic.identity') },
                ]}
              />
              <TextArea field={forms.ask[1].message!} label={t('actions.ask.message')} hint={t('actions.ask.messageHint')} />
              <p className="hint">{d.orgPauses ? t('actions.ask.pauses') : t('actions.ask.noPause')}</p>
              <button type="submit" className="button">
                {t('actions.ask.submit')}
              </button>
            </Form>
          </section>
        ) : null}

        {d.can.message ? (
          <section aria-labelledby="message-heading">
            <h3 id="message-heading">{t('actions.message.heading')}</h3>
            <Form method="post" {...getFormProps(forms.message[0])}>
              <input type="hidden" name="intent" value="message" />
              <TextArea field={forms.message[1].message!} label={t('actions.message.message')} hint={t('actions.ask.messageHint')} />
              <button type="submit" className="button button--secondary">
                {t('actions.message.submit')}
              </button>
            </Form>
          </section>
        ) : null}

        {d.can.extend ? (
          <section aria-labelledby="extend-heading">
            <h3 id="extend-heading">{t('actions.extend.heading')}</h3>
            <Form method="post" {...getFormProps(forms.extend[0])}>
              <input type="hidden" name="intent" value="extend" />
              <Radios
                field={forms.extend[1].months!}
                legend={t('actions.extend.legend')}
                hint={t('actions.extend.hint')}
                choices={[
                  { value: '1', label: t('actions.extend.months', { count: 1 }) },
                  { value: '2', label: t('actions.extend.months', { count: 2 }) },
                ]}
              />
              <TextArea field={forms.extend[1].reason!} label={t('actions.extend.reason')} hint={t('actions.extend.reasonHint')} />
              <button type="submit" className="button">
                {t('actions.extend.submit')}
              </button>
            </Form>
          </section>
        ) : d.extendBlocked ? (
          <section aria-labelledby="extend-heading">
            <h3 id="extend-heading">{t('actions.extend.heading')}</h3>
            <p>{t(`errors.${d.extendBlocked}`)}</p>
          </section>
        ) : null}

        {d.can.complete ? (
          <section aria-labelledby="complete-heading">
            <h3 id="complete-heading">{t('actions.complete.heading')}</h3>
            <Form method="post" {...getFormProps(forms.complete[0])}>
              <input type="hidden" name="intent" value="complete" />
              <TextArea field={forms.complete[1].reply!} label={t('actions.complete.reply')} hint={t('actions.complete.replyHint')} rows={10} />
              <button type="submit" className="button">
                {t('actions.complete.submit')}
              </button>
            </Form>
          </section>
        ) : null}

        {d.can.refuse ? (
          <section aria-labelledby="refuse-heading">
            <h3 id="refuse-heading">{t('actions.refuse.heading')}</h3>
            <Form method="post" {...getFormProps(forms.refuse[0])}>
              <input type="hidden" name="intent" value="refuse" />
              <Radios
                field={forms.refuse[1].ground!}
                legend={t('actions.refuse.legend')}
                choices={REFUSAL_GROUNDS.map((g) => ({ value: g, label: t(`refusalGround.${g}`) }))}
              />
              <TextArea field={forms.refuse[1].reason!} label={t('actions.refuse.reason')} hint={t('actions.refuse.reasonHint')} />
              <button type="submit" className="button button--warning">
                {t('actions.refuse.submit')}
              </button>
            </Form>
          </section>
        ) : null}

        {d.can.withdraw ? (
          <section aria-labelledby="withdraw-heading">
            <h3 id="withdraw-heading">{t('actions.withdraw.heading')}</h3>
            <Form method="post" {...getFormProps(forms.withdraw[0])}>
              <input type="hidden" name="intent" value="withdraw" />
              <TextArea field={forms.withdraw[1].note!} label={t('actions.withdraw.note')} hint={t('actions.withdraw.noteHint')} optional rows={3} />
              <button type="submit" className="button button--secondary">
                {t('actions.withdraw.submit')}
              </button>
            </Form>
          </section>
        ) : null}

        {d.can.note ? (
          <section aria-labelledby="note-heading">
            <h3 id="note-heading">{t('actions.note.heading')}</h3>
            <Form method="post" {...getFormProps(forms.note[0])}>
              <input type="hidden" name="intent" value="note" />
              <TextArea field={forms.note[1].body!} label={t('actions.note.body')} hint={t('actions.note.hint')} rows={3} />
              <button type="submit" className="button button--secondary">
                {t('actions.note.submit')}
              </button>
            </Form>
          </section>
        ) : null}
      </div>

      <h2>{t('request.timeline')}</h2>
      <table className="table timeline-table">
        <caption className="visually-hidden">{t('request.timeline')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('request.when')}</th>
            <th scope="col">{t('request.who')}</th>
            <th scope="col">{t('request.what')}</th>
          </tr>
        </thead>
        <tbody>
          {d.timeline.map((e) => (
            <tr key={e.id}>
              <th scope="row">{e.at}</th>
              <td>{e.by ?? t(`actor.${e.actorKind}`)}</td>
              <td>
                <strong>{t(`timeline.${e.kind}`, { defaultValue: e.kind })}</strong>
                {e.visibleToSubject ? <span className="hint-inline"> ({t('request.visibleToPerson')})</span> : null}
                {e.detail ? (
                  <>
                    <br />
                    {e.detail}
                  </>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  )
}

function detailValue(t: (key: string) => string, key: string, value: string) {
  if (key === 'scope') return t(`request:details.scope.${value}`)
  if (key === 'ground') return t(`request:details.ground.${value}`)
  return value
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="summary-list__row">
      <dt className="summary-list__key">{label}</dt>
      <dd className="summary-list__value">{children}</dd>
    </div>
  )
}

function DoneNotice() {
  const { t } = useTranslation('officer')
  const intent = new URLSearchParams(useLocation().search).get('done')
  if (!intent || !(INTENTS as string[]).includes(intent)) return null
  return (
    <div className="notification" role="status">
      <p>{t(`done.${intent}`)}</p>
    </div>
  )
}
