import { redirect, type LoaderFunctionArgs } from '@remix-run/node'
import { resolveLanguage } from '~/i18n/language.server'

export function loader({ request }: LoaderFunctionArgs) {
  return redirect(`/${resolveLanguage(request)}`)
}
