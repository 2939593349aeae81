import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, NavLink, Outlet, isRouteErrorResponse, useLoaderData, useParams, useRouteError } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { can } from '~/domain/permissions'
import { getOfficerSession } from '~/web/auth.server'
import { pageLanguage } from '~/web/http.server'
import officerStyles from '~/styles/officer.css?url'

// The officer side's frame. It does not require sign-in itself: the sign-in,
// invitation and password pages are its children. Each page checks access.

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: officerStyles }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = pageLanguage(params)
  const session = await getOfficerSession(request)
  const user = session?.complete ? session.user : null
  // The navigation offers what the permission table allows, nothing else.
  const nav = user
    ? ([
        ['queue', 'requests.read'],
        ['dashboard', 'dashboard.read'],
        ['notifications', 'requests.read'],
        ['templates', 'templates.manage'],
        ['team', 'team.manage'],
        ['api-keys', 'apiKeys.manage'],
        ['settings', 'organisation.settings'],
        ['organisations', 'organisations.manage'],
      ] as const).filter(([, permission]) => can(user, permission)).map(([page]) => page)
    : []
  return { lang, user: user ? { name: user.name } : null, nav }
}

/** Officer pages use the width of the screen (root.tsx reads this). */
export const handle = { workspace: true }

export default function OfficerLayout() {
  const { lang, user, nav } = useLoaderData<typeof loader>()
  const { t } = useTranslation('auth')
  return (
    <>
      {user ? (
        <nav className="officer-nav" aria-label={t('nav.label')}>
          <ul>
            {nav.map((page) => (
              <li key={page}>
                <NavLink to={`/${lang}/officer/${page}`}>{t(`nav.${page}`)}</NavLink>
              </li>
            ))}
          </ul>
          <div className="officer-nav__user">
            <span>{t('nav.signedInAs', { name: user.name })}</span>
            <Form method="post" action={`/${lang}/officer/sign-out`}>
              <button type="submit" className="link-button">
                {t('nav.signOut')}
              </button>
            </Form>
          </div>
        </nav>
      ) : null}
      <Outlet />
    </>
  )
}

/**
 * Errors of the officer pages. A 403 (signed in, but not allowed: an officer on
 * an admin page, the operator on a queue) is an expected answer, not a fault,
 * so it is explained rather than logged.
 */
export function ErrorBoundary() {
  const error = useRouteError()
  const { t } = useTranslation('auth')
  const { lang } = useParams()
  const status = isRouteErrorResponse(error) ? error.status : 500
  if (status !== 403 && status !== 404 && typeof document !== 'undefined') console.error(error)
  const [title, body] =
    status === 403
      ? [t('forbidden.title'), t('forbidden.body')]
      : status === 404
        ? [t('common:errorPages.notFoundTitle'), t('common:errorPages.notFoundBody')]
        : [t('common:errorPages.serverErrorTitle'), t('common:errorPages.serverErrorBody')]
  return (
    <>
      <h1>{title}</h1>
      <p>{body}</p>
      <p>
        <Link to={`/${lang ?? 'en'}/officer`}>{t('forbidden.home')}</Link>
      </p>
    </>
  )
}
