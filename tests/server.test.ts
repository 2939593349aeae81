import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { freePort, startApp, type TestApp } from './support/app'
import { builtServer } from './support/build'
import { PRODUCTION_NODE_FLAGS, spawnCompiledPortal } from './support/server-process'

// What the HTTP server itself guards: forms posted from another site, methods
// it does not take, and the development mailbox, which exists only while the portal sends no email
// (server-smtp.test.ts: with SMTP it does not exist).

describe('without SMTP, on localhost', () => {
  let app: TestApp
  beforeAll(async () => {
    app = await startApp({ devMailbox: true })
  })
  afterAll(() => app?.close())

  test('the development mailbox shows the unsent email', async () => {
    const form = new URLSearchParams({ email: 'nobody@example.com' })
    await fetch(`${app.url}/en/confirm/new`, { method: 'POST', body: form, redirect: 'manual' })
    const response = await fetch(`${app.url}/en/dev/mailbox`)
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('Development mailbox')
  })

  test('a form posted from another site is refused; the portal’s own forms pass', async () => {
    const body = new URLSearchParams({ email: 'person@example.com' })
    const forged = await fetch(`${app.url}/en/confirm/new`, { method: 'POST', body, headers: { Origin: 'https://attacker.example' }, redirect: 'manual' })
    expect(forged.status).toBe(403)
    const crossSite = await fetch(`${app.url}/en/confirm/new`, { method: 'POST', body, headers: { 'Sec-Fetch-Site': 'cross-site' }, redirect: 'manual' })
    expect(crossSite.status).toBe(403)
    const own = await fetch(`${app.url}/en/confirm/new`, { method: 'POST', body, headers: { Origin: app.url, 'Sec-Fetch-Site': 'same-origin' }, redirect: 'manual' })
    expect(own.status).toBe(200)
    expect(await own.text()).not.toContain('Forbidden')
  })

  test('a method the portal does not take gets 405 and the methods it does, not a 500 with a stack trace', async () => {
    // fetch() will not send TRACE; node:http will.
    for (const method of ['TRACE', 'PROPFIND', 'OPTIONS', 'DELETE', 'PUT', 'PATCH']) {
      const reply = await new Promise<{ status: number; allow: string | undefined; body: string }>((resolve, reject) => {
        const req = http.request(`${app.url}/en/organisations`, { method }, (res) => {
          let body = ''
          res.on('data', (c: Buffer) => (body += c.toString()))
          res.on('end', () => resolve({ status: res.statusCode!, allow: res.headers.allow, body }))
        })
        req.on('error', reject)
        req.end()
      })
      expect(reply, method).toEqual({ status: 405, allow: 'GET, HEAD, POST', body: 'Method Not Allowed' })
    }
  })

  test('a POST to a page without a form is the client’s mistake: 405, and no error in the log', async () => {
    // In the tests an error-level log line is a console.error, which fails the test.
    for (let i = 0; i < 3; i++) {
      const reply = await fetch(`${app.url}/en/organisations`, { method: 'POST', body: new URLSearchParams({ a: 'b' }), headers: { Origin: app.url } })
      expect(reply.status).toBe(405)
    }
  })
})

describe('as production starts it', () => {
  test('the compiled server runs on plain node, without npm or a TypeScript loader, serves the start page and its assets, and stops on SIGTERM', async () => {
    const port = await freePort()
    const portal = await spawnCompiledPortal(inject('buildDir'), { PORT: String(port), PUBLIC_URL: undefined, NODE_OPTIONS: undefined })
    try {
      await portal.until(() => portal.output().includes('Rights portal on'))
      // The process is node on build/server/start.js and nothing else: no tsx, no --import, no loader through NODE_OPTIONS.
      const cmdline = fs.readFileSync(`/proc/${portal.child.pid}/cmdline`, 'utf8').split('\0').filter(Boolean)
      expect(cmdline).toEqual([process.execPath, ...PRODUCTION_NODE_FLAGS, path.resolve(inject('buildDir'), 'server', 'start.js')])
      const environ = fs.readFileSync(`/proc/${portal.child.pid}/environ`, 'utf8').split('\0')
      expect(environ.filter((v) => v.startsWith('NODE_OPTIONS='))).toEqual([])
      // Nor a child process (tsx would run esbuild in one); connectors start theirs only when a request is collected.
      const tasks = fs.readdirSync(`/proc/${portal.child.pid}/task`)
      expect(tasks.flatMap((task) => fs.readFileSync(`/proc/${portal.child.pid}/task/${task}/children`, 'utf8').trim().split(' ').filter(Boolean))).toEqual([])
      const page = await fetch(`http://127.0.0.1:${port}/en`)
      expect(page.status).toBe(200)
      const html = await page.text()
      expect(html).toContain('<html lang="en"')
      // The client files of the same build: a script the page loads is served from it.
      const script = /\/assets\/[\w.-]+\.js/.exec(html)?.[0]
      expect(script).toBeDefined()
      expect((await fetch(`http://127.0.0.1:${port}${script}`)).status).toBe(200)
    } finally {
      portal.child.kill('SIGTERM')
    }
    expect(await portal.exited).toBe(0)
  })

  test('start-up loads no package that only some later requests use: none is imported statically by the compiled server or its chunks', async () => {
    await builtServer(inject('buildDir'))
    // docs/decisions/027: these are loaded on first use (lazyRequire, import()), and loading
    // them at start was a third of the time to the first page.
    const dir = path.resolve(inject('buildDir'), 'server')
    const seen = new Set<string>()
    const packages = new Set<string>()
    const follow = (file: string) => {
      if (seen.has(file)) return
      seen.add(file)
      // Static imports only: `import x from "p"`, `import { a } from "p"`, `import "p"` (an import() is not followed).
      for (const [, specifier] of fs.readFileSync(path.join(dir, file), 'utf8').matchAll(/^import\s(?:[^'"()]*?\sfrom\s)?["']([^"']+)["'];?$/gm)) {
        if (specifier!.startsWith('./')) follow(specifier!.slice(2))
        else packages.add(specifier!)
      }
    }
    // start.js, and the pages' bundle it imports when it starts.
    follow('start.js')
    follow('index.js')
    expect(seen.size).toBeGreaterThan(3)
    // The packages every page needs are there, so the walk does read the imports.
    expect([...packages]).toEqual(expect.arrayContaining(['express', '@remix-run/express', 'better-sqlite3', 'i18next', 'react-dom/server']))
    for (const late of ['pdfkit', 'fontkit', 'date-holidays', 'yaml', 'mailparser', 'smtp-server', 'yazl', 'nodemailer', 'libphonenumber-js', '@node-rs/argon2']) expect(packages, late).not.toContain(late)
  })
})
