import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useLocation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { Checkboxes, Radios, TextArea, TextField } from '~/components/forms'
import { CodeField } from '~/components/officer-auth'
import { Button, ErrorList, Notification, SummaryList, Tag } from '~/components/ui'
import { AnswerInvalidError } from '~/domain/answers.server'
import {
  acknowledgeForwarding,
  answerAsController,
  controllerAnswerInput,
  ControllerActionError,
  ControllerLinkRefusedError,
  controllerPageView,
  directAnswerInput,
  enterControllerCode,
  hasControllerSession,
  instructInput,
  instructProcessor,
  recordDirectAnswer,
  resolveControllerLink,
  sendBack,
  sendBackInput,
  sendControllerCode,
  type ControllerPageView,
} from '~/domain/controller-link.server'
import { TransitionError } from '~/domain/lifecycle'
import { ActionRefusedError } from '~/domain/requests.server'
import { INSTRUCTION_KINDS } from '~/vocabulary'
import { controllerCookieHeader, controllerSessionToken, sentBackBy, sentBackCookieHeader } from '~/web/controller.server'
import { readForm, textField } from '~/web/forms.server'
import { pageT } from '~/web/http.server'

// The secure page of a processor's client without an account (docs/decisions/017):
// the link from the forwarding email, opened with a one-time code. Every way
// the link can fail answers the same page, 404, saying only that it does not work.

const INTENTS = ['sendCode', 'enterCode', 'acknowledge', 'directAnswer', 'sendBack', 'instruct', 'answer'] as const
type Intent = (typeof INTENTS)[number]

/** A page answered with its status (as invalidForm does), typed as the body the page receives. */
function withStatus<T>(body: T, status: number): T {
  return data(body, { status }) as unknown as T
}

const codeInput = z.object({ code: z.string({ required_error: 'controller:errors.codeRequired' }).trim().min(1, 'controller:errors.codeRequired').max(40, 'controller:errors.wrong') })

const SCHEMAS: Record<Intent, z.ZodTypeAny> = {
  sendCode: z.object({}),
  enterCode: codeInput,
  acknowledge: z.object({}),
  directAnswer: directAnswerInput,
  sendBack: sendBackInput,
  instruct: instructInput,
  answer: controllerAnswerInput,
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { t, lang, db } = pageT(params, ['controller'])
  const access = resolveControllerLink(db, params.token)
  if (!access) {
    // This browser just sent the request back: say so, once the link works no more.
    const processor = await sentBackBy(request, params.token)
    if (processor) return { refused: true as const, sentBack: processor, lang, pageTitle: t('controller:sendBack.doneTitle', { processor }) }
    return withStatus({ refused: true as const, sentBack: null, lang, pageTitle: t('controller:refused.title') }, 404)
  }
  const opened = hasControllerSession(db, access, await controllerSessionToken(request))
  return { refused: false as const, lang, view: controllerPageView(db, access, opened, lang), pageTitle: t('controller:title', { reference: access.request.reference }) }
}

type Failure = { status: 'error'; intent: Intent; result: SubmissionResult<string[]> }

