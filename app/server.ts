import path from 'node:path'
import { createRequestHandler } from '@remix-run/express'
import type { ServerBuild } from '@remix-run/node'
import express from 'express'
import type { Server } from 'node:http'
import { getDb } from '#db/client.server'
import { startDigestScheduler } from '~/jobs/digest.server'
import { createMailer, startOutboxWorker } from '~/jobs/outbox.server'
import { env } from '~/utils/env.server'

// The portal's HTTP server: the Remix build, its static files, the outbox
// worker that delivers email and the daily digest scheduler.

export async function startServer(opts: { build: ServerBuild; port: number; host?: string; buildDir?: string }) {
  const config = env()
  const db = getDb(config.DATABASE_PATH)
  const app = express()
  app.disable('x-powered-by')
  // A reverse proxy on this machine may tell the client's address; nobody else may.
  app.set('trust proxy', 'loopback')
  const client = path.resolve(opts.buildDir ?? 'build', 'client')
  app.use('/assets', express.static(path.join(client, 'assets'), { immutable: true, maxAge: '1y' }))
  app.use(express.static(client, { maxAge: '1h' }))
  app.use(refuseCrossSiteWrites(new URL(config.PUBLIC_URL).origin))
  app.all(
    '*',
    createRequestHandler({
      build: opts.build,
      mode: process.env.NODE_ENV,
      getLoadContext: (req) => ({ clientAddress: req.ip ?? null }),
    }),
  )
  const stopWorker = config.SMTP_URL ? startOutboxWorker(db, createMailer(config.SMTP_URL), config.MAIL_FROM, config.OUTBOX_INTERVAL_MS) : null
  // Tests send digests by calling sendDailyDigests with a moved clock, not through the timer.
  const stopDigests = config.NODE_ENV === 'test' ? null : startDigestScheduler(db, { publicUrl: config.PUBLIC_URL })
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(opts.port, opts.host ?? config.HOST, () => resolve(s))
  })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : opts.port
  return {
    port,
    url: `http://${opts.host ?? config.HOST}:${port}`,
    async close() {
      stopDigests?.()
      await stopWorker?.()
      // server.close() waits for every open connection, and browsers keep
      // theirs alive: stop accepting, then drop them, then wait.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeAllConnections()
      await closed
    },
  }
}

/**
 * Every form posts to its own site. A POST from another site (a forged form
 * that would, say, sign someone in to the sender's request) is refused; the
 * browser says where a request comes from in Origin and Sec-Fetch-Site.
 */
export function refuseCrossSiteWrites(publicOrigin: string): express.RequestHandler {
  return (req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next()
    const origin = req.get('origin')
    const sameOrigin = !origin || origin === publicOrigin || origin === `${req.protocol}://${req.get('host')}`
    if (sameOrigin && req.get('sec-fetch-site') !== 'cross-site') return next()
    res.status(403).type('text/plain').send('Forbidden: cross-site form submission')
  }
}

declare module '@remix-run/node' {
  interface AppLoadContext {
    /** The client's address as the server saw it (through a proxy on loopback, its X-Forwarded-For). */
    clientAddress?: string | null
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const config = env()
  // @ts-expect-error the build exists once `npm run build` has run
  const build = (await import('../build/server/index.js')) as ServerBuild
  const server = await startServer({ build, port: config.PORT })
  console.log(`Rights portal on ${config.PUBLIC_URL} (listening on ${server.url})${config.SMTP_URL ? '' : '; no SMTP_URL, so email waits in the outbox: see /en/dev/mailbox'}`)
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void server.close().then(() => process.exit(0)))
}
