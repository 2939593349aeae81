// Complete citizen journeys against a running portal: each client walks the
// request form as a browser without JavaScript does, 5 GET and 4 POST:
//
//   GET  /en                                  start page
//   GET  /en/o/<slug>                         organisation page
//   GET  /en/o/<slug>/request/right           first form page
//   POST …/right     type=access              -> …/details
//   POST …/details   scope=all                -> …/identity
//   POST …/identity  name, email              -> …/check
//   GET  …/check                              check your answers
//   POST …/check                              filed -> /en/request/sent
//   GET  /en/request/sent                     sent page
//
// Every journey has its own address and its own client address
// (X-Forwarded-For, which the portal trusts from loopback), so the portal's
// per-address and per-client limits never refuse one. A journey counts when
// every step answered what a browser expects; the addresses of the journeys
// that filed are returned, so the caller can check each request is stored
// (see `filedRequestsMissing`).

import { eq } from 'drizzle-orm'
import type { DB } from '#db/client.server'
import { requests } from '#db/schema'
import { emailHash } from '~/data/officer-requests.server'

export type JourneyResult = {
  /** Journeys completed, each ending on the sent page. */
  journeys: number
  /** Journeys a second, over the run's measured time. */
  perSecond: number
  seconds: number
  /** Journeys whose request was filed (its POST …/check redirected to the sent page): their email addresses. */
  filed: string[]
  /** Steps that answered something else, by step, with the status seen. */
  failures: Array<{ step: string; status: number; location: string | null }>
}

export type JourneyOptions = {
  /** The portal, e.g. http://127.0.0.1:3000 */
  baseUrl: string
  /** An organisation whose form asks right, details, identity, check (a controller: no "on whose behalf" page). */
  slug: string
  clients: number
  seconds: number
  /** Distinguishes runs against one database: addresses and client addresses are unique per run and journey. */
  runId?: string
}

class Browser {
  private cookies = new Map<string, string>()
  constructor(
    private readonly base: string,
    private readonly forwardedFor: string,
  ) {}

  async send(method: 'GET' | 'POST', path: string, form?: Record<string, string>) {
    const headers: Record<string, string> = { 'X-Forwarded-For': this.forwardedFor, Accept: 'text/html' }
    if (this.cookies.size) headers.Cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
    let body: string | undefined
    if (form) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded'
      body = new URLSearchParams(form).toString()
    }
    const response = await fetch(this.base + path, { method, headers, body, redirect: 'manual' })
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';')
      const eq = pair.indexOf('=')
      const name = pair.slice(0, eq).trim()
      const value = pair.slice(eq + 1).trim()
      if (value === '' || /max-age=0/i.test(cookie)) this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
    // Read the whole body, as a browser does.
    await response.arrayBuffer()
    return { status: response.status, location: response.headers.get('location') }
  }
}

class StepFailed extends Error {
  constructor(
    readonly step: string,
    readonly status: number,
    readonly location: string | null,
  ) {
    super(`${step}: ${status} ${location ?? ''}`)
  }
}

/** One journey; throws StepFailed at the first step that answers otherwise than a browser expects. */
async function journey(opts: JourneyOptions, n: number, runId: string, filed: string[]): Promise<void> {
  // 10.x.y.z: a client address of its own for every journey of the run.
  const ip = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`
  const browser = new Browser(opts.baseUrl, ip)
  const email = `journey-${runId}-${n}@example.com`
  const base = `/en/o/${opts.slug}/request`
  const expect = async (step: string, reply: Promise<{ status: number; location: string | null }>, status: number, location?: string) => {
    const r = await reply
    if (r.status !== status || (location !== undefined && r.location !== location)) throw new StepFailed(step, r.status, r.location)
  }
  await expect('GET start', browser.send('GET', '/en'), 200)
  await expect('GET organisation', browser.send('GET', `/en/o/${opts.slug}`), 200)
  await expect('GET right', browser.send('GET', `${base}/right`), 200)
  await expect('POST right', browser.send('POST', `${base}/right`, { type: 'access' }), 302, `${base}/details`)
  await expect('POST details', browser.send('POST', `${base}/details`, { scope: 'all' }), 302, `${base}/identity`)
  await expect('POST identity', browser.send('POST', `${base}/identity`, { name: `Journey Person ${n}`, email }), 302, `${base}/check`)
  await expect('GET check', browser.send('GET', `${base}/check`), 200)
  await expect('POST check', browser.send('POST', `${base}/check`, {}), 302, '/en/request/sent')
  filed.push(email)
  await expect('GET sent', browser.send('GET', '/en/request/sent'), 200)
}

/** Runs `clients` concurrent clients, each starting journey after journey, for `seconds`; journeys under way at the end are finished and counted. */
export async function runJourneys(opts: JourneyOptions): Promise<JourneyResult> {
  const runId = opts.runId ?? Date.now().toString(36)
  const filed: string[] = []
  const failures: JourneyResult['failures'] = []
  let next = 0
  let done = 0
  const started = performance.now()
  const until = started + opts.seconds * 1000
  const client = async () => {
    while (performance.now() < until) {
      const n = next++
      try {
        await journey(opts, n, runId, filed)
        done++
      } catch (error) {
        if (error instanceof StepFailed) failures.push({ step: error.step, status: error.status, location: error.location })
        else failures.push({ step: String((error as Error).message ?? error), status: 0, location: null })
      }
    }
  }
  await Promise.all(Array.from({ length: opts.clients }, client))
  const seconds = (performance.now() - started) / 1000
  return { journeys: done, perSecond: done / seconds, seconds, filed, failures }
}

/**
 * The addresses among `emails` without exactly one stored request: after a
 * run, every journey that filed must have left its request. `db` is the
 * portal's database, opened with the portal's INDEX_KEY (the address is found
 * by its keyed hash).
 */
export function filedRequestsMissing(db: DB, emails: string[]): string[] {
  return emails.filter((email) => db.select({ id: requests.id }).from(requests).where(eq(requests.emailHash, emailHash(email))).all().length !== 1)
}
