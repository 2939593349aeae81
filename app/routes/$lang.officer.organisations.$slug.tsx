import { getFormProps, useForm } from '@conform-to/react'
import { readForm } from '~/web/forms.server'
import { parseWithZod } from '@conform-to/zod'
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { Button, ErrorList, Notification } from '~/components/ui'
import { useTranslation } from 'react-i18next'
import { can } from '~/domain/permissions'
import { z } from 'zod'
import { ErrorSummary, Radios, TextField, YamlField } from '~/components/forms'
import { getOrganisationBySlug } from '~/domain/organisations.server'
import { inviteUser } from '~/domain/invitations.server'
import { listTeam } from '~/domain/team.server'
import { demoOrganisationRefused, organisationFileText, saveOrganisationFile } from '~/domain/organisations.server'
import { LANGUAGE_NAMES, LANGUAGES } from '~/domain/languages'
import { requireOperator } from '~/web/auth.server'
import { notFound, pageT } from '~/web/http.server'

const inviteSchema = z.object({
  name: z.string({ required_error: 'auth:errors.nameRequired' }).trim().max(200),
  email: z.string({ required_error: 'auth:errors.emailRequired' }).trim().email('auth:errors.emailInvalid'),
  language: z.enum(LANGUAGES, { required_error: 'auth:errors.languageRequired', invalid_type_error: 'auth:errors.languageRequired' }),
})

// The operator adds an organisation (/officer/organisations/new) or edits one
// by pasting its organisation file: the same format and checks as the CLI import.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { lang } = await requireOperator(request, params)
  const { t, db } = pageT(params, ['auth'])
  const isNew = params.slug === 'new'
  const org = isNew ? undefined : getOrganisationBySlug(db, params.slug ?? '')
  if (!isNew && !org) notFound()
  return {
    pageTitle: org ? t('auth:organisationFile.editTitle', { name: org.name }) : t('auth:organisationFile.addTitle'),
    lang,
    name: org?.name ?? null,
    text: org ? organisationFileText(org) : '',
    orgLanguage: org?.profile.languages[0] ?? lang,
    invited: new URL(request.url).searchParams.has('invited'),
    admins: org ? listTeam(db, org.id).filter((u) => can(u, 'team.manage')).map((u) => ({ id: u.id, name: u.name, email: u.email })) : [],
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, lang } = await requireOperator(request, params)
  const { db } = pageT(params)
  const formData = await readForm(request)
  if (formData.get('intent') === 'invite-admin') {
    // The first admin of an organisation comes from the operator; admins invite the rest.
    const org = getOrganisationBySlug(db, params.slug ?? '')
    if (!org) notFound()
    const submission = parseWithZod(formData, { schema: inviteSchema })
    if (submission.status !== 'success') return { invite: submission.reply() }
    const result = inviteUser(db, user, { orgId: org.id, role: 'admin', ...submission.value })
    if (!result.ok) return { invite: submission.reply({ fieldErrors: { email: ['auth:errors.emailTaken'] } }) }
    throw redirect(`/${lang}/officer/organisations/${org.slug}?invited=1`)
  }
  const text = String(formData.get('file') ?? '')
  if (!text.trim()) return { status: 'error' as const, problems: [] as string[], empty: true, text }
  if (demoOrganisationRefused(db, text)) return { status: 'error' as const, problems: [] as string[], empty: false, demo: true, text }
  const result = saveOrganisationFile(db, user, text, params.slug === 'new' ? undefined : params.slug)
  if (!result.ok) return { status: 'error' as const, problems: result.problems, empty: false, text }
  throw redirect(`/${lang}/officer/organisations?saved=${encodeURIComponent(result.slug)}`)
}

export default function OrganisationFile() {
  const d = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const { t } = useTranslation('auth')
  const fileResult = data && 'problems' in data ? data : undefined
  const demoRefused = !!fileResult && 'demo' in fileResult
  const hasErrors = !!fileResult && (fileResult.empty || demoRefused || fileResult.problems.length > 0)
  const fileError = fileResult?.empty ? t('organisationFile.empty') : demoRefused ? t('organisationFile.demoRefused') : t('organisationFile.problems')
  const [inviteForm, inviteFields] = useForm<z.input<typeof inviteSchema>>({
    id: 'invite-admin',
    lastResult: data && 'invite' in data ? data.invite : undefined,
    defaultValue: { language: d.orgLanguage },
  })
  return (
    <>
      <ErrorSummary form={inviteForm} fields={[{ field: inviteFields.name }, { field: inviteFields.email }, { field: inviteFields.language }]} />
      {hasErrors ? <ErrorList items={[{ href: '#file', text: fileError }]} /> : null}
      <p>
        <Link to={`/${d.lang}/officer/organisations`} className="back-link">
          {t('organisationFile.back')}
        </Link>
      </p>
      <h1>{d.name ? t('organisationFile.editTitle', { name: d.name }) : t('organisationFile.addTitle')}</h1>
      {d.invited ? (
        <Notification>
          <p>{t('team.done.invited')}</p>
        </Notification>
      ) : null}
      <p>{t('organisationFile.lead')}</p>
      <Form method="post">
        <YamlField
          name="file"
          label={t('organisationFile.label')}
          hint={t('organisationFile.hint')}
          error={hasErrors ? fileError : undefined}
          problems={fileResult?.problems}
          text={fileResult?.text ?? d.text}
          rows={30}
        />
        <Button>{t('organisationFile.submit')}</Button>
      </Form>
      {d.name ? (
        <>
          <h2>{t('organisationFile.adminsTitle')}</h2>
          {d.admins.length ? (
            <ul className="list-bullet">
              {d.admins.map((a) => (
                <li key={a.id}>{`${a.name} (${a.email})`}</li>
              ))}
            </ul>
          ) : (
            <p>{t('organisationFile.noAdmins')}</p>
          )}
          <Form method="post" {...getFormProps(inviteForm)}>
            <input type="hidden" name="intent" value="invite-admin" />
            <TextField field={inviteFields.name} label={t('team.name')} autoComplete="off" className="input--width-20" />
            <TextField field={inviteFields.email} label={t('fields.email')} type="email" autoComplete="off" className="input--width-20" />
            <Radios
              field={inviteFields.language}
              legend={t('team.language')}
              hint={t('team.languageHint')}
              choices={LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))}
            />
            <Button tone="secondary">{t('organisationFile.inviteAdmin')}</Button>
          </Form>
        </>
      ) : null}
    </>
  )
}