export async function action({ request, params }: ActionFunctionArgs) {
  const { t, lang, db } = pageT(params, ['controller'])
  const token = params.token
  const refused = () => withStatus({ refused: true as const, pageTitle: t('controller:refused.title') }, 404)
  // The link first, whatever was posted: a link that does not work says only that.
  const access = resolveControllerLink(db, token)
  if (!access) return refused()
  const form = await readForm(request)
  const intent = textField(form, 'intent') as Intent | undefined
  if (!intent || !INTENTS.includes(intent)) throw data({ error: 'badBody' }, { status: 400 })
  const self = `/${lang}/controller/${token}`
  const sessionToken = await controllerSessionToken(request)
  const submission = parseWithZod(form, { schema: SCHEMAS[intent] })
  const fail = (key?: string, status = 400) => withStatus<Failure>({ status: 'error', intent, result: submission.reply(key ? { formErrors: [key] } : undefined) }, status)
  // Everything but asking for and giving the code needs the session a code opened on this link.
  if (intent !== 'sendCode' && intent !== 'enterCode' && !hasControllerSession(db, access, sessionToken)) return fail('controller:errors.codeFirst', 403)
  if (submission.status !== 'success') return fail()
  const cred = { token, sessionToken }
  try {
    switch (intent) {
      case 'sendCode': {
        const sent = sendControllerCode(db, token)
        if (!sent.ok) return sent.reason === 'refused' ? refused() : fail('controller:errors.tooManyCodes', 429)
        return redirect(`${self}?code=sent#code-heading`)
      }
      case 'enterCode': {
        const entered = enterControllerCode(db, token, (submission.value as z.output<typeof codeInput>).code)
        if (entered.ok) return redirect(`${self}?done=opened`, { headers: await controllerCookieHeader(entered.sessionToken) })
        if (entered.reason === 'refused') return refused()
        return withStatus<Failure>({ status: 'error', intent, result: submission.reply({ fieldErrors: { code: [`controller:errors.${entered.reason}`] }, hideFields: ['code'] }) }, 400)
      }
      case 'acknowledge':
        acknowledgeForwarding(db, cred)
        break
      case 'directAnswer':
        recordDirectAnswer(db, cred, submission.value as z.output<typeof directAnswerInput>)
        break
      case 'sendBack':
        sendBack(db, cred, submission.value as z.output<typeof sendBackInput>)
        // The link stops working now: the page it comes back to says what happened, to this browser.
        return redirect(self, { headers: await sentBackCookieHeader(token!, access.org.name) })
      case 'instruct':
        instructProcessor(db, cred, submission.value as z.output<typeof instructInput>)
        break
      case 'answer':
        await answerAsController(db, cred, submission.value as z.input<typeof controllerAnswerInput>)
        break
    }
    return redirect(`${self}?done=${intent}`)
  } catch (error) {
    if (error instanceof ControllerLinkRefusedError) return refused()
    if (error instanceof ControllerActionError) return fail(`controller:errors.${error.code}`, error.code === 'codeFirst' ? 403 : 400)
    if (error instanceof TransitionError) return fail('controller:errors.closed')
    if (error instanceof ActionRefusedError || error instanceof AnswerInvalidError) return fail(`officer:errors.${error.code}`)
    throw error
  }
}

export default function ControllerLinkPage() {
  const loaded = useLoaderData<typeof loader>()
  const acted = useActionData<typeof action>()
  const { t } = useTranslation('controller')
  if (loaded.refused && loaded.sentBack) {
    return (
      <>
        <h1>{t('sendBack.doneTitle', { processor: loaded.sentBack })}</h1>
        <p>{t('sendBack.doneBody', { processor: loaded.sentBack })}</p>
      </>
    )
  }
  if (loaded.refused || (acted && 'refused' in acted)) {
    return (
      <>
        <h1>{t('refused.title')}</h1>
        <p>{t('refused.body')}</p>
      </>
    )
  }
  const failure = acted && 'intent' in acted ? acted : undefined
  return <Page view={loaded.view} failure={failure} />
}

