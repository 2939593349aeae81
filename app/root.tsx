import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react'
import { useEffect } from 'react'
import { useNonce } from '~/components/nonce'
import { I18nextProvider, useTranslation } from 'react-i18next'
import { DocumentTitle, errorKind, SiteFooter, SiteHeader } from '~/components/site-chrome'
import { isLanguage, LANGUAGE_TAGS, type Language } from '~/domain/languages'
import { registeredI18n } from '~/i18n/instances'
import { resolveLanguage } from '~/web/language.server'
import styles from '~/styles/app.css?url'

export const links: LinksFunction = () => [
  // The design tokens first: app.css reads them.
  { rel: 'stylesheet', href: '/tokens.css' },
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
  // When the root itself shows an error its loader may not have run: the URL's language then.
  const pathLang = useLocation().pathname.split('/')[1]
  const lang: Language = data?.lang ?? (isLanguage(pathLang) ? pathLang : heldLang)
  const i18n = registeredI18n(lang)
  const nonce = useNonce()
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
          <ScrollRestoration nonce={nonce} />
          <Scripts nonce={nonce} />
        </body>
      </html>
    </I18nextProvider>
  )
}

/** Officer pages use the screen's width (their layout route says so); citizen pages a reading column. */
function usePageClass() {
  const workspace = useMatches().some((m) => (m.handle as { workspace?: boolean } | undefined)?.workspace)
  return workspace ? 'page page--workspace' : 'page'
}

export default function App() {
  const pageClass = usePageClass()
  return (
    <>
      <SiteHeader />
      <div className={pageClass}>
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
  const kind = errorKind(error)
  // On the server the error is logged once, as facts (entry.server.tsx: handleError).
  if (!kind && typeof document !== 'undefined') console.error(error)
  return (
    <>
      <SiteHeader />
      <div className="page">
        <main id="main" tabIndex={-1}>
          <h1>{t(`errorPages.${kind ?? 'serverError'}Title`)}</h1>
          <p>{t(`errorPages.${kind ?? 'serverError'}Body`)}</p>
        </main>
      </div>
      <SiteFooter />
    </>
  )
}
