import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ZodError } from 'zod'
import { getDb } from '#db/client.server'
import { Button, Checkbox, ErrorList, Notification, Radio, Select, SummaryList } from '~/components/ui'
import { OBJECTION_GROUNDS } from '~/domain/request-types'
import { confirmDraft, dismissDraft, draftMergeCandidates, DraftGoneError, hasInbound, inboundView, mergeDraft, MergeTargetError, unmergeDraft } from '~/domain/inbound-mail.server'
import { ActionRefusedError } from '~/domain/requests.server'
import { fixedT, formatDateTime } from '~/i18n/i18n'
import { LANGUAGE_NAMES, REQUEST_TYPES } from '~/vocabulary'
import { requirePermission } from '~/web/auth.server'
import { invalidForm, readForm, textField } from '~/web/forms.server'
import { idParam, notFound } from '~/web/http.server'

// One email the organisation received: its own text (the earlier mail it
// quotes cut off, the whole message a click away), its attachments, and the
// triage: confirm it as a request, with its deadline from the email's
// receipt, or dismiss it as not a request.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { org, lang } = await requirePermission(request, params, 'requests.read')
  const view = inboundView(getDb(), { orgId: org.id, id: idParam(params.id) })
  if (!view) notFound()
  return {
    pageTitle: fixedT(lang, 'officer')('inbox.emailTitle'),
    lang,
    orgName: org.name,
    languages: org.profile.languages,
    email: { ...view, receivedAt: formatDateTime(view.receivedAt, lang, org.timeZone) },
    candidates: draftMergeCandidates(getDb(), { orgId: org.id, inboundId: view.id }),
  }
}

type Values = { types: string[]; objectionGround: string; name: string; language: string; words: string; reference: string }
type Result = { errors: Array<{ field: string; key: string }>; values: Values }

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, org, lang } = await requirePermission(request, params, 'requests.work')
  const db = getDb()
  const id = idParam(params.id)
  if (!hasInbound(db, { orgId: org.id, id })) notFound()
  const form = await readForm(request)
  const intent = textField(form, 'intent')
  const act = { orgId: org.id, officerId: user.id, inboundId: id }
  const values: Values = {
    types: form.getAll('types').filter((v): v is string => typeof v === 'string'),
    objectionGround: textField(form, 'objectionGround') ?? '',
    name: textField(form, 'name') ?? '',
    language: textField(form, 'language') ?? '',
    words: textField(form, 'words') ?? '',
    reference: textField(form, 'reference') ?? '',
  }
  const refuse = (errors: Result['errors']) => invalidForm<Result>({ errors, values })
  try {
    if (intent === 'dismiss') {
      dismissDraft(db, act)
      throw redirect(`/${lang}/officer/inbox?done=dismissed`)
    }
    if (intent === 'merge') {
      const { requestId } = mergeDraft(db, { ...act, reference: values.reference })
      throw redirect(`/${lang}/officer/requests/${requestId}`)
    }
    if (intent === 'unmerge') {
      unmergeDraft(db, act)
      throw redirect(`/${lang}/officer/inbox/${id}`)
    }
    if (intent !== 'confirm') return refuse([{ field: 'intent', key: 'officer:inbox.errors.intent' }])
    const language = (org.profile.languages as string[]).includes(values.language) ? values.language : org.profile.languages[0]
    const made = confirmDraft(db, { ...act, types: values.types as never, objectionGround: (values.objectionGround || undefined) as never, name: values.name, language: language as never, words: values.words || undefined })
    throw redirect(`/${lang}/officer/requests/${made.requestId}`)
  } catch (error) {
    if (error instanceof MergeTargetError) return refuse([{ field: 'reference', key: 'officer:inbox.errors.mergeTarget' }])
    if (error instanceof DraftGoneError) return refuse([{ field: 'intent', key: 'officer:inbox.errors.gone' }])
    if (error instanceof ActionRefusedError) return refuse([{ field: 'intent', key: `officer:errors.${error.code}` }])
    if (error instanceof ZodError) return refuse(error.issues.map((i) => ({ field: String(i.path[0] ?? 'intent'), key: i.message.includes(':') ? i.message : 'officer:inbox.errors.invalid' })))
    throw error
  }
}