function Page({ view, failure }: { view: ControllerPageView; failure?: Failure }) {
  const { t } = useTranslation('controller')
  const search = new URLSearchParams(useLocation().search)
  const f = view.facts
  const v = { processor: f.processorName, controller: f.clientName }
  const done = search.get('done')
  const lastResult = (intent: Intent) => (failure?.intent === intent ? failure.result : undefined)
  return (
    <>
      {done && ['opened', 'acknowledge', 'directAnswer', 'instruct', 'answer'].includes(done) && !failure ? <Notification tone="success" title={t(`doneNotice.${done}`, v)} /> : null}
      {failure ? <PageErrors failure={failure} linked={formShown(view, failure.intent)} /> : null}
      <span className="caption">{t('caption', v)}</span>
      <h1>{t('title', { reference: f.reference })}</h1>
      <p>{t('lead', v)}</p>
      <h2>{t('facts.heading')}</h2>
      <SummaryList
        rows={[
          { key: t('facts.reference'), value: f.reference },
          { key: t('facts.right'), value: t(`request:types.${f.type}.name`) },
          { key: t('facts.processor'), value: f.processorName },
          { key: t('facts.controller'), value: f.clientName },
          { key: t('facts.receivedAt', v), value: f.receivedAt },
          { key: t('facts.forwardedAt'), value: f.forwardedAt },
          { key: t('facts.dueAt'), value: f.dueAt },
          ...(view.opened
            ? []
            : [
                { key: t('facts.person'), value: view.masked.name },
                { key: t('facts.personEmail'), value: view.masked.email },
              ]),
        ]}
      />
      <p className="hint">{t('deadlineNote', v)}</p>
      {view.opened ? <Opened view={view} lastResult={lastResult} /> : <CodeForms view={view} sent={search.get('code') === 'sent'} lastResult={lastResult('enterCode')} />}
    </>
  )
}

/** Whether the page shows the form an intent came from, so the summary can link to its fields. */
function formShown(view: ControllerPageView, intent: Intent): boolean {
  if (!view.opened) return intent === 'enterCode'
  return !view.facts.closed && ['directAnswer', 'sendBack', 'instruct', 'answer'].includes(intent)
}

/** Each form's id: its fields are `${id}-${name}`. */
const FORM_IDS: Record<Intent, string> = { sendCode: 'send-code', enterCode: 'enter-code', acknowledge: 'acknowledge', directAnswer: 'direct', sendBack: 'send-back', instruct: 'instruct', answer: 'answer' }

/** The error summary at the top of the page (GOV.UK): a link to each field in error, its message beside the field too. */
function PageErrors({ failure, linked }: { failure: Failure; linked: boolean }) {
  const { t } = useTranslation('controller')
  const items = Object.entries(failure.result.error ?? {}).flatMap(([name, messages]) =>
    (messages ?? []).slice(0, 1).map((m) => ({ href: name && linked ? `#${FORM_IDS[failure.intent]}-${name}` : undefined, text: t(m) })),
  )
  return <ErrorList items={items} />
}

function CodeForms({ view, sent, lastResult }: { view: ControllerPageView; sent: boolean; lastResult?: SubmissionResult<string[]> }) {
  const { t } = useTranslation('controller')
  const [form, fields] = useForm<{ code: string }>({ id: FORM_IDS.enterCode, lastResult })
  const v = { processor: view.facts.processorName, controller: view.facts.clientName }
  return (
    <section aria-labelledby="code-heading">
      <h2 id="code-heading">{t('code.heading')}</h2>
      <p className="hint">{t('masked.hint')}</p>
      <p>{t('code.lead', v)}</p>
      {sent ? (
        <Notification tone="success" title={t('code.sentTitle')}>
          <p>{t('code.sentBody')}</p>
        </Notification>
      ) : null}
      <Form method="post">
        <input type="hidden" name="intent" value="sendCode" />
        <Button tone={sent ? 'secondary' : 'primary'}>{t(sent ? 'code.sendAgain' : 'code.send')}</Button>
      </Form>
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="enterCode" />
        <CodeField field={fields.code} label={t('code.label')} hint={t('code.hint')} />
        <Button tone={sent ? 'primary' : 'secondary'}>{t('code.submit')}</Button>
      </Form>
    </section>
  )
}

type OpenedView = Extract<ControllerPageView, { opened: true }>

