import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { Button, ButtonLink, SummaryList } from '~/components/ui'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { ErrorSummary } from '~/components/forms'
import { localize } from '~/domain/languages'
import { checkDraft } from '~/domain/request-form'
import { submitDraft } from '~/domain/intake.server'
import { draftKey, forgetDraftCookie } from '~/web/drafts.server'
import { readForm } from '~/web/forms.server'
import { pageT, requireOrganisation } from '~/web/http.server'
import { pendingCookie } from '~/web/pending.server'
import { loadStep } from '~/web/request-steps.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  if (new URL(request.url).searchParams.get('expired') === '1') {
    const { t, lang } = pageT(params, ['request'])
    const { org } = requireOrganisation(params)
    return { expired: true as const, pageTitle: t('request:check.expiredTitle'), startHref: `/${lang}/o/${org.slug}/request/right` }
  }
  const { t, org, clients, draft, base, lang } = await loadStep(request, params, 'check')
  const check = checkDraft(draft, org, clients)
  if (!check.ok) throw redirect(`${base}/${check.step}`)
  const { type, details, identity, behalf, call } = check.value
  const answer = (key: string, value: string | undefined, step: string) => ({ key, value: value ?? '', href: `${base}/${step}?change=1` })
  const detailRows: Array<ReturnType<typeof answer>> = []
  switch (details.type) {
    case 'access':
    case 'portability':
      detailRows.push(answer(t('request:check.scope'), t(`request:details.scope.${details.scope}`), 'details'))
      if (details.scope === 'specific') detailRows.push(answer(t('request:check.specific'), details.specific, 'details'))
      break
    case 'rectification':
      detailRows.push(answer(t('request:details.rectification.wrongLabel'), details.wrong, 'details'))
      detailRows.push(answer(t('request:details.rectification.correctLabel'), details.correct, 'details'))
      break
    case 'erasure':
    case 'restriction':
      detailRows.push(answer(t(`request:details.${details.type}.whatLabel`), details.what, 'details'))
      detailRows.push(answer(t(`request:details.${details.type}.whyLabel`), details.why, 'details'))
      break
    case 'objection':
      detailRows.push(answer(t('request:check.ground'), t(`request:details.ground.${details.ground}`), 'details'))
      if (details.ground === 'particular_situation') detailRows.push(answer(t('request:details.situationLabel'), details.situation, 'details'))
      break
    case 'automated_decision':
      detailRows.push(answer(t('request:details.automated.decisionLabel'), details.decision, 'details'))
      detailRows.push(answer(t('request:details.automated.askLegend'), t(`request:details.automated.ask.${details.ask}`), 'details'))
      if (details.view) detailRows.push(answer(t('request:details.automated.viewLabel'), details.view, 'details'))
      break
  }
  const identityRows = [
    answer(t('request:identity.name'), identity.name, 'identity'),
    answer(t('request:identity.email'), identity.email, 'identity'),
    answer(t('request:identity.phone'), identity.phone || t('request:check.notGiven'), 'identity'),
  ]
  for (const id of org.profile.identifiers) {
    identityRows.push(answer(localize(id.label, lang), identity.identifiers[id.key] || t('request:check.notGiven'), 'identity'))
  }
  // A processor's question: who answers the request (docs/decisions/016).
  const behalfRows: Array<ReturnType<typeof answer>> = []
  if (behalf) {
    behalfRows.push(answer(t('request:check.about'), behalf.about === 'own' ? t('request:behalf.own', { org: org.name }) : t('request:behalf.client', { org: org.name }), 'behalf'))
    if (behalf.about === 'client') {
      const names = behalf.clients === 'unknown' ? t('request:behalf.unknown') : behalf.clients.map((key) => clients.find((c) => c.key === key)?.name ?? key).join(', ')
      behalfRows.push(answer(t('request:check.onBehalfOf'), names, 'behalf'))
      behalfRows.push(answer(t('request:behalf.callerNumber'), call?.number ?? t('request:check.notGiven'), 'behalf'))
      behalfRows.push(answer(t('request:behalf.calledOn'), call?.on ?? t('request:check.notGiven'), 'behalf'))
    }
  }
  return {
    expired: false as const,
    pageTitle: t('request:check.title'),
    orgName: org.name,
    back: `${base}/${behalf ? 'behalf' : 'identity'}`,
    rows: [
      { key: t('request:check.organisation'), value: org.name, href: `/${lang}/o/${org.slug}` },
      answer(t('request:check.right'), t(`request:types.${type}.name`), 'right'),
      ...detailRows,
      ...behalfRows,
    ],
    identityRows,
    linked: behalf?.about === 'client' && Array.isArray(behalf.clients) && behalf.clients.length > 1 ? behalf.clients.length : 0,
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { lang, db } = pageT(params)
  const { org, clients } = requireOrganisation(params)
  const result = submitDraft(db, { key: await draftKey(request), org, clients, language: lang, clientAddress: context.clientAddress })
  switch (result.kind) {
    case 'sent':
      // A second press of "Send request" still carries the cookie of the draft the first one sent.
      return redirect(`/${lang}/request/sent`)
    case 'expired':
      // The answers were kept for a day: after that nothing can be sent, and the person is told so.
      return redirect(`/${lang}/o/${org.slug}/request/check?expired=1`)
    case 'incomplete':
      return redirect(`/${lang}/o/${org.slug}/request/${result.step}`)
    case 'limited': {
      // Nothing is filed and the draft is kept, so the person can send it later.
      const submission = parseWithZod(await readForm(request), { schema: z.object({}) })
      return submission.reply({ formErrors: ['errors:check.tooMany'] })
    }
    case 'filed': {
      const headers = new Headers()
      headers.append('Set-Cookie', await forgetDraftCookie())
      headers.append('Set-Cookie', await pendingCookie().serialize(result.requestId))
      return redirect(`/${lang}/request/sent`, { headers })
    }
  }
}