export default function InboundEmail() {
  const d = useLoaderData<typeof loader>()
  const result = useActionData<Result>()
  const { t } = useTranslation('officer')
  const e = d.email
  const errorOf = (field: string) => result?.errors.find((x) => x.field === field)?.key
  const v = result?.values
  const fieldError = (field: string) =>
    errorOf(field) ? (
      <p className="field-error" id={`inbox-${field}-error`}>
        <span className="visually-hidden">{t('common:errorPrefix')} </span>
        {t(errorOf(field)!)}
      </p>
    ) : null
  return (
    <>
      {result?.errors.length ? <ErrorList items={result.errors.map((x) => ({ href: `#inbox-${x.field}`, text: t(x.key) }))} /> : null}
      <span className="caption">{d.orgName}</span>
      <h1>{e.subject || t('inbox.noSubject')}</h1>
      <p>
        <Link to={`/${d.lang}/officer/inbox`}>{t('inbox.back')}</Link>
      </p>
      {e.status !== 'draft' ? (
        <Notification tone="info" title={t(`inbox.status.${e.status}`)}>
          {e.request ? (
            <p>
              <Link to={`/${d.lang}/officer/requests/${e.request.id}`}>{t('inbox.openRequest', { reference: e.request.reference })}</Link>
            </p>
          ) : null}
          {e.status === 'merged' ? (
            <Form method="post">
              <input type="hidden" name="intent" value="unmerge" />
              <Button tone="secondary">{t('inbox.unmerge')}</Button>
            </Form>
          ) : null}
        </Notification>
      ) : null}
      <SummaryList
        rows={[
          { key: t('inbox.from'), value: e.fromName ? `${e.fromName} <${e.fromAddress}>` : e.fromAddress },
          { key: t('inbox.received'), value: e.receivedAt },
          {
            key: t('inbox.attachments'),
            value: e.attachments.length ? (
              <ul className="list">
                {e.attachments.map((a) => (
                  <li key={a.id}>
                    <a href={`/${d.lang}/officer/inbox/${e.id}/attachments/${a.id}`} download>
                      {a.filename}
                    </a>{' '}
                    ({t('inbox.bytes', { count: a.size })})
                  </li>
                ))}
              </ul>
            ) : (
              t('inbox.noAttachments')
            ),
          },
        ]}
      />
      <h2>{t('inbox.message')}</h2>
      <div className="text-block">
        {e.own}
      </div>
      {e.quoted ? (
        <details>
          <summary>{t('inbox.whole')}</summary>
          <div className="text-block">{e.whole}</div>
        </details>
      ) : null}
      {e.status === 'draft' ? (
        <>
          <h2>{t('inbox.confirmHeading')}</h2>
          <p>{t('inbox.confirmLead')}</p>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="confirm" />
            <fieldset className={`form-group${errorOf('types') ? ' form-group--error' : ''}`} id="inbox-types">
              <legend className="label">{t('inbox.types')}</legend>
              {fieldError('types')}
              {REQUEST_TYPES.map((type) => (
                <Checkbox key={type} id={`inbox-type-${type}`} name="types" value={type} label={t(`request:types.${type}.name`)} defaultChecked={v?.types.includes(type)} />
              ))}
            </fieldset>
            <fieldset className={`form-group${errorOf('objectionGround') ? ' form-group--error' : ''}`} id="inbox-objectionGround" aria-describedby="inbox-objectionGround-hint">
              <legend className="label">{t('intake.groundLegend')}</legend>
              <div className="hint" id="inbox-objectionGround-hint">
                {t('intake.groundHint')}
              </div>
              {fieldError('objectionGround')}
              <div className="radios">
                {OBJECTION_GROUNDS.map((ground) => (
                  <Radio key={ground} id={`inbox-ground-${ground}`} name="objectionGround" value={ground} label={t(`intake.ground.${ground}`)} defaultChecked={v?.objectionGround === ground} />
                ))}
              </div>
            </fieldset>
            <div className={`form-group${errorOf('name') ? ' form-group--error' : ''}`}>
              <label className="label" htmlFor="inbox-name">
                {t('inbox.name')}
              </label>
              {fieldError('name')}
              <input className="input" id="inbox-name" name="name" maxLength={200} defaultValue={v?.name ?? e.fromName ?? ''} aria-invalid={errorOf('name') ? true : undefined} />
            </div>
            <p>
              {t('inbox.emailFixed', { address: e.fromAddress })}
            </p>
            {d.languages.length > 1 ? (
              <Select id="inbox-language" name="language" label={t('inbox.language')} options={d.languages.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))} defaultValue={v?.language} />
            ) : (
              <input type="hidden" name="language" value={d.languages[0]} />
            )}
            <div className={`form-group${errorOf('words') ? ' form-group--error' : ''}`}>
              <label className="label" htmlFor="inbox-words">
                {t('inbox.words')}
              </label>
              <div className="hint" id="inbox-words-hint">
                {t('inbox.wordsHint')}
              </div>
              {fieldError('words')}
              <textarea className="textarea" id="inbox-words" name="words" rows={6} maxLength={5000} defaultValue={v?.words ?? e.own} aria-describedby="inbox-words-hint" />
            </div>
            <Button>{t('inbox.confirm')}</Button>
          </Form>
          <h2>{t('inbox.mergeHeading')}</h2>
          <p>{t('inbox.mergeLead')}</p>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="merge" />
            {d.candidates.length ? (
              <>
                <p>{t('inbox.mergeCandidates')}</p>
                <ul className="list">
                  {d.candidates.map((c) => (
                    <li key={c.id}>
                      <Link to={`/${d.lang}/officer/requests/${c.id}`}>{c.reference}</Link> ({t(`request:types.${c.type}.name`)})
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            <div className={`form-group${errorOf('reference') ? ' form-group--error' : ''}`}>
              <label className="label" htmlFor="inbox-reference">
                {t('inbox.mergeReference')}
              </label>
              {fieldError('reference')}
              <input className="input input--width-10" id="inbox-reference" name="reference" maxLength={20} autoComplete="off" defaultValue={v?.reference ?? d.candidates[0]?.reference ?? ''} aria-invalid={errorOf('reference') ? true : undefined} />
            </div>
            <Button tone="secondary">{t('inbox.merge')}</Button>
          </Form>
          <h2>{t('inbox.dismissHeading')}</h2>
          <p>{t('inbox.dismissLead')}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="dismiss" />
            <Button tone="warning">{t('inbox.dismiss')}</Button>
          </Form>
        </>
      ) : null}
    </>
  )
}
