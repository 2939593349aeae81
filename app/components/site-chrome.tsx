import { isRouteErrorResponse, Link, useLocation, useMatches, useParams } from '@remix-run/react'
import { useContext } from 'react'
import { useTranslation } from 'react-i18next'
import { UNSAFE_DataRouterStateContext } from 'react-router-dom'
import { LANGUAGE_NAMES, LANGUAGE_TAGS, LANGUAGES, isLanguage, type Language } from '~/domain/languages'

/** Routes whose page is one form set `handle: { languageForm: '<form id>' }`, so switching language submits, and keeps, what was typed. */
export type RouteHandle = {
  languageForm?: string
  /**
   * The route's page may be kept once rendered and sent again to every request
   * with the same address and data (app/web/render-memo.server.ts). Only for
   * public pages whose data holds nothing of a person.
   */
  renderMemo?: true
}

export function useLang(): Language {
  const { lang } = useParams()
  const { i18n } = useTranslation()
  return isLanguage(lang) ? lang : isLanguage(i18n.language) ? i18n.language : 'en'
}

export function SiteHeader() {
  const { t } = useTranslation()
  const lang = useLang()
  return (
    <header className="site-header">
      <a href="#main" className="skip-link">
        {t('skipToContent')}
      </a>
      <div className="site-header__inner">
        <Link to={`/${lang}`} className="site-header__name">
          {t('serviceName')}
        </Link>
        <LanguageSwitch current={lang} />
      </div>
    </header>
  )
}

function LanguageSwitch({ current }: { current: Language }) {
  const { t } = useTranslation()
  const location = useLocation()
  const matches = useMatches()
  const formId = [...matches].reverse().map((m) => (m.handle as RouteHandle | undefined)?.languageForm).find(Boolean)
  const rest = location.pathname.replace(/^\/[^/]+/, '')
  return (
    <nav aria-label={t('languageSwitch')} className="language-switch">
      <ul>
        {LANGUAGES.map((lang) => (
          <li key={lang}>
            {lang === current ? (
              <span aria-current="true" lang={LANGUAGE_TAGS[lang]}>
                {LANGUAGE_NAMES[lang]}
              </span>
            ) : formId ? (
              <button type="submit" form={formId} name="_language" value={lang} formNoValidate lang={LANGUAGE_TAGS[lang]} className="link-button">
                {LANGUAGE_NAMES[lang]}
              </button>
            ) : (
              <Link to={`/${lang}${rest}${location.search}`} lang={LANGUAGE_TAGS[lang]} hrefLang={LANGUAGE_TAGS[lang]} reloadDocument>
                {LANGUAGE_NAMES[lang]}
              </Link>
            )}
          </li>
        ))}
      </ul>
    </nav>
  )
}

export function SiteFooter() {
  const { t } = useTranslation()
  const lang = useLang()
  return (
    <footer className="site-footer">
      <div className="site-footer__inner">
        <ul>
          <li>
            <Link to={`/${lang}/accessibility`}>{t('footer.accessibility')}</Link>
          </li>
          <li>
            <Link to={`/${lang}/status`}>{t('footer.followRequest')}</Link>
          </li>
          <li>
            <Link to={`/${lang}/officer`}>{t('footer.officerSignIn')}</Link>
          </li>
        </ul>
      </div>
    </footer>
  )
}

/**
 * The document title: the deepest route's `pageTitle` (from its action when
 * the action shows a page of its own, else from its loader), or the error
 * page's heading, with "Error: " in front when the last form submission came
 * back with errors.
 */
export function DocumentTitle() {
  const { t } = useTranslation()
  const matches = useMatches()
  const state = useContext(UNSAFE_DataRouterStateContext)
  const actionData = (state?.actionData ?? {}) as Record<string, { pageTitle?: string } | null | undefined>
  const error = Object.values(state?.errors ?? {})[0]
  const pageTitle =
    error !== undefined
      ? t(`errorPages.${errorKind(error) ?? 'serverError'}Title`)
      : [...matches]
          .reverse()
          .map((m) => actionData[m.id]?.pageTitle ?? (m.data as { pageTitle?: string } | undefined)?.pageTitle)
          .find(Boolean)
  // An action returns conform's reply itself, or inside `result` beside other data.
  const hasErrors = Object.values(state?.actionData ?? {}).some((d) => {
    const data = d as { status?: string; result?: { status?: string } } | null
    return data?.status === 'error' || data?.result?.status === 'error'
  })
  const title = pageTitle ? `${pageTitle} – ${t('serviceName')}` : t('serviceName')
  return <title>{hasErrors ? `${t('errorPrefix')} ${title}` : title}</title>
}

/** Answers the portal gives on purpose, each with its page; null for a fault (logged by the boundary). */
export function errorKind(error: unknown): string | null {
  const status = isRouteErrorResponse(error) ? error.status : 500
  return ({ 400: 'badRequest', 403: 'forbidden', 404: 'notFound', 411: 'lengthRequired', 413: 'tooLarge', 415: 'unsupported', 429: 'tooMany' } as Record<number, string>)[status] ?? null
}
