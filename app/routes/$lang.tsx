import { redirect, type LoaderFunctionArgs } from '@remix-run/node'
import { Outlet } from '@remix-run/react'
import { isLanguage } from '~/domain/languages'
import { resolveLanguage } from '~/web/language.server'

export function loader({ request, params }: LoaderFunctionArgs) {
  if (!isLanguage(params.lang)) {
    const url = new URL(request.url)
    return redirect(`/${resolveLanguage(request)}${url.pathname}${url.search}`)
  }
  return null
}

export default function LanguageLayout() {
  return <Outlet />
}
