import { redirect, type LoaderFunctionArgs } from '@remix-run/node'
import { resolveLanguage } from '~/web/language.server'

export function loader({ request }: LoaderFunctionArgs) {
  return redirect(`/${resolveLanguage(request)}`)
}
