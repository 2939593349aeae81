import { randomFillSync } from 'node:crypto'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { Socket } from 'node:net'
import { createRequestHandler } from '@remix-run/express'
import type { ServerBuild } from '@remix-run/node'
import express from 'express'
import type { Server } from 'node:http'
import { getDb } from '#db/client.server'
import { holdServerLock } from '~/data/maintenance.server'
import { logAuditAnchor, startAuditAnchorLog } from '~/jobs/audit-anchor.server'
import { startDigestScheduler } from '~/jobs/digest.server'
import { startForwardingReminders } from '~/jobs/forwarding-reminders.server'
import { devMailer } from '~/jobs/dev-mailbox.server'
import { startHousekeeping, startPurge } from '~/jobs/housekeeping.server'
import { createMailer, startOutboxWorker, type Mailer } from '~/jobs/outbox.server'
import { isLanguage, LANGUAGE_TAGS } from '~/domain/languages'
import { fixedT } from '~/i18n/i18n'
import { devMailboxEnabled, env } from '~/utils/env.server'
import { createLogLimiter } from '~/utils/log-limit'
import { logger } from '~/utils/logger.server'
import { MAX_FORM_BYTES, MAX_UPLOAD_BYTES } from '~/web/forms.server'

// The portal's HTTP server: the Remix build, its static files, one middleware
// for the security headers of every response, limits on what a request may
// send, the outbox worker that delivers email, and the scheduled jobs.

/**
 * `mailer`: who delivers the outbox; by default SMTP, or on a local portal without it the development mailbox; null: nobody (tests deliver themselves).
 * `inboundSmtp`: where the SMTP listener for email into the queue listens; by default INBOUND_SMTP_PORT/HOST, off without a port.
 */