function Opened({ view, lastResult }: { view: OpenedView; lastResult: (intent: Intent) => SubmissionResult<string[]> | undefined }) {
  const { t } = useTranslation('controller')
  const v = { processor: view.facts.processorName, controller: view.facts.clientName }
  const s = view.state
  return (
    <>
      <section aria-labelledby="person-heading">
        <h2 id="person-heading">{t('person.heading')}</h2>
        <SummaryList
          rows={[
            { key: t('person.name'), value: view.person.name },
            { key: t('person.email'), value: view.person.email },
            ...(view.person.phone ? [{ key: t('person.phone'), value: view.person.phone }] : []),
            ...view.person.identifiers.map((i) => ({ key: i.label, value: i.value })),
          ]}
        />
      </section>
      <section aria-labelledby="asked-heading">
        <h2 id="asked-heading">{t('asked.heading')}</h2>
        <SummaryList rows={view.details.map((d) => ({ key: t(`officer:detailField.${d.key}`), value: detailValue(t, d.key, d.value) }))} />
      </section>
      {view.call ? (
        <section aria-labelledby="call-heading">
          <h2 id="call-heading">{t('call.heading')}</h2>
          <SummaryList
            rows={[
              { key: t('call.number'), value: view.call.number ?? t('call.unknown') },
              { key: t('call.on'), value: view.call.on ?? t('call.unknown') },
            ]}
          />
        </section>
      ) : null}
      <section aria-labelledby="done-heading">
        <h2 id="done-heading">{t('done.heading')}</h2>
        <SummaryList
          rows={[
            { key: t('done.acknowledged'), value: s.acknowledgedAt ?? t('done.notAcknowledged') },
            ...(s.directAnswerOn ? [{ key: t('done.directAnswer'), value: s.directAnswerOn }] : []),
            ...(s.closedAt ? [{ key: t('done.closed'), value: <>{s.closedAt} {s.outcome ? <Tag tone="grey">{t(`officer:outcome.${s.outcome}`)}</Tag> : null}</> }] : []),
            {
              key: t('done.tasks', v),
              value: view.tasks.length ? (
                <ul className="list">
                  {view.tasks.map((task) => (
                    <li key={task.id}>
                      {t(`instruct.kinds.${task.kind}`)} ({task.doneAt ? t('done.taskDone', { date: task.doneAt }) : t('done.taskDue', { date: task.dueAt })})
                    </li>
                  ))}
                </ul>
              ) : (
                t('done.none')
              ),
            },
          ]}
        />
      </section>
      {view.facts.closed ? (
        <Notification tone="info" title={t('closedNotice')} />
      ) : (
        <>
          {s.acknowledgedAt ? null : (
            <section aria-labelledby="acknowledge-heading">
              <h2 id="acknowledge-heading">{t('acknowledge.heading')}</h2>
              <p>{t('acknowledge.lead', v)}</p>
              <Form method="post">
                <input type="hidden" name="intent" value="acknowledge" />
                <Button>{t('acknowledge.submit')}</Button>
              </Form>
            </section>
          )}
          <AnswerForm view={view} lastResult={lastResult('answer')} />
          <DirectForm view={view} lastResult={lastResult('directAnswer')} />
          <InstructForm view={view} lastResult={lastResult('instruct')} />
          <SendBackForm view={view} lastResult={lastResult('sendBack')} />
        </>
      )}
    </>
  )
}

