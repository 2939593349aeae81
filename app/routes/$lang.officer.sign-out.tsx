import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { signOut } from '~/domain/sign-in.server'
import { clearOfficerCookieHeader, getOfficerSession } from '~/web/auth.server'
import { pageT } from '~/web/http.server'

// Signing out is a POST (the button in the header), so a link or prefetch never signs anyone out.

export function loader({ params }: LoaderFunctionArgs) {
  const { lang } = pageT(params)
  throw redirect(`/${lang}/officer`)
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { lang, db } = pageT(params)
  const session = await getOfficerSession(request, db)
  if (session) signOut(db, session.token, session.user)
  throw redirect(`/${lang}/officer/sign-in?signedOut=1`, { headers: await clearOfficerCookieHeader() })
}
