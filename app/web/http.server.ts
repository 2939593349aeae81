import { data } from '@remix-run/node'
import type { Params } from '@remix-run/react'
import { getDb } from '#db/client.server'
import { getOrganisationBySlug, listClients } from '~/data/organisations.server'
import { isLanguage, type Language } from '~/domain/languages'
import { fixedT } from '~/i18n/i18n'
import type { Namespace } from '~/i18n/resources'

export function notFound(): never {
  throw data(null, { status: 404 })
}

/** The same from a resource route (a file, not a page), where only a Response is answered as it is. */
export function fileNotFound(): never {
  throw new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
}

/** The language of a page under /$lang; the $lang layout already turned other prefixes away. */
export function pageLanguage(params: Params): Language {
  const lang = params.lang
  if (!isLanguage(lang)) notFound()
  return lang
}

export function pageT(params: Params, ns: Namespace | Namespace[] = 'common') {
  const lang = pageLanguage(params)
  return { lang, t: fixedT(lang, ns), db: getDb() }
}

export function requireOrganisation(params: Params) {
  const db = getDb()
  const org = params.slug ? getOrganisationBySlug(db, params.slug) : undefined
  if (!org) notFound()
  return { org, clients: org.kind === 'processor' ? listClients(db, org.id) : [] }
}

/** A route parameter that must be a positive id; anything else is a wrong address. */
export function idParam(value: string | undefined): number {
  const id = Number(value)
  if (!/^\d{1,12}$/.test(value ?? '') || !Number.isSafeInteger(id) || id <= 0) notFound()
  return id
}