export async function startServer(opts: { build: ServerBuild; port: number; host?: string; buildDir?: string; mailer?: Mailer | null; inboundSmtp?: { port: number; host?: string } | null }) {
  const config = env()
  const db = getDb(config.DATABASE_PATH)
  const app = express()
  app.disable('x-powered-by')
  // A reverse proxy on this machine may tell the client's address; nobody else may.
  app.set('trust proxy', 'loopback')
  const publicUrl = new URL(config.PUBLIC_URL)
  let shuttingDown = false
  app.use((_req, res, next) => {
    // While stopping, every response closes its connection, so no idle keep-alive outlives the server.
    if (shuttingDown) res.setHeader('Connection', 'close')
    next()
  })
  app.use(securityHeaders({ https: publicUrl.protocol === 'https:' }))
  app.use(refuseOtherMethods)
  const client = path.resolve(opts.buildDir ?? 'build', 'client')
  app.use('/assets', express.static(path.join(client, 'assets'), { immutable: true, maxAge: '1y' }))
  // The files of public/ (favicon.ico, robots.txt…) all have an extension; a page's address never
  // asks for one, so pages skip the file lookup (a stat of the disk on every request).
  const publicFiles = express.static(client, { maxAge: '1h' })
  app.use((req, res, next) => (/\.[^/]*$/.test(req.path) ? publicFiles(req, res, next) : next()))
  app.use(refuseCrossSiteWrites(publicUrl.origin))
  app.use(drainUnreadBody)
  app.use(limitBody((p) => (/\/officer\/requests\/\d+\/collect/.test(p) ? MAX_UPLOAD_BYTES : MAX_FORM_BYTES)))
  app.all(
    '*',
    keepOneCacheControl,
    createRequestHandler({
      build: opts.build,
      mode: process.env.NODE_ENV,
      getLoadContext: (req, res) => ({ clientAddress: req.ip ?? null, cspNonce: res.locals.cspNonce as string }),
    }),
  )
  app.use(answerUnexpectedError)
  const mailer = opts.mailer !== undefined ? opts.mailer : config.SMTP_URL ? createMailer(config.SMTP_URL) : devMailboxEnabled(config) ? devMailer() : null
  const stopWorker = mailer ? startOutboxWorker(db, mailer, { from: config.MAIL_FROM, publicUrl: config.PUBLIC_URL, intervalMs: config.OUTBOX_INTERVAL_MS }) : null
  // Tests run the jobs by calling them with a moved clock, not through the timers.
  const stopJobs = config.NODE_ENV === 'test' ? [] : [startDigestScheduler(db), startHousekeeping(db), startPurge(db), startAuditAnchorLog(db), startForwardingReminders(db)]
  logAuditAnchor(db, 'start')
  const inbound = opts.inboundSmtp !== undefined ? opts.inboundSmtp : config.INBOUND_SMTP_PORT !== undefined ? { port: config.INBOUND_SMTP_PORT } : null
  // The SMTP listener and the mail parser are loaded only when the portal receives email: most portals do not, and they are a large part of start-up.
  const listener = inbound ? await (await import('~/jobs/inbound-smtp.server')).startInboundSmtp(db, { port: inbound.port, host: inbound.host ?? config.INBOUND_SMTP_HOST, maxBytes: config.INBOUND_MAX_BYTES }) : null
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(opts.port, opts.host ?? config.HOST, () => resolve(s))
  })
  // An idle keep-alive connection is kept for a minute, not Node's 5 s: longer than a reverse
  // proxy or a client keeps one idle (nginx 60 s, undici 4 s), so a request sent on a reused
  // connection never meets the server closing it at that moment (ECONNRESET on the client).
  server.keepAliveTimeout = KEEP_ALIVE_MS
  server.headersTimeout = KEEP_ALIVE_MS + 1_000
  // `restore` refuses while this record names a live portal; demo-officer reads where it answers.
  const releaseLock = holdServerLock(config.DATABASE_PATH, { publicUrl: config.PUBLIC_URL })
  const sockets = new Set<Socket>()
  let accepted = 0
  server.on('connection', (socket) => {
    accepted++
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : opts.port
  return {
    port,
    url: `http://${opts.host ?? config.HOST}:${port}`,
    /** The inbound SMTP listener's port; null when it is off. */
    smtpPort: listener?.port ?? null,
    /**
     * Stops accepting connections and lets every request already received
     * finish (within the grace period), then stops the jobs and the worker.
     * "Received" includes what the machine holds for the portal but the
     * portal has not read yet (it was busy when the signal came): connections
     * waiting to be accepted and the requests in their buffers. Idle keep-alive
     * connections close at once; a request that arrives on one meanwhile is
     * answered, with `Connection: close`.
     */
    async close(graceMs = config.SHUTDOWN_GRACE_MS) {
      shuttingDown = true
      for (const stop of stopJobs) stop()
      // Node closes every connection without a request begun when it stops
      // listening, and the kernel resets those not yet accepted. So first the
      // connections queued for the portal are accepted (one per turn of the
      // event loop), until a turn brings none, and what they hold is read.
      const deadline = Date.now() + graceMs
      let seen: number
      do {
        seen = accepted
        await afterPolls(2)
      } while (accepted !== seen && Date.now() < deadline)
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      const timer = setTimeout(() => server.closeAllConnections(), Math.max(0, deadline - Date.now()))
      await closed
      clearTimeout(timer)
      for (const socket of sockets) socket.destroy()
      await listener?.close()
      await stopWorker?.()
      logAuditAnchor(db, 'stop')
      releaseLock()
    },
  }
}

/** How long an idle keep-alive connection stays open. */
const KEEP_ALIVE_MS = 65_000

/** Resolves after the event loop has polled for I/O `n` more times (each setImmediate after the first follows a poll). */
async function afterPolls(n: number) {
  for (let i = 0; i <= n; i++) await new Promise((resolve) => setImmediate(resolve))
}

/**
 * The security headers of every response (pages, Remix's .data requests,
 * static files), with a fresh nonce per response for the Content-Security-Policy.
 * Nothing dynamic is stored by browsers or proxies: pages show personal data.
 */
export function securityHeaders(opts: { https: boolean }): express.RequestHandler {
  return (req, res, next) => {
    const nonce = freshNonce()
    res.locals.cspNonce = nonce
    res.setHeader(
      'Content-Security-Policy',
      [
        "default-src 'self'",
        `script-src 'self' 'nonce-${nonce}'`,
        `style-src 'self' 'nonce-${nonce}'`,
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
      ].join('; '),
    )
    res.setHeader('X-Content-Type-Options', 'nosniff')
    res.setHeader('Referrer-Policy', 'same-origin')
    res.setHeader('X-Frame-Options', 'DENY')
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin')
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin')
    res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()')
    if (opts.https) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains')
    if (!req.path.startsWith('/assets/')) res.setHeader('Cache-Control', 'no-store')
    next()
  }
}

/**
 * 16 random bytes, base64, never handed out twice. They are cut from a pool
 * filled 256 nonces at a time, as Node does for randomUUID: a call into the
 * system's random source for each response cost more than the rest of the headers.
 */
function freshNonce(): string {
  if (noncePoolAt === noncePool.length) {
    randomFillSync(noncePool)
    noncePoolAt = 0
  }
  noncePoolAt += NONCE_BYTES
  return noncePool.toString('base64', noncePoolAt - NONCE_BYTES, noncePoolAt)
}
const NONCE_BYTES = 16
const noncePool = Buffer.alloc(NONCE_BYTES * 256)
let noncePoolAt = noncePool.length

/** A path as it may be logged: link tokens cut out, and not too long. */
function loggedPath(path: string): string {
  return path.replace(/\/[A-Za-z0-9_-]{20,}/g, '/…').slice(0, 200)
}

/** What the portal's pages and its API take; Remix's request adapter cannot even build a request of some others (TRACE, TRACK). */
const METHODS = ['GET', 'HEAD', 'POST']
const refusedMethods = createLogLimiter()

/** Any other method gets 405 with the methods allowed, and one log line (per method and path a minute), not a stack trace. */
const refuseOtherMethods: express.RequestHandler = (req, res, next) => {
  if (METHODS.includes(req.method)) return next()
  const path = loggedPath(req.path)
  const limit = refusedMethods(`${req.method} ${path}`)
  if (limit.log) logger().info({ status: 405, method: req.method, path, leftOut: limit.leftOut || undefined }, 'client error')
  res.setHeader('Allow', METHODS.join(', '))
  res.status(405).type('text/plain').send('Method Not Allowed')
}

/**
 * The last resort for an error outside Remix (which answers its own): one
 * JSON line with the error's class and where it came from, and a bare 500,
 * never the stack Express would print and show.
 */
const answerUnexpectedError: express.ErrorRequestHandler = (error: unknown, req, res, next) => {
  const e = error instanceof Error ? error : new Error(String(error))
  logger().error({ error: e.name, where: (e.stack ?? '').split('\n').slice(1, 6).map((line) => line.trim()), method: req.method, path: loggedPath(req.path) }, 'request failed')
  if (res.headersSent) return next(error)
  res.status(500).type('text/plain').send('Internal Server Error')
}

/**
 * Remix's adapter appends each header of the app's response to what the
 * middleware set: a file's own `Cache-Control` would follow the default one
 * instead of replacing it, and the response would carry two.
 */
const keepOneCacheControl: express.RequestHandler = (_req, res, next) => {
  const append = res.append.bind(res)
  res.append = (field: string, value?: string[] | string) => {
    if (field.toLowerCase() !== 'cache-control') return append(field, value)
    res.setHeader(field, value ?? '')
    return res
  }
  next()
}

/**
 * Every form posts to its own site. A POST from another site (a forged form
 * that would, say, sign someone in to the sender's request) is refused; the
 * browser says where a request comes from in Origin and Sec-Fetch-Site. The
 * origin must be the portal's exactly: not a longer name that begins with it.
 */
export function refuseCrossSiteWrites(publicOrigin: string): express.RequestHandler {
  return (req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next()
    // The organisations' own systems call the API with a key, from their servers, not from a browser.
    if (req.path.startsWith('/api/')) return next()
    const origin = req.get('origin')
    const sameOrigin = !origin || origin === publicOrigin || origin === `${req.protocol}://${req.get('host')}`
    if (sameOrigin && req.get('sec-fetch-site') !== 'cross-site') return next()
    res.status(403).type('text/plain').send('Forbidden: cross-site form submission')
  }
}

/**
 * A page may answer before reading the body it was sent (a redirect, a
 * refusal). What is left is read and dropped once the answer is out: left
 * unread, it would stall the next request on the same keep-alive connection.
 * The body is bounded by limitBody.
 */
const drainUnreadBody: express.RequestHandler = (req, res, next) => {
  res.on('finish', () => {
    if (req.complete || req.destroyed) return
    // Remix's body stream pauses the request whenever its own buffer is full: without its listener the rest flows out.
    req.removeAllListeners('data')
    req.resume()
  })
  next()
}

/**
 * Refuses a body larger than the route takes before anything parses it. Every
 * browser sends a form with its length; a body without one (chunked) is
 * refused with 411, so nothing unmeasured is ever read. The refusal is a
 * short page in the page's language.
 */
export function limitBody(limitFor: (path: string) => number): express.RequestHandler {
  return (req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next()
    const length = req.get('content-length')
    if (length === undefined) {
      if (req.get('transfer-encoding')) return refuseBody(req, res, 411)
      return next()
    }
    if (!/^\d{1,12}$/.test(length) || Number(length) > limitFor(req.path)) return refuseBody(req, res, 413)
    next()
  }
}

function refuseBody(req: express.Request, res: express.Response, status: 411 | 413) {
  // The connection closes: the body it still carries is not read.
  res.setHeader('Connection', 'close')
  // The API's callers are programs: they get JSON.
  if (req.path.startsWith('/api/')) return res.status(status).json({ error: status === 413 ? 'body_too_large' : 'length_required' })
  const first = req.path.split('/')[1]
  const lang = isLanguage(first) ? first : 'en'
  const t = fixedT(lang, ['errors'])
  const key = status === 413 ? 'tooLarge' : 'lengthRequired'
  res
    .status(status)
    .type('text/html')
    .send(`<!doctype html><html lang="${LANGUAGE_TAGS[lang]}"><head><meta charset="utf-8"><title>${t(`errors:body.${key}Title`)}</title></head><body><h1>${t(`errors:body.${key}Title`)}</h1><p>${t(`errors:body.${key}`)}</p></body></html>`)
}

declare module '@remix-run/node' {
  interface AppLoadContext {
    /** The client's address as the server saw it (through a proxy on loopback, its X-Forwarded-For). */
    clientAddress?: string | null
    /** This response's Content-Security-Policy nonce, for the scripts and the tokens' style element. */
    cspNonce?: string
  }
}

/**
 * The portal as `npm run serve` runs it: the build at `buildPath`, and on
 * SIGINT or SIGTERM a graceful stop (requests in flight finish within
 * SHUTDOWN_GRACE_MS), then exit.
 */
export async function serve(buildPath: string): Promise<void> {
  const config = env()
  const build = (await import(buildPath)) as ServerBuild
  // build/server/index.js: the static files are in build/client.
  const buildDir = path.dirname(path.dirname(fileURLToPath(buildPath)))
  const server = await startServer({ build, port: config.PORT, buildDir })
  const mailbox = devMailboxEnabled(config) ? `${config.PUBLIC_URL}/en/dev/mailbox` : null
  logger().info({ publicUrl: config.PUBLIC_URL, listening: server.url, mailbox }, 'rights portal started')
  console.log(`Rights portal on ${config.PUBLIC_URL} (listening on ${server.url})${mailbox ? `\nNo SMTP_URL: email is shown at ${mailbox}` : ''}${server.smtpPort ? `\nEmail into the queue: SMTP on port ${server.smtpPort}` : ''}`)
  let stopping = false
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return
      stopping = true
      logger().info({ signal }, 'stopping: finishing requests in flight')
      void server.close().then(() => process.exit(0))
    })
  }
}

// Production runs the compiled build/server/start.js with plain node (docs/decisions/026), beside
// the Remix bundle's index.js; `tsx app/server.ts` runs this source on build/server/index.js.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await serve(new URL(import.meta.url.endsWith('.ts') ? '../build/server/index.js' : './index.js', import.meta.url).href)
}
