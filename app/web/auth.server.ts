import type { AppLoadContext } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import type { Params } from '@remix-run/react'
import { getDb, type DB } from '#db/client.server'
import type { Organisation, User } from '#db/schema'
import { getOrganisation } from '~/domain/organisations.server'
import { officerSession } from '~/domain/sign-in.server'
import { can, type Permission } from '~/domain/permissions'
import { isLanguage, type Language } from '~/domain/languages'
import { pageLanguage } from '~/web/http.server'
import { readSessionToken, sessionCookie } from '~/web/session-cookies.server'

// Who is signed in on the officers' side, and the one guard every officer
// route starts with: requirePermission asks the permission table
// (app/domain/permissions.ts), never a role name.

export type OfficerSession = {
  token: string
  user: User
  /** Both factors given. */
  complete: boolean
}

/** The live officer session of a request, if any; a removed user has none. */
export async function getOfficerSession(request: Request, db: DB = getDb()): Promise<OfficerSession | undefined> {
  const token = await readSessionToken(request, 'officer')
  const session = token ? officerSession(db, token) : undefined
  return token && session ? { token, ...session } : undefined
}

export function signInPath(lang: Language, request: Request): string {
  const url = new URL(request.url)
  return `/${lang}/officer/sign-in?redirectTo=${encodeURIComponent(url.pathname + url.search)}`
}

function forbidden(): never {
  throw data(null, { status: 403 })
}

/** Any signed-in account (officer, admin or operator) with both factors given. */
export async function requireUser(request: Request, params: Params): Promise<{ user: User; lang: Language }> {
  const lang = pageLanguage(params)
  const session = await getOfficerSession(request)
  if (!session?.complete) throw redirect(signInPath(lang, request))
  return { user: session.user, lang }
}

/**
 * A signed-in member of an organisation whose role has the permission, with
 * both factors given; a redirect to sign-in or a 403 otherwise. Every query
 * the route makes is scoped by the returned org.id.
 */
export async function requirePermission(request: Request, params: Params, permission: Permission): Promise<{ user: User; org: Organisation; lang: Language }> {
  const { user, lang } = await requireUser(request, params)
  if (!can(user, permission) || user.orgId === null) forbidden()
  const org = getOrganisation(getDb(), user.orgId)
  if (!org) forbidden()
  return { user, org, lang }
}

/** The officers' side of an organisation: its queue and requests. */
export function requireOfficer(request: Request, params: Params) {
  return requirePermission(request, params, 'requests.read')
}

/** The portal operator: adds and edits organisations. */
export async function requireOperator(request: Request, params: Params): Promise<{ user: User; lang: Language }> {
  const signedIn = await requireUser(request, params)
  if (!can(signedIn.user, 'organisations.manage')) forbidden()
  return signedIn
}

/** Where someone lands after signing in: the operator has no queue. */
export function homeFor(user: Pick<User, 'role'>, lang: Language): string {
  return can(user, 'organisations.manage') ? `/${lang}/officer/organisations` : `/${lang}/officer/queue`
}

/** A Set-Cookie header carrying an officer session token. */
export async function officerCookieHeader(token: string): Promise<Record<string, string>> {
  return { 'Set-Cookie': await sessionCookie('officer').serialize(token) }
}

export async function clearOfficerCookieHeader(): Promise<Record<string, string>> {
  return { 'Set-Cookie': await sessionCookie('officer').serialize('', { maxAge: 0 }) }
}

/**
 * The client's address, for per-address rate limits, as app/server.ts passes
 * it in the load context (never a header the client could choose). Null when
 * unknown: then only the per-account limits apply.
 */
export function clientIp(context: AppLoadContext): string | null {
  return context.clientAddress ?? null
}

/**
 * The one check for every redirect target taken from a query or a form (the
 * sign-in's `redirectTo`, the queue's `back`): only a page of the officers'
 * side of this portal. The target is resolved against the portal's own origin, so
 * "/en/officer/../../\evil.example" or "//evil.example" resolve to paths
 * that are then refused, and the normalised path is what is used.
 */
export function officerRedirectTarget(to: string | null | undefined): string | undefined {
  if (!to || to.length > 2000) return undefined
  const base = 'http://portal.invalid'
  let url: URL
  try {
    url = new URL(to, base)
  } catch {
    return undefined
  }
  if (url.origin !== base) return undefined
  const path = url.pathname
  const [, first, second] = path.split('/')
  if (!isLanguage(first) || second !== 'officer' || path.includes('\\') || path.includes('//')) return undefined
  return `${path}${url.search}`
}
