import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react'
import { useEffect } from 'react'
import { I18nextProvider, useTranslation } from 'react-i18next'
import { DocumentTitle, SiteFooter, SiteHeader } from '~/components/site-chrome'
import { isLanguage, LANGUAGE_TAGS, type Language } from '~/domain/languages'
import { registeredI18n } from '~/i18n/instances'
import { resolveLanguage } from '~/i18n/language.server'
import styles from '~/styles/app.css?url'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: styles },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

export async function loader({ request }: LoaderFunctionArgs) {
  return { lang: resolveLanguage(request) }
}

export function useRootData() {
  return useRouteLoaderData<typeof loader>('root')
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRootData()
  // Marks the document once React has hydrated it; browser tests wait for it
  // before they type or click (see tests/support/browser.ts).
  useEffect(() => {
    document.documentElement.dataset.hydrated = 'true'
  }, [])
  // The browser holds the text of its page's language only (entry.client.tsx);
  // a page in another language must come as a new document, as the language
  // switch does. Should one come otherwise, show the held language and reload.
  const documentLang = typeof document === 'undefined' ? undefined : document.documentElement.dataset.language
  const heldLang: Language = isLanguage(documentLang) ? documentLang : 'en'
  const lang: Language = data?.lang ?? heldLang
  const i18n = registeredI18n(lang)
  useEffect(() => {
    if (!i18n) window.location.reload()
  }, [i18n])
  return (
    <I18nextProvider i18n={i18n ?? registeredI18n(heldLang)!}>
      <html lang={LANGUAGE_TAGS[lang]} data-language={lang}>
        <head>
          <meta charSet="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <DocumentTitle />
          <Meta />
          <Links />
        </head>
        <body>
          {children}
          <ScrollRestoration />
          <Scripts />
        </body>
      </html>
    </I18nextProvider>
  )
}

export default function App() {
  return (
    <>
      <SiteHeader />
      <div className="page">
        <main id="main" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
      <SiteFooter />
    </>
  )
}

export function ErrorBoundary() {
  const error = useRouteError()
  const { t } = useTranslation()
  const notFound = isRouteErrorResponse(error) && error.status === 404
  if (!notFound) console.error(error)
  const title = notFound ? t('errorPages.notFoundTitle') : t('errorPages.serverErrorTitle')
  return (
    <>
      <SiteHeader />
      <div className="page">
        <main id="main" tabIndex={-1}>
          <h1>{title}</h1>
          <p>{notFound ? t('errorPages.notFoundBody') : t('errorPages.serverErrorBody')}</p>
        </main>
      </div>
      <SiteFooter />
    </>
  )
}