type Row = { key: string; value: string; href: string }

/** The kit's summary list with a Change link on every row, naming the answer it changes. */
function ChangeList({ rows, changeLabel }: { rows: Row[]; changeLabel: string }) {
  return (
    <SummaryList
      rows={rows.map((row) => ({
        key: row.key,
        value: row.value,
        action: (
          <Link to={row.href}>
            {changeLabel}
            <span className="visually-hidden"> {row.key}</span>
          </Link>
        ),
      }))}
    />
  )
}

export default function CheckAnswers() {
  const d = useLoaderData<typeof loader>()
  const { t } = useTranslation('request')
  const navigation = useNavigation()
  const lastResult = useActionData<typeof action>()
  const [form] = useForm({ id: 'send-form', lastResult })
  if (d.expired) {
    return (
      <>
        <h1>{t('check.expiredTitle')}</h1>
        <p>{t('check.expiredBody')}</p>
        <p>
          <ButtonLink to={d.startHref} tone="primary">
            {t('check.startAgain')}
          </ButtonLink>
        </p>
      </>
    )
  }
  const { rows, identityRows, back, orgName, linked } = d
  return (
    <>
      <Link to={back} className="back-link">
        {t('common:back')}
      </Link>
      <ErrorSummary form={form} fields={[]} />
      <h1>{t('check.title')}</h1>
      <h2>{t('check.requestHeading')}</h2>
      <ChangeList rows={rows} changeLabel={t('check.change')} />
      <h2>{t('check.identityHeading')}</h2>
      <ChangeList rows={identityRows} changeLabel={t('check.change')} />
      <h2>{t('check.sendHeading')}</h2>
      {linked ? <p>{t('check.linked', { count: linked })}</p> : null}
      <p>{t('check.declaration', { org: orgName })}</p>
      <Form method="post" {...getFormProps(form)}>
        <Button disabled={navigation.state === 'submitting'}>{t('check.send')}</Button>
      </Form>
    </>
  )
}
