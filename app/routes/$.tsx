import { redirect, type LoaderFunctionArgs } from '@remix-run/node'
import { isLanguage } from '~/domain/languages'
import { resolveLanguage } from '~/web/language.server'
import { notFound } from '~/web/http.server'

// A path without a language prefix (e.g. an organisation's /o/<slug> link from
// its privacy notice) goes to the same page in the visitor's language.
export function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url)
  const first = url.pathname.split('/')[1]
  if (isLanguage(first)) notFound()
  return redirect(`/${resolveLanguage(request)}${url.pathname}${url.search}`)
}

export default function NotFound() {
  return null
}
