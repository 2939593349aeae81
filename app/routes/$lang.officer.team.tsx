import { getFormProps, useForm } from '@conform-to/react'
import { idField, readForm } from '~/web/forms.server'
import { parseWithZod } from '@conform-to/zod'
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { Button, Cell, ErrorList, Notification, Table } from '~/components/ui'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { ErrorSummary, Radios, TextField } from '~/components/forms'
import { inviteUser } from '~/domain/invitations.server'
import { listTeam, removeUser } from '~/domain/team.server'
import { LANGUAGE_NAMES, LANGUAGES } from '~/domain/languages'
import { formatDate } from '~/i18n/i18n'
import { requirePermission } from '~/web/auth.server'
import { notFound, pageT } from '~/web/http.server'

const inviteSchema = z.object({
  name: z.string({ required_error: 'auth:errors.nameRequired' }).trim().max(200),
  email: z.string({ required_error: 'auth:errors.emailRequired' }).trim().email('auth:errors.emailInvalid'),
  role: z.enum(['officer', 'admin'], { required_error: 'auth:errors.roleRequired', invalid_type_error: 'auth:errors.roleRequired' }),
  language: z.enum(LANGUAGES, { required_error: 'auth:errors.languageRequired', invalid_type_error: 'auth:errors.languageRequired' }),
})

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, org, lang } = await requirePermission(request, params, 'team.manage')
  const { t, db } = pageT(params, ['auth'])
  const done = new URL(request.url).searchParams.get('done')
  const failed = new URL(request.url).searchParams.get('failed')
  return {
    pageTitle: t('auth:team.title'),
    orgName: org.name,
    lang,
    done: done === 'invited' || done === 'removed' ? done : null,
    failed: failed === 'self' || failed === 'not_found' ? failed : null,
    team: listTeam(db, org.id).map((u) => ({
      id: u.id,
      name: u.name,
      email: u.email,
      role: u.role,
      pending: u.passwordHash === null || u.totpConfirmedAt === null,
      since: formatDate(u.createdAt, lang, org.timeZone, 'medium'),
      isMe: u.id === user.id,
    })),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, org, lang } = await requirePermission(request, params, 'team.manage')
  const { db } = pageT(params)
  const formData = await readForm(request)
  if (formData.get('intent') === 'remove') {
    const userId = idField(formData, 'userId')
    if (userId === undefined) notFound()
    const removed = removeUser(db, user, userId)
    // Someone of another organisation (or nobody) is a wrong address, like every other id.
    if (!removed.ok && removed.reason === 'not_found') notFound()
    throw redirect(`/${lang}/officer/team?${removed.ok ? 'done=removed' : `failed=${removed.reason === 'self' ? 'self' : 'not_found'}`}`)
  }
  const submission = parseWithZod(formData, { schema: inviteSchema })
  if (submission.status !== 'success') return { result: submission.reply() }
  const result = inviteUser(db, user, { orgId: org.id, ...submission.value })
  if (!result.ok) return { result: submission.reply({ fieldErrors: { email: ['auth:errors.emailTaken'] } }) }
  throw redirect(`/${lang}/officer/team?done=invited`)
}

export default function Team() {
  const d = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const { t } = useTranslation('auth')
  const [form, fields] = useForm<z.input<typeof inviteSchema>>({ id: 'invite', lastResult: data?.result, defaultValue: { role: 'officer', language: d.lang } })
  return (
    <>
      <ErrorSummary form={form} fields={[{ field: fields.name }, { field: fields.email }, { field: fields.role }, { field: fields.language }]} />
      <span className="caption">{d.orgName}</span>
      <h1>{t('team.title')}</h1>
      {d.done ? (
        <Notification>
          <p>{t(`team.done.${d.done}`)}</p>
        </Notification>
      ) : null}
      {d.failed ? <ErrorList items={[{ text: t(`team.failed.${d.failed}`) }]} /> : null}
      <Table
        caption={t('team.caption')}
        columns={[
          { key: 'name', label: t('team.name') },
          { key: 'email', label: t('fields.email') },
          { key: 'role', label: t('team.role'), words: true },
          { key: 'status', label: t('team.status'), words: true },
          { key: 'actions', label: <span className="visually-hidden">{t('team.actions')}</span> },
        ]}
      >
        {d.team.map((m) => (
          <tr key={m.id}>
            <Cell label={t('team.name')} header>
              {m.name}
            </Cell>
            <Cell label={t('fields.email')}>{m.email}</Cell>
            <Cell label={t('team.role')} words>
              {t(`roles.${m.role}`)}
            </Cell>
            <Cell label={t('team.status')} words>
              {m.pending ? t('team.pending') : t('team.active', { since: m.since })}
            </Cell>
            <Cell label={t('team.actions')}>
              {m.isMe ? (
                t('team.you')
              ) : (
                <Form method="post">
                  <input type="hidden" name="intent" value="remove" />
                  <input type="hidden" name="userId" value={m.id} />
                  <Button tone="warning">
                    {t('team.remove')}
                    <span className="visually-hidden"> {m.name}</span>
                  </Button>
                </Form>
              )}
            </Cell>
          </tr>
        ))}
      </Table>
      <p className="hint">{t('team.removeHint')}</p>

      <h2>{t('team.inviteTitle')}</h2>
      <p>{t('team.inviteLead')}</p>
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="invite" />
        <TextField field={fields.name} label={t('team.name')} autoComplete="off" className="input--width-20" />
        <TextField field={fields.email} label={t('fields.email')} type="email" autoComplete="off" className="input--width-20" />
        <Radios
          field={fields.role}
          legend={t('team.role')}
          choices={[
            { value: 'officer', label: t('roles.officer'), hint: t('team.roleHint.officer') },
            { value: 'admin', label: t('roles.admin'), hint: t('team.roleHint.admin') },
          ]}
        />
        <Radios
          field={fields.language}
          legend={t('team.language')}
          hint={t('team.languageHint')}
          choices={LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))}
        />
        <Button>{t('team.inviteSubmit')}</Button>
      </Form>
    </>
  )
}
