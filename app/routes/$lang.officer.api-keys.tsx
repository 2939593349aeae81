import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useLocation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { Button, Cell, ErrorList, Notification, Table, Tag } from '~/components/ui'
import { createApiKey, listApiKeys, MAX_ACTIVE_API_KEYS, revokeApiKey, TooManyApiKeysError } from '~/domain/api-keys.server'
import { officerActor } from '~/domain/events'
import { ActionRefusedError } from '~/domain/requests.server'
import { fixedT, formatDateTime } from '~/i18n/i18n'
import { requirePermission } from '~/web/auth.server'
import { idField, readForm, textField } from '~/web/forms.server'
import { notFound } from '~/web/http.server'

// The organisation's API keys, for its own systems (a dialler checking the
// do-not-contact list before a call). A new key is shown once, here, and
// never again: the portal keeps only its hash. A key can be revoked at once.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { org, lang } = await requirePermission(request, params, 'apiKeys.manage')
  const fmt = (d: Date | null) => (d ? formatDateTime(d, lang, org.timeZone) : null)
  return {
    pageTitle: fixedT(lang, 'officer')('apiKeys.title'),
    lang,
    orgName: org.name,
    maxKeys: MAX_ACTIVE_API_KEYS,
    keys: listApiKeys(getDb(), org.id).map((k) => ({ id: k.id, label: k.label, prefix: k.prefix, createdAt: fmt(k.createdAt), lastUsedAt: fmt(k.lastUsedAt), revokedAt: fmt(k.revokedAt) })),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, org, lang } = await requirePermission(request, params, 'apiKeys.manage')
  const db = getDb()
  const form = await readForm(request)
  if (textField(form, 'intent') === 'revoke') {
    // A key that is not one of the organisation's, or no id at all, is a wrong address.
    const id = idField(form, 'id')
    if (id === undefined || !revokeApiKey(db, { orgId: org.id, id, actor: officerActor(user.id) })) notFound()
    throw redirect(`/${lang}/officer/api-keys?done=revoked`)
  }
  const label = (textField(form, 'label') ?? '').trim()
  if (!label) return refused('officer:apiKeys.labelRequired', label)
  try {
    // The key goes back in this response only; reloading the page does not show it again.
    const { key } = createApiKey(db, { orgId: org.id, label, actor: officerActor(user.id) })
    return { status: 'success' as const, error: null, key, label: '' }
  } catch (error) {
    if (error instanceof TooManyApiKeysError) return refused(error.messageKey, label)
    if (error instanceof ActionRefusedError) return refused(`officer:errors.${error.code}`, label)
    throw error
  }
}

/** The form again, with what was typed and the error beside it; the page's title says "Error:". */
function refused(error: string, label: string) {
  return { status: 'error' as const, error, key: null, label }
}

export default function ApiKeys() {
  const d = useLoaderData<typeof loader>()
  const created = useActionData<typeof action>()
  const { t } = useTranslation('officer')
  const revoked = new URLSearchParams(useLocation().search).get('done') === 'revoked'
  return (
    <>
      {created?.error ? <ErrorList items={[{ href: '#api-key-label', text: t(created.error, { max: d.maxKeys }) }]} /> : null}
      <span className="caption">{d.orgName}</span>
      <h1>{t('apiKeys.title')}</h1>
      <p>{t('apiKeys.lead')}</p>
      {revoked ? <Notification tone="success" title={t('apiKeys.revoked')} /> : null}
      {created?.key ? (
        <Notification tone="success" title={t('apiKeys.createdTitle')}>
          <p>{t('apiKeys.createdBody')}</p>
          <p>
            <code className="api-key">{created.key}</code>
          </p>
        </Notification>
      ) : null}
      <Table
        caption={t('apiKeys.title')}
        columns={[
          { key: 'label', label: t('apiKeys.label') },
          { key: 'prefix', label: t('apiKeys.prefix') },
          { key: 'created', label: t('apiKeys.created') },
          { key: 'used', label: t('apiKeys.lastUsed') },
          { key: 'state', label: t('apiKeys.state') },
        ]}
      >
        {d.keys.map((k) => (
          <tr key={k.id}>
            <Cell label={t('apiKeys.label')} header>
              {k.label}
            </Cell>
            <Cell label={t('apiKeys.prefix')}>
              <code>{k.prefix}…</code>
            </Cell>
            <Cell label={t('apiKeys.created')}>{k.createdAt}</Cell>
            <Cell label={t('apiKeys.lastUsed')}>{k.lastUsedAt ?? t('apiKeys.never')}</Cell>
            <Cell label={t('apiKeys.state')}>
              {k.revokedAt ? (
                <Tag tone="grey">{t('apiKeys.revokedAt', { at: k.revokedAt })}</Tag>
              ) : (
                <Form method="post">
                  <input type="hidden" name="intent" value="revoke" />
                  <input type="hidden" name="id" value={k.id} />
                  <Button tone="warning">{t('apiKeys.revoke', { label: k.label })}</Button>
                </Form>
              )}
            </Cell>
          </tr>
        ))}
      </Table>
      {d.keys.length === 0 ? <p>{t('apiKeys.none')}</p> : null}
      <h2>{t('apiKeys.newHeading')}</h2>
      <Form method="post">
        <div className={`form-group${created?.error ? ' form-group--error' : ''}`}>
          <label className="label" htmlFor="api-key-label">
            {t('apiKeys.label')}
          </label>
          <div className="hint" id="api-key-label-hint">
            {t('apiKeys.labelHint')}
          </div>
          {created?.error ? (
            <p className="field-error" id="api-key-label-error">
              <span className="visually-hidden">{t('common:errorPrefix')} </span>
              {t(created.error, { max: d.maxKeys })}
            </p>
          ) : null}
          <input
            className={`input${created?.error ? ' input--error' : ''}`}
            id="api-key-label"
            name="label"
            maxLength={100}
            defaultValue={created?.label}
            aria-invalid={created?.error ? true : undefined}
            aria-describedby={`api-key-label-hint${created?.error ? ' api-key-label-error' : ''}`}
          />
        </div>
        <Button>{t('apiKeys.create')}</Button>
      </Form>
      <h2>{t('apiKeys.useHeading')}</h2>
      <p>{t('apiKeys.useBody')}</p>
      <pre className="code-block">{`POST /api/v1/do-not-contact/check\nAuthorization: Bearer rpk_…\nContent-Type: application/json\n\n{"phone": "+45 12 34 56 78"}  →  {"listed": true}`}</pre>
    </>
  )
}
