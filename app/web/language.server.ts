import { DEFAULT_LANGUAGE, isLanguage, languageFromAcceptLanguage, type Language } from '~/domain/languages'

/** The language of a request: the URL prefix, else Accept-Language, else English. */
export function resolveLanguage(request: Request): Language {
  const first = new URL(request.url).pathname.split('/')[1]
  if (isLanguage(first)) return first
  return languageFromAcceptLanguage(request.headers.get('accept-language')) ?? DEFAULT_LANGUAGE
}
