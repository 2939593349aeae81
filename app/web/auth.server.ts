import type { AppLoadContext } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import type { Params } from '@remix-run/react'
import { eq } from 'drizzle-orm'
import { getDb, type DB } from '#db/client.server'
import { organisations, users, type Organisation, type User } from '#db/schema'
import type { Language } from '~/domain/languages'
import { pageLanguage } from '~/utils/http.server'
import { readSessionToken, sessionCookie, touchSession } from '~/utils/sessions.server'

const MINUTE = 60 * 1000

/** An officer session ends after 30 minutes without a request… */
export const OFFICER_IDLE_MS = 30 * MINUTE
/** …and 12 hours after sign-in whatever happens. */
export const OFFICER_LIFETIME_MS = 12 * 60 * MINUTE
/** Between the password and the second factor (or TOTP enrolment) a session lives this long. */
export const OFFICER_PENDING_MS = 15 * MINUTE

export type OfficerSession = {
  token: string
  user: User
  /** Both factors given. */
  complete: boolean
}

/** The live officer session of a request, if any; a removed user has none. */
export async function getOfficerSession(request: Request, db: DB = getDb()): Promise<OfficerSession | undefined> {
  const token = await readSessionToken(request, 'officer')
  const session = touchSession(db, 'officer', token, OFFICER_IDLE_MS)
  if (!token || !session?.userId) return undefined
  const user = db.select().from(users).where(eq(users.id, session.userId)).get()
  if (!user || user.removedAt) return undefined
  return { token, user, complete: session.secondFactorAt !== null && user.totpConfirmedAt !== null }
}

export function signInPath(lang: Language, request: Request): string {
  const url = new URL(request.url)
  const redirectTo = url.pathname + url.search
  return `/${lang}/officer/sign-in?redirectTo=${encodeURIComponent(redirectTo)}`
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
 * The signed-in officer (or admin) of an organisation, with both factors given.
 * Redirects to sign-in otherwise. Every officer route starts here, and every
 * query it makes is scoped by the returned org.id.
 */
export async function requireOfficer(request: Request, params: Params): Promise<{ user: User; org: Organisation; lang: Language }> {
  const { user, lang } = await requireUser(request, params)
  // The operator runs the portal but belongs to no organisation: no queue to see.
  if (user.orgId === null || (user.role !== 'officer' && user.role !== 'admin')) forbidden()
  const org = getDb().select().from(organisations).where(eq(organisations.id, user.orgId)).get()
  if (!org) forbidden()
  return { user, org, lang }
}

/** An admin of an organisation: manages its team and settings. */
export async function requireOrgAdmin(request: Request, params: Params): Promise<{ user: User; org: Organisation; lang: Language }> {
  const signedIn = await requireOfficer(request, params)
  if (signedIn.user.role !== 'admin') forbidden()
  return signedIn
}

/** The portal operator: adds and edits organisations. */
export async function requireOperator(request: Request, params: Params): Promise<{ user: User; lang: Language }> {
  const signedIn = await requireUser(request, params)
  if (signedIn.user.role !== 'operator') forbidden()
  return signedIn
}

/** Where someone lands after signing in: the operator has no queue. */
export function homeFor(user: Pick<User, 'role'>, lang: Language): string {
  return user.role === 'operator' ? `/${lang}/officer/organisations` : `/${lang}/officer/queue`
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
 * unknown: then only the per-email limits apply.
 */
export function clientIp(context: AppLoadContext): string | null {
  return context.clientAddress ?? null
}

/** Where to go after signing in: only a page of the officers' side, so a crafted link cannot send anyone elsewhere. */
export function officerRedirectTarget(to: string | null | undefined, lang: string): string | undefined {
  return to && to.startsWith(`/${lang}/officer/`) && !to.startsWith('//') ? to : undefined
}
