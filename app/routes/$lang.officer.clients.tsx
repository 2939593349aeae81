import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { YamlField } from '~/components/forms'
import { Button, Cell, ErrorList, Notification, Table } from '~/components/ui'
import { clientRegisterText, saveClientRegister } from '~/domain/organisations.server'
import { requirePermission } from '~/web/auth.server'
import { readForm, textField } from '~/web/forms.server'
import { notFound, pageT } from '~/web/http.server'

// A processor's admins keep its register of clients (docs/decisions/016):
// the `clients:` of its organisation file, as YAML, checked by the same
// schema as the whole file. Only a processor has one.

const MAX_REGISTER = 200_000

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { org, lang } = await requirePermission(request, params, 'organisation.settings')
  if (org.kind !== 'processor') notFound()
  const { t } = pageT(params, ['auth'])
  return {
    pageTitle: t('auth:clients.title'),
    lang,
    orgName: org.name,
    saved: new URL(request.url).searchParams.has('saved'),
    clients: org.profile.clients.map((c) => ({ key: c.key, name: c.name, privacyEmail: c.privacyEmail, escalationEmail: c.escalationEmail, onPortal: !!c.organisation, campaigns: c.campaigns.length })),
    text: clientRegisterText(org),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, org, lang } = await requirePermission(request, params, 'organisation.settings')
  if (org.kind !== 'processor') notFound()
  const { db } = pageT(params)
  const text = (textField(await readForm(request), 'register') ?? '').slice(0, MAX_REGISTER)
  const result = saveClientRegister(db, user, org, text)
  if (!result.ok) return { status: 'error' as const, problems: result.problems, text }
  throw redirect(`/${lang}/officer/clients?saved=1`)
}

export default function ClientRegister() {
  const d = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const { t } = useTranslation('auth')
  const hasErrors = !!data?.problems.length
  return (
    <>
      {hasErrors ? <ErrorList items={[{ href: '#register', text: t('clients.problems') }]} /> : null}
      <span className="caption">{d.orgName}</span>
      <h1>{t('clients.title')}</h1>
      {d.saved ? (
        <Notification tone="success" title={t('clients.saved')} />
      ) : null}
      <p>{t('clients.lead')}</p>
      {d.clients.length ? (
        <Table
          caption={t('clients.title')}
          columns={[
            { key: 'name', label: t('clients.name') },
            { key: 'privacyEmail', label: t('clients.privacyEmail') },
            { key: 'escalationEmail', label: t('clients.escalationEmail'), priority: 'low' },
            { key: 'onPortal', label: t('clients.onPortal'), words: true },
            { key: 'campaigns', label: t('clients.campaigns'), words: true },
          ]}
        >
          {d.clients.map((c) => (
            <tr key={c.key}>
              <Cell label={t('clients.name')} header>
                {c.name}
              </Cell>
              <Cell label={t('clients.privacyEmail')}>{c.privacyEmail}</Cell>
              <Cell label={t('clients.escalationEmail')} priority="low">
                {c.escalationEmail}
              </Cell>
              <Cell label={t('clients.onPortal')} words>
                {c.onPortal ? t('clients.yes') : t('clients.no')}
              </Cell>
              <Cell label={t('clients.campaigns')} words>
                {c.campaigns}
              </Cell>
            </tr>
          ))}
        </Table>
      ) : (
        <p>{t('clients.none')}</p>
      )}
      <Form method="post">
        <YamlField
          name="register"
          label={t('clients.label')}
          hint={t('clients.hint')}
          error={hasErrors ? t('clients.problems') : undefined}
          problems={data?.problems}
          text={data?.text ?? d.text}
          rows={24}
        />
        <Button>{t('clients.submit')}</Button>
      </Form>
    </>
  )
}
