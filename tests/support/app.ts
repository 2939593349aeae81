import { pathToFileURL } from 'node:url'
import type { ServerBuild } from '@remix-run/node'
import { inject } from 'vitest'
import { closeDb, getDb, type DB } from '#db/client.server'
import { readOrganisationFiles } from '~/data/organisations.server'
import { importOrganisations } from '~/domain/organisations.server'
import { resetEnv } from '~/utils/env.server'
import { startServer } from '~/server'
import { builtServer } from './build'
import { freePort } from './ports'

export { freePort }

// The portal as it runs in production, in the test process: the real build,
// the real HTTP server, the test file's own database with the demo
// organisations, and the outbox worker delivering every 50 ms: to the SMTP
// server at smtpUrl, or else into the development mailbox (read it with
// devMailbox() from ~/jobs/dev-mailbox.server: it lives in this process).

export type TestApp = { url: string; db: DB; smtpPort: number | null; close(): Promise<void> }

/**
 * `smtpUrl`: email goes to that SMTP server; `devMailbox`: into the development
 * mailbox, as on a local portal; neither: it waits in the outbox until the test
 * delivers it (deliverAll in ./mail.ts), so nothing races the test for it.
 */
export async function startApp(opts: { smtpUrl?: string; devMailbox?: boolean; inboundSmtp?: boolean } = {}): Promise<TestApp> {
  const port = await freePort()
  // `inboundSmtp`: the portal's own SMTP listener for email into the queue, on a free port of 127.0.0.1.
  process.env.INBOUND_SMTP_PORT = opts.inboundSmtp ? String(await freePort()) : ''
  process.env.PUBLIC_URL = `http://127.0.0.1:${port}`
  process.env.HOST = '127.0.0.1'
  process.env.SMTP_URL = opts.smtpUrl ?? ''
  process.env.OUTBOX_INTERVAL_MS = '50'
  resetEnv()
  const db = getDb()
  importOrganisations(db, readOrganisationFiles('db/organisations'))
  // The build tests/support/global-setup.ts makes for this run.
  const buildDir = inject('buildDir')
  const build = (await import(/* @vite-ignore */ pathToFileURL(await builtServer(buildDir)).href)) as ServerBuild
  const server = await startServer({ build, port, host: '127.0.0.1', buildDir, mailer: opts.smtpUrl || opts.devMailbox ? undefined : null })
  return {
    url: server.url,
    db,
    smtpPort: server.smtpPort,
    async close() {
      await server.close()
      closeDb()
    },
  }
}