function AnswerForm({ view, lastResult }: { view: OpenedView; lastResult?: SubmissionResult<string[]> }) {
  const { t } = useTranslation('controller')
  const v = { processor: view.facts.processorName, controller: view.facts.clientName }
  const [form, fields] = useForm<{ outcome: string; grounds: string[]; reasons: string; identityMethod: string }>({ id: FORM_IDS.answer, lastResult })
  if (!view.answer.possible) {
    return (
      <section aria-labelledby="answer-heading">
        <h2 id="answer-heading">{t('answer.heading')}</h2>
        <p>{t('answer.notPossible', v)}</p>
      </section>
    )
  }
  return (
    <section aria-labelledby="answer-heading">
      <h2 id="answer-heading">{t('answer.heading')}</h2>
      <p>{t('answer.lead', v)}</p>
      <p className="hint">{view.collected.length ? t('answer.documents', { ...v, count: view.collected.length }) : t('answer.noDocuments', v)}</p>
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="answer" />
        <Radios
          field={fields.outcome}
          legend={t('answer.outcome')}
          choices={view.answer.outcomes.map((o) => ({ value: o, label: t(`officer:answer.outcome.${o}`), hint: t(`officer:answer.outcomeHint.${o}`) }))}
        />
        {view.answer.grounds.length ? (
          <Checkboxes field={fields.grounds} legend={t('answer.grounds')} hint={t('answer.groundsHint')} choices={view.answer.grounds.map((g) => ({ value: g.key, label: g.label }))} checked={[]} />
        ) : null}
        <TextArea field={fields.reasons} label={t('answer.reasons')} hint={t('answer.reasonsHint')} optional rows={6} />
        {view.state.identityChecked ? null : (
          <Radios
            field={fields.identityMethod}
            legend={t('answer.identity')}
            hint={t('answer.identityHint')}
            choices={view.answer.identityMethods.map((m) => ({ value: m, label: t(`officer:identityMethod.${m}`) }))}
          />
        )}
        <Button>{t('answer.submit')}</Button>
      </Form>
    </section>
  )
}

function DirectForm({ view, lastResult }: { view: OpenedView; lastResult?: SubmissionResult<string[]> }) {
  const { t } = useTranslation('controller')
  const [form, fields] = useForm<{ on: string }>({ id: FORM_IDS.directAnswer, lastResult, defaultValue: { on: view.today } })
  return (
    <section aria-labelledby="direct-heading">
      <h2 id="direct-heading">{t('direct.heading')}</h2>
      <p>{t('direct.lead')}</p>
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="directAnswer" />
        <TextField field={fields.on} type="date" label={t('direct.on')} hint={t('direct.onHint', { example: view.today })} />
        <Button tone="secondary">{t('direct.submit')}</Button>
      </Form>
    </section>
  )
}

function InstructForm({ view, lastResult }: { view: OpenedView; lastResult?: SubmissionResult<string[]> }) {
  const { t } = useTranslation('controller')
  const v = { processor: view.facts.processorName, controller: view.facts.clientName }
  const [form, fields] = useForm<{ kind: string }>({ id: FORM_IDS.instruct, lastResult })
  return (
    <section aria-labelledby="instruct-heading">
      <h2 id="instruct-heading">{t('instruct.heading', v)}</h2>
      <p>{t('instruct.lead', v)}</p>
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="instruct" />
        <Radios field={fields.kind} legend={t('instruct.kind', v)} choices={INSTRUCTION_KINDS.map((k) => ({ value: k, label: t(`instruct.kinds.${k}`) }))} />
        <Button tone="secondary">{t('instruct.submit')}</Button>
      </Form>
    </section>
  )
}

function SendBackForm({ view, lastResult }: { view: OpenedView; lastResult?: SubmissionResult<string[]> }) {
  const { t } = useTranslation('controller')
  const v = { processor: view.facts.processorName, controller: view.facts.clientName }
  const [form, fields] = useForm<{ reason: string }>({ id: FORM_IDS.sendBack, lastResult })
  return (
    <section aria-labelledby="send-back-heading">
      <h2 id="send-back-heading">{t('sendBack.heading')}</h2>
      <p>{t('sendBack.lead', v)}</p>
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="sendBack" />
        <TextArea field={fields.reason} label={t('sendBack.reason')} hint={t('sendBack.reasonHint', v)} rows={3} />
        <Button tone="warning">{t('sendBack.submit')}</Button>
      </Form>
    </section>
  )
}

function detailValue(t: (key: string) => string, key: string, value: string) {
  if (key === 'scope') return t(`request:details.scope.${value}`)
  if (key === 'ground') return t(`request:details.ground.${value}`)
  if (key === 'ask') return t(`request:details.automated.ask.${value}`)
  return value
}
