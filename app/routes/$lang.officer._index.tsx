import { redirect, type LoaderFunctionArgs } from '@remix-run/node'
import { getOfficerSession, homeFor } from '~/web/auth.server'
import { pageLanguage } from '~/web/http.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = pageLanguage(params)
  const session = await getOfficerSession(request)
  throw redirect(session?.complete ? homeFor(session.user, lang) : `/${lang}/officer/sign-in`)
}
