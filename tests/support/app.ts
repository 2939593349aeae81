import net from 'node:net'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { ServerBuild } from '@remix-run/node'
import { inject } from 'vitest'
import { closeDb, getDb, type DB } from '#db/client.server'
import { importOrganisations, readOrganisationFiles } from '~/data/organisations.server'
import { startServer } from '~/server'

// The portal as it runs in production, in the test process: the real build,
// the real HTTP server, the test file's own database with the demo
// organisations, and (with smtpUrl) the outbox worker delivering every 50 ms.

export type TestApp = { url: string; db: DB; close(): Promise<void> }

export async function startApp(opts: { smtpUrl?: string } = {}): Promise<TestApp> {
  const port = await freePort()
  process.env.PUBLIC_URL = `http://127.0.0.1:${port}`
  process.env.HOST = '127.0.0.1'
  process.env.SMTP_URL = opts.smtpUrl ?? ''
  process.env.OUTBOX_INTERVAL_MS = '50'
  const db = getDb()
  importOrganisations(db, readOrganisationFiles('db/organisations'))
  // The build tests/support/global-setup.ts made for this run.
  const buildDir = inject('buildDir')
  const build = (await import(/* @vite-ignore */ pathToFileURL(path.join(buildDir, 'server', 'index.js')).href)) as ServerBuild
  const server = await startServer({ build, port, host: '127.0.0.1', buildDir })
  return {
    url: server.url,
    db,
    async close() {
      await server.close()
      closeDb()
    },
  }
}

/** A port nobody listens on right now: the OS picks one, we give it back. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo
      probe.close(() => resolve(port))
    })
  })
}
